/* SPDX-License-Identifier: MIT */
/*
 * drv.c - the benchmark driver of `make bench`: runs foster and its anchors
 * (tini, dumb-init, catatonit), each as PID 1 of a pid namespace of its own,
 * interleaved A B C D A B C D... so that machine drift cancels out, and
 * prints per metric the median, min and max and the ratio of foster (the
 * first init named) to the best anchor.
 *
 *   drv [-q] [-o GROUPS] -p PROG [-t TSV] [-m MARKDOWN] NAME=PATH[,ARG]...
 *
 * PROG is bench/prog.c built; each NAME=PATH,ARG,... names an init and the
 * options that come before PROGRAM, e.g. tini=/usr/bin/tini,-g,--. -q is a
 * short run; -o runs only some of the groups startup, running (idle, memory,
 * latency, storm), reap and teardown.
 *
 * No init ever runs outside a pid namespace this driver made with
 * clone(CLONE_NEWPID): teardown as PID 1 is kill(-1, ...), which anywhere
 * else would hit the whole machine.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_INITS	8
#define MAX_ARGS	16
#define NCOLS		(MAX_INITS + 1)	/* the inits, then the reference */
#define STORM_SIG	40	/* as in prog.c: real-time, queued */
#define STORM_WINDOW	64	/* storm signals in flight at most */
#define USAGE		\
	"usage: drv [-q] [-o startup,running,reap,teardown] -p PROG [-t TSV] " \
	"[-m MD] NAME=PATH[,ARG]..."

struct init {
	const char *name;
	char *argv[MAX_ARGS];	/* PATH, ARG...: what comes before PROGRAM */
	int argc;
	int bare;		/* our own minimal PID 1 instead of an exec */
};

/* The minimal PID 1: wait() for every child, exit with the main one; ... */
#define BARE		1
/* ... then kill(-1, TERM and CONT) and wait() for all the rest. */
#define BARE_TEARDOWN	2

struct series {
	double *v;
	size_t n, cap;
};

enum better { LOWER, HIGHER, INFO };

struct metric {
	const char *key;
	const char *title;
	const char *unit;
	enum better better;
	const char *ref;	/* what the reference column holds, or NULL */
	struct series s[NCOLS];
};

enum {
	M_SIZE, M_STATIC, M_START, M_IDLE, M_RSS, M_HWM, M_REAP,
	M_LAT50, M_LAT99, M_SIGCPU, M_TEAR, M_TEARTERM, M_STORM, M_STORMLOST,
	M_NR
};

static struct metric metrics[M_NR] = {
	[M_SIZE] = { "size", "binary size", "bytes", LOWER, NULL, {{0}} },
	[M_STATIC] = { "static", "statically linked", "1=yes", INFO, NULL,
		       {{0}} },
	[M_START] = { "startup", "start-up overhead over /bin/true", "us",
		      LOWER, "/bin/true alone, absolute", {{0}} },
	[M_IDLE] = { "idle_wakeups", "idle wake-ups", "per min", LOWER, NULL,
		     {{0}} },
	[M_RSS] = { "vmrss", "idle VmRSS", "KiB", LOWER, NULL, {{0}} },
	[M_HWM] = { "vmhwm", "idle VmHWM", "KiB", LOWER, NULL, {{0}} },
	[M_REAP] = { "reap_rate", "reaping throughput", "orphans/s", HIGHER,
		     "bare subreaper (ceiling)", {{0}} },
	[M_LAT50] = { "sig_p50", "signal forwarding latency p50", "us", LOWER,
		      "sent straight to the program (floor)", {{0}} },
	[M_LAT99] = { "sig_p99", "signal forwarding latency p99", "us", LOWER,
		      "sent straight to the program (floor)", {{0}} },
	[M_SIGCPU] = { "sig_cpu", "init CPU per 1,000 signals forwarded",
		       "us", LOWER, NULL, {{0}} },
	[M_TEAR] = { "teardown", "teardown of 500 processes", "ms", LOWER,
		     "minimal PID 1: kill(-1, TERM), wait()", {{0}} },
	[M_TEARTERM] = { "teardown_sigterm",
			 "of which saw SIGTERM (rest: SIGKILL)", "procs", INFO,
			 NULL, {{0}} },
	[M_STORM] = { "storm_cpu", "init CPU per 1,000 signals of a storm",
		      "us", LOWER, NULL, {{0}} },
	[M_STORMLOST] = { "storm_lost", "storm signals that never arrived",
			  "signals", INFO, NULL, {{0}} },
};

static struct init inits[MAX_INITS];
static int ninits;
static struct init bare = { "bare", { NULL }, 0, BARE };
static struct init bare_td = { "bare-teardown", { NULL }, 0, BARE_TEARDOWN };
static struct init none = { "none", { NULL }, 0, 0 };
static char *prog;
static char s_true[] = "/bin/true", s_echo[] = "echo",
	    s_orphans[] = "orphans", s_teardown[] = "teardown";
