#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# examples/, run as a user would: the Dockerfiles built with `podman build`,
# the compose file with podman-compose, the Kubernetes Pod with `podman kube
# play` and `podman kube down`.
#
# No registry: the Dockerfiles' FOSTER_IMAGE (an image with /foster) is the
# suite's FROM-scratch image, which holds $FOSTER; their BASE is a local
# Debian bookworm-slim (rt_debian_base). The scratch example's build stage
# runs apt-get (busybox-static) on the machine's mirror, once: podman caches
# the layer. The Pod's image is the suite's FROM-scratch image too.

load helper

RT_EX=$RT_REPO/examples

setup_file() {
	rt_setup_file || return 0
	RT_BASE=$(rt_debian_base) || { rt_skip "$RT_BASE" || return 0; }
	export RT_BASE
}

setup() { rt_setup; }

teardown() {
	if [ -n "${RT_COMPOSE:-}" ]; then
		podman rm -f -t 0 "${RT_COMPOSE}_app_1" >/dev/null 2>&1 || true
		podman network rm "${RT_COMPOSE}_default" >/dev/null 2>&1 || true
	fi
	if [ -n "${RT_KUBE:-}" ]; then
		podman kube down "$RT_KUBE" >/dev/null 2>&1 || true
	fi
	rt_teardown
}

# rt_build_example DIR TAG [ARG]...: podman build examples/DIR as TAG.
rt_build_example() {
	local dir=$1 tag=$2 t0
	shift 2
	t0=$(date +%s)
	podman build -q --pull=never --build-arg "FOSTER_IMAGE=$RT_IMG_SCRATCH" \
		--build-arg "BASE=$RT_BASE" -t "$tag" "$@" "$RT_EX/$dir" >/dev/null
	echo "podman build examples/$dir took $(($(date +%s) - t0)) s"
}

# rt_log_has CONTAINER REGEX: a whole line of the container's log matches.
rt_log_has() { podman logs "$1" 2>&1 | grep -qxE "$2"; }

@test "examples/scratch: FROM scratch, foster by COPY --from; podman stop ends the server with 0" {
	local img=localhost/foster-rt-example-scratch:latest
	# --network host: the build stage's apt-get reaches the machine's mirror
	rt_build_example scratch "$img" --network host
	podman run -d --name "$RT_NAME" "${RT_RUN_ARGS[@]}" "$img" >/dev/null
	rt_wait_until 20 rt_nprocs_is "$RT_NAME" 2
	run podman top "$RT_NAME" pid args
	assert_line --regexp '^1 +/sbin/foster -t 5 -e 143 --'
	assert_line --regexp '^[0-9]+ +/bin/busybox httpd -f'
	local t0 t1
	t0=$(rt_ms)
	podman stop -t 10 "$RT_NAME" >/dev/null
	t1=$(rt_ms)
	echo "podman stop took $((t1 - t0)) ms"
	# httpd died of the forwarded SIGTERM (143), which -e 143 reports as 0
	assert_equal "$(rt_exit_code "$RT_NAME")" 0
	rt_assert_ms "podman stop" $((t1 - t0)) 0 5000
}

@test "examples/privdrop: ENTRYPOINT foster --user app --cap-drop all: the program runs unprivileged" {
	local img=localhost/foster-rt-example-privdrop:latest
	rt_build_example privdrop "$img"
	podman run -d --name "$RT_NAME" "${RT_RUN_ARGS[@]}" "$img" >/dev/null
	rt_wait_until 20 rt_log_has "$RT_NAME" "running as app, capabilities 0000000000000000"
	# foster keeps root; the program and its children are app's
	run podman top "$RT_NAME" pid user args
	assert_line --regexp '^1 +root +/usr/local/sbin/foster --user app'
	assert_line --regexp '^[0-9]+ +app +sh -c trap'
	refute_line --regexp '^([02-9]|[0-9]{2,}) +root '
	# the program: no capability left to regain
	local pid
	pid=$(podman top "$RT_NAME" pid user args | awk '$2 == "app" && $3 == "sh" { print $1 }')
	run podman exec "$RT_NAME" grep -E '^(CapBnd|NoNewPrivs):' "/proc/$pid/status"
	assert_line --regexp '^CapBnd:[[:space:]]+0+$'
	assert_line --regexp '^NoNewPrivs:[[:space:]]+1$'
	podman stop -t 10 "$RT_NAME" >/dev/null
	rt_log_has "$RT_NAME" "TERM: cleaning up"
	assert_equal "$(rt_exit_code "$RT_NAME")" 0
}

