/* SPDX-License-Identifier: MIT */
/*
 * privbind PORT: bind a TCP socket to 127.0.0.1:PORT, for the --cap-keep
 * net_bind_service test (tests/privs.bats). Prints "bound" and exits 0, or
 * prints the errno name (EACCES, EADDRINUSE) or message and exits 1.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int main(int argc, char **argv)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	int one = 1, fd;

	if (argc != 2) {
		fputs("usage: privbind PORT\n", stderr);
		return 2;
	}
	addr.sin_port = htons((unsigned short)atoi(argv[1]));
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0) {
		perror("privbind: socket");
		return 1;
	}
	/* A socket of an earlier run in TIME_WAIT must not look like EADDRINUSE. */
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0) {
		puts("bound");
		return 0;
	}
	puts(errno == EACCES ? "EACCES" : errno == EADDRINUSE ? "EADDRINUSE" : strerror(errno));
	return 1;
}
