/* A program that calls every function libsctp exports, on real
 * associations over the loopback, and prints what each answered in a form
 * that is the same from run to run (no association ids, no ports). Built
 * three ways by Tests/static/run.sh (against libsctp.so, with -static, and
 * with -Wl,-Bstatic -lsctp -Wl,-Bdynamic), whose outputs must be equal.
 *
 *   static_app PORT     uses 127.0.0.1 and 127.0.0.2, ports PORT and PORT+1
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <netinet/sctp.h>

static int failures;

#define EXPECT(condition, ...)                                          \
	do {                                                            \
		if (!(condition)) {                                     \
			printf("FAILED: " __VA_ARGS__);                 \
			printf(" (%s, errno %s)\n", #condition,         \
			       strerrorname_np(errno));                 \
			failures++;                                     \
		}                                                       \
	} while (0)

static struct sockaddr_in ipv4(const char *address, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };

	inet_pton(AF_INET, address, &a.sin_addr);
	return a;
}

/* The addresses of a packed list, sorted, as "A:PORT A:PORT". */
static void print_addresses(const char *what, struct sockaddr *list, int count, int port)
{
	char text[8][INET_ADDRSTRLEN + 16];
	int n = 0;

	for (int i = 0; i < count && n < 8; i++) {
		struct sockaddr_in *a = (struct sockaddr_in *)list + i;
		char address[INET_ADDRSTRLEN];

		if (list[0].sa_family != AF_INET)
			break;
		inet_ntop(AF_INET, &a->sin_addr, address, sizeof address);
		snprintf(text[n++], sizeof text[0], "%s:%s", address,
			 ntohs(a->sin_port) == port ? "PORT" : "other");
	}
	qsort(text, n, sizeof text[0], (int (*)(const void *, const void *))strcmp);
	printf("%s: %d:", what, count);
	for (int i = 0; i < n; i++)
		printf(" %s", text[i]);
	printf("\n");
}

/* After a receive call that answered N: true for a notification, to be
 * skipped; else the data in BUFFER, terminated, or the failure counted. */
static bool notification_skipped(int n, int flags, char *buffer, const char *call, const char *label)
{
	EXPECT(n >= 0, "%s for %s", call, label);
	if (n >= 0 && (flags & MSG_NOTIFICATION))
		return true;
	if (n >= 0)
		buffer[n] = 0;
	return false;
}

/* Receives one data message with sctp_recvmsg. */
static void receive_with_recvmsg(int sd, const char *label, sctp_assoc_t *assoc)
{
	char buffer[64];
	struct sctp_sndrcvinfo sinfo;
	int flags, n;

	do {
		memset(&sinfo, 0, sizeof sinfo);
		flags = 0;
		n = sctp_recvmsg(sd, buffer, sizeof buffer - 1, NULL, NULL, &sinfo, &flags);
	} while (notification_skipped(n, flags, buffer, "sctp_recvmsg", label));
	if (n < 0)
		return;
	printf("sctp_recvmsg (%s): \"%s\" stream %u ppid %u%s\n", label, buffer,
	       sinfo.sinfo_stream, ntohl(sinfo.sinfo_ppid), flags & MSG_EOR ? " EOR" : "");
	if (assoc)
		*assoc = sinfo.sinfo_assoc_id;
}

