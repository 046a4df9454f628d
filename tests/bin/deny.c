/* SPDX-License-Identifier: MIT */
/*
 * deny - exec PROGRAM under a seccomp filter that makes chosen system calls
 * fail, as a container runtime's profile or an old kernel would.
 *
 * usage: deny CALL:ERRNO... [--] PROGRAM [ARG]...
 *
 *   CALL   a system call name as libseccomp knows it (close_range, pidfd_open,
 *          prctl...), or tcsetpgrp: ioctl(fd, TIOCSPGRP, ...) only
 *   ERRNO  ENOSYS, EPERM, EACCES, EAGAIN, ENOMEM or a number: what the call
 *          returns instead of running
 *
 *   Everything else is allowed. The filter survives fork and exec, so
 *   PROGRAM and all it starts run under it. As root no_new_privs is left
 *   alone (so a test of --no-new-privs or of setuid still means something);
 *   otherwise the kernel requires it and libseccomp sets it.
 *   Exit 127 when PROGRAM cannot be run, 2 on bad usage or a filter error.
 *
 *   e.g. deny close_range:ENOSYS -- foster sleep 1000
 */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int errno_value(const char *s)
{
	static const struct {
		const char *name;
		int value;
	} names[] = {
		{ "ENOSYS", ENOSYS }, { "EPERM", EPERM }, { "EACCES", EACCES },
		{ "EAGAIN", EAGAIN }, { "ENOMEM", ENOMEM }, { "EINVAL", EINVAL },
	};
	size_t i;
	char *end;
	long n;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i].name))
			return names[i].value;
	n = strtol(s, &end, 10);
	return *s && !*end && n > 0 && n < 4096 ? (int)n : -1;
}

/* One CALL:ERRNO word into ctx; 0, or -1 after a message. */
static int add_rule(scmp_filter_ctx ctx, char *word)
{
	char *colon = strchr(word, ':');
	int e, nr, rc;

	if (!colon || (e = errno_value(colon + 1)) < 0) {
		fprintf(stderr, "deny: '%s' is not CALL:ERRNO\n", word);
		return -1;
	}
	*colon = '\0';
	if (!strcmp(word, "tcsetpgrp"))
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(e), SCMP_SYS(ioctl), 1,
				      SCMP_A1(SCMP_CMP_EQ, TIOCSPGRP));
	else if ((nr = seccomp_syscall_resolve_name(word)) == __NR_SCMP_ERROR)
		rc = -ENOENT;
	else
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(e), nr, 0);
	if (rc < 0) {
		fprintf(stderr, "deny: %s: %s\n", word, strerror(-rc));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int i, rc;

	if (!ctx) {
		fputs("deny: seccomp_init failed\n", stderr);
		return 2;
	}
	for (i = 1; i < argc && strchr(argv[i], ':') && strcmp(argv[i], "--"); i++)
		if (add_rule(ctx, argv[i]) < 0)
			return 2;
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i == 1 || i >= argc) {
		fputs("usage: deny CALL:ERRNO... [--] PROGRAM [ARG]...\n", stderr);
		return 2;
	}
	if (geteuid() == 0)
		seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc < 0) {
		fprintf(stderr, "deny: seccomp_load: %s\n", strerror(-rc));
		return 2;
	}
	execvp(argv[i], argv + i);
	fprintf(stderr, "deny: %s: %s\n", argv[i], strerror(errno));
	return 127;
}
