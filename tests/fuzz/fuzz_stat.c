/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: proc_stat_ppid, the parser of /proc/PID/stat lines, whose
 * comm field may hold anything a process names itself (spaces, ')',
 * newlines). It reads within the string and answers -1 or a pid.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proc.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Exactly size + 1 bytes, so ASan sees any read past the terminator. */
	char *line = malloc(size + 1);
	pid_t ppid;

	if (!line)
		abort();
	memcpy(line, data, size);
	line[size] = '\0';
	ppid = proc_stat_ppid(line);
	INVARIANT(ppid >= -1);
	if (ppid >= 0)
		INVARIANT(strrchr(line, ')') != NULL);
	free(line);
	return 0;
}
