/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: cli_parse (options and environment) with the privilege
 * look-ups that follow it in main (privs_resolve: passwd, group and
 * capability names), then the invariants the rest of foster relies on.
 *
 * Input: words separated by NUL bytes. A word "=NAME=VALUE" sets one of the
 * variables foster reads (FOSTER_*, TINI_*, DUMB_INIT_SETSID); every other
 * word is the next argv entry after "foster".
 */
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

#include "cli.h"
#include "log.h"
#include "privs.h"
#include "fuzz.h"

static const char *const vars[] = {
	"FOSTER_GRACE", "FOSTER_VERBOSITY", "FOSTER_STOP_SIGNAL", "TINI_VERBOSITY",
	"TINI_KILL_PROCESS_GROUP", "TINI_SUBREAPER", "DUMB_INIT_SETSID",
};

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int null = open("/dev/null", O_WRONLY);

	(void)argc;
	(void)argv;
	/* --help and --version write to stdout; keep the fuzzer's output readable. */
	if (null >= 0)
		dup2(null, STDOUT_FILENO);
	log_set_level(-1);
	return 0;
}

static void set_var(const char *word)
{
	const char *eq = strchr(word, '=');
	size_t i;

	if (!eq)
		return;
	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		if (strlen(vars[i]) == (size_t)(eq - word) && !strncmp(vars[i], word, (size_t)(eq - word)))
			setenv(vars[i], eq + 1, 1);
}

static void check_config(const struct config *cfg)
{
	int sig;

	for (sig = 0; sig < NSIG; sig++)
		INVARIANT(cfg->rewrite[sig] >= 0 && cfg->rewrite[sig] < NSIG);
	/* Never rewritten: KILL and STOP cannot be caught, CHLD is never forwarded. */
	INVARIANT(cfg->rewrite[SIGKILL] == SIGKILL && cfg->rewrite[SIGSTOP] == SIGSTOP);
	INVARIANT(cfg->rewrite[SIGCHLD] == SIGCHLD && cfg->rewrite[0] == 0);
	INVARIANT(cfg->grace.tv_sec >= 0 && cfg->grace.tv_sec <= 999999999);
	INVARIANT(cfg->grace.tv_nsec >= 0 && cfg->grace.tv_nsec < 1000000000);
	INVARIANT(cfg->stop_signal > 0 && cfg->stop_signal < NSIG);
	INVARIANT(cfg->pdeathsig >= 0 && cfg->pdeathsig < NSIG);
	INVARIANT(cfg->verbosity >= 0);
	/* --pause runs no PROGRAM; otherwise there is one. */
	INVARIANT(cfg->pause ? !cfg->argv || !cfg->argv[0] : cfg->argv && cfg->argv[0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), **argv = calloc(size + 3, sizeof(*argv));
	struct config cfg;
	struct privs pv;
	size_t i, start = 0;
	int argc = 1;

	if (!buf || !argv)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		unsetenv(vars[i]);
	argv[0] = (char *)"foster";
	for (i = 0; i <= size; i++) {
		if (buf[i])
			continue;
		if (buf[start] == '=')
			set_var(buf + start + 1);
		else
			argv[argc++] = buf + start;
		start = i + 1;
	}
	argv[argc] = NULL;
	if (cli_parse(argc, argv, &cfg) == CLI_RUN) {
		check_config(&cfg);
		if (privs_resolve(&cfg, &pv) == 0) {
			INVARIANT(pv.ngroups >= 0 && (pv.ngroups == 0 || pv.groups));
			INVARIANT(pv.wanted || (!pv.set_user && !pv.drop && !pv.keep && !pv.no_new_privs));
			privs_free(&pv);
		}
	}
	free(argv);
	free(buf);
	return 0;
}
