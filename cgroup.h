/* SPDX-License-Identifier: MIT */
/*
 * The container's cgroup as foster finds it: where its memory and pids
 * controllers are, and what their files say. cgroup v1 (one hierarchy a
 * controller, as podman on a hybrid host uses) and v2 (the unified
 * hierarchy) both: Documentation/admin-guide/cgroup-v1/memory.rst,
 * cgroup-v1/pids.rst and cgroup-v2.rst of the kernel.
 *
 * The cgroup_parse_* functions are pure: they read the text of a file and
 * nothing else, so unit tests and the fuzzer call them on any string. The
 * cgroup_find and cgroup_read functions open the files.
 */
#ifndef FOSTER_CGROUP_H
#define FOSTER_CGROUP_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#define CGROUP_NONE    ULONG_MAX	/* a limit of "max": none */
#define CGROUP_UNKNOWN (ULONG_MAX - 1)	/* a value that could not be read */

/* The directories of foster's own cgroup, one a controller; "" when not found. */
struct cgroup {
	char path[PATH_MAX];	/* the cgroup's path as /proc/self/cgroup names it, for messages */
	int version;		/* 1 or 2: the hierarchy of path; 0 when none is found */
	char memory[PATH_MAX];	/* its memory controller's directory */
	bool memory_v1;		/* memory is a v1 hierarchy (memory.limit_in_bytes, memory.oom_control) */
	char pids[PATH_MAX];	/* its pids controller's directory (the same files in v1 and v2) */
};

/*
 * cgroup_parse_self - the path of the cgroup named for controller (e.g.
 * "memory") in text, the contents of /proc/self/cgroup (cgroups(7)):
 * lines "ID:CONTROLLERS:PATH", CONTROLLERS a comma list in v1. controller
 * NULL asks for the v2 line, "0::PATH". Copies PATH into path (size bytes).
 * Returns 0, or -1 when no line matches or PATH does not fit.
 */
int cgroup_parse_self(const char *text, const char *controller, char *path, size_t size);

/*
 * cgroup_parse_mount - one line of /proc/self/mountinfo (proc(5)): when it
 * is a cgroup v1 mount with controller among its super options, or, for
 * controller NULL, a cgroup2 mount, copies its root (field 4) into root
 * and its mount point (field 5) into mnt, each of size bytes, and returns
 * 0. Returns -1 for any other line, a malformed one or one that does not
 * fit. Octal escapes (\040) are left as they are.
 */
int cgroup_parse_mount(const char *line, const char *controller, char *root, char *mnt, size_t size);

/*
 * cgroup_parse_keyed - in text, a "flat keyed" file of lines "KEY VALUE"
 * (memory.events, pids.events, v1 memory.oom_control), the value of key
 * into *value. Returns 0, or -1 when key is missing or its value is not a
 * decimal number.
 */
int cgroup_parse_keyed(const char *text, const char *key, unsigned long *value);

/*
 * cgroup_parse_limit - a limit file (memory.max, pids.max, v1
 * memory.limit_in_bytes) or a single-value one (pids.current): a decimal
 * number, or "max", then an optional newline. *value is the number, or CGROUP_NONE for "max" and for v1's
 * unlimited memory (PAGE_COUNTER_MAX pages, above 2^62 bytes). Returns 0,
 * or -1 for anything else.
 */
int cgroup_parse_limit(const char *text, unsigned long *value);

/*
 * cgroup_find - fill *cg from /proc/self/cgroup and /proc/self/mountinfo:
 * for memory and pids the v1 hierarchy when one is mounted, else the v2
 * one (a hybrid host has both). A controller's directory is its mount
 * point joined with foster's path below the mount's root. Returns 0, or -1
 * with errno set when neither file can be read; a controller not found is
 * left "".
 */
int cgroup_find(struct cgroup *cg);

/*
 * cgroup_read - the file dir/name through cgroup_parse_keyed() for key,
 * or, key NULL, through cgroup_parse_limit() (which also reads a single
 * value such as pids.current). Returns the value, or CGROUP_UNKNOWN when
 * dir is "", the file cannot be read or does not parse; a limit file
 * missing from a directory that exists (a v1 root cgroup, a v2 controller
 * not enabled there) is CGROUP_NONE.
 */
unsigned long cgroup_read(const char *dir, const char *name, const char *key);

#endif
