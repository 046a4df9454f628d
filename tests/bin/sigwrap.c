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

static const struct { int sig; const char *name; } names[] = {
	{SIGHUP, "HUP"}, {SIGINT, "INT"}, {SIGQUIT, "QUIT"}, {SIGILL, "ILL"},
	{SIGTRAP, "TRAP"}, {SIGABRT, "ABRT"}, {SIGBUS, "BUS"}, {SIGFPE, "FPE"},
	{SIGKILL, "KILL"}, {SIGUSR1, "USR1"}, {SIGSEGV, "SEGV"}, {SIGUSR2, "USR2"},
	{SIGPIPE, "PIPE"}, {SIGALRM, "ALRM"}, {SIGTERM, "TERM"},
	{SIGCHLD, "CHLD"}, {SIGCONT, "CONT"}, {SIGSTOP, "STOP"}, {SIGTSTP, "TSTP"},
	{SIGTTIN, "TTIN"}, {SIGTTOU, "TTOU"}, {SIGURG, "URG"}, {SIGXCPU, "XCPU"},
	{SIGXFSZ, "XFSZ"}, {SIGVTALRM, "VTALRM"}, {SIGPROF, "PROF"},
	{SIGWINCH, "WINCH"}, {SIGIO, "IO"}, {SIGPWR, "PWR"}, {SIGSYS, "SYS"},
};

/* parse_sig - a signal number, 0 for ALL, -1 when unknown. */
static int parse_sig(const char *s)
{
	char *end;
	long n;

	if (strcasecmp(s, "ALL") == 0)
		return 0;
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	n = strtol(s, &end, 10);
	if (*s && !*end)
		return n > 0 && n < NSIG ? (int)n : -1;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(s, names[i].name) == 0)
			return names[i].sig;
	if (strncasecmp(s, "RTMIN", 5) == 0 || strncasecmp(s, "RTMAX", 5) == 0) {
		int base = strncasecmp(s, "RTMIN", 5) == 0 ? SIGRTMIN : SIGRTMAX;

		n = s[5] ? strtol(s + 5, &end, 10) : 0;
		if (s[5] && *end)
			return -1;
		n += base;
		return n >= SIGRTMIN && n <= SIGRTMAX ? (int)n : -1;
	}
	return -1;
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
			if ((sig = parse_sig(optarg)) < 0)
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
