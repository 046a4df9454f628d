#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Teardown (SPEC §5): when the main child exits, the stop signal and SIGCONT
# go to everything left, foster stops waiting as soon as nothing is left,
# SIGKILLs what is still there at the end of the grace, and exits with the
# main child's status. In subreaper mode the namespace's sh lists what is left
# after foster exits (assert_no_leftovers); as PID 1 the kernel would kill it
# all anyway, so there the exit status, the time and the logs are the proof.

load helper

@test "teardown: leftovers that honour TERM: foster exits long before the grace" {
	run_foster -t 30 sh -c 'sleep 1000 & sleep 1000 & (sleep 1000 &); exit 3'
	assert_failure 3
	assert [ "$(elapsed | cut -d. -f1)" -lt 15 ]
	assert_no_leftovers
}

@test "teardown: leftovers get the stop signal and SIGCONT" {
	run_foster -t 0.5 sh -c '"$1" "$2" & until grep -qs ready "$2"; do sleep 0.01; done; exit 4' \
		sh "$BIN/sigrec" "$T/log"
	assert_failure 4
	run cat "$T/log"
	assert_line TERM
	assert_line CONT
	assert_no_leftovers
}

@test "teardown: leftovers that ignore TERM are killed at the grace (-t 1)" {
	run_foster -t 1 sh -c '"$1" -i TERM "$2" & until grep -qs ready "$2"; do sleep 0.01; done; exit 5' \
		sh "$BIN/sigrec" "$T/log"
	assert_failure 5
	assert [ "$(elapsed | cut -d. -f1)" -lt 20 ]
	run grep -c TERM "$T/log"
	assert_output 0
	assert_no_leftovers
}

@test "teardown: a TERM-ignoring leftover is still there before the grace ends" {
	# Grace 30: a minute's worth of test time would be wasted, so end it by
	# hand: the leftover lives on after the main child exited, then a KILL
	# straight to it lets foster finish at once.
	start_foster -t 30 sh -c '"$1" -i TERM "$2" & until grep -qs ready "$2"; do sleep 0.01; done; exit 6' \
		sh "$BIN/sigrec" "$T/log"
	local p
	p=$(wait_line "$T/log" '^ready' && sed -n 's/^ready //p' "$T/log")
	p=$(host_pid "$FOSTER_PID" "$p")
	wait_line "$T/log" '^CONT$' # teardown has begun: the main child is gone
	sleep 1
	assert [ -n "$(proc_state "$p")" ]
	assert_not_equal "$(proc_state "$p")" Z
	kill -KILL "$p"
	wait_foster
	assert_equal "$status" 6
	assert_no_leftovers
}

@test "teardown: a stopped (SIGSTOP) leftover still dies, long before the grace" {
	# sigrec blocks TERM and stops itself: only SIGCONT lets it take TERM.
	run_foster -t 30 sh -c '"$1" -S -x TERM "$2" & p=$!
		until grep -qs "^State:.*T" /proc/$p/status; do sleep 0.01; done; exit 7' \
		sh "$BIN/sigrec" "$T/log"
	assert_failure 7
	assert [ "$(elapsed | cut -d. -f1)" -lt 15 ]
	run cat "$T/log"
	assert_line TERM
	assert_no_leftovers
}

@test "teardown: a leftover that escaped with setsid still dies" {
	run_foster -t 30 sh -c 'setsid "$1" -x TERM "$2" & until grep -qs ready "$2"; do sleep 0.01; done; exit 8' \
		sh "$BIN/sigrec" "$T/log"
	assert_failure 8
	assert [ "$(elapsed | cut -d. -f1)" -lt 15 ]
	run cat "$T/log"
	assert_line TERM
	assert_no_leftovers
}

@test "teardown: a double-forked daemon in its own session still dies" {
	run_foster -t 30 sh -c '(setsid "$1" -x TERM "$2" &); until grep -qs ready "$2"; do sleep 0.01; done' \
		sh "$BIN/sigrec" "$T/log"
	assert_success
	assert [ "$(elapsed | cut -d. -f1)" -lt 15 ]
	run cat "$T/log"
	assert_line TERM
	assert_no_leftovers
}

