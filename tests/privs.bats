#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# --user, --cap-drop, --cap-keep and --no-new-privs (SPEC.md §7, issue 3).
# Run as root. Credentials are read by tests/bin/privstatus, i.e. by
# PROGRAM itself from /proc/self/status, never from foster's log.

# shellcheck disable=SC2016,SC2034 # sh -c scripts expand in PROGRAM; FOSTER_PREFIX is helper.bash's
load helper

# Capability numbers, capabilities(7).
CAP_NET_BIND_SERVICE=10
CAP_NET_RAW=13
CAP_SYS_ADMIN=21

setup() {
	skip_unless_root
	# World-writable, so a PROGRAM running as nobody could write the marker:
	# its absence then means PROGRAM did not run, not that it was denied.
	# Not under $T, whose parents only root may enter.
	dir=$(mktemp -d /tmp/foster-privs.XXXXXX)
	chmod 1777 "$dir"
	marker=$dir/marker
	# PROGRAM runs as other users, who may not enter the checkout (a clone
	# under /root, mode 700): run the helpers from $dir instead.
	cp "$BIN/privstatus" "$BIN/privbind" "$BIN/deny" "$dir/"
	BIN=$dir
	# The sets this machine gives root: the bounding set need not be full.
	bnd=$((16#$(awk '/^CapBnd:/ { print $2 }' /proc/self/status)))
	eff=$((16#$(awk '/^CapEff:/ { print $2 }' /proc/self/status)))
}

teardown() {
	[[ -z ${dir:-} ]] || rm -rf "$dir"
	foster_teardown
}

hex() {
	printf '%016x' "$1"
}

# bits N...: the capability mask with bits N... set.
bits() {
	local mask=0 n
	for n; do
		mask=$((mask | 1 << n))
	done
	echo "$mask"
}

# refuses WORD ARG...: foster ARG... touch MARKER (through FOSTER_PREFIX, if
# set) exits 125 with one "foster: " line on stderr naming WORD, nothing on
# stdout, and touch never runs. The word that matters, not the whole text,
# as cli.bats asserts its refusals.
refuses() {
	local word=$1
	shift
	run_foster --separate-stderr "$@" touch "$marker"
	assert_equal "$status" 125
	assert_regex "$stderr" '^foster: '
	refute_regex "$stderr" $'\n'
	[[ $stderr == *"$word"* ]] || fail "stderr does not name '$word': $stderr"
	assert_equal "$output" ""
	assert [ ! -e "$marker" ]
}

@test "--user nobody: uid, gid, groups and HOME of the passwd entry, no capabilities" {
	HOME=/untouched run_foster --user nobody "$BIN/privstatus"
	assert_success
	assert_line 'Uid 65534 65534 65534 65534'
	assert_line 'Gid 65534 65534 65534 65534'
	assert_line 'Groups 65534'
	assert_line 'HOME=/nonexistent'
	assert_line 'CapInh 0000000000000000'
	assert_line 'CapPrm 0000000000000000'
	assert_line 'CapEff 0000000000000000'
	assert_line 'CapAmb 0000000000000000'
	assert_line "CapBnd $(hex "$bnd")"
	assert_line 'NoNewPrivs 0'
}

@test "--user 65534:65534: numbers, no supplementary groups, HOME from the entry" {
	HOME=/untouched run_foster --user 65534:65534 "$BIN/privstatus"
	assert_success
	assert_line 'Uid 65534 65534 65534 65534'
	assert_line 'Gid 65534 65534 65534 65534'
	assert_line 'Groups'
	assert_line 'HOME=/nonexistent'
}

@test "--user 1234 (no passwd entry): that uid, foster's gid, no groups, HOME untouched" {
	! getent passwd 1234 >/dev/null || skip "uid 1234 exists here"
	HOME=/untouched run_foster --user 1234 "$BIN/privstatus"
	assert_success
	assert_line 'Uid 1234 1234 1234 1234'
	assert_line 'Gid 0 0 0 0'
	assert_line 'Groups'
	assert_line 'HOME=/untouched'
	assert_line 'CapPrm 0000000000000000'
}

@test "--user 1234:4321: any numbers" {
	run_foster --user 1234:4321 "$BIN/privstatus"
	assert_success
	assert_line 'Uid 1234 1234 1234 1234'
	assert_line 'Gid 4321 4321 4321 4321'
	assert_line 'Groups'
}

@test "--user root:daemon: GROUP replaces root's primary group, as gosu does; capabilities stay" {
	HOME=/untouched run_foster --user root:daemon "$BIN/privstatus"
	assert_success
	assert_line 'Uid 0 0 0 0'
	assert_line 'Gid 1 1 1 1'
	assert_line 'Groups 1'
	assert_line 'HOME=/root'
	assert_line "CapBnd $(hex "$bnd")"
	assert_line "CapEff $(hex "$eff")"
}

@test "--user nobody:daemon: GROUP replaces the primary one, which is no supplementary group then" {
	run_foster --user nobody:daemon "$BIN/privstatus"
	assert_success
	assert_line 'Uid 65534 65534 65534 65534'
	assert_line 'Gid 1 1 1 1'
	assert_line 'Groups 1'
}

@test "--user nobody:root: group 0 only, as gosu nobody:root" {
	run_foster --user nobody:root "$BIN/privstatus"
	assert_success
	assert_line 'Gid 0 0 0 0'
	assert_line 'Groups 0'
}

@test "--user NAME: supplementary groups from the group database" {
	{ cat /etc/group; echo 'fostertest:x:4321:daemon,nobody'; } >"$dir/group"
	# helper.bash runs foster in a private mount namespace: /etc/group is ours there.
	FOSTER_PREFIX=(sh -c 'mount --bind "$0" /etc/group && exec "$@"' "$dir/group")
	run_foster --user nobody "$BIN/privstatus"
	assert_success
	assert_line 'Gid 65534 65534 65534 65534'
	assert_line 'Groups 4321 65534'
}

# many_groups N: a passwd and a group file in $dir, the system's with a user
# fostermany (uid 4000, gid 4000) listed in N groups, gids 50000 and up.
many_groups() {
	cp /etc/passwd "$dir/passwd"
	echo 'fostermany:x:4000:4000::/home/fostermany:/bin/sh' >>"$dir/passwd"
	{ cat /etc/group; awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "fosterg%d:x:%d:fostermany\n", i, 50000 + i }'; } >"$dir/group"
	private_etc "$dir/passwd" "$dir/group"
}

@test "--user NAME in more than 32 groups: every one of them" {
	local i want=
	many_groups 40
	run_foster --user fostermany "$BIN/privstatus"
	assert_success
	assert_line 'Uid 4000 4000 4000 4000'
	for ((i = 50000; i < 50040; i++)); do
		want+=" $i"
	done
	assert_line "Groups 4000$want"
}

@test "--user NAME in more than 65536 groups, the kernel's limit: exit 125, PROGRAM not run" {
	many_groups 65537
	refuses 'more than 65536 groups' --user fostermany
}

@test "--user: other variables reach PROGRAM untouched" {
	FOSTER_PRIVS_TEST=kept run_foster --user nobody sh -c 'echo "v=$FOSTER_PRIVS_TEST"'
	assert_success
	assert_output 'v=kept'
}

@test "--cap-drop all: every capability set of PROGRAM is empty" {
	run_foster --cap-drop all "$BIN/privstatus"
	assert_success
	assert_line 'Uid 0 0 0 0'
	local set
	for set in CapInh CapPrm CapEff CapBnd CapAmb; do
		assert_line "$set 0000000000000000"
	done
}

@test "--cap-drop net_raw,CAP_SYS_ADMIN: exactly those two are gone" {
	run_foster --cap-drop net_raw,CAP_SYS_ADMIN "$BIN/privstatus"
	assert_success
	local gone
	gone=$(bits $CAP_NET_RAW $CAP_SYS_ADMIN)
	assert_line "CapBnd $(hex $((bnd & ~gone)))"
	assert_line "CapPrm $(hex $((bnd & ~gone)))"
	assert_line "CapEff $(hex $((bnd & ~gone)))"
	assert_line 'CapInh 0000000000000000'
	assert_line 'CapAmb 0000000000000000'
}

@test "--cap-drop: names in any case, cap_ optional" {
	run_foster --cap-drop Net_Raw,cap_SYS_admin "$BIN/privstatus"
	assert_success
	assert_line "CapBnd $(hex $((bnd & ~$(bits $CAP_NET_RAW $CAP_SYS_ADMIN))))"
}

@test "--cap-drop with --user: gone from the bounding set too" {
	run_foster --user nobody --cap-drop net_raw "$BIN/privstatus"
	assert_success
	assert_line 'Uid 65534 65534 65534 65534'
	assert_line "CapBnd $(hex $((bnd & ~$(bits $CAP_NET_RAW))))"
	assert_line 'CapPrm 0000000000000000'
	assert_line 'CapAmb 0000000000000000'
}

@test "--cap-drop all --user nobody: nothing left anywhere" {
	run_foster --cap-drop all --user nobody "$BIN/privstatus"
	assert_success
	assert_line 'Uid 65534 65534 65534 65534'
	local set
	for set in CapInh CapPrm CapEff CapBnd CapAmb; do
		assert_line "$set 0000000000000000"
	done
}

@test "--cap-drop leaves foster itself its capabilities" {
	run_foster --user nobody --cap-drop all sh -c 'exec "$0" $PPID' "$BIN/privstatus"
	assert_success
	assert_line 'Uid 0 0 0 0'
	assert_line "CapEff $(hex "$eff")"
	assert_line "CapBnd $(hex "$bnd")"
}

privileged_port_80() {
	local start
	start=$(cat /proc/sys/net/ipv4/ip_unprivileged_port_start)
	((start > 80)) || skip "ip_unprivileged_port_start is $start: port 80 needs no capability here"
}

@test "--user nobody --cap-keep net_bind_service: binds port 80, CapAmb has that bit only" {
	privileged_port_80
	run_foster --user nobody --cap-keep net_bind_service "$BIN/privbind" 80
	[[ $output != EADDRINUSE ]] || skip "port 80 of 127.0.0.1 is in use on this machine"
	assert_success
	assert_output bound
	run_foster --user nobody --cap-keep net_bind_service "$BIN/privstatus"
	assert_success
	assert_line 'Uid 65534 65534 65534 65534'
	local kept
	kept=$(hex "$(bits $CAP_NET_BIND_SERVICE)")
	assert_line "CapAmb $kept"
	assert_line "CapPrm $kept"
	assert_line "CapEff $kept"
	assert_line "CapInh $kept"
	assert_line "CapBnd $(hex "$bnd")"
}

@test "--user nobody without --cap-keep: port 80 is refused (EACCES)" {
	privileged_port_80
	run_foster --user nobody "$BIN/privbind" 80
	assert_failure 1
	assert_output EACCES
}

@test "--cap-drop all --cap-keep net_bind_service: the kept one is also all the bounding set has" {
	run_foster --user nobody --cap-drop all --cap-keep NET_BIND_SERVICE "$BIN/privstatus"
	assert_success
	local kept
	kept=$(hex "$(bits $CAP_NET_BIND_SERVICE)")
	assert_line "CapBnd $kept"
	assert_line "CapAmb $kept"
	assert_line "CapPrm $kept"
}

@test "--no-new-privs: NoNewPrivs 1" {
	run_foster --no-new-privs "$BIN/privstatus"
	assert_success
	assert_line 'NoNewPrivs 1'
	assert_line 'Uid 0 0 0 0'
}

@test "--no-new-privs: a setuid-root program run by nobody does not gain root" {
	! findmnt -no OPTIONS -T "$dir" | grep -qw nosuid || skip "$dir is mounted nosuid"
	cp "$BIN/privstatus" "$dir/suid"
	chown root:root "$dir/suid"
	chmod 4755 "$dir/suid"
	# Control: without --no-new-privs the setuid bit works here.
	run_foster --user nobody "$dir/suid"
	assert_success
	assert_line 'Uid 65534 0 0 0'
	run_foster --user nobody --no-new-privs "$dir/suid"
	assert_success
	assert_line 'Uid 65534 65534 65534 65534'
	assert_line 'NoNewPrivs 1'
	assert_line 'CapEff 0000000000000000'
}

@test "the marker a refused PROGRAM would write does appear when it runs" {
	run_foster --user nobody touch "$marker"
	assert_success
	assert [ -e "$marker" ]
	run stat -c %u "$marker"
	assert_output 65534
}

@test "unknown user: exit 125, PROGRAM not run" {
	refuses 'no such user' --user nosuchuser
}

@test "unknown group: exit 125, PROGRAM not run" {
	refuses 'no such group' --user nobody:nosuchgroup
}

@test "empty user or group name: exit 125, PROGRAM not run" {
	refuses 'empty user' --user :daemon
	refuses 'empty group' --user nobody:
	refuses 'not a valid uid' --user 4294967295
	refuses 'not a valid gid' --user nobody:4294967295
}

@test "unknown capability: exit 125, PROGRAM not run" {
	refuses net_rawx --cap-drop net_raw,net_rawx
	refuses 'unknown capability' --cap-drop 13
	refuses sys_bogus --user nobody --cap-keep sys_bogus
}

@test "empty capability list: exit 125, PROGRAM not run" {
	refuses 'empty capability list' --cap-drop ''
	refuses 'empty capability list' --user nobody --cap-keep ''
	refuses 'empty capability name' --cap-drop net_raw,
}

@test "--cap-keep without --user: exit 125, PROGRAM not run" {
	refuses 'needs --user' --cap-keep net_bind_service
}

@test "--user when foster has no capabilities at all: exit 125, PROGRAM not run" {
	FOSTER_PREFIX=(setpriv --inh-caps=-all --bounding-set=-all)
	refuses setgroups --user nobody
}

@test "--user when foster lacks CAP_SETUID only: exit 125, PROGRAM not run as root" {
	FOSTER_PREFIX=(setpriv --inh-caps=-all --bounding-set=-setuid)
	refuses setuid --user nobody
}

@test "--cap-keep of a capability foster lacks: exit 125, PROGRAM not run" {
	FOSTER_PREFIX=(setpriv --inh-caps=-all --bounding-set=-net_bind_service)
	refuses net_bind_service --user nobody --cap-keep net_bind_service
}

@test "--cap-keep of a capability libcap knows but the kernel lacks: exit 125, PROGRAM not run" {
	# libcap finds the kernel's last capability with PR_CAPBSET_READ (23):
	# refused for CAP_CHECKPOINT_RESTORE (40, Linux 5.9), that one is the
	# first this kernel lacks. A libcap built without gperf (foster-static's)
	# looks names up only among the kernel's: there the name is unknown.
	[[ $(</proc/sys/kernel/cap_last_cap) == 40 ]] || skip "the kernel's last capability is not 40"
	FOSTER_PREFIX=("$BIN/deny" prctl,23,40:EINVAL --)
	refuses checkpoint_restore --user nobody --cap-keep checkpoint_restore
	assert_regex "$stderr" '(not a capability of this kernel|unknown capability)$'
}

@test "--cap-keep when the ambient set cannot be raised: exit 125, PROGRAM not run" {
	# prctl(PR_CAP_AMBIENT (47), PR_CAP_AMBIENT_RAISE (2), ...) refused.
	FOSTER_PREFIX=("$BIN/deny" prctl,47,2:EPERM --)
	refuses cap_set_ambient --user nobody --cap-keep net_bind_service
}

@test "--cap-drop when foster lacks CAP_SETPCAP: exit 125, PROGRAM not run" {
	FOSTER_PREFIX=(setpriv --inh-caps=-all --bounding-set=-setpcap)
	refuses net_raw --cap-drop net_raw
}

@test "--cap-drop of capabilities already gone needs no privilege" {
	FOSTER_PREFIX=(setpriv --inh-caps=-all --bounding-set=-all)
	run_foster --cap-drop all "$BIN/privstatus"
	assert_success
	assert_line 'CapBnd 0000000000000000'
}

@test "privileges are never taken from the environment" {
	FOSTER_USER=nobody FOSTER_CAP_DROP=all FOSTER_NO_NEW_PRIVS=1 run_foster "$BIN/privstatus"
	assert_success
	assert_line 'Uid 0 0 0 0'
	assert_line "CapBnd $(hex "$bnd")"
	assert_line 'NoNewPrivs 0'
}
