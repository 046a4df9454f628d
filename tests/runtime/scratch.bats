#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# foster as the ENTRYPOINT of a FROM-scratch image that holds nothing but the
# static foster, a static busybox and the static rtprobe:
#   ENTRYPOINT ["/foster", "--"]   CMD ["sh"]

load helper

setup_file() { rt_setup_file || return 0; }
setup() { rt_setup; }
teardown() { rt_teardown; }

@test "scratch: foster is PID 1 and passes the program's exit code through" {
	run --separate-stderr podman run --rm "${RT_RUN_ARGS[@]}" "$RT_IMG_SCRATCH" \
		sh -c 'readlink /proc/1/exe; echo $$; exit 3'
	assert_equal "$status" 3
	assert_equal "${lines[0]}" /foster
	[ "${lines[1]}" -gt 1 ]

	# killed by a signal: 128 + the signal's number
	run podman run --rm "${RT_RUN_ARGS[@]}" "$RT_IMG_SCRATCH" sh -c 'kill -USR1 $$'
	assert_equal "$status" $((128 + 10))

	# no such program: 127, like env(1)
	run -127 podman run --rm "${RT_RUN_ARGS[@]}" "$RT_IMG_SCRATCH" /no/such/program

	run podman run --rm "${RT_RUN_ARGS[@]}" "$RT_IMG_SCRATCH" true
	assert_success
}

@test "scratch: orphans are adopted by foster (PID 1) and reaped, no zombie stays" {
	run --separate-stderr podman run --rm "${RT_RUN_ARGS[@]}" "$RT_IMG_SCRATCH" \
		sh -c 'rtprobe orphans /rec/orphans 50 100 && rtprobe reaped /rec/orphans 10; rtprobe zombies'
	assert_success
	assert_equal "$output" 0
	# all 50 were orphans of PID 1 (foster) when they exited
	assert_equal "$(grep -c '^orphan [0-9]* 1$' "$REC/orphans")" 50
}

@test "scratch: podman stop -t 5 ends it with the program's status, well before the timeout" {
	podman run -d --name "$RT_NAME" "${RT_RUN_ARGS[@]}" "$RT_IMG_SCRATCH" \
		rtprobe rec /rec/main -x 42 >/dev/null
	rt_wait_for "$REC/main" '^ready'
	local t0 t1
	t0=$(rt_ms)
	podman stop -t 5 "$RT_NAME" >/dev/null
	t1=$(rt_ms)
	echo "podman stop took $((t1 - t0)) ms"
	assert_equal "$(rt_exit_code "$RT_NAME")" 42
	assert_equal "$(rt_signals "$REC/main")" TERM
	# podman would send SIGKILL at 5 s
	rt_assert_ms "podman stop" $((t1 - t0)) 0 4500
}

@test "scratch: a process that ignores SIGTERM is killed at foster's grace, not at podman's timeout" {
	rt_scenario_grace "$RT_IMG_SCRATCH"
}
