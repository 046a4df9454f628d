/* SPDX-License-Identifier: MIT */
/*
 * Signals, the synchronous way.
 *
 * foster never runs a signal handler. Before it forks it blocks every signal
 * it can, so each signal sent to it stays pending in the kernel until the
 * event loop takes it with sigtimedwait(2). Nothing is lost in between, not
 * even a signal sent before the child exists, and nothing runs in an
 * asynchronous context.
 *
 * Why blocking works for PID 1: the kernel drops a signal for the init of a
 * pid namespace at generation time when its handler is SIG_DFL, but a
 * blocked signal is never dropped, since the disposition could change before
 * it is unblocked (kernel/signal.c, sig_ignored()).
 *
 * Why the fault signals (SEGV, BUS, FPE, ILL) can be blocked too: when the
 * CPU raises one in foster, the kernel unblocks it and resets it to SIG_DFL
 * (force_sig_info_to_task()), so a foster bug still crashes visibly, while
 * the same signals sent with kill(1) are forwarded like any other.
 *
 * Why system calls rather than sigfillset(3), sigprocmask(2), sigaction(2):
 * the C library keeps signals 32 to 34 for its threads and hides them
 * there. foster has no threads; left unblocked, `kill -33` would kill a
 * subreaper and be lost on PID 1, and an inherited SIG_IGN of one would
 * reach PROGRAM across exec. sigtimedwait(2) passes the set on as it is.
 */
#include <string.h>
#include <strings.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "foster.h"
#include "scan.h"
#include "signals.h"

/*
 * The kernel's sigset_t: one bit a signal, _NSIG of them (rt_sigprocmask(2)
 * fails with EINVAL for any other size). The C libraries define NSIG as
 * _NSIG + 1 (glibc and musl: 65 on x86 and arm; glibc on MIPS: 129) or as
 * _NSIG (musl on MIPS: 128), so NSIG / 8 is _NSIG / 8 either way: 8 bytes
 * on x86_64, i686 and aarch64, the architectures built and unit-tested here
 * (scripts/release.sh, under qemu-user for the last two), and 16 on MIPS,
 * which is not built.
 */
static const size_t kernel_sigset_bytes = NSIG / 8;
_Static_assert(NSIG / 8 == 8 || NSIG / 8 == 16, "a sigset size no Linux architecture has");

/*
 * The kernel's struct sigaction, all zero: SIG_DFL, no flags, an empty mask.
 * Its layout differs between architectures (x86_64, i686 and aarch64:
 * handler, flags, restorer, mask; MIPS: flags first, no restorer), but an
 * all-zero one means the same on each, so only its size matters: at most
 * three words and the sigset. 8 longs cover that on every architecture.
 */
static const unsigned long sigaction_dfl[8];
_Static_assert(sizeof(sigaction_dfl) >= 3 * sizeof(long) + NSIG / 8, "struct sigaction fits");

/* Names as signal(7) spells them; aliases after the name they alias. */
static const struct {
	int sig;
	const char *name;
} names[] = {
	{ SIGHUP, "SIGHUP" }, { SIGINT, "SIGINT" }, { SIGQUIT, "SIGQUIT" },
	{ SIGILL, "SIGILL" }, { SIGTRAP, "SIGTRAP" }, { SIGABRT, "SIGABRT" },
	{ SIGIOT, "SIGIOT" }, { SIGBUS, "SIGBUS" }, { SIGFPE, "SIGFPE" },
	{ SIGKILL, "SIGKILL" }, { SIGUSR1, "SIGUSR1" }, { SIGSEGV, "SIGSEGV" },
	{ SIGUSR2, "SIGUSR2" }, { SIGPIPE, "SIGPIPE" }, { SIGALRM, "SIGALRM" },
	{ SIGTERM, "SIGTERM" }, { SIGSTKFLT, "SIGSTKFLT" }, { SIGCHLD, "SIGCHLD" },
	{ SIGCHLD, "SIGCLD" }, { SIGCONT, "SIGCONT" }, { SIGSTOP, "SIGSTOP" },
	{ SIGTSTP, "SIGTSTP" }, { SIGTTIN, "SIGTTIN" }, { SIGTTOU, "SIGTTOU" },
	{ SIGURG, "SIGURG" }, { SIGXCPU, "SIGXCPU" }, { SIGXFSZ, "SIGXFSZ" },
	{ SIGVTALRM, "SIGVTALRM" }, { SIGPROF, "SIGPROF" }, { SIGWINCH, "SIGWINCH" },
	{ SIGIO, "SIGIO" }, { SIGPOLL, "SIGPOLL" }, { SIGPWR, "SIGPWR" },
	{ SIGSYS, "SIGSYS" },
};

/* "RTMIN", "RTMIN+3", "RTMAX-1", as kill(1) spells them, or -1. */
static int parse_realtime(const char *s)
{
	unsigned long off = 0;
	int base;

	if (!strncasecmp(s, "RTMIN", 5))
		base = SIGRTMIN;
	else if (!strncasecmp(s, "RTMAX", 5))
		base = SIGRTMAX;
	else
		return -1;
	s += 5;
	if (*s && ((*s != '+' && *s != '-') || scan_number(s + 1, NSIG - 1, &off) < 0))
		return -1;
	if (*s == '-')
		base -= (int)off;
	else
		base += (int)off;
	return base >= SIGRTMIN && base <= SIGRTMAX ? base : -1;
}

int sig_parse(const char *s)
{
	unsigned long n;
	size_t i;

	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	if (scan_number(s, NSIG - 1, &n) == 0)
		return n > 0 ? (int)n : -1;
	for (i = 0; i < LEN(names); i++)
		if (!strcasecmp(s, names[i].name + 3))
			return names[i].sig;
	return parse_realtime(s);
}

const char *sig_name(int sig)
{
	size_t i;

	for (i = 0; i < LEN(names); i++)
		if (names[i].sig == sig)
			return names[i].name;
	return "SIGRT";
}

int sig_block_all(sigset_t *set)
{
	int sig;

	memset(set, 0xff, sizeof(*set));
	if (syscall(SYS_rt_sigprocmask, SIG_SETMASK, set, NULL, kernel_sigset_bytes) < 0)
		return -1;
	for (sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP &&
		    syscall(SYS_rt_sigaction, sig, sigaction_dfl, NULL, kernel_sigset_bytes) < 0)
			return -1;
	return 0;
}

int sig_unblock_all(void)
{
	sigset_t none;

	memset(&none, 0, sizeof(none));
	return (int)syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, kernel_sigset_bytes);
}
