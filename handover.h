/* SPDX-License-Identifier: MIT */
/*
 * --user keeps stdio writable (SPEC.md §7): descriptors 0-2 that are pipes,
 * sockets or terminals belong to USER while PROGRAM runs, as runc's and
 * podman's own --user do, and to their owner again when foster exits.
 */
#ifndef FOSTER_HANDOVER_H
#define FOSTER_HANDOVER_H

#include "foster.h"

/*
 * stdio_hand_over - in foster, before the fork: fchown(2) each of
 * descriptors 0-2 that is a pipe, a socket or a terminal (isatty(3)) and
 * not owned by uid to uid, the group left as it is, so that PROGRAM can
 * open /dev/stdout (/proc/self/fd/1, which checks the inode's mode) after
 * the switch. Regular files, /dev/null and other devices are left alone.
 * A file open on several of 0-2 is changed, and recorded in st, once.
 * A failure is logged at level 1 and skipped: PROGRAM still runs.
 */
void stdio_hand_over(struct state *st, uid_t uid);

/*
 * stdio_give_back - give what stdio_hand_over() changed back to the owner
 * it had, through the same descriptors (foster keeps 0-2 open), so a root
 * shell's terminal does not stay USER's after foster ran in it. Failures
 * are logged; callable when nothing was handed over.
 */
void stdio_give_back(struct state *st);

#endif
