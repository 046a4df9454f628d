/* SPDX-License-Identifier: MIT */
/*
 * Teardown: stop signal + SIGCONT, grace period, SIGKILL, like s6 and runit,
 * ending as soon as nothing is left; the loop sleeps until a signal, a
 * watched exit or the deadline, never polls.
 *
 * Who is signalled. As PID 1 every process of the namespace, as a subreaper
 * every descendant, one pid at a time from /proc, so that a process that
 * already had a stop request forwarded gets SIGCONT only (a second SIGTERM
 * reads as "abort the clean shutdown" to many servers). The pids forwarded
 * to are recorded when the request is forwarded (rare: a /proc scan is
 * fine then). A recorded pid that exits and is reused by a new process
 * during the grace would miss its stop signal; it still gets SIGKILL.
 *
 * SIGKILL. As PID 1, kill(-1, SIGKILL): atomic, no fork escapes it. As a
 * subreaper, descendants are first stopped, scan after scan, until a scan
 * finds none still running: a stopped process can neither fork nor exit,
 * so its pid is not reused while foster looks, and a fork chain that moves
 * faster than /proc is read is frozen whole when it shares a process group
 * that is wholly foster's (kill(2) of a group is atomic against fork).
 * Then every one gets SIGKILL. That sweep is bounded in time, and so is
 * the wait after it: what forks faster still is counted and left.
 *
 * Not cgroup v2's cgroup.kill or cgroup.freeze: both act on a cgroup and
 * every cgroup below it, and foster shares its cgroup with its tree, so
 * either would kill or freeze foster too. Using them would mean starting
 * the program in a child cgroup of foster's own making (a writable cgroupfs,
 * which Docker does not mount by default, and a cgroup layout the engine
 * did not set up); cgroups(7), Documentation/admin-guide/cgroup-v2.rst.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "explain.h"
#include "log.h"
#include "proc.h"
#include "signals.h"
#include "teardown.h"

/* How often /proc is scanned for new processes per signal but SIGKILL. */
static const int max_scans = 4;
/* How long a subreaper sweeps to stop its descendants before SIGKILL. */
static const long sweep_ns = 500000000;
/* How long, after SIGKILL, foster waits for the last ones to be reaped. */
static const long after_kill_ns = 2000000000;

/* now + ns on CLOCK_MONOTONIC into *at. */
static void deadline_in(struct timespec *at, time_t sec, long ns)
{
	if (clock_gettime(CLOCK_MONOTONIC, at) < 0)
		log_errno(LOG_ERROR, "clock_gettime");
	at->tv_sec += sec + ns / 1000000000;
	at->tv_nsec += ns % 1000000000;
	if (at->tv_nsec >= 1000000000) {
		at->tv_sec++;
		at->tv_nsec -= 1000000000;
	}
}

static bool passed(const struct timespec *at)
{
	struct timespec now;

	return clock_gettime(CLOCK_MONOTONIC, &now) < 0 || now.tv_sec > at->tv_sec ||
	       (now.tv_sec == at->tv_sec && now.tv_nsec >= at->tv_nsec);
}

/* kill(2), logging any failure but ESRCH: a process that is gone needs nothing. */
static void signal_pid(pid_t pid, int sig)
{
	if (kill(pid, sig) < 0 && errno != ESRCH)
		log_errno(LOG_ERROR, "kill %d %s", (int)pid, sig_name(sig));
}

bool stop_request(const struct config *cfg, int sig)
{
	return sig == SIGTERM || sig == SIGINT || sig == SIGHUP || sig == SIGQUIT || sig == cfg->stop_signal;
}

static int by_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

static bool holds(const pid_t *set, size_t n, pid_t pid)
{
	return n && bsearch(&pid, set, n, sizeof(*set), by_pid);
}

