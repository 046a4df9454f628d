#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fresh-install.sh source|deb: run inside a fresh Debian 12 container, in a
# clone of foster (../shared/tools/fresh/run.sh does that; .ci/run calls it),
# as root. Proves that a newcomer gets from `git clone` to a working foster:
#   source  the README's source install: deps.sh build, make, make static,
#           make install; then smoke tests of the installed binaries, and
#           make uninstall
#   deb     deps.sh package, dpkg-buildpackage -us -uc -b, lintian (no error,
#           no warning left without an override), apt-get install of the
#           .deb; then the same smoke tests, of /usr/bin/foster{,-static}
set -euo pipefail
cd "$(dirname "$0")/.."

t0=$(date +%s)
say() { printf '[fresh-install %4ds] %s\n' $(($(date +%s) - t0)) "$*"; }

# check BINDIR LIBEXECDIR MAN: the installed binaries, as a user would try them.
check() {
	local commit
	commit=$(git rev-parse --short=12 HEAD)
	say "installed: $("$1/foster" --version)"
	[ "$("$1/foster" --version)" = "foster version 0.1.0 - git.$commit" ]
	[ "$("$1/foster-static" --version)" = "foster version 0.1.0 - git.$commit" ]
	[ "$("$2/foster/docker-init" --version)" = "tini version 0.1.0_foster - git.$commit" ]
	"$1/foster-static" --license | grep -q '^musl libc, Copyright'
	test -s "$3"
	command -v foster >/dev/null
	tests/smoke.sh "$1/foster"
	tests/smoke.sh "$1/foster-static"
}

case ${1:-} in
source)
	say "README: ./scripts/deps.sh build && make && make static && make install"
	./scripts/deps.sh build >/dev/null
	make -s >/dev/null
	make -s static
	make -s install
	check /usr/local/bin /usr/local/libexec /usr/local/share/man/man1/foster.1
	make -s uninstall
	[ ! -e /usr/local/bin/foster ] && [ ! -e /usr/local/bin/foster-static ]
	say "make uninstall: gone"
	;;
deb)
	say "./scripts/deps.sh package && dpkg-buildpackage -us -uc -b"
	./scripts/deps.sh package >/dev/null
	dpkg-buildpackage -us -uc -b >/tmp/dpkg-buildpackage.log 2>&1 ||
		{ tail -50 /tmp/dpkg-buildpackage.log; exit 1; }
	grep -E '^unit:|end-to-end suite' /tmp/dpkg-buildpackage.log || true
	deb=$(ls ../foster_*_"$(dpkg --print-architecture)".deb)
	say "$deb: $(stat -c %s "$deb") bytes"
	dpkg-deb -c "$deb" | awk '{ print "  " $1, $3, $6, $7, $8 }'
	say "lintian (overrides shown, each with its reason; then the gate)"
	# --show-overrides makes overridden tags count for --fail-on: two runs.
	lintian --display-info --show-overrides "$deb" || true
	lintian --fail-on error,warning "$deb"
	say "apt-get install $deb"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$(realpath "$deb")" >/dev/null
	check /usr/bin /usr/libexec /usr/share/man/man1/foster.1.gz
	test -s /usr/share/doc/foster/copyright
	;;
*)
	echo "usage: $0 source|deb" >&2
	exit 2
	;;
esac
say "done"
