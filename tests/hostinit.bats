#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# foster refuses to be the init of a real boot (SPEC.md §1), and never a
# container's: these are the container side, with and without /proc. The
# boot side, where foster must exit 125, needs a kernel of its own:
# `make check-boot` (tests/boot/run.sh under qemu).

# shellcheck disable=SC2016 # sh -c scripts expand in that sh
load helper

@test "hostinit: a pid namespace with /proc mounted is a container: PROGRAM runs" {
	run_foster sh -c 'echo ran'
	assert_success
	assert_output ran
}

@test "hostinit: a pid namespace without /proc is a container too: PROGRAM runs" {
	skip_unless_root
	skip_asan_without_proc
	# helper.bash gives foster a private mount namespace: hiding /proc there
	# hides it from foster only.
	FOSTER_PREFIX=(sh -c 'mount -t tmpfs none /proc && exec "$@"' sh)
	run_foster --separate-stderr sh -c 'test -e /proc/self || echo ran without /proc'
	assert_success
	assert_output 'ran without /proc'
	# Without /proc foster cannot tell what else is left, and says so (SPEC.md §5).
	[ "$FOSTER_TEST_MODE" = subreaper ] || assert_equal "$stderr" \
		"foster: teardown: /proc is not of foster's pid namespace: cannot check for processes that entered it"
}
