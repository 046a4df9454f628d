# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# shellcheck disable=SC2034 # BIN, FOSTER_PID, status, output... are for the .bats files
# tests/helper.bash - shared by every tests/*.bats file: `load helper`.
#
# foster always runs inside a private pid namespace here, never on the host:
# as PID 1 its teardown sends kill(-1), which would end everything else.
#
# Environment
#   FOSTER             the binary under test (default: ../foster from tests/)
#   FOSTER_TEST_MODE   pid1      foster is PID 1 of a fresh pid namespace
#                                (unshare --pid --fork --mount-proc --kill-child)
#                      subreaper foster is not PID 1: the namespace's PID 1 is a
#                                plain sh, which runs foster as its child and,
#                                once foster has exited, lists every process
#                                left in the namespace (see assert_no_leftovers)
#   FOSTER_TEST_TIMEOUT  seconds before a run is killed (default 60)
#   BIN                tests/bin, the helper programs (sigrec, orphans, procs,
#                      sigwrap; usage at the top of each .c)
#
# Running foster (in the current mode, with a timeout)
#   foster_cmd ARGS...     run `foster ARGS...`; its exit status is foster's
#   run_foster [RUNFLAG]... ARGS...
#                          bats `run RUNFLAG... foster_cmd ARGS...`: $status,
#                          $output, and $stderr with --separate-stderr;
#                          RUNFLAG is any of run's -N ! --separate-stderr
#                          --keep-empty-lines (e.g. -127 for "not found")
#   ns_cmd CMD...          run CMD in foster's place (same namespace set-up):
#                          a baseline to compare foster's effect against
#   FOSTER_PREFIX=(CMD...) array: run CMD... FOSTER ARGS (CMD execs foster),
#                          e.g. FOSTER_PREFIX=("$BIN/sigwrap" -i INT --)
#   start_foster ARGS...   start foster_cmd in the background, stdout to
#                          $FOSTER_OUT, stderr to $FOSTER_ERR; wait until
#                          foster itself runs and set FOSTER_PID (its host pid)
#                          and FOSTER_JOB (the background job)
#   wait_foster            wait for it: $status, $output (stdout), $stderr
#   elapsed                seconds (decimal) since the last start_foster or
#                          run_foster began
#
# Waiting (never a fixed sleep for synchronisation)
#   wait_line FILE REGEX [SECONDS]   until a line of FILE matches (grep -E);
#                                    default 20 s; fails with FILE's content
#   wait_until SECONDS CMD...        until CMD succeeds; polls every 20 ms
#                                    (SECONDS: whole seconds)
#   wait_gone PID [SECONDS]          until PID is gone or a zombie
#   wait_child PID [SECONDS]         until PID has a child; print its host pid
#   barrier TARGET LOG [SIG]         send SIG (default PWR) to TARGET and wait
#                                    for one more SIG line in LOG (a sigrec
#                                    log): every lower-numbered signal sent
#                                    before and forwarded is in LOG by then, so
#                                    a missing line is proof it was not
#                                    delivered. Real-time signals are numbered
#                                    above PWR: behind them, use RTMIN+20.
#
# Processes (from the host's /proc, by host pid)
#   host_pid ANCHOR NSPID   the host pid of the process NSPID in ANCHOR's pid
#                           namespace (e.g. from sigrec's "ready <pid>")
#   ns_pids PID             host pids of every process in PID's pid namespace
#   count_zombies PID       how many of those are zombies
#   proc_state PID          one letter: R S D T Z ... (empty when gone)
#   sig_mask FIELD PID      a /proc/PID/status field: SigBlk, SigIgn, SigCgt...
#
#   children PID, descendants PID   host pids, from /proc/PID/task/*/children
#   find_foster PID         the host pid of foster among PID's descendants
#                           (exe is $FOSTER, its parent's is not)
#
# Assertions, skips, teardown
#   assert_no_leftovers     subreaper mode: nothing was left in the namespace
#                           after foster exited (pid1 mode: the kernel kills
#                           the namespace with its PID 1, nothing to see)
#   skip_unless_root        skip when not root
#   skip_asan_without_proc  skip for the ASan build (the sanitizer needs /proc)
#   skip_in_mode MODE WHY   skip the test in FOSTER_TEST_MODE=MODE
#   teardown                calls foster_teardown, which SIGKILLs by pid what
#                           start_foster left running; a .bats file that
#                           defines its own teardown() must call it
#
# Files: $T is $BATS_TEST_TMPDIR (fresh per test), logs go there;
# $T/leftovers is the subreaper-mode listing (one /proc/PID/stat line each).

bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert

FOSTER=$(realpath -m "${FOSTER:-$BATS_TEST_DIRNAME/../foster}")
FOSTER_TEST_MODE=${FOSTER_TEST_MODE:-pid1}
FOSTER_TEST_TIMEOUT=${FOSTER_TEST_TIMEOUT:-60}
BIN=$BATS_TEST_DIRNAME/bin
FOSTER_PREFIX=()
T=${BATS_TEST_TMPDIR:-/tmp}

