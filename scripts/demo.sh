#!/bin/sh
# SPDX-License-Identifier: MIT
# demo.sh FOSTER: foster's main job on a real multi-process workload. Runs
# scripts/demo-app.sh under foster as PID 1 of a fresh pid namespace, shows
# the process tree, sends SIGTERM to foster as `docker stop` does, and shows
# what happened: the signal forwarded, every orphan reaped, the rest torn
# down, foster's exit status, and that nothing is left. Needs root (unshare).
set -eu
foster=${1:-./foster}
command -v ps >/dev/null || { echo "demo.sh: needs ps (Debian package procps)" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Processes (pid, ppid, state, command) below $1, as ps sees them from here.
tree() {
	ps -e -o pid=,ppid=,stat=,args= | awk -v root="$1" '
		{ pid[NR] = $1; ppid[NR] = $2; line[NR] = $0 }
		END { keep[root] = 1; n = 0
		      do { grew = 0; for (i = 1; i <= NR; i++) if (keep[ppid[i]] && !keep[pid[i]]) { keep[pid[i]] = 1; grew = 1 } } while (grew)
		      for (i = 1; i <= NR; i++) if (keep[pid[i]] || pid[i] == root) print "    " line[i] }'
}

echo "== foster as PID 1 of a new pid namespace, running scripts/demo-app.sh"
unshare --pid --fork --mount-proc --kill-child "$foster" -vv -- "$here/demo-app.sh" >"$log" 2>&1 &
unshare_pid=$!
i=0
until grep -q 'ready' "$log"; do
	i=$((i + 1)); [ $i -lt 200 ] || { cat "$log"; echo "demo: the app did not start" >&2; exit 1; }
	sleep 0.05
done
foster_pid=$(tr -d " " <"/proc/$unshare_pid/task/$unshare_pid/children")
sleep 0.5
echo "== the tree under foster (host pid $foster_pid; PID 1 inside):"
tree "$foster_pid"
echo "== zombies now: $(tree "$foster_pid" | awk '$3 ~ /^Z/' | wc -l)"

echo "== kill -TERM foster, as docker stop does"
start=$(date +%s%N)
kill -TERM "$foster_pid"
set +e
wait "$unshare_pid"
status=$?
set -e
end=$(date +%s%N)
echo "== what foster and the program said:"
sed 's/^/    /' "$log"
left=$(tree "$foster_pid" | wc -l)
echo "== foster exited with status $status after $(((end - start) / 1000000)) ms; processes left: $left"
[ "$status" = 0 ] && [ "$left" = 0 ]