/* Add pids[0..n) to st->stopped, kept sorted and each pid once (a request may be forwarded again and again). */
static void remember(struct state *st, const pid_t *pids, size_t n)
{
	pid_t *grown = realloc(st->stopped, (st->nstopped + n + 1) * sizeof(*grown));
	size_t i, k = 0;

	if (!grown) {
		log_errno(LOG_ERROR, "teardown: remembering who had a stop request");
		return;
	}
	memcpy(grown + st->nstopped, pids, n * sizeof(*pids));
	qsort(grown, st->nstopped + n, sizeof(*grown), by_pid);
	for (i = 0; i < st->nstopped + n; i++)
		if (!k || grown[k - 1] != grown[i])
			grown[k++] = grown[i];
	st->stopped = grown;
	st->nstopped = k;
}

/* What is left: every process of the namespace, or foster's descendants. */
static int list_left(const struct state *st, struct proc_entry **procs, size_t *n)
{
	return st->pid1 ? proc_all(procs, n) : proc_descendants(st->self, procs, n);
}

/* A process to signal: not foster, not a zombie (nor dead, X). */
static bool alive(const struct state *st, const struct proc_entry *e)
{
	return e->pid != st->self && e->state != 'Z' && e->state != 'X';
}

void teardown_record(struct state *st, pid_t to)
{
	struct proc_entry *procs;
	pid_t *pids;
	size_t n, i, k = 0;

	if (to > 0 || proc_all(&procs, &n) < 0) {
		remember(st, &st->child, 1);
		return;
	}
	pids = calloc(n + 1, sizeof(*pids));
	if (pids) {
		pids[k++] = st->child; /* it still gets the request out of its group */
		for (i = 0; i < n; i++)
			if (procs[i].pgrp == -to && procs[i].pid != st->child && alive(st, &procs[i]))
				pids[k++] = procs[i].pid;
		remember(st, pids, k);
	}
	free(pids);
	free(procs);
}

/* Without /proc: what kill(2) reaches at once. Says so the first time. */
static void signal_blind(struct state *st, int sig, bool cont)
{
	pid_t to = st->pid1 ? -1 : -st->child;
	const char *what = st->pid1 ? "every process with kill(-1)" : "the main child's process group";

	if (!st->blind && errno == EXDEV)
		log_msg(LOG_ERROR, "teardown: /proc is not of foster's pid namespace: cannot list what is left, "
			"signalling %s only", what);
	else if (!st->blind)
		log_errno(LOG_ERROR, "teardown: cannot list what is left in /proc, signalling %s only", what);
	st->blind = true;
	if (to == 0)
		return; /* --pause as a subreaper: no group of its own to signal */
	signal_pid(to, sig);
	if (cont)
		signal_pid(to, SIGCONT);
}

/* One scan's new processes get sig (none when stop and they had one), SIGCONT if cont; add them to sent. */
static void signal_new(struct state *st, const struct proc_entry *procs, size_t n, pid_t *sent, size_t *nsent,
		       int sig, bool stop, bool cont)
{
	size_t before = *nsent, i;

	for (i = 0; i < n; i++) {
		if (!alive(st, &procs[i]) || holds(sent, before, procs[i].pid))
			continue;
		if (!stop || !holds(st->stopped, st->nstopped, procs[i].pid))
			signal_pid(procs[i].pid, sig);
		if (cont)
			signal_pid(procs[i].pid, SIGCONT);
		sent[(*nsent)++] = procs[i].pid;
	}
	qsort(sent, *nsent, sizeof(*sent), by_pid);
}

/* sig (and SIGCONT) once to each process left, scan after scan, a few scans at most. */
static void signal_each(struct state *st, int sig, bool stop, bool cont)
{
	struct proc_entry *procs;
	pid_t *sent = NULL, *grown;
	size_t n, nsent = 0, before;
	int scans = 0;

	do {
		if (list_left(st, &procs, &n) < 0) {
			signal_blind(st, sig, cont);
			break;
		}
		before = nsent;
		grown = realloc(sent, (nsent + n + 1) * sizeof(*sent));
		if (grown) {
			sent = grown;
			signal_new(st, procs, n, sent, &nsent, sig, stop, cont);
		} else {
			log_errno(LOG_ERROR, "teardown");
		}
		free(procs);
	} while (grown && nsent > before && ++scans < max_scans);
	if (stop && sent)
		remember(st, sent, nsent);
	free(sent);
}

