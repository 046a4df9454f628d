/* SPDX-License-Identifier: MIT */
/*
 * chain - a fork chain that moves: each link ignores SIGTERM, forks the
 * next link and exits at once, so the chain lives at a new pid every few
 * microseconds while few of its processes are alive at a time.
 *
 * usage: chain [-s] [-g] [-n LINKS] [FILE]
 *
 *   -s        the first link calls setsid() (a daemon's own session)
 *   -g        every link calls setpgid(0, 0) (a process group of its own,
 *             so no group kill reaches the whole chain)
 *   -n LINKS  stop after LINKS links (default 200000): the chain always
 *             ends by itself, so a test that fails does not leave it behind
 *   FILE      the first link writes "ready" there (O_APPEND) once it runs
 *
 * The first process returns at once (exit 0) after forking the first link.
 * Exit status: 2 on bad usage, 1 when a fork fails.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long links = 200000, i;
	int opt, own_session = 0, own_group = 0;

	while ((opt = getopt(argc, argv, "sgn:")) != -1) {
		if (opt == 's')
			own_session = 1;
		else if (opt == 'g')
			own_group = 1;
		else if (opt == 'n')
			links = atol(optarg);
		else
			return 2;
	}
	signal(SIGTERM, SIG_IGN);
	for (i = 0; i < links; i++) {
		pid_t pid = fork();

		if (pid < 0)
			return 1;
		if (pid > 0)
			_exit(0);
		if (i == 0 && own_session)
			setsid();
		if (own_group)
			setpgid(0, 0);
		if (i == 0 && optind < argc) {
			int fd = open(argv[optind], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);

			if (fd >= 0 && write(fd, "ready\n", 6) != 6)
				return 1;
			if (fd >= 0)
				close(fd);
		}
	}
	return 0;
}
