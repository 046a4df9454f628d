# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# shellcheck disable=SC2034 # RT_RUN_ARGS, REC... are for the .bats files
# Helpers for the container-runtime tests (tests/runtime/*.bats).
#
# Everything the tests need is made here, under a private directory
# ($FOSTER_RT_DIR, default build/runtime/ of the checkout): the podman
# configuration (used through CONTAINERS_CONF, the machine's /etc/containers
# is never touched), the static test program rtprobe, the root filesystems of
# the images and runc's state. Images go into podman's store under the names
# localhost/foster-rt-*, tagged by the hash of what they hold, so that they
# are built once and reused by every test (and every run) that needs the
# same content.
#
# $FOSTER is the static init under test (the Makefile sets it to
# foster-static). Every container is labelled foster-rt.test=$RT_NAME and
# removed by rt_teardown, whatever the outcome of the test.

bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert

RT_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RT_DIR=${FOSTER_RT_DIR:-$RT_REPO/build/runtime}
export CONTAINERS_CONF=$RT_DIR/containers.conf

# ---------------------------------------------------------------- set-up --

# rt_skip REASON: in a test, skip it. In setup_file (bats 1.8 cannot skip
# there), remember REASON for every test of the file (rt_setup skips them)
# and return 1, so that `rt_... || return 0` ends setup_file.
rt_skip() {
	if [ -n "${BATS_TEST_NAME:-}" ]; then
		skip "$1"
	fi
	export RT_SKIP=$1
	return 1
}

# rt_require CMD...: skip unless each command exists, naming the Debian
# package that brings it.
rt_require() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 && continue
		case $c in
		podman) rt_skip "podman is not installed (Debian package podman)" ;;
		runc) rt_skip "runc is not installed (Debian package runc)" ;;
		musl-gcc) rt_skip "musl-gcc is not installed (Debian package musl-tools)" ;;
		busybox) rt_skip "busybox is not installed (Debian package busybox-static)" ;;
		debootstrap) rt_skip "debootstrap is not installed (Debian package debootstrap)" ;;
		script) rt_skip "script is not installed (Debian package bsdutils)" ;;
		*) rt_skip "$c is not installed" ;;
		esac
		return 1
	done
}

# The init under test: $FOSTER, static (it is copied into FROM-scratch images).
rt_check_foster() {
	[ -n "${FOSTER:-}" ] || { rt_skip "FOSTER is not set (run: make test-runtime)"; return 1; }
	[ -x "$FOSTER" ] || { rt_skip "FOSTER=$FOSTER is not an executable file"; return 1; }
	# A static binary has no program interpreter (no PT_INTERP header).
	if LC_ALL=C grep -qa '/ld-linux\|/ld-musl' "$FOSTER"; then
		rt_skip "FOSTER=$FOSTER is not statically linked (run: make static)"
		return 1
	fi
	# busybox-static: Debian's is static; refuse a dynamic one.
	if LC_ALL=C grep -qa '/ld-linux' "$(command -v busybox)"; then
		rt_skip "$(command -v busybox) is not statically linked (install busybox-static, not busybox)"
		return 1
	fi
}

