#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# What the program inherits and what foster keeps (SPEC §1, §2, §3, §8, §9):
# descriptors, cwd, signal mask and dispositions, environment, stdout, and
# foster's idleness.

load helper

@test "state: the program sees exactly the descriptors foster was given" {
	exec 5</dev/null 7>"$T/seven"
	run ns_cmd ls /proc/self/fd
	local want=$output
	run_foster ls /proc/self/fd
	exec 5<&- 7>&-
	assert_success
	assert_output "$want"
}

@test "state: no descriptor leaks into the program, with a pipe among them" {
	exec 6< <(exec sleep 30)
	local writer=$!
	# fd number and what it is; a pipe's inode differs from run to run.
	local list='for f in /proc/$$/fd/*; do echo "${f##*/} $(readlink "$f" | sed "s/:\[.*//")"; done'
	run ns_cmd sh -c "$list"
	local want=$output
	run_foster sh -c "$list"
	exec 6<&-
	kill "$writer"
	assert_success
	assert_output "$want"
}

@test "state: foster holds no inherited descriptor above 2, and its cwd is /" {
	mkdir "$T/work"
	cd "$T/work"
	exec 8>"$T/held"
	start_foster sh -c 'pwd >"$1"; exec sleep 1000' sh "$T/pwd"
	exec 8>&-
	wait_line "$T/pwd" .
	# The program keeps the cwd it was given.
	run cat "$T/pwd"
	assert_output "$T/work"
	wait_until 20 _settled "$FOSTER_PID"
	assert [ "/proc/$FOSTER_PID/cwd" -ef / ]
	local fd target
	for fd in /proc/"$FOSTER_PID"/fd/*; do
		[[ ${fd##*/} -gt 2 ]] || continue
		target=$(readlink "$fd")
		# Its own signalfd, timerfd, pidfd... are fine; nothing it inherited.
		[[ $target == anon_inode:* ]] || fail "foster holds fd ${fd##*/} -> $target"
	done
	kill -s TERM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 143
}

# _settled PID - foster is asleep (S) and its cwd is no longer the test's.
_settled() {
	[[ $(proc_state "$1") == S && ! /proc/$1/cwd -ef $PWD ]]
}

@test "state: foster pins no pipe: a reader sees EOF while foster runs on" {
	mkfifo "$T/fifo"
	timeout 20 cat "$T/fifo" >/dev/null 3>&- &
	local reader=$!
	# The write end is opened inside the namespace right before foster's exec
	# (the wrappers outside would hold it too): only foster and the program
	# have it, and the program closes it.
	# shellcheck disable=SC2016
	FOSTER_PREFIX=(sh -c 'exec 4>"$0"; exec "$@"' "$T/fifo")
	start_foster sh -c 'exec 4>&-; echo ready >"$1"; exec sleep 1000' sh "$T/ready"
	wait_line "$T/ready" ready
	# EOF (cat exits 0), not the timeout (124), while foster still runs.
	run wait "$reader"
	assert_success
	assert [ -n "$(proc_state "$FOSTER_PID")" ]
	kill -s TERM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 143
}

@test "state: the program starts with no blocked and no ignored signal" {
	run_foster grep -E '^Sig(Blk|Ign):' /proc/self/status
	assert_success
	assert_line "SigBlk:	0000000000000000"
	assert_line "SigIgn:	0000000000000000"
}

@test "state: ... even when foster was started with signals blocked and ignored" {
	# As sh does for "&" (INT, QUIT ignored), and a runtime might (a mask).
	FOSTER_PREFIX=("$BIN/sigwrap" -i INT -i QUIT -i TERM -i HUP -b USR1 -b TERM -b WINCH -b RTMIN --)
	run ns_cmd "${FOSTER_PREFIX[@]}" grep -E '^Sig(Blk|Ign):' /proc/self/status
	refute_line "SigBlk:	0000000000000000" # the wrapper does what it says
	refute_line "SigIgn:	0000000000000000"
	run_foster grep -E '^Sig(Blk|Ign):' /proc/self/status
	assert_success
	assert_line "SigBlk:	0000000000000000"
	assert_line "SigIgn:	0000000000000000"
}

