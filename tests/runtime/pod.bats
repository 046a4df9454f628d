#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# A Kubernetes-style pod with a shared pid namespace (`podman pod create
# --share pid`): PID 1 is the pod's pause process (catatonit), foster runs in
# a second container and is not PID 1, so it is a child subreaper there. A
# third container of the pod must live through foster's teardown.

load helper

setup_file() {
	rt_setup_file || return 0
	# podman makes the pod's pause image (localhost/podman-pause) from catatonit
	if [ ! -x /usr/libexec/podman/catatonit ] && ! command -v catatonit >/dev/null; then
		rt_skip "catatonit is not installed (Debian package catatonit): podman makes its pod pause image from it" ||
			return 0
	fi
}

setup() {
	rt_setup
	RT_POD=$RT_NAME-pod
	podman pod create --name "$RT_POD" --share pid --network none --infra-name "$RT_NAME-infra" \
		--label "foster-rt.test=$RT_NAME" >/dev/null
	# foster runs as the ENTRYPOINT of the FROM-scratch image
	RT_POD_ARGS=("${RT_COMMON_ARGS[@]}" --pod "$RT_POD")
}

teardown() { rt_teardown; }

# rt_ns_pid CONTAINER: the pid, in the pod's namespace, of the container's
# first process (foster).
rt_ns_pid() {
	local hpid
	hpid=$(podman inspect --format '{{.State.Pid}}' "$1")
	awk '/^NSpid:/ { print $NF }' "/proc/$hpid/status"
}

@test "pod: PID 1 is the pause process, foster is a subreaper that adopts and reaps orphans" {
	podman run -d --name "$RT_NAME-foster" "${RT_POD_ARGS[@]}" "$RT_IMG_SCRATCH" \
		sh -c 'rtprobe orphans /rec/orphans 20 100 && rtprobe reaped /rec/orphans 10; rtprobe zombies >/rec/zombies && exec rtprobe rec /rec/main' >/dev/null
	rt_wait_for "$REC/main" '^ready'
	local fpid
	fpid=$(rt_ns_pid "$RT_NAME-foster")
	echo "foster's pid in the pod: $fpid"
	[ "$fpid" -gt 1 ]
	# PID 1 of the pod is the pause process, not foster
	run podman exec "$RT_NAME-foster" readlink /proc/1/exe
	refute_output /foster
	# every orphan was adopted by foster, not by PID 1
	assert_equal "$(grep -c "^orphan [0-9]* $fpid\$" "$REC/orphans")" 20
	# and reaped: no zombie in the pod's pid namespace
	assert_equal "$(cat "$REC/zombies")" 0
	assert_equal "$(rt_zombies "$RT_NAME-foster")" 0
}

@test "pod: foster forwards signals, and on exit tears down its own descendants only" {
	# a third container of the pod, in the same pid namespace
	podman run -d --name "$RT_NAME-third" "${RT_POD_ARGS[@]}" "$RT_IMG_PLAIN" \
		rtprobe rec /rec/third -i >/dev/null
	rt_wait_for "$REC/third" '^ready'
	# foster's program leaves a worker (its process group) that ignores TERM
	# and a double-forked daemon (a session of its own) behind it
	podman run -d --name "$RT_NAME-foster" "${RT_POD_ARGS[@]}" -e FOSTER_GRACE=1 "$RT_IMG_SCRATCH" \
		sh -c 'rtprobe rec /rec/worker -i & rtprobe rec /rec/daemon -d; exec rtprobe rec /rec/main -x 42' >/dev/null
	rt_wait_for "$REC/main" '^ready'
	rt_wait_for "$REC/worker" '^ready'
	rt_wait_for "$REC/daemon" '^ready'
	local fpid dppid
	fpid=$(rt_ns_pid "$RT_NAME-foster")
	# the daemon was adopted by foster
	read -r _ _ dppid _ <"$REC/daemon"
	assert_equal "$dppid" "$fpid"

	podman kill -s USR1 "$RT_NAME-foster" >/dev/null
	rt_wait_for "$REC/main" '^USR1$' 5

	local pids t0 t1
	pids=$(rt_host_pids "$RT_NAME-foster")
	t0=$(rt_ms)
	podman stop -t 10 "$RT_NAME-foster" >/dev/null
	t1=$(rt_ms)
	echo "podman stop took $((t1 - t0)) ms"
	assert_equal "$(rt_exit_code "$RT_NAME-foster")" 42
	assert_equal "$(rt_signals "$REC/main")" "USR1 TERM"
	run rt_signals "$REC/worker"
	assert_output --regexp '^USR1 TERM( |$)'
	# the daemon is outside the program's process group: only foster's
	# teardown sends it TERM
	run rt_signals "$REC/daemon"
	assert_output --regexp '^TERM( |$)'
	rt_assert_gone "$pids"
	# the worker was killed at foster's grace (1 s), not podman's timeout (10 s)
	rt_assert_ms "podman stop" $((t1 - t0)) 900 7000

	# the third container's process got nothing and is still running
	assert_equal "$(rt_signals "$REC/third")" ""
	assert_equal "$(podman inspect --format '{{.State.Status}}' "$RT_NAME-third")" running
	assert_equal "$(rt_zombies "$RT_NAME-third")" 0
}