# Is the init under test tini (the stand-in used while foster did not exist)?
# tini needs -g and -s through its environment to do what foster does by default.
rt_is_tini() { case ${FOSTER##*/} in *tini*) return 0 ;; esac; return 1; }

rt_write_conf() {
	mkdir -p "$RT_DIR"
	cat >"$RT_DIR/containers.conf.tmp" <<-'EOF'
		# Private podman configuration of foster's runtime tests (CONTAINERS_CONF).
		# crun refuses hybrid cgroups ("cgroups in hybrid mode not supported");
		# runc works, but only without podman's default RLIMIT_NOFILE, which is
		# above the hard limit of this kind of machine.
		[containers]
		default_ulimits = []

		[engine]
		runtime = "runc"
	EOF
	mv "$RT_DIR/containers.conf.tmp" "$CONTAINERS_CONF"
}

# Build rtprobe, static, when its source is newer.
rt_build_probe() {
	local src=$RT_REPO/tests/runtime/rtprobe.c out=$RT_DIR/bin/rtprobe
	mkdir -p "$RT_DIR/bin"
	if [ ! -x "$out" ] || [ "$src" -nt "$out" ]; then
		musl-gcc -static -O2 -Wall -Wextra -D_GNU_SOURCE -o "$out.tmp" "$src" || return 1
		mv "$out.tmp" "$out"
	fi
}

# rt_rootfs DIR WITH_FOSTER: a root filesystem of static binaries only:
# busybox (with its applets as symlinks), rtprobe and, if asked, /foster.
rt_rootfs() {
	local dir=$1 with_foster=$2 a
	rm -rf "$dir"
	mkdir -p "$dir/bin" "$dir/rec" "$dir/proc" "$dir/dev" "$dir/sys" "$dir/tmp" "$dir/etc"
	chmod 1777 "$dir/tmp"
	cp "$(command -v busybox)" "$dir/bin/busybox"
	for a in $("$dir/bin/busybox" --list); do
		[ -e "$dir/bin/$a" ] || ln -s busybox "$dir/bin/$a"
	done
	cp "$RT_DIR/bin/rtprobe" "$dir/bin/rtprobe"
	echo 'root:x:0:0:root:/:/bin/sh' >"$dir/etc/passwd"
	echo 'root:x:0:' >"$dir/etc/group"
	if [ "$with_foster" = 1 ]; then
		cp "$FOSTER" "$dir/foster"
		chmod 0755 "$dir/foster"
	fi
}

# rt_content_hash: what the images are made of.
rt_content_hash() {
	cat "$FOSTER" "$(command -v busybox)" "$RT_DIR/bin/rtprobe" "${BASH_SOURCE[0]}" |
		sha256sum | cut -c1-16
}

# rt_image NAME WITH_FOSTER CHANGE...: import (once) a FROM-scratch image
# localhost/foster-rt-NAME:HASH from rt_rootfs; prints its name.
rt_image() {
	local name=$1 with_foster=$2 hash ref dir c
	shift 2
	hash=$(rt_content_hash)
	ref=localhost/foster-rt-$name:$hash
	if ! podman image exists "$ref"; then
		dir=$RT_DIR/rootfs-$name
		rt_rootfs "$dir" "$with_foster"
		local changes=()
		for c in "$@"; do changes+=(--change "$c"); done
		tar --numeric-owner -C "$dir" -cf - . |
			podman import -q "${changes[@]}" --message "foster runtime tests: $name" - "$ref" >/dev/null ||
			return 1
	fi
	echo "$ref"
}

# Remove our images made more than 2 hours ago (never those of a run going
# on now: a run takes minutes, and an image in use cannot be removed).
rt_prune_images() {
	local id
	for id in $(podman images -q --filter 'reference=localhost/foster-rt-*' --filter until=2h 2>/dev/null); do
		podman rmi "$id" >/dev/null 2>&1 || true
	done
}

# setup_file of every runtime test file: check what is needed, make it once.
# Returns 1 when the file's tests are to be skipped (see rt_skip):
#   setup_file() { rt_setup_file || return 0; }
# A failure to make what is needed, when the tools are there, fails instead.
rt_setup_file() {
	rt_require podman musl-gcc busybox || return 1
	rt_check_foster || return 1
	rt_write_conf
	rt_build_probe
	RT_IMG_SCRATCH=$(rt_image scratch 1 \
		'ENTRYPOINT ["/foster", "--"]' 'CMD ["sh"]' 'ENV PATH=/bin' 'WORKDIR /')
	RT_IMG_PLAIN=$(rt_image plain 0 'CMD ["sh"]' 'ENV PATH=/bin' 'WORKDIR /')
	export RT_IMG_SCRATCH RT_IMG_PLAIN
	rt_prune_images
}

# rt_debian_base: print the name of a Debian bookworm-slim image in the
# store, for `FROM debian:bookworm-slim` with no registry: the registry's own
# if it is there, else localhost/foster-debootstrap:bookworm-slim, made once
# per machine by base-image.sh (about 3 minutes). On failure prints why, and
# returns 1.
rt_debian_base() {
	local base=docker.io/library/debian:bookworm-slim
	if podman image exists "$base"; then
		echo "$base"
		return 0
	fi
	base=localhost/foster-debootstrap:bookworm-slim
	if ! podman image exists "$base"; then
		if ! command -v debootstrap >/dev/null; then
			echo "no debian:bookworm-slim image, and debootstrap is not installed (Debian package debootstrap)"
			return 1
		fi
		if ! "$RT_REPO/tests/runtime/base-image.sh" "$base" >"$RT_DIR/base-image.log" 2>&1; then
			echo "no debian:bookworm-slim image, and debootstrap could not make one: $(tail -n 3 "$RT_DIR/base-image.log" | tr '\n' ' ')"
			return 1
		fi
	fi
	echo "$base"
}

# ------------------------------------------------------------- per test --

rt_setup() {
	[ -z "${RT_SKIP:-}" ] || skip "$RT_SKIP"
	RT_NAME=foster-rt-${BATS_ROOT_PID:-$$}-${BATS_SUITE_TEST_NUMBER:-0}
	REC=$BATS_TEST_TMPDIR/rec
	mkdir -p "$REC"
	chmod 0777 "$REC"
	# RT_COMMON_ARGS: for every container; RT_RUN_ARGS: for those outside a pod
	RT_COMMON_ARGS=(--label "foster-rt.test=$RT_NAME" -v "$REC:/rec")
	if rt_is_tini; then
		RT_COMMON_ARGS+=(-e TINI_KILL_PROCESS_GROUP=1 -e TINI_SUBREAPER=1)
	fi
	RT_RUN_ARGS=("${RT_COMMON_ARGS[@]}" --network none)
}

rt_teardown() {
	local ids
	[ -n "${RT_NAME:-}" ] || return 0 # skipped before rt_setup named it
	# shellcheck disable=SC2086 # lists of ids
	if [ -n "${RT_POD:-}" ]; then
		podman pod rm -f -t 0 "$RT_POD" >/dev/null 2>&1 || true
	fi
	ids=$(podman ps -aq --filter "label=foster-rt.test=$RT_NAME" 2>/dev/null) || true
	# shellcheck disable=SC2086 # a list of ids
	[ -z "$ids" ] || podman rm -f -t 0 $ids >/dev/null 2>&1 || true
}

# ---------------------------------------------------------------- tools --

# Milliseconds since the epoch.
rt_ms() { date +%s%3N; }

# rt_assert_ms WHAT MS MIN MAX: MIN <= MS < MAX, or fail saying so.
rt_assert_ms() {
	if [ "$2" -lt "$3" ] || [ "$2" -ge "$4" ]; then
		echo "$1 took $2 ms, expected at least $3 ms and less than $4 ms" >&2
		return 1
	fi
}

# rt_wait_for FILE REGEX [SECONDS]: wait until a line of FILE matches.
rt_wait_for() {
	local file=$1 re=$2 limit=${3:-20} i=0
	while ! grep -qE "$re" "$file" 2>/dev/null; do
		i=$((i + 1))
		if [ "$i" -gt $((limit * 20)) ]; then
			echo "rt_wait_for: no line matching '$re' in $file after ${limit}s; it holds:" >&2
			cat "$file" >&2 2>/dev/null || echo "(no such file)" >&2
			return 1
		fi
		sleep 0.05
	done
}

# rt_wait_exited CONTAINER [SECONDS]: wait until podman says it exited.
rt_wait_exited() {
	local c=$1 limit=${2:-20} st end
	end=$((SECONDS + limit))
	while :; do
		st=$(podman inspect --format '{{.State.Status}}' "$c" 2>/dev/null) || st=gone
		case $st in exited | stopped | gone) return 0 ;; esac
		[ "$SECONDS" -lt "$end" ] || { echo "rt_wait_exited: $c still $st after ${limit}s" >&2; return 1; }
		sleep 0.05
	done
}

# rt_wait_until SECONDS CMD [ARG]...: run CMD every 50 ms until it succeeds;
# after SECONDS (of wall time: CMD may be a slow podman command), fail
# naming it.
rt_wait_until() {
	local limit=$1 end
	shift
	end=$((SECONDS + limit))
	until "$@"; do
		if [ "$SECONDS" -ge "$end" ]; then
			echo "rt_wait_until: '$*' still fails after ${limit}s" >&2
			return 1
		fi
		sleep 0.05
	done
}

# rt_nprocs_is CONTAINER N: the container's pid namespace holds N processes
# (zombies included), counted inside it (host pids are not in /proc when
# this suite itself runs in a container).
rt_nprocs_is() {
	[ "$(podman top "$1" pid 2>/dev/null | tail -n +2 | wc -l)" = "$2" ]
}

rt_exit_code() { podman inspect --format '{{.State.ExitCode}}' "$1"; }

# rt_host_pids CONTAINER: "HOSTPID STARTTIME" of each of its processes.
rt_host_pids() {
	local p
	for p in $(podman top "$1" hpid | tail -n +2); do
		[ -r "/proc/$p/stat" ] || continue
		echo "$p $(rt_starttime "$p")"
	done
}

rt_starttime() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20; }

