#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# `foster --pause` as the infra (pause) process of a pod with a shared pid
# namespace: it is PID 1 of the pod, so when it exits the kernel SIGKILLs
# every process of every container at once (SPEC §10).
#
# What `podman pod stop` does (podman 4.3, runc): it sends each container's
# stop signal (SIGTERM, `runc kill ID 15`, to the container's first process
# only) to the infra and to every other container at the same time, then
# waits for each up to its timeout (-t, 10 s) before SIGKILL. With the default
# infra (catatonit -P) PID 1 exits at its SIGTERM within milliseconds, so an
# app that needs time to shut down is SIGKILLed by the kernel (exit 137), and
# a process that no container runs as its first one (`podman exec`) gets no
# SIGTERM at all. `foster --pause` instead gives every process of the
# namespace SIGTERM, waits until they are gone (or SIGKILLs them at its grace,
# 5 s), then exits 0.
#
# FOSTER=/usr/bin/catatonit runs the same tests against catatonit (`-P` is its
# pause option too; `--pause` is foster's only): they fail.

load helper

setup_file() { rt_setup_file || return 0; }

setup() {
	rt_setup
	RT_POD=$RT_NAME-pod
}

teardown() { rt_teardown; }

# rt_pause_pod INFRA_ARGS...: create the pod RT_POD, sharing the pid
# namespace, with these --infra-* options; start in it an app whose SIGTERM
# handler takes 0.5 s and then exits 42, a sidecar that exits 7 at SIGTERM,
# and a process entered with `podman exec` into the app's container (no
# runtime signals it: only PID 1's teardown can).
rt_pause_pod() {
	podman pod create --name "$RT_POD" --share pid --network none \
		--infra-name "$RT_NAME-infra" --label "foster-rt.test=$RT_NAME" "$@" >/dev/null
	local args=("${RT_COMMON_ARGS[@]}" --pod "$RT_POD")
	podman run -d --name "$RT_NAME-app" "${args[@]}" "$RT_IMG_PLAIN" \
		rtprobe rec /rec/app -w 500 -x 42 >/dev/null ||
		fail "the pod does not start; its pause process says: $(podman logs "$RT_NAME-infra" 2>&1)"
	podman run -d --name "$RT_NAME-sidecar" "${args[@]}" "$RT_IMG_PLAIN" \
		rtprobe rec /rec/sidecar -x 7 >/dev/null
	rt_wait_for "$REC/app" '^ready'
	rt_wait_for "$REC/sidecar" '^ready'
	podman exec -d "$RT_NAME-app" rtprobe rec /rec/exec -x 3 >/dev/null
	rt_wait_for "$REC/exec" '^ready'
	# PID 1 of the pod is the infra's pause process
	assert_equal "$(podman exec "$RT_NAME-app" readlink /proc/1/exe)" /foster
}

# rt_pause_stop: `podman pod stop`, then check that every process had its
# SIGTERM and the time it needed.
rt_pause_stop() {
	local pids t0 t1 c
	pids=$(for c in infra app sidecar; do rt_host_pids "$RT_NAME-$c"; done)
	t0=$(rt_ms)
	podman pod stop -t 10 "$RT_POD" >/dev/null
	t1=$(rt_ms)
	echo "podman pod stop took $((t1 - t0)) ms"
	podman inspect --format '{{.Name}}: exit {{.State.ExitCode}} at {{.State.FinishedAt}}' \
		"$RT_NAME-infra" "$RT_NAME-app" "$RT_NAME-sidecar"
	# the app finished its 0.5 s of shutdown and exited with its own code;
	# it may get SIGTERM twice, from podman and from the pause's teardown
	assert_equal "$(rt_exit_code "$RT_NAME-app")" 42
	run rt_signals "$REC/app"
	assert_output --regexp '^TERM( |$)'
	assert_equal "$(tail -n 1 "$REC/app")" "done"
	assert_equal "$(rt_exit_code "$RT_NAME-sidecar")" 7
	run rt_signals "$REC/sidecar"
	assert_output --regexp '^TERM( |$)'
	# the exec'd process is no container's first process: only the pause's
	# teardown (SIGTERM to every process of the namespace) reached it
	run rt_signals "$REC/exec"
	assert_output --regexp '^TERM( |$)'
	assert_equal "$(rt_exit_code "$RT_NAME-infra")" 0
	rt_assert_gone "$pids"
	# the app's shutdown (0.5 s) was waited for, podman's timeout (10 s) not
	rt_assert_ms "podman pod stop" $((t1 - t0)) 400 9000
}

# rt_pause_image: build examples/pause (FROM scratch, ENTRYPOINT foster
# --pause), with the suite's FROM-scratch image as its FOSTER_IMAGE; prints
# its name.
rt_pause_image() {
	local img
	img=localhost/foster-rt-example-pause:$(rt_content_hash)
	podman build -q --pull=never --build-arg "FOSTER_IMAGE=$RT_IMG_SCRATCH" \
		-t "$img" "$RT_REPO/examples/pause" >/dev/null || return 1
	echo "$img"
}

@test "pause: examples/pause as --infra-image (foster --pause); pod stop lets the app finish its shutdown" {
	local img
	img=$(rt_pause_image)
	rt_pause_pod --infra-image "$img"
	run podman exec "$RT_NAME-app" sh -c "tr '\\0' ' ' </proc/1/cmdline"
	assert_output '/foster --pause '
	rt_pause_stop
}

@test "pause: --infra-command '/foster -P'; pod stop lets the app finish, the pause reaps orphans" {
	# The FROM-scratch image whose ENTRYPOINT is /foster --; the infra command
	# replaces that ENTRYPOINT.
	rt_pause_pod --infra-image "$RT_IMG_SCRATCH" --infra-command "/foster -P"
	# orphans in the sidecar's container are adopted by PID 1 (the pause),
	# which reaps them
	podman exec "$RT_NAME-sidecar" rtprobe orphans /rec/orphans 20 100
	assert_equal "$(grep -c '^orphan [0-9]* 1$' "$REC/orphans")" 20
	run podman exec "$RT_NAME-sidecar" rtprobe reaped /rec/orphans 10
	assert_success
	assert_equal "$(rt_zombies "$RT_NAME-app")" 0
	rt_pause_stop
}
