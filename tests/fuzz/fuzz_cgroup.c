/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: cgroup.c's parsers of /proc/self/cgroup, /proc/self/mountinfo
 * lines, keyed files (memory.events, memory.oom_control) and limits
 * (pids.max, memory.max). What they return fits the buffers they were given
 * and is NUL-terminated.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), path[64], root[64], mnt[64];
	unsigned long v;

	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	if (cgroup_parse_self(text, "memory", path, sizeof(path)) == 0)
		INVARIANT(memchr(path, '\0', sizeof(path)));
	if (cgroup_parse_self(text, "", path, sizeof(path)) == 0)
		INVARIANT(memchr(path, '\0', sizeof(path)));
	if (cgroup_parse_mount(text, "pids", root, mnt, sizeof(root)) == 0)
		INVARIANT(memchr(root, '\0', sizeof(root)) && memchr(mnt, '\0', sizeof(mnt)));
	cgroup_parse_keyed(text, "oom_kill", &v);
	cgroup_parse_limit(text, &v);
	free(text);
	return 0;
}
