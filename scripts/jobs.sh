#!/bin/sh
# SPDX-License-Identifier: MIT
# jobs.sh - how many test suites may run side by side here: 2, or 1 under
# a pids limit below 8192 (podman's default is 2048), which the suites'
# orphan storms and fork chains would share and exhaust. The limit is the
# smallest pids.max of this process's cgroup and its ancestors, cgroup v1
# or v2 (cgroups(7)). Prints the number; says why on stderr when it is 1.
set -eu
smallest=
check() { # DIR: pids.max of DIR and each ancestor up to the mount
	d=$1
	while [ -n "$d" ]; do
		if [ -r "$d/pids.max" ]; then
			v=$(cat "$d/pids.max")
			case $v in
			max) ;;
			*) [ -n "$smallest" ] && [ "$smallest" -le "$v" ] || smallest=$v ;;
			esac
		fi
		[ "$d" = "$2" ] && break
		d=${d%/*}
	done
}
v1=$(sed -n 's/^[0-9]*:\([^:]*,\)*pids\(,[^:]*\)*:\(.*\)/\3/p' /proc/self/cgroup)
v2=$(sed -n 's/^0::\(.*\)/\1/p' /proc/self/cgroup)
[ -z "$v1" ] || check "/sys/fs/cgroup/pids${v1%/}" /sys/fs/cgroup/pids
[ -z "$v2" ] || check "/sys/fs/cgroup${v2%/}" /sys/fs/cgroup
if [ -n "$smallest" ] && [ "$smallest" -lt 8192 ]; then
	echo "jobs.sh: pids limit $smallest: one test suite at a time" >&2
	echo 1
else
	echo 2
fi
