#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Container awareness (SPEC.md §7, §8, §11, the environment paragraph):
# exits that explain themselves, socket activation, --user and stdio.
#
# The cgroup tests make v1 cgroups of their own (memory, pids) under the
# hierarchies mounted in /sys/fs/cgroup and move foster into them: the
# prefix `cg_enter DIR... --` writes its pid to each DIR/cgroup.procs, then
# execs foster. The cgroups are removed in teardown.

load helper

CG_DIRS=()

# shellcheck disable=SC2016 # expanded by that sh
CG_ENTER='for d; do shift; [ "$d" = -- ] && break; echo $$ >"$d/cgroup.procs" || exit 125; done; exec "$@"'

# cg_make CONTROLLER: a fresh v1 cgroup of this test under CONTROLLER's
# hierarchy, in $CG; skips when there is none or it cannot be made.
cg_make() {
	local top=/sys/fs/cgroup/$1
	skip_unless_root
	grep -q " $top .* - cgroup cgroup .*\b$1\b" /proc/self/mountinfo ||
		skip "no cgroup v1 $1 hierarchy at $top"
	CG=$top/foster-test-$$-${BATS_SUITE_TEST_NUMBER:-0}
	mkdir "$CG" || skip "cannot make a cgroup under $top"
	CG_DIRS+=("$CG")
}

_rmdir_gone() {
	rmdir "$1" 2>/dev/null || [[ ! -d $1 ]]
}

teardown() {
	local d
	foster_teardown
	for d in "${CG_DIRS[@]}"; do
		# Its last processes may still be exiting (the namespace's death is asynchronous).
		wait_until 10 _rmdir_gone "$d" || echo "could not remove $d" >&2
	done
}

# ------------------------------------------------------------ signals --

@test "a signal foster did not forward is named, with (core dumped) when it dumped core" {
	cd "$T"
	run_foster --separate-stderr -134 sh -c 'ulimit -c unlimited; kill -ABRT $$'
	assert_regex "$stderr" '^foster: main child [0-9]+ \(sh\) was killed by SIGABRT \(core dumped\)$'
	run_foster --separate-stderr -139 sh -c 'ulimit -c 0; kill -SEGV $$'
	assert_regex "$stderr" '^foster: main child [0-9]+ \(sh\) was killed by SIGSEGV$'
	assert_no_leftovers
}

@test "a signal foster forwarded is no news: no line, the exit status 128+N" {
	start_foster sleep 1000
	wait_child "$FOSTER_PID" >/dev/null
	kill -TERM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 143
	assert_equal "$stderr" ""
}

@test "SIGKILL from elsewhere, no OOM kill counted: killed by SIGKILL, not out of memory" {
	# A memory cgroup of its own, so no other process's OOM kill is counted.
	cg_make memory
	FOSTER_PREFIX=(sh -c "$CG_ENTER" sh "$CG" --)
	run_foster --separate-stderr -137 sh -c 'kill -KILL $$'
	assert_regex "$stderr" '^foster: main child [0-9]+ \(sh\) was killed by SIGKILL$'
}

# ---------------------------------------------------------------- OOM --

@test "OOM kill in a v1 memory cgroup: out of memory, with the limit; the exit status stays 137" {
	cg_make memory
	echo 40M >"$CG/memory.limit_in_bytes"
	[[ ! -e $CG/memory.memsw.limit_in_bytes ]] || echo 40M >"$CG/memory.memsw.limit_in_bytes"
	FOSTER_PREFIX=(sh -c "$CG_ENTER" sh "$CG" --)
	run_foster --separate-stderr -137 "$BIN/hog"
	assert_regex "$stderr" '^foster: main child [0-9]+ \(.*hog\) was killed by SIGKILL: out of memory \(memory limit 40 MiB\)$'
	# the kernel's own count agrees
	grep -qx 'oom_kill [1-9][0-9]*' "$CG/memory.oom_control"
}

@test "cgroup v2: memory.events where the unified hierarchy has the memory controller" {
	local v2
	v2=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
	[[ -n $v2 ]] || skip "no cgroup2 mount"
	grep -qw memory "$v2/cgroup.controllers" ||
		skip "the memory controller is bound to v1 on this host ($v2 has: $(cat "$v2/cgroup.controllers")); v2 is covered by tests/unit/t_cgroup.c"
	grep -q ' - cgroup cgroup .*\bmemory\b' /proc/self/mountinfo &&
		skip "memory is also a v1 hierarchy here, which foster prefers"
	skip_unless_root
	CG=$v2/foster-test-$$-${BATS_SUITE_TEST_NUMBER:-0}
	mkdir "$CG" || skip "cannot make a cgroup under $v2"
	CG_DIRS+=("$CG")
	echo 40M >"$CG/memory.max"
	echo 0 >"$CG/memory.swap.max" 2>/dev/null || true
	FOSTER_PREFIX=(sh -c "$CG_ENTER" sh "$CG" --)
	run_foster --separate-stderr -137 "$BIN/hog"
	assert_regex "$stderr" '^foster: main child [0-9]+ \(.*hog\) was killed by SIGKILL: out of memory \(memory limit 40 MiB\)$'
}

