/* SPDX-License-Identifier: MIT */
/* rtprobe: a tiny static test program for the container-runtime tests.
 * Built with `musl-gcc -static` so that it runs in a FROM-scratch image.
 *
 *   rtprobe rec FILE [-i] [-x CODE] [-d] [-w MS]
 *       Record every signal it gets, one line each ("TERM", "USR1", ...),
 *       appended to FILE. It first writes "ready PID PPID PGID SID FG" once
 *       its handlers are in place (FG: the foreground process group of the
 *       terminal on stdin, -1 if none). On TERM, INT, HUP or QUIT it exits with CODE
 *       (default 42), after recording it; with -i it records them and keeps
 *       running (only SIGKILL ends it). With -d it first becomes a daemon
 *       (fork, setsid, fork; the parents exit), so it is an orphan in a
 *       session of its own. With -w it takes MS milliseconds to shut down
 *       cleanly after the first stop request (signals that arrive meanwhile
 *       are recorded too), then writes "done" and exits with CODE.
 *   rtprobe orphans FILE N MS
 *       Make N orphans: each of N children forks a grandchild and exits at
 *       once. Each grandchild waits until it has been re-parented, appends
 *       "orphan PID NEWPPID" to FILE, sleeps MS milliseconds and exits, so it
 *       becomes a zombie of whoever adopted it unless that one reaps it.
 *       Returns once every grandchild has been adopted and has written its line.
 *   rtprobe reaped FILE SECONDS
 *       Wait until every orphan listed in FILE (by `rtprobe orphans`) is gone
 *       from /proc, that is exited and reaped by whoever adopted it; exit 0,
 *       or 1 after SECONDS, naming one that is still there (a zombie, when
 *       nobody reaps it).
 *   rtprobe zombies
 *       Print the number of zombie processes in /proc (this pid namespace).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int rec_fd = -1;
static volatile sig_atomic_t got_term;

static const char *signame(int s)
{
	switch (s) {
	case SIGHUP: return "HUP";
	case SIGINT: return "INT";
	case SIGQUIT: return "QUIT";
	case SIGILL: return "ILL";
	case SIGTRAP: return "TRAP";
	case SIGABRT: return "ABRT";
	case SIGBUS: return "BUS";
	case SIGFPE: return "FPE";
	case SIGUSR1: return "USR1";
	case SIGSEGV: return "SEGV";
	case SIGUSR2: return "USR2";
	case SIGPIPE: return "PIPE";
	case SIGALRM: return "ALRM";
	case SIGTERM: return "TERM";
	case SIGCHLD: return "CHLD";
	case SIGCONT: return "CONT";
	case SIGTSTP: return "TSTP";
	case SIGTTIN: return "TTIN";
	case SIGTTOU: return "TTOU";
	case SIGURG: return "URG";
	case SIGXCPU: return "XCPU";
	case SIGXFSZ: return "XFSZ";
	case SIGVTALRM: return "VTALRM";
	case SIGPROF: return "PROF";
	case SIGWINCH: return "WINCH";
	case SIGIO: return "IO";
	case SIGPWR: return "PWR";
	case SIGSYS: return "SYS";
	default: return NULL;
	}
}

static void put(const char *s)
{
	if (rec_fd >= 0 && write(rec_fd, s, strlen(s)) < 0) {
		/* nothing sensible to do */
	}
}

static void on_signal(int s)
{
	char buf[32];
	const char *n = signame(s);
	int e = errno;

	if (n) {
		size_t l = strlen(n);
		memcpy(buf, n, l);
		buf[l] = '\n';
		buf[l + 1] = '\0';
	} else {
		/* real-time signals: "SIG<number>" */
		int i = 3, d = s;
		memcpy(buf, "SIG", 3);
		if (d >= 10) buf[i++] = (char)('0' + d / 10);
		buf[i++] = (char)('0' + d % 10);
		buf[i++] = '\n';
		buf[i] = '\0';
	}
	put(buf);
	if (s == SIGTERM || s == SIGINT || s == SIGHUP || s == SIGQUIT)
		got_term = 1;
	errno = e;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {}
}

static int open_rec(const char *file)
{
	int fd = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "rtprobe: %s: %s\n", file, strerror(errno));
		exit(2);
	}
	return fd;
}

