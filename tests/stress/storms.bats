#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Storms (issue 11, `make stress`, both modes): 100,000 orphans in batches,
# 100,000 mixed signals, a storm during the grace period. Each test prints
# its figures (wall time, zombies, foster's peak RSS) as "# ..." lines.
# Safety: everything runs in a private pid namespace (tests/helper.bash);
# orphans come in batches of 2,000, so at most about 2,200 processes are
# alive at once, far below pid_max.

load ../helper

BIN=$BATS_TEST_DIRNAME/../bin
FOSTER_TEST_TIMEOUT=${FOSTER_TEST_TIMEOUT:-300}

# A stop request (TERM INT HUP QUIT) is forwarded like the others: sigrec
# records it and lives on. SYS ends sigrec. The barrier is a real-time
# signal numbered above every kind: signals are taken lowest number first,
# so after a storm a PWR would overtake the queued RTMIN+1s and RTMIN+5s.
KINDS=(HUP INT QUIT USR1 USR2 PIPE ALRM TERM WINCH URG RTMIN+1 RTMIN+5)
LAST=RTMIN+20

figure() {
	echo "# $FOSTER_TEST_MODE: $*" >&3
}

@test "storm: 100,000 orphans in 50 batches of 2,000: every one reaped, 0 zombies, the program's exit code" {
	# stdout only: under a pids limit (podman's 2048) the helper retries its
	# forks, and foster says at exit how many the limit refused.
	# shellcheck disable=SC2016
	run_foster --separate-stderr sh -c 'i=0
		while [ $i -lt 50 ]; do "$1" -g 10 2000 >/dev/null || exit 1; i=$((i + 1)); done
		"$2" -w 60 zombies
		grep VmHWM "/proc/$PPID/status" >"$3"
		exit 7' sh "$BIN/orphans" "$BIN/procs" "$T/rss"
	assert_equal "$status" 7
	assert_output 0
	figure "100,000 orphans in $(elapsed) s, zombies at the end: $output, foster $(tr -s ' \t' ' ' <"$T/rss")"
	assert_no_leftovers
}

_sigrec_lines() {
	grep -c . "$1"
}

@test "storm: 100,000 mixed signals: foster lives, the last is delivered, every kind still is after" {
	start_foster "$BIN/sigrec" -x SYS "$T/log"
	wait_line "$T/log" '^ready'
	run "$BIN/sigstorm" "$FOSTER_PID" 100000 "${KINDS[@]}"
	assert_success
	local sent=$output took
	took=$(elapsed)
	# The last signal of the storm is delivered: LAST goes after it.
	barrier "$FOSTER_PID" "$T/log" "$LAST"
	assert [ -n "$(proc_state "$FOSTER_PID")" ]
	assert_not_equal "$(proc_state "$FOSTER_PID")" Z
	local before k
	before=$(_sigrec_lines "$T/log")
	figure "100,000 signals ($sent), storm over $took s after start, $((before - 2)) recorded by the program (standard signals coalesce)"
	for k in "${KINDS[@]}"; do
		kill -s "$k" "$FOSTER_PID"
	done
	barrier "$FOSTER_PID" "$T/log" "$LAST"
	run tail -n +"$((before + 1))" "$T/log"
	for k in "${KINDS[@]}"; do
		assert_line "$k"
	done
	figure "foster after the storm: $(grep VmHWM "/proc/$FOSTER_PID/status" | tr -s ' \t' ' '), zombies $(count_zombies "$FOSTER_PID")"
	kill -s SYS "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 159
	assert_no_leftovers
}

@test "storm: 20,000 signals during the grace period: forwarded to what is left, SIGKILL still on time" {
	# The main child exits; a leftover that ignores TERM holds the teardown
	# in its grace period (3 s) while the storm hits foster.
	# shellcheck disable=SC2016
	start_foster -t 3 sh -c '"$1" -i TERM "$2" & until grep -qs ready "$2"; do sleep 0.01; done; exit 3' \
		sh "$BIN/sigrec" "$T/log"
	wait_line "$T/log" '^CONT$'
	run "$BIN/sigstorm" "$FOSTER_PID" 20000 USR1 USR2 WINCH HUP
	local sent=$output
	wait_foster
	assert_equal "$status" 3
	local took
	took=$(elapsed)
	assert [ "${took%.*}" -lt 30 ]
	run cat "$T/log"
	assert_line USR1
	figure "20,000 signals in the grace ($sent), foster exited $took s after start (grace 3 s)"
	assert_no_leftovers
}
