/*
 * A subreaper is not PID 1, so kill(-1, ...) would reach far beyond its
 * own tree; it signals its descendants one by one instead, and /proc is
 * the only place that lists them (a grandchild whose parent lives is not
 * foster's child, so wait(2) does not know it).
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

struct link {
	pid_t pid, ppid;
};

pid_t proc_stat_ppid(const char *line)
{
	const char *p = strrchr(line, ')');
	unsigned long ppid;

	/* ") S 42 ...": the state, one letter, then the parent. */
	if (!p || p[1] != ' ' || !p[2] || p[3] != ' ' || !scan_uint(p + 4, pid_max, &ppid))
		return -1;
	return (pid_t)ppid;
}

/* The parent of pid, or -1 when it is gone or unreadable. */
static pid_t read_ppid(pid_t pid)
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
	return proc_stat_ppid(line);
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

/* Every (pid, ppid) of the namespace into a growing array; 0 or -1. */
static int read_links(struct link **links, size_t *n)
{
	size_t cap = 0;
	struct dirent *d;
	DIR *dir;

	*links = NULL;
	*n = 0;
	dir = opendir("/proc");
	if (!dir)
		return -1;
	while ((d = readdir(dir))) {
		unsigned long pid;
		pid_t ppid;

		if (scan_number(d->d_name, pid_max, &pid) < 0 || (ppid = read_ppid((pid_t)pid)) < 0)
			continue;
		if (*n == cap) {
			struct link *more = realloc(*links, (cap = cap ? 2 * cap : 256) * sizeof(**links));

			if (!more) {
				closedir(dir);
				return -1;
			}
			*links = more;
		}
		(*links)[(*n)++] = (struct link){ (pid_t)pid, ppid };
	}
	closedir(dir);
	return 0;
}

static int by_ppid(const void *a, const void *b)
{
	const struct link *x = a, *y = b;

	return (x->ppid > y->ppid) - (x->ppid < y->ppid);
}

/* The first link whose parent is ppid, in links sorted by parent; count if none. */
static size_t first_child(const struct link *links, size_t count, pid_t ppid)
{
	size_t lo = 0, hi = count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (links[mid].ppid < ppid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Append the children of parent to pids, at most count in all. */
static void add_children(const struct link *links, size_t count, pid_t parent, pid_t *pids, size_t *n)
{
	size_t i;

	for (i = first_child(links, count, parent); i < count && links[i].ppid == parent && *n < count; i++)
		pids[(*n)++] = links[i].pid;
}

int proc_descendants(pid_t root, pid_t **pids, size_t *n)
{
	struct link *links;
	size_t count, next;

	if (!proc_is_ours()) {
		errno = EXDEV;
		return -1;
	}
	if (read_links(&links, &count) < 0) {
		free(links);
		return -1;
	}
	*n = 0;
	*pids = calloc(count ? count : 1, sizeof(**pids));
	if (!*pids) {
		free(links);
		return -1;
	}
	if (count)
		qsort(links, count, sizeof(*links), by_ppid);
	/*
	 * Breadth first: *pids is also the queue of parents to expand. /proc
	 * is not read atomically, so a reused pid could close a loop: the
	 * list stops at count entries, the number of processes seen.
	 */
	add_children(links, count, root, *pids, n);
	for (next = 0; next < *n; next++)
		add_children(links, count, (*pids)[next], *pids, n);
	free(links);
	return 0;
}
