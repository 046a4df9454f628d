/* Reaping every child, and tearing down what is left when the main child is gone. */
#ifndef FOSTER_REAPER_H
#define FOSTER_REAPER_H

#include "foster.h"

/*
 * reap_all - wait(2) for every child that has exited, orphans adopted by
 * foster included, without blocking; records the main child's status in
 * st. Returns true when foster has no child left at all (ECHILD): as PID 1
 * or as a subreaper, every descendant has been reparented to foster by then,
 * so none is left anywhere below it.
 */
bool reap_all(struct state *st);

/*
 * reap_exit_code - foster's exit code for a wait status of the main child:
 * its exit code, or 128+N when signal N killed it, and 0 for a code named
 * by --remap-exit (SPEC.md §6).
 */
int reap_exit_code(int status, const struct config *cfg);

/*
 * teardown_start - send cfg->stop_signal and then SIGCONT (so that a stopped
 * process can act on it) to every process left, and start the grace period
 * (CLOCK_MONOTONIC deadline in st). Never fails; failures are logged.
 */
void teardown_start(struct state *st, const struct config *cfg);

/* teardown_kill - the grace period is over: SIGKILL every process left. */
void teardown_kill(struct state *st);

/*
 * teardown_signal - send sig to every process left: as PID 1 with
 * kill(-1, sig), which spares PID 1 itself (kill(2)); as a subreaper to
 * each descendant, scanning /proc again while a scan finds a process that
 * has not had sig (a few scans at most but for SIGKILL), so a fork racing
 * with a scan does not escape.
 */
void teardown_signal(const struct state *st, int sig);

#endif