case $FOSTER_TEST_MODE in
pid1 | subreaper) ;;
*)
	echo "FOSTER_TEST_MODE must be pid1 or subreaper, not '$FOSTER_TEST_MODE'" >&2
	return 1
	;;
esac

# The subreaper-mode PID 1: run the command, then list what is left.
# $1 is the leftovers file; the rest is the command. Builtins only after the
# command (no fork), so the listing sees the namespace as foster left it.
# shellcheck disable=SC2016 # expanded by that sh
_SUBREAPER_INIT='f=$1; shift
"$@"; rc=$?
for p in /proc/[0-9]*; do
	[ "${p#/proc/}" = 1 ] && continue
	l=; { read -r l <"$p/stat"; } 2>/dev/null || continue
	echo "$l" >>"$f"
done
exit $rc'

# ns_cmd CMD... - run CMD in a fresh pid namespace, where foster would run.
ns_cmd() {
	local -a ns=(timeout --foreground -k 5 "$FOSTER_TEST_TIMEOUT"
		unshare --pid --fork --mount-proc --kill-child)
	if [[ $FOSTER_TEST_MODE == pid1 ]]; then
		"${ns[@]}" "$@"
	else
		"${ns[@]}" sh -c "$_SUBREAPER_INIT" sh "$T/leftovers" "$@"
	fi
}

