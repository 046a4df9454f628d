#!/usr/bin/env bats
# Fault injection (issue 11): foster in a hostile sandbox. Descriptors 0-2
# closed, stdout a pipe nobody reads, no /proc or another namespace's /proc,
# close_range(2) refused by seccomp, its own fork refused by a pids cgroup,
# grace values at the edges, a stopped main child, a tree that forks on.
# Every test runs in both modes. The sandbox is set up inside foster's
# namespace by FOSTER_PREFIX commands that exec foster:
#   NO_PROC     a tmpfs over /proc: no procfs at all
#   OTHER_PROC  /proc unmounted, which uncovers the host's procfs beneath
#               (unshare --mount-proc mounts over it): another namespace's
#   deny CALL:ERRNO  a seccomp filter (tests/bin/deny.c)

load helper

# shellcheck disable=SC2016 # expanded by that sh
NO_PROC=(sh -c 'mount -t tmpfs none /proc && exec "$@"' sh)
# shellcheck disable=SC2016
OTHER_PROC=(sh -c 'umount /proc && exec "$@"' sh)

# _std_fds_only PID - PID holds no descriptor above 2 but anonymous inodes
# (its own signalfd, pidfd...): nothing it inherited.
_std_fds_only() {
	local fd
	for fd in /proc/"$1"/fd/*; do
		[[ ${fd##*/} -gt 2 ]] || continue
		[[ $(readlink "$fd") == anon_inode:* ]] || return 1
	done
	return 0
}

# _let_go PID - the inherited 7, 10 and 251 are gone from PID (builtins only:
# this is polled).
_let_go() {
	[[ -d /proc/$1/fd && ! -e /proc/$1/fd/7 && ! -e /proc/$1/fd/10 && ! -e /proc/$1/fd/251 ]]
}

# _fds_closed ERRNO PROC_PREFIX... - foster under `deny close_range:ERRNO`
# and the PROC_PREFIX sandbox, given 7, 10 and 251: it holds only 0-2 once
# the program runs, and the program has its copies.
_fds_closed() {
	local e=$1
	shift
	FOSTER_PREFIX=("$@" "$BIN/deny" "close_range:$e" --)
	# shellcheck disable=SC2016
	start_foster bash -c 'true <&7 && true <&10 && true <&251 && echo ok >"$1"; exec sleep 1000' \
		sh "$T/ok" 7</dev/null 10</dev/null 251</dev/null
	wait_line "$T/ok" '^ok$'
	if ! wait_until 10 _let_go "$FOSTER_PID" || ! _std_fds_only "$FOSTER_PID"; then
		ls -l /proc/"$FOSTER_PID"/fd >&2
		fail "foster kept inherited descriptors (close_range: $e)"
	fi
	kill -s TERM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 143
	# Under another namespace's /proc the subreaper-mode listing sees the host.
	[[ ${1:-} == "${OTHER_PROC[0]}" && ${3:-} == "${OTHER_PROC[2]}" ]] || assert_no_leftovers
}

@test "fault: close_range refused (ENOSYS) and no /proc: foster keeps no inherited descriptor" {
	_fds_closed ENOSYS "${NO_PROC[@]}"
}

@test "fault: close_range refused (EPERM) and no /proc: foster keeps no inherited descriptor" {
	_fds_closed EPERM "${NO_PROC[@]}"
}

@test "fault: close_range refused (ENOSYS) and another namespace's /proc: foster keeps no inherited descriptor" {
	_fds_closed ENOSYS "${OTHER_PROC[@]}"
}

@test "fault: close_range refused (EPERM), /proc usable: foster keeps no inherited descriptor" {
	_fds_closed EPERM
}

@test "fault: close_range refused, no /proc: an inherited fd just under the hard nofile limit is closed too" {
	# The fallback walks up to the hard RLIMIT_NOFILE (2^20 on many hosts);
	# poll(2) keeps that quick (2^20 close(2) calls take seconds here).
	local top
	top=$(($(ulimit -Hn) - 1))
	# shellcheck disable=SC2016
	FOSTER_PREFIX=(bash -c 'ulimit -n "$(ulimit -Hn)" && eval "exec $TOP</dev/null" && mount -t tmpfs none /proc && exec "$@"'
		bash "$BIN/deny" close_range:ENOSYS --)
	TOP=$top start_foster bash -c 'true <&"$TOP" && echo ok >"$1"; exec sleep 1000' sh "$T/ok"
	wait_line "$T/ok" '^ok$'
	wait_until 10 _std_fds_only "$FOSTER_PID"
	assert [ ! -e "/proc/$FOSTER_PID/fd/$top" ]
	kill -s TERM "$FOSTER_PID"
	wait_foster
	assert_equal "$status" 143
	assert [ "$(elapsed | cut -d. -f1)" -lt 20 ]
}