/* Receives one data message with sctp_recvv and its SCTP_RCVINFO. */
static void receive_with_recvv(int sd, const char *label)
{
	char buffer[64];
	struct iovec iov = { buffer, sizeof buffer - 1 };
	struct sctp_rcvinfo info;
	socklen_t infolen;
	unsigned int infotype;
	int flags, n;

	do {
		memset(&info, 0, sizeof info);
		infolen = sizeof info;
		infotype = 99;
		flags = 0;
		n = sctp_recvv(sd, &iov, 1, NULL, NULL, &info, &infolen, &infotype, &flags);
	} while (notification_skipped(n, flags, buffer, "sctp_recvv", label));
	if (n < 0)
		return;
	printf("sctp_recvv (%s): \"%s\" infotype %u stream %u ppid %u\n", label, buffer,
	       infotype, info.rcv_sid, ntohl(info.rcv_ppid));
}

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 20300;
	struct sockaddr_in server_addresses[2] = { ipv4("127.0.0.1", port), ipv4("127.0.0.2", port) };
	struct sockaddr_in connect_to = ipv4("127.0.0.1", port);
	struct sctp_event_subscribe events = { .sctp_data_io_event = 1 };
	int enable = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* A send that fails says so (EPIPE) rather than ending the program. */
	signal(SIGPIPE, SIG_IGN);
	printf("sctp_getaddrlen: AF_INET %d, AF_INET6 %d, AF_UNIX %d\n", sctp_getaddrlen(AF_INET),
	       sctp_getaddrlen(AF_INET6), sctp_getaddrlen(AF_UNIX));

	/* The server: one-to-many, on 127.0.0.1 by bind and 127.0.0.2 by sctp_bindx. */
	int server = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
	EXPECT(server >= 0, "socket");
	if (server < 0)
		return 1;
	EXPECT(setsockopt(server, IPPROTO_SCTP, SCTP_EVENTS, &events, sizeof events) == 0, "SCTP_EVENTS");
	EXPECT(setsockopt(server, IPPROTO_SCTP, SCTP_RECVRCVINFO, &enable, sizeof enable) == 0,
	       "SCTP_RECVRCVINFO");
	EXPECT(bind(server, (struct sockaddr *)&server_addresses[0], sizeof server_addresses[0]) == 0, "bind");
	printf("sctp_bindx ADD 127.0.0.2: %d\n",
	       sctp_bindx(server, (struct sockaddr *)&server_addresses[1], 1, SCTP_BINDX_ADD_ADDR));
	EXPECT(listen(server, 8) == 0, "listen");

	struct sockaddr *list = NULL;
	int count = sctp_getladdrs(server, 0, &list);
	print_addresses("sctp_getladdrs (server)", list, count, port);
	printf("sctp_freeladdrs: %d\n", count > 0 ? sctp_freeladdrs(list) : -2);

	/* The client: sctp_connectx with the id argument. The default version
	 * (VERS_3, sctp_connectx3) writes the association's id; the old one
	 * that ld could have bound instead would leave the sentinel. */
	int client = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
	EXPECT(client >= 0, "client socket");
	sctp_assoc_t id = (sctp_assoc_t)0x5a5a5a5a;
	int rc = sctp_connectx(client, (struct sockaddr *)&connect_to, 1, &id);
	printf("sctp_connectx: %d, id %s\n", rc, id == (sctp_assoc_t)0x5a5a5a5a ? "left alone" : "written");

	struct sctp_status status = { .sstat_assoc_id = id };
	socklen_t length = sizeof status;
	rc = sctp_opt_info(client, id, SCTP_STATUS, &status, &length);
	printf("sctp_opt_info SCTP_STATUS: %d, the association of the id: %s, %u outbound streams\n", rc,
	       rc == 0 && status.sstat_assoc_id == id ? "yes" : "no", status.sstat_outstrms);

	count = sctp_getpaddrs(client, id, &list);
	print_addresses("sctp_getpaddrs (client)", list, count, port);
	printf("sctp_freepaddrs: %d\n", count > 0 ? sctp_freepaddrs(list) : -2);

	/* One message by each send call, received by each receive call. */
	printf("sctp_sendmsg: %d\n", sctp_sendmsg(client, "one", 3, (struct sockaddr *)&connect_to,
						 sizeof connect_to, htonl(11), 0, 1, 0, 0));
	struct sctp_sndrcvinfo sinfo = { .sinfo_stream = 2, .sinfo_ppid = htonl(22), .sinfo_assoc_id = id };
	printf("sctp_send: %d\n", sctp_send(client, "two", 3, &sinfo, 0));
	struct sctp_sndinfo sndinfo = { .snd_sid = 3, .snd_ppid = htonl(33), .snd_assoc_id = id };
	struct iovec iov = { "three", 5 };
	printf("sctp_sendv: %d\n", sctp_sendv(client, &iov, 1, NULL, 0, &sndinfo, sizeof sndinfo,
					      SCTP_SENDV_SNDINFO, 0));
	struct sctp_sndrcvinfo xinfo = { .sinfo_stream = 4, .sinfo_ppid = htonl(44) };
	printf("sctp_sendx: %zd\n", sctp_sendx(client, "four", 4, (struct sockaddr *)&connect_to, 1, &xinfo, 0));

	sctp_assoc_t server_side = 0;
	receive_with_recvmsg(server, "sctp_sendmsg", &server_side);
	receive_with_recvmsg(server, "sctp_send", NULL);
	receive_with_recvv(server, "sctp_sendv");
	receive_with_recvv(server, "sctp_sendx");

	/* sctp_peeloff: the association on a one-to-one socket of its own,
	 * which answers the client. */
	int peeled = sctp_peeloff(server, server_side);
	EXPECT(peeled >= 0, "sctp_peeloff");
	printf("sctp_peeloff: %s\n", peeled >= 0 ? "a descriptor" : "failed");
	printf("sctp_sendmsg (peeled): %d\n", sctp_sendmsg(peeled, "back", 4, NULL, 0, htonl(55), 0, 0, 0, 0));
	receive_with_recvmsg(client, "the peeled socket's answer", NULL);

	/* sctp_peeloff_flags: a second association, peeled off close-on-exec
	 * and non-blocking. */
	int client2 = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
	sctp_assoc_t id2 = 0;
	printf("sctp_connectx (second): %d\n", sctp_connectx(client2, (struct sockaddr *)&server_addresses[1], 1, &id2));
	printf("sctp_sendmsg (second): %d\n", sctp_sendmsg(client2, "five", 4,
		(struct sockaddr *)&server_addresses[1], sizeof server_addresses[1], 0, 0, 0, 0, 0));
	sctp_assoc_t server_side2 = 0;
	receive_with_recvmsg(server, "second association", &server_side2);
	int peeled2 = sctp_peeloff_flags(server, server_side2, SOCK_CLOEXEC | SOCK_NONBLOCK);
	EXPECT(peeled2 >= 0, "sctp_peeloff_flags");
	printf("sctp_peeloff_flags: %s, FD_CLOEXEC %s, O_NONBLOCK %s\n", peeled2 >= 0 ? "a descriptor" : "failed",
	       fcntl(peeled2, F_GETFD) & FD_CLOEXEC ? "set" : "clear",
	       fcntl(peeled2, F_GETFL) & O_NONBLOCK ? "set" : "clear");

	/* sctp_bindx REM: the address added above, taken away again. */
	printf("sctp_bindx REM 127.0.0.2: %d\n",
	       sctp_bindx(server, (struct sockaddr *)&server_addresses[1], 1, SCTP_BINDX_REM_ADDR));
	count = sctp_getladdrs(server, 0, &list);
	print_addresses("sctp_getladdrs (server, after REM)", list, count, port);
	if (count > 0)
		sctp_freeladdrs(list);

	/* Errors from the kernel pass through: a descriptor that is not open. */
	errno = 0;
	rc = sctp_opt_info(999, 0, SCTP_STATUS, &status, &length);
	printf("sctp_opt_info on a closed descriptor: %d %s\n", rc, strerrorname_np(errno));

	close(peeled2);
	close(client2);
	close(peeled);
	close(client);
	close(server);
	printf("failures: %d\n", failures);
	return failures != 0;
}