# ----------------------------------------------------------- survivors --

@test "processes alive at the end of the grace period: how many, the first few by pid and name" {
	# The program exits at once; its sleeps ignore SIGTERM.
	run_foster --separate-stderr -t 0.5 sh -c 'trap "" TERM
		for i in 1 2 3 4 5 6; do sleep 1000 & done
		exit 0'
	assert_equal "$status" 0
	assert_regex "$stderr" '^foster: 6 processes still alive at the end of the grace period, sending SIGKILL: [0-9]+ \(sleep\), [0-9]+ \(sleep\), [0-9]+ \(sleep\), [0-9]+ \(sleep\), \.\.\.$'
	assert_no_leftovers
}

@test "one survivor is named alone; none, no line" {
	run_foster --separate-stderr -t 0.5 sh -c 'trap "" TERM; sleep 1000 & exit 0'
	assert_equal "$status" 0
	assert_regex "$stderr" '^foster: 1 process still alive at the end of the grace period, sending SIGKILL: [0-9]+ \(sleep\)$'
	run_foster --separate-stderr -t 5 sh -c 'sleep 1000 & exit 0'
	assert_equal "$status" 0
	assert_equal "$stderr" ""
	assert_no_leftovers
}

# ---------------------------------------------------------- pids limit --

@test "foster's own fork at the cgroup's pids limit: exit 125, the limit and the count named" {
	cg_make pids
	echo 1 >"$CG/pids.max"
	FOSTER_PREFIX=(sh -c "$CG_ENTER" sh "$CG" --)
	no_lsan
	run_foster --separate-stderr -125 true
	assert_equal "$stderr" "foster: fork: the cgroup's pids limit is reached (pids.max 1, 1 in use): Resource temporarily unavailable"
}

@test "the program's forks refused at the pids limit: counted at the end, the limit named, the status its own" {
	cg_make pids
	echo 6 >"$CG/pids.max"
	FOSTER_PREFIX=(sh -c "$CG_ENTER" sh "$CG" --)
	# foster, sh and four sleeps fill the cgroup; the fifth fork fails.
	run_foster --separate-stderr sh -c 'for i in 1 2 3 4 5 6 7 8; do sleep 1000 & done 2>/dev/null; exit 7'
	grep -qx 'max [1-9][0-9]*' "$CG/pids.events"
	# dash gives up at the first failed fork (exit 2); the status is the program's
	[[ $status == 2 || $status == 7 ]]
	assert_regex "$stderr" "^foster: [0-9]+ forks? failed at the cgroup's pids limit \(pids.max 6\)$"
	assert_no_leftovers
}

@test "foster's own fork under RLIMIT_NPROC: exit 125, the limit named" {
	skip_unless_root
	# uid 65534 must reach the binary: the checkout may be in a private home.
	local dir
	dir=$(mktemp -d /tmp/foster-aware.XXXXXX)
	chmod 755 "$dir"
	cp "$FOSTER" "$dir/foster"
	FOSTER_PREFIX=(setpriv --reuid 65534 --regid 65534 --clear-groups prlimit --nproc=1 --)
	no_lsan
	FOSTER=$dir/foster run_foster --separate-stderr -125 true
	rm -rf "$dir"
	assert_equal "$stderr" "foster: fork: RLIMIT_NPROC of uid 65534 is reached (limit 1): Resource temporarily unavailable"
}

# ------------------------------------------------------------ level 1 --

@test "-v: the container as foster sees it, in one line: mode, cgroup, limits, no_new_privs" {
	local mode=PID\ 1
	[[ $FOSTER_TEST_MODE == pid1 ]] || mode=subreaper
	run_foster --separate-stderr -v true
	assert_equal "$status" 0
	assert_regex "$stderr" "(^|"$'\n'")foster: container: $mode, cgroup /[^ ]* \(v[12]\), memory limit [^,]+, pids limit [^,]+, no_new_privs off($|"$'\n'")"

	cg_make pids
	echo 50 >"$CG/pids.max"
	FOSTER_PREFIX=(setpriv --no-new-privs sh -c "$CG_ENTER" sh "$CG" --)
	run_foster --separate-stderr -v true
	assert_equal "$status" 0
	assert_regex "$stderr" ", pids limit 50, no_new_privs on($|"$'\n'")"
	[[ $stderr == *"container: $mode"* ]]
}

