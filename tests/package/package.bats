#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# What a release promises beyond behaviour (issue "Ship it like a real
# project"): the licence and the bundled notices, a version dockerd can
# read from every kind of build, the man page, install and uninstall.
# Run by `make test-package`: FOSTER (dynamic) and FOSTER_STATIC_BIN (static)
# are the two builds of the source tree this file is in. Runs no foster as
# PID 1: no pid namespace needed.

bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert

setup() {
	SRC=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	FOSTER=${FOSTER:-$SRC/foster}
	STATIC=${FOSTER_STATIC_BIN:-$SRC/foster-static}
	T=$BATS_TEST_TMPDIR
	[[ -x $FOSTER && -x $STATIC ]] || fail "build both first: make all static"
}

# head_commit - the 12-digit commit of the checkout SRC is the top of, or skip.
head_commit() {
	[[ $(git -C "$SRC" rev-parse --show-toplevel 2>/dev/null) == "$SRC" ]] ||
		skip "not a git checkout: $SRC"
	git -C "$SRC" rev-parse --short=12 HEAD
}

# parse_init_version OUTPUT - a port of moby's parseInitVersion
# (daemon/info_unix.go), what dockerd does with `docker-init --version`:
#   parts := strings.Split(v, " - ")
#   if len(parts) >= 2: gitParts := strings.Split(TrimSpace(parts[1]), ".")
#       if len(gitParts) == 2 && gitParts[0] == "git": commit = gitParts[1]
#   parts[0] = TrimSpace(parts[0])
#   if HasPrefix(parts[0], "tini version "): version = TrimPrefix(...)
#   if version == "" && commit == "": error "unknown output format"
# Prints "version=V commit=C", or "error" (dockerd's warning, and no
# version in `docker version`).
parse_init_version() {
	awk -v v="$1" 'BEGIN {
		n = split(v, parts, / - /)
		if (n >= 2) {
			p = parts[2]; gsub(/^[ \t\n]+|[ \t\n]+$/, "", p)
			if (split(p, g, ".") == 2 && g[1] == "git")
				commit = g[2]
		}
		p = parts[1]; gsub(/^[ \t\n]+|[ \t\n]+$/, "", p)
		if (index(p, "tini version ") == 1)
			version = substr(p, 14)
		if (version == "" && commit == "") { print "error"; exit }
		print "version=" version " commit=" commit
	}'
}

@test "package: the parser port reads tini's and catatonit's answers as dockerd does" {
	run parse_init_version $'tini version 0.19.0 - git.de40ad0\n'
	assert_output "version=0.19.0 commit=de40ad0"
	run parse_init_version $'tini version 0.1.0_catatonit\n'
	assert_output "version=0.1.0_catatonit commit="
	run parse_init_version $'foster version 0.1.0 - git.0123456789ab\n'
	assert_output "version= commit=0123456789ab"
	run parse_init_version $'foster 0.1.0\n'
	assert_output "error"
	run parse_init_version $'tini version 1 - git.a.b\n'
	assert_output "version=1 commit="
}

@test "package: --license, -l and -L print LICENSE word for word, exit 0" {
	for opt in --license -l -L; do
		run --separate-stderr "$FOSTER" "$opt"
		assert_success
		assert_equal "$output" "$(cat "$SRC/LICENSE")"
		assert_equal "$stderr" ""
	done
}

@test "package: the static build's --license adds musl's and libcap's notices" {
	run --separate-stderr "$STATIC" --license
	assert_success
	[[ $output == "$(cat "$SRC/LICENSE")"* ]] || fail "does not start with LICENSE"
	assert_output --partial "musl libc, Copyright (c) 2005-2020 Rich Felker"
	assert_output --partial "libcap, Copyright (c) 1997-2016 Andrew G. Morgan"
	assert_output --partial "Redistribution and use in source and binary forms of libcap"
	run "$STATIC" -L true
	assert_success
	refute_output --partial "true"
}

@test "package: --version names foster's own commit, in both builds" {
	local commit
	commit=$(head_commit)
	for bin in "$FOSTER" "$STATIC"; do
		run --separate-stderr "$bin" --version
		assert_success
		assert_output "foster version 0.1.0 - git.$commit"
		run parse_init_version "$output"
		assert_output "version= commit=$commit"
	done
}

