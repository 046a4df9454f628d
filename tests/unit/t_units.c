/* SPDX-License-Identifier: MIT */
/* Unit tests of foster's pure functions: option parsing, signal names, exit codes, /proc lines. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "check.h"
#include "cli.h"
#include "scan.h"
#include "log.h"
#include "proc.h"
#include "reaper.h"
#include "signals.h"

/* cli_parse on a command line given as a NULL-terminated list of words. */
static enum cli_result parse(struct config *cfg, char **words)
{
	int argc = 0;

	while (words[argc])
		argc++;
	return cli_parse(argc, words, cfg);
}

static void test_signal_names(void)
{
	CHECK(sig_parse("TERM") == SIGTERM);
	CHECK(sig_parse("SIGTERM") == SIGTERM);
	CHECK(sig_parse("term") == SIGTERM);
	CHECK(sig_parse("15") == SIGTERM);
	CHECK(sig_parse("SIG15") == SIGTERM);
	CHECK(sig_parse("CLD") == SIGCHLD);
	CHECK(sig_parse("RTMIN") == SIGRTMIN);
	CHECK(sig_parse("RTMIN+2") == SIGRTMIN + 2);
	CHECK(sig_parse("RTMAX-1") == SIGRTMAX - 1);
	CHECK(sig_parse("RTMAX+1") == -1);
	CHECK(sig_parse("0") == -1);
	CHECK(sig_parse("65") == -1);
	CHECK(sig_parse("-1") == -1);
	CHECK(sig_parse("") == -1);
	CHECK(sig_parse("TERMX") == -1);
	CHECK(sig_parse("15x") == -1);
	CHECK(!strcmp(sig_name(SIGUSR1), "SIGUSR1"));
	CHECK(!strcmp(sig_name(SIGABRT), "SIGABRT"));
	CHECK(!strcmp(sig_name(SIGRTMIN + 1), "SIGRT"));
}

static void test_seconds(void)
{
	struct timespec ts;

	CHECK(scan_seconds("5", &ts) == 0 && ts.tv_sec == 5 && ts.tv_nsec == 0);
	CHECK(scan_seconds("0.25", &ts) == 0 && ts.tv_sec == 0 && ts.tv_nsec == 250000000);
	CHECK(scan_seconds("10.", &ts) == 0 && ts.tv_sec == 10 && ts.tv_nsec == 0);
	CHECK(scan_seconds("1.0000000019", &ts) == 0 && ts.tv_sec == 1 && ts.tv_nsec == 1);
	CHECK(scan_seconds("999999999", &ts) == 0 && ts.tv_sec == 999999999);
	CHECK(scan_seconds("1000000000", &ts) == -1);
	CHECK(scan_seconds("-1", &ts) == -1);
	CHECK(scan_seconds("abc", &ts) == -1);
	CHECK(scan_seconds("1e999", &ts) == -1);
	CHECK(scan_seconds(".5", &ts) == 0 && ts.tv_sec == 0 && ts.tv_nsec == 500000000);
	CHECK(scan_seconds(".", &ts) == -1);
	CHECK(scan_seconds("", &ts) == -1);
	CHECK(scan_seconds(" 1", &ts) == -1);
	CHECK(scan_seconds("inf", &ts) == -1);
}

static void test_numbers(void)
{
	unsigned long n = 7;

	CHECK(scan_uint("42 rest", 100, &n) == 2 && n == 42);
	CHECK(scan_uint("x", 100, &n) == 0 && n == 42);
	CHECK(scan_uint("101", 100, &n) == 0 && n == 42);
	CHECK(scan_uint("5", 0, &n) == 0);
	CHECK(scan_uint("0", 0, &n) == 1 && n == 0);
	CHECK(scan_uint("18446744073709551616", (unsigned long)-1, &n) == 0);
	CHECK(scan_number("4294967294", 4294967294UL, &n) == 0 && n == 4294967294UL);
	CHECK(scan_number("4294967295", 4294967294UL, &n) == -1);
	CHECK(scan_number("", 9, &n) == -1);
	CHECK(scan_number("+1", 9, &n) == -1);
	CHECK(scan_number(" 1", 9, &n) == -1);
	CHECK(scan_number("1 ", 9, &n) == -1);
	CHECK(scan_number("007", 9, &n) == 0 && n == 7);
}

