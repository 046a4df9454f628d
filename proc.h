/* SPDX-License-Identifier: MIT */
/* The processes /proc lists (proc(5)): what teardown must reach. */
#ifndef FOSTER_PROC_H
#define FOSTER_PROC_H

#include <stddef.h>
#include <sys/types.h>

/* One process as /proc/PID/stat describes it. */
struct proc_entry {
	pid_t pid, ppid, pgrp, sid;	/* ppid 0: its parent is outside the pid namespace */
	char state;			/* R S D T Z ... (proc(5)) */
};

/*
 * proc_stat_parse - the state, parent, process group and session of a line of
 * /proc/PID/stat into *e (e->pid untouched). The second field, comm, may
 * hold spaces and parentheses, so the fields are counted from the last ')'
 * (proc(5)). Returns 0, or -1 when the line is not one.
 */
int proc_stat_parse(const char *line, struct proc_entry *e);

/* proc_stat_ppid - the parent pid in a line of /proc/PID/stat, or -1. */
pid_t proc_stat_ppid(const char *line);

/*
 * proc_all - every process of foster's pid namespace, foster and zombies
 * included, as a malloc(3)ed array in *procs of *n entries, to free().
 * Returns 0, or -1 with errno set: ENOMEM, an opendir(3) error, or EXDEV
 * when /proc is not the procfs of foster's own pid namespace (its pids
 * would name other processes).
 */
int proc_all(struct proc_entry **procs, size_t *n);

/*
 * proc_descendants - every process below root (children, their children,
 * ...), zombies included, as proc_all() returns them; same errors.
 */
int proc_descendants(pid_t root, struct proc_entry **procs, size_t *n);

#endif