static int quick;
static int ns_cpu = -1;	/* the CPU every namespace runs on, or -1 */

/* Every namespace init alive, so that any exit kills them. */
static pid_t live[64];

static char stack[256 * 1024] __attribute__((aligned(16)));

static void cleanup(void)
{
	size_t i;

	for (i = 0; i < sizeof(live) / sizeof(live[0]); i++) {
		if (live[i] > 0) {
			kill(live[i], SIGKILL);
			waitpid(live[i], NULL, 0);
			live[i] = 0;
		}
	}
}

static void on_fatal(int sig)
{
	size_t i;

	for (i = 0; i < sizeof(live) / sizeof(live[0]); i++)
		if (live[i] > 0)
			kill(live[i], SIGKILL);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void __attribute__((format(printf, 1, 2), noreturn))
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("bench: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

static void __attribute__((format(printf, 1, 2)))
warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("bench: warning: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static void add(int m, int col, double v)
{
	struct series *s = &metrics[m].s[col];

	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->v = realloc(s->v, s->cap * sizeof(*s->v));
		if (!s->v)
			die("out of memory");
	}
	s->v[s->n++] = v;
}

/* ---- namespaces ---------------------------------------------------- */

struct ns_arg {
	const struct init *in;
	char **argv;		/* PROGRAM [ARG]... */
	const int *keep;	/* descriptors PROGRAM inherits */
	int nkeep;
};

static void __attribute__((noreturn)) bare_reaper(char **argv, int mode)
{
	pid_t main_pid, pid;
	int st, code;

	main_pid = fork();
	if (main_pid < 0)
		_exit(125);
	if (main_pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	for (;;) {
		pid = wait(&st);
		if (pid == main_pid)
			break;
		if (pid < 0 && errno != EINTR)
			_exit(125);
	}
	code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	if (mode == BARE_TEARDOWN) {
		/* PID 1 of our own namespace (checked): only it is hit. */
		kill(-1, SIGTERM);
		kill(-1, SIGCONT);
		while (wait(NULL) > 0 || errno == EINTR)
			;
	}
	_exit(code);
}

static int ns_main(void *p)
{
	const struct ns_arg *a = p;
	char *argv[MAX_ARGS + 8];
	sigset_t none_blocked;
	int i, n = 0, fd;

	/* Should the driver die, so does this namespace. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getpid() != 1)
		_exit(125);
	signal(SIGPIPE, SIG_DFL);
	if (ns_cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(ns_cpu, &set);
		sched_setaffinity(0, sizeof(set), &set);
	}
	sigemptyset(&none_blocked);
	sigprocmask(SIG_SETMASK, &none_blocked, NULL);
	for (i = 0; i < a->nkeep; i++)
		fcntl(a->keep[i], F_SETFD, 0);
	fd = open("/dev/null", O_RDONLY);
	if (fd > 0) {
		dup2(fd, 0);
		close(fd);
	}
	if (a->in->bare)
		bare_reaper(a->argv, a->in->bare);
	for (i = 0; i < a->in->argc; i++)
		argv[n++] = a->in->argv[i];
	for (i = 0; a->argv[i] && n < MAX_ARGS + 7; i++)
		argv[n++] = a->argv[i];
	argv[n] = NULL;
	execv(argv[0], argv);
	_exit(127);
}

/* Start IN running ARGV as PID 1 of a new pid namespace; its pid here. */
static pid_t spawn_ns(const struct init *in, char **argv, const int *keep,
		      int nkeep)
{
	struct ns_arg a = { in, argv, keep, nkeep };
	size_t i;
	pid_t pid;

	fflush(NULL);
	pid = clone(ns_main, stack + sizeof(stack), CLONE_NEWPID | SIGCHLD,
		    &a);
	if (pid < 0)
		die("clone(CLONE_NEWPID): %s (the bench needs root)",
		    strerror(errno));
	for (i = 0; i < sizeof(live) / sizeof(live[0]); i++) {
		if (live[i] <= 0) {
			live[i] = pid;
			return pid;
		}
	}
	kill(pid, SIGKILL);
	die("too many namespaces alive");
	return -1;
}

static void forget(pid_t pid)
{
	size_t i;

	for (i = 0; i < sizeof(live) / sizeof(live[0]); i++)
		if (live[i] == pid)
			live[i] = 0;
}

/* Wait for PID to exit within TIMEOUT_MS, else kill it: its status or -1. */
static int wait_ns(pid_t pid, int timeout_ms)
{
	int pfd = (int)syscall(SYS_pidfd_open, pid, 0);
	struct pollfd p = { pfd, POLLIN, 0 };
	int st = -1;

	if (pfd >= 0) {
		while (poll(&p, 1, timeout_ms) < 0 && errno == EINTR)
			;
		close(pfd);
	}
	if (waitpid(pid, &st, WNOHANG) != pid) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		st = -1;
	}
	forget(pid);
	return st;
}

static void kill_ns(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	forget(pid);
}

/* Read exactly LEN bytes from FD within TIMEOUT_MS: 0, or -1. */
static int read_full(int fd, void *buf, size_t len, int timeout_ms)
{
	uint64_t end = now_ns() + (uint64_t)timeout_ms * 1000000u;
	char *p = buf;

	while (len) {
		struct pollfd pf = { fd, POLLIN, 0 };
		int64_t left = (int64_t)(end - now_ns()) / 1000000;
		ssize_t n;
		int r;

		r = poll(&pf, 1, left > 0 ? (int)left : 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		n = read(fd, p, len);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Bytes readable from non-blocking FD right now, discarded. */
static long drain(int fd)
{
	char buf[65536];
	long total = 0;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		total += n;
	return total;
}

static void make_pipe(int p[2], int size)
{
	if (pipe2(p, O_CLOEXEC))
		die("pipe: %s", strerror(errno));
	if (size)
		fcntl(p[0], F_SETPIPE_SZ, size);
}

static char *fdstr(int fd)
{
	static char buf[4][16];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%d", fd);
	return buf[k];
}

/* ---- /proc --------------------------------------------------------- */

static long status_field(pid_t pid, const char *key)
{
	char path[64], line[256];
	size_t kl = strlen(key);
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, key, kl) && line[kl] == ':') {
			v = strtol(line + kl + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return v;
}

static long ctx_switches(pid_t pid)
{
	return status_field(pid, "voluntary_ctxt_switches") +
	       status_field(pid, "nonvoluntary_ctxt_switches");
}

/* Time PID has spent on a CPU, ns. */
static uint64_t cpu_ns(pid_t pid)
{
	char path[64];
	unsigned long long v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/schedstat", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	if (fscanf(f, "%llu", &v) != 1)
		v = 0;
	fclose(f);
	return v;
}

/* The first child of PID, as this namespace sees it. */
static pid_t first_child(pid_t pid)
{
	char path[80];
	int c = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)pid,
		 (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	if (fscanf(f, "%d", &c) != 1)
		c = -1;
	fclose(f);
	return c;
}

/* ---- statistics ------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct stat3 {
	size_t n;
	double med, min, max;
};

static struct stat3 summary(const struct series *s)
{
	struct stat3 r = { 0, 0, 0, 0 };
	double *v;

	if (!s->n)
		return r;
	v = malloc(s->n * sizeof(*v));
	if (!v)
		die("out of memory");
	memcpy(v, s->v, s->n * sizeof(*v));
	qsort(v, s->n, sizeof(*v), cmp_double);
	r.n = s->n;
	r.min = v[0];
	r.max = v[s->n - 1];
	r.med = s->n % 2 ? v[s->n / 2] : (v[s->n / 2 - 1] + v[s->n / 2]) / 2;
	free(v);
	return r;
}

/* ---- the machine --------------------------------------------------- */

static double calib_syscall_us, calib_fork_us;

/*
 * What a system call and a fork cost here, for the reader of the results:
 * on a VM they can be ten times what they are on bare metal, and every
 * number below is made of them.
 */
static void calibrate(void)
{
	double best = 0;
	uint64_t t0;
	int r, k;

	for (r = 0; r < 20; r++) {
		t0 = now_ns();
		for (k = 0; k < 1000; k++)
			syscall(SYS_getppid);
		if (!r || (double)(now_ns() - t0) / 1e6 < best)
			best = (double)(now_ns() - t0) / 1e6;
	}
	calib_syscall_us = best;	/* 1000 calls in ms: us per call */
	t0 = now_ns();
	for (k = 0; k < 50; k++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		if (pid > 0)
			waitpid(pid, NULL, 0);
	}
	calib_fork_us = (double)(now_ns() - t0) / 1e3 / 50;
	printf("this machine: a system call %.2f us, fork+exit+wait %.0f us\n",
	       calib_syscall_us, calib_fork_us);
}

/* ---- 1. binary ----------------------------------------------------- */

static void bench_binary(void)
{
	int i;

	for (i = 0; i < ninits; i++) {
		const char *path = inits[i].argv[0];
		Elf64_Ehdr eh;
		Elf64_Phdr ph;
		struct stat st;
		int fd, interp = 0, k;

		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st))
			die("%s: %s", path, strerror(errno));
		add(M_SIZE, i, (double)st.st_size);
		if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) ||
		    memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
		    eh.e_ident[EI_CLASS] != ELFCLASS64) {
			close(fd);
			continue;
		}
		for (k = 0; k < eh.e_phnum; k++) {
			if (pread(fd, &ph, sizeof(ph),
				  (off_t)(eh.e_phoff + k * eh.e_phentsize)) !=
			    sizeof(ph))
				break;
			if (ph.p_type == PT_INTERP)
				interp = 1;
		}
		add(M_STATIC, i, interp ? 0 : 1);
		close(fd);
	}
}

/* ---- 2. start-up --------------------------------------------------- */

static double run_true(const struct init *in)
{
	char *argv[] = { s_true, NULL };
	uint64_t t0 = now_ns(), t1;
	pid_t pid;
	int st;

	pid = spawn_ns(in, argv, NULL, 0);
	if (waitpid(pid, &st, 0) != pid)
		die("waitpid: %s", strerror(errno));
	t1 = now_ns();
	forget(pid);
	if (!WIFEXITED(st) || WEXITSTATUS(st)) {
		warn("%s -- /bin/true: wait status %#x", in->name, st);
		return -1;
	}
	return (double)(t1 - t0) / 1e3;
}

static void bench_startup(int rounds)
{
	struct series *base = &metrics[M_START].s[ninits];
	double med;
	int r, i;
	size_t k;

	for (r = 0; r < rounds; r++) {
		double t = run_true(&none);

		if (t >= 0)
			add(M_START, ninits, t);
		for (i = 0; i < ninits; i++) {
			t = run_true(&inits[i]);
			if (t >= 0)
				add(M_START, i, t);
		}
	}
	if (!base->n)
		die("/bin/true does not run in a pid namespace");
	/* Overhead: each run of an init less the median /bin/true alone. */
	med = summary(base).med;
	for (i = 0; i < ninits; i++)
		for (k = 0; k < metrics[M_START].s[i].n; k++)
			metrics[M_START].s[i].v[k] -= med;
}

/* ---- 3, 4, 6, 8: long-running inits -------------------------------- */

struct running {
	pid_t pid;		/* the init, PID 1 of its namespace */
	pid_t prog;		/* the program, for the floor */
	int rfd;		/* its echo pipe */
	int ok;
};

static void start_echo(struct running *rn, const struct init *in)
{
	int p[2];
	char *argv[] = { prog, s_echo, NULL, NULL };
	char c;

	make_pipe(p, 1 << 20);
	argv[2] = fdstr(p[1]);
	rn->pid = spawn_ns(in, argv, &p[1], 1);
	close(p[1]);
	rn->rfd = p[0];
	rn->ok = !read_full(rn->rfd, &c, 1, 10000) && c == 'R';
	if (!rn->ok)
		warn("%s: the program did not start", in->name);
	fcntl(rn->rfd, F_SETFL, O_NONBLOCK);
}

/* The P-th percentile of the N values V, sorted in place (nearest rank). */
static double percentile(double *v, size_t n, double p)
{
	size_t rank;

	qsort(v, n, sizeof(*v), cmp_double);
	rank = (size_t)(p / 100.0 * (double)n + 0.999999);
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return v[rank - 1];
}

static void bench_idle(struct running *rn, int windows, int secs)
{
	long c0[MAX_INITS];
	int w, i;

	sleep_ms(300);
	for (w = 0; w < windows; w++) {
		for (i = 0; i < ninits; i++)
			c0[i] = ctx_switches(rn[i].pid);
		sleep_ms(secs * 1000L);
		for (i = 0; i < ninits; i++) {
			long c1 = ctx_switches(rn[i].pid);

			if (!rn[i].ok || c0[i] < 0 || c1 < 0)
				continue;
			add(M_IDLE, i, (double)(c1 - c0[i]) * 60.0 / secs);
			add(M_RSS, i, (double)status_field(rn[i].pid, "VmRSS"));
			add(M_HWM, i, (double)status_field(rn[i].pid, "VmHWM"));
		}
	}
}

static void bench_latency(struct running *rn, int blocks, int trips)
{
	int ncol = ninits + 1, b, t, i, lost[NCOLS] = { 0 };
	double *lat[NCOLS];
	size_t got[NCOLS];

	for (i = 0; i < ncol; i++) {
		lat[i] = malloc((size_t)trips * sizeof(double));
		if (!lat[i])
			die("out of memory");
	}
	for (b = 0; b < blocks; b++) {
		uint64_t c0[NCOLS];

		memset(got, 0, sizeof(got));
		for (i = 0; i < ninits; i++)
			c0[i] = cpu_ns(rn[i].pid);
		for (t = 0; t < trips; t++) {
			for (i = 0; i < ncol; i++) {
				pid_t target = i < ninits ? rn[i].pid :
					       rn[i].prog;
				uint64_t t0;
				char c;

				if (!rn[i].ok || target <= 0)
					continue;
				t0 = now_ns();
				if (kill(target, SIGUSR1) ||
				    read_full(rn[i].rfd, &c, 1, 1000)) {
					lost[i]++;
					continue;
				}
				lat[i][got[i]++] = (double)(now_ns() - t0) /
						   1e3;
			}
		}
		for (i = 0; i < ncol; i++) {
			if (!got[i])
				continue;
			add(M_LAT50, i, percentile(lat[i], got[i], 50));
			add(M_LAT99, i, percentile(lat[i], got[i], 99));
			/* ns per signal is us per 1,000 signals */
			if (i < ninits)
				add(M_SIGCPU, i, (double)(cpu_ns(rn[i].pid) -
							  c0[i]) / got[i]);
		}
	}
	for (i = 0; i < ncol; i++) {
		if (lost[i])
			warn("%s: %d of %d signals never reached the program",
			     i < ninits ? inits[i].name : "floor", lost[i],
			     blocks * trips);
		free(lat[i]);
	}
}

/*
 * A storm of COUNT signals to PID 1, as fast as it forwards them. They are
 * real-time signals, which queue: a standard one merges with one already
 * pending, so a storm of SIGUSR1 measures the scheduler more than the init.
 * At most STORM_WINDOW are on their way at any time, which keeps every queue
 * far below RLIMIT_SIGPENDING, so that no kill(2) fails with EAGAIN.
 */
static void storm_once(struct running *rn, int col, int count)
{
	long sent = 0, seen = 0, got;
	uint64_t c0, c1, prev;
	int k;

	drain(rn->rfd);
	c0 = cpu_ns(rn->pid);
	while (seen < count) {
		struct pollfd pf = { rn->rfd, POLLIN, 0 };

		if (sent < count && sent - seen < STORM_WINDOW) {
			if (!kill(rn->pid, STORM_SIG))
				sent++;
			else if (errno != EAGAIN)
				break;
			seen += drain(rn->rfd);
			continue;
		}
		if (poll(&pf, 1, 2000) <= 0)
			break;	/* a signal got lost */
		got = drain(rn->rfd);
		seen += got;
	}
	/* Until the init has settled: no CPU used for 20 ms. */
	c1 = cpu_ns(rn->pid);
	for (k = 0; k < 100; k++) {
		prev = c1;
		sleep_ms(20);
		c1 = cpu_ns(rn->pid);
		if (c1 == prev)
			break;
	}
	seen += drain(rn->rfd);
	add(M_STORM, col, (double)(c1 - c0) / count);
	add(M_STORMLOST, col, (double)(count - seen));
}

static void bench_storm(struct running *rn, int rounds, int count)
{
	int r, i;

	for (r = 0; r < rounds; r++)
		for (i = 0; i < ninits; i++)
			if (rn[i].ok)
				storm_once(&rn[i], i, count);
}

static void bench_running(void)
{
	struct running rn[NCOLS];
	int i;

	memset(rn, 0, sizeof(rn));
	for (i = 0; i < ninits; i++)
		start_echo(&rn[i], &inits[i]);
	start_echo(&rn[ninits], &bare);
	rn[ninits].prog = first_child(rn[ninits].pid);
	if (rn[ninits].prog <= 0)
		warn("no /proc/PID/task/PID/children: no floor for latency");

	printf("idle wake-ups and memory...\n");
	fflush(stdout);
	if (quick)
		bench_idle(rn, 1, 2);
	else
		bench_idle(rn, 3, 10);
	printf("signal forwarding latency...\n");
	fflush(stdout);
	if (quick)
		bench_latency(rn, 2, 200);
	else
		bench_latency(rn, 10, 500);
	printf("signal storm...\n");
	fflush(stdout);
	if (quick)
		bench_storm(rn, 1, 10000);
	else
		bench_storm(rn, 3, 100000);

	for (i = 0; i <= ninits; i++) {
		kill_ns(rn[i].pid);
		close(rn[i].rfd);
	}
}

/* ---- 5. reaping ---------------------------------------------------- */

static void reap_once(const struct init *in, int col, int n)
{
	char *argv[] = { prog, s_orphans, NULL, NULL, NULL };
	char num[16];
	uint64_t r[2];	/* ns until none is left, orphans made */
	pid_t pid;
	int p[2];

	snprintf(num, sizeof(num), "%d", n);
	make_pipe(p, 0);
	argv[2] = num;
	argv[3] = fdstr(p[1]);
	pid = spawn_ns(in, argv, &p[1], 1);
	close(p[1]);
	if (read_full(p[0], r, sizeof(r), 120000)) {
		warn("%s: orphans were not all reaped within 120 s", in->name);
		kill_ns(pid);
	} else {
		if (r[1] != (uint64_t)n)
			warn("%s: %llu orphans made of %d", in->name,
			     (unsigned long long)r[1], n);
		add(M_REAP, col, (double)r[1] / ((double)r[0] / 1e9));
		wait_ns(pid, 10000);
	}
	close(p[0]);
}

static void bench_reap(int rounds, int n)
{
	int r, i;

	for (r = 0; r < rounds; r++) {
		reap_once(&bare, ninits, n);
		for (i = 0; i < ninits; i++)
			reap_once(&inits[i], i, n);
	}
}

/* ---- 7. teardown --------------------------------------------------- */

static void teardown_once(const struct init *in, int col, int n)
{
	char *argv[] = { prog, s_teardown, NULL, NULL, NULL, NULL };
	int p[2], q[2], keep[2], pfd, st;
	uint64_t t0, t1;
	char num[16];
	pid_t pid;

	snprintf(num, sizeof(num), "%d", n);
	make_pipe(p, 0);
	make_pipe(q, 0);
	argv[2] = num;
	argv[3] = fdstr(p[1]);
	argv[4] = fdstr(q[1]);
	keep[0] = p[1];
	keep[1] = q[1];
	pid = spawn_ns(in, argv, keep, 2);
	close(p[1]);
	close(q[1]);
	pfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (read_full(p[0], &t0, sizeof(t0), 30000)) {
		warn("%s: the program did not start its %d processes",
		     in->name, n);
		kill_ns(pid);
		goto out;
	}
	if (pfd >= 0) {
		struct pollfd pf = { pfd, POLLIN, 0 };

		while (poll(&pf, 1, 60000) < 0 && errno == EINTR)
			;
	}
	t1 = now_ns();
	st = wait_ns(pid, 0);
	if (st < 0) {
		warn("%s: still running 60 s after its program exited",
		     in->name);
		goto out;
	}
	fcntl(q[0], F_SETFL, O_NONBLOCK);
	add(M_TEAR, col, (double)(t1 - t0) / 1e6);
	add(M_TEARTERM, col, (double)drain(q[0]));
out:
	if (pfd >= 0)
		close(pfd);
	close(p[0]);
	close(q[0]);
}

static void bench_teardown(int rounds, int n)
{
	int r, i;

	for (r = 0; r < rounds; r++) {
		teardown_once(&bare_td, ninits, n);
		for (i = 0; i < ninits; i++)
			teardown_once(&inits[i], i, n);
	}
}

/* ---- report -------------------------------------------------------- */

static const char *num(double v)
{
	static char buf[8][32];
	static int k;
	double a = v < 0 ? -v : v;

	k = (k + 1) % 8;
	if (a >= 100 || a == (double)(long long)a)
		snprintf(buf[k], sizeof(buf[k]), "%.0f", v);
	else if (a >= 10)
		snprintf(buf[k], sizeof(buf[k]), "%.1f", v);
	else
		snprintf(buf[k], sizeof(buf[k]), "%.2f", v);
	return buf[k];
}

/* foster's median over the best anchor's; 0 when there is no ratio. */
static double ratio(const struct metric *m, const char **best)
{
	struct stat3 f = summary(&m->s[0]), b;
	int i, bi = -1;
	double bv = 0;

	*best = NULL;
	if (m->better == INFO || !f.n)
		return 0;
	for (i = 1; i < ninits; i++) {
		b = summary(&m->s[i]);
		if (!b.n)
			continue;
		if (bi < 0 || (m->better == LOWER ? b.med < bv : b.med > bv)) {
			bi = i;
			bv = b.med;
		}
	}
	if (bi < 0)
		return 0;
	*best = inits[bi].name;
	if (bv == 0)
		return f.med == 0 ? 1 : 0;
	return f.med / bv;
}

static void cell(char *buf, size_t len, const struct metric *m, int col)
{
	struct stat3 s = summary(&m->s[col]);

	if (!s.n)
		snprintf(buf, len, "-");
	else if (m - metrics == M_STATIC)
		snprintf(buf, len, "%s", s.med ? "yes" : "no");
	else if (s.n == 1 || s.min == s.max)
		snprintf(buf, len, "%s", num(s.med));
	else
		snprintf(buf, len, "%s [%s, %s]", num(s.med), num(s.min),
			 num(s.max));
}

/* One line of the verdict, to stdout and to the markdown file. */
static void __attribute__((format(printf, 3, 4)))
verdict(FILE *mdf, int met, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	printf("  %-6s %s\n", met ? "met" : "MISSED", line);
	if (mdf)
		fprintf(mdf, "- %s %s\n", met ? "met:" : "**missed**:", line);
}

/* The targets of issue 5, for the init under test. */
static void targets(FILE *mdf)
{
	static const int vs_best[] = { M_START, M_LAT50, M_LAT99, M_RSS,
				       M_SIGCPU, M_STORM };
	struct stat3 f, c;
	const char *best;
	size_t k;
	double r;

	printf("\ntargets for %s (issue 5):\n", inits[0].name);
	if (mdf)
		fprintf(mdf, "\nTargets for %s (issue 5):\n\n", inits[0].name);
	f = summary(&metrics[M_SIZE].s[0]);
	c = summary(&metrics[M_STATIC].s[0]);
	verdict(mdf, f.med <= 96 * 1024 && c.med == 1,
		"static and at most 96 KiB (98304 bytes): %s, %s bytes (%+.0f)",
		c.med == 1 ? "static" : "NOT static", num(f.med),
		f.med - 96 * 1024);
	f = summary(&metrics[M_IDLE].s[0]);
	verdict(mdf, f.n && f.max == 0,
		"zero idle wake-ups: %s per minute (max %s)", num(f.med),
		num(f.max));
	for (k = 0; k < sizeof(vs_best) / sizeof(vs_best[0]); k++) {
		const struct metric *me = &metrics[vs_best[k]];

		r = ratio(me, &best);
		f = summary(&me->s[0]);
		if (!best || !f.n)
			continue;
		verdict(mdf, r <= 1.0,
			"%s no worse than the best anchor: %s %s vs %s's, x%.2f",
			me->title, num(f.med), me->unit, best, r);
	}
	f = summary(&metrics[M_REAP].s[0]);
	c = summary(&metrics[M_REAP].s[ninits]);
	if (f.n && c.n)
		verdict(mdf, f.med >= 0.9 * c.med,
			"reaping within 10%% of the bare-subreaper ceiling: %s of %s orphans/s (%.0f%%)",
			num(f.med), num(c.med), 100.0 * f.med / c.med);
	f = summary(&metrics[M_TEAR].s[0]);
	c = summary(&metrics[M_TEAR].s[ninits]);
	if (f.n)
		verdict(mdf, f.med < 50,
			"teardown of 500 cooperative processes under 50 ms: %s ms (minimal PID 1: %s ms)",
			num(f.med), c.n ? num(c.med) : "-");
}

static void report(const char *tsv, const char *md)
{
	FILE *t = NULL, *mdf = NULL;
	int m, i;

	if (tsv && !(t = fopen(tsv, "we")))
		die("%s: %s", tsv, strerror(errno));
	if (md && !(mdf = fopen(md, "we")))
		die("%s: %s", md, strerror(errno));
	if (t)
		fprintf(t, "metric\tunit\tbetter\tinit\tn\tmedian\tmin\tmax\n");
	if (mdf) {
		fprintf(mdf, "On this machine a system call (getppid) takes %.2f us and fork+exit+wait of\n"
			"a small process %.0f us: the absolute numbers scale with those, the ratios\n"
			"much less.\n\n", calib_syscall_us, calib_fork_us);
		fprintf(mdf, "| metric | unit |");
		for (i = 0; i < ninits; i++)
			fprintf(mdf, " %s |", inits[i].name);
		fprintf(mdf, " reference | %s / best anchor |\n|---|---|",
			inits[0].name);
		for (i = 0; i <= ninits + 1; i++)
			fprintf(mdf, "---:|");
		fputc('\n', mdf);
	}
	printf("\n%-38s", "median [min, max]");
	for (i = 0; i < ninits; i++)
		printf(" %-20s", inits[i].name);
	printf(" %s / best\n", inits[0].name);

	for (m = 0; m < M_NR; m++) {
		const struct metric *me = &metrics[m];
		const char *best, *bn = me->better == LOWER ? "lower" :
			me->better == HIGHER ? "higher" : "info";
		double rt = ratio(me, &best);
		char c[96], title[96], rs[64];

		snprintf(title, sizeof(title), "%s (%s)", me->title, me->unit);
		if (best && rt)
			snprintf(rs, sizeof(rs), "%.2f (%s)", rt, best);
		else if (best)
			snprintf(rs, sizeof(rs), "n/a (%s is 0)", best);
		else
			snprintf(rs, sizeof(rs), "-");
		printf("%-38s", title);
		for (i = 0; i < ninits; i++) {
			cell(c, sizeof(c), me, i);
			printf(" %-20s", c);
		}
		printf(" %s\n", rs);
		if (me->ref) {
			cell(c, sizeof(c), me, ninits);
			printf("  %-36s %s\n", me->ref, c);
		}
		if (mdf) {
			fprintf(mdf, "| %s | %s |", me->title, me->unit);
			for (i = 0; i < ninits; i++) {
				cell(c, sizeof(c), me, i);
				fprintf(mdf, " %s |", c);
			}
			if (me->ref) {
				cell(c, sizeof(c), me, ninits);
				fprintf(mdf, " %s: %s |", me->ref, c);
			} else {
				fprintf(mdf, " |");
			}
			fprintf(mdf, " %s |\n", rs);
		}
		for (i = 0; t && i <= ninits; i++) {
			struct stat3 s = summary(&me->s[i]);

			if (!s.n)
				continue;
			fprintf(t, "%s\t%s\t%s\t%s\t%zu\t%.6g\t%.6g\t%.6g\n",
				me->key, me->unit, bn,
				i < ninits ? inits[i].name : "reference",
				s.n, s.med, s.min, s.max);
		}
		if (t && best && rt)
			fprintf(t, "%s\tratio\t%s\t%s/%s\t1\t%.4g\t\t\n",
				me->key, bn, inits[0].name, best, rt);
	}
	targets(mdf);
	if (t)
		fclose(t);
	if (mdf)
		fclose(mdf);
}

/* ---- main ---------------------------------------------------------- */

/*
 * The driver, every init and every program on one CPU (the last one this
 * process may use), unless BENCH_PIN=0. Where the kernel puts a sleeping
 * init relative to its program and to us decides whether each wake-up
 * crosses CPUs, an IPI that a VM makes dear and charges to whichever task
 * wakes; left to the scheduler, any one init's numbers come out in two modes
 * at random. On one CPU they measure the work of the init itself.
 */
static void pin_cpus(void)
{
	const char *env = getenv("BENCH_PIN");
	cpu_set_t set, one;
	int cpu, last = -1;

	if ((env && !strcmp(env, "0")) ||
	    sched_getaffinity(0, sizeof(set), &set))
		return;
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &set))
			last = cpu;
	if (last < 0)
		return;
	CPU_ZERO(&one);
	CPU_SET(last, &one);
	if (sched_setaffinity(0, sizeof(one), &one))
		return;
	ns_cpu = last;
	printf("driver, every init and its program on CPU %d\n", last);
}

