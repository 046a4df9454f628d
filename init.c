/* SPDX-License-Identifier: MIT */
/*
 * foster: a tiny init for containers (SPEC.md).
 *
 * Phases: before the fork, any failure is fatal (die, exit 125) and nothing
 * has been started. After the fork foster must not die: the program and
 * its orphans depend on it, and as PID 1 its death would SIGKILL them all;
 * so from then on every failure is logged and foster carries on.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "child.h"
#include "cli.h"
#include "explain.h"
#include "handover.h"
#include "log.h"
#include "privs.h"
#include "reaper.h"
#include "scan.h"
#include "signals.h"
#include "teardown.h"

/* An nsfs descriptor of foster's pid namespace through a pidfd of itself, or -1. */
static int pid_ns_by_pidfd(void)
{
	const unsigned long get_pid_ns = 0xff05;	/* PIDFD_GET_PID_NAMESPACE, linux/pidfd.h */
	int pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0U);
	int nsfd;

	if (pidfd < 0)
		return -1;
	nsfd = ioctl(pidfd, get_pid_ns, 0UL);
	close(pidfd);
	return nsfd;
}

/* The same through a proc instance of foster's own, attached nowhere, or -1. */
static int pid_ns_by_private_proc(void)
{
	const unsigned int cloexec = 1, create = 6;	/* FSOPEN_CLOEXEC, FSCONFIG_CMD_CREATE */
	int fs = (int)syscall(SYS_fsopen, "proc", cloexec);
	int mnt = -1, nsfd;

	if (fs < 0)
		return -1;
	if (syscall(SYS_fsconfig, fs, create, NULL, NULL, 0) == 0)
		mnt = (int)syscall(SYS_fsmount, fs, cloexec, 0U);
	close(fs);
	if (mnt < 0)
		return -1;
	nsfd = openat(mnt, "self/ns/pid", O_RDONLY | O_CLOEXEC);
	close(mnt);
	return nsfd;
}

/*
 * The inode number of foster's pid namespace, as fstat(2) of an nsfs file
 * gives it, or 0 when it cannot be had. Three ways, the first that works:
 *
 *  1. /proc/self/ns/pid, where /proc is mounted (every container runtime
 *     mounts it).
 *  2. Without /proc, a pidfd of foster itself and its PIDFD_GET_PID_NAMESPACE
 *     ioctl (Linux 6.11, pidfd_open(2)): no privilege, no mount.
 *  3. Before 6.11, a private proc instance that is never attached to any
 *     mount point (fsopen(2), fsmount(2), Linux 5.2), read through its fd
 *     and gone with it. It needs CAP_SYS_ADMIN, which the kernel's init has.
 *
 * Where all three fail (an old kernel, a container without /proc and
 * without CAP_SYS_ADMIN) foster cannot tell, and goes on: a refusal must
 * never hit a container. Kernel threads were weighed and left out: pid 2
 * is kthreadd only in the initial namespace, but telling a kernel thread
 * from a process without /proc means getsid(2) and getpgid(2) returning 0,
 * which they also do in a container for any process whose session or group
 * is outside its namespace (unshare -pf from a shell, nsenter).
 */
static ino_t pid_ns_inode(void)
{
	struct stat ns;
	int nsfd;

	if (stat("/proc/self/ns/pid", &ns) == 0)
		return ns.st_ino;
	nsfd = pid_ns_by_pidfd();
	if (nsfd < 0)
		nsfd = pid_ns_by_private_proc();
	if (nsfd < 0)
		return 0;
	if (fstat(nsfd, &ns) < 0)
		ns.st_ino = 0;
	close(nsfd);
	return ns.st_ino;
}

/* Are we the init of the host itself, rather than of a container? */
static bool host_init(void)
{
	/* PROC_PID_INIT_INO, the initial pid namespace (include/linux/proc_ns.h). */
	const ino_t init_pid_ns = 0xEFFFFFFCU;

	return getpid() == 1 && pid_ns_inode() == init_pid_ns;
}

/* PID 1 of a pid namespace, or else a child subreaper (prctl(2)). */
static void choose_mode(struct state *st, const struct config *cfg)
{
	st->self = getpid();
	st->pid1 = st->self == 1;
	if (host_init())
		die(EXIT_FAIL, "refusing to run as PID 1 of the host: foster is an init for containers");
	if (st->pid1) {
		log_msg(LOG_INFO, "PID 1 of a pid namespace");
	} else {
		if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
			die_errno(EXIT_FAIL, "prctl PR_SET_CHILD_SUBREAPER");
		log_msg(LOG_INFO, "not PID 1 (pid %d): child subreaper", (int)st->self);
	}
	if (cfg->pdeathsig && prctl(PR_SET_PDEATHSIG, cfg->pdeathsig) < 0)
		die_errno(EXIT_FAIL, "prctl PR_SET_PDEATHSIG %s", sig_name(cfg->pdeathsig));
}

/*
 * Hand the terminal to the child only when foster's group is its foreground
 * group. Both calls answer 0 for a group outside foster's pid namespace
 * (unshare -pf from a shell), which says nothing about the foreground.
 */
