/* SPDX-License-Identifier: MIT */
/*
 * Finding and reading foster's own cgroup (cgroup.h). Parsers take text
 * and return -1 on anything unexpected: the files come from the kernel,
 * but the fuzzer and a strange runtime may hand them anything.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "scan.h"

/* Above this, a v1 limit is PAGE_COUNTER_MAX pages: no limit at all. */
static const unsigned long v1_unlimited = ULONG_MAX / 4;
/* Values stay below the two sentinels. */
static const unsigned long value_max = CGROUP_UNKNOWN - 1;

/* src[0..len) and a NUL into dst of size bytes; -1 when it does not fit. */
static int copy(char *dst, size_t size, const char *src, size_t len)
{
	if (len >= size)
		return -1;
	memcpy(dst, src, len);
	dst[len] = '\0';
	return 0;
}

/* Is word one of the items of the comma list list[0..len)? */
static bool in_list(const char *list, size_t len, const char *word)
{
	size_t wlen = strlen(word), i = 0;

	while (i <= len) {
		size_t n = 0;

		while (i + n < len && list[i + n] != ',')
			n++;
		if (n == wlen && !memcmp(list + i, word, n))
			return true;
		i += n + 1;
	}
	return false;
}

int cgroup_parse_self(const char *text, const char *controller, char *path, size_t size)
{
	const char *line, *end;

	for (line = text; *line; line = *end ? end + 1 : end) {
		const char *c1, *c2;

		end = line + strcspn(line, "\n");
		c1 = memchr(line, ':', (size_t)(end - line));
		c2 = c1 ? memchr(c1 + 1, ':', (size_t)(end - c1 - 1)) : NULL;
		if (!c2)
			continue;
		if (controller ? !in_list(c1 + 1, (size_t)(c2 - c1 - 1), controller) : c2 != c1 + 1)
			continue;
		return copy(path, size, c2 + 1, (size_t)(end - c2 - 1));
	}
	return -1;
}

/* The next space-separated field of a line at *p, its length in *len; NULL at the end. */
static const char *field(const char **p, size_t *len)
{
	const char *s = *p, *e;

	if (!*s || *s == '\n')
		return NULL;
	e = s + strcspn(s, " \n");
	*len = (size_t)(e - s);
	*p = *e == ' ' ? e + 1 : e;
	return s;
}

static bool is(const char *f, size_t len, const char *word)
{
	return f && len == strlen(word) && !memcmp(f, word, len);
}

int cgroup_parse_mount(const char *line, const char *controller, char *root, char *mnt, size_t size)
{
	const char *p = line, *f[6], *fstype, *opts;
	size_t len[6], tlen = 0, olen = 0, i;

	/* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS */
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (!(f[i] = field(&p, &len[i])))
			return -1;
	do {
		f[0] = field(&p, &len[0]);
	} while (f[0] && !is(f[0], len[0], "-"));
	fstype = field(&p, &tlen);
	if (!f[0] || !fstype || !field(&p, &olen) || !(opts = field(&p, &olen)))
		return -1;
	if (controller ? !is(fstype, tlen, "cgroup") || !in_list(opts, olen, controller)
		       : !is(fstype, tlen, "cgroup2"))
		return -1;
	return copy(root, size, f[3], len[3]) < 0 || copy(mnt, size, f[4], len[4]) < 0 ? -1 : 0;
}

/* The rest of a line after a number: nothing, or a newline. */
static bool line_end(const char *s)
{
	return !*s || (*s == '\n' && !s[1]);
}

int cgroup_parse_keyed(const char *text, const char *key, unsigned long *value)
{
	size_t klen = strlen(key);
	const char *line;

	for (line = text; *line; line += strcspn(line, "\n"), line += *line == '\n') {
		size_t n;

		if (strncmp(line, key, klen) != 0 || line[klen] != ' ')
			continue;
		n = scan_uint(line + klen + 1, value_max, value);
		return n && (!line[klen + 1 + n] || line[klen + 1 + n] == '\n') ? 0 : -1;
	}
	return -1;
}