/*
 * BENCH_RT=1: the driver, and so every init and program, SCHED_FIFO, which
 * shields the run from whatever else keeps the machine busy (no wake-up then
 * preempts a task of the run: each runs until it sleeps). For a shared
 * machine; the default is the ordinary scheduler, what containers get.
 */
static void realtime(void)
{
	const char *env = getenv("BENCH_RT");
	struct sched_param sp = { .sched_priority = 10 };

	if (!env || strcmp(env, "1"))
		return;
	if (sched_setscheduler(0, SCHED_FIFO, &sp))
		die("BENCH_RT=1: sched_setscheduler: %s", strerror(errno));
	printf("SCHED_FIFO priority %d (BENCH_RT=1)\n", sp.sched_priority);
}

/* Is GROUP in the comma list ONLY (no list: every group)? */
static int wanted(const char *only, const char *group)
{
	size_t len = strlen(group);
	const char *p = only;

	if (!only)
		return 1;
	while ((p = strstr(p, group))) {
		if ((p == only || p[-1] == ',') &&
		    (p[len] == ',' || !p[len]))
			return 1;
		p += len;
	}
	return 0;
}

static void parse_init(char *spec)
{
	struct init *in;
	char *eq = strchr(spec, '='), *tok, *save = NULL;

	if (ninits == MAX_INITS)
		die("at most %d inits", MAX_INITS);
	if (!eq || eq == spec)
		die("bad init spec %s: NAME=PATH[,ARG]...", spec);
	in = &inits[ninits++];
	*eq = '\0';
	in->name = spec;
	for (tok = strtok_r(eq + 1, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (in->argc == MAX_ARGS - 1)
			die("%s: too many arguments", spec);
		in->argv[in->argc++] = tok;
	}
	if (!in->argc || access(in->argv[0], X_OK))
		die("%s: %s is not executable", spec,
		    in->argc ? in->argv[0] : "(none)");
}

int main(int argc, char **argv)
{
	const char *tsv = NULL, *md = NULL, *only = NULL;
	int opt;

	while ((opt = getopt(argc, argv, "+qo:p:t:m:")) != -1) {
		switch (opt) {
		case 'o':
			only = optarg;
			break;
		case 'q':
			quick = 1;
			break;
		case 'p':
			prog = optarg;
			break;
		case 't':
			tsv = optarg;
			break;
		case 'm':
			md = optarg;
			break;
		default:
			die(USAGE);
		}
	}
	if (!prog || optind == argc)
		die(USAGE);
	for (; optind < argc; optind++)
		parse_init(argv[optind]);
	if (getpid() == 1)
		die("refusing to run as PID 1");

	pin_cpus();
	realtime();
	atexit(cleanup);
	signal(SIGINT, on_fatal);
	signal(SIGTERM, on_fatal);
	signal(SIGHUP, on_fatal);
	signal(SIGPIPE, SIG_IGN);

	calibrate();
	bench_binary();
	if (wanted(only, "startup")) {
		printf("start-up overhead...\n");
		fflush(stdout);
		bench_startup(quick ? 30 : 300);
	}
	if (wanted(only, "running"))
		bench_running();
	if (wanted(only, "reap")) {
		printf("reaping throughput...\n");
		fflush(stdout);
		if (quick)
			bench_reap(1, 2000);
		else
			bench_reap(5, 20000);
	}
	if (wanted(only, "teardown")) {
		printf("teardown...\n");
		fflush(stdout);
		bench_teardown(quick ? 2 : 15, 500);
	}
	report(tsv, md);
	for (opt = 0; opt < M_NR && !only; opt++) {
		if (!metrics[opt].s[0].n) {
			fprintf(stderr, "bench: %s: no result for %s\n",
				metrics[opt].key, inits[0].name);
			return 1;
		}
	}
	return 0;
}
