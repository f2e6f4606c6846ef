/* A plain TCP echo server, as any program has one: it knows nothing of
 * SCTP. It says which protocol its sockets got (what withsctp changes), then
 * echoes one line back and waits for the client to close.
 *
 *   tcp_echo_server PORT      listens on 127.0.0.1:PORT
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

static int protocol_of(int fd)
{
	int protocol = -1;
	socklen_t length = sizeof protocol;

	getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &length);
	return protocol;
}

int main(int argc, char **argv)
{
	struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons(argc > 1 ? atoi(argv[1]) : 5000) };
	int one = 1;
	char line[256];

	setvbuf(stdout, NULL, _IOLBF, 0);
	inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
	int listener = socket(AF_INET, SOCK_STREAM, 0);
	if (listener < 0) {
		printf("socket: %s\n", strerrorname_np(errno));
		return 1;
	}
	printf("server: listening socket protocol %d\n", protocol_of(listener));
	int rc = setsockopt(listener, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	printf("server: TCP_NODELAY: %d %s\n", rc, rc ? strerrorname_np(errno) : "");
	setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(listener, (struct sockaddr *)&address, sizeof address) || listen(listener, 1)) {
		printf("bind/listen: %s\n", strerrorname_np(errno));
		return 1;
	}
	int connection = accept(listener, NULL, NULL);
	if (connection < 0) {
		printf("accept: %s\n", strerrorname_np(errno));
		return 1;
	}
	printf("server: accepted socket protocol %d\n", protocol_of(connection));
	ssize_t n = read(connection, line, sizeof line - 1);
	if (n <= 0) {
		printf("read: %zd %s\n", n, strerrorname_np(errno));
		return 1;
	}
	line[n] = 0;
	printf("server: received %s", line);
	if (write(connection, line, n) != n)
		return 1;
	/* Until the client closes. */
	while ((n = read(connection, line, sizeof line)) > 0)
		;
	printf("server: the client closed\n");
	return 0;
}
