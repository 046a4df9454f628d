#!/bin/sh
# SPDX-License-Identifier: MIT
# deps.sh [build|test|cross|package|all]: install, with apt-get, the
# Debian/Ubuntu packages that foster needs and that are missing. build:
# compiler, make, libcap, musl. test: build + bats and the tools the suites
# use (mandoc and man for the man page). cross: the cross compilers,
# Debian's musl for arm64 (multiarch: adds the arm64 architecture to dpkg)
# and qemu-user, for `make release`. package: debhelper and lintian, for the
# .deb. all: test + cross + what the container-runtime suite, the benchmark
# and check-boot use: podman and runc, podman-compose (examples/compose),
# systemd (systemd-socket-activate, podman's socket activation), the anchors
# (tini, dumb-init, catatonit), qemu and cpio (check-boot). Needs root (or
# sudo) when something is missing.
# (build includes procps: the demo shows the process tree with ps.)
set -eu

build="gcc make libc6-dev libcap-dev musl-tools dpkg-dev file git ca-certificates procps util-linux"
test="$build bats bats-support bats-assert bsdutils psmisc shellcheck cppcheck clang-tidy gcc mandoc man-db libseccomp-dev clang libclang-rt-14-dev gcovr"
cross="gcc-aarch64-linux-gnu musl-dev:arm64 gcc-i686-linux-gnu qemu-user-static"
package="$build debhelper lintian"
runtime="podman runc conmon catatonit busybox-static debootstrap uidmap podman-compose python3-yaml systemd"
all="$test $cross $package $runtime tini dumb-init qemu-system-x86 cpio"

case "${1:-test}" in
build) want=$build ;;
test) want=$test ;;
cross) want=$cross ;;
package) want=$package ;;
all) want=$all ;;
*) echo "usage: $0 [build|test|cross|package|all]" >&2; exit 2 ;;
esac

missing=
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
echo "deps.sh: installing$missing" >&2
case $missing in
*:arm64*)
	dpkg --print-foreign-architectures | grep -qx arm64 || $sudo dpkg --add-architecture arm64
	;;
esac
$sudo apt-get update -q
# shellcheck disable=SC2086 # one word a package
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q $missing
