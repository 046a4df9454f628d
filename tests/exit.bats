#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Exit status (SPEC §6): the main child's code, 128+N for a signal, -e remap,
# and foster's own 125/126/127 with one line on stderr.

load helper

@test "exit: a program that succeeds gives 0" {
	run_foster true
	assert_success
	assert_output ""
}

@test "exit: a program that fails gives its code (1)" {
	run_foster false
	assert_failure 1
}

@test "exit: any code is passed through (77, 255)" {
	run_foster sh -c 'exit 77'
	assert_failure 77
	run_foster sh -c 'exit 255'
	assert_failure 255
}

@test "exit: a program killed by TERM gives 143" {
	run_foster sh -c 'kill -TERM $$'
	assert_failure 143
}

@test "exit: a program killed by KILL, USR1, SEGV gives 128+N" {
	run_foster sh -c 'kill -KILL $$'
	assert_failure 137
	run_foster sh -c 'kill -USR1 $$'
	assert_failure 138
	# The core-dump bit of the wait status must not leak into the code.
	cd "$T"
	run_foster sh -c 'ulimit -c unlimited 2>/dev/null; kill -SEGV $$'
	assert_failure 139
}

@test "exit: a program not found gives 127 and 'foster: NAME: No such file or directory'" {
	run_foster -127 --separate-stderr no-such-program-xyz arg
	assert_failure 127
	assert_equal "$stderr" "foster: no-such-program-xyz: No such file or directory"
	assert_equal "$output" ""
}

@test "exit: a path that does not exist gives 127" {
	run_foster -127 --separate-stderr "$T/nope/prog"
	assert_failure 127
	assert_equal "$stderr" "foster: $T/nope/prog: No such file or directory"
}

@test "exit: a file found but not executable gives 126 and 'Permission denied'" {
	printf 'echo should not run\n' >"$T/noexec"
	chmod 0644 "$T/noexec"
	run_foster --separate-stderr "$T/noexec"
	assert_failure 126
	assert_equal "$stderr" "foster: $T/noexec: Permission denied"
	assert_equal "$output" ""
}

@test "exit: a directory as PROGRAM gives 126" {
	run_foster --separate-stderr "$T"
	assert_failure 126
	assert_regex "$stderr" "^foster: $T: .+"
	refute_regex "$stderr" $'\n'
}

@test "exit: a path through a file (ENOTDIR) gives 126, as env(1) does" {
	run_foster --separate-stderr /etc/passwd/x
	assert_failure 126
	assert_equal "$stderr" "foster: /etc/passwd/x: Not a directory"
}

@test "exit: PROGRAM is searched in PATH" {
	mkdir "$T/bin"
	printf '#!/bin/sh\necho "found $*"; exit 3\n' >"$T/bin/my-prog"
	chmod 0755 "$T/bin/my-prog"
	PATH=$T/bin:$PATH run_foster my-prog a b
	assert_failure 3
	assert_output "found a b"
}

@test "exit: an executable without #! runs with /bin/sh" {
	printf 'echo "hello from sh: $1"\nexit 5\n' >"$T/script"
	chmod 0755 "$T/script"
	run_foster "$T/script" arg1
	assert_failure 5
	assert_output "hello from sh: arg1"
}

@test "exit: an executable without #! found in PATH runs with /bin/sh" {
	mkdir "$T/bin"
	printf 'echo "plain script"\n' >"$T/bin/plain"
	chmod 0755 "$T/bin/plain"
	PATH=$T/bin:$PATH run_foster plain
	assert_success
	assert_output "plain script"
}

@test "exit: -e CODE reports CODE as 0, other codes unchanged" {
	run_foster -e 3 sh -c 'exit 3'
	assert_success
	run_foster -e 3 sh -c 'exit 4'
	assert_failure 4
	run_foster --remap-exit 3 -e 4 sh -c 'exit 4'
	assert_success
	run_foster -e 3 -e 4 sh -c 'exit 5'
	assert_failure 5
}

@test "exit: -e 143 remaps death by TERM to 0 (as tini -e)" {
	run_foster -e 143 sh -c 'kill -TERM $$'
	assert_success
}

@test "exit: the status is the main child's even when other processes exit differently" {
	run_foster sh -c '(exit 9) & sh -c "exit 8" & wait; exit 6'
	assert_failure 6
}

@test "exit: arguments after PROGRAM reach it untouched, options included" {
	run_foster printf '[%s]\n' -t 5 --grace -- -c '' 'a b'
	assert_success
	assert_output "$(printf '[%s]\n' -t 5 --grace -- -c '' 'a b')"
}

@test "exit: -- ends the options" {
	run_foster -- sh -c 'exit 4'
	assert_failure 4
	run_foster -127 --separate-stderr -- -t
	assert_failure 127
	assert_equal "$stderr" "foster: -t: No such file or directory"
}
