#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# `podman run --init --init-path $FOSTER`: the drop-in for `docker run --init`.
# podman bind-mounts the init at /run/podman-init and runs
# `/run/podman-init -- COMMAND...` as PID 1 of the container. The image holds
# no init: only a static busybox and rtprobe.

load helper

setup_file() { rt_setup_file || return 0; }
setup() {
	rt_setup
	RT_RUN_ARGS+=(--init --init-path "$FOSTER")
}
teardown() { rt_teardown; }

@test "--init: foster is PID 1 and passes the program's exit code through" {
	run --separate-stderr podman run --rm "${RT_RUN_ARGS[@]}" "$RT_IMG_PLAIN" \
		sh -c 'readlink /proc/1/exe; tr "\0" " " </proc/1/cmdline; echo; echo $$; exit 3'
	assert_equal "$status" 3
	assert_equal "${lines[0]}" /run/podman-init
	assert_equal "${lines[1]}" "/run/podman-init -- sh -c readlink /proc/1/exe; tr \"\\0\" \" \" </proc/1/cmdline; echo; echo \$\$; exit 3 "
	[ "${lines[2]}" -gt 1 ]

	run podman run --rm "${RT_RUN_ARGS[@]}" "$RT_IMG_PLAIN" sh -c 'kill -USR1 $$'
	assert_equal "$status" $((128 + 10))

	run -127 podman run --rm "${RT_RUN_ARGS[@]}" "$RT_IMG_PLAIN" /no/such/program
}

@test "--init: orphans are reaped, no zombie stays" {
	run --separate-stderr podman run --rm "${RT_RUN_ARGS[@]}" "$RT_IMG_PLAIN" \
		sh -c 'rtprobe orphans /rec/orphans 50 100 && rtprobe reaped /rec/orphans 10; rtprobe zombies'
	assert_success
	assert_equal "$output" 0
	assert_equal "$(grep -c '^orphan [0-9]* 1$' "$REC/orphans")" 50
}

@test "--init: podman kill -s USR1 reaches the program, podman stop -t 5 ends it with its status" {
	podman run -d --name "$RT_NAME" "${RT_RUN_ARGS[@]}" "$RT_IMG_PLAIN" \
		rtprobe rec /rec/main -x 42 >/dev/null
	rt_wait_for "$REC/main" '^ready'

	podman kill -s USR1 "$RT_NAME" >/dev/null
	rt_wait_for "$REC/main" '^USR1$' 5
	podman kill -s USR2 "$RT_NAME" >/dev/null
	rt_wait_for "$REC/main" '^USR2$' 5
	# still running: USR1 and USR2 did not end it
	assert_equal "$(podman inspect --format '{{.State.Status}}' "$RT_NAME")" running

	local t0 t1
	t0=$(rt_ms)
	podman stop -t 5 "$RT_NAME" >/dev/null
	t1=$(rt_ms)
	echo "podman stop took $((t1 - t0)) ms"
	assert_equal "$(rt_exit_code "$RT_NAME")" 42
	assert_equal "$(rt_signals "$REC/main")" "USR1 USR2 TERM"
	# podman would send SIGKILL at 5 s
	rt_assert_ms "podman stop" $((t1 - t0)) 0 4500
}

@test "--init: a process that ignores SIGTERM is killed at foster's grace, not at podman's timeout" {
	rt_scenario_grace "$RT_IMG_PLAIN"
}

@test "--init: podman run -it under a terminal: Ctrl-C reaches the program, which owns the terminal" {
	rt_require script timeout
	local fifo=$BATS_TEST_TMPDIR/keys writer
	mkfifo "$fifo"
	# The keyboard: once the program is ready and its process group is the
	# terminal's foreground group (ready PID PPID PGID SID FG, FG = PGID),
	# type Ctrl-C.
	(
		rt_wait_for "$REC/main" '^ready [0-9]+ [0-9]+ ([0-9]+) [0-9]+ \1$' 20
		printf '\003'
		exec sleep 30
	) >"$fifo" 3>&- &
	writer=$!
	# script(1) gives podman a pseudo-terminal, as a person's shell would.
	run timeout 25 script -qec "podman run -it --rm $(printf '%q ' "${RT_RUN_ARGS[@]}") $RT_IMG_PLAIN rtprobe rec /rec/main -x 42" /dev/null <"$fifo"
	kill "$writer" 2>/dev/null || true
	wait "$writer" 2>/dev/null || true
	assert_equal "$status" 42
	assert_equal "$(rt_signals "$REC/main")" INT
	# ready PID PPID PGID SID FG: its own process group (not foster's), in
	# foster's session, and the terminal's foreground group
	local pid ppid pgid sid fg
	read -r _ pid ppid pgid sid fg <"$REC/main"
	echo "ready: pid=$pid ppid=$ppid pgid=$pgid sid=$sid fg=$fg"
	assert_equal "$ppid" 1
	assert_equal "$pgid" "$pid"
	assert_equal "$sid" 1
	assert_equal "$fg" "$pgid"
}