static bool owns_terminal(void)
{
	pid_t fg = tcgetpgrp(STDIN_FILENO);

	return fg > 0 && fg == getpgrp();
}

/*
 * With neither close_range(2) nor /proc: every descriptor from 3 to the hard
 * RLIMIT_NOFILE, above which none can have been opened unless the limit was
 * lowered since. poll(2) says which are open, 256 at a time (POLLNVAL: not
 * open), so a limit of 2^20 costs 4096 calls rather than 2^20 close(2)s
 * (seconds on a small machine); a chunk above the soft limit (EINVAL) is
 * closed blindly.
 */
static void close_up_to_limit(void)
{
	struct pollfd fds[256];
	struct rlimit lim;
	unsigned long fd, top, n, i;
	bool polled;

	if (getrlimit(RLIMIT_NOFILE, &lim) < 0) {
		log_errno(LOG_ERROR, "cannot close inherited descriptors: getrlimit");
		return;
	}
	top = lim.rlim_max < INT_MAX ? (unsigned long)lim.rlim_max : INT_MAX;
	for (fd = 3; fd < top; fd += n) {
		n = top - fd < LEN(fds) ? top - fd : LEN(fds);
		for (i = 0; i < n; i++)
			fds[i] = (struct pollfd){ .fd = (int)(fd + i) };
		polled = poll(fds, n, 0) >= 0;
		for (i = 0; i < n; i++)
			if (!polled || !(fds[i].revents & POLLNVAL))
				close(fds[i].fd);
	}
}

/* close_range(2) for kernels before 5.9 or seccomp filters that refuse it. */
static void close_listed_fds(void)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *d;

	if (!dir) {
		close_up_to_limit();
		return;
	}
	while ((d = readdir(dir))) {
		unsigned long fd;

		if (scan_number(d->d_name, INT_MAX, &fd) == 0 && fd > 2 && (int)fd != dirfd(dir))
			close((int)fd);
	}
	closedir(dir);
}

/* Pin no mount point and hold no inherited pipe open; the child has its copies. */
static void let_go(void)
{
	if (chdir("/") < 0)
		log_errno(LOG_ERROR, "chdir /");
	if (syscall(SYS_close_range, 3U, ~0U, 0U) < 0)
		close_listed_fds();
}

/* kill(2) to, or to the main child alone when it left its group (setsid). */
static void send_to(const struct state *st, pid_t to, int sig)
{
	if (kill(to, sig) < 0 && (errno != ESRCH || kill(st->child, sig) < 0))
		log_errno(LOG_INFO, "kill %d %s", (int)to, sig_name(sig));
}

/*
 * Forward one signal (SPEC.md §3). A stop request is followed by SIGCONT,
 * so a stopped program still acts on it, and who it reaches is recorded
 * first: teardown sends those no second one. With --pause, a stop request
 * starts teardown and anything else is dropped.
 */
static void forward(struct state *st, const struct config *cfg, const siginfo_t *si)
{
	int sig = cfg->rewrite[si->si_signo];
	pid_t to = cfg->single_child ? st->child : -st->child;
	bool stop = stop_request(cfg, sig);

	/*
	 * SIGPIPE or SIGXFSZ raised by foster's own write(2) to stderr reads
	 * as sent by foster itself; it is no news for the child.
	 */
	if ((si->si_signo == SIGPIPE || si->si_signo == SIGXFSZ) &&
	    si->si_code == SI_USER && si->si_pid == st->self)
		return;
	if (!sig || (cfg->pause && !stop && !st->tearing_down)) {
		log_msg(LOG_DEBUG, "dropped %s", sig_name(si->si_signo));
	} else if (st->tearing_down) {
		teardown_signal(st, sig, stop);
		log_msg(LOG_DEBUG, "forwarded %s as %s to what is left", sig_name(si->si_signo), sig_name(sig));
	} else if (cfg->pause) {
		log_msg(LOG_INFO, "pause: %s, tearing down", sig_name(si->si_signo));
		st->child_done = true;
	} else {
		if (stop)
			teardown_record(st, to);
		send_to(st, to, sig);
		if (stop)
			send_to(st, to, SIGCONT);
		st->forwarded |= UINT64_C(1) << (sig - 1);
		log_msg(LOG_DEBUG, "forwarded %s as %s to %d", sig_name(si->si_signo), sig_name(sig), (int)to);
	}
}

/* The time from now to st's deadline in *left; false once it has passed. */
static bool time_left(const struct state *st, struct timespec *left)
{
	struct timespec now;

	if (clock_gettime(CLOCK_MONOTONIC, &now) < 0)
		return false;
	left->tv_sec = st->deadline.tv_sec - now.tv_sec;
	left->tv_nsec = st->deadline.tv_nsec - now.tv_nsec;
	if (left->tv_nsec < 0) {
		left->tv_sec--;
		left->tv_nsec += 1000000000;
	}
	return left->tv_sec >= 0;
}