@test "-v: the memory limit in MiB, and none when unlimited" {
	cg_make memory
	echo 64M >"$CG/memory.limit_in_bytes"
	FOSTER_PREFIX=(sh -c "$CG_ENTER" sh "$CG" --)
	run_foster --separate-stderr -v true
	assert_regex "$stderr" "container: .*, cgroup /([^ ]*/)?foster-test-[0-9-]+ \(v1\), memory limit 64 MiB, "
	echo -1 >"$CG/memory.limit_in_bytes"
	run_foster --separate-stderr -v true
	assert_regex "$stderr" "container: .*, memory limit none, "
}

# --------------------------------------------------- socket activation --

@test "LISTEN_PID naming foster names the program instead; any other value is untouched" {
	# shellcheck disable=SC2016 # expanded by that sh
	FOSTER_PREFIX=(sh -c 'LISTEN_PID=$$ exec "$@"' sh)
	run_foster sh -c 'echo "$LISTEN_PID $$"'
	assert_equal "$status" 0
	assert_regex "$output" '^([0-9]+) \1$'
	FOSTER_PREFIX=()
	LISTEN_PID=4242 run_foster sh -c 'echo "$LISTEN_PID"'
	assert_output 4242
	LISTEN_PID=1x run_foster sh -c 'echo "$LISTEN_PID"'
	assert_output 1x
}

@test "socket activation: the program accepts a connection on the listening socket passed as fd 3" {
	FOSTER_PREFIX=("$BIN/sdlisten" pass "$T/sock" --)
	start_foster "$BIN/sdlisten" serve
	wait_line "$FOSTER_OUT" '^serving [0-9]+$'
	run "$BIN/sdlisten" connect "$T/sock"
	assert_output --regexp '^hello from [0-9]+$'
	wait_foster
	assert_equal "$status" 0
}

# ------------------------------------------------------- --user, stdio --

@test "--user: a pipe on stdout is the user's while the program runs, /dev/stdout writable" {
	skip_unless_root
	# (bats keeps stderr in a regular file here, which stays root's)
	run_foster --separate-stderr -u nobody sh -c 'echo hi >/dev/stdout; stat -L -c "owner %u" /dev/stdout'
	assert_equal "$status" 0
	assert_equal "$output" "hi"$'\n'"owner 65534"
}

@test "--user: a named pipe on both stdout and stderr is given back to its owner, once" {
	skip_unless_root
	mkfifo "$T/fifo"
	cat "$T/fifo" >"$T/got" &
	local reader=$!
	foster_cmd -u nobody sh -c 'echo hi >/dev/stdout; echo err >/dev/stderr; stat -L -c "owner %u" /dev/stderr' \
		>"$T/fifo" 2>&1
	wait "$reader"
	run cat "$T/got"
	assert_output "hi"$'\n'"err"$'\n'"owner 65534"
	assert_equal "$(stat -c %u "$T/fifo")" 0
}

@test "--user: a regular file and /dev/null are left as they are" {
	skip_unless_root
	foster_cmd -u nobody sh -c 'stat -L -c "out %u" /dev/stdout; stat -L -c "in %u" /dev/stdin >&2' \
		>"$T/out" 2>"$T/err" </dev/null
	assert_equal "$(cat "$T/out")" "out 0"
	assert_equal "$(cat "$T/err")" "in 0"
	assert_equal "$(stat -c %u "$T/out")" 0
}

@test "--user: the terminal is the user's while the program runs, and root's again after" {
	skip_unless_root
	command -v script >/dev/null || skip "script is not installed (bsdutils)"
	# script(1) gives the run a pty; the shell in it checks the owner after foster.
	cat >"$T/pty.sh" <<-'EOF'
		foster=$1 mode=$2
		prog='echo hi >/dev/stdout; stat -L -c "during %u" /dev/stdout'
		if [ "$mode" = pid1 ]; then
			unshare --pid --fork --mount-proc --kill-child "$foster" -u nobody -- sh -c "$prog"
		else
			unshare --pid --fork --mount-proc --kill-child sh -c '"$@"' sh "$foster" -u nobody -- sh -c "$prog"
		fi
		echo "status $?"
		stat -L -c "after %u" /dev/stdin
	EOF
	run timeout 60 script -qec "sh $T/pty.sh $FOSTER $FOSTER_TEST_MODE" /dev/null
	assert_equal "$status" 0
	output=${output//$'\r'/}
	assert_equal "$output" "hi"$'\n'"during 65534"$'\n'"status 0"$'\n'"after 0"
}
