#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Exits that explain themselves (SPEC.md §11) under podman's own limits:
# --memory (the OOM killer of the container's memory cgroup) and
# --pids-limit. foster is the ENTRYPOINT of the FROM-scratch image; podman
# on this kind of host puts the container in cgroup v1 hierarchies (on a
# cgroup v2 host, in the unified one: the same test covers it there).

load helper

setup_file() { rt_setup_file || return 0; }

setup() {
	rt_setup
	AW_NAME=foster-rt-aware-${BATS_ROOT_PID:-$$}-${BATS_SUITE_TEST_NUMBER:-0}
}

teardown() {
	[ -z "${AW_NAME:-}" ] || podman rm -f -t 0 "$AW_NAME" >/dev/null 2>&1 || true
	rt_teardown
}

@test "aware: podman run --memory 40m, a program that allocates until killed: out of memory, exit 137" {
	# conmon leaves a file "oom" in its working directory when it sees one
	cd "$BATS_TEST_TMPDIR"
	# busybox sh keeps the output of the command substitution: it grows until the OOM killer ends it
	run --separate-stderr podman run --name "$AW_NAME" "${RT_RUN_ARGS[@]}" --memory 40m --memory-swap 40m \
		"$RT_IMG_SCRATCH" sh -c 'x=$(yes 0123456789abcdefghijklmnopqrstuvwxyz)'
	echo "$stderr"
	assert_equal "$status" 137
	assert_regex "$stderr" '(^|'$'\n'')foster: main child [0-9]+ \(sh\) was killed by SIGKILL: out of memory \(memory limit 40 MiB\)($|'$'\n'')'
	assert_equal "$(rt_exit_code "$AW_NAME")" 137
}

@test "aware: podman run --pids-limit: the program's failed forks are counted, the limit named" {
	run --separate-stderr podman run --name "$AW_NAME" "${RT_RUN_ARGS[@]}" --pids-limit 8 -e FOSTER_GRACE=1 \
		"$RT_IMG_SCRATCH" sh -c 'i=0; while [ $i -lt 20 ]; do sleep 1000 & i=$((i + 1)); done 2>/dev/null; exit 3'
	echo "$stderr"
	assert_regex "$stderr" "(^|"$'\n'")foster: [0-9]+ forks? failed at the cgroup's pids limit \(pids.max 8\)($|"$'\n'")"
	# the status is the program's own, whatever its shell did on the failed fork
	[ "$status" -ne 125 ]
}

@test "aware: podman run --pids-limit 1: foster cannot fork its child, exit 125 naming the limit" {
	run --separate-stderr podman run --name "$AW_NAME" "${RT_RUN_ARGS[@]}" --pids-limit 1 "$RT_IMG_SCRATCH" true
	assert_equal "$status" 125
	assert_equal "$stderr" "foster: fork: the cgroup's pids limit is reached (pids.max 1, 1 in use): Resource temporarily unavailable"
}

@test "aware: -v shows the container's cgroup and limits as podman set them" {
	run --separate-stderr podman run --name "$AW_NAME" "${RT_RUN_ARGS[@]}" --memory 64m --pids-limit 100 \
		-e FOSTER_VERBOSITY=1 "$RT_IMG_SCRATCH" true
	assert_success
	echo "$stderr"
	assert_regex "$stderr" "foster: container: PID 1, cgroup /[^ ]+ \(v[12]\), memory limit 64 MiB, pids limit 100, no_new_privs (on|off)"
}

@test "aware: podman's socket activation: LISTEN_PID=1 (foster) becomes the program's pid, which accepts on fd 3" {
	rt_require systemd-socket-activate
	local sdl=$RT_DIR/bin/sdlisten sock=$BATS_TEST_TMPDIR/sock
	musl-gcc -static -O2 -D_GNU_SOURCE -o "$sdl" "$RT_REPO/tests/bin/sdlisten.c"
	# systemd-socket-activate listens, then runs podman with LISTEN_FDS and
	# its LISTEN_PID; podman passes the socket on as fd 3 with LISTEN_PID=1.
	# (Started from it, podman asks runc for limits this host refuses: --ulimit.)
	timeout 120 systemd-socket-activate -l "$sock" \
		podman run --name "$AW_NAME" "${RT_RUN_ARGS[@]}" --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
		-v "$sdl:/bin/sdlisten:ro" "$RT_IMG_SCRATCH" \
		sh -c 'echo "LISTEN_PID=$LISTEN_PID pid=$$" >&2; exec sdlisten serve' \
		>"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" 3>&- &
	local job=$!
	rt_wait_for "$BATS_TEST_TMPDIR/err" '^Listening on'
	# The first connection starts the container; the program answers it.
	run timeout 60 "$sdl" connect "$sock"
	wait "$job" || true
	cat "$BATS_TEST_TMPDIR/err"
	assert_output --regexp '^hello from [0-9]+$'
	assert_equal "$(rt_exit_code "$AW_NAME")" 0
	grep -Eq '^LISTEN_PID=([0-9]+) pid=\1$' "$BATS_TEST_TMPDIR/err"
}
