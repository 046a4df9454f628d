/* SPDX-License-Identifier: MIT */
/*
 * orphans - a deterministic orphan and zombie storm.
 *
 * usage: orphans [-s] [-g K] [-w FILE] N
 *
 *   Forks N children without waiting in between; each child forks one
 *   grandchild and exits at once. Each grandchild waits until its parent has
 *   exited (EOF on a pipe only the parent held), so it is an orphan for
 *   certain, then exits: N orphans adopted by the nearest subreaper or PID 1,
 *   which must reap them. orphans reaps its own children itself and returns
 *   only once every grandchild has exited (EOF on a pipe they all held), so
 *   when it returns, whatever is left of the storm is the adopter's zombies.
 *   It prints "orphans: N" on stdout and exits 0 (1 on a failure).
 *
 *   -s       each grandchild calls setsid() first (leaves the process group
 *            and session, as daemons do)
 *   -g K     each child leaves K grandchildren instead of one (N/K children,
 *            rounded up): N orphans for about N forks instead of 2N, for a
 *            slow machine, and K orphans appearing at once
 *   -w FILE  before exiting, write "orphans: N" to FILE too
 *
 *   Children and grandchildren are real processes (own pid, own descriptor
 *   table, SIGCHLD to the parent) but share orphans' memory (clone(2) with
 *   CLONE_VM and a stack of their own), so a storm costs no page-table copy:
 *   fork(2) is slow on small VMs.
 *
 *   e.g. foster sh -c 'orphans 5000 && procs -w 20 zombies'
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define STACK (32 * 1024)

static char *stacks;		/* one STACK per process, in the shared memory */
static long k = 1, n;
static int setsid_too, all[2];

struct pipe_fds { int r, w; };

/*
 * clone(2) with CLONE_VM; while the pid limit is reached (a container's
 * pids.max, 2048 under podman), wait 1 ms and try again, up to 10 s: the
 * adopter's reaping frees pids. errno is shared memory here, but all
 * that writes it concurrently writes EAGAIN.
 */
static int clone_vm(int (*fn)(void *), char *stack, void *arg)
{
	int pid, tries = 0;

	while ((pid = clone(fn, stack, CLONE_VM | SIGCHLD, arg)) < 0 && errno == EAGAIN && tries++ < 10000)
		usleep(1000);
	return pid;
}

/* A grandchild: wait for EOF, i.e. until its parent has exited, then exit. */
static int grandchild(void *arg)
{
	struct pipe_fds *p = arg;
	char c;

	close(p->w);			/* (all[0] is closed already, by our parent) */
	if (setsid_too)
		setsid();
	/* No handler, so no EINTR; and errno is shared memory here: no loop on it. */
	if (read(p->r, &c, 1) < 0)
		_exit(1);
	_exit(0);			/* all[1] closes here: orphans' EOF */
}

/*
 * Child i: start its grandchildren, then exit at once, orphaning them.
 * Stack slots: child i uses slot i, its grandchildren children + i*k + g;
 * the pipe's descriptors live at the bottom of slot i, which child i's
 * stack (growing down from the top) never reaches and nobody reuses.
 */
static int child(void *arg)
{
	long i = (long)arg, g, children = (n + k - 1) / k;
	long count = n - i * k < k ? n - i * k : k;
	struct pipe_fds *p = (struct pipe_fds *)(stacks + i * STACK);
	int fds[2];

	close(all[0]);
	if (pipe(fds) < 0)
		_exit(1);
	p->r = fds[0];
	p->w = fds[1];
	for (g = 0; g < count; g++)
		if (clone_vm(grandchild, stacks + (children + i * k + g + 1) * STACK, p) < 0)
			_exit(1);
	_exit(0);			/* fds[1] closes here */
}

int main(int argc, char **argv)
{
	int opt, fail = 0, tries = 0;
	long made = 0, reaped = 0, children, procs;
	const char *file = NULL;
	char c, line[64];

	while ((opt = getopt(argc, argv, "sg:w:")) != -1) {
		if (opt == 's')
			setsid_too = 1;
		else if (opt == 'g' && (k = strtol(optarg, NULL, 10)) > 0)
			;
		else if (opt == 'w')
			file = optarg;
		else
			goto usage;
	}
	if (optind != argc - 1 || (n = strtol(argv[optind], NULL, 10)) <= 0)
		goto usage;
	children = (n + k - 1) / k;
	procs = children + children * k;	/* stack slots, see child() */
	stacks = mmap(NULL, (size_t)procs * STACK, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (stacks == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	if (pipe(all) < 0) {
		perror("pipe");
		return 1;
	}
	while (made < children) {
		if (clone(child, stacks + (made + 1) * STACK, CLONE_VM | SIGCHLD, (void *)made) < 0) {
			/* At the pid limit: reap our own children first, else wait for the adopter. */
			if (errno == EAGAIN && reaped < made && wait(NULL) > 0) {
				reaped++;
				continue;
			}
			if (errno == EAGAIN && tries++ < 10000) {
				usleep(1000);
				continue;
			}
			perror("clone");
			fail = 1;
			break;
		}
		made++;
	}
	close(all[1]);
	for (; reaped < made; reaped++) {
		int st;

		if (wait(&st) < 0) {
			perror("wait");
			return 1;
		}
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			fail = 1;
	}
	/* Every grandchild holds all[1] until it exits. */
	while (read(all[0], &c, 1) < 0 && errno == EINTR)
		;

	snprintf(line, sizeof(line), "orphans: %ld\n", fail ? 0 : n);
	fputs(line, stdout);
	if (file) {
		FILE *f = fopen(file, "a");

		if (!f || fputs(line, f) < 0 || fclose(f) != 0)
			fail = 1;
	}
	return fail;

usage:
	fputs("usage: orphans [-s] [-g K] [-w FILE] N\n", stderr);
	return 2;
}
