#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The terminal (SPEC §2): under a pty (script(1)), the program's process group
# is the terminal's foreground group, so Ctrl-C reaches the program; foster
# never takes a terminal it was not in the foreground of, and gives it back.
#
# tty_run CMD runs CMD with sh -c under a fresh pty. In CMD, $F starts foster:
#   pid1       script -c "unshare ... setsid --ctty foster ...": foster is PID 1
#              and a session leader with the pty as its controlling terminal,
#              as under `docker run -it` (runc does setsid + TIOCSCTTY)
#   subreaper  unshare ... script -c "foster ...": all inside the namespace
# $F0 is, in pid1 mode, plain `unshare ... foster`: foster's group (and the
# terminal's foreground group) then lie outside its pid namespace.
# $R is a snippet file that appends "pid= pgrp= sid= tpgid=" of the shell
# running it to $OUT (fields of /proc/$$/stat, as that namespace sees them).

load helper

setup() {
	R=$T/report
	OUT=$T/report.out
	cat >"$R" <<'EOF'
set -- $(sed 's/.*) //' /proc/$$/stat)
echo "pid=$$ pgrp=$3 sid=$4 tpgid=$6" >>"$OUT"
EOF
	export R OUT
	if [[ $FOSTER_TEST_MODE == pid1 ]]; then
		export F="unshare --pid --fork --mount-proc --kill-child setsid --ctty $FOSTER"
		export F0="unshare --pid --fork --mount-proc --kill-child $FOSTER"
	else
		export F=$FOSTER F0=$FOSTER
	fi
}

tty_run() {
	if [[ $FOSTER_TEST_MODE == pid1 ]]; then
		SHELL=/bin/sh timeout --foreground -k 5 "$FOSTER_TEST_TIMEOUT" \
			script -qec "$1" /dev/null
	else
		SHELL=/bin/sh timeout --foreground -k 5 "$FOSTER_TEST_TIMEOUT" \
			unshare --pid --fork --mount-proc --kill-child script -qec "$1" /dev/null
	fi
}

# field NAME LINE - the value of NAME= in a report line.
field() {
	sed -n "s/.*\\b$1=\\([0-9-]*\\).*/\\1/p" <<<"$2"
}

@test "tty: the program's process group is the terminal's foreground group" {
	run tty_run '$F sh "$R"'
	assert_success
	local l
	l=$(sed -n 1p "$OUT")
	[[ -n $l ]]
	assert_equal "$(field pgrp "$l")" "$(field pid "$l")"
	assert_equal "$(field tpgid "$l")" "$(field pgrp "$l")"
}

@test "tty: the program keeps the terminal: same session, not a new one" {
	run tty_run '$F sh -c "tty >\"\$OUT.tty\"; . \"\$R\""'
	assert_success
	run cat "$OUT.tty"
	assert_output --regexp '^/dev/pts/[0-9]+$'
	local l
	l=$(sed -n 1p "$OUT")
	assert_not_equal "$(field sid "$l")" "$(field pid "$l")"
}

@test "tty: Ctrl-C typed on the terminal reaches the program" {
	{
		wait_line "$T/log" '^ready' 30
		printf '\003'
		wait_line "$T/log" '^INT$' 30
	} | tty_run "\$F $BIN/sigrec -x INT $T/log" >/dev/null || true
	run cat "$T/log"
	assert_line INT
}

@test "tty: Ctrl-C ends a program that does not catch it; foster exits 130" {
	{
		wait_line "$OUT" '^pid=' 30
		printf '\003'
		wait_gone_file "$T/done" 30
	} | {
		tty_run '$F sh -c ". \"\$R\"; exec sleep 1000"; echo "rc=$?" >"$OUT.rc"'
		: >"$T/done"
	} >/dev/null
	run cat "$OUT.rc"
	assert_output "rc=130"
}

# wait_gone_file FILE SECONDS - until FILE exists.
wait_gone_file() {
	wait_until "$2" test -e "$1"
}

@test "tty: foster gives the terminal back when it ends" {
	# pid1 mode: plain unshare ($F0), so the shell is still there afterwards
	# (with setsid --ctty the namespace and the terminal's session end with
	# foster). foster's group is then outside its namespace: it must either
	# give the terminal back or not take it at all; Ctrl-C still reaches the
	# program through foster then.
	run tty_run '$F0 sh "$R"; . "$R"'
	assert_success
	local l
	l=$(sed -n 2p "$OUT")
	[[ -n $l ]]
	assert_equal "$(field tpgid "$l")" "$(field pgrp "$l")"
}

@test "tty: foster in a background group does not take the terminal" {
	# In pid1 mode (plain unshare) neither foster's group nor the foreground
	# group is visible in its namespace: tcgetpgrp() and getpgrp() are both 0
	# there, which must not pass for "foster is in the foreground".
	run tty_run 'set -m; $F0 sh "$R" </dev/tty & wait; . "$R"'
	assert_success
	local prog shell
	prog=$(sed -n 1p "$OUT")
	shell=$(sed -n 2p "$OUT")
	[[ -n $prog && -n $shell ]]
	assert_not_equal "$(field tpgid "$prog")" "$(field pgrp "$prog")"
	assert_equal "$(field tpgid "$shell")" "$(field pgrp "$shell")"
}

@test "tty: with stdin not a terminal, foster runs the program as usual" {
	run tty_run '$F0 sh -c ". \"\$R\"; exit 3" </dev/null'
	assert_failure 3
}