static int do_rec(int argc, char **argv)
{
	int ignore = 0, daemonize = 0, code = 42, wait_ms = 0, opt;
	const char *file;
	char line[128];
	struct sigaction sa;
	sigset_t empty;

	if (argc < 2) return 2;
	file = argv[1];
	optind = 2;
	while ((opt = getopt(argc, argv, "ix:dw:")) != -1) {
		if (opt == 'i') ignore = 1;
		else if (opt == 'x') code = atoi(optarg);
		else if (opt == 'd') daemonize = 1;
		else if (opt == 'w') wait_ms = atoi(optarg);
		else return 2;
	}
	if (daemonize) {
		pid_t p = fork();
		if (p < 0) return 3;
		if (p > 0) {
			int st;
			waitpid(p, &st, 0);
			return 0;
		}
		setsid();
		pid_t mid = getpid();
		p = fork();
		if (p < 0) _exit(3);
		if (p > 0) _exit(0);
		/* wait to be adopted, so "ready" reports the final parent */
		while (getppid() == mid) usleep(1000);
		int nul = open("/dev/null", O_RDWR);
		if (nul >= 0) {
			dup2(nul, 0);
			dup2(nul, 1);
			if (nul > 1) close(nul);
		}
	}
	rec_fd = open_rec(file);

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask);
	for (int s = 1; s < NSIG; s++) {
		if (s == SIGKILL || s == SIGSTOP || s == SIGCHLD) continue;
		if (s >= 32 && s < SIGRTMIN) continue; /* libc-internal */
		sigaction(s, &sa, NULL);
	}
	sigemptyset(&empty);
	sigprocmask(SIG_SETMASK, &empty, NULL);

	snprintf(line, sizeof line, "ready %d %d %d %d %d\n", (int)getpid(), (int)getppid(),
		 (int)getpgrp(), (int)getsid(0), (int)tcgetpgrp(0));
	put(line);
	for (;;) {
		pause();
		if (got_term && !ignore) {
			if (wait_ms > 0) {
				sleep_ms(wait_ms);
				put("done\n");
			}
			return code;
		}
	}
}

static int do_orphans(int argc, char **argv)
{
	int n, ms, pfd[2];
	char c;

	if (argc < 4) return 2;
	rec_fd = open_rec(argv[1]);
	n = atoi(argv[2]);
	ms = atoi(argv[3]);
	if (pipe(pfd) < 0) return 3;
	for (int i = 0; i < n; i++) {
		pid_t p = fork();
		if (p < 0) return 3;
		if (p == 0) {
			pid_t mid = getpid();
			pid_t g = fork();
			if (g < 0) _exit(3);
			if (g > 0) _exit(0);
			/* grandchild: wait for adoption, report, linger, exit */
			close(pfd[0]);
			while (getppid() == mid) usleep(1000);
			char line[64];
			snprintf(line, sizeof line, "orphan %d %d\n", (int)getpid(), (int)getppid());
			put(line);
			if (write(pfd[1], "x", 1) < 0) _exit(4);
			close(pfd[1]);
			sleep_ms(ms);
			_exit(0);
		}
		waitpid(p, NULL, 0);
	}
	close(pfd[1]);
	for (int i = 0; i < n; i++)
		if (read(pfd[0], &c, 1) != 1) return 4;
	return 0;
}

static int do_reaped(int argc, char **argv)
{
	FILE *f;
	char line[128], path[64];
	int pid, ppid, left = -1;

	if (argc < 3) return 2;
	for (long waited = 0; left != 0; waited += 20) {
		if (!(f = fopen(argv[1], "r"))) {
			fprintf(stderr, "rtprobe: %s: %s\n", argv[1], strerror(errno));
			return 2;
		}
		left = 0;
		while (fgets(line, sizeof line, f))
			if (sscanf(line, "orphan %d %d", &pid, &ppid) == 2) {
				snprintf(path, sizeof path, "/proc/%d", pid);
				if (access(path, F_OK) == 0) {
					left = pid;
					break;
				}
			}
		fclose(f);
		if (left && waited >= atol(argv[2]) * 1000) {
			fprintf(stderr, "rtprobe: orphan %d is still in /proc after %s s\n", left, argv[2]);
			return 1;
		}
		if (left) sleep_ms(20);
	}
	return 0;
}

static int do_zombies(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int count = 0;

	if (!d) return 3;
	while ((e = readdir(d))) {
		char path[300], buf[512], *p;
		int fd;
		ssize_t l;
		if (e->d_name[0] < '1' || e->d_name[0] > '9') continue;
		snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) continue;
		l = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (l <= 0) continue;
		buf[l] = '\0';
		p = strrchr(buf, ')');
		if (p && p[1] == ' ' && p[2] == 'Z') {
			count++;
			fprintf(stderr, "rtprobe: zombie: %s\n", buf);
		}
	}
	closedir(d);
	printf("%d\n", count);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "rec")) return do_rec(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "orphans")) return do_orphans(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "reaped")) return do_reaped(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "zombies")) return do_zombies();
	fprintf(stderr, "usage: rtprobe rec FILE [-i] [-x CODE] [-d] [-w MS] | orphans FILE N MS |"
		" reaped FILE SECONDS | zombies\n");
	return 2;
}
