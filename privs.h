/* SPDX-License-Identifier: MIT */
/* Privilege drop for PROGRAM: --user, --cap-drop, --cap-keep, --no-new-privs (SPEC.md §7). */
#ifndef FOSTER_PRIVS_H
#define FOSTER_PRIVS_H

#include <stdint.h>

#include "foster.h"

/* What privs_resolve() found, for privs_apply() to do in the child. */
struct privs {
	bool wanted;			/* any privilege option was given */
	bool set_user;			/* --user: groups, gid and uid below */
	uid_t uid;
	gid_t gid;
	gid_t *groups;			/* supplementary groups, for setgroups(2) */
	int ngroups;
	char *home;			/* HOME from the passwd entry, or NULL */
	uint64_t drop;			/* capabilities to drop (bit n = capability n) */
	uint64_t keep;			/* capabilities the non-root PROGRAM keeps */
	bool no_new_privs;		/* prctl(PR_SET_NO_NEW_PRIVS) */
	const char *user;		/* --user and --cap-keep as given, for messages */
	const char *keep_list;
};

/*
 * privs_resolve - turn cfg's privilege options into *p, in foster before fork.
 * Looks users, groups and capability names up (getpwnam(3), getgrnam(3),
 * getgrouplist(3), cap_from_name(3)), so a bad name fails before PROGRAM is
 * started. Returns 0 (release *p with privs_free() once the child is
 * forked), or -1 after one "foster: ..." line on stderr, with nothing left
 * to release (the caller exits EXIT_FAIL). Changes no privilege of foster's own.
 */
int privs_resolve(const struct config *cfg, struct privs *p);

/*
 * privs_apply - drop privileges in the forked child, before exec: the
 * capability bounding set, supplementary groups, gid, uid, the other
 * capability sets, no-new-privs (SPEC.md §7; capabilities(7)); then sets
 * HOME for --user. Returns 0 at once when no privilege option was given.
 * Returns -1 after one "foster: ..." line on stderr at the first failing
 * step; the child then _exits EXIT_FAIL, so PROGRAM never runs half-dropped.
 */
int privs_apply(const struct privs *p);

/* privs_free - release what privs_resolve() allocated, in foster once the child is forked. */
void privs_free(struct privs *p);

#endif
