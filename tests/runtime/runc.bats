#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# foster as process.args[0] of an OCI bundle run by runc, the runtime Docker
# and podman use: `runc kill CONTAINER TERM` and `runc kill --all`.
# runc's state lives in a private --root; the root filesystem (static foster,
# busybox, rtprobe) is made once and shared read-only by every bundle.

load helper

setup_file() {
	rt_require runc || return 0
	rt_setup_file || return 0
	RT_RUNC_ROOT=$RT_DIR/runc/state
	RT_RUNC_ROOTFS=$RT_DIR/runc/rootfs-$(rt_content_hash)
	if [ ! -x "$RT_RUNC_ROOTFS/foster" ]; then
		rm -rf "$RT_DIR"/runc/rootfs-*
		rt_rootfs "$RT_RUNC_ROOTFS.tmp" 1
		mv "$RT_RUNC_ROOTFS.tmp" "$RT_RUNC_ROOTFS"
	fi
	mkdir -p "$RT_RUNC_ROOT"
	export RT_RUNC_ROOT RT_RUNC_ROOTFS
}

setup() {
	rt_setup
	RT_BUNDLE=$BATS_TEST_TMPDIR/bundle
	RT_RUNC_PID=
}

teardown() {
	[ -n "${RT_NAME:-}" ] || return 0
	if [ -n "${RT_RUNC_PID:-}" ]; then
		runc --root "$RT_RUNC_ROOT" kill --all "$RT_NAME" KILL 2>/dev/null || true
		wait "$RT_RUNC_PID" 2>/dev/null || true
	fi
	runc --root "$RT_RUNC_ROOT" delete -f "$RT_NAME" 2>/dev/null || true
}

# rt_bundle ARG...: write the bundle's config.json (after `runc spec`, with
# the shared read-only root, no terminal, and the test's record dir at /rec).
rt_bundle() {
	mkdir -p "$RT_BUNDLE"
	local caps='"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"'
	cat >"$RT_BUNDLE/config.json" <<-EOF
		{
		  "ociVersion": "1.0.2-dev",
		  "process": {
		    "terminal": false,
		    "user": { "uid": 0, "gid": 0 },
		    "args": $(rt_json_args "$@"),
		    "env": ["PATH=/bin"$(rt_is_tini && printf ', "TINI_KILL_PROCESS_GROUP=1", "TINI_SUBREAPER=1"')],
		    "cwd": "/",
		    "capabilities": {
		      "bounding": [$caps], "effective": [$caps],
		      "permitted": [$caps], "ambient": [$caps]
		    },
		    "rlimits": [{ "type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024 }],
		    "noNewPrivileges": true
		  },
		  "root": { "path": "$RT_RUNC_ROOTFS", "readonly": true },
		  "hostname": "foster-rt",
		  "mounts": [
		    { "destination": "/proc", "type": "proc", "source": "proc" },
		    { "destination": "/dev", "type": "tmpfs", "source": "tmpfs",
		      "options": ["nosuid", "strictatime", "mode=755", "size=65536k"] },
		    { "destination": "/dev/pts", "type": "devpts", "source": "devpts",
		      "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"] },
		    { "destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "nodev", "mode=1777"] },
		    { "destination": "/rec", "type": "bind", "source": "$REC", "options": ["rbind", "rw"] }
		  ],
		  "linux": {
		    "resources": { "devices": [{ "allow": false, "access": "rwm" }] },
		    "namespaces": [
		      { "type": "pid" }, { "type": "network" }, { "type": "ipc" },
		      { "type": "uts" }, { "type": "mount" }
		    ],
		    "maskedPaths": ["/proc/kcore", "/proc/keys", "/proc/timer_list", "/sys/firmware"],
		    "readonlyPaths": ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
		  }
		}
	EOF
}

# Start `runc run` (in the foreground of a background job, so that its exit
# status is the container's) with a program that leaves a worker and a
# double-forked daemon behind it.
rt_start_family() {
	rt_bundle /foster -- sh -c \
		'rtprobe rec /rec/worker & rtprobe rec /rec/daemon -d; exec rtprobe rec /rec/main -x 42'
	runc --root "$RT_RUNC_ROOT" run --bundle "$RT_BUNDLE" "$RT_NAME" \
		</dev/null >"$BATS_TEST_TMPDIR/out" 2>&1 3>&- &
	RT_RUNC_PID=$!
	rt_wait_for "$REC/main" '^ready'
	rt_wait_for "$REC/worker" '^ready'
	rt_wait_for "$REC/daemon" '^ready'
}

# "HOSTPID STARTTIME" of every process of the container.
rt_runc_pids() {
	local p
	for p in $(runc --root "$RT_RUNC_ROOT" ps --format json "$RT_NAME" | tr -d '[]' | tr ',' ' '); do
		echo "$p $(rt_starttime "$p")"
	done
}

# Wait for `runc run`: its status, the container's, goes to RT_RUNC_RC.
rt_wait_runc() {
	RT_RUNC_RC=0
	wait "$RT_RUNC_PID" || RT_RUNC_RC=$?
	RT_RUNC_PID=
}

@test "runc: foster as process.args[0] is PID 1 and passes the exit code through" {
	rt_bundle /foster -- sh -c 'readlink /proc/1/exe; exit 3'
	run runc --root "$RT_RUNC_ROOT" run --bundle "$RT_BUNDLE" "$RT_NAME"
	assert_equal "$status" 3
	assert_output /foster
}

@test "runc: runc kill CONTAINER TERM: the program gets it, foster tears the rest down, nothing is left" {
	rt_start_family
	local pids
	pids=$(rt_runc_pids)
	# foster, sh's exec'd rtprobe, the worker and the daemon
	assert_equal "$(wc -l <<<"$pids")" 4
	runc --root "$RT_RUNC_ROOT" kill "$RT_NAME" TERM
	rt_wait_runc
	assert_equal "$RT_RUNC_RC" 42
	assert_equal "$(rt_signals "$REC/main")" TERM
	# the worker is in the program's process group: it gets the forwarded TERM
	run rt_signals "$REC/worker"
	assert_output --regexp '^TERM( |$)'
	# the daemon, in a session of its own, gets TERM from foster's teardown
	run rt_signals "$REC/daemon"
	assert_output --regexp '^TERM( |$)'
	rt_assert_gone "$pids"
	run runc --root "$RT_RUNC_ROOT" state "$RT_NAME"
	assert_failure
}

@test "runc: runc kill --all CONTAINER TERM: every process gets TERM, the program's status is kept, nothing is left" {
	rt_start_family
	local pids
	pids=$(rt_runc_pids)
	runc --root "$RT_RUNC_ROOT" kill --all "$RT_NAME" TERM
	rt_wait_runc
	assert_equal "$RT_RUNC_RC" 42
	run rt_signals "$REC/main"
	assert_output --regexp '^TERM( |$)'
	run rt_signals "$REC/worker"
	assert_output --regexp '^TERM( |$)'
	run rt_signals "$REC/daemon"
	assert_output --regexp '^TERM( |$)'
	rt_assert_gone "$pids"
}
