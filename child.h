/* SPDX-License-Identifier: MIT */
/* Starting PROGRAM: the fork, its process group and terminal, and the exec. */
#ifndef FOSTER_CHILD_H
#define FOSTER_CHILD_H

#include "foster.h"
#include "privs.h"

/*
 * child_spawn - fork(2) the main child and run cfg->argv in it, in a new
 * process group of its own (setpgid(2), called in both processes so that no
 * signal sent to the group right after the fork can miss it). With take_tty,
 * the child makes its group the foreground group of the terminal on stdin
 * (tcsetpgrp(3)). The child drops privileges (privs_apply), empties its
 * signal mask and execs; when it cannot, it says why on stderr and _exits
 * EXIT_FAIL, EXIT_CANNOT or EXIT_NOTFOUND. Returns the child's pid, or -1
 * with errno set when fork fails.
 */
pid_t child_spawn(const struct config *cfg, const struct privs *pv, bool take_tty);

#endif
