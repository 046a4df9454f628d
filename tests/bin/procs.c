/* SPDX-License-Identifier: MIT */
/*
 * procs - look at the processes this /proc shows (inside `unshare --pid
 * --mount-proc`, exactly those of the pid namespace).
 *
 * usage: procs [-w SECONDS] [-n N] zombies|count|list
 *
 *   zombies  print how many processes are zombies (state Z)
 *   count    print how many processes there are, procs itself not counted
 *   list     print "pid ppid pgrp sid state comm" for each, procs excluded
 *
 *   -w SECONDS  with zombies/count: poll (every 10 ms, no busy loop) until
 *               the number is at most N, for at most SECONDS; the final
 *               number is printed, and the exit status says whether it got
 *               there (0) or not (1, after listing the processes on stderr)
 *   -n N        the target for -w (default 0)
 *
 *   e.g. procs -w 20 zombies     "no zombie left, within 20 s"
 *        procs -w 20 -n 2 count  "only foster and me left"
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct proc { int pid, ppid, pgrp, sid; char state; char comm[64]; };

/* read_stat - parse /proc/PID/stat; 0 on success, -1 when it vanished. */
static int read_stat(int pid, struct proc *p)
{
	char path[64], buf[512], *l, *r;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (!(f = fopen(path, "re")))
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	l = strchr(buf, '(');
	r = strrchr(buf, ')');
	if (!l || !r || r < l)
		return -1;
	p->pid = pid;
	snprintf(p->comm, sizeof(p->comm), "%.*s", (int)(r - l - 1), l + 1);
	if (sscanf(r + 2, "%c %d %d %d", &p->state, &p->ppid, &p->pgrp, &p->sid) != 4)
		return -1;
	return 0;
}

/* scan - count (zombies only, or all but ourselves); print them to out if not NULL. */
static int scan(int zombies, FILE *out)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0, self = getpid();

	if (!d) {
		perror("/proc");
		exit(2);
	}
	while ((e = readdir(d))) {
		struct proc p;

		if (!isdigit((unsigned char)e->d_name[0]) || atoi(e->d_name) == self)
			continue;
		if (read_stat(atoi(e->d_name), &p) < 0)
			continue;
		if (zombies && p.state != 'Z')
			continue;
		n++;
		if (out)
			fprintf(out, "%d %d %d %d %c %s\n", p.pid, p.ppid, p.pgrp, p.sid, p.state, p.comm);
	}
	closedir(d);
	return n;
}

int main(int argc, char **argv)
{
	double wait_s = -1;
	int target = 0, opt, zombies, n;

	while ((opt = getopt(argc, argv, "w:n:")) != -1) {
		if (opt == 'w')
			wait_s = strtod(optarg, NULL);
		else if (opt == 'n')
			target = atoi(optarg);
		else
			goto usage;
	}
	if (optind != argc - 1)
		goto usage;
	if (strcmp(argv[optind], "list") == 0) {
		scan(0, stdout);
		return 0;
	}
	if (strcmp(argv[optind], "zombies") == 0)
		zombies = 1;
	else if (strcmp(argv[optind], "count") == 0)
		zombies = 0;
	else
		goto usage;

	n = scan(zombies, NULL);
	if (wait_s >= 0) {
		struct timespec tick = {0, 10 * 1000 * 1000};
		long ticks = (long)(wait_s * 100);

		while (n > target && ticks-- > 0) {
			nanosleep(&tick, NULL);
			n = scan(zombies, NULL);
		}
	}
	printf("%d\n", n);
	if (wait_s >= 0 && n > target) {
		fprintf(stderr, "procs: %d %s left (want at most %d):\n", n,
			zombies ? "zombies" : "processes", target);
		scan(zombies, stderr);
		return 1;
	}
	return 0;

usage:
	fputs("usage: procs [-w SECONDS] [-n N] zombies|count|list\n", stderr);
	return 2;
}
