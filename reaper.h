/* SPDX-License-Identifier: MIT */
/* Reaping every child, and the exit code it leaves foster. */
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

#endif