@test "state: ... and signals ignored at foster's start still reach the program" {
	FOSTER_PREFIX=("$BIN/sigwrap" -i INT -i QUIT -i USR1 --)
	start_foster "$BIN/sigrec" -x USR1 "$T/log"
	wait_line "$T/log" '^ready'
	kill -s INT "$FOSTER_PID"
	wait_line "$T/log" '^INT$'
	kill -s QUIT "$FOSTER_PID"
	wait_line "$T/log" '^QUIT$'
	kill -s USR1 "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 138
}

@test "state: the environment reaches the program untouched" {
	local -a vars=(
		'A=1' 'SPACES=a  b' 'EMPTY=' 'EQ=x=y=z' $'NL=line1\nline2' 'UTF=é€'
		'PATH=/usr/local/bin:/usr/bin:/bin' 'HOME=/nowhere'
		'FOSTER_GRACE=2' 'FOSTER_VERBOSITY=0' 'FOSTER_STOP_SIGNAL=TERM'
		'TINI_SUBREAPER=1' 'TINI_KILL_PROCESS_GROUP=1' 'TINI_VERBOSITY=0'
	)
	run env -i "${vars[@]}" bash -c "$(declare -f ns_cmd foster_cmd); $(declare -p FOSTER FOSTER_TEST_MODE FOSTER_TEST_TIMEOUT T _SUBREAPER_INIT FOSTER_PREFIX)"'; ns_cmd env -0 | od -c'
	local want=$output
	run env -i "${vars[@]}" bash -c "$(declare -f ns_cmd foster_cmd); $(declare -p FOSTER FOSTER_TEST_MODE FOSTER_TEST_TIMEOUT T _SUBREAPER_INIT FOSTER_PREFIX)"'; foster_cmd env -0 | od -c'
	assert_success
	assert_output "$want"
}

@test "state: the program's stdout is untouched byte for byte, even at -vv" {
	head -c 300000 /dev/urandom >"$T/data"
	printf 'no newline at the end' >>"$T/data"
	foster_cmd -v -v cat "$T/data" >"$T/out" 2>"$T/err"
	cmp "$T/data" "$T/out"
	# SPEC §8: foster writes only to stderr, one line each, "foster: " first.
	run grep -cv '^foster: ' "$T/err"
	assert_output 0
}

@test "state: the program runs in a new process group of foster's session" {
	run_foster sh -c 'set -- $(sed "s/.*) //" /proc/$$/stat); echo "pid=$$ pgrp=$3 sid=$4"'
	assert_success
	local pid pgrp sid
	read -r pid pgrp sid <<<"$(tr -d 'pidgrs=' <<<"$output")"
	assert_equal "$pgrp" "$pid"
	assert_not_equal "$sid" "$pid"
}

@test "state: foster is idle while the program sleeps: no wake-up in 2 s" {
	start_foster "$BIN/sigrec" -x TERM "$T/log"
	wait_line "$T/log" '^ready'
	wait_until 20 _settled "$FOSTER_PID"
	local a b
	a=$(awk '$1 == "voluntary_ctxt_switches:" { print $2 }' "/proc/$FOSTER_PID/status")
	sleep 2 # a measurement, not a synchronisation
	b=$(awk '$1 == "voluntary_ctxt_switches:" { print $2 }' "/proc/$FOSTER_PID/status")
	assert_equal "$b" "$a"
	kill -s TERM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 143
}

@test "state: a signal the C library keeps for itself, ignored at start, is not ignored in the program" {
	# 34 is glibc's SIGRTMIN, which sigwrap (glibc) may ignore; musl's
	# sigaction(2) refuses it, so the static foster must reset it otherwise.
	FOSTER_PREFIX=("$BIN/sigwrap" -i 34 -b 34 --)
	run_foster grep -E '^Sig(Blk|Ign):' /proc/self/status
	assert_success
	assert_line "SigBlk:	0000000000000000"
	assert_line "SigIgn:	0000000000000000"
}
