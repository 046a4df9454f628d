#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/boot/run.sh FOSTER [WORKDIR] - foster-static as the init of a real
# boot must refuse (SPEC.md §1): exit 125, which the kernel reports as
# "Attempted to kill init! exitcode=0x00007d00" on the serial console.
#
# Two boots of a Debian kernel under qemu-system-x86_64 (KVM when /dev/kvm
# is usable, TCG otherwise), each with an initramfs made here:
#   1. rdinit=/foster: foster is the kernel's init, /proc is not mounted.
#   2. rdinit=/init, a busybox script that first runs foster as PID 1 of a
#      fresh pid namespace without /proc and then with it (a container: it
#      must run the program), mounts /proc and execs foster (must refuse).
# The kernel is Debian's linux-image-amd64 dependency, fetched once with
# apt-get download and unpacked into WORKDIR (default build/boot), never
# installed; BOOT_KERNEL=FILE uses that kernel image instead.
#
# Needs: qemu-system-x86, cpio, busybox-static, apt-get (Debian 12).
set -eu

die() {
	echo "boot: $*" >&2
	exit 1
}

[ $# -ge 1 ] || die "usage: tests/boot/run.sh FOSTER [WORKDIR]"
FOSTER=$(realpath "$1")
WORK=$(realpath -m "${2:-build/boot}")
BUSYBOX=${BUSYBOX:-/bin/busybox}
mkdir -p "$WORK"

for tool in qemu-system-x86_64 cpio; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool not found (scripts/deps.sh all)"
done
[ "$(id -u)" = 0 ] || die "needs root (mknod of the initramfs's /dev/console)"
file -L "$BUSYBOX" | grep -q 'statically linked' || die "$BUSYBOX is not static (busybox-static)"
file -L "$FOSTER" | grep -q 'statically linked' || die "$FOSTER is not static (make static)"

kernel() {
	if [ -n "${BOOT_KERNEL:-}" ]; then
		echo "$BOOT_KERNEL"
		return
	fi
	k=$(find "$WORK/kernel/boot" -name 'vmlinuz-*' 2>/dev/null | head -n 1)
	if [ -z "$k" ]; then
		pkg=$(apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: \(linux-image-[0-9].*\)/\1/p' | head -n 1)
		[ -n "$pkg" ] || die "no linux-image-amd64 dependency in apt's lists (apt-get update)"
		rm -rf "$WORK/dl" && mkdir -p "$WORK/dl"
		(cd "$WORK/dl" && apt-get download "$pkg") >"$WORK/download.log" 2>&1 ||
			{ cat "$WORK/download.log" >&2; die "apt-get download $pkg failed"; }
		dpkg-deb -x "$WORK"/dl/*.deb "$WORK/kernel"
		rm -rf "$WORK/dl"
		k=$(find "$WORK/kernel/boot" -name 'vmlinuz-*' | head -n 1)
	fi
	[ -n "$k" ] || die "no kernel image in $WORK/kernel"
	echo "$k"
}

# initramfs NAME: a cpio archive of busybox, foster and the case-2 script.
initramfs() {
	root=$WORK/root
	rm -rf "$root" && mkdir -p "$root/bin" "$root/dev" "$root/proc"
	# The kernel opens /dev/console for init; devtmpfs is not mounted yet.
	mknod "$root/dev/console" c 5 1
	cp "$BUSYBOX" "$root/bin/busybox"
	cp "$FOSTER" "$root/foster"
	cat >"$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
unshare -p -f /foster echo "container without /proc: PROGRAM-RAN"
mount -t proc proc /proc && test -e /proc/self/ns/pid && echo "/proc: MOUNTED"
unshare -p -f --mount-proc /foster echo "container with /proc: PROGRAM-RAN"
exec /foster echo "host init with /proc: PROGRAM-RAN"
INIT
	chmod 755 "$root/init"
	(cd "$root" && find . | cpio -o -H newc --quiet) >"$WORK/$1"
}

# boot LOG RDINIT: boot until init exits and the kernel panics; the console in LOG.
boot() {
	accel=tcg
	[ -w /dev/kvm ] && accel=kvm
	timeout 300 qemu-system-x86_64 -accel "$accel" -m 256 -smp 1 -nographic -no-reboot \
		-kernel "$KERNEL" -initrd "$WORK/initramfs.cpio" \
		-append "console=ttyS0 panic=-1 quiet rdinit=$2 -- /bin/busybox echo FOSTER-PROGRAM-RAN" \
		</dev/null >"$WORK/$1" 2>&1 || true
}

# expect LOG TEXT: LOG has TEXT, or the test fails with LOG shown.
expect() {
	grep -qF -- "$2" "$WORK/$1" && return
	sed 's/^/    /' "$WORK/$1" >&2
	die "$1: no '$2'"
}

refute() {
	grep -qF -- "$2" "$WORK/$1" || return 0
	sed 's/^/    /' "$WORK/$1" >&2
	die "$1: '$2' is there"
}

KERNEL=$(kernel)
initramfs initramfs.cpio

start=$(date +%s)
boot noproc.log /foster
expect noproc.log 'foster: refusing to run as PID 1 of the host'
expect noproc.log 'exitcode=0x00007d00'
refute noproc.log 'FOSTER-PROGRAM-RAN'
echo "boot: 1. rdinit=/foster without /proc: 125 ($(($(date +%s) - start)) s)"

start=$(date +%s)
boot proc.log /init
expect proc.log 'container without /proc: PROGRAM-RAN'
expect proc.log '/proc: MOUNTED'
expect proc.log 'container with /proc: PROGRAM-RAN'
expect proc.log 'foster: refusing to run as PID 1 of the host'
expect proc.log 'exitcode=0x00007d00'
refute proc.log 'host init with /proc: PROGRAM-RAN'
echo "boot: 2. containers run, rdinit=/init with /proc: 125 ($(($(date +%s) - start)) s)"
