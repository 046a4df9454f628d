#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Dockerfile.test, built with `podman build` as a user would with Docker: the
# builder stage (Debian bookworm) installs the toolchain, runs `make static`
# and the suite; the last stage is FROM scratch with /foster and /rtprobe.
#
# There is no registry here: `FROM debian:bookworm-slim` is served by a local
# image. If the store already has docker.io/library/debian:bookworm-slim it is
# used; otherwise base-image.sh makes localhost/foster-debootstrap:bookworm-slim
# with debootstrap (about 3 minutes, once per machine) and the build gets it
# through --build-arg BASE. Layers are cached by podman between runs.
#
# FOSTER_RT_DOCKERFILE=0 skips this file (the build takes minutes: apt-get,
# libcap, make static and the whole suite in both modes);
# FOSTER_RT_DOCKERFILE_TIMEOUT (seconds, default 1200) bounds each build;
# FOSTER_RT_CONTEXT builds from another tree than this checkout (debugging).

load helper

RT_DF_IMG=localhost/foster-rt-dockerfile:latest
RT_DF_BUILDER=localhost/foster-rt-dockerfile-builder:latest
RT_DF_TIMEOUT=${FOSTER_RT_DOCKERFILE_TIMEOUT:-1200}

setup_file() {
	if [ "${FOSTER_RT_DOCKERFILE:-1}" = 0 ]; then
		rt_skip "FOSTER_RT_DOCKERFILE=0" || return 0
	fi
	# The suite's orphan storms (5,000 processes) run inside the build; under
	# a machine-wide pid limit (this suite itself in a container, podman's
	# 2048) they would starve podman's own fork of runc.
	local max
	max=$(cat /sys/fs/cgroup/pids.max /sys/fs/cgroup/pids/pids.max 2>/dev/null | head -n1)
	if [ -n "$max" ] && [ "$max" != max ] && [ "$max" -lt 16384 ]; then
		rt_skip "this machine's processes are limited to $max (pids.max: in a container?); the suite's 5,000-orphan storms inside podman build need more" || return 0
	fi
	rt_setup_file || return 0
	local base
	base=$(rt_debian_base) || { rt_skip "$base" || return 0; }
	# One build at a time (the tags are shared by every checkout on the machine).
	exec 8>/var/tmp/foster-rt-dockerfile.lock
	flock 8
	# The builder stage (it runs the suite; a failure there fails the build),
	# then the whole file (the builder's layers come from the cache).
	# --cap-add SYS_ADMIN: the suite makes pid namespaces (unshare --pid).
	# Without it the builder skips the suite, as `docker build` does:
	# FOSTER_RT_DOCKERFILE_SUITE=0 asks for that where the same suite has
	# just run against the same static build (.ci/run's test-static).
	# --network host: apt-get reaches the machine's Debian mirror.
	local caps=(--cap-add SYS_ADMIN)
	[ "${FOSTER_RT_DOCKERFILE_SUITE:-1}" = 1 ] || caps=()
	local build=(podman build "${caps[@]}" --network host --pull=never
		--build-arg "BASE=$base" -f "$RT_REPO/Dockerfile.test")
	local ctx=${FOSTER_RT_CONTEXT:-$RT_REPO} log=$RT_DIR/dockerfile-build.log t0
	t0=$(date +%s)
	RT_DF_RC=0
	# buildah puts its bundles in TMPDIR: ours are then known by their path.
	mkdir -p "$RT_DIR/buildtmp"
	export TMPDIR=$RT_DIR/buildtmp
	timeout -s KILL "$RT_DF_TIMEOUT" "${build[@]}" --target builder -t "$RT_DF_BUILDER" "$ctx" >"$log" 2>&1 &&
		timeout -s KILL "$RT_DF_TIMEOUT" "${build[@]}" -t "$RT_DF_IMG" "$ctx" >>"$log" 2>&1 ||
		RT_DF_RC=$?
	unset TMPDIR
	if [ "$RT_DF_RC" = 137 ]; then
		echo "podman build: killed after ${RT_DF_TIMEOUT}s (FOSTER_RT_DOCKERFILE_TIMEOUT)" >>"$log"
		rt_build_cleanup "$log" "$base"
	fi
	[ "$RT_DF_RC" != 0 ] || rt_prune_build_cache
	flock -u 8
	RT_DF_SECONDS=$(($(date +%s) - t0))
	export RT_DF_RC RT_DF_SECONDS
}

