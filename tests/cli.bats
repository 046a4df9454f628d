#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The command line and the environment (SPEC "Command line", §6, §8): help,
# version, bad input (125 and one "foster: " line on stderr, PROGRAM never
# run), environment variables, and the command line winning over them.

load helper

# refute_ran - the PROGRAM of a rejected command line (touch $T/ran) never ran.
refute_ran() {
	[[ ! -e $T/ran ]] || fail "PROGRAM ran"
}

# assert_125 WORD - status 125, one stderr line "foster: ..." naming WORD.
assert_125() {
	assert_equal "$status" 125
	assert_regex "$stderr" '^foster: '
	refute_regex "$stderr" $'\n'
	[[ -z ${1:-} || $stderr == *"$1"* ]] || fail "stderr does not name '$1': $stderr"
	assert_equal "$output" ""
	refute_ran
}

@test "cli: --help and -h print usage to stdout and exit 0" {
	for h in --help -h; do
		run_foster --separate-stderr "$h"
		assert_success
		assert_output --partial "Usage: foster"
		assert_output --partial "--grace"
		assert_equal "$stderr" ""
	done
}

@test "cli: --version and -V print 'foster version X[ - git.COMMIT]' to stdout" {
	for v in --version -V; do
		run_foster --separate-stderr "$v"
		assert_success
		assert_output --regexp '^foster version [0-9]+\.[0-9]+\.[0-9]+( - git\.[0-9a-f]{4,40})?$'
		assert_equal "$stderr" ""
	done
}

@test "cli: help and version win over a PROGRAM: nothing runs" {
	run_foster --separate-stderr -V touch "$T/ran"
	assert_success
	refute_ran
}

@test "cli: no PROGRAM: 125 and the usage line on stderr" {
	run_foster --separate-stderr
	assert_125 "usage: foster [OPTION]... [--] PROGRAM [ARG]..."
	run_foster --separate-stderr -t 3 --
	assert_125 "usage: foster"
}

@test "cli: tini's -w and -s are accepted and change nothing" {
	run_foster --separate-stderr -w -s sh -c 'echo ran; exit 4'
	assert_failure 4
	assert_output ran
	assert_equal "$stderr" ""
}

@test "cli: -P and --pause take no PROGRAM; given one, 125 naming it" {
	run_foster --separate-stderr -P touch "$T/ran"
	assert_125 touch
	run_foster --separate-stderr --pause -- touch "$T/ran"
	assert_125 touch
}

# lines N: the number of stderr lines of `foster true` with the given variable.
lines() {
	(
		export "${1?}"
		foster_cmd true 2>&1 >/dev/null | grep -c '^foster: ' || true
	)
}

@test "cli: TINI_VERBOSITY on tini's scale: 0 and 1 quiet, 2 is level 1, 3 and 4 are level 2" {
	TINI_VERBOSITY=1 run_foster --separate-stderr true
	assert_success
	assert_equal "$stderr" ""
	TINI_VERBOSITY=0 run_foster --separate-stderr true
	assert_equal "$stderr" ""
	TINI_VERBOSITY=2 run_foster --separate-stderr true
	[[ -n $stderr ]]
	assert_equal "$(lines TINI_VERBOSITY=2)" "$(lines FOSTER_VERBOSITY=1)"
	assert_equal "$(lines TINI_VERBOSITY=3)" "$(lines FOSTER_VERBOSITY=2)"
	assert_equal "$(lines TINI_VERBOSITY=4)" "$(lines FOSTER_VERBOSITY=2)"
	FOSTER_VERBOSITY=0 TINI_VERBOSITY=3 run_foster --separate-stderr true
	assert_equal "$stderr" ""
}

@test "cli: an unknown option: 125 and a message naming it" {
	run_foster --separate-stderr --bogus touch "$T/ran"
	assert_125 bogus
	run_foster --separate-stderr -Z touch "$T/ran"
	assert_125 Z
}

