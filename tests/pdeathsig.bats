#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# -p SIG (SPEC options, tini -p): the kernel sends SIG to foster when foster's
# parent dies. As PID 1 the parent is unshare (run here without --kill-child,
# which would set a pdeathsig of its own); as a subreaper it is a shell between
# the namespace's sh and foster. The test SIGKILLs that parent from the host.

load helper

# start_orphanable ARGS... - start foster ARGS... with a parent the test may
# kill; sets FOSTER_JOB, FOSTER_PID and PARENT (host pids).
start_orphanable() {
	FOSTER_OUT=$T/foster.out FOSTER_ERR=$T/foster.err
	if [[ $FOSTER_TEST_MODE == pid1 ]]; then
		timeout --foreground -k 5 "$FOSTER_TEST_TIMEOUT" \
			unshare --pid --fork --mount-proc "$FOSTER" "$@" \
			>"$FOSTER_OUT" 2>"$FOSTER_ERR" 3>&- &
	else
		timeout --foreground -k 5 "$FOSTER_TEST_TIMEOUT" \
			unshare --pid --fork --mount-proc --kill-child \
			sh -c 'sh -c "\"\$@\"; :" sh "$@"; exec sleep 1000' sh "$FOSTER" "$@" \
			>"$FOSTER_OUT" 2>"$FOSTER_ERR" 3>&- &
	fi
	FOSTER_JOB=$!
	wait_until 20 _found "$FOSTER_JOB"
	FOSTER_PID=$(find_foster "$FOSTER_JOB")
	PARENT=$(awk '{ print $4 }' "/proc/$FOSTER_PID/stat")
	[[ -n $PARENT && $PARENT != 1 ]]
}

_found() {
	find_foster "$1" >/dev/null
}

teardown() {
	# As PID 1 of its namespace, foster may have outlived the job.
	if [[ -n ${FOSTER_PID:-} && /proc/$FOSTER_PID/exe -ef $FOSTER ]]; then
		kill -KILL "$FOSTER_PID" 2>/dev/null
	fi
	foster_teardown
}

@test "pdeathsig: -p TERM: foster's parent dies, foster gets TERM, forwards it and exits" {
	start_orphanable -p TERM "$BIN/sigrec" -x TERM "$T/log"
	wait_line "$T/log" '^ready'
	kill -KILL "$PARENT"
	wait_line "$T/log" '^TERM$'
	wait_gone "$FOSTER_PID"
	if [[ $FOSTER_TEST_MODE == subreaper ]]; then
		# foster's status, as its new parent (the namespace's PID 1) sees it
		# would be 143; here: the program is gone, nothing is left but init.
		wait_until 20 _only_init_left "$FOSTER_PID"
	fi
}

# _only_init_left PID - PID's namespace holds nothing but its init and zombies.
_only_init_left() {
	local p n=0
	for p in $(ns_pids "$1"); do
		[[ $(proc_state "$p") == Z ]] || n=$((n + 1))
	done
	((n <= 1))
}

@test "pdeathsig: -p KILL: foster's parent dies, foster is killed" {
	start_orphanable -p KILL "$BIN/sigrec" "$T/log"
	wait_line "$T/log" '^ready'
	kill -KILL "$PARENT"
	wait_gone "$FOSTER_PID"
}

@test "pdeathsig: --pdeathsig USR1 is forwarded as USR1" {
	start_orphanable --pdeathsig USR1 "$BIN/sigrec" -x USR1 "$T/log"
	wait_line "$T/log" '^ready'
	kill -KILL "$PARENT"
	wait_line "$T/log" '^USR1$'
	wait_gone "$FOSTER_PID"
}
