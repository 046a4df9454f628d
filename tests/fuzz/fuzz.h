/* SPDX-License-Identifier: MIT */
/* Shared by the libFuzzer harnesses: an invariant that must hold, or abort. */
#ifndef FOSTER_FUZZ_H
#define FOSTER_FUZZ_H

#include <stdio.h>
#include <stdlib.h>

/* Unlike assert(3), never compiled out: a broken invariant is a finding. */
#define INVARIANT(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

#endif
