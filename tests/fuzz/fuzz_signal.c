/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: sig_parse, the signal names of -r, --stop-signal, -p and the
 * environment. Whatever it accepts is a real signal, and the names and
 * numbers it prints parse back to the same signal.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "signals.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), num[16];
	const char *name;
	int sig;

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	sig = sig_parse(s);
	INVARIANT(sig == -1 || (sig > 0 && sig < NSIG));
	if (sig > 0) {
		snprintf(num, sizeof(num), "%d", sig);
		INVARIANT(sig_parse(num) == sig);
		name = sig_name(sig);
		INVARIANT(name && !strncmp(name, "SIG", 3));
		/* Aliases (IOT, CLD, POLL) print as the signal they alias. */
		if (strcmp(name, "SIGRT"))
			INVARIANT(sig_parse(name) == sig);
	}
	free(s);
	return 0;
}