@test "teardown: a leftover that forks when TERMed leaves nothing behind" {
	run_foster -t 1 sh -c '
		sh -c "trap \"setsid sleep 1000 & exit 0\" TERM; echo up >\"\$1\"; sleep 1000 & wait" sh "$1" &
		until [ -s "$1" ]; do sleep 0.01; done; exit 2' sh "$T/up"
	assert_failure 2
	assert_no_leftovers
}

@test "teardown: the exit status is the main child's when it was killed by a signal" {
	run_foster -t 30 sh -c 'sleep 1000 & kill -KILL $$'
	assert_failure 137
	assert [ "$(elapsed | cut -d. -f1)" -lt 15 ]
	assert_no_leftovers
}

@test "teardown: --stop-signal USR1 is what leftovers get first" {
	run_foster -t 30 --stop-signal USR1 sh -c '"$1" -x USR1 "$2" & until grep -qs ready "$2"; do sleep 0.01; done' \
		sh "$BIN/sigrec" "$T/log"
	assert_success
	assert [ "$(elapsed | cut -d. -f1)" -lt 15 ]
	run grep -c TERM "$T/log"
	assert_output 0
	run cat "$T/log"
	assert_line USR1
	assert_no_leftovers
}

@test "teardown: a signal that arrives during teardown still reaches what is left" {
	start_foster -t 30 sh -c '"$1" -i TERM -x USR2 "$2" & until grep -qs ready "$2"; do sleep 0.01; done; exit 3' \
		sh "$BIN/sigrec" "$T/log"
	wait_line "$T/log" '^CONT$'
	kill -s USR2 "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 3
	assert [ "$(elapsed | cut -d. -f1)" -lt 15 ]
	run cat "$T/log"
	assert_line USR2
	assert_no_leftovers
}

