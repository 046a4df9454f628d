/* SPDX-License-Identifier: MIT */
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

#endif
