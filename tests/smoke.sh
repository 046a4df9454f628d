#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# smoke.sh FOSTER [RUNNER...]: a quick end-to-end check of one binary, for
# builds the bats suite does not reach (another architecture under qemu-user,
# an installed package). RUNNER (e.g. qemu-aarch64-static) runs FOSTER; the
# programs foster starts are the host's own. Needs root (unshare).
#
# Checks: --version and --license answer; foster, as PID 1 of a fresh pid
# namespace, runs a program, reaps an orphan re-parented to it (no zombie
# left), forwards SIGTERM to the program (its exit code 42 comes back), and
# tears down an orphan that is still running. Prints one line per check.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 FOSTER [RUNNER...]" >&2; exit 2; }
foster=$1
shift
tmp=$(mktemp -d)
upid=
cleanup() {
	[ -n "$upid" ] && kill -KILL "$upid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "smoke: FAIL: $*" >&2; exit 1; }
ok() { echo "smoke: ok: $*"; }

v=$("$@" "$foster" --version) || fail "--version exited $?"
[[ $v =~ ^foster\ version\ [0-9]+\.[0-9]+\.[0-9]+(\ -\ git\.[0-9a-f]{12})?$ ]] || fail "--version: $v"
ok "$v"
l=$("$@" "$foster" --license) || fail "--license exited $?"
[[ $l == "MIT License"* ]] || fail "--license: $l"
ok "--license"

# The program: an orphan that exits at once (foster must reap it), a
# sleeping one (teardown must end it), then wait for TERM.
cat >"$tmp/prog" <<'PROG'
( sh -c 'exit 0' & )
( sleep 1000 & )
zombies() { cat /proc/[0-9]*/stat 2>/dev/null | awk '$3 == "Z"' | wc -l; }
i=0
while [ "$(zombies)" != 0 ]; do
	i=$((i + 1))
	[ $i -lt 500 ] || { echo "zombie left" >>"$1"; exit 3; }
	sleep 0.02
done
trap 'echo TERM >>"$1"; exit 42' TERM
echo ready >>"$1"
while :; do sleep 0.05; done
PROG
unshare --pid --fork --mount-proc --kill-child "$@" "$foster" -- sh "$tmp/prog" "$tmp/log" &
upid=$!
for _ in $(seq 500); do
	grep -qs '^ready$' "$tmp/log" && break
	grep -qs 'zombie' "$tmp/log" && fail "an orphan stayed a zombie"
	kill -0 "$upid" 2>/dev/null || break
	sleep 0.02
done
grep -qs '^ready$' "$tmp/log" || fail "the program did not start: $(cat "$tmp/log" 2>/dev/null)"
ok "PID 1 runs the program and reaped an orphan"
pid1=$(cat "/proc/$upid/task/$upid/children")
kill -TERM "$pid1"
rc=0
wait "$upid" || rc=$?
upid=
grep -qs '^TERM$' "$tmp/log" || fail "SIGTERM was not forwarded"
[ "$rc" = 42 ] || fail "exit status $rc, not the program's 42"
ok "SIGTERM forwarded, exit status 42, teardown done"
