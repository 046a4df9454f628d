/* SPDX-License-Identifier: MIT */
/* signames.h - signal names for the test helpers (sigrec, sigwrap), as kill(1) spells them. */
#ifndef SIGNAMES_H
#define SIGNAMES_H

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct { int sig; const char *name; } names[] = {
	{SIGHUP, "HUP"}, {SIGINT, "INT"}, {SIGQUIT, "QUIT"}, {SIGILL, "ILL"},
	{SIGTRAP, "TRAP"}, {SIGABRT, "ABRT"}, {SIGBUS, "BUS"}, {SIGFPE, "FPE"},
	{SIGKILL, "KILL"}, {SIGUSR1, "USR1"}, {SIGSEGV, "SEGV"}, {SIGUSR2, "USR2"},
	{SIGPIPE, "PIPE"}, {SIGALRM, "ALRM"}, {SIGTERM, "TERM"},
	{SIGSTKFLT, "STKFLT"},
	{SIGCHLD, "CHLD"}, {SIGCONT, "CONT"}, {SIGSTOP, "STOP"}, {SIGTSTP, "TSTP"},
	{SIGTTIN, "TTIN"}, {SIGTTOU, "TTOU"}, {SIGURG, "URG"}, {SIGXCPU, "XCPU"},
	{SIGXFSZ, "XFSZ"}, {SIGVTALRM, "VTALRM"}, {SIGPROF, "PROF"},
	{SIGWINCH, "WINCH"}, {SIGIO, "IO"}, {SIGPWR, "PWR"}, {SIGSYS, "SYS"},
};

/* parse_sig - a signal from "TERM", "SIGTERM", "15" or "RTMIN+2"; -1 when unknown. */
static inline int parse_sig(const char *s)
{
	char *end;
	long n;

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

#endif
