/*
 * Logging. One write(2) a line, so lines from foster and its child never
 * interleave mid-line; stdio is not used because foster must never buffer
 * anything towards stdout, which belongs to the program (SPEC.md §8).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "log.h"

static int level_shown;

void log_set_level(int n)
{
	level_shown = n;
}

int log_enabled(int level)
{
	return level <= level_shown;
}

/* By pointer: clang-analyzer 14 loses track of a va_list passed by value. */
static void vlog(const char *fmt, va_list *ap)
{
	char line[512] = "foster: ";
	size_t len = 8;
	int n = vsnprintf(line + len, sizeof(line) - len - 1, fmt, *ap);

	if (n < 0)
		return;
	len += (size_t)n < sizeof(line) - len - 1 ? (size_t)n : sizeof(line) - len - 2;
	line[len++] = '\n';
	/* Nothing useful can be done if stderr is gone. */
	if (write(STDERR_FILENO, line, len) < 0)
		return;
}

void log_msg(int level, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	if (!log_enabled(level))
		return;
	va_start(ap, fmt);
	vlog(fmt, &ap);
	va_end(ap);
	errno = saved;
}

_Noreturn void die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(fmt, &ap);
	va_end(ap);
	exit(code);
}
