/* foster's one way to speak: one line on stderr, "foster: " first (SPEC.md §8). */
#ifndef FOSTER_LOG_H
#define FOSTER_LOG_H

/* log_set_level - show messages of level <= n from now on (0 errors, 1 life cycle, 2 every signal and reap). */
void log_set_level(int n);

/* log_enabled - true when a message of this level would be written. */
int log_enabled(int level);

/*
 * log_msg - write "foster: " fmt "\n" to stderr in one write(2) when level
 * is enabled; longer lines are cut. errno is preserved, so a caller may log
 * and then return -1 with errno still set.
 */
void log_msg(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* die - log_msg(0, ...) then exit(code). For foster before the fork only. */
_Noreturn void die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
