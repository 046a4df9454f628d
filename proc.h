/* foster's descendants, read from /proc (proc(5)): what a subreaper must tear down. */
#ifndef FOSTER_PROC_H
#define FOSTER_PROC_H

#include <stddef.h>
#include <sys/types.h>

/*
 * proc_stat_ppid - the parent pid in a line of /proc/PID/stat, or -1.
 * The second field, comm, may hold spaces and parentheses, so the fields
 * are counted from the last ')' (proc(5)).
 */
pid_t proc_stat_ppid(const char *line);

/*
 * proc_descendants - every live process below root (children, their
 * children, ...), as a malloc(3)ed array in *pids of *n entries, to free().
 * Returns 0, or -1 with errno set: ENOMEM, an opendir(3) error, or EXDEV
 * when /proc is not the procfs of foster's own pid namespace (its pids
 * would name other processes).
 */
int proc_descendants(pid_t root, pid_t **pids, size_t *n);

#endif