static void test_options(void)
{
	struct config cfg;
	char *plain[] = { "foster", "ls", "-l", NULL };
	char *many[] = { "foster", "-c", "-t", "0.5", "--stop-signal", "INT", "-r", "TERM:USR1",
			 "-r", "HUP:0", "-e", "143", "-vv", "--", "prog", "-v", NULL };
	char *bad_rewrite[] = { "foster", "-r", "KILL:TERM", "prog", NULL };
	char *bad_exit[] = { "foster", "-e", "256", "prog", NULL };
	char *no_program[] = { "foster", "-v", NULL };

	CHECK(parse(&cfg, plain) == CLI_RUN);
	CHECK(!strcmp(cfg.argv[0], "ls") && !strcmp(cfg.argv[1], "-l"));
	CHECK(!cfg.single_child && cfg.stop_signal == SIGTERM && cfg.grace.tv_sec == 5);
	CHECK(cfg.rewrite[SIGUSR1] == SIGUSR1);

	CHECK(parse(&cfg, many) == CLI_RUN);
	CHECK(cfg.single_child && cfg.grace.tv_nsec == 500000000 && cfg.stop_signal == SIGINT);
	CHECK(cfg.rewrite[SIGTERM] == SIGUSR1 && cfg.rewrite[SIGHUP] == 0);
	CHECK(cfg.verbosity == 2 && !strcmp(cfg.argv[0], "prog") && !strcmp(cfg.argv[1], "-v"));
	CHECK(reap_exit_code(SIGTERM, &cfg) == 0);	/* 143 remapped */
	CHECK(reap_exit_code(7 << 8, &cfg) == 7);

	CHECK(parse(&cfg, bad_rewrite) == CLI_ERROR);
	CHECK(parse(&cfg, bad_exit) == CLI_ERROR);
	CHECK(parse(&cfg, no_program) == CLI_ERROR);
}

static void test_environment(void)
{
	struct config cfg;
	char *plain[] = { "foster", "prog", NULL };
	char *grace[] = { "foster", "-t", "2", "prog", NULL };
	char *verbose[] = { "foster", "-v", "prog", NULL };

	setenv("FOSTER_GRACE", "7", 1);
	setenv("FOSTER_STOP_SIGNAL", "QUIT", 1);
	CHECK(parse(&cfg, plain) == CLI_RUN && cfg.grace.tv_sec == 7 && cfg.stop_signal == SIGQUIT);
	CHECK(parse(&cfg, grace) == CLI_RUN && cfg.grace.tv_sec == 2);
	setenv("FOSTER_GRACE", "soon", 1);
	CHECK(parse(&cfg, plain) == CLI_ERROR);
	unsetenv("FOSTER_GRACE");
	unsetenv("FOSTER_STOP_SIGNAL");

	/* -v adds a level to FOSTER_VERBOSITY; an empty variable is unset. */
	setenv("FOSTER_VERBOSITY", "1", 1);
	CHECK(parse(&cfg, verbose) == CLI_RUN && cfg.verbosity == 2);
	setenv("FOSTER_VERBOSITY", "", 1);
	CHECK(parse(&cfg, verbose) == CLI_RUN && cfg.verbosity == 1);
	unsetenv("FOSTER_VERBOSITY");
}

/* tini's, dumb-init's and catatonit's flags and variables (SPEC "Command line"). */
static void test_drop_in(void)
{
	struct config cfg;
	char *plain[] = { "foster", "prog", NULL };
	char *accepted[] = { "foster", "-w", "-s", "-g", "prog", NULL };
	char *pause[] = { "foster", "-P", NULL };
	char *pause_long[] = { "foster", "--pause", "--", NULL };
	char *pause_prog[] = { "foster", "-P", "prog", NULL };
	char *none[] = { "foster", "-t", "1", NULL };
	static const struct { const char *tini; int level; } scale[] = {
		{ "0", 0 }, { "1", 0 }, { "2", 1 }, { "3", 2 }, { "4", 2 },
	};
	size_t i;

	for (i = 0; i < LEN(scale); i++) {
		setenv("TINI_VERBOSITY", scale[i].tini, 1);
		CHECK(parse(&cfg, plain) == CLI_RUN && cfg.verbosity == scale[i].level);
	}
	setenv("FOSTER_VERBOSITY", "1", 1);	/* foster's own variable wins */
	CHECK(parse(&cfg, plain) == CLI_RUN && cfg.verbosity == 1);
	unsetenv("FOSTER_VERBOSITY");
	setenv("TINI_VERBOSITY", "loud", 1);
	CHECK(parse(&cfg, plain) == CLI_ERROR);
	unsetenv("TINI_VERBOSITY");

	setenv("DUMB_INIT_SETSID", "0", 1);
	CHECK(parse(&cfg, plain) == CLI_RUN && cfg.single_child);
	CHECK(parse(&cfg, accepted) == CLI_RUN && !cfg.single_child);	/* -g wins */
	setenv("DUMB_INIT_SETSID", "1", 1);
	CHECK(parse(&cfg, plain) == CLI_RUN && !cfg.single_child);
	unsetenv("DUMB_INIT_SETSID");

	CHECK(parse(&cfg, pause) == CLI_RUN && cfg.pause && !*cfg.argv);
	CHECK(parse(&cfg, pause_long) == CLI_RUN && cfg.pause && !*cfg.argv);
	CHECK(parse(&cfg, pause_prog) == CLI_ERROR);
	CHECK(parse(&cfg, none) == CLI_ERROR);
	CHECK(parse(&cfg, plain) == CLI_RUN && !cfg.pause);
}

