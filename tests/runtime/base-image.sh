#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# base-image.sh REF: make sure podman's store has the image REF, a Debian 12
# (bookworm) root filesystem made here with `debootstrap --variant=minbase`
# and imported with `podman import`, so that Dockerfile.test's
# `FROM debian:bookworm-slim` builds with no registry. Made once, then reused
# (it is only the builder's base: `apt-get update` runs on top of it).
#
# The image gets the machine's own apt sources, the keyrings they name and
# the apt.conf.d settings that decide whether the mirror is usable (e.g.
# Acquire::Check-Valid-Until "false" for a snapshot mirror), so apt-get in the
# build reaches the same mirror as the machine.
#
# Needs root, debootstrap and a reachable Debian mirror. Uses CONTAINERS_CONF
# as set by the caller. Prints the time it took to stderr.
set -euo pipefail

ref=${1:?usage: base-image.sh REF}
suite=bookworm
if podman image exists "$ref"; then
	exit 0
fi
command -v debootstrap >/dev/null || { echo "base-image.sh: debootstrap is not installed" >&2; exit 1; }

# One build at a time, across checkouts: the store is the machine's.
exec 9>/var/tmp/foster-rt-base-image.lock
flock 9
podman image exists "$ref" && exit 0

t0=$(date +%s)

# The first deb URI of the machine's sources that serves $suite.
mirror=
for f in /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	mirror=$(awk -v suite="$suite" '
		/^[ \t]*#/ { next }
		/^[ \t]*$/ { if (ok && uri != "") { print uri; exit } ok = 0; uri = ""; next }
		tolower($1) == "uris:" { uri = $2 }
		tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == suite) ok = 1 }
		END { if (ok && uri != "") print uri }' "$f" | head -n1)
	[ -n "$mirror" ] && break
done
if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
	mirror=$(sed -E 's/\[[^]]*\]//' /etc/apt/sources.list |
		awk -v suite="$suite" '$1 == "deb" && $3 == suite { print $2; exit }')
fi
mirror=${mirror:-http://deb.debian.org/debian}

work=$(mktemp -d /var/tmp/foster-rt-base.XXXXXX)
cleanup() {
	local m
	for m in proc sys dev/pts dev; do
		if mountpoint -q "$work/rootfs/$m" 2>/dev/null; then umount -l "$work/rootfs/$m"; fi
	done
	rm -rf --one-file-system "$work"
}
trap cleanup EXIT
rootfs=$work/rootfs

echo "base-image.sh: debootstrap --variant=minbase $suite $mirror" >&2
if ! debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1; then
	tail -n 20 "$work/debootstrap.log" >&2
	echo "base-image.sh: debootstrap failed" >&2
	exit 1
fi

# The machine's apt sources, keyrings and mirror settings.
rm -f "$rootfs/etc/apt/sources.list"
[ -f /etc/apt/sources.list ] && cp /etc/apt/sources.list "$rootfs/etc/apt/sources.list"
for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
	[ -f "$f" ] || continue
	cp "$f" "$rootfs/etc/apt/sources.list.d/"
	grep -ohiE 'signed-by(:|=)[[:space:]]*/[^] ,[:space:]]+' "$f" | sed -E 's/^[^:=]*[:=][[:space:]]*//' |
		while read -r k; do
			if [ -f "$k" ] && [ ! -e "$rootfs$k" ]; then install -D -m 0644 "$k" "$rootfs$k"; fi
		done
done
for f in /etc/apt/apt.conf /etc/apt/apt.conf.d/*; do
	[ -f "$f" ] || continue
	if grep -qiE '^[^#/]*Acquire::(Check-Valid-Until|Check-Date|Max-ValidTime|Min-ValidTime|https?|ftp|socks|Retries)\b' "$f"; then
		cp "$f" "$rootfs$f"
	fi
done

# Like the official image: no package lists, no cached .debs.
chroot "$rootfs" apt-get clean
find "$rootfs/var/lib/apt/lists" -maxdepth 1 -type f ! -name lock -delete
rm -f "$rootfs/etc/resolv.conf" "$rootfs/etc/hostname"
: >"$rootfs/etc/machine-id"

tar --numeric-owner --xattrs --acls -C "$rootfs" \
	--exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' --exclude='./run/*' --exclude='./debootstrap' \
	-cf - . |
	podman import -q \
		--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
		--change 'CMD ["bash"]' \
		--message "foster runtime tests: debootstrap --variant=minbase $suite $mirror" \
		- "$ref" >/dev/null
echo "base-image.sh: $ref made in $(($(date +%s) - t0)) s" >&2
