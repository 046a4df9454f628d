/* SPDX-License-Identifier: MIT */
/*
 * sigwrap - exec PROGRAM with a chosen signal state: blocked, ignored, pending.
 *
 * usage: sigwrap [-d] [-i SIG]... [-b SIG]... [-p SIG]... [--] PROGRAM [ARG]...
 *
 *   -d      start clean: every signal at its default action, none blocked
 *   -i SIG  ignore SIG (SIG_IGN survives exec)
 *   -b SIG  block SIG (the mask survives exec)
 *   -p SIG  block SIG and have it sent to us (by a short-lived child, so
 *           the sender is another process, as for `docker kill`), so PROGRAM
 *           starts with SIG already pending: a signal that "arrived during
 *           start-up", before PROGRAM ran a single instruction
 *
 *   SIG is a name (TERM, SIGTERM, RTMIN+2), a number, or ALL (every catchable signal).
 *   Options apply in that order (-d, then -i, then -b, then -p), then sigwrap
 *   execs PROGRAM (searched in PATH). Exit 127 when PROGRAM cannot be run,
 *   2 on bad usage.
 *
 *   e.g. sigwrap -i INT -i QUIT -b USR1 -- foster grep ^Sig /proc/self/status
 *        sigwrap -p USR1 -- foster sigrec -x USR1 log
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "signames.h"

/* sig_or_all - a signal number, 0 for ALL, -1 when unknown. */
static int sig_or_all(const char *s)
{
	return strcasecmp(s, "ALL") == 0 ? 0 : parse_sig(s);
}

static void usage(void)
{
	fputs("usage: sigwrap [-d] [-i SIG]... [-b SIG]... [-p SIG]... [--] PROGRAM [ARG]...\n", stderr);
	exit(2);
}

static void each(char *set, int sig)
{
	if (sig > 0) {
		set[sig] = 1;
		return;
	}
	for (sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			set[sig] = 1;
}

int main(int argc, char **argv)
{
	char ign[NSIG] = {0}, blk[NSIG] = {0}, pend[NSIG] = {0};
	int clean = 0, opt, sig;
	sigset_t mask;

	while ((opt = getopt(argc, argv, "+di:b:p:")) != -1) {
		switch (opt) {
		case 'd':
			clean = 1;
			break;
		case 'i':
		case 'b':
		case 'p':
			if ((sig = sig_or_all(optarg)) < 0)
				usage();
			each(opt == 'i' ? ign : opt == 'b' ? blk : pend, sig);
			break;
		default:
			usage();
		}
	}
	if (optind >= argc)
		usage();

	sigprocmask(SIG_SETMASK, NULL, &mask);
	if (clean) {
		sigemptyset(&mask);
		for (sig = 1; sig < NSIG; sig++)
			if (sig != SIGKILL && sig != SIGSTOP)
				signal(sig, SIG_DFL);
	}
	for (sig = 1; sig < NSIG; sig++) {
		if (ign[sig] && sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_IGN);
		if (blk[sig] || pend[sig])
			sigaddset(&mask, sig);
	}
	sigprocmask(SIG_SETMASK, &mask, NULL);
	for (sig = 1; sig < NSIG; sig++) {
		pid_t pid;

		if (!pend[sig])
			continue;
		pid = fork();
		if (pid < 0) {
			perror("sigwrap: fork");
			return 127;
		}
		if (pid == 0)
			_exit(kill(getppid(), sig) < 0);
		waitpid(pid, NULL, 0);
	}

	execvp(argv[optind], argv + optind);
	fprintf(stderr, "sigwrap: %s: ", argv[optind]);
	perror(NULL);
	return 127;
}
