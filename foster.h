/* SPDX-License-Identifier: MIT */
/* foster: the types shared by its files. SPEC.md is the contract. */
#ifndef FOSTER_H
#define FOSTER_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "cgroup.h"

/* foster's own failures, as coreutils env(1) and timeout(1) report them. */
#define EXIT_FAIL     125	/* bad option, fork or set-up failure */
#define EXIT_CANNOT   126	/* PROGRAM found but cannot be run */
#define EXIT_NOTFOUND 127	/* PROGRAM not found */

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* What the command line and the environment asked for: filled by cli.c, then read-only. */
struct config {
	bool single_child;		/* -c: forward to the main child, not its process group */
	int rewrite[NSIG];		/* signal -> signal forwarded; 0 drops it */
	struct timespec grace;		/* teardown: stop signal .. SIGKILL */
	int stop_signal;		/* first signal of teardown */
	unsigned char remap[256 / 8];	/* bitset of exit codes reported as 0 */
	int pdeathsig;			/* 0, or the signal foster gets when its parent dies */
	int verbosity;			/* 0 errors, 1 life cycle, 2 every signal and reap */
	const char *user;		/* -u USER[:GROUP], resolved by privs.c */
	const char *cap_drop;		/* --cap-drop list, resolved by privs.c */
	const char *cap_keep;		/* --cap-keep list, resolved by privs.c */
	bool no_new_privs;		/* --no-new-privs */
	bool pause;  /* -P: no PROGRAM, a pod's pause process (SPEC.md §10) */
	char **argv;			/* PROGRAM [ARG]..., inside main's argv */
};

/* One of descriptors 0-2 handed to --user, and whose it was (handover.c). */
struct handed {
	int fd;				/* the descriptor it is open on, kept open by foster */
	dev_t dev;			/* the file, so that one open on 1 and 2 is recorded once */
	ino_t ino;
	uid_t owner;			/* its owner before the hand-over */
};

/* Everything that changes while foster runs: one instance, in init.c. */
struct state {
	pid_t self;			/* foster's pid in its namespace */
	bool pid1;			/* PID 1 of a pid namespace; else a subreaper */
	pid_t child;			/* the main child, also its process group; 0 with --pause */
	bool child_done;		/* the main child has been reaped */
	int status;			/* its wait status, once child_done */
	bool tty;			/* the child's group was made the terminal's foreground group */
	bool tearing_down;		/* the stop signal has been sent */
	bool killed;			/* the grace period is over, SIGKILL sent */
	bool all_stopped;		/* PID 1's teardown began with kill(-1, stop signal) */
	bool blind;			/* no /proc of foster's namespace: what is left cannot be listed */
	struct timespec deadline;	/* CLOCK_MONOTONIC end of the grace period, then of the wait after SIGKILL */
	pid_t *stopped;			/* sorted: the pids that had a stop request (forwarded or teardown's) */
	size_t nstopped;
	int sigfd;			/* PID 1's teardown: a signalfd(2) to poll with the pidfds, or -1 */
	int pidfds[64];			/* PID 1's teardown: entered processes watched (pidfd_open(2)) */
	size_t npidfds;
	uint64_t forwarded;		/* bit S-1: signal S was forwarded to the child (explain.c) */
	struct cgroup cg;		/* foster's cgroup, found at start (explain.c) */
	unsigned long oom_kills;	/* at start: the memory cgroup's oom_kill count, or CGROUP_UNKNOWN */
	unsigned long pids_refused;	/* at start: pids.events "max", forks refused at the limit, or CGROUP_UNKNOWN */
	struct handed handed[3];	/* descriptors 0-2 handed to --user, to give back */
	int nhanded;
};

#endif
