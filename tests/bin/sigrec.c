/* SPDX-License-Identifier: MIT */
/*
 * sigrec - record every signal this process receives, one line each.
 *
 * usage: sigrec [-i SIG]... [-x SIG]... [-S] [-T SECONDS] [FILE]
 *
 *   Writes "ready <pid>" (pid as seen in its own pid namespace), then one line
 *   per signal received: its name without "SIG" ("TERM", "USR1", "RTMIN+3")
 *   or its number when it has no name. Lines go to FILE (opened O_APPEND, so
 *   several recorders may share one) or to stdout when FILE is absent; each
 *   line is one write(2), so a reader never sees half a line.
 *
 *   Every catchable signal is blocked first thing and then taken with
 *   sigwaitinfo(2), so nothing is lost or acted upon by default: TERM, INT,
 *   TSTP, TTIN, TTOU, CONT... are all just recorded. Signals are taken lowest
 *   number first when several are pending (the kernel's order), which tests
 *   use to prove that a signal was NOT received: send a higher-numbered one
 *   (e.g. PWR) afterwards and wait for its line.
 *
 *   -i SIG      ignore SIG (SIG_IGN, unblocked): it is never recorded
 *   -x SIG      exit when SIG arrives, after recording it: die of SIG itself
 *               (default action) when that terminates, else exit 128+SIG
 *   -S          stop (raise SIGSTOP) right after writing "ready"
 *   -T SECONDS  give up after SECONDS without a signal: write "timeout",
 *               exit 124 (a test never hangs on a lost signal)
 *
 *   SIG is a name (TERM, SIGTERM, RTMIN+2) or a number.
 *   Exit status: 124 on timeout, 2 on bad usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "signames.h"

static void sig_name(int sig, char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].sig == sig) {
			snprintf(buf, len, "%s", names[i].name);
			return;
		}
	if (sig >= SIGRTMIN && sig <= SIGRTMAX)
		snprintf(buf, len, "RTMIN+%d", sig - SIGRTMIN);
	else
		snprintf(buf, len, "%d", sig);
}

static int out = 1;

static void say(const char *line)
{
	char buf[128];
	int n = snprintf(buf, sizeof(buf), "%s\n", line);

	if (write(out, buf, (size_t)n) != n)
		_exit(3);
}

static void usage(void)
{
	fputs("usage: sigrec [-i SIG]... [-x SIG]... [-S] [-T SECONDS] [FILE]\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	sigset_t all, wait_set;
	char ignore[NSIG] = {0}, quit[NSIG] = {0};
	int stop = 0, opt, sig;
	double timeout = -1;
	char line[64], name[32];

	/* Before anything else: nothing may be lost or kill us by default. */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);

	while ((opt = getopt(argc, argv, "+i:x:ST:")) != -1) {
		switch (opt) {
		case 'i':
		case 'x':
			if ((sig = parse_sig(optarg)) < 0)
				usage();
			(opt == 'i' ? ignore : quit)[sig] = 1;
			break;
		case 'S':
			stop = 1;
			break;
		case 'T':
			timeout = strtod(optarg, NULL);
			break;
		default:
			usage();
		}
	}
	if (argc - optind > 1)
		usage();
	if (optind < argc && (out = open(argv[optind], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) < 0) {
		perror(argv[optind]);
		return 2;
	}

	sigfillset(&wait_set);
	for (sig = 1; sig < NSIG; sig++) {
		struct sigaction sa = {.sa_handler = ignore[sig] ? SIG_IGN : SIG_DFL};

		if (sig == SIGKILL || sig == SIGSTOP)
			continue;
		/* Default dispositions, whatever was inherited (sh's "&" ignores INT, QUIT). */
		sigaction(sig, &sa, NULL);
		if (ignore[sig]) {
			sigset_t one;

			sigemptyset(&one);
			sigaddset(&one, sig);
			sigdelset(&wait_set, sig);
			sigprocmask(SIG_UNBLOCK, &one, NULL);
		}
	}

	snprintf(line, sizeof(line), "ready %d", (int)getpid());
	say(line);
	if (stop)
		raise(SIGSTOP);

	for (;;) {
		siginfo_t si;

		if (timeout >= 0) {
			struct timespec ts = {(time_t)timeout, (long)((timeout - (double)(time_t)timeout) * 1e9)};

			sig = sigtimedwait(&wait_set, &si, &ts);
		} else {
			sig = sigwaitinfo(&wait_set, &si);
		}
		if (sig < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				say("timeout");
				return 124;
			}
			perror("sigwaitinfo");
			return 3;
		}
		sig_name(sig, name, sizeof(name));
		say(name);
		if (quit[sig]) {
			sigset_t one;

			switch (sig) {
			case SIGCHLD: case SIGCONT: case SIGURG: case SIGWINCH:
			case SIGTSTP: case SIGTTIN: case SIGTTOU:
				_exit(128 + sig);
			default:
				signal(sig, SIG_DFL);
				sigemptyset(&one);
				sigaddset(&one, sig);
				raise(sig);
				sigprocmask(SIG_UNBLOCK, &one, NULL);
				_exit(128 + sig);	/* not reached for a fatal signal */
			}
		}
	}
}