void teardown_signal(struct state *st, int sig, bool stop)
{
	/* After kill(-1, stop signal), everyone had a stop request: SIGCONT then. */
	if (st->pid1 && (!stop || st->all_stopped))
		signal_pid(-1, stop ? SIGCONT : sig);
	else
		signal_each(st, sig, stop, stop);
}

void teardown_start(struct state *st, const struct config *cfg)
{
	int sig = cfg->stop_signal;

	st->tearing_down = true;
	deadline_in(&st->deadline, cfg->grace.tv_sec, cfg->grace.tv_nsec);
	log_msg(LOG_INFO, "teardown: %s to what is left, SIGKILL in %ld.%03ld s", sig_name(sig),
		(long)cfg->grace.tv_sec, cfg->grace.tv_nsec / 1000000);
	if (st->pid1 && !st->nstopped) {
		/*
		 * No stop request was forwarded: one kill(-1) reaches every
		 * process at once, a fork racing with it included, and costs
		 * no /proc scan. A process forked after it, from a clean-up,
		 * gets SIGKILL only, at the end of the grace.
		 */
		st->all_stopped = true;
		signal_pid(-1, sig);
		if (sig != SIGCONT && sig != SIGKILL)
			signal_pid(-1, SIGCONT);
		return;
	}
	signal_each(st, sig, true, sig != SIGCONT && sig != SIGKILL);
}

/*
 * A process group to signal whole: one foster made (the main child's), or
 * one in a session a descendant made with setsid(2), which holds nothing
 * but that descendant's own tree. Never foster's own group or session.
 */
static bool group_is_ours(const struct state *st, const struct proc_entry *e, pid_t pgrp, pid_t sid)
{
	return e->pgrp > 1 && e->pgrp != pgrp && (e->pgrp == st->child || e->sid != sid);
}

/* sig to each live descendant not stopped yet (all if sig is SIGKILL) and to its group; how many. */
static size_t sweep(struct state *st, int sig)
{
	struct proc_entry *procs;
	pid_t pgrp = getpgrp(), sid = getsid(0);
	size_t n, i, hit = 0;

	if (proc_descendants(st->self, &procs, &n) < 0) {
		signal_blind(st, sig, false);
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (!alive(st, &procs[i]) || (sig == SIGSTOP && procs[i].state == 'T'))
			continue;
		if (group_is_ours(st, &procs[i], pgrp, sid))
			signal_pid(-procs[i].pgrp, sig);
		signal_pid(procs[i].pid, sig);
		hit++;
	}
	free(procs);
	return hit;
}

void teardown_sweep(struct state *st)
{
	if (!st->pid1 && !st->blind)
		sweep(st, SIGKILL);
}

void teardown_kill(struct state *st)
{
	struct timespec until;

	explain_survivors(st);
	st->killed = true;
	log_msg(LOG_INFO, "teardown: grace period over, SIGKILL to what is left");
	deadline_in(&st->deadline, 0, after_kill_ns);
	if (st->pid1) {
		signal_pid(-1, SIGKILL);
		return;
	}
	deadline_in(&until, 0, sweep_ns);
	while (!st->blind && sweep(st, SIGSTOP) > 0 && !passed(&until))
		continue;
	sweep(st, SIGKILL);
}

void teardown_give_up(struct state *st)
{
	struct proc_entry *procs;
	size_t n, i, left = 0;

	if (st->blind) {
		log_msg(LOG_ERROR, "teardown: could not check what is left (no /proc of foster's pid namespace)");
		return;
	}
	if (list_left(st, &procs, &n) < 0)
		return;
	for (i = 0; i < n; i++)
		left += alive(st, &procs[i]);
	free(procs);
	log_msg(LOG_ERROR, "teardown: %zu processes could not be caught after SIGKILL; leaving them", left);
}
