/* SPDX-License-Identifier: MIT */
/*
 * A subreaper is not PID 1, so kill(-1, ...) would reach far beyond its
 * own tree; it signals its descendants one by one instead, and /proc is
 * the only place that lists them (a grandchild whose parent lives is not
 * foster's child, so wait(2) does not know it). As PID 1 too, /proc is
 * how foster sees the processes that entered the namespace from outside
 * (docker exec, nsenter): no wait(2) tells of them.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc.h"
#include "scan.h"

/* PID_MAX_LIMIT of the kernel (include/linux/threads.h): no pid is larger. */
static const unsigned long pid_max = 4194304;

/* The decimal number at *s, then one space, into *v; the end, or NULL. */
static const char *scan_field(const char *s, pid_t *v)
{
	unsigned long n;
	size_t len = scan_uint(s, pid_max, &n);

	if (!len || (s[len] != ' ' && s[len]))
		return NULL;
	*v = (pid_t)n;
	return s[len] ? s + len + 1 : s + len;
}

int proc_stat_parse(const char *line, struct proc_entry *e)
{
	const char *p = strrchr(line, ')');

	/* ") S 42 7 7 ...": the state, one letter, then parent, group, session. */
	if (!p || p[1] != ' ' || !p[2] || p[3] != ' ')
		return -1;
	e->state = p[2];
	p = scan_field(p + 4, &e->ppid);
	p = p ? scan_field(p, &e->pgrp) : NULL;
	p = p ? scan_field(p, &e->sid) : NULL;
	return p ? 0 : -1;
}

pid_t proc_stat_ppid(const char *line)
{
	struct proc_entry e;

	return proc_stat_parse(line, &e) < 0 ? -1 : e.ppid;
}

/* pid's /proc/PID/stat into *e; -1 when it is gone or unreadable. */
static int read_stat(pid_t pid, struct proc_entry *e)
{
	char path[32], line[512];
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	len = read(fd, line, sizeof(line) - 1);
	close(fd);
	if (len <= 0)
		return -1;
	line[len] = '\0';
	e->pid = pid;
	return proc_stat_parse(line, e);
}

/* /proc/self names foster only in the procfs of foster's pid namespace. */
static int proc_is_ours(void)
{
	char self[16];
	ssize_t len = readlink("/proc/self", self, sizeof(self) - 1);
	unsigned long pid;

	if (len < 0)
		return 0;
	self[len] = '\0';
	return scan_number(self, pid_max, &pid) == 0 && pid == (unsigned long)getpid();
}

/* Every process of the namespace into a growing array; 0 or -1. */
static int read_all(struct proc_entry **procs, size_t *n)
{
	size_t cap = 0;
	struct dirent *d;
	DIR *dir;

	*procs = NULL;
	*n = 0;
	dir = opendir("/proc");
	if (!dir)
		return -1;
	while ((d = readdir(dir))) {
		unsigned long pid;
		struct proc_entry e;

		if (scan_number(d->d_name, pid_max, &pid) < 0 || read_stat((pid_t)pid, &e) < 0)
			continue;
		if (*n == cap) {
			struct proc_entry *more = realloc(*procs, (cap = cap ? 2 * cap : 256) * sizeof(**procs));

			if (!more) {
				closedir(dir);
				return -1;
			}
			*procs = more;
		}
		(*procs)[(*n)++] = e;
	}
	closedir(dir);
	return 0;
}

int proc_all(struct proc_entry **procs, size_t *n)
{
	if (!proc_is_ours()) {
		errno = EXDEV;
		return -1;
	}
	if (read_all(procs, n) < 0) {
		free(*procs);
		*procs = NULL;
		return -1;
	}
	return 0;
}

static int by_ppid(const void *a, const void *b)
{
	const struct proc_entry *x = a, *y = b;

	return (x->ppid > y->ppid) - (x->ppid < y->ppid);
}

/* The first entry whose parent is ppid, in all sorted by parent; count if none. */
static size_t first_child(const struct proc_entry *all, size_t count, pid_t ppid)
{
	size_t lo = 0, hi = count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (all[mid].ppid < ppid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Append the children of parent to out, at most count in all. */
static void add_children(const struct proc_entry *all, size_t count, pid_t parent, struct proc_entry *out,
			 size_t *n)
{
	size_t i;

	for (i = first_child(all, count, parent); i < count && all[i].ppid == parent && *n < count; i++)
		out[(*n)++] = all[i];
}

int proc_descendants(pid_t root, struct proc_entry **procs, size_t *n)
{
	struct proc_entry *all;
	size_t count, next;

	if (proc_all(&all, &count) < 0)
		return -1;
	*n = 0;
	*procs = calloc(count ? count : 1, sizeof(**procs));
	if (!*procs) {
		free(all);
		return -1;
	}
	if (count)
		qsort(all, count, sizeof(*all), by_ppid);
	/*
	 * Breadth first: *procs is also the queue of parents to expand. /proc
	 * is not read atomically, so a reused pid could close a loop: the
	 * list stops at count entries, the number of processes seen.
	 */
	add_children(all, count, root, *procs, n);
	for (next = 0; next < *n; next++)
		add_children(all, count, (*procs)[next].pid, *procs, n);
	free(all);
	return 0;
}
