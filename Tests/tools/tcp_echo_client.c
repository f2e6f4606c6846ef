/* A plain TCP client, as any program has one: it knows nothing of SCTP. It
 * connects, says which protocol its socket got, sends what it reads on its
 * standard input as one line and prints the echo, then holds the connection
 * open until its standard input ends.
 *
 *   tcp_echo_client PORT      connects to 127.0.0.1:PORT
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons(argc > 1 ? atoi(argv[1]) : 5000) };
	int one = 1, protocol = -1;
	socklen_t length = sizeof protocol;
	char line[256];

	setvbuf(stdout, NULL, _IOLBF, 0);
	inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
	int fd = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
	if (fd < 0) {
		printf("socket: %s\n", strerrorname_np(errno));
		return 1;
	}
	getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &length);
	printf("client: socket protocol %d\n", protocol);
	int rc = setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	printf("client: TCP_NODELAY: %d %s\n", rc, rc ? strerrorname_np(errno) : "");
	if (connect(fd, (struct sockaddr *)&address, sizeof address)) {
		printf("connect: %s\n", strerrorname_np(errno));
		return 1;
	}
	if (!fgets(line, sizeof line, stdin))
		return 1;
	size_t n = strlen(line);
	if (write(fd, line, n) != (ssize_t)n)
		return 1;
	ssize_t got = read(fd, line, sizeof line - 1);
	if (got <= 0) {
		printf("read: %zd %s\n", got, strerrorname_np(errno));
		return 1;
	}
	line[got] = 0;
	printf("client: echo %s", line);
	while (fgets(line, sizeof line, stdin))
		;
	close(fd);
	return 0;
}
