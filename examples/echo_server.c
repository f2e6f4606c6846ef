/* A multi-homed SCTP echo server: one socket, two local addresses.
 *
 *   echo_server PORT [COUNT]
 *
 * Listens on 127.0.0.1 and 127.0.0.2 (sctp_bindx), answers every message on
 * the stream it came in on (sctp_recvv, sctp_sendv), and stops after COUNT
 * messages (default 6). It is a one-to-many socket: one socket serves every
 * client, and each message says which association (client) it belongs to.
 */
#include <netinet/sctp.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "echo.h"

static void fail(const char *what)
{
	fprintf(stderr, "server: %s: %s\n", what, strerror(errno));
	exit(1);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s PORT [COUNT]\n", argv[0]);
		return 2;
	}
	int port = atoi(argv[1]);
	int count = argc > 2 ? atoi(argv[2]) : 6;
	setvbuf(stdout, NULL, _IOLBF, 0);

	int sd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
	if (sd < 0)
		fail("socket (is SCTP in this kernel?)");

	/* Two local addresses on one socket: a multi-homed endpoint. */
	struct sockaddr_in local[2];
	echo_server_addresses(local, port);
	if (sctp_bindx(sd, (struct sockaddr *)local, 2, SCTP_BINDX_ADD_ADDR) < 0)
		fail("sctp_bindx");

	/* Ask for each message's stream and association with it (SCTP_RCVINFO). */
	int on = 1;
	if (setsockopt(sd, IPPROTO_SCTP, SCTP_RECVRCVINFO, &on, sizeof on) < 0)
		fail("setsockopt SCTP_RECVRCVINFO");
	if (listen(sd, 8) < 0)
		fail("listen");
	printf("server: listening on 127.0.0.1 and 127.0.0.2, port %d\n", port);

	for (int served = 0; served < count; served++) {
		char text[256];
		struct iovec iov = { text, sizeof text - 1 };
		struct sockaddr_in from;
		socklen_t fromlen = sizeof from;
		struct sctp_rcvinfo info;
		socklen_t infolen = sizeof info;
		unsigned int infotype = 0;
		int flags = 0;
		int n = sctp_recvv(sd, &iov, 1, (struct sockaddr *)&from, &fromlen, &info, &infolen,
				   &infotype, &flags);
		if (n < 0)
			fail("sctp_recvv");
		text[n] = '\0';
		if (infotype != SCTP_RECVV_RCVINFO) {
			fprintf(stderr, "server: no SCTP_RCVINFO with the message\n");
			return 1;
		}
		char peer[INET_ADDRSTRLEN];
		inet_ntop(AF_INET, &from.sin_addr, peer, sizeof peer);
		printf("server: association %d, stream %u, from %s: \"%s\"\n", (int)info.rcv_assoc_id,
		       info.rcv_sid, peer, text);

		/* Echo it back on the same stream of the same association. */
		struct sctp_sndinfo reply;
		memset(&reply, 0, sizeof reply);
		reply.snd_sid = info.rcv_sid;
		reply.snd_assoc_id = info.rcv_assoc_id;
		reply.snd_ppid = info.rcv_ppid;
		iov.iov_len = (size_t)n;
		if (sctp_sendv(sd, &iov, 1, NULL, 0, &reply, sizeof reply, SCTP_SENDV_SNDINFO, 0) < 0)
			fail("sctp_sendv");
	}
	printf("server: served %d messages, done\n", count);
	close(sd);
	return 0;
}
