#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# release.sh: what `make release` runs. Static foster binaries per
# architecture in dist/ (foster-static-x86_64, foster-static-aarch64), with
# dist/SHA256SUMS, each checked with file(1); then, for each of them and for
# a 32-bit i686 build, the unit tests and tests/smoke.sh (foster-static as
# PID 1 of a pid namespace: run a program, forward TERM, reap an orphan),
# under qemu-user for the foreign ones. Needs root (unshare) for the smoke
# test; RELEASE_SMOKE=0 skips it.
#
# Toolchains, all Debian packages (scripts/deps.sh cross):
#   x86_64   musl-gcc (musl-tools), the host's own.
#   aarch64  aarch64-linux-gnu-gcc with the specs file of musl-dev:arm64
#            (multiarch: dpkg --add-architecture arm64): a musl binary, as
#            the x86_64 one, the one shipped.
#   i686     i686-linux-gnu-gcc -static, glibc (libc6-dev-i386-cross): a
#            32-bit test build only, not shipped. Debian's musl-dev:i386
#            would need the i386 multiarch index, and the cross glibc does
#            not: the test is of foster's raw signal syscalls on a 32-bit
#            ABI, which do not depend on the C library.
# libcap for each: scripts/libcap-musl.sh with LIBCAP_CC, from one download
# (build/libcap-src, shared with make static).
set -euo pipefail
cd "$(dirname "$0")/.."

# arch | compiler | archiver | runner | shipped
targets=(
	"x86_64|musl-gcc|ar||yes"
	"aarch64|aarch64-linux-gnu-gcc -specs /usr/lib/aarch64-linux-musl/musl-gcc.specs|aarch64-linux-gnu-ar|qemu-aarch64-static|yes"
	"i686|i686-linux-gnu-gcc|i686-linux-gnu-ar|qemu-i386-static|no"
)
[ "$(uname -m)" = x86_64 ] || { echo "release.sh: builds from an x86_64 host only" >&2; exit 1; }

t0=$(date +%s)
say() { printf 'release.sh [%4ds] %s\n' $(($(date +%s) - t0)) "$*"; }

rm -rf dist
mkdir -p dist
for t in "${targets[@]}"; do
	IFS='|' read -r arch cc ar run ship <<<"$t"
	dir=build/cross-$arch
	say "$arch: libcap ($cc)"
	LIBCAP_SRC=build/libcap-src LIBCAP_CC=$cc LIBCAP_AR=$ar LIBCAP_RANLIB=${ar%ar}ranlib scripts/libcap-musl.sh "$dir/libcap" >/dev/null
	say "$arch: foster"
	make -s CROSS_ARCH="$arch" CROSS_CC="$cc" cross-static >"$dir.log" 2>&1 ||
		{ cat "$dir.log" >&2; exit 1; }
	bin=dist/foster-static-$arch
	info=$(file -b "$bin")
	say "$arch: $(stat -c %s "$bin") bytes: $info"
	case $arch in
	x86_64) want='x86-64' ;;
	aarch64) want='ARM aarch64' ;;
	i686) want='Intel 80386' ;;
	esac
	[[ $info == *"$want"* && $info == *"statically linked"* ]] ||
		{ echo "release.sh: $bin is not a static $want binary" >&2; exit 1; }
	say "$arch: unit tests${run:+ under $run}"
	make -s CROSS_ARCH="$arch" CROSS_CC="$cc" CROSS_RUN="$run" cross-unit
	if [ "${RELEASE_SMOKE:-1}" = 1 ]; then
		say "$arch: smoke test${run:+ under $run}"
		# shellcheck disable=SC2086 # run is a command or nothing
		tests/smoke.sh "$bin" $run
	fi
	[ "$ship" = yes ] || rm -f "$bin"
done
(cd dist && sha256sum foster-static-* >SHA256SUMS)
say "dist/: $(cd dist && echo *)"
cat dist/SHA256SUMS
