/* SPDX-License-Identifier: MIT */
/*
 * failalloc.so - an LD_PRELOAD shim that makes foster's allocations fail
 * with ENOMEM, for the fault tests of its ENOMEM paths.
 *
 * usage: FAILALLOC=FUNC[:BELOW] LD_PRELOAD=tests/bin/failalloc.so foster ...
 *        FAILALLOC=malloc:child LD_PRELOAD=tests/bin/failalloc.so foster ...
 *
 *   FUNC   realloc, calloc or strdup: that function returns NULL with errno
 *          ENOMEM
 *   BELOW  only for requests of fewer than BELOW bytes (default: all)
 *   malloc:child  the first malloc(3) of a process forked from the one the
 *          shim was loaded in fails (foster's child before exec: the C
 *          library's own allocations there, setenv(3)'s say); later ones
 *          work, as the coverage build's counters, written before _exit,
 *          need them
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
#include <unistd.h>

/* glibc's own allocator, which an interposed malloc may call without dlsym. */
extern void *__libc_malloc(size_t n);

static int fail_realloc, fail_calloc, fail_strdup;
static pid_t fail_malloc_unless; /* 0: never */
static size_t below = (size_t)-1;

__attribute__((constructor)) static void setup(void)
{
	const char *v = getenv("FAILALLOC"), *colon;

	if (!v)
		return;
	fail_realloc = !strncmp(v, "realloc", 7);
	fail_calloc = !strncmp(v, "calloc", 6);
	fail_strdup = !strncmp(v, "strdup", 6);
	if (!strcmp(v, "malloc:child"))
		fail_malloc_unless = getpid();
	colon = strchr(v, ':');
	if (colon && !fail_malloc_unless)
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

void *malloc(size_t n)
{
	static int failed;

	if (fail_malloc_unless && !failed && getpid() != fail_malloc_unless) {
		failed = 1;
		errno = ENOMEM;
		return NULL;
	}
	return __libc_malloc(n);
}

char *strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p;

	if (fail_strdup && n < below) {
		errno = ENOMEM;
		return NULL;
	}
	p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}
