/* SPDX-License-Identifier: MIT */
/*
 * Reaping.
 *
 * The event loop calls reap_all() once before its first wait, and then on
 * every pass in which a SIGCHLD was pending, whatever else woke it
 * (init.c, serve()): SIGCHLD does not queue (signal(7)), so one SIGCHLD
 * may stand for many zombies, and a zombie made after the last waitpid()
 * raises SIGCHLD anew. No zombie outlives one pass.
 */
#include <errno.h>
#include <sys/wait.h>

#include "log.h"
#include "reaper.h"
#include "signals.h"

static void log_child_exit(pid_t pid, int status)
{
	if (WIFSIGNALED(status))
		log_msg(LOG_INFO, "main child %d was killed by %s", (int)pid, sig_name(WTERMSIG(status)));
	else
		log_msg(LOG_INFO, "main child %d exited with code %d", (int)pid, WEXITSTATUS(status));
}

bool reap_all(struct state *st)
{
	int status;
	pid_t pid;

	for (;;) {
		pid = waitpid(-1, &status, WNOHANG);
		if (pid > 0) {
			if (pid == st->child) {
				st->child_done = true;
				st->status = status;
				log_child_exit(pid, status);
			} else {
				log_msg(LOG_DEBUG, "reaped %d", (int)pid);
			}
		} else if (pid == 0) {
			return false;
		} else if (errno != EINTR) {
			return errno == ECHILD;
		}
	}
}

int reap_exit_code(int status, const struct config *cfg)
{
	int code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);

	if (cfg->remap[code / 8] & (1u << (code % 8)))
		return 0;
	return code;
}