@test "cli: an option without its argument: 125" {
	run_foster --separate-stderr -t
	assert_125
	run_foster --separate-stderr --rewrite
	assert_125
}

@test "cli: a bad signal name: 125 and a message naming it" {
	run_foster --separate-stderr -r FOO:TERM touch "$T/ran"
	assert_125 FOO
	run_foster --separate-stderr -r TERM:BAR touch "$T/ran"
	assert_125 BAR
	run_foster --separate-stderr --stop-signal NOPE touch "$T/ran"
	assert_125 NOPE
	run_foster --separate-stderr -p SIGNOPE touch "$T/ran"
	assert_125 SIGNOPE
	run_foster --separate-stderr -r 99:1 touch "$T/ran"
	assert_125 99
}

@test "cli: a rewrite without S:D form: 125" {
	run_foster --separate-stderr -r TERM touch "$T/ran"
	assert_125 TERM
	run_foster --separate-stderr -r :TERM touch "$T/ran"
	assert_125
}

@test "cli: bad grace values -1, abc, 1e999 and empty: 125 and a message naming them" {
	for g in -1 abc 1e999 1.5x inf nan; do
		run_foster --separate-stderr -t "$g" touch "$T/ran"
		assert_125 "$g"
	done
	run_foster --separate-stderr --grace '' touch "$T/ran"
	assert_125
}

@test "cli: bad exit codes for -e: 125" {
	for e in 256 -1 abc; do
		run_foster --separate-stderr -e "$e" touch "$T/ran"
		assert_125 "$e"
	done
}

@test "cli: good values are accepted: decimals, SIG names, numbers, long forms" {
	run_foster -t 0.25 --grace 2 --stop-signal SIGUSR1 -r 15:10 -r SIGHUP:0 -e 3 \
		--remap-exit 4 -p TERM -s --subreaper -g --pgroup -v -- true
	assert_success
	run_foster --grace=1.5 --stop-signal=HUP true
	assert_success
}

@test "cli: at -v, foster logs to stderr only, every line 'foster: ', and says subreaper when it is one" {
	run_foster --separate-stderr -v sh -c 'echo out'
	assert_success
	assert_output out
	[[ -n $stderr ]]
	run grep -cv '^foster: ' <<<"$stderr"
	assert_output 0
	if [[ $FOSTER_TEST_MODE == subreaper ]]; then
		run grep -ci subreaper <<<"$stderr"
		refute_output 0
	fi
}

@test "cli: at the default level a clean run writes nothing to stderr" {
	run_foster --separate-stderr sh -c 'echo out; exit 3'
	assert_failure 3
	assert_output out
	assert_equal "$stderr" ""
}

@test "cli: FOSTER_VERBOSITY and TINI_VERBOSITY turn logging on" {
	FOSTER_VERBOSITY=1 run_foster --separate-stderr true
	assert_success
	[[ -n $stderr ]]
	TINI_VERBOSITY=2 run_foster --separate-stderr true
	assert_success
	[[ -n $stderr ]]
	FOSTER_VERBOSITY=2 run_foster --separate-stderr true
	local two=$stderr
	FOSTER_VERBOSITY=1 run_foster --separate-stderr true
	(($(wc -l <<<"$two") >= $(wc -l <<<"$stderr")))
}

@test "cli: bad FOSTER_GRACE and FOSTER_STOP_SIGNAL values: 125" {
	FOSTER_GRACE=abc run_foster --separate-stderr touch "$T/ran"
	assert_125 abc
	FOSTER_STOP_SIGNAL=NOPE run_foster --separate-stderr touch "$T/ran"
	assert_125 NOPE
}


