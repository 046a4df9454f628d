/* SPDX-License-Identifier: MIT */
/*
 * Exits that explain themselves (explain.h). "docker ps" says "Exited
 * (137)"; foster knows whether that was an OOM kill, a signal nobody sent
 * through it, or a tree that would not stop, and says so in one line.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "explain.h"
#include "handover.h"
#include "log.h"
#include "proc.h"
#include "signals.h"

/* How many survivors are named, pid and comm, in the line. */
static const size_t survivors_named = 4;

static const unsigned long mib = 1024UL * 1024;

/* "40 MiB", "none" or "unknown" for a memory limit in bytes. */
static const char *memory_text(unsigned long bytes, char *buf, size_t size)
{
	if (bytes == CGROUP_NONE)
		return "none";
	if (bytes == CGROUP_UNKNOWN)
		return "unknown";
	snprintf(buf, size, "%lu MiB", bytes / mib);
	return buf;
}

/* "64", "none" or "unknown" for a pids limit. */
static const char *pids_text(unsigned long n, char *buf, size_t size)
{
	if (n == CGROUP_NONE)
		return "none";
	if (n == CGROUP_UNKNOWN)
		return "unknown";
	snprintf(buf, size, "%lu", n);
	return buf;
}

static unsigned long oom_kills(const struct cgroup *cg)
{
	return cgroup_read(cg->memory, cg->memory_v1 ? "memory.oom_control" : "memory.events", "oom_kill");
}

static unsigned long pids_refused(const struct cgroup *cg)
{
	return cgroup_read(cg->pids, "pids.events", "max");
}

/* The limits are read when a line needs them: at level 0, start reads only the counters. */
static unsigned long memory_limit(const struct cgroup *cg)
{
	return cgroup_read(cg->memory, cg->memory_v1 ? "memory.limit_in_bytes" : "memory.max", NULL);
}

static unsigned long pids_limit(const struct cgroup *cg)
{
	return cgroup_read(cg->pids, "pids.max", NULL);
}

void explain_start(struct state *st)
{
	char mem[32], pids[32];
	int nnp;

	if (cgroup_find(&st->cg) < 0)
		log_errno(LOG_INFO, "cannot find the cgroup: /proc/self/cgroup or /proc/self/mountinfo");
	st->oom_kills = oom_kills(&st->cg);
	st->pids_refused = pids_refused(&st->cg);
	if (!log_enabled(LOG_INFO))
		return;
	nnp = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
	log_msg(LOG_INFO, "container: %s, cgroup %s%s, memory limit %s, pids limit %s, no_new_privs %s",
		st->pid1 ? "PID 1" : "subreaper", st->cg.version ? st->cg.path : "unknown",
		st->cg.version == 1 ? " (v1)" : st->cg.version == 2 ? " (v2)" : "",
		memory_text(memory_limit(&st->cg), mem, sizeof(mem)), pids_text(pids_limit(&st->cg), pids, sizeof(pids)),
		nnp > 0 ? "on" : nnp == 0 ? "off" : "unknown");
}

/* The main child died of a signal: foster's, a stranger's, or the OOM killer's? */
static void explain_signal(const struct state *st, const struct config *cfg)
{
	int sig = WTERMSIG(st->status);
	unsigned long now;
	char mem[32];

	if (sig == SIGKILL && st->oom_kills != CGROUP_UNKNOWN) {
		now = oom_kills(&st->cg);
		if (now != CGROUP_UNKNOWN && now > st->oom_kills) {
			log_msg(LOG_ERROR, "main child %d (%s) was killed by SIGKILL: out of memory (memory limit %s)",
				(int)st->child, cfg->argv[0], memory_text(memory_limit(&st->cg), mem, sizeof(mem)));
			return;
		}
	}
	if (sig > 0 && sig <= 64 && st->forwarded & (UINT64_C(1) << (sig - 1)))
		return;
	log_msg(LOG_ERROR, "main child %d (%s) was killed by %s%s", (int)st->child, cfg->argv[0], sig_name(sig),
		WCOREDUMP(st->status) ? " (core dumped)" : "");
}

void explain_end(const struct state *st, const struct config *cfg)
{
	unsigned long now;
	char pids[32];

	if (WIFSIGNALED(st->status))
		explain_signal(st, cfg);
	if (st->pids_refused == CGROUP_UNKNOWN)
		return;
	now = pids_refused(&st->cg);
	if (now != CGROUP_UNKNOWN && now > st->pids_refused)
		log_msg(LOG_ERROR, "%lu fork%s failed at the cgroup's pids limit (pids.max %s)", now - st->pids_refused,
			now - st->pids_refused == 1 ? "" : "s", pids_text(pids_limit(&st->cg), pids, sizeof(pids)));
}

/* The state letter and comm of pid from /proc/PID/stat; 0 when it is gone. */
static char proc_comm(pid_t pid, char *comm, size_t size)
{
	char path[32], line[512];
	const char *open_paren, *close_paren;
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	len = read(fd, line, sizeof(line) - 1);
	close(fd);
	if (len <= 0)
		return 0;
	line[len] = '\0';
	open_paren = strchr(line, '(');
	close_paren = strrchr(line, ')');
	if (!open_paren || !close_paren || close_paren < open_paren || close_paren[1] != ' ')
		return 0;
	snprintf(comm, size, "%.*s", (int)(close_paren - open_paren - 1), open_paren + 1);
	return close_paren[2];
}

void explain_survivors(const struct state *st)
{
	char names[256] = "", comm[64];
	size_t n, i, alive = 0, used = 0;
	struct proc_entry *procs;
	int listed = st->pid1 ? proc_all(&procs, &n) : proc_descendants(st->self, &procs, &n);

	if (listed < 0)
		return;
	for (i = 0; i < n; i++) {
		if (procs[i].pid == st->self || procs[i].state == 'Z' || procs[i].state == 'X' ||
		    !proc_comm(procs[i].pid, comm, sizeof(comm)))
			continue;
		if (++alive <= survivors_named && used < sizeof(names))
			used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%d (%s)", alive > 1 ? ", " : "",
						 (int)procs[i].pid, comm);
	}
	free(procs);
	if (alive)
		log_msg(LOG_ERROR, "%zu process%s still alive at the end of the grace period, sending SIGKILL: %s%s",
			alive, alive == 1 ? "" : "es", names, alive > survivors_named ? ", ..." : "");
}

_Noreturn void explain_fork_failed(struct state *st)
{
	int err = errno;
	unsigned long limit = pids_limit(&st->cg), used;
	struct rlimit rl;

	stdio_give_back(st);
	if (err == EAGAIN && limit < CGROUP_UNKNOWN) {
		used = cgroup_read(st->cg.pids, "pids.current", NULL);
		if (used < CGROUP_UNKNOWN && used >= limit) {
			errno = err;
			die_errno(EXIT_FAIL, "fork: the cgroup's pids limit is reached (pids.max %lu, %lu in use)", limit,
				  used);
		}
	}
	/* Root is exempt from RLIMIT_NPROC (kernel/fork.c), however low it is. */
	if (err == EAGAIN && getuid() != 0 && getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
		errno = err;
		die_errno(EXIT_FAIL, "fork: RLIMIT_NPROC of uid %u is reached (limit %llu)", (unsigned)getuid(),
			  (unsigned long long)rl.rlim_cur);
	}
	errno = err;
	die_errno(EXIT_FAIL, "fork");
}
