#!/bin/sh
# SPDX-License-Identifier: MIT
# The demo's program: a small multi-process service, written the way real
# entrypoint scripts are, i.e. not written to be PID 1. It starts three
# workers, a pipeline and a daemon that double-forks away from it, leaves a
# few orphans behind, and on SIGTERM stops its workers and exits 0.
say() { echo "app[$$]: $*"; }

for i in 1 2 3; do
	sh -c "trap 'echo \"worker $i: SIGTERM, finishing my work\"; exit 0' TERM
		while :; do sleep 1 & wait \$!; done" &
done
# A pipeline whose two ends outlive nothing but the app.
sh -c 'while :; do echo tick; sleep 1; done' | sh -c 'while read -r l; do :; done' &
# A daemon that double-forks into a session of its own, as daemons do: its
# parent exits, so it is re-parented to PID 1, and no group signal reaches it.
sh -c 'setsid sh -c "trap \"echo daemon: SIGTERM, bye; exit 0\" TERM; while :; do sleep 1 & wait \$!; done" & exit 0'
# Orphans that exit on their own: someone must reap them.
for i in 1 2 3 4 5; do sh -c 'sleep 0.1 & exit 0'; done

trap 'say "SIGTERM: stopping workers"; kill $(jobs -p) 2>/dev/null; wait; say "exiting 0"; exit 0' TERM
say "ready: 3 workers, a pipeline, a daemon, 5 orphans"
while :; do sleep 1 & wait $!; done
