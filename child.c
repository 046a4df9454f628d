/* SPDX-License-Identifier: MIT */
/*
 * The main child, between fork(2) and exec(2). Everything here runs in the
 * forked copy of foster, so it ends in exec or in _exit(2), never in a
 * return to main() or in exit(3), which would run foster's atexit work twice.
 *
 * PROGRAM is looked up in PATH here rather than with execvp(3): musl's
 * execvp does not run a file without "#!" with /bin/sh, glibc's does, and
 * POSIX asks for it; foster behaves the same in both builds.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "child.h"
#include "log.h"
#include "scan.h"
#include "signals.h"

/* Docker's PATH, for a PROGRAM started with no PATH in its environment. */
static const char default_path[] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

extern char **environ;

/* execve(2) path; a file without "#!" or ELF header goes to /bin/sh, as execvp(3) does. */
static void try_exec(char *path, char **argv)
{
	static char sh[] = "/bin/sh";
	size_t argc = 0;
	char **sh_argv;

	execve(path, argv, environ);
	if (errno != ENOEXEC)
		return;
	while (argv[argc])
		argc++;
	sh_argv = calloc(argc + 2, sizeof(*sh_argv));
	if (!sh_argv)
		return;
	sh_argv[0] = sh;
	sh_argv[1] = path;
	memcpy(sh_argv + 2, argv + 1, argc * sizeof(*argv));
	execve(sh, sh_argv, environ);
	free(sh_argv);
	errno = ENOEXEC;
}

/* Every PATH directory in turn, as execvp(3): EACCES is remembered, ENOENT moves on. */
static int exec_in_path(char **argv)
{
	const char *dir = getenv("PATH"), *end;
	char path[PATH_MAX];
	int denied = 0;

	if (!dir)
		dir = default_path;
	for (;; dir = end + 1) {
		size_t len;

		end = strchr(dir, ':');
		if (!end)
			end = dir + strlen(dir);
		len = (size_t)(end - dir);
		if (snprintf(path, sizeof(path), "%.*s%s%s", (int)len, dir, len ? "/" : "", argv[0]) < (int)sizeof(path)) {
			try_exec(path, argv);
			if (errno == EACCES)
				denied = 1;
			else if (errno != ENOENT && errno != ENOTDIR)
				return -1;
		}
		if (!*end)
			break;
	}
	errno = denied ? EACCES : ENOENT;
	return -1;
}

static _Noreturn void exec_program(char **argv)
{
	if (!*argv[0])
		errno = ENOENT;
	else if (strchr(argv[0], '/'))
		try_exec(argv[0], argv);
	else
		exec_in_path(argv);
	log_errno(LOG_ERROR, "%s", argv[0]);
	_exit(errno == ENOENT ? EXIT_NOTFOUND : EXIT_CANNOT);
}

/*
 * Socket activation (sd_listen_fds(3)): LISTEN_PID names the process the
 * sockets are for, and a program refuses them when it is not its own pid.
 * When it names foster, the sockets were meant for what foster runs.
 */
static void adopt_listen_pid(void)
{
	const char *value = getenv("LISTEN_PID");
	unsigned long pid;
	char own[24];

	if (!value || scan_number(value, INT_MAX, &pid) < 0 || (pid_t)pid != getppid())
		return;
	snprintf(own, sizeof(own), "%d", (int)getpid());
	if (setenv("LISTEN_PID", own, 1) < 0)
		log_errno(LOG_ERROR, "setenv LISTEN_PID");
}

static _Noreturn void run_child(const struct config *cfg, const struct privs *pv, bool take_tty)
{
	if (setpgid(0, 0) < 0) {
		log_errno(LOG_ERROR, "setpgid");
		_exit(EXIT_FAIL);
	}
	/* SIGTTOU is still blocked: a background group may take the terminal. */
	if (take_tty && tcsetpgrp(STDIN_FILENO, getpid()) < 0)
		log_errno(LOG_ERROR, "tcsetpgrp");
	if (privs_apply(pv) < 0)
		_exit(EXIT_FAIL);
	adopt_listen_pid();
	if (sig_unblock_all() < 0) {
		log_errno(LOG_ERROR, "sigprocmask");
		_exit(EXIT_FAIL);
	}
	exec_program(cfg->argv);
}

pid_t child_spawn(const struct config *cfg, const struct privs *pv, bool take_tty)
{
	pid_t pid = fork();

	if (pid == 0)
		run_child(cfg, pv, take_tty);
	/* EACCES: the child has exec'd already, so it did its own setpgid. */
	if (pid > 0 && setpgid(pid, pid) < 0 && errno != EACCES && errno != ESRCH)
		log_errno(LOG_INFO, "setpgid %d", (int)pid);
	return pid;
}