/*
 * After a forwarded signal: is a SIGCHLD pending too? Take it if so. Only
 * signals below SIGCHLD (17) need asking: sigtimedwait(2) hands out the
 * lowest pending signal first, so a zombie waits behind those only, and at
 * most 16 of them, since a standard signal does not queue. Real-time
 * signals come after SIGCHLD; a storm of them costs no extra system call.
 */
static bool sigchld_after(int signo)
{
	static const struct timespec now = { 0, 0 };
	sigset_t chld;

	if (signo > SIGCHLD)
		return false;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	return sigtimedwait(&chld, NULL, &now) == SIGCHLD;
}

/* Reap, then move teardown on; true when foster is done. */
static bool reap_pass(struct state *st, const struct config *cfg)
{
	bool no_child = reap_all(st);

	if (!st->child_done)
		return false;
	if (no_child && teardown_none_left(st))
		return true;
	if (!st->tearing_down)
		teardown_start(st, cfg);
	else if (st->killed && !no_child)
		teardown_sweep(st);
	return false;
}

/* The grace period, then the wait after SIGKILL, is over; true when foster is done. */
static bool deadline_passed(struct state *st)
{
	if (st->killed) {
		teardown_give_up(st);
		return true;
	}
	teardown_kill(st);
	if (st->blind) {
		/* Nothing to wait for that foster could see: SPEC.md §5, "at the latest". */
		reap_all(st);
		teardown_give_up(st);
		return true;
	}
	return false;
}

/*
 * The event loop: sleep in sigtimedwait(2) with no timeout while the child
 * runs (no wake-up when nothing happens), and with the time left during the
 * grace period. Any other signal is forwarded; SIGCHLD (or the deadline)
 * means reap, and leave once nothing is left. Every child that exits raises
 * SIGCHLD, an orphan that is already a zombie when it is re-parented too
 * (kernel/exit.c, reparent_leader()), and SIGCHLD stays pending until taken
 * here or by sigchld_after(): every pass with a SIGCHLD pending reaps. As
 * PID 1 with processes that entered the namespace left, foster sleeps in
 * ppoll(2) on their pidfds and a signalfd instead (teardown_wait()).
 */
static void serve(struct state *st, const struct config *cfg, const sigset_t *set)
{
	static const struct timespec now = { 0, 0 };
	struct timespec left;
	const struct timespec *timeout;
	siginfo_t si;

	/*
	 * One pass before the first wait: zombies can be foster's before any
	 * SIGCHLD it could see, children of the program that exec'd it, or
	 * orphans re-parented while it started, when SIGCHLD was not yet
	 * blocked and so discarded (its default action is to ignore it).
	 */
	if (reap_pass(st, cfg))
		return;
	for (;;) {
		if (st->tearing_down && !time_left(st, &left)) {
			if (deadline_passed(st))
				return;
			continue;
		}
		timeout = st->tearing_down ? &left : NULL;
		if (st->npidfds) {
			teardown_wait(st, timeout);
			timeout = &now;
		}
		if (sigtimedwait(set, &si, timeout) > 0 && si.si_signo != SIGCHLD) {
			forward(st, cfg, &si);
			if (!sigchld_after(si.si_signo) && !(st->child_done && !st->tearing_down))
				continue;
		}
		if (reap_pass(st, cfg))
			return;
	}
}

/* Start PROGRAM as the main child; exits 125 on failure (nothing runs yet). */
static void start(struct state *st, const struct config *cfg)
{
	struct privs pv;

	if (privs_resolve(cfg, &pv) < 0)
		exit(EXIT_FAIL);
	st->tty = owns_terminal();
	if (pv.set_user)
		stdio_hand_over(st, pv.uid);
	st->child = child_spawn(cfg, &pv, st->tty);
	if (st->child < 0)
		explain_fork_failed(st);
	privs_free(&pv);
	log_msg(LOG_INFO, "started %s as pid %d", cfg->argv[0], (int)st->child);
}

int main(int argc, char **argv)
{
	struct config cfg;
	struct state st = { 0 };
	sigset_t set;

	/* First of all, so that no signal sent while foster starts is lost. */
	if (sig_block_all(&set) < 0)
		die_errno(EXIT_FAIL, "sigprocmask");
	switch (cli_parse(argc, argv, &cfg)) {
	case CLI_DONE:
		return 0;
	case CLI_ERROR:
		return EXIT_FAIL;
	case CLI_RUN:
		break;
	}
	log_set_level(cfg.verbosity);
	choose_mode(&st, &cfg);
	explain_start(&st);
	st.sigfd = -1;
	if (cfg.pause)
		log_msg(LOG_INFO, "pause: no program, waiting for a stop request");
	else
		start(&st, &cfg);
	let_go();
	serve(&st, &cfg, &set);
	if (st.tty && tcsetpgrp(STDIN_FILENO, getpgrp()) < 0)
		log_errno(LOG_INFO, "tcsetpgrp %d", (int)getpgrp());
	free(st.stopped);
	explain_end(&st, &cfg);
	stdio_give_back(&st);
	log_msg(LOG_INFO, "exiting with %d", reap_exit_code(st.status, &cfg));
	return reap_exit_code(st.status, &cfg);
}
