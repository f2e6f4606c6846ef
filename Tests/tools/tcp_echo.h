/* What the TCP echo pair (tcp_echo_server.c, tcp_echo_client.c) shares:
 * plain TCP on 127.0.0.1, as any program has it, and what each step prints
 * (the checks compare it between Debian's withsctp and ours). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* 127.0.0.1 at the port the first argument names (5000 without one). */
static struct sockaddr_in loopback_port(int argc, char **argv)
{
	struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons(argc > 1 ? atoi(argv[1]) : 5000) };

	inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
	return address;
}

/* socket(AF_INET, SOCK_STREAM, PROTOCOL), or the program ends saying why. */
static int tcp_socket(int protocol)
{
	int fd = socket(AF_INET, SOCK_STREAM, protocol);

	if (fd < 0) {
		printf("socket: %s\n", strerrorname_np(errno));
		exit(1);
	}
	return fd;
}

/* The protocol fd's socket got: what withsctp changes. */
static int protocol_of(int fd)
{
	int protocol = -1;
	socklen_t length = sizeof protocol;

	getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &length);
	return protocol;
}

/* TCP_NODELAY on fd, what setsockopt answered printed as WHO's. */
static void set_nodelay(const char *who, int fd)
{
	int one = 1;
	int rc = setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

	printf("%s: TCP_NODELAY: %d %s\n", who, rc, rc ? strerrorname_np(errno) : "");
}

/* One read from fd into LINE (SIZE bytes), terminated: its length, or -1
 * when it read nothing (said). */
static ssize_t read_line(int fd, char *line, size_t size)
{
	ssize_t n = read(fd, line, size - 1);

	if (n <= 0) {
		printf("read: %zd %s\n", n, strerrorname_np(errno));
		return -1;
	}
	line[n] = 0;
	return n;
}
