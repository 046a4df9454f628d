/* SPDX-License-Identifier: MIT */
/*
 * failalloc.so - an LD_PRELOAD shim that makes foster's allocations fail
 * with ENOMEM, for the fault tests of its ENOMEM paths.
 *
 * usage: FAILALLOC=FUNC[:BELOW] LD_PRELOAD=tests/bin/failalloc.so foster ...
 *
 *   FUNC   realloc or calloc: that function returns NULL with errno ENOMEM
 *   BELOW  only for requests of fewer than BELOW bytes (default: all)
 *
 *   The constructor takes LD_PRELOAD and FAILALLOC out of the environment,
 *   so PROGRAM runs without the shim (foster's forked child, before exec,
 *   still has it). Dynamic builds only: a static binary ignores LD_PRELOAD.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int fail_realloc, fail_calloc;
static size_t below = (size_t)-1;

__attribute__((constructor)) static void setup(void)
{
	const char *v = getenv("FAILALLOC"), *colon;

	if (!v)
		return;
	fail_realloc = !strncmp(v, "realloc", 7);
	fail_calloc = !strncmp(v, "calloc", 6);
	colon = strchr(v, ':');
	if (colon)
		below = strtoul(colon + 1, NULL, 10);
	unsetenv("FAILALLOC");
	unsetenv("LD_PRELOAD");
}

void *realloc(void *p, size_t n)
{
	static void *(*real)(void *, size_t);

	if (fail_realloc && n < below) {
		errno = ENOMEM;
		return NULL;
	}
	if (!real)
		real = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
	return real(p, n);
}

void *calloc(size_t k, size_t n)
{
	static void *(*real)(size_t, size_t);
	void *p;

	if (fail_calloc && k * n < below) {
		errno = ENOMEM;
		return NULL;
	}
	if (!real) {
		/* dlsym may itself call calloc: answer that one from malloc. */
		static int busy;

		if (busy) {
			p = malloc(k * n);
			if (p)
				memset(p, 0, k * n);
			return p;
		}
		busy = 1;
		real = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
		busy = 0;
	}
	return real(k, n);
}
