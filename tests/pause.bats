#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Pause mode (SPEC §10): `foster --pause` runs no program; it sleeps as a
# pod's PID 1, reaps what is re-parented to it, and on a stop request tears
# down what is left as in §5, then exits 0. A pod's containers enter its pid
# namespace from outside: here, nsenter into foster's namespace.

load helper

# enter FILE ARG... - run sigrec ARG... FILE inside foster's pid namespace,
# in the background, and wait until it is ready. Sets ENTERED (nsenter's pid).
enter() {
	local log=$1
	shift
	nsenter -t "$FOSTER_PID" -p -m "$BIN/sigrec" "$@" "$log" &
	ENTERED=$!
	wait_line "$log" '^ready'
}

@test "pause: a PROGRAM with --pause is refused (125)" {
	run_foster -125 -P sleep 1
	assert_output --partial "foster: --pause runs no program"
}

@test "pause: every entered process gets the stop signal, then foster exits 0 at once" {
	skip_in_mode subreaper "as a subreaper, foster's teardown reaches its descendants only"
	start_foster -P -t 30
	enter "$T/a" -x TERM
	enter "$T/b" -x TERM
	kill -TERM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 0
	assert [ "$(elapsed | cut -d. -f1)" -lt 20 ]
	run cat "$T/a"
	assert_line TERM
	run cat "$T/b"
	assert_line TERM
}

@test "pause: INT is a stop request too; --stop-signal USR1 is what they get" {
	skip_in_mode subreaper "as a subreaper, foster's teardown reaches its descendants only"
	start_foster -P -t 30 --stop-signal USR1
	enter "$T/a" -x USR1
	kill -INT "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 0
	run cat "$T/a"
	assert_line USR1
	refute_line INT
}

@test "pause: an entered process that ignores TERM is killed at the end of the grace, exit 0" {
	skip_in_mode subreaper "as a subreaper, foster's teardown reaches its descendants only"
	start_foster -P -t 1
	enter "$T/a" -i TERM
	kill -TERM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 0
	assert [ "$(elapsed | cut -d. -f1)" -lt 20 ]
	run wait "$ENTERED"
	assert_equal "$status" 137
}

@test "pause: other signals are not forwarded and do not stop it" {
	skip_in_mode subreaper "as a subreaper, foster's teardown reaches its descendants only"
	start_foster -P -t 30
	enter "$T/a" -x TERM
	kill -USR1 "$FOSTER_PID"
	barrier "$(host_pid "$FOSTER_PID" "$(sed -n 's/^ready //p' "$T/a")")" "$T/a"
	assert [ -n "$(proc_state "$FOSTER_PID")" ]
	kill -TERM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 0
	run cat "$T/a"
	refute_line USR1
	assert_line TERM
}

@test "pause: orphans re-parented to it are reaped" {
	skip_in_mode subreaper "entered processes' orphans go to the namespace's PID 1"
	start_foster -P -t 30
	nsenter -t "$FOSTER_PID" -p -m "$BIN/orphans" 50 >"$T/orphans"
	wait_until 20 _no_zombies
	kill -TERM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 0
}

_no_zombies() {
	[[ $(count_zombies "$FOSTER_PID") == 0 ]]
}

@test "pause: as a subreaper, a process that is not its descendant is left alone" {
	skip_in_mode pid1 "as PID 1, every process of the namespace is foster's to end"
	start_foster -P -t 30
	enter "$T/a" -x TERM
	kill -TERM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 0
	assert [ "$(elapsed | cut -d. -f1)" -lt 20 ]
	# Still alive when foster was gone: the namespace's sh listed it.
	run grep -c sigrec "$T/leftovers"
	assert_output 1
	run cat "$T/a"
	refute_line TERM
}
