/* SPDX-License-Identifier: MIT */
/*
 * PID 1's teardown waits for the processes that entered its namespace from
 * outside (docker exec, kubectl exec, nsenter): no wait(2) tells of them,
 * since their parent is outside; the namespace dies with PID 1, so foster
 * must outlive them. Their roots are watched with pidfds (pidfd_open(2)),
 * polled together with a signalfd(2) of foster's blocked signals, both made
 * only at teardown and O_CLOEXEC (the child runs already; none can leak):
 * foster sleeps in the kernel, never polls on a timer.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "log.h"
#include "proc.h"
#include "teardown.h"

/* A process that is still to end: not foster, not a zombie (nor dead, X). */
static bool alive(const struct state *st, const struct proc_entry *e)
{
	return e->pid != st->self && e->state != 'Z' && e->state != 'X';
}

/* Stop watching: close the pidfds. */
static void unwatch(struct state *st)
{
	while (st->npidfds > 0)
		close(st->pidfds[--st->npidfds]);
}

/*
 * Watch the processes that entered the namespace from outside: their parent
 * is not in it (ppid 0). When one exits, its children are foster's, so
 * wait(2) tells of them; only these roots need a pidfd. Past the cap, the
 * rest are watched once the first ones are gone: foster exits only when a
 * scan finds no process at all, so the cap costs wake-ups, never a miss.
 */
static void watch(struct state *st, const struct proc_entry *procs, size_t n)
{
	sigset_t all;
	size_t i;
	int fd;

	unwatch(st);
	memset(&all, 0xff, sizeof(all));
	if (st->sigfd < 0 && (st->sigfd = signalfd(-1, &all, SFD_CLOEXEC | SFD_NONBLOCK)) < 0) {
		log_errno(LOG_ERROR, "teardown: signalfd");
		return;
	}
	for (i = 0; i < n && st->npidfds < LEN(st->pidfds); i++) {
		if (procs[i].ppid != 0 || !alive(st, &procs[i]))
			continue;
		fd = (int)syscall(SYS_pidfd_open, procs[i].pid, 0);
		if (fd >= 0)
			st->pidfds[st->npidfds++] = fd;
		else if (errno != ESRCH)
			log_errno(LOG_ERROR, "teardown: pidfd_open %d", (int)procs[i].pid);
	}
}

bool teardown_none_left(struct state *st)
{
	struct proc_entry *procs;
	size_t n, i, left = 0;

	if (!st->pid1 || st->blind)
		return true;
	if (proc_all(&procs, &n) < 0) {
		if (errno == EXDEV)
			log_msg(LOG_ERROR, "teardown: /proc is not of foster's pid namespace: "
				"cannot check for processes that entered it");
		else
			log_errno(LOG_ERROR, "teardown: cannot check for processes that entered the namespace: /proc");
		st->blind = true;
		return true;
	}
	for (i = 0; i < n; i++)
		left += alive(st, &procs[i]);
	if (left)
		watch(st, procs, n);
	else
		unwatch(st);
	free(procs);
	return left == 0;
}

void teardown_wait(struct state *st, const struct timespec *timeout)
{
	struct pollfd fds[LEN(st->pidfds) + 1];
	size_t i, n;

	fds[0] = (struct pollfd){ .fd = st->sigfd, .events = POLLIN };
	for (i = 0; i < st->npidfds; i++)
		fds[i + 1] = (struct pollfd){ .fd = st->pidfds[i], .events = POLLIN };
	if (ppoll(fds, st->npidfds + 1, timeout, NULL) < 0) {
		if (errno != EINTR)
			log_errno(LOG_ERROR, "teardown: ppoll");
		return;
	}
	/*
	 * A pidfd stays readable once its process has exited: drop it, or
	 * the next ppoll would return at once. Its children are foster's
	 * now; the next scan (when foster has no child left) watches anew.
	 */
	n = 0;
	for (i = 0; i < st->npidfds; i++) {
		if (fds[i + 1].revents)
			close(st->pidfds[i]);
		else
			st->pidfds[n++] = st->pidfds[i];
	}
	st->npidfds = n;
}
