#!/bin/sh
# SPDX-License-Identifier: MIT
# libcap-musl.sh PREFIX - provide a libcap built for musl in PREFIX, once:
# PREFIX/include/sys/capability.h, PREFIX/include/linux/capability.h and
# PREFIX/lib/libcap.a, for `make static` (musl-gcc -static).
#
# LIBCAP_CC (default musl-gcc) builds it for another target: the cross
# builds of scripts/release.sh give a cross compiler with Debian's musl
# (aarch64-linux-gnu-gcc -specs .../aarch64-linux-musl/musl-gcc.specs) or a
# static glibc one (i686-linux-gnu-gcc). The source is fetched once, into
# LIBCAP_SRC (default: libcap-src beside PREFIX), and built for each PREFIX.
#
# Debian ships libcap.a for glibc only, and a glibc archive cannot be linked
# into a musl binary. So, unless the system's own libcap is already a musl one
# (Alpine's libcap-static), this fetches libcap's source from Debian's source
# package of the same version as the installed libcap2 (apt-get source, with a
# private apt state under PREFIX/work: the machine's /etc/apt and apt caches
# are only read) and builds the static archive with musl-gcc. libcap ships the
# kernel's capability header (libcap/include/uapi), so no kernel headers are
# needed beyond it; it is installed next to sys/capability.h because musl-gcc
# does not search /usr/include.
#
# Needs on Debian 12: musl-tools, libcap-dev, dpkg-dev (dpkg-source, make,
# binutils), gcc, and a reachable Debian mirror. Nothing else is downloaded.
set -eu

die() {
	echo "libcap-musl.sh: $*" >&2
	exit 1
}

