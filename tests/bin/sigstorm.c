/* SPDX-License-Identifier: MIT */
/*
 * sigstorm - send many signals to one process, as fast as kill(2) goes.
 *
 * usage: sigstorm PID N SIG...
 *
 *   Sends N signals to PID, cycling through the SIGs given (names as
 *   sigrec takes them, or numbers). A real-time signal refused because
 *   the target's queue is full (EAGAIN) counts as sent: the kernel drops
 *   it, as it would for anyone. Prints "sent N, EAGAIN M" and exits 0;
 *   1 when PID is gone (ESRCH) or another error stops it, 2 on bad usage.
 *
 *   e.g. sigstorm 1234 100000 USR1 USR2 HUP RTMIN
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "signames.h"

int main(int argc, char **argv)
{
	long n, i, again = 0;
	int sigs[64], nsigs = 0, k;
	pid_t pid;

	if (argc < 4 || argc - 3 > 64) {
		fputs("usage: sigstorm PID N SIG...\n", stderr);
		return 2;
	}
	pid = (pid_t)atol(argv[1]);
	n = atol(argv[2]);
	for (k = 3; k < argc; k++) {
		sigs[nsigs] = parse_sig(argv[k]);
		if (sigs[nsigs++] <= 0) {
			fprintf(stderr, "sigstorm: unknown signal %s\n", argv[k]);
			return 2;
		}
	}
	for (i = 0; i < n; i++) {
		if (kill(pid, sigs[i % nsigs]) == 0)
			continue;
		if (errno != EAGAIN) {
			fprintf(stderr, "sigstorm: kill %d after %ld: %s\n", (int)pid, i, strerror(errno));
			return 1;
		}
		again++;
	}
	printf("sent %ld, EAGAIN %ld\n", n, again);
	return 0;
}
