/* SPDX-License-Identifier: MIT */
/*
 * Logging. One write(2) a line, so lines from foster and its child never
 * interleave mid-line; stdio is not used because foster must never buffer
 * anything towards stdout, which belongs to the program (SPEC.md §8).
 *
 * Messages carry bytes foster did not choose: program names, option
 * values, environment values. Escaping the whole formatted line keeps
 * every message on one line and harmless to the terminal that shows it,
 * as coreutils quotes names in the C locale; foster's own text is plain
 * ASCII, so it comes out unchanged.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

enum { line_max = 512 };

static int level_shown;

void log_set_level(int n)
{
	level_shown = n;
}

bool log_enabled(enum log_level level)
{
	return (int)level <= level_shown;
}

/* raw[0..len) into out, escaped; returns the length written, at most room. */
static size_t escape(const char *raw, size_t len, char *out, size_t room)
{
	static const char digits[] = "01234567";
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)raw[i];

		if (c >= ' ' && c <= '~' && c != '\\') {
			if (n + 1 > room)
				break;
			out[n++] = (char)c;
		} else if (c == '\\') {
			if (n + 2 > room)
				break;
			out[n++] = '\\';
			out[n++] = '\\';
		} else {
			if (n + 4 > room)
				break;
			out[n++] = '\\';
			out[n++] = digits[c >> 6];
			out[n++] = digits[(c >> 3) & 7];
			out[n++] = digits[c & 7];
		}
	}
	return n;
}

/*
 * The line, with ": strerror(err)" when err is not 0. By pointer:
 * clang-analyzer 14 loses track of a va_list passed by value.
 */
static void vlog(int err, const char *fmt, va_list *ap)
{
	char raw[line_max], line[line_max] = "foster: ";
	size_t len = strlen(line);
	int n = vsnprintf(raw, sizeof(raw), fmt, *ap);

	if (n < 0)
		return;
	if (err && (size_t)n < sizeof(raw))
		n += snprintf(raw + n, sizeof(raw) - (size_t)n, ": %s", strerror(err));
	len += escape(raw, (size_t)n < sizeof(raw) ? (size_t)n : sizeof(raw) - 1,
		      line + len, sizeof(line) - len - 1);
	line[len++] = '\n';
	/* Nothing useful can be done if stderr is gone. */
	if (write(STDERR_FILENO, line, len) < 0)
		return;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	if (!log_enabled(level))
		return;
	va_start(ap, fmt);
	vlog(0, fmt, &ap);
	va_end(ap);
	errno = saved;
}

void log_errno(enum log_level level, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	if (!log_enabled(level))
		return;
	va_start(ap, fmt);
	vlog(saved, fmt, &ap);
	va_end(ap);
	errno = saved;
}

_Noreturn void die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(0, fmt, &ap);
	va_end(ap);
	exit(code);
}

_Noreturn void die_errno(int code, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vlog(saved, fmt, &ap);
	va_end(ap);
	exit(code);
}
