/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: scan.c, the one decimal parser (grace periods, verbosity,
 * exit codes, signal numbers). Accepted numbers are within their bound, a
 * duration is finite and non-negative with nanoseconds below a second, and
 * printing an accepted number and scanning it again gives it back.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scan.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), again[48];
	unsigned long n, m, max = 255;
	struct timespec ts, ts2;
	size_t len;

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	if (size && s[0] == 'L')	/* "L...": the widest bound */
		max = (unsigned long)-1;
	if (scan_number(s, max, &n) == 0) {
		INVARIANT(n <= max);
		snprintf(again, sizeof(again), "%lu", n);
		INVARIANT(scan_number(again, max, &m) == 0 && m == n);
	}
	len = scan_uint(s, max, &n);
	INVARIANT(len <= size);
	if (len)
		INVARIANT(n <= max);
	if (scan_seconds(s, &ts) == 0) {
		INVARIANT(ts.tv_sec >= 0 && ts.tv_sec <= 999999999);
		INVARIANT(ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000);
		snprintf(again, sizeof(again), "%ld.%09ld", (long)ts.tv_sec, ts.tv_nsec);
		INVARIANT(scan_seconds(again, &ts2) == 0 && ts2.tv_sec == ts.tv_sec && ts2.tv_nsec == ts.tv_nsec);
	}
	free(s);
	return 0;
}
