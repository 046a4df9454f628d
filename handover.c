/* SPDX-License-Identifier: MIT */
/*
 * The hand-over of stdio to --user (handover.h). runc does the same in
 * fixStdioPermissions: opening /dev/stdout re-opens the pipe or terminal
 * through /proc/self/fd, and that checks the inode's owner and mode, which
 * a pipe made by a root runtime (0600 root) does not grant anyone else.
 */
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

#include "handover.h"
#include "log.h"

/* A pipe, a socket or a terminal: what a user expects to write to as its own stdio. */
static bool is_stream(int fd, const struct stat *sb)
{
	return S_ISFIFO(sb->st_mode) || S_ISSOCK(sb->st_mode) || (S_ISCHR(sb->st_mode) && isatty(fd));
}

/* Is this file already recorded, open on an earlier descriptor? */
static bool recorded(const struct state *st, const struct stat *sb)
{
	int i;

	for (i = 0; i < st->nhanded; i++)
		if (st->handed[i].dev == sb->st_dev && st->handed[i].ino == sb->st_ino)
			return true;
	return false;
}

void stdio_hand_over(struct state *st, uid_t uid)
{
	struct stat sb;
	int fd, i;

	/* Every owner is read before any is changed: 1 and 2 are often the same pipe. */
	for (fd = 0; fd <= 2; fd++) {
		if (fstat(fd, &sb) < 0 || !is_stream(fd, &sb) || sb.st_uid == uid || recorded(st, &sb))
			continue;
		st->handed[st->nhanded++] = (struct handed){ fd, sb.st_dev, sb.st_ino, sb.st_uid };
	}
	/* One that cannot be handed over is not given back either: it leaves the list. */
	for (i = 0; i < st->nhanded; i++) {
		if (fchown(st->handed[i].fd, uid, (gid_t)-1) == 0)
			continue;
		log_errno(LOG_INFO, "handing descriptor %d to uid %u", st->handed[i].fd, (unsigned)uid);
		st->handed[i--] = st->handed[--st->nhanded];
	}
}

void stdio_give_back(struct state *st)
{
	int i;

	for (i = 0; i < st->nhanded; i++)
		if (fchown(st->handed[i].fd, st->handed[i].owner, (gid_t)-1) < 0)
			log_errno(LOG_ERROR, "giving descriptor %d back to uid %u", st->handed[i].fd,
				  (unsigned)st->handed[i].owner);
	st->nhanded = 0;
}