@test "examples/compose: init: true runs foster (init_path) as PID 1; stop gives the app its TERM" {
	# The file is valid, and asks for the engine's init.
	run python3 -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["services"]["app"]["init"])' \
		"$RT_EX/compose/compose.yaml"
	assert_output True
	command -v podman-compose >/dev/null ||
		skip "podman-compose is not installed (Debian package podman-compose): the file is checked, not run"
	# podman's init is foster: init_path in a containers.conf of this test
	local conf=$BATS_TEST_TMPDIR/containers.conf
	sed '/^\[containers\]/a init_path = "'"$FOSTER"'"' "$CONTAINERS_CONF" >"$conf"
	RT_COMPOSE=$RT_NAME
	local c=${RT_COMPOSE}_app_1
	CONTAINERS_CONF=$conf APP_IMAGE=$RT_IMG_PLAIN \
		podman-compose -p "$RT_COMPOSE" -f "$RT_EX/compose/compose.yaml" up -d >/dev/null 2>&1
	rt_wait_until 20 rt_log_has "$c" "app: ready, pid [0-9]+"
	run podman exec "$c" readlink /proc/1/exe
	assert_output /run/podman-init
	local pids
	pids=$(rt_host_pids "$c")
	CONTAINERS_CONF=$conf podman-compose -p "$RT_COMPOSE" -f "$RT_EX/compose/compose.yaml" stop -t 10 >/dev/null 2>&1
	rt_log_has "$c" "app: TERM, shutting down"
	assert_equal "$(rt_exit_code "$c")" 0
	# the worker (sleep 3600) went with it: forwarded SIGTERM to the group
	rt_wait_until 5 rt_assert_gone "$pids" 2>/dev/null || rt_assert_gone "$pids"
	CONTAINERS_CONF=$conf podman-compose -p "$RT_COMPOSE" -f "$RT_EX/compose/compose.yaml" down >/dev/null 2>&1
	run podman container exists "$c"
	assert_failure
}

# rt_kube_play POD: podman kube play examples/kubernetes/pod.yaml as POD,
# with the suite's FROM-scratch image (ENTRYPOINT /foster --, busybox) for
# examples/scratch's; waits until the app is ready.
rt_kube_play() {
	RT_KUBE=$BATS_TEST_TMPDIR/pod.yaml
	sed -e "s|localhost/hello-scratch:latest|$RT_IMG_SCRATCH|" \
		-e "s|^  name: foster-example\$|  name: $1|" "$RT_EX/kubernetes/pod.yaml" >"$RT_KUBE"
	grep -q "name: $1" "$RT_KUBE"
	podman kube play --network none "$RT_KUBE" >/dev/null
	rt_wait_until 20 rt_log_has "$1-app" "app: ready"
}

@test "examples/kubernetes: kube play; foster (not PID 1) forwards TERM to the app; kube down" {
	local pod=$RT_NAME-kube
	rt_kube_play "$pod"
	# PID 1 is the pause process; foster is the app container's first
	# process, a subreaper
	run podman exec "$pod-app" sh -c 'tr "\0" " " </proc/1/cmdline'
	assert_success
	refute_output --partial foster
	local fpid
	fpid=$(awk '/^NSpid:/ { print $NF }' "/proc/$(podman inspect --format '{{.State.Pid}}' "$pod-app")/status")
	echo "foster's pid in the pod: $fpid"
	[ "$fpid" -gt 1 ]
	# podman kill (as kubelet's stop): TERM to foster, forwarded to the app,
	# which exits 0: not restarted (restartPolicy: OnFailure)
	podman kill -s TERM "$pod-app" >/dev/null
	rt_wait_exited "$pod-app" 10
	rt_log_has "$pod-app" "app: TERM, shutting down"
	assert_equal "$(rt_exit_code "$pod-app")" 0
	# the sidecar got nothing: foster tore down its own descendants only
	assert_equal "$(podman inspect --format '{{.State.Status}}' "$pod-sidecar")" running
	podman kube down "$RT_KUBE" >/dev/null
	run podman pod exists "$pod"
	assert_failure
}

@test "examples/kubernetes with examples/pause as infra_image: kube down gives each container its TERM" {
	# examples/pause (foster --pause) as the pod's infra, through containers.conf
	local img conf=$BATS_TEST_TMPDIR/containers.conf pod=$RT_NAME-kube
	img=localhost/foster-rt-example-pause:$(rt_content_hash)
	podman build -q --pull=never --build-arg "FOSTER_IMAGE=$RT_IMG_SCRATCH" \
		-t "$img" "$RT_EX/pause" >/dev/null
	sed '/^\[engine\]/a infra_image = "'"$img"'"' "$CONTAINERS_CONF" >"$conf"
	export CONTAINERS_CONF=$conf
	rt_kube_play "$pod"
	run podman exec "$pod-app" sh -c 'tr "\0" " " </proc/1/cmdline'
	assert_output "/foster --pause "
	# what kube down does first: podman pod stop (SIGTERM to every container
	# and to the pause at once); the pause waits for the app and the sidecar
	podman pod stop -t 10 "$pod" >/dev/null
	rt_log_has "$pod-app" "app: TERM, shutting down"
	rt_log_has "$pod-sidecar" "sidecar: TERM"
	assert_equal "$(rt_exit_code "$pod-app")" 0
	assert_equal "$(rt_exit_code "$pod-sidecar")" 0
	podman kube down "$RT_KUBE" >/dev/null
	run podman pod exists "$pod"
	assert_failure
}
