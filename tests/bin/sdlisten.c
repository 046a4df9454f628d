/* SPDX-License-Identifier: MIT */
/*
 * sdlisten - both ends of socket activation (sd_listen_fds(3)) for the tests.
 *
 * usage: sdlisten pass PATH -- CMD [ARG]...
 *            bind and listen on the Unix socket PATH, make it descriptor 3,
 *            set LISTEN_FDS=1 and LISTEN_PID to its own pid, and exec CMD
 *            (so that LISTEN_PID names CMD, as systemd does)
 *        sdlisten serve
 *            the activated program: check LISTEN_PID and LISTEN_FDS as
 *            sd_listen_fds(3) does (LISTEN_PID must be its own pid), accept
 *            one connection on descriptor 3 and write "hello from PID\n" to
 *            it; prints "serving PID" first; exits 3 when the sockets are
 *            not its own ("LISTEN_PID=X is not my pid Y" on stderr)
 *        sdlisten connect PATH
 *            connect to PATH and copy what it reads to stdout
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int addr(const char *path, struct sockaddr_un *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa->sun_path))
		return -1;
	strcpy(sa->sun_path, path);
	return 0;
}

static int pass(char **argv)
{
	struct sockaddr_un sa;
	char pid[24];
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	if (fd < 0 || addr(argv[2], &sa) < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 8) < 0 || (fd != 3 && dup2(fd, 3) < 0)) {
		perror("sdlisten pass");
		return 1;
	}
	if (fd != 3)
		close(fd);
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	setenv("LISTEN_FDS", "1", 1);
	setenv("LISTEN_PID", pid, 1);
	execvp(argv[4], argv + 4);
	perror(argv[4]);
	return 127;
}

static int serve(void)
{
	const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	char msg[64];
	int c;

	if (!pid || !fds || atoi(pid) != getpid() || atoi(fds) != 1) {
		fprintf(stderr, "LISTEN_PID=%s is not my pid %d\n", pid ? pid : "(unset)", (int)getpid());
		return 3;
	}
	printf("serving %d\n", (int)getpid());
	fflush(stdout);
	c = accept(3, NULL, NULL);
	if (c < 0) {
		perror("accept");
		return 1;
	}
	snprintf(msg, sizeof(msg), "hello from %d\n", (int)getpid());
	if (write(c, msg, strlen(msg)) < 0)
		return 1;
	close(c);
	return 0;
}

static int connect_to(const char *path)
{
	struct sockaddr_un sa;
	char buf[256];
	ssize_t n;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	if (fd < 0 || addr(path, &sa) < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("sdlisten connect");
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write(1, buf, (size_t)n) < 0)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 5 && !strcmp(argv[1], "pass") && !strcmp(argv[3], "--"))
		return pass(argv);
	if (argc == 2 && !strcmp(argv[1], "serve"))
		return serve();
	if (argc == 3 && !strcmp(argv[1], "connect"))
		return connect_to(argv[2]);
	fprintf(stderr, "usage: sdlisten pass PATH -- CMD... | serve | connect PATH\n");
	return 2;
}
