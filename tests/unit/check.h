/* SPDX-License-Identifier: MIT */
/* A ten-line test harness: CHECK(cond) counts, reports and never stops. */
#ifndef FOSTER_CHECK_H
#define FOSTER_CHECK_H

#include <stdio.h>

static int checks, failures;

#define CHECK(cond) do { \
	checks++; \
	if (!(cond)) { \
		failures++; \
		fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
	} \
} while (0)

static int check_report(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, checks - failures, failures);
	return failures != 0;
}

#endif
