/* The client of echo_server: one association to both of its addresses.
 *
 *   echo_client PORT
 *
 * Connects to 127.0.0.1 and 127.0.0.2 at once (sctp_connectx), prints the
 * server addresses the association knows (sctp_getpaddrs) and its state
 * (sctp_opt_info), then sends a message on each of three streams and prints
 * the echoes (sctp_sendv, sctp_recvv).
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
	fprintf(stderr, "client: %s: %s\n", what, strerror(errno));
	exit(1);
}

static const char *state_name(int state)
{
	switch (state) {
	case SCTP_ESTABLISHED: return "ESTABLISHED (ready for data)";
	case SCTP_COOKIE_WAIT: return "COOKIE_WAIT (setting up)";
	case SCTP_COOKIE_ECHOED: return "COOKIE_ECHOED (setting up)";
	case SCTP_SHUTDOWN_PENDING: return "SHUTDOWN_PENDING";
	default: return "another state";
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s PORT\n", argv[0]);
		return 2;
	}
	int port = atoi(argv[1]);
	setvbuf(stdout, NULL, _IOLBF, 0);

	int sd = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
	if (sd < 0)
		fail("socket (is SCTP in this kernel?)");
	int on = 1;
	if (setsockopt(sd, IPPROTO_SCTP, SCTP_RECVRCVINFO, &on, sizeof on) < 0)
		fail("setsockopt SCTP_RECVRCVINFO");

	/* Ask for 3 outgoing streams: independent ordered channels in one association. */
	struct sctp_initmsg init;
	memset(&init, 0, sizeof init);
	init.sinit_num_ostreams = 3;
	init.sinit_max_instreams = 3;
	if (setsockopt(sd, IPPROTO_SCTP, SCTP_INITMSG, &init, sizeof init) < 0)
		fail("setsockopt SCTP_INITMSG");

	/* One association, two paths: the server's two addresses. */
	struct sockaddr_in server[2];
	echo_server_addresses(server, port);
	sctp_assoc_t id = 0;
	/* The server may still be starting: it refuses until it listens. */
	int tries = 0;
	while (sctp_connectx(sd, (struct sockaddr *)server, 2, &id) < 0) {
		if (errno != ECONNREFUSED || ++tries == 50)
			fail("sctp_connectx");
		usleep(100 * 1000);
	}
	printf("client: connected, association id %d\n", (int)id);

	struct sockaddr *peers = NULL;
	int npeers = sctp_getpaddrs(sd, id, &peers);
	if (npeers < 0)
		fail("sctp_getpaddrs");
	printf("client: the server has %d addresses in this association:\n", npeers);
	char *cursor = (char *)peers;
	for (int i = 0; i < npeers; i++) {
		struct sockaddr_in *a = (struct sockaddr_in *)cursor;
		char text[INET_ADDRSTRLEN];
		inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
		printf("client:   %s port %d\n", text, ntohs(a->sin_port));
		cursor += sctp_getaddrlen(a->sin_family);
	}
	sctp_freepaddrs(peers);

	struct sctp_status status;
	socklen_t len = sizeof status;
	if (sctp_opt_info(sd, id, SCTP_STATUS, &status, &len) < 0)
		fail("sctp_opt_info SCTP_STATUS");
	char primary[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &((struct sockaddr_in *)&status.sstat_primary.spinfo_address)->sin_addr,
		  primary, sizeof primary);
	printf("client: association state %s, %u outgoing and %u incoming streams, primary path %s\n",
	       state_name(status.sstat_state), status.sstat_outstrms, status.sstat_instrms, primary);

	const char *messages[] = { "hello on stream 0", "hello on stream 1", "hello on stream 2" };
	for (unsigned stream = 0; stream < 3; stream++) {
		struct iovec out = { (void *)messages[stream], strlen(messages[stream]) };
		struct sctp_sndinfo send;
		memset(&send, 0, sizeof send);
		send.snd_sid = (uint16_t)stream;
		if (sctp_sendv(sd, &out, 1, NULL, 0, &send, sizeof send, SCTP_SENDV_SNDINFO, 0) < 0)
			fail("sctp_sendv");

		char text[256];
		struct iovec in = { text, sizeof text - 1 };
		struct sctp_rcvinfo info;
		socklen_t infolen = sizeof info;
		unsigned int infotype = 0;
		int flags = 0;
		int n = sctp_recvv(sd, &in, 1, NULL, NULL, &info, &infolen, &infotype, &flags);
		if (n < 0)
			fail("sctp_recvv");
		text[n] = '\0';
		printf("client: sent on stream %u, echo came back on stream %u: \"%s\"\n", stream,
		       info.rcv_sid, text);
		if (infotype != SCTP_RECVV_RCVINFO || info.rcv_sid != stream || (size_t)n != strlen(messages[stream]) ||
		    strcmp(text, messages[stream]) != 0) {
			fprintf(stderr, "client: the echo does not match what was sent\n");
			return 1;
		}
	}
	printf("client: all echoes matched, closing\n");
	close(sd);
	return 0;
}
