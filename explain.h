/* SPDX-License-Identifier: MIT */
/*
 * Exits that explain themselves (SPEC.md §11): what foster sees of the
 * container at start, and one line at level 0 for each thing a user would
 * otherwise guess at when it ends. The cgroup files are read at start and
 * once more at the end, never in between; the exit status is never changed.
 */
#ifndef FOSTER_EXPLAIN_H
#define FOSTER_EXPLAIN_H

#include "foster.h"

/*
 * explain_start - find foster's cgroup and read the counters explain_end()
 * compares with (memory.events or v1 memory.oom_control "oom_kill",
 * pids.events "max") into st; at level 1, one line: mode, cgroup, memory
 * and pids limits, no_new_privs (prctl(2)). Never fails: what cannot be
 * read is "unknown". The limits are read only for a line that names them.
 */
void explain_start(struct state *st);

/*
 * explain_end - once the main child is reaped: say when a signal foster did
 * not forward killed it (its name, "(core dumped)"), and "out of memory"
 * with the memory limit when it was SIGKILL and the memory cgroup counted
 * an OOM kill since explain_start(); and when forks failed at the cgroup's
 * pids limit meanwhile (pids.events "max" grew). cfg->argv[0] names the child.
 */
void explain_end(const struct state *st, const struct config *cfg);

/*
 * explain_survivors - at the end of the grace period, before SIGKILL: how
 * many processes are still alive (zombies aside), with the pid and name
 * (/proc/PID/stat, comm) of the first few. Silent when none is, or when
 * /proc cannot tell (teardown says so itself).
 */
void explain_survivors(const struct state *st);

/*
 * explain_fork_failed - foster's own fork(2) of the main child failed with
 * errno: exit EXIT_FAIL with one line naming the cause, with EAGAIN the
 * cgroup's pids limit and how many are in use (pids.current), or
 * RLIMIT_NPROC (getrlimit(2)) when that is the limit reached. Gives
 * stdio back first (stdio_give_back()), as foster's exit always does.
 */
_Noreturn void explain_fork_failed(struct state *st);

#endif