@test "teardown: a subreaper kills its descendants and leaves unrelated processes alone" {
	skip_in_mode pid1 "as PID 1, every process of the namespace is foster's to end"
	# A sleep started by the namespace's sh, outside foster, must survive.
	run timeout --foreground -k 5 60 unshare --pid --fork --mount-proc --kill-child sh -c '
		sleep 1000 & u=$!
		"$1" -t 30 sh -c "sleep 1000 & setsid sleep 1000 & exit 3"; rc=$?
		n=0
		for p in /proc/[0-9]*; do
			p=${p#/proc/}
			[ "$p" = 1 ] || [ "$p" = "$u" ] || { n=$((n + 1)); cat /proc/$p/stat; }
		done
		s=$(cat /proc/$u/stat 2>/dev/null) || s=gone
		echo "rc=$rc others=$n unrelated=${s##*) }"
		kill $u' sh "$FOSTER"
	assert_success
	assert_output --regexp '^rc=3 others=0 unrelated=S '
}

@test "teardown: a subreaper does not touch its siblings, nor its parent" {
	skip_in_mode pid1 "as PID 1, foster has no parent nor sibling in the namespace"
	run timeout --foreground -k 5 60 unshare --pid --fork --mount-proc --kill-child sh -c '
		"$2" "$3" & s=$!
		until grep -qs ready "$3"; do sleep 0.01; done
		"$1" -t 30 sh -c "exit 0"; rc=$?
		kill -s PWR $s
		until grep -qs PWR "$3"; do sleep 0.01; done
		kill -KILL $s
		echo "rc=$rc"' sh "$FOSTER" "$BIN/sigrec" "$T/log"
	assert_success
	assert_output "rc=0"
	run cat "$T/log"
	assert_output --regexp '^ready [0-9]+
PWR$'
}

@test "teardown: a tree that keeps forking while it ignores TERM is killed at the grace, not later" {
	# A subreaper scans /proc for descendants; when they appear faster than
	# a scan, an unbounded rescan loop used to hold foster past its deadline.
	# Each forker leaves a TERM-ignoring sleep behind per turn, so every scan
	# is longer than the last and finds new processes.
	run_foster -t 1 sh -c 'for i in 1 2; do sh -c "trap \"\" TERM; while :; do sleep 1000 & done" & done; sleep 0.5; exit 3'
	assert_equal "$status" 3
	(( $(elapsed | cut -d. -f1) < 30 ))
	assert_no_leftovers
}

# Issue 8: every process gets its turn, once, even when stopped, even one
# that entered the namespace.

@test "teardown: a process that entered the namespace (nsenter) gets TERM and foster waits for it" {
	skip_in_mode subreaper "a subreaper's teardown reaches its descendants only"
	start_foster -t 30 sh -c 'until [ -e "$1" ]; do sleep 0.02; done' sh "$T/go"
	nsenter -t "$FOSTER_PID" -p -m sh -c \
		'trap "echo TERM; sleep 0.3; echo clean; exit 0" TERM; echo ready; while :; do sleep 0.05; done' \
		>"$T/entered" 2>&1 &
	local entered=$!
	wait_line "$T/entered" '^ready$'
	touch "$T/go"
	wait_foster
	assert_equal "$status" 0
	assert [ "$(elapsed | cut -d. -f1)" -lt 15 ]
	run cat "$T/entered"
	assert_line TERM
	assert_line clean
	wait "$entered"
}

@test "teardown: a TERM-ignoring entered process keeps foster waiting until it is gone" {
	skip_in_mode subreaper "a subreaper's teardown reaches its descendants only"
	start_foster -t 30 sh -c 'until [ -e "$1" ]; do sleep 0.02; done' sh "$T/go"
	nsenter -t "$FOSTER_PID" -p -m "$BIN/sigrec" -i TERM "$T/log" &
	local entered=$! p
	wait_line "$T/log" '^ready'
	p=$(host_pid "$FOSTER_PID" "$(sed -n 's/^ready //p' "$T/log")")
	touch "$T/go"
	wait_line "$T/log" '^CONT$' # teardown has begun: the main child is gone
	sleep 1
	assert [ -n "$(proc_state "$FOSTER_PID")" ]
	assert_not_equal "$(proc_state "$p")" Z
	kill -KILL "$p"
	wait_foster
	assert_equal "$status" 0
	assert [ "$(elapsed | cut -d. -f1)" -lt 20 ]
	wait "$entered" || true
}

@test "teardown: a TERM-ignoring entered process is killed at the end of the grace (-t 1)" {
	skip_in_mode subreaper "a subreaper's teardown reaches its descendants only"
	start_foster -t 1 sh -c 'until [ -e "$1" ]; do sleep 0.02; done' sh "$T/go"
	nsenter -t "$FOSTER_PID" -p -m "$BIN/sigrec" -i TERM "$T/log" &
	local entered=$!
	wait_line "$T/log" '^ready'
	touch "$T/go"
	wait_foster
	assert_equal "$status" 0
	assert [ "$(elapsed | cut -d. -f1)" -lt 15 ]
	run wait "$entered"
	assert_equal "$status" 137
	run cat "$T/log"
	assert_line CONT
}

@test "teardown: a worker that had the forwarded TERM gets no second one; a daemon that left the group gets its first" {
	# The worker (sigrec -T 5) records each signal and "finishes its
	# clean-up" 5 s after the last one: a second TERM would be a second line.
	start_foster -t 30 sh -c '"$1" -T 5 "$2" & setsid "$1" -x TERM "$3" &
		until grep -qs ready "$2" && grep -qs ready "$3"; do sleep 0.01; done; echo up; exec sleep 1000' \
		sh "$BIN/sigrec" "$T/worker" "$T/daemon"
	wait_line "$FOSTER_OUT" '^up$'
	kill -TERM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 143
	assert [ "$(elapsed | cut -d. -f1)" -lt 25 ]
	run grep -c '^TERM$' "$T/worker"
	assert_output 1
	run cat "$T/worker"
	assert_line CONT
	assert_line timeout # it finished by itself, it was not killed
	run cat "$T/daemon"
	assert_line TERM
	assert_no_leftovers
}

@test "teardown: a stopped program still acts on a forwarded stop request (SIGCONT follows it)" {
	FOSTER_TEST_TIMEOUT=20
	start_foster -t 30 sh -c 'trap "echo bye; exit 0" TERM; echo up; while :; do sleep 0.1; done'
	wait_line "$FOSTER_OUT" '^up$'
	local p
	p=$(children "$FOSTER_PID" | head -n1)
	kill -STOP "$p"
	wait_until 10 eval '[[ $(proc_state '"$p"') == T ]]'
	kill -TERM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 0
	assert_regex "$output" $'(^|\n)bye$'
	assert [ "$(elapsed | cut -d. -f1)" -lt 15 ]
	assert_no_leftovers
}

@test "teardown: a subreaper without its own /proc exits at the end of the grace, saying what it could not check" {
	skip_in_mode pid1 "runs its own namespace, without --mount-proc"
	no_lsan
	_T0=$EPOCHREALTIME
	run timeout -s KILL 20 unshare --pid --fork --kill-child sh -c \
		'"$1" -t 1 sh -c "setsid \"\$1\" -i TERM \"\$2\" & until grep -qs ready \"\$2\"; do sleep 0.01; done; exit 3" \
			sh "$2" "$3"; echo rc=$?' sh "$FOSTER" "$BIN/sigrec" "$T/log"
	assert_line rc=3
	assert_output --regexp 'foster: .*/proc'
	assert [ "$(elapsed | cut -d. -f1)" -lt 10 ]
}

# Issue 11: a subreaper's teardown is bounded against a moving fork chain.

@test "teardown: fork chains that ignore TERM and move on every fork are gone within the grace + 2 s" {
	run_foster --separate-stderr -t 2 sh -c '"$1" -n 2000000 "$2" & "$1" -n 2000000 -s "$2" &
		until [ "$(grep -c ready "$2")" = 2 ]; do sleep 0.01; done; exit 5' sh "$BIN/chain" "$T/ready"
	assert_equal "$status" 5
	assert [ "$(elapsed | cut -d. -f1)" -lt 15 ]
	assert_no_leftovers
}

# In a busy namespace (a pod's shared one, a host shell) every /proc scan
# reads hundreds of entries, and by the time it is done the chains have
# moved on: killing by pid from a scan seldom caught them (before the sweep,
# each round here took 11 to 60 s in half the runs, until the chains stopped
# by themselves). The 300 sleepers are orphaned to the namespace's PID 1,
# outside foster's tree. Three rounds, as one catches the fault only by luck.
@test "teardown: 8 moving fork chains in a namespace of 300 other processes: exit 5 in bounded time, none left" {
	skip_in_mode pid1 "as PID 1, kill(-1, SIGKILL) is atomic: the chain tests above"
	# Under ASan each /proc scan is many times slower, and the chains starve
	# it of CPU: its teardown took 16 s once in a fresh container. The time
	# bound is the product's, tested on the dynamic and static builds.
	skip_asan "too slow for the teardown's time bound"
	# shellcheck disable=SC2016
	FOSTER_PREFIX=(sh -c 'i=0; while [ $i -lt 300 ]; do (sleep 1000 &); i=$((i + 1)); done; exec "$@"' sh)
	local round took
	for round in 1 2 3; do
		rm -f "$T/ready"
		# Timed from the main child's exit ($T/t0): the teardown alone, not
		# the start, which the 8 chains' fork loops slow on a busy machine.
		# shellcheck disable=SC2016
		run_foster --separate-stderr -t 2 sh -c 'i=0; while [ $i -lt 8 ]; do "$1" -n 2000000 "$2" & i=$((i + 1)); done
			until [ "$(grep -c ready "$2")" = 8 ]; do sleep 0.01; done; date +%s.%N >"$3"; exit 5' \
			sh "$BIN/chain" "$T/ready" "$T/t0"
		took=$(awk -v a="$(cat "$T/t0")" -v b="$EPOCHREALTIME" 'BEGIN { printf "%d\n", b - a }')
		assert_equal "$status" 5
		# grace 2 s, sweep 0.5 s, SIGKILL rounds 2 s at most: < 10
		echo "round $round: the teardown took $took s" >&2
		assert [ "$took" -lt 10 ]
	done
	run grep -c ' (chain) ' "$T/leftovers"
	assert_output 0
}

@test "teardown: a chain with a process group per link ends the teardown in time, counted if not caught" {
	run_foster --separate-stderr -t 1 sh -c '"$1" -n 2000000 -g -s "$2" &
		until grep -qs ready "$2"; do sleep 0.01; done; exit 5' sh "$BIN/chain" "$T/ready"
	assert_equal "$status" 5
	assert [ "$(elapsed | cut -d. -f1)" -lt 15 ]
	if [[ -s $T/leftovers ]]; then
		assert_regex "$stderr" 'could not be caught'
	fi
}
