/* SPDX-License-Identifier: MIT */
/*
 * Options: the environment first, the command line second, so that an
 * option always beats a variable inherited from a base image. Parsing is
 * strict: a value that is not exactly a number or a signal is an error,
 * never a silent zero (atoi(3) would take "abc" for 0 and "1e999" for 1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "license.h"
#include "log.h"
#include "scan.h"
#include "signals.h"

#ifndef FOSTER_GIT
#define FOSTER_GIT ""
#endif

enum { OPT_STOP_SIGNAL = 256, OPT_CAP_DROP, OPT_CAP_KEEP, OPT_NO_NEW_PRIVS, OPT_TINI_VERBOSITY, OPT_SETSID };

#define USAGE_LINE "foster [OPTION]... [--] PROGRAM [ARG]..."

static const char usage[] =
	"Usage: " USAGE_LINE "\n"
	"Run PROGRAM as the child of a tiny init: forward signals to it, reap\n"
	"every orphan, and tear everything down when PROGRAM exits.\n"
	"\n"
	"  -g, --pgroup            forward signals to PROGRAM's process group (default)\n"
	"  -c, --single-child      forward signals to PROGRAM only\n"
	"  -r, --rewrite S:D       forward signal S as D; D = 0 drops S (repeatable)\n"
	"  -t, --grace SECONDS     teardown: time between stop signal and SIGKILL (5)\n"
	"      --stop-signal SIG   teardown: first signal sent to what is left (TERM)\n"
	"  -e, --remap-exit CODE   exit 0 when PROGRAM exits with CODE (repeatable)\n"
	"  -p, --pdeathsig SIG     get SIG when foster's parent dies\n"
	"  -s, --subreaper         accepted for tini; foster is a subreaper unless PID 1\n"
	"  -u, --user USER[:GROUP] run PROGRAM as USER, with GROUP and USER's groups\n"
	"      --cap-drop CAPS     drop capabilities (net_raw,sys_admin or all)\n"
	"      --cap-keep CAPS     with --user: keep these capabilities\n"
	"      --no-new-privs      set no_new_privs for PROGRAM\n"
	"  -P, --pause             no PROGRAM: be the pause process of a pod\n"
	"  -w                      accepted for tini (foster has no such warning)\n"
	"  -v, --verbose           log more (repeatable)\n"
	"  -V, --version           print the version and exit\n"
	"  -l, -L, --license       print the licence and bundled notices and exit\n"
	"  -h, --help              print this help and exit\n"
	"\n"
	"Environment: FOSTER_GRACE, FOSTER_STOP_SIGNAL, FOSTER_VERBOSITY; for tini\n"
	"TINI_KILL_PROCESS_GROUP, TINI_SUBREAPER, TINI_VERBOSITY; for dumb-init\n"
	"DUMB_INIT_SETSID=0 (as -c).\n"
	"Exit status: PROGRAM's, 128+N if signal N killed it; 125 if foster fails,\n"
	"126 if PROGRAM cannot be run, 127 if it is not found.\n";

static const struct option options[] = {
	{ "pgroup", no_argument, NULL, 'g' },
	{ "single-child", no_argument, NULL, 'c' },
	{ "rewrite", required_argument, NULL, 'r' },
	{ "grace", required_argument, NULL, 't' },
	{ "stop-signal", required_argument, NULL, OPT_STOP_SIGNAL },
	{ "remap-exit", required_argument, NULL, 'e' },
	{ "pdeathsig", required_argument, NULL, 'p' },
	{ "subreaper", no_argument, NULL, 's' },
	{ "user", required_argument, NULL, 'u' },
	{ "cap-drop", required_argument, NULL, OPT_CAP_DROP },
	{ "cap-keep", required_argument, NULL, OPT_CAP_KEEP },
	{ "no-new-privs", no_argument, NULL, OPT_NO_NEW_PRIVS },
	{ "verbose", no_argument, NULL, 'v' },
	{ "pause", no_argument, NULL, 'P' },
	{ "version", no_argument, NULL, 'V' },
	{ "license", no_argument, NULL, 'l' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* "S:D": forward S as D, or drop S when D is 0. */
