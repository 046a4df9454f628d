/*
 * Reaping and teardown.
 *
 * The event loop calls reap_all() on every pass, whatever woke it: SIGCHLD
 * does not queue (signal(7)), so one SIGCHLD may stand for many zombies, and
 * a zombie made after the last waitpid() raises SIGCHLD anew, which wakes
 * the loop at once. No zombie outlives one pass.
 *
 * Teardown is TERM+CONT, grace period, KILL, like s6 and runit, but ends as
 * soon as nothing is left: the loop sleeps until the next SIGCHLD or the
 * deadline, never polls.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "log.h"
#include "proc.h"
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

/* How often /proc is scanned for new descendants per signal, but for SIGKILL. */
static const int max_scans = 4;

/* kill(2), logging any failure but ESRCH: a process that is gone needs nothing. */
static void signal_pid(pid_t pid, int sig)
{
	if (kill(pid, sig) < 0 && errno != ESRCH)
		log_errno(LOG_ERROR, "kill %d %s", (int)pid, sig_name(sig));
}

static int by_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* Signal the descendants not in done[0..*ndone), adding them; false on ENOMEM. */
static bool signal_new(const pid_t *found, size_t nfound, pid_t **done, size_t *ndone, int sig, bool cont)
{
	size_t before = *ndone, i;
	pid_t *grown = realloc(*done, (before + nfound + 1) * sizeof(**done));

	if (!grown)
		return false;
	*done = grown;
	for (i = 0; i < nfound; i++) {
		if (bsearch(&found[i], grown, before, sizeof(*grown), by_pid))
			continue;
		signal_pid(found[i], sig);
		if (cont)
			signal_pid(found[i], SIGCONT);
		grown[(*ndone)++] = found[i];
	}
	qsort(grown, *ndone, sizeof(*grown), by_pid);
	return true;
}

/*
 * A subreaper's teardown: each descendant gets sig (and SIGCONT) once, scan
 * after scan, until a scan finds no new one. SIGKILL converges: a process
 * cannot fork once it has it (kernel/fork.c). Any other signal gets a few
 * scans only, or a tree that forks faster than /proc is read would hold
 * foster past its deadline; what appears later gets SIGKILL at the end.
 * Where /proc cannot tell (not mounted, or another namespace's), the main
 * child's process group is what is reachable.
 */
static void signal_descendants(const struct state *st, int sig, bool cont)
{
	pid_t *done = NULL, *found;
	size_t ndone = 0, before, nfound;
	int scans = 0;
	bool ok;

	do {
		if (proc_descendants(st->self, &found, &nfound) < 0) {
			log_errno(LOG_ERROR, "teardown: signalling process group %d only: cannot list descendants in /proc",
				  (int)st->child);
			signal_pid(-st->child, sig);
			if (cont)
				signal_pid(-st->child, SIGCONT);
			break;
		}
		before = ndone;
		ok = signal_new(found, nfound, &done, &ndone, sig, cont);
		free(found);
		if (!ok)
			log_errno(LOG_ERROR, "teardown");
	} while (ok && ndone > before && (sig == SIGKILL || ++scans < max_scans));
	free(done);
}

/* sig, then SIGCONT if cont, to everything left. */
static void signal_rest(const struct state *st, int sig, bool cont)
{
	if (!st->pid1) {
		signal_descendants(st, sig, cont);
		return;
	}
	signal_pid(-1, sig);
	if (cont)
		signal_pid(-1, SIGCONT);
}

void teardown_signal(const struct state *st, int sig)
{
	signal_rest(st, sig, false);
}

void teardown_start(struct state *st, const struct config *cfg)
{
	st->tearing_down = true;
	if (clock_gettime(CLOCK_MONOTONIC, &st->deadline) < 0)
		log_errno(LOG_ERROR, "clock_gettime");
	st->deadline.tv_sec += cfg->grace.tv_sec;
	st->deadline.tv_nsec += cfg->grace.tv_nsec;
	if (st->deadline.tv_nsec >= 1000000000) {
		st->deadline.tv_sec++;
		st->deadline.tv_nsec -= 1000000000;
	}
	log_msg(LOG_INFO, "teardown: %s to what is left, SIGKILL in %ld.%03ld s", sig_name(cfg->stop_signal),
		(long)cfg->grace.tv_sec, cfg->grace.tv_nsec / 1000000);
	signal_rest(st, cfg->stop_signal, cfg->stop_signal != SIGCONT && cfg->stop_signal != SIGKILL);
}

void teardown_kill(struct state *st)
{
	st->killed = true;
	log_msg(LOG_INFO, "teardown: grace period over, SIGKILL to what is left");
	signal_rest(st, SIGKILL, false);
}
