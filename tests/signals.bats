#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Signal forwarding (SPEC §1, §3): what foster receives reaches the program's
# process group, through the --rewrite table; nothing is lost at start-up.
# Signals are sent from the host to foster's host pid, as `docker kill` does.
# A "not received" claim is always proved with a barrier (a later PWR that
# did arrive), never by waiting for nothing.

load helper

# sigrec_ready LOG - wait for a sigrec's "ready" line; print its (namespace) pid.
sigrec_ready() {
	wait_line "$1" '^ready [0-9]+$' || return 1
	sed -n 's/^ready //p' "$1" | head -n1
}

@test "signals: TERM INT HUP QUIT USR1 USR2 WINCH each reach the program" {
	start_foster "$BIN/sigrec" -x ALRM "$T/log"
	sigrec_ready "$T/log"
	for s in TERM INT HUP QUIT USR1 USR2 WINCH; do
		kill -s "$s" "$FOSTER_PID"
		wait_line "$T/log" "^$s\$"
	done
	kill -s ALRM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 142
	# One line each: nothing forwarded twice; each stop request (TERM INT
	# HUP QUIT) is followed by a SIGCONT (SPEC §3).
	run grep -cvE '^(ready|TERM|INT|HUP|QUIT|USR1|USR2|WINCH|ALRM|CONT)' "$T/log"
	assert_output 0
	run grep -c '^CONT$' "$T/log"
	assert_output 4
	run sort "$T/log"
	assert_equal "$(grep -v '^CONT$' <<<"$output" | uniq -d)" ""
	assert_no_leftovers
}

@test "signals: TERM to foster ends a program that does not catch it: exit 143" {
	start_foster sleep 1000
	wait_child "$FOSTER_PID"
	kill -s TERM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 143
	assert_no_leftovers
}

@test "signals: INT to foster ends a program that does not catch it: exit 130" {
	start_foster sleep 1000
	wait_child "$FOSTER_PID"
	kill -s INT "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 130
}

@test "signals: realtime signals are forwarded too" {
	start_foster "$BIN/sigrec" -x ALRM "$T/log"
	sigrec_ready "$T/log"
	kill -s RTMIN+3 "$FOSTER_PID"
	wait_line "$T/log" '^RTMIN\+3$'
	kill -s ALRM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 142
}

@test "signals: TSTP TTIN TTOU are forwarded, and foster itself does not stop" {
	start_foster "$BIN/sigrec" -x ALRM "$T/log"
	sigrec_ready "$T/log"
	for s in TSTP TTIN TTOU; do
		kill -s "$s" "$FOSTER_PID"
		wait_line "$T/log" "^$s\$"
	done
	barrier "$FOSTER_PID" "$T/log"
	assert_not_equal "$(proc_state "$FOSTER_PID")" T
	kill -s ALRM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 142
}

@test "signals: CHLD sent to foster is not forwarded" {
	start_foster "$BIN/sigrec" -x ALRM "$T/log"
	sigrec_ready "$T/log"
	kill -s CHLD "$FOSTER_PID"
	barrier "$FOSTER_PID" "$T/log"
	run grep -c '^CHLD$' "$T/log"
	assert_output 0
	kill -s ALRM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 142
}

@test "signals: a signal pending before foster even ran is forwarded" {
	# sigwrap blocks USR1, sends it to itself and execs foster: foster starts
	# with USR1 pending. Whether the child gets it before or after exec, it
	# dies of it (sigrec -x USR1): 138. Lost, sigrec times out: 124.
	FOSTER_PREFIX=("$BIN/sigwrap" -p USR1 --)
	run_foster "$BIN/sigrec" -x USR1 -T 10 "$T/log"
	assert_failure 138
}

@test "signals: a signal sent right after start is forwarded" {
	# USR1 is blocked from before foster's exec (sigwrap -b), so it is never
	# lost to a default action; it is sent as soon as sigwrap has blocked it
	# or foster runs (foster's mask shows 0 while it sleeps in sigtimedwait).
	FOSTER_PREFIX=("$BIN/sigwrap" -b USR1 --)
	foster_cmd "$BIN/sigrec" -x USR1 -T 10 "$T/log" 3>&- &
	FOSTER_JOB=$!
	local p="" c i
	for ((i = 0; i < 2000; i++)); do
		[[ -z $p ]] || break
		for c in $(descendants "$FOSTER_JOB"); do
			if [[ /proc/$c/exe -ef $FOSTER ]] || { [[ /proc/$c/exe -ef $BIN/sigwrap ]] &&
				((0x$(sig_mask SigBlk "$c" 2>/dev/null || echo 0) & 0x200)); }; then
				p=$c
				break
			fi
		done
	done
	[[ -n $p ]]
	kill -s USR1 "$p"
	FOSTER_OUT=/dev/null FOSTER_ERR=/dev/null
	wait_foster
	assert_equal "$status" 138
}

@test "signals: signals go to the whole process group: a grandchild gets them" {
	# sh starts the grandchild, then becomes the main child (exec).
	start_foster sh -c '"$1" -x TERM "$2" & exec "$1" -x ALRM "$3"' sh \
		"$BIN/sigrec" "$T/grand" "$T/main"
	sigrec_ready "$T/grand"
	sigrec_ready "$T/main"
	kill -s USR1 "$FOSTER_PID"
	wait_line "$T/main" '^USR1$'
	wait_line "$T/grand" '^USR1$'
	kill -s USR2 "$FOSTER_PID"
	wait_line "$T/main" '^USR2$'
	wait_line "$T/grand" '^USR2$'
	kill -s ALRM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 142
	assert_no_leftovers
}

