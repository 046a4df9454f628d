#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# A multi-process container: foster (ENTRYPOINT of the FROM-scratch image)
# runs a shell that starts several long-lived workers and a double-forked
# daemon, then waits. `podman stop` must leave no process and no zombie, and
# every worker must see SIGTERM before any SIGKILL.

load helper

setup_file() { rt_setup_file || return 0; }
setup() { rt_setup; }
teardown() { rt_teardown; }

# The shell: three workers that exit on TERM, one that ignores it, a daemon
# (fork, setsid, fork) that exits on TERM, and orphans that come and go.
# shellcheck disable=SC2016 # expanded by the container's shell
RT_FAMILY='
for w in 1 2 3; do rtprobe rec /rec/worker$w -x 0 & done
rtprobe rec /rec/stubborn -i &
rtprobe rec /rec/daemon -d
rtprobe orphans /rec/orphans 20 100
wait
'

@test "multi: workers and a daemon, podman stop: TERM before KILL, no process and no zombie left" {
	podman run -d --name "$RT_NAME" "${RT_RUN_ARGS[@]}" -e FOSTER_GRACE=1 "$RT_IMG_SCRATCH" \
		sh -c "$RT_FAMILY" >/dev/null
	local f
	for f in worker1 worker2 worker3 stubborn daemon; do
		rt_wait_for "$REC/$f" '^ready'
	done
	rt_wait_for "$REC/orphans" '^orphan' 10

	# once the orphans (100 ms) are gone: foster, sh, 3 workers, the
	# stubborn one, the daemon (an orphan left unreaped is counted: podman
	# top lists zombies); no zombie
	rt_wait_until 10 rt_nprocs_is "$RT_NAME" 7 ||
		fail "processes: $(podman top "$RT_NAME" pid ppid args | tr '\n' ';')"
	local pids
	pids=$(rt_host_pids "$RT_NAME")
	assert_equal "$(rt_zombies "$RT_NAME")" 0
	# the daemon was adopted by PID 1 (foster)
	local dppid
	read -r _ _ dppid _ <"$REC/daemon"
	assert_equal "$dppid" 1

	local t0 t1
	t0=$(rt_ms)
	podman stop -t 10 "$RT_NAME" >/dev/null
	t1=$(rt_ms)
	echo "podman stop took $((t1 - t0)) ms"
	# sh, killed by the forwarded SIGTERM: 128 + 15
	assert_equal "$(rt_exit_code "$RT_NAME")" 143
	for f in worker1 worker2 worker3 stubborn daemon; do
		run rt_signals "$REC/$f"
		assert_output --regexp '^TERM( |$)'
	done
	rt_assert_gone "$pids"
	# the stubborn worker had foster's grace (1 s) before its SIGKILL, and
	# the container was down long before podman's timeout (10 s)
	rt_assert_ms "podman stop" $((t1 - t0)) 900 7000
}

@test "multi: the program exits by itself: foster tears down what it left, with the program's status" {
	podman run -d --name "$RT_NAME" "${RT_RUN_ARGS[@]}" -e FOSTER_GRACE=1 "$RT_IMG_SCRATCH" \
		sh -c 'rtprobe rec /rec/worker & rtprobe rec /rec/daemon -d; while [ ! -e /rec/go ]; do sleep 0.05; done; exit 7' >/dev/null
	rt_wait_for "$REC/worker" '^ready'
	rt_wait_for "$REC/daemon" '^ready'
	local pids
	pids=$(rt_host_pids "$RT_NAME")
	touch "$REC/go"
	rt_wait_exited "$RT_NAME" 10
	assert_equal "$(rt_exit_code "$RT_NAME")" 7
	# both got foster's teardown SIGTERM (nobody else sent them anything)
	run rt_signals "$REC/worker"
	assert_output --regexp '^TERM( |$)'
	run rt_signals "$REC/daemon"
	assert_output --regexp '^TERM( |$)'
	rt_assert_gone "$pids"
}
