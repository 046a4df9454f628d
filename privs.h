/* Privilege drop for PROGRAM: --user, --cap-drop, --cap-keep, --no-new-privs (SPEC.md §7). */
#ifndef FOSTER_PRIVS_H
#define FOSTER_PRIVS_H

#include "foster.h"

/* What privs_resolve() found, for privs_apply() to do in the child. */
struct privs {
	bool wanted;			/* any privilege option was given */
};

/*
 * privs_resolve - turn cfg's privilege options into *p, in foster before fork.
 * Looks users, groups and capability names up (passwd(5), group(5),
 * capabilities(7)). Returns 0, or -1 after one "foster: ..." line on stderr
 * (the caller exits EXIT_FAIL). Changes no privilege of foster's own.
 */
int privs_resolve(const struct config *cfg, struct privs *p);

/*
 * privs_apply - drop privileges in the forked child, before exec, in SPEC.md
 * §7's order: supplementary groups, gid, uid, capability sets, no-new-privs;
 * sets HOME for --user. Returns 0, or -1 after one "foster: ..." line on
 * stderr; the child then _exits EXIT_FAIL, so PROGRAM never runs half-dropped.
 */
int privs_apply(const struct privs *p);

#endif
