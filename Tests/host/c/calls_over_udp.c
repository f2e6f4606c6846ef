/* The library's calls with every argument a caller passes, on UDP sockets
 * (which take the library's sendmsg/recvmsg with their SCTP control messages
 * and ignore those: no SCTP kernel needed), printing what each returned and
 * wrote. arch.sh runs it built for another architecture under qemu-user and
 * compares with this machine's run: the same lines, whatever the
 * architecture's calling convention (arguments past the registers on the
 * stack: sctp_sendmsg has ten), sizes and alignments. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <netinet/sctp.h>

static int udp_socket(struct sockaddr_in *bound)
{
	socklen_t length = sizeof *bound;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	memset(bound, 0, sizeof *bound);
	bound->sin_family = AF_INET;
	bound->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)bound, sizeof *bound) != 0 ||
	    getsockname(fd, (struct sockaddr *)bound, &length) != 0) {
		perror("UDP socket");
		return -1;
	}
	return fd;
}

static void print_bytes(const char *what, const void *bytes, size_t length)
{
	const unsigned char *b = bytes;

	printf("%s", what);
	for (size_t i = 0; i < length; i++)
		printf(" %02x", b[i]);
	printf("\n");
}

/* One receive with sctp_recvmsg: what it returned and wrote. */
static void receive_with_recvmsg(int fd, const struct sockaddr_in *sender)
{
	char buffer[64];
	struct sockaddr_in from;
	socklen_t fromlen = sizeof from;
	struct sctp_sndrcvinfo sinfo;
	int flags = 0, r;

	memset(buffer, 0, sizeof buffer);
	memset(&from, 0xa5, sizeof from);
	memset(&sinfo, 0xa5, sizeof sinfo);
	errno = 0;
	r = sctp_recvmsg(fd, buffer, sizeof buffer, (struct sockaddr *)&from, &fromlen, &sinfo, &flags);
	printf("sctp_recvmsg %d errno %d fromlen %u from_sender %d payload '%s' msg_flags 0x%x\n", r, errno,
	       (unsigned)fromlen, from.sin_port == sender->sin_port && from.sin_addr.s_addr == sender->sin_addr.s_addr,
	       buffer, flags);
	print_bytes("sinfo", &sinfo, sizeof sinfo);
}

int main(void)
{
	struct sockaddr_in a_addr, b_addr;
	int a = udp_socket(&a_addr), b = udp_socket(&b_addr), r;
	static const char message[] = "calling convention";

	if (a < 0 || b < 0)
		return 2;
	printf("sctp_getaddrlen %d %d %d\n", sctp_getaddrlen(AF_INET), sctp_getaddrlen(AF_INET6),
	       sctp_getaddrlen(AF_UNIX));

	errno = 0;
	r = sctp_sendmsg(a, message, strlen(message), (struct sockaddr *)&b_addr, sizeof b_addr, htonl(0x01020304),
			 0, 7, 1000, 42);
	printf("sctp_sendmsg %d errno %d\n", r, errno);
	receive_with_recvmsg(b, &a_addr);

	{
		struct iovec iov[2] = { { (void *)"send", 4 }, { (void *)"v", 1 } };
		struct sctp_sendv_spa spa;

		memset(&spa, 0, sizeof spa);
		spa.sendv_flags = SCTP_SEND_SNDINFO_VALID | SCTP_SEND_PRINFO_VALID;
		spa.sendv_sndinfo.snd_sid = 3;
		spa.sendv_sndinfo.snd_ppid = htonl(99);
		spa.sendv_prinfo.pr_policy = SCTP_PR_SCTP_TTL;
		spa.sendv_prinfo.pr_value = 500;
		errno = 0;
		r = sctp_sendv(a, iov, 2, (struct sockaddr *)&b_addr, 1, &spa, sizeof spa, SCTP_SENDV_SPA, 0);
		printf("sctp_sendv %d errno %d\n", r, errno);
	}
	{
		char buffer[64];
		struct iovec iov = { buffer, sizeof buffer };
		struct sockaddr_in from;
		socklen_t fromlen = sizeof from, infolen;
		struct sctp_rcvinfo info;
		unsigned int infotype = 0x5a;
		int flags = 0;

		memset(buffer, 0, sizeof buffer);
		memset(&info, 0xa5, sizeof info);
		infolen = sizeof info;
		errno = 0;
		r = sctp_recvv(b, &iov, 1, (struct sockaddr *)&from, &fromlen, &info, &infolen, &infotype, &flags);
		printf("sctp_recvv %d errno %d fromlen %u from_sender %d payload '%s' infolen %u infotype %u flags 0x%x\n",
		       r, errno, (unsigned)fromlen,
		       from.sin_port == a_addr.sin_port && from.sin_addr.s_addr == a_addr.sin_addr.s_addr, buffer,
		       (unsigned)infolen, infotype, flags);
		print_bytes("rcvinfo", &info, sizeof info);
	}

	/* What the library refuses before any system call (what reaches the
	 * kernel with bad arguments may be answered by the emulator instead). */
	errno = 0;
	r = sctp_bindx(a, (struct sockaddr *)&b_addr, 1, 0);
	printf("sctp_bindx(flags 0) %d errno %d\n", r, errno);
	return 0;
}