int cgroup_parse_limit(const char *text, unsigned long *value)
{
	size_t n;

	if (!strncmp(text, "max", 3) && line_end(text + 3)) {
		*value = CGROUP_NONE;
		return 0;
	}
	n = scan_uint(text, value_max, value);
	/*
	 * A 64-bit kernel's v1 "unlimited" (19 digits, at most LONG_MAX:
	 * 9223372036854771712) read by a 32-bit foster, whose unsigned long
	 * cannot hold it (found by the i686 unit tests under qemu-user): no
	 * limit either. Same-length digit strings compare as numbers.
	 */
	if (!n && strspn(text, "0123456789") == 19 &&
	    strncmp(text, "9223372036854775807", 19) <= 0 && line_end(text + 19)) {
		*value = CGROUP_NONE;
		return 0;
	}
	if (!n || !line_end(text + n))
		return -1;
	if (*value > v1_unlimited)
		*value = CGROUP_NONE;
	return 0;
}

/* The file dir/name into buf, NUL-terminated; -1 when it cannot be read. */
static int read_text(const char *dir, const char *name, char *buf, size_t size)
{
	char path[PATH_MAX];
	size_t len = 0;
	ssize_t n;
	int fd;

	if (!*dir || snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while (len < size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = '\0';
	return 0;
}

unsigned long cgroup_read(const char *dir, const char *name, const char *key)
{
	char buf[1024];
	unsigned long v;

	if (read_text(dir, name, buf, sizeof(buf)) == 0)
		return (key ? cgroup_parse_keyed(buf, key, &v) : cgroup_parse_limit(buf, &v)) == 0 ? v : CGROUP_UNKNOWN;
	/* No limit file in a cgroup that is there: a v1 root, or a v2 controller not enabled. */
	return !key && errno == ENOENT && *dir && access(dir, F_OK) == 0 ? CGROUP_NONE : CGROUP_UNKNOWN;
}

/* A hierarchy foster is in: where it is mounted, and foster's path in it. */
struct mount {
	char root[PATH_MAX], mnt[PATH_MAX], path[PATH_MAX];
	bool found;
};

enum { M_MEMORY, M_PIDS, M_V2, M_COUNT };
static const char *const controllers[M_COUNT] = { "memory", "pids", NULL };

/* dir = m's mount point and foster's path below the mount's root; "" when m is incomplete. */
static void join(char *dir, const struct mount *m)
{
	size_t rlen = strlen(m->root);
	const char *rel = m->path;

	dir[0] = '\0';
	if (!m->found || !m->path[0])
		return;
	if (!strcmp(m->root, "/"))
		rlen = 0;
	/* Outside the mount's root (a cgroup namespace): its root is the best guess. */
	rel = !strncmp(rel, m->root, rlen) && (rel[rlen] == '/' || !rel[rlen]) ? rel + rlen : "";
	if (!strcmp(rel, "/"))
		rel = "";
	if (snprintf(dir, PATH_MAX, "%s%s", m->mnt, rel) >= PATH_MAX)
		dir[0] = '\0';
}

static int find_mounts(struct mount *m)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char *line = NULL;
	size_t cap = 0;
	int i;

	if (!f)
		return -1;
	while (getline(&line, &cap, f) > 0)
		for (i = 0; i < M_COUNT; i++)
			if (!m[i].found &&
			    cgroup_parse_mount(line, controllers[i], m[i].root, m[i].mnt, sizeof(m[i].mnt)) == 0)
				m[i].found = true;
	free(line);
	fclose(f);
	return 0;
}

int cgroup_find(struct cgroup *cg)
{
	struct mount m[M_COUNT];
	char text[8192];
	int i;

	/* Field by field: a memset of these 48 KiB would fault in every page at start. */
	cg->path[0] = cg->memory[0] = cg->pids[0] = '\0';
	cg->version = 0;
	cg->memory_v1 = false;
	for (i = 0; i < M_COUNT; i++)
		m[i].found = false;
	if (read_text("/proc/self", "cgroup", text, sizeof(text)) < 0 || find_mounts(m) < 0)
		return -1;
	for (i = 0; i < M_COUNT; i++)
		if (cgroup_parse_self(text, controllers[i], m[i].path, sizeof(m[i].path)) < 0)
			m[i].path[0] = '\0';
	join(cg->memory, &m[M_MEMORY]);
	cg->memory_v1 = cg->memory[0];
	if (!cg->memory[0])
		join(cg->memory, &m[M_V2]);
	join(cg->pids, &m[M_PIDS]);
	if (!cg->pids[0])
		join(cg->pids, &m[M_V2]);
	for (i = 0; i < M_COUNT; i++) {
		if (m[i].found && m[i].path[0]) {
			memcpy(cg->path, m[i].path, strlen(m[i].path) + 1);
			cg->version = i == M_V2 ? 2 : 1;
			break;
		}
	}
	return 0;
}
