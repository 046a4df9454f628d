/* The command line and the environment, into a struct config (SPEC.md, "Command line"). */
#ifndef FOSTER_CLI_H
#define FOSTER_CLI_H

#include "foster.h"

enum cli_result {
	CLI_RUN,	/* cfg is complete: start PROGRAM */
	CLI_DONE,	/* --help, --version or --license was printed: exit 0 */
	CLI_ERROR,	/* a "foster: ..." line was written: exit EXIT_FAIL */
};

/*
 * cli_parse - fill *cfg from the environment (FOSTER_*, TINI_*), then from
 * argv, which wins. Options stop at the first word that is not one, or at
 * "--" (getopt_long(3) with "+"), so PROGRAM's own options stay its own.
 * Prints --help, --version and --license to stdout and errors to stderr;
 * never exits. --version answers in tini's words when argv[0] is named
 * docker-init (see print_version in cli.c).
 */
enum cli_result cli_parse(int argc, char **argv, struct config *cfg);

/*
 * cli_seconds - parse a duration such as "5", "0.25", ".5" or "10." into *ts:
 * decimal digits only (no sign, exponent, "inf"), at most 999999999 s,
 * nanoseconds beyond the ninth decimal cut. Returns 0, or -1 if s is not one.
 */
int cli_seconds(const char *s, struct timespec *ts);

/* cli_number - a whole number from 0 to max, decimal digits only, or -1. */
long cli_number(const char *s, long max);

#endif
