/* SPDX-License-Identifier: MIT */
/* foster's one way to speak: one line on stderr, "foster: " first (SPEC.md §8). */
#ifndef FOSTER_LOG_H
#define FOSTER_LOG_H

#include <stdbool.h>

/* Verbosity levels (SPEC.md §8): a message is shown when its level <= -v count. */
enum log_level {
	LOG_ERROR = 0,	/* failures, and the events that explain an unexpected end */
	LOG_INFO = 1,	/* life cycle: mode, container, child started and gone, teardown */
	LOG_DEBUG = 2,	/* every signal forwarded, every pid reaped */
};

/* log_set_level - show messages of level <= n from now on (n from -v / FOSTER_VERBOSITY). */
void log_set_level(int n);

/* log_enabled - true when a message of this level would be written. */
bool log_enabled(enum log_level level);

/*
 * log_msg - write "foster: " fmt "\n" to stderr in one write(2) when level
 * is enabled. Bytes outside printable ASCII are written as \ooo and a
 * backslash as \\, so a program name or value with control bytes can
 * neither break the line nor drive the terminal; longer lines are cut.
 * errno is preserved, so a caller may log and then return -1 with errno set.
 */
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* log_errno - log_msg(), then ": " and strerror(errno) of errno as it was on entry. */
void log_errno(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* die - log_msg(LOG_ERROR, ...) then exit(code). For foster before the fork only. */
_Noreturn void die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* die_errno - log_errno(LOG_ERROR, ...) then exit(code). For foster before the fork only. */
_Noreturn void die_errno(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
