/* SPDX-License-Identifier: MIT */
/*
 * deny - exec PROGRAM under a seccomp filter that makes chosen system calls
 * fail, as a container runtime's profile or an old kernel would.
 *
 * usage: deny CALL:ERRNO... [--] PROGRAM [ARG]...
 *
 *   CALL   a system call name as libseccomp knows it (close_range, pidfd_open,
 *          prctl...), or tcsetpgrp: ioctl(fd, TIOCSPGRP, ...) only; a name
 *          may be followed by up to two numbers, ",A0[,A1]", and then only
 *          calls with those first arguments fail (prctl,47:EPERM for
 *          prctl(PR_CAP_AMBIENT, ...))
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

/* The ",A0[,A1]" after a call name into args; their number, or -1. */
static int arg_values(char *s, scmp_datum_t args[2])
{
	unsigned int n = 0;

	while (s && *s) {
		char *end;

		if (n == 2)
			return -1;
		args[n++] = strtoull(s + 1, &end, 0);
		if (end == s + 1 || (*end && *end != ','))
			return -1;
		s = *end ? end : NULL;
	}
	return (int)n;
}

/* One CALL[,A0[,A1]]:ERRNO word into ctx; 0, or -1 after a message. */
static int add_rule(scmp_filter_ctx ctx, char *word)
{
	char *colon = strchr(word, ':');
	scmp_datum_t args[2];
	int e, n, nr, rc;

	if (!colon || (e = errno_value(colon + 1)) < 0) {
		fprintf(stderr, "deny: '%s' is not CALL:ERRNO\n", word);
		return -1;
	}
	*colon = '\0';
	if ((n = arg_values(strchr(word, ','), args)) < 0) {
		fprintf(stderr, "deny: '%s' is not CALL[,A0[,A1]]\n", word);
		return -1;
	}
	if (n)
		*strchr(word, ',') = '\0';
	if (!strcmp(word, "tcsetpgrp"))
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(e), SCMP_SYS(ioctl), 1,
				      SCMP_A1(SCMP_CMP_EQ, TIOCSPGRP));
	else if ((nr = seccomp_syscall_resolve_name(word)) == __NR_SCMP_ERROR)
		rc = -ENOENT;
	else if (n == 2)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(e), nr, 2, SCMP_A0(SCMP_CMP_EQ, args[0]),
				      SCMP_A1(SCMP_CMP_EQ, args[1]));
	else if (n == 1)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(e), nr, 1, SCMP_A0(SCMP_CMP_EQ, args[0]));
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
