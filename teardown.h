/* SPDX-License-Identifier: MIT */
/* Tearing down what is left when the main child is gone (SPEC.md §5). */
#ifndef FOSTER_TEARDOWN_H
#define FOSTER_TEARDOWN_H

#include "foster.h"

/*
 * stop_request - sig (after --rewrite) asks the program to stop: SIGTERM,
 * SIGINT, SIGHUP, SIGQUIT or the --stop-signal (SPEC.md §3).
 */
bool stop_request(const struct config *cfg, int sig);

/*
 * teardown_record - a stop request is about to be forwarded to `to` (a pid,
 * or minus a process group, as for kill(2)): remember the pids it reaches,
 * read from /proc, so that teardown sends them no second one. Call it
 * before the kill(2): a process that joins later gets one at teardown.
 * Never fails; without /proc nothing is remembered.
 */
void teardown_record(struct state *st, pid_t to);

/*
 * teardown_start - send cfg->stop_signal and then SIGCONT (so that a stopped
 * process can act on it) to every process left, SIGCONT only to one that
 * already had a stop request, and start the grace period (CLOCK_MONOTONIC
 * deadline in st). Never fails; failures are logged.
 */
void teardown_start(struct state *st, const struct config *cfg);

/*
 * teardown_kill - the grace period is over: SIGKILL every process left,
 * and give it a last, short deadline in st to be reaped.
 */
void teardown_kill(struct state *st);

/*
 * teardown_signal - forward sig to every process left, once each: as PID 1
 * every process of the namespace, as a subreaper every descendant, scanning
 * /proc again while a scan finds one that has not had it (a few scans at
 * most). A stop request goes only to those that had none yet, SIGCONT
 * after it to all. Without /proc: kill(-1, sig) as PID 1, the main child's
 * process group as a subreaper.
 */
void teardown_signal(struct state *st, int sig, bool stop);

/*
 * teardown_none_left - reap_all() found no child: is anything else left?
 * As a subreaper nothing is (every descendant would be foster's child by
 * now). As PID 1, a process that entered the namespace (docker exec) is no
 * child of foster: /proc lists it; then the entered processes whose parent
 * is outside the namespace are watched with pidfds (teardown_wait()).
 */
bool teardown_none_left(struct state *st);

/*
 * teardown_wait - sleep in ppoll(2) until a signal is pending, a watched
 * process exits, or timeout (NULL: none) passes. Only while st->npidfds.
 */
void teardown_wait(struct state *st, const struct timespec *timeout);

/*
 * teardown_sweep - after SIGKILL, as a subreaper: SIGKILL what appeared
 * since (a fork that raced with the scan). One /proc scan.
 */
void teardown_sweep(struct state *st);

/* teardown_give_up - the last deadline passed: say what is still left. */
void teardown_give_up(struct state *st);

#endif