static int parse_rewrite(const char *arg, struct config *cfg)
{
	const char *colon = strchr(arg, ':');
	char from_name[32];
	int from, to;

	if (!colon || (size_t)(colon - arg) >= sizeof(from_name))
		return -1;
	memcpy(from_name, arg, (size_t)(colon - arg));
	from_name[colon - arg] = '\0';
	from = sig_parse(from_name);
	to = strcmp(colon + 1, "0") ? sig_parse(colon + 1) : 0;
	/* SIGKILL and SIGSTOP never reach foster; SIGCHLD is never forwarded. */
	if (from < 0 || to < 0 || from == SIGKILL || from == SIGSTOP || from == SIGCHLD)
		return -1;
	cfg->rewrite[from] = to;
	return 0;
}

static void set_defaults(struct config *cfg)
{
	int sig;

	memset(cfg, 0, sizeof(*cfg));
	for (sig = 0; sig < NSIG; sig++)
		cfg->rewrite[sig] = sig;
	cfg->grace.tv_sec = 5;
	cfg->stop_signal = SIGTERM;
}

/* One value of the environment or the command line; 0, or -1 after a message. */
static int set_value(struct config *cfg, int opt, const char *what, const char *val)
{
	unsigned long n;

	switch (opt) {
	case 't':
		if (scan_seconds(val, &cfg->grace) < 0)
			goto bad;
		return 0;
	case OPT_STOP_SIGNAL:
		cfg->stop_signal = sig_parse(val);
		if (cfg->stop_signal < 0)
			goto bad;
		return 0;
	case 'p':
		cfg->pdeathsig = sig_parse(val);
		if (cfg->pdeathsig < 0)
			goto bad;
		return 0;
	case 'v':
		if (scan_number(val, 9, &n) < 0)
			goto bad;
		cfg->verbosity = (int)n;
		return 0;
	case OPT_TINI_VERBOSITY:
		/* tini's scale: 1 is its default (errors), 2 info, 3 debug. */
		if (scan_number(val, 9, &n) < 0)
			goto bad;
		cfg->verbosity = n < 2 ? LOG_ERROR : n == 2 ? LOG_INFO : LOG_DEBUG;
		return 0;
	case OPT_SETSID:
		/* dumb-init: 0 signals the child alone, anything else its session. */
		cfg->single_child = !strcmp(val, "0");
		return 0;
	case 'e':
		if (scan_number(val, 255, &n) < 0)
			goto bad;
		cfg->remap[n / 8] |= (unsigned char)(1u << (n % 8));
		return 0;
	case 'r':
		if (parse_rewrite(val, cfg) < 0)
			goto bad;
		return 0;
	}
	return 0;
bad:
	log_msg(LOG_ERROR, "%s %s: invalid value", what, val);
	return -1;
}

static int read_environment(struct config *cfg)
{
	static const struct {
		const char *name;
		int opt;
	} vars[] = {
		{ "TINI_VERBOSITY", OPT_TINI_VERBOSITY },
		{ "DUMB_INIT_SETSID", OPT_SETSID },
		{ "FOSTER_VERBOSITY", 'v' },
		{ "FOSTER_GRACE", 't' },
		{ "FOSTER_STOP_SIGNAL", OPT_STOP_SIGNAL },
	};
	size_t i;

	/* TINI_KILL_PROCESS_GROUP and TINI_SUBREAPER ask for the default. */
	for (i = 0; i < LEN(vars); i++) {
		const char *val = getenv(vars[i].name);

		/* Empty is unset, as tini reads TINI_VERBOSITY= */
		if (val && *val && set_value(cfg, vars[i].opt, vars[i].name, val) < 0)
			return -1;
	}
	return 0;
}

/*
 * dockerd runs its init as `docker-init --version` and keeps the commit
 * after " - git." and the version only after a leading "tini version "
 * (parseInitVersion in moby's daemon). Called by that name, foster answers
 * in tini's words with its own version marked, as catatonit does, so that
 * `docker version` shows both; by any other name, in its own (SPEC.md).
 */
static void print_version(const char *argv0)
{
	const char *base = argv0 ? strrchr(argv0, '/') : NULL;
	bool docker = !strcmp(base ? base + 1 : argv0 ? argv0 : "", "docker-init");

	printf(docker ? "tini version %s_foster" : "foster version %s", FOSTER_VERSION);
	printf(*FOSTER_GIT ? " - git.%s\n" : "\n", FOSTER_GIT);
}

/* The long option whose short form or code is opt, or NULL. */
static const struct option *find_option(int opt)
{
	const struct option *o;

	for (o = options; o->name; o++)
		if (o->val == opt)
			return o;
	return NULL;
}