@test "signals: -c forwards to the main child only, not to a grandchild" {
	start_foster -c sh -c '"$1" -x TERM "$2" & exec "$1" -x ALRM "$3"' sh \
		"$BIN/sigrec" "$T/grand" "$T/main"
	local g
	g=$(sigrec_ready "$T/grand")
	sigrec_ready "$T/main"
	g=$(host_pid "$FOSTER_PID" "$g")
	kill -s USR1 "$FOSTER_PID"
	wait_line "$T/main" '^USR1$'
	barrier "$g" "$T/grand" # straight to the grandchild
	run grep -c '^USR1$' "$T/grand"
	assert_output 0
	kill -s ALRM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 142
	run grep -c '^ALRM$' "$T/grand"
	assert_output 0
	assert_no_leftovers
}

# _only_the_child FOSTER_ARGS...: with these options (or variables), a
# signal reaches the main child and not its process group (-c).
_only_the_child() {
	start_foster "$@" sh -c '"$1" -x TERM "$2" & exec "$1" -x ALRM "$3"' sh \
		"$BIN/sigrec" "$T/grand" "$T/main"
	local g
	g=$(sigrec_ready "$T/grand")
	sigrec_ready "$T/main"
	g=$(host_pid "$FOSTER_PID" "$g")
	kill -s HUP "$FOSTER_PID"
	wait_line "$T/main" '^HUP$'
	barrier "$g" "$T/grand"
	run grep -c '^HUP$' "$T/grand"
	assert_output 0
	kill -s ALRM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 142
}

@test "signals: --single-child is -c" {
	_only_the_child --single-child
}

# _the_whole_group FOSTER_ARGS...: a signal reaches the main child's whole
# process group, the grandchild included (the default).
_the_whole_group() {
	start_foster "$@" sh -c '"$1" -x TERM "$2" & exec "$1" -x ALRM "$3"' sh \
		"$BIN/sigrec" "$T/grand" "$T/main"
	sigrec_ready "$T/grand"
	sigrec_ready "$T/main"
	kill -s HUP "$FOSTER_PID"
	wait_line "$T/grand" '^HUP$'
	kill -s ALRM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 142
}

@test "signals: -g (the default, spelled out) reaches the grandchild" {
	_the_whole_group -g
}

@test "signals: -r TERM:USR1 forwards TERM as USR1, and TERM itself never arrives" {
	start_foster -r TERM:USR1 "$BIN/sigrec" -x ALRM "$T/log"
	sigrec_ready "$T/log"
	kill -s TERM "$FOSTER_PID"
	wait_line "$T/log" '^USR1$'
	barrier "$FOSTER_PID" "$T/log"
	run grep -c '^TERM$' "$T/log"
	assert_output 0
	# Other signals pass unchanged.
	kill -s HUP "$FOSTER_PID"
	wait_line "$T/log" '^HUP$'
	kill -s ALRM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 142
}

@test "signals: rewrite accepts numbers and SIG names, and is repeatable" {
	start_foster --rewrite 15:10 -r SIGHUP:SIGUSR2 "$BIN/sigrec" -x ALRM "$T/log"
	sigrec_ready "$T/log"
	kill -s TERM "$FOSTER_PID"
	wait_line "$T/log" '^USR1$'
	kill -s HUP "$FOSTER_PID"
	wait_line "$T/log" '^USR2$'
	barrier "$FOSTER_PID" "$T/log"
	run grep -cE '^(TERM|HUP)$' "$T/log"
	assert_output 0
	kill -s ALRM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 142
}

@test "signals: -r USR1:0 drops USR1" {
	start_foster -r USR1:0 "$BIN/sigrec" -x ALRM "$T/log"
	sigrec_ready "$T/log"
	kill -s USR1 "$FOSTER_PID"
	kill -s USR2 "$FOSTER_PID"
	wait_line "$T/log" '^USR2$'
	barrier "$FOSTER_PID" "$T/log"
	run grep -c '^USR1$' "$T/log"
	assert_output 0
	kill -s ALRM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 142
}

@test "signals: -r TERM:0 keeps the program alive through a docker stop's TERM" {
	start_foster -r TERM:0 sleep 1000
	wait_child "$FOSTER_PID"
	kill -s TERM "$FOSTER_PID"
	# PWR (30) is taken after TERM (15): had TERM been forwarded, sleep would
	# have died of it first (143).
	kill -s PWR "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 158
}

@test "signals: a flood of signals leaves foster working" {
	start_foster "$BIN/sigrec" -x ALRM "$T/log"
	sigrec_ready "$T/log"
	local i
	for ((i = 0; i < 200; i++)); do
		kill -s USR1 "$FOSTER_PID"
		kill -s USR2 "$FOSTER_PID"
	done
	barrier "$FOSTER_PID" "$T/log"
	wait_line "$T/log" '^USR1$'
	wait_line "$T/log" '^USR2$'
	kill -s ALRM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 142
}

@test "signals: the C library's own signals (32, 33, 34) are forwarded, not fatal to foster" {
	# glibc keeps 32-33 and musl 32-34 for its threads: sigfillset(3) leaves
	# them out, so a foster that used it died of `kill -33` as a subreaper.
	for n in 32 33 34; do
		start_foster sleep 1000
		wait_child "$FOSTER_PID"
		kill -s "$n" "$FOSTER_PID"
		wait_foster
		assert_equal "$status" $((128 + n))
		assert_no_leftovers
	done
}

@test "signals: DUMB_INIT_SETSID=0 is -c, as dumb-init reads it" {
	export DUMB_INIT_SETSID=0
	_only_the_child
}

@test "signals: DUMB_INIT_SETSID=1 keeps the default: the grandchild gets them" {
	export DUMB_INIT_SETSID=1
	_the_whole_group
}
