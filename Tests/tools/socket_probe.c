/* What socket(2) and setsockopt(2) answer, for the calls libwithsctp.so.1
 * changes and those it leaves alone: one line a call, the protocol a
 * socket got (SO_PROTOCOL) or the error. Run under Debian's libwithsctp
 * and ours (LD_PRELOAD), the lines must be the same. */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define NAMED(x) { x, #x }
struct named { int value; const char *name; };

static const struct named domains[] = { NAMED(AF_INET), NAMED(AF_INET6), NAMED(AF_UNIX) };
static const struct named types[] = {
	NAMED(SOCK_STREAM), NAMED(SOCK_STREAM | SOCK_NONBLOCK), NAMED(SOCK_STREAM | SOCK_CLOEXEC),
	NAMED(SOCK_DGRAM), NAMED(SOCK_SEQPACKET),
};
static const struct named protocols[] = { NAMED(0), NAMED(IPPROTO_TCP), NAMED(IPPROTO_UDP), NAMED(IPPROTO_SCTP) };

static void show_setsockopt(const char *what, int fd, int level, int name)
{
	int one = 1;

	errno = 0;
	int rc = setsockopt(fd, level, name, &one, sizeof one);
	printf("setsockopt(%s): %d %s\n", what, rc, rc ? strerrorname_np(errno) : "");
}

int main(void)
{
	for (size_t d = 0; d < sizeof domains / sizeof *domains; d++)
		for (size_t t = 0; t < sizeof types / sizeof *types; t++)
			for (size_t p = 0; p < sizeof protocols / sizeof *protocols; p++) {
				int protocol = -1;
				socklen_t length = sizeof protocol;

				errno = 0;
				int fd = socket(domains[d].value, types[t].value, protocols[p].value);
				printf("socket(%s, %s, %s): ", domains[d].name, types[t].name, protocols[p].name);
				if (fd < 0) {
					printf("%s\n", strerrorname_np(errno));
					continue;
				}
				getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &length);
				printf("protocol %d\n", protocol);
				close(fd);
			}
	/* Sockets withsctp leaves alone: TCP_NODELAY still goes to SCTP's
	 * level, other TCP options to TCP's. */
	int tcp = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	show_setsockopt("TCP socket, IPPROTO_TCP, TCP_NODELAY", tcp, IPPROTO_TCP, TCP_NODELAY);
	show_setsockopt("TCP socket, IPPROTO_TCP, TCP_CORK", tcp, IPPROTO_TCP, TCP_CORK);
	show_setsockopt("TCP socket, SOL_SOCKET, SO_KEEPALIVE", tcp, SOL_SOCKET, SO_KEEPALIVE);
	int udp = socket(AF_INET, SOCK_DGRAM, 0);
	show_setsockopt("UDP socket, IPPROTO_TCP, TCP_NODELAY", udp, IPPROTO_TCP, TCP_NODELAY);
	/* One withsctp makes SCTP (where the kernel has it). */
	int stream = socket(AF_INET, SOCK_STREAM, 0);
	show_setsockopt("stream socket, IPPROTO_TCP, TCP_NODELAY", stream, IPPROTO_TCP, TCP_NODELAY);
	show_setsockopt("stream socket, IPPROTO_TCP, TCP_MAXSEG", stream, IPPROTO_TCP, TCP_MAXSEG);
	/* bind passes through. */
	struct sockaddr_in any = { .sin_family = AF_INET };
	errno = 0;
	int rc = bind(udp, (struct sockaddr *)&any, sizeof any);
	printf("bind(UDP socket, 0.0.0.0:0): %d %s\n", rc, rc ? strerrorname_np(errno) : "");
	return 0;
}
