#!/bin/sh
# deps.sh [build|test|all]: install, with apt-get, the Debian/Ubuntu packages
# that foster needs and that are missing. build: compiler, make, libcap,
# musl. test: build + bats and the tools the suites use. all: test + what
# the container-runtime suite, the benchmark and check-boot use: podman and
# runc, podman-compose (examples/compose), systemd (systemd-socket-activate,
# podman's socket activation), the anchors (tini, dumb-init, catatonit), qemu
# and cpio (check-boot). Needs root (or sudo) when something is missing.
# (build includes procps: the demo shows the process tree with ps.)
set -eu

build="gcc make libc6-dev libcap-dev musl-tools dpkg-dev file git ca-certificates procps util-linux"
test="$build bats bats-support bats-assert bsdutils psmisc shellcheck cppcheck clang-tidy gcc libseccomp-dev clang libclang-rt-14-dev gcovr"
runtime="podman runc conmon catatonit busybox-static debootstrap uidmap podman-compose python3-yaml systemd"
all="$test $runtime tini dumb-init qemu-system-x86 cpio"

case "${1:-test}" in
build) want=$build ;;
test) want=$test ;;
all) want=$all ;;
*) echo "usage: $0 [build|test|all]" >&2; exit 2 ;;
esac

missing=
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
echo "deps.sh: installing$missing" >&2
$sudo apt-get update -q
# shellcheck disable=SC2086 # one word a package
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q $missing
