#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Reaping (SPEC §4): every orphan adopted from anywhere in foster's tree is
# reaped; no zombie stays. The checks run inside foster's namespace while
# foster still runs (procs reads the namespace's /proc), and from the host.

load helper

@test "reap: one orphan is reaped, no zombie left" {
	run_foster sh -c '"$1" 1 && "$2" -w 20 zombies' sh "$BIN/orphans" "$BIN/procs"
	assert_success
	assert_output "orphans: 1
0"
}

@test "reap: a double-forked daemon that exits later is reaped" {
	# The subshell exits at once; sleep, its child, is adopted by foster and
	# exits 0.3 s later: its /proc entry must then go away (reaped, not Z).
	run_foster sh -c '
		p=$( (sleep 0.3 >/dev/null 2>&1 & echo $!) )
		i=0
		while [ -e "/proc/$p" ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
		if [ -e "/proc/$p" ]; then echo "still there: $(cat /proc/$p/stat)"; exit 1; fi
		"$1" zombies' sh "$BIN/procs"
	assert_success
	assert_output "0"
}

@test "reap: 5000 orphans are reaped, no zombie left in /proc" {
	# stdout only: under a pids limit (podman's 2048) the helper retries
	# its forks, and foster says at exit how many the limit refused.
	run_foster --separate-stderr sh -c '"$1" 5000 && "$2" -w 30 zombies' sh "$BIN/orphans" "$BIN/procs"
	assert_success
	assert_output "orphans: 5000
0"
}

@test "reap: 5000 orphans that called setsid are reaped too" {
	# stdout only: under a pids limit (podman's 2048) the helper retries
	# its forks, and foster says at exit how many the limit refused.
	run_foster --separate-stderr sh -c '"$1" -s 5000 && "$2" -w 30 zombies' sh "$BIN/orphans" "$BIN/procs"
	assert_success
	assert_output "orphans: 5000
0"
}

@test "reap: no zombie is visible from the host either, while foster runs on" {
	start_foster sh -c '"$1" -w "$2" 500 && exec sleep 1000' sh "$BIN/orphans" "$T/done"
	wait_line "$T/done" '^orphans: 500$' 60
	wait_until 20 _no_zombies_in "$FOSTER_PID"
	run count_zombies "$FOSTER_PID"
	assert_output 0
	kill -s TERM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 143
	assert_no_leftovers
}

_no_zombies_in() {
	[[ $(count_zombies "$1") == 0 ]]
}

@test "reap: orphans do not change the exit status: the main child's is kept" {
	run_foster sh -c '"$1" 200 >/dev/null; exit 9' sh "$BIN/orphans"
	assert_failure 9
	assert_no_leftovers
}

@test "reap: with -c, orphans are still reaped" {
	run_foster -c sh -c '"$1" 200 && "$2" -w 20 zombies' sh "$BIN/orphans" "$BIN/procs"
	assert_success
	assert_output "orphans: 200
0"
}

# A zombie can be foster's before its main() runs: a child of the process
# that exec'd foster (an entrypoint script's finished background job), or
# an orphan re-parented to it while the loader and, in the ASan build, the
# sanitizer start. Its SIGCHLD went to the old program or was discarded
# (SIGCHLD is ignored by default until foster blocks it), so foster reaps
# once before its first wait, not only on SIGCHLD. perl (perl-base, always
# in Debian) forks a child that exits, and execs foster without reaping it.
# shellcheck disable=SC2016 # expanded by perl
INHERIT_ZOMBIE=(perl -MPOSIX -e 'defined(my $p = fork) or die "fork: $!"; $p or POSIX::_exit(0);
	select(undef, undef, undef, 0.2); exec @ARGV or die "exec: $!"' --)

@test "reap: a zombie foster inherits across exec is reaped at start, not at the next SIGCHLD" {
	FOSTER_PREFIX=("${INHERIT_ZOMBIE[@]}")
	run_foster "$BIN/procs" -w 10 zombies
	assert_success
	assert_output 0
	assert_no_leftovers
}

@test "reap: with --pause, a zombie inherited across exec is reaped at start" {
	FOSTER_PREFIX=("${INHERIT_ZOMBIE[@]}")
	start_foster -P -t 5
	wait_until 10 _no_zombies_in "$FOSTER_PID"
	kill -s TERM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 0
}