/*
 * The raw rt_sigprocmask/rt_sigaction of signals.c on this architecture:
 * the kernel (and qemu-user, which checks the same sizes) refuses a wrong
 * sigset size with EINVAL, and a wrong struct sigaction layout would leave
 * a signal unblocked or a disposition not SIG_DFL. Read back through libc.
 * Up to SIGRTMAX - 2 only: qemu-user (7.2) keeps the last two real-time
 * signals of the host for itself and cannot block them for its guest.
 */
static void test_signal_syscalls(void)
{
	sigset_t set, now;
	struct sigaction sa;
	int sig, unblocked = 0;

	signal(SIGUSR1, SIG_IGN);
	CHECK(sig_block_all(&set) == 0);
	CHECK(sigprocmask(SIG_BLOCK, NULL, &now) == 0);
	CHECK(sigismember(&now, SIGTERM) == 1 && sigismember(&now, SIGHUP) == 1);
	for (sig = SIGRTMIN; sig <= SIGRTMAX - 2; sig++)
		unblocked += sigismember(&now, sig) != 1;
	CHECK(unblocked == 0);
	CHECK(sigaction(SIGUSR1, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL);
	CHECK(sig_unblock_all() == 0);
	CHECK(sigprocmask(SIG_BLOCK, NULL, &now) == 0);
	CHECK(sigismember(&now, SIGTERM) == 0 && sigismember(&now, SIGRTMIN) == 0);
}

static void test_exit_codes(void)
{
	struct config cfg;
	char *plain[] = { "foster", "prog", NULL };

	parse(&cfg, plain);
	CHECK(reap_exit_code(0, &cfg) == 0);
	CHECK(reap_exit_code(77 << 8, &cfg) == 77);
	CHECK(reap_exit_code(255 << 8, &cfg) == 255);
	CHECK(reap_exit_code(SIGKILL, &cfg) == 137);
	CHECK(reap_exit_code(SIGSEGV | 0x80, &cfg) == 139);	/* core dumped */
}

static void test_stat_ppid(void)
{
	CHECK(proc_stat_ppid("42 (sh) S 7 42 42 0 -1") == 7);
	CHECK(proc_stat_ppid("42 (a b) c) R 9 1 1") == 9);
	CHECK(proc_stat_ppid("42 ((x)) Z 1 1 1") == 1);
	CHECK(proc_stat_ppid("42 (sh") == -1);
	CHECK(proc_stat_ppid("") == -1);
}

/* Lines longer than the buffer are cut inside a run of plain, backslash and control bytes alike. */
static void test_long_log_lines(void)
{
	static const char fill[] = { 'a', '\\', '\001' };
	char text[2048];
	int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY);
	size_t i, k;

	CHECK(saved >= 0 && null >= 0);
	dup2(null, STDERR_FILENO);
	log_set_level(0);
	for (k = 0; k < LEN(fill); k++) {
		for (i = 0; i < sizeof(text) - 1; i++)
			text[i] = fill[k];
		text[sizeof(text) - 1] = '\0';
		errno = EINTR;
		log_msg(LOG_ERROR, "%s", text);
		CHECK(errno == EINTR);
	}
	log_set_level(-1);
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(null);
}

int main(void)
{
	log_set_level(-1);	/* the error cases are expected: keep stderr quiet */
	test_signal_names();
	test_seconds();
	test_numbers();
	test_options();
	test_environment();
	test_drop_in();
	test_signal_syscalls();
	test_exit_codes();
	test_stat_ppid();
	test_long_log_lines();
	return check_report("unit");
}