# private_etc PASSWD GROUP - put in front of FOSTER_PREFIX a bind mount of
# PASSWD and GROUP over /etc/passwd and /etc/group, in the private mount
# namespace ns_cmd's unshare makes: users and groups only this test has.
private_etc() {
	# shellcheck disable=SC2016 # expanded by that sh
	FOSTER_PREFIX=(sh -c 'mount --bind "$1" /etc/passwd && mount --bind "$2" /etc/group &&
		shift 2 && exec "$@"' sh "$1" "$2" "${FOSTER_PREFIX[@]}")
}

foster_cmd() {
	ns_cmd "${FOSTER_PREFIX[@]}" "$FOSTER" "$@"
}

run_foster() {
	local -a opt=()
	while [[ ${1:-} =~ ^(-[0-9]+|!|--separate-stderr|--keep-empty-lines)$ ]]; do
		opt+=("$1")
		shift
	done
	_T0=$EPOCHREALTIME
	run "${opt[@]}" foster_cmd "$@"
}

elapsed() {
	local now=$EPOCHREALTIME
	awk -v a="$_T0" -v b="$now" 'BEGIN { printf "%.3f\n", b - a }'
}

# children PID - the host pids of PID's children, one a line.
children() {
	local f c
	for f in /proc/"$1"/task/*/children; do
		read -r -a c <"$f" 2>/dev/null || true
		((${#c[@]})) && printf '%s\n' "${c[@]}"
	done
	return 0
}

# descendants PID - the host pids of PID's descendants, parents first.
descendants() {
	local c
	for c in $(children "$1"); do
		echo "$c"
		descendants "$c"
	done
}

# find_foster JOB - the host pid of foster (exe is $FOSTER, parent's is not).
find_foster() {
	local queue=("$1") p c
	while ((${#queue[@]})); do
		p=${queue[0]}
		queue=("${queue[@]:1}")
		for c in $(children "$p"); do
			if [[ /proc/$c/exe -ef $FOSTER && ! /proc/$p/exe -ef $FOSTER ]]; then
				echo "$c"
				return 0
			fi
			queue+=("$c")
		done
	done
	return 1
}

start_foster() {
	FOSTER_OUT=$T/foster.out
	FOSTER_ERR=$T/foster.err
	: >"$FOSTER_OUT"
	: >"$FOSTER_ERR"
	_T0=$EPOCHREALTIME
	foster_cmd "$@" >"$FOSTER_OUT" 2>"$FOSTER_ERR" 3>&- &
	FOSTER_JOB=$!
	FOSTER_PID=
	local i
	for ((i = 0; i < 1000; i++)); do
		FOSTER_PID=$(find_foster "$FOSTER_JOB") && return 0
		if ! kill -0 "$FOSTER_JOB" 2>/dev/null; then
			echo "start_foster: foster exited before it could be seen" >&2
			cat "$FOSTER_ERR" >&2
			return 1
		fi
		sleep 0.02
	done
	echo "start_foster: foster did not start within 20 s" >&2
	return 1
}

wait_foster() {
	status=0
	wait "$FOSTER_JOB" || status=$?
	output=$(cat "$FOSTER_OUT")
	stderr=$(cat "$FOSTER_ERR")
	FOSTER_JOB=
}

# foster_teardown - end whatever start_foster left running: every process
# of its job, by pid (foster's namespace dies with its PID 1 and with
# unshare). The helper's teardown() calls it; a file that defines its own
# teardown() must call it too.
foster_teardown() {
	local pids p rc=0
	if [[ -n ${FOSTER_JOB:-} ]]; then
		pids=$(descendants "$FOSTER_JOB")
		for p in $pids $FOSTER_JOB; do
			kill -KILL "$p" 2>/dev/null
		done
		wait "$FOSTER_JOB" 2>/dev/null || rc=$?
		FOSTER_JOB=
		# Shown only when the test failed: how foster's run ended.
		echo "foster's job ended with status $rc (137: killed here); its stderr:"
		sed 's/^/  | /' "$FOSTER_ERR"
	fi
	return 0
}

teardown() {
	foster_teardown
}

wait_until() {
	local end=$((${EPOCHREALTIME/[.,]/} + $1 * 1000000))
	shift
	# Wall time, not a count of tries: on a busy machine one try of a
	# /proc scan can take longer than the 20 ms between tries.
	while ((${EPOCHREALTIME/[.,]/} < end)); do
		"$@" && return 0
		sleep 0.02
	done
	"$@"
}

wait_line() {
	local file=$1 re=$2 secs=${3:-20}
	if ! wait_until "$secs" grep -qE -- "$re" "$file" 2>/dev/null; then
		echo "wait_line: no line matching '$re' in $file after ${secs}s; it holds:" >&2
		sed 's/^/  | /' "$file" >&2 2>/dev/null
		return 1
	fi
}

_has_child() {
	[[ -n $(children "$1") ]]
}

wait_child() {
	wait_until "${2:-20}" _has_child "$1" || {
		echo "wait_child: $1 has no child" >&2
		return 1
	}
	children "$1" | head -n1
}

barrier() {
	local target=$1 log=$2 sig=${3:-PWR} n
	n=$(grep -cxF "$sig" "$log" || true)
	# A full real-time queue refuses the signal (EAGAIN) until it drains.
	wait_until 20 kill -s "$sig" "$target" 2>/dev/null || return 1
	wait_until 20 _count_is "$log" "$sig" $((n + 1)) || {
		echo "barrier: $sig did not reach $log" >&2
		return 1
	}
}

_count_is() {
	[[ $(grep -cxF "$2" "$1") == "$3" ]]
}

proc_state() {
	local l
	{ read -r l <"/proc/$1/stat"; } 2>/dev/null || return 0
	l=${l##*) }
	echo "${l%% *}"
}

_gone() {
	local s
	s=$(proc_state "$1")
	[[ -z $s || $s == Z || $s == X ]]
}

wait_gone() {
	if ! wait_until "${2:-20}" _gone "$1"; then
		echo "wait_gone: $1 still there: $(cat "/proc/$1/stat" 2>/dev/null)" >&2
		return 1
	fi
}

host_pid() {
	local anchor=$1 nspid=$2 p k v
	for p in /proc/[0-9]*; do
		[[ $p/ns/pid -ef /proc/$anchor/ns/pid ]] || continue
		while read -r k v; do
			if [[ $k == NSpid: ]]; then
				[[ ${v##*[[:space:]]} == "$nspid" ]] && echo "${p#/proc/}" && return 0
				break
			fi
		done <"$p/status" 2>/dev/null
	done
	return 1
}

ns_pids() {
	local p
	[[ -e /proc/$1/ns/pid ]] || return 1
	for p in /proc/[0-9]*; do
		[[ $p/ns/pid -ef /proc/$1/ns/pid ]] && echo "${p#/proc/}"
	done
	return 0
}

count_zombies() {
	local n=0 p
	for p in $(ns_pids "$1"); do
		[[ $(proc_state "$p") == Z ]] && n=$((n + 1))
	done
	echo "$n"
}

sig_mask() {
	awk -v k="$1:" '$1 == k { print $2 }' "/proc/$2/status"
}

assert_no_leftovers() {
	[[ $FOSTER_TEST_MODE == subreaper ]] || return 0
	if [[ -s $T/leftovers ]]; then
		echo "left in the namespace after foster exited (pid (comm) state ppid ...):" >&2
		cut -d" " -f1-5 "$T/leftovers" | sed "s/^/  | /" >&2
		return 1
	fi
}

# skip_asan_without_proc: skip for the ASan build, which needs /proc itself
# (it reads its options and the executable's name there).
skip_asan_without_proc() {
	skip_asan "the sanitizer itself needs /proc"
}

# skip_asan WHY: skip the test for the ASan build (make test-asan).
skip_asan() {
	if ldd "$FOSTER" 2>/dev/null | grep -q libasan; then
		skip "ASan build: $1"
	fi
}

# no_lsan: for the ASan build (make test-asan), no LeakSanitizer check at
# exit. It needs a thread, which a pids limit or RLIMIT_NPROC that foster
# already fills refuses, and its own /proc: in a namespace whose /proc is
# another's, it reads /proc/<its pid> and fails when no such process exists.
no_lsan() {
	export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
}

skip_unless_root() {
	[[ $(id -u) == 0 ]] || skip "needs root"
}

skip_in_mode() {
	[[ $FOSTER_TEST_MODE != "$1" ]] || skip "$2"
}
