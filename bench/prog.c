/* SPDX-License-Identifier: MIT */
/*
 * prog.c - the PROGRAM that every init under test runs, in one of three modes:
 *
 *   prog echo FD           write 'R' to FD once ready, then one byte 'x' to
 *                          FD (non-blocking) from the signal handler for
 *                          every SIGUSR1 and signal 40 seen; sleep otherwise.
 *   prog orphans N FD      make a chain of N orphans as fast as it can (each
 *                          starts the next and exits), wait until the init
 *                          has reaped every one of them, then write the
 *                          elapsed time in ns and the number of orphans made
 *                          (uint64_t each) to FD and exit 0.
 *   prog teardown N FD CFD leave N background processes that each write one
 *                          byte to CFD and exit on SIGTERM; once all are
 *                          ready, write CLOCK_MONOTONIC now in ns (uint64_t)
 *                          to FD and exit 0.
 *
 * Built by bench/run.sh; only ever run inside a private pid namespace.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

/* A real-time signal: queued, one per kill(2), never merged while pending. */
#define STORM_SIG	40

static int out_fd = -1;
static int cnt_fd = -1;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "bench prog: %s: %s\n", what, strerror(errno));
	exit(2);
}

static int parse_int(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 0 || v > 10000000) {
		fprintf(stderr, "bench prog: bad number: %s\n", s);
		exit(2);
	}
	return (int)v;
}

static void write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die("write");
		p += n;
		len -= (size_t)n;
	}
}

static void set_handler(int sig, void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, NULL))
		die("sigaction");
}

static void on_usr1(int sig)
{
	char c = 'x';
	ssize_t n;

	(void)sig;
	n = write(out_fd, &c, 1);	/* EAGAIN in a storm: dropped */
	(void)n;
}

static void __attribute__((noreturn)) do_echo(void)
{
	int fl = fcntl(out_fd, F_GETFL);

	if (fl < 0 || fcntl(out_fd, F_SETFL, fl | O_NONBLOCK))
		die("fcntl");
	set_handler(SIGUSR1, on_usr1);
	set_handler(STORM_SIG, on_usr1);
	write_all(out_fd, "R", 1);
	for (;;)
		pause();
}

/*
 * The processes this program leaves behind share its memory (clone with
 * CLONE_VM, each on a stack of its own): on a VM where fork() copies page
 * tables slowly, that keeps the cost of making them out of what is measured,
 * which is the init's work.
 */
#define STACK_SIZE	(16 * 1024)
#define CHAIN_STACKS	1024

static char *stacks;

static void map_stacks(size_t n)
{
	stacks = mmap(NULL, n * STACK_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK,
		      -1, 0);
	if (stacks == MAP_FAILED)
		die("mmap");
}

/* Start fn(arg) in a process of its own on stack slot SLOT, retrying while
 * the pid namespace is full of unreaped zombies: its pid, or -1. */
static pid_t spawn_vm(int (*fn)(void *), size_t slot, void *arg)
{
	char *top = stacks + (slot + 1) * STACK_SIZE;
	pid_t pid;

	while ((pid = clone(fn, top, CLONE_VM | SIGCHLD, arg)) < 0) {
		if (errno != EAGAIN)
			return -1;
		sched_yield();
	}
	return pid;
}

static int chain_len;
static int chain_made;

/*
 * One link of the chain of orphans: start the next one and exit at once, so
 * that the next one is orphaned and adopted by the init; when it exits, the
 * init has to reap it. The chain keeps one process alive until its end.
 */
static int chain(void *arg)
{
	long i = (long)arg;

	if (i < chain_len &&
	    spawn_vm(chain, (size_t)(i + 1) % CHAIN_STACKS,
		     (void *)(i + 1)) > 0)
		__atomic_fetch_add(&chain_made, 1, __ATOMIC_RELAXED);
	_exit(0);
}

static int do_orphans(int n)
{
	struct timespec tick = { 0, 1000000 };	/* 1 ms */
	uint64_t t0, r[2];

	map_stacks(CHAIN_STACKS);
	chain_len = n;
	/* The first link is our child, reaped by the kernel; not the rest. */
	if (signal(SIGCHLD, SIG_IGN) == SIG_ERR)
		die("signal");
	t0 = now_ns();
	if (spawn_vm(chain, 0, (void *)0L) < 0)
		die("clone");
	/*
	 * kill(-1, 0) finds every process of this pid namespace but init and
	 * us, zombies included: ESRCH means the init has reaped them all. It
	 * walks the task list under tasklist_lock, so poll gently.
	 */
	while (kill(-1, 0) == 0 || errno != ESRCH)
		nanosleep(&tick, NULL);
	r[0] = now_ns() - t0;
	r[1] = (uint64_t)__atomic_load_n(&chain_made, __ATOMIC_RELAXED);
	write_all(out_fd, r, sizeof(r));
	return 0;
}

static int ready_fd = -1;

static void on_term(int sig)
{
	char c = 't';
	ssize_t n;

	(void)sig;
	n = write(cnt_fd, &c, 1);
	(void)n;
	_exit(0);
}

static int __attribute__((noreturn)) worker(void *arg)
{
	ssize_t n;

	(void)arg;
	n = write(ready_fd, "r", 1);
	(void)n;
	for (;;)
		pause();
}

static int do_teardown(int n)
{
	int ready[2], i, got = 0;
	uint64_t t0;
	char buf[512];

	if (pipe(ready))
		die("pipe");
	ready_fd = ready[1];
	map_stacks((size_t)n);
	/* The workers get a copy of this disposition, not a share in it. */
	set_handler(SIGTERM, on_term);
	for (i = 0; i < n; i++)
		if (spawn_vm(worker, (size_t)i, NULL) < 0)
			die("clone");
	close(ready[1]);
	while (got < n) {
		ssize_t r = read(ready[0], buf, sizeof(buf));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			die("read");
		got += (int)r;
	}
	t0 = now_ns();
	write_all(out_fd, &t0, sizeof(t0));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "echo")) {
		out_fd = parse_int(argv[2]);
		do_echo();
	}
	if (argc == 4 && !strcmp(argv[1], "orphans")) {
		out_fd = parse_int(argv[3]);
		return do_orphans(parse_int(argv[2]));
	}
	if (argc == 5 && !strcmp(argv[1], "teardown")) {
		out_fd = parse_int(argv[3]);
		cnt_fd = parse_int(argv[4]);
		return do_teardown(parse_int(argv[2]));
	}
	fputs("usage: prog echo FD | orphans N FD | teardown N FD CFD\n",
	      stderr);
	return 2;
}
