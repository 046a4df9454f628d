/* SPDX-License-Identifier: MIT */
/* Signal names, foster's signal mask, and the child's clean signal state. */
#ifndef FOSTER_SIGNALS_H
#define FOSTER_SIGNALS_H

#include <signal.h>

/*
 * sig_parse - a signal from "TERM", "SIGTERM", "term", "15" or "RTMIN+2".
 * Returns the signal number (1 .. NSIG-1), or -1 if s names none.
 */
int sig_parse(const char *s);

/* sig_name - "SIGTERM" for SIGTERM, "SIGRT" for a real-time signal, for log lines. */
const char *sig_name(int sig);

/*
 * sig_block_all - block every signal, the C library's own included, so that
 * each one waits in the kernel for sigtimedwait(2) (a blocked signal is never
 * discarded, even for PID 1 and even when ignored: signal(7)), then reset
 * every disposition to SIG_DFL, so that an inherited SIG_IGN of SIGCHLD
 * cannot turn reaping off (wait(2)) and none reaches the child across
 * execve(2). Fills *set with the signals to wait for. Returns 0, or -1 with
 * errno set.
 */
int sig_block_all(sigset_t *set);

/*
 * sig_unblock_all - in the forked child: empty the signal mask, which exec(2)
 * would otherwise pass on to PROGRAM. Returns 0, or -1 with errno set.
 */
int sig_unblock_all(void);

#endif