@test "cli: FOSTER_GRACE sets the grace: a TERM-ignoring leftover is killed soon" {
	FOSTER_GRACE=0.1 run_foster sh -c '"$1" -i TERM "$2" & until grep -qs ready "$2"; do sleep 0.01; done; exit 4' \
		sh "$BIN/sigrec" "$T/log"
	assert_failure 4
	# 0.1 s, not the default 5 s.
	assert [ "$(elapsed | cut -d. -f1)" -lt 4 ]
	assert_no_leftovers
}

@test "cli: -t wins over FOSTER_GRACE" {
	FOSTER_GRACE=30 run_foster -t 0.1 sh -c '"$1" -i TERM "$2" & until grep -qs ready "$2"; do sleep 0.01; done; exit 4' \
		sh "$BIN/sigrec" "$T/log"
	assert_failure 4
	assert [ "$(elapsed | cut -d. -f1)" -lt 15 ]
	assert_no_leftovers
}

@test "cli: FOSTER_STOP_SIGNAL sets the stop signal, --stop-signal wins over it" {
	FOSTER_STOP_SIGNAL=USR1 run_foster -t 30 sh -c '"$1" -x USR1 "$2" & until grep -qs ready "$2"; do sleep 0.01; done' \
		sh "$BIN/sigrec" "$T/log"
	assert_success
	run cat "$T/log"
	assert_line USR1
	refute_line TERM
	rm "$T/log"
	FOSTER_STOP_SIGNAL=USR1 run_foster -t 30 --stop-signal HUP sh -c '"$1" -x HUP "$2" & until grep -qs ready "$2"; do sleep 0.01; done' \
		sh "$BIN/sigrec" "$T/log"
	assert_success
	run cat "$T/log"
	assert_line HUP
	refute_line USR1
}

@test "cli: TINI_KILL_PROCESS_GROUP, TINI_SUBREAPER are accepted; -c wins over TINI_KILL_PROCESS_GROUP" {
	TINI_KILL_PROCESS_GROUP=1 TINI_SUBREAPER=1 run_foster sh -c 'exit 7'
	assert_failure 7
	export TINI_KILL_PROCESS_GROUP=1
	start_foster -c sh -c '"$1" -x TERM "$2" & exec "$1" -x ALRM "$3"' sh \
		"$BIN/sigrec" "$T/grand" "$T/main"
	wait_line "$T/grand" '^ready'
	wait_line "$T/main" '^ready'
	local g
	g=$(host_pid "$FOSTER_PID" "$(sed -n 's/^ready //p' "$T/grand")")
	kill -s USR1 "$FOSTER_PID"
	wait_line "$T/main" '^USR1$'
	barrier "$g" "$T/grand"
	run grep -c '^USR1$' "$T/grand"
	assert_output 0
	kill -s ALRM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 142
}

# Issue 11, failure 4: user-supplied bytes reached the terminal raw.
@test "cli: control bytes in a program name or a value are escaped, one line a message" {
	run_foster -127 --separate-stderr $'\x1b[2Jx'
	assert_equal "$stderr" 'foster: \033[2Jx: No such file or directory'
	FOSTER_STOP_SIGNAL=$'a\nb' run_foster --separate-stderr true
	assert_equal "$status" 125
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "$stderr" "foster: FOSTER_STOP_SIGNAL a\\012b: invalid value"
	run_foster -127 --separate-stderr $'caf\xc3\xa9\\'
	assert_equal "$stderr" 'foster: caf\303\251\\: No such file or directory'
}

@test "cli: -l, -L and --license print the MIT licence on stdout and exit 0; a lost write fails" {
	local opt
	for opt in -l -L --license; do
		run_foster --separate-stderr "$opt"
		assert_success
		assert_line --partial 'Permission is hereby granted, free of charge'
		assert_equal "$stderr" ''
	done
	# shellcheck disable=SC2016 # expanded by that sh
	FOSTER_PREFIX=(sh -c 'exec "$@" >&-' sh)
	run_foster --separate-stderr --license
	assert_equal "$status" 125
	[[ $stderr == *'write stdout'* ]]
}
