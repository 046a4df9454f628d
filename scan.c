/* SPDX-License-Identifier: MIT */
/* Decimal numbers and durations (scan.h): the one parser every file uses. */
#include "scan.h"

static const unsigned long max_seconds = 999999999;

size_t scan_uint(const char *s, unsigned long max, unsigned long *n)
{
	unsigned long v = 0;
	size_t i;

	for (i = 0; s[i] >= '0' && s[i] <= '9'; i++) {
		unsigned long digit = (unsigned long)(s[i] - '0');

		if (digit > max || v > (max - digit) / 10)
			return 0;
		v = v * 10 + digit;
	}
	if (i)
		*n = v;
	return i;
}

int scan_number(const char *s, unsigned long max, unsigned long *n)
{
	size_t len = scan_uint(s, max, n);

	return len && !s[len] ? 0 : -1;
}

int scan_seconds(const char *s, struct timespec *ts)
{
	unsigned long sec = 0;
	long nsec = 0, scale = 100000000;
	size_t len = scan_uint(s, max_seconds, &sec);
	const char *p = s + len;

	if (!len && *p >= '0' && *p <= '9')
		return -1;	/* digits, but too many seconds */
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10)
			nsec += (*p - '0') * scale;
	/* At least one digit: not "", not "." */
	if (*p || p == s || (p == s + 1 && *s == '.'))
		return -1;
	ts->tv_sec = (time_t)sec;
	ts->tv_nsec = nsec;
	return 0;
}