[ $# -eq 1 ] || die "usage: libcap-musl.sh PREFIX"
mkdir -p "$1"
PREFIX=$(cd "$1" && pwd)
CC_LIBCAP=${LIBCAP_CC:-musl-gcc}
SRC=${LIBCAP_SRC:-$(dirname "$PREFIX")/libcap-src}

if [ -f "$PREFIX/lib/libcap.a" ] && [ -f "$PREFIX/include/sys/capability.h" ]; then
	exit 0
fi

# The C library of the system itself: glibc answers GNU_LIBC_VERSION, musl
# does not. A musl system's own libcap.a (Alpine) is usable as it is.
system_is_musl() {
	! getconf GNU_LIBC_VERSION >/dev/null 2>&1
}

use_system_libcap() {
	mkdir -p "$PREFIX/include/sys" "$PREFIX/lib"
	cp /usr/include/sys/capability.h "$PREFIX/include/sys/"
	if [ -f /usr/include/linux/capability.h ]; then
		mkdir -p "$PREFIX/include/linux"
		cp /usr/include/linux/capability.h "$PREFIX/include/linux/"
	fi
	cp /usr/lib/libcap.a "$PREFIX/lib/libcap.a.tmp"
	mv "$PREFIX/lib/libcap.a.tmp" "$PREFIX/lib/libcap.a"
	echo "libcap-musl.sh: using the system's musl libcap (/usr/lib/libcap.a)"
}

if [ "$CC_LIBCAP" = musl-gcc ] && system_is_musl && [ -f /usr/lib/libcap.a ] && [ -f /usr/include/sys/capability.h ]; then
	use_system_libcap
	exit 0
fi

for tool in apt-get dpkg-query dpkg-source "${CC_LIBCAP%% *}" make ar; do
	command -v "$tool" >/dev/null 2>&1 ||
		die "$tool not found (apt-get install musl-tools libcap-dev dpkg-dev gcc)"
done

# fetch_source DIR: libcap's source tree, as Debian ships it, into DIR.
fetch_source() {

	# The source package and version the installed libcap2 was built from
	# (without a binNMU suffix such as +b1, which has no source of its own).
	SRCPKG=$(dpkg-query -W -f '${source:Package}' libcap2 2>/dev/null) ||
		die "libcap2 is not installed (apt-get install libcap-dev)"
	SRCVER=$(dpkg-query -W -f '${source:Version}' libcap2)
	if [ -z "$SRCPKG" ] || [ -z "$SRCVER" ]; then
		die "cannot tell libcap2's source version"
	fi

	WORK=$1.tmp
	mkdir -p "$(dirname "$1")"
	rm -rf "$WORK" "$1"
	mkdir -p "$WORK/sources.list.d" "$WORK/lists/partial" "$WORK/cache/archives/partial" "$WORK/dl"

	# deb-src twins of the machine's Debian entries: the deb822 file of Debian 12
	# images and the one-line sources.list of installed systems. Other files in
	# sources.list.d (third-party repositories) are left out on purpose.
	if [ -f /etc/apt/sources.list.d/debian.sources ]; then
		sed 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
			>"$WORK/sources.list.d/debian.sources"
	fi
	if [ -f /etc/apt/sources.list ]; then
		sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' /etc/apt/sources.list \
			>"$WORK/sources.list.d/debian.list"
	fi

	# Private lists, caches and locks, so the machine's apt state is untouched and
	# no lock is shared with a concurrent apt-get. Downloads run as root rather
	# than as _apt, which could not write into a build directory; apt still checks
	# every file against the signed Release files.
	APT_PRIVATE="-o Dir::Etc::SourceList=/dev/null
	 -o Dir::Etc::SourceParts=$WORK/sources.list.d
	 -o Dir::State::Lists=$WORK/lists
	 -o Dir::Cache=$WORK/cache
	 -o APT::Sandbox::User=root"

	echo "libcap-musl.sh: fetching $SRCPKG $SRCVER source from Debian"
	# shellcheck disable=SC2086 # APT_PRIVATE is a list of options
	apt-get -q $APT_PRIVATE update >"$WORK/apt-update.log" 2>&1 ||
		{ cat "$WORK/apt-update.log" >&2; die "apt-get update failed"; }
	# shellcheck disable=SC2086
	(cd "$WORK/dl" && apt-get -q $APT_PRIVATE source --download-only "$SRCPKG=$SRCVER") \
		>"$WORK/apt-source.log" 2>&1 ||
		{ cat "$WORK/apt-source.log" >&2; die "apt-get source $SRCPKG=$SRCVER failed"; }
	# dpkg-source checks the .dsc signature only where debian-keyring is
	# installed (a warning otherwise); apt has already checked the files' hashes
	# against the signed Release file, which is what vouches for them.
	dpkg-source --no-copy -x "$WORK"/dl/*.dsc "$WORK/src" >"$WORK/dpkg-source.log" 2>&1 ||
		{ cat "$WORK/dpkg-source.log" >&2; die "dpkg-source -x failed"; }
	echo "$SRCPKG $SRCVER" >"$WORK/src/VERSION.debian"
	mv "$WORK/src" "$1"
	rm -rf "$WORK"	# 20 MB of package indexes, not needed again
}

[ -f "$SRC/libcap/Makefile" ] || fetch_source "$SRC"
WORK=$PREFIX/work
rm -rf "$WORK"
mkdir -p "$WORK"
cp -a "$SRC" "$WORK/src"

# Only the static archive: no shared objects, no psx (foster has no threads),
# no gperf. _makenames runs at build time, so it is built with the host cc.
# MAKEFLAGS from a calling make would leak its variables into libcap's, and
# CFLAGS or LDFLAGS from the environment (dpkg-buildpackage exports its own)
# would replace libcap's -Os: foster-static grew from 91,824 to 108,168 bytes.
echo "libcap-musl.sh: building libcap.a with $CC_LIBCAP"
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u CFLAGS -u CPPFLAGS -u LDFLAGS \
	make -C "$WORK/src/libcap" CC="$CC_LIBCAP" BUILD_CC="${BUILD_CC:-cc}" \
	AR="${LIBCAP_AR:-ar}" RANLIB="${LIBCAP_RANLIB:-ranlib}" COPTS="-Os -ffunction-sections -fdata-sections" SHARED=no PTHREADS=no USE_GPERF=no \
	libcap.a >"$WORK/make.log" 2>&1 ||
	{ cat "$WORK/make.log" >&2; die "building libcap.a failed"; }

mkdir -p "$PREFIX/include/sys" "$PREFIX/include/linux" "$PREFIX/lib"
cp "$WORK/src/libcap/include/sys/capability.h" "$PREFIX/include/sys/"
cp "$WORK/src/libcap/include/uapi/linux/capability.h" "$PREFIX/include/linux/"
cp "$WORK/src/VERSION.debian" "$PREFIX/VERSION"
# The archive last, and atomically: its presence means the rest is there.
cp "$WORK/src/libcap/libcap.a" "$PREFIX/lib/libcap.a.tmp"
mv "$PREFIX/lib/libcap.a.tmp" "$PREFIX/lib/libcap.a"
echo "libcap-musl.sh: $PREFIX/lib/libcap.a ($(cat "$PREFIX/VERSION"), $CC_LIBCAP)"