# rt_assert_gone "HOSTPID STARTTIME"...: none of these processes is alive.
rt_assert_gone() {
	local p st alive=()
	while read -r p st; do
		[ -n "$p" ] || continue
		if [ "$(rt_starttime "$p")" = "$st" ]; then
			alive+=("$p: $(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null)")
		fi
	done <<<"$1"
	if [ ${#alive[@]} -gt 0 ]; then
		printf 'still alive: %s\n' "${alive[@]}" >&2
		return 1
	fi
}

# rt_zombies CONTAINER: the number of zombies in the container's pid namespace.
rt_zombies() { podman exec "$1" rtprobe zombies; }

# rt_signals FILE: the signals recorded in FILE, one word, space-separated.
# SIGCONT is left out: foster follows every stop request with it (SPEC §3,
# §5, for a stopped program), and it changes nothing for a running one.
rt_signals() { grep -v '^ready\|^done$\|^CONT$' "$1" | tr '\n' ' ' | sed 's/ $//'; }

# rt_json_args WORD...: a JSON array of strings.
rt_json_args() {
	local w out='' sep=''
	for w in "$@"; do
		w=${w//\\/\\\\}
		w=${w//\"/\\\"}
		out+="$sep\"$w\""
		sep=', '
	done
	printf '[%s]' "$out"
}

# rt_scenario_grace IMAGE: the program exits on SIGTERM; a process it left
# behind ignores it. foster's teardown sends that one SIGTERM, then SIGKILL
# after the grace (FOSTER_GRACE=1), long before podman's own SIGKILL (10 s).
# IMAGE runs foster (ENTRYPOINT, or --init in RT_RUN_ARGS).
rt_scenario_grace() {
	podman run -d --name "$RT_NAME" "${RT_RUN_ARGS[@]}" -e FOSTER_GRACE=1 "$1" \
		sh -c 'rtprobe rec /rec/stubborn -i & exec rtprobe rec /rec/main -x 42' >/dev/null
	rt_wait_for "$REC/main" '^ready'
	rt_wait_for "$REC/stubborn" '^ready'
	local pids t0 t1
	pids=$(rt_host_pids "$RT_NAME")
	t0=$(rt_ms)
	podman stop -t 10 "$RT_NAME" >/dev/null
	t1=$(rt_ms)
	echo "podman stop took $((t1 - t0)) ms"
	assert_equal "$(rt_exit_code "$RT_NAME")" 42
	assert_equal "$(rt_signals "$REC/main")" TERM
	# SIGTERM reached it (forwarded to the group, then from the teardown)
	run rt_signals "$REC/stubborn"
	assert_output --regexp '^TERM( |$)'
	rt_assert_gone "$pids"
	# it lived through the grace, and died long before podman's timeout
	rt_assert_ms "podman stop" $((t1 - t0)) 900 7000
}