/* "--grace" for 't', to name an option the same way however it was spelt. */
static void option_name(int opt, char *buf, size_t len)
{
	const struct option *o = find_option(opt);

	snprintf(buf, len, "--%s", o ? o->name : "?");
}

/*
 * getopt_long(3) answered '?': an unknown short option (optopt), an unknown
 * long one (optopt 0), or a value given to an option that takes none
 * (--pgroup=1, optopt its code).
 */
static void unknown_option(char **argv)
{
	char name[32] = "-?";

	if (optopt && find_option(optopt) && (optopt > 255 || !strncmp(argv[optind - 1], "--", 2))) {
		option_name(optopt, name, sizeof(name));
		log_msg(LOG_ERROR, "%s: takes no value (see foster --help)", name);
	} else if (optopt) {
		name[1] = (char)optopt;
		log_msg(LOG_ERROR, "%s: unknown option (see foster --help)", name);
	} else {
		log_msg(LOG_ERROR, "%s: unknown option (see foster --help)", argv[optind - 1]);
	}
}

/* --help and --version must not exit 0 when their text was lost (stdout full or closed). */
static enum cli_result flush_stdout(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return CLI_DONE;
	log_errno(LOG_ERROR, "write stdout");
	return CLI_ERROR;
}

/*
 * A privilege option given twice is refused rather than half-taken: a
 * second --cap-drop replacing the first would keep what the first dropped.
 */
static int set_once(const char **slot, const char *what, const char *val)
{
	if (*slot) {
		log_msg(LOG_ERROR, "%s %s: given twice%s", what, val,
			strncmp(what, "--cap-", 6) ? "" : " (give it once, with a comma list)");
		return -1;
	}
	*slot = val;
	return 0;
}

static enum cli_result read_options(int argc, char **argv, struct config *cfg)
{
	char name[32] = "-?";
	int opt;

	opterr = 0;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "+:gcr:t:e:p:su:vVhPwlL", options, NULL)) != -1) {
		switch (opt) {
		case 'g':
			cfg->single_child = false;
			break;
		case 'c':
			cfg->single_child = true;
			break;
		case 's':
		case 'w':
			break;
		case 'P':
			cfg->pause = true;
			break;
		case 'u':
			if (set_once(&cfg->user, "--user", optarg) < 0)
				return CLI_ERROR;
			break;
		case OPT_CAP_DROP:
			if (set_once(&cfg->cap_drop, "--cap-drop", optarg) < 0)
				return CLI_ERROR;
			break;
		case OPT_CAP_KEEP:
			if (set_once(&cfg->cap_keep, "--cap-keep", optarg) < 0)
				return CLI_ERROR;
			break;
		case OPT_NO_NEW_PRIVS:
			cfg->no_new_privs = true;
			break;
		case 'v':
			cfg->verbosity++;
			break;
		case 'V':
			print_version(argv[0]);
			return flush_stdout();
		case 'l':
		case 'L':
			license_print();
			return flush_stdout();
		case 'h':
			fputs(usage, stdout);
			return flush_stdout();
		case ':':
			option_name(optopt, name, sizeof(name));
			log_msg(LOG_ERROR, "%s: needs a value (see foster --help)", name);
			return CLI_ERROR;
		case '?':
			unknown_option(argv);
			return CLI_ERROR;
		default:
			option_name(opt, name, sizeof(name));
			if (set_value(cfg, opt, name, optarg) < 0)
				return CLI_ERROR;
		}
	}
	return CLI_RUN;
}

enum cli_result cli_parse(int argc, char **argv, struct config *cfg)
{
	enum cli_result r;

	set_defaults(cfg);
	if (read_environment(cfg) < 0)
		return CLI_ERROR;
	r = read_options(argc, argv, cfg);
	if (r != CLI_RUN)
		return r;
	if (cfg->pause && optind < argc) {
		log_msg(LOG_ERROR, "--pause runs no program, yet '%s' was given (see foster --help)", argv[optind]);
		return CLI_ERROR;
	}
	if (!cfg->pause && optind >= argc) {
		/* As tini and dumb-init answer a bare invocation: the usage line. */
		log_msg(LOG_ERROR, "usage: " USAGE_LINE);
		return CLI_ERROR;
	}
	cfg->argv = argv + optind;
	return CLI_RUN;
}