# Untagged layers of earlier builds of Dockerfile.test (labelled
# org.foster.dockerfile-test) that the images just built do not stand on:
# each change of the sources leaves some hundred MB of them behind.
rt_prune_build_cache() {
	local keep id
	keep=$( (podman history -q --no-trunc "$RT_DF_BUILDER"; podman history -q --no-trunc "$RT_DF_IMG") 2>/dev/null)
	for id in $(podman images -q --no-trunc --filter dangling=true --filter label=org.foster.dockerfile-test=1 2>/dev/null); do
		grep -qx "${id#sha256:}" <<<"$keep" || podman rmi "$id" >/dev/null 2>&1 || true
	done
}

# rt_runc_stopped ID: runc's container ID has stopped (or is gone).
rt_runc_stopped() {
	local st
	st=$(runc state "$1" 2>/dev/null) || return 0
	grep -q '"status": *"stopped"' <<<"$st"
}

# rt_build_cleanup LOG BASE: what a killed `podman build` leaves behind: the
# runc container of the RUN step (its bundle is in our TMPDIR) and buildah's
# working containers, named after the images of this build (from its log).
rt_build_cleanup() {
	local id bundle name
	while read -r id bundle; do
		case $bundle in "$RT_DIR/buildtmp/"*) ;; *) continue ;; esac
		runc kill --all "$id" KILL 2>/dev/null || true
		rt_wait_until 10 rt_runc_stopped "$id" || true
		runc delete -f "$id" 2>/dev/null || true
		rm -rf "$bundle"
	done < <(runc list --format json 2>/dev/null | tr '{' '\n' |
		sed -n 's/.*"id":"\([^"]*\)".*"bundle":"\([^"]*\)".*/\1 \2/p')
	local ids base_name=${2%%:*}
	base_name=${base_name##*/}
	ids=$(sed -n 's/^--> \(Using cache \)\{0,1\}\([0-9a-f]\{11\}\).*/\2/p' "$1" | sort -u)
	while read -r id name; do
		local prefix=${name%-working-container}
		[ "$prefix" != "$name" ] || continue
		if [ "$prefix" = "$base_name" ] || grep -qx "${prefix:0:11}" <<<"$ids"; then
			podman rm -f "$id" >/dev/null 2>&1 || true
		fi
	done < <(podman ps -a --external --format '{{.ID}} {{.Names}}' 2>/dev/null)
}

setup() {
	rt_setup
	if [ "$BATS_TEST_NUMBER" -gt 1 ] && [ "$RT_DF_RC" != 0 ]; then
		skip "podman build -f Dockerfile.test failed (see the first test)"
	fi
}
teardown() { rt_teardown; }

@test "Dockerfile.test: podman build: the builder makes foster-static and runs the suite, which passes" {
	echo "podman build took ${RT_DF_SECONDS}s; log: $RT_DIR/dockerfile-build.log"
	if [ "$RT_DF_RC" != 0 ]; then
		tail -n 40 "$RT_DIR/dockerfile-build.log"
	fi
	assert_equal "$RT_DF_RC" 0
	# the suite ran in the build (it did not skip for want of pid namespaces)
	run podman run --rm --network none "$RT_DF_BUILDER" cat build/suite.status
	assert_success
	if [ "${FOSTER_RT_DOCKERFILE_SUITE:-1}" = 1 ]; then
		assert_output passed
	else
		assert_output skipped
	fi
}

@test "Dockerfile.test: the FROM-scratch image runs /foster as PID 1 (ENTRYPOINT) and passes exit codes through" {
	# the default CMD: rtprobe zombies (prints 0)
	run --separate-stderr podman run --rm "${RT_RUN_ARGS[@]}" "$RT_DF_IMG"
	assert_success
	assert_output 0
	run podman image inspect --format '{{json .Config.Entrypoint}}' "$RT_DF_IMG"
	assert_output '["/foster","--"]'
	# orphans are adopted by PID 1, foster
	run podman run --rm "${RT_RUN_ARGS[@]}" "$RT_DF_IMG" /rtprobe orphans /rec/orphans 10 50
	assert_success
	assert_equal "$(grep -c '^orphan [0-9]* 1$' "$REC/orphans")" 10
	# there is no shell in the image: nothing but foster and rtprobe
	run -127 podman run --rm "${RT_RUN_ARGS[@]}" "$RT_DF_IMG" /bin/sh -c true
}

@test "Dockerfile.test: podman stop ends the FROM-scratch container with the program's status" {
	podman run -d --name "$RT_NAME" "${RT_RUN_ARGS[@]}" "$RT_DF_IMG" /rtprobe rec /rec/main -x 42 >/dev/null
	rt_wait_for "$REC/main" '^ready'
	podman stop -t 5 "$RT_NAME" >/dev/null
	assert_equal "$(rt_exit_code "$RT_NAME")" 42
	assert_equal "$(rt_signals "$REC/main")" TERM
}
