/* SPDX-License-Identifier: MIT */
/*
 * Decimal numbers and durations, the one way foster reads them. Strict in
 * the manner of skalibs' scanners: digits only, no sign, no blank, no
 * base prefix, and an overflow is an error, never a wrapped value (atoi(3)
 * takes "abc" for 0 and "1e999" for 1; strtol(3) accepts " +1").
 */
#ifndef FOSTER_SCAN_H
#define FOSTER_SCAN_H

#include <stddef.h>
#include <time.h>

/*
 * scan_uint - read the decimal digits at the start of s into *n.
 * Returns how many characters were read; 0, with *n untouched, when s does
 * not start with a digit or the number is above max.
 */
size_t scan_uint(const char *s, unsigned long max, unsigned long *n);

/*
 * scan_number - all of s is a decimal number from 0 to max. Returns 0 with
 * *n set, or -1 (empty, a stray character, above max).
 */
int scan_number(const char *s, unsigned long max, unsigned long *n);

/*
 * scan_seconds - a duration such as "5", "0.25", ".5" or "10." into *ts:
 * decimal digits and one point only (no sign, exponent, "inf"), at most
 * 999999999 s, digits beyond the ninth decimal ignored. Returns 0, or -1
 * when s is not one.
 */
int scan_seconds(const char *s, struct timespec *ts);

#endif