@test "package: called docker-init (a copy, a link), foster answers so that dockerd shows its version" {
	local commit
	commit=$(head_commit)
	cp "$STATIC" "$T/docker-init"
	ln -s "$STATIC" "$T/link"
	mkdir "$T/bin"
	ln -s ../link "$T/bin/docker-init"
	for bin in "$T/docker-init" "$T/bin/docker-init"; do
		run --separate-stderr "$bin" --version
		assert_success
		assert_output "tini version 0.1.0_foster - git.$commit"
		run parse_init_version "$output"
		assert_output "version=0.1.0_foster commit=$commit"
	done
	# Called by PATH, as dockerd runs its default init.
	run env PATH="$T:$PATH" docker-init --version
	assert_output "tini version 0.1.0_foster - git.$commit"
}

@test "package: a git archive tarball builds a foster that names the tarball's commit" {
	local commit
	commit=$(head_commit)
	mkdir "$T/src"
	git -C "$SRC" archive --format=tar HEAD | tar -x -C "$T/src"
	grep -qx "commit $(git -C "$SRC" rev-parse HEAD)" "$T/src/.version"
	make -s -C "$T/src" foster >/dev/null
	run "$T/src/foster" --version
	assert_output "foster version 0.1.0 - git.$commit"
}

@test "package: sources inside another git repository name foster's commit, not the repository's" {
	local commit
	commit=$(head_commit)
	git init -q "$T/outer"
	mkdir "$T/outer/foster"
	git -C "$SRC" archive --format=tar HEAD | tar -x -C "$T/outer/foster"
	git -C "$T/outer" add -A
	git -C "$T/outer" -c user.name=t -c user.email=t@t commit -qm outer
	make -s -C "$T/outer/foster" foster >/dev/null
	run "$T/outer/foster/foster" --version
	assert_output "foster version 0.1.0 - git.$commit"
}

@test "package: the man page is mandoc -T lint clean and covers every option and variable of --help" {
	command -v mandoc >/dev/null || skip "no mandoc"
	run mandoc -T lint -W warning "$SRC/foster.1"
	assert_success
	assert_output ""
	local page word
	page=$(mandoc -T ascii "$SRC/foster.1" | col -b)
	for word in $("$FOSTER" --help | grep -oE -- '--[a-z][a-z-]+|-[a-zA-Z]\b|[A-Z]+_[A-Z_]+' | sort -u); do
		[[ $page == *"$word"* ]] || fail "foster.1 does not mention $word"
	done
	for word in "EXIT STATUS" ENVIRONMENT TEARDOWN EXAMPLES docker-init; do
		[[ $page == *"$word"* ]] || fail "foster.1 has no $word"
	done
}

@test "package: man ./foster.1 works from the checkout" {
	command -v man >/dev/null || skip "no man"
	cd "$SRC"
	run env MANPAGER=cat MANWIDTH=80 man ./foster.1
	assert_success
	assert_output --partial "a tiny init for containers"
}

@test "package: make install and uninstall with PREFIX and DESTDIR" {
	local root=$T/root
	make -s -C "$SRC" install DESTDIR="$root" PREFIX=/usr >/dev/null
	cmp "$FOSTER" "$root/usr/bin/foster"
	cmp "$STATIC" "$root/usr/bin/foster-static"
	cmp "$SRC/foster.1" "$root/usr/share/man/man1/foster.1"
	[[ -x $root/usr/bin/foster && -x $root/usr/bin/foster-static ]]
	assert_equal "$(readlink "$root/usr/libexec/foster/docker-init")" "../../bin/foster-static"
	assert_equal "$(readlink "$root/usr/share/man/man1/foster-static.1")" "foster.1"
	run "$root/usr/libexec/foster/docker-init" --version
	assert_output --regexp '^tini version 0\.1\.0_foster( - git\.[0-9a-f]{12})?$'
	file -L "$root/usr/bin/foster-static" | grep -q 'statically linked'
	make -s -C "$SRC" uninstall DESTDIR="$root" PREFIX=/usr >/dev/null
	run find "$root" -type f -o -type l
	assert_output ""
	[[ ! -e $root/usr/libexec/foster ]]
}

@test "package: no make variable links a wrong binary under a right name" {
	run make -C "$SRC" install OUT=foster-static DESTDIR="$T/x"
	assert_failure
	assert_output --partial "OUT and BUILD are set by the Makefile"
	run make -C "$SRC" BUILD=build/static foster
	assert_failure
	[[ ! -e $T/x ]]
}
