/* bench/pump.c: message throughput over one SCTP association, for make bench
 * (run in the VM, on a real SCTP kernel), two libraries side by side.
 *
 *   pump COUNT SIZE ROUNDS LIB_A LIB_B
 *
 * Two processes over 127.0.0.1, one-to-one style (SOCK_STREAM), both with
 * LIB_A and LIB_B loaded (bench/side_by_side.h). In each round, each library
 * takes one turn (the order alternating from round to round): the parent
 * sends COUNT messages of SIZE bytes with its sctp_sendmsg (stream 0, a PPID);
 * the child receives them with its sctp_recvmsg (subscribed to
 * sctp_data_io_event, so every receive also parses an SCTP_SNDRCV), then
 * answers one byte. A turn's clock runs from before its first send to that
 * answer. The sender sets SCTP_NODELAY; both ask for 8 MB socket buffers
 * (see set_buffer). Prints one line a round: "A_MESSAGES_PER_SECOND
 * B_MESSAGES_PER_SECOND".
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/sctp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "side_by_side.h"

static void die(const char *what)
{
	fprintf(stderr, "pump: %s: %s\n", what, strerror(errno));
	exit(2);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* 8 MB socket buffers (as far as net.core.[rw]mem_max allow: bench/vm.sh
 * raises them in the guest): the whole run fits in them, so the sender
 * never waits for SACKs to free room. With the default 16 KB-ish buffers,
 * runs of the same binary on the emulated guest fell into two modes
 * (some 3000 and some 7800 messages/s) at random. */
static void set_buffer(int s, int option)
{
	int size = 8 << 20;
	if (setsockopt(s, SOL_SOCKET, option, &size, sizeof(size)) < 0)
		die("SO_SNDBUF/SO_RCVBUF");
}

/* The library of turn `turn` (0, 1, 2, ...): A then B in even rounds, B then
 * A in odd ones. Both processes follow the same order. */
static const struct library *library_of_turn(long turn, const struct library libraries[2])
{
	long round = turn / 2;
	return &libraries[(turn % 2) ^ (round % 2)];
}

static void receive_turn(int s, const struct library *sctp, long count, char *buffer,
			 size_t size)
{
	long received = 0;

	while (received < count) {
		struct sctp_sndrcvinfo info;
		int flags = 0;
		int n = sctp->recvmsg(s, buffer, size + 1, NULL, NULL, &info, &flags);
		if (n < 0)
			die("sctp_recvmsg");
		if (n == 0) {
			fprintf(stderr, "pump: received %ld of %ld\n", received, count);
			exit(1);
		}
		if (flags & MSG_NOTIFICATION)
			continue;
		if (flags & MSG_EOR)
			received++;
	}
	if (send(s, "k", 1, 0) != 1)
		die("answer");
}

static int receive_all(int listener, long turns, long count, size_t size,
		       const struct library libraries[2])
{
	struct sctp_event_subscribe events;
	char *buffer = malloc(size + 1);
	int s = accept(listener, NULL, NULL);

	if (s < 0 || !buffer)
		die("accept");
	memset(&events, 0, sizeof(events));
	events.sctp_data_io_event = 1;
	if (setsockopt(s, IPPROTO_SCTP, SCTP_EVENTS, &events, sizeof(events)) < 0)
		die("SCTP_EVENTS");
	for (long turn = 0; turn < turns; turn++)
		receive_turn(s, library_of_turn(turn, libraries), count, buffer, size);
	/* Wait for the sender to close first. */
	while (recv(s, buffer, size, 0) > 0)
		;
	close(s);
	return 0;
}

/* One turn of the sender: messages per second. */
static double send_turn(int s, const struct library *sctp, long count, const char *message,
			size_t size)
{
	char answer;
	double start = now();

	for (long i = 0; i < count; i++)
		if (sctp->sendmsg(s, message, size, NULL, 0, htonl(7), 0, 0, 0, 0) != (int)size)
			die("sctp_sendmsg");
	if (recv(s, &answer, 1, 0) != 1)
		die("waiting for the answer");
	return count / (now() - start);
}

int main(int argc, char **argv)
{
	if (argc != 6) {
		fprintf(stderr, "usage: pump COUNT SIZE ROUNDS LIB_A LIB_B\n");
		return 2;
	}
	long count = atol(argv[1]);
	size_t size = (size_t)atol(argv[2]);
	long rounds = atol(argv[3]);
	const struct library libraries[2] = { load_library(argv[4]), load_library(argv[5]) };
	struct sockaddr_in address = { .sin_family = AF_INET };
	socklen_t length = sizeof(address);
	int listener, s, status;
	char *message;
	pid_t child;

	if (count < 1 || size < 1 || rounds < 1) {
		fprintf(stderr, "pump: COUNT, SIZE and ROUNDS must be positive\n");
		return 2;
	}
	address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	listener = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
	if (listener < 0)
		die("socket(IPPROTO_SCTP)");
	set_buffer(listener, SO_RCVBUF); /* the accepted socket inherits it */
	if (bind(listener, (struct sockaddr *)&address, sizeof(address)) < 0 ||
	    getsockname(listener, (struct sockaddr *)&address, &length) < 0 ||
	    listen(listener, 1) < 0)
		die("listen");
	child = fork();
	if (child < 0)
		die("fork");
	if (child == 0)
		_exit(receive_all(listener, 2 * rounds, count, size, libraries));
	close(listener);

	s = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
	if (s < 0 || connect(s, (struct sockaddr *)&address, sizeof(address)) < 0)
		die("connect");
	/* Without SCTP_NODELAY, Nagle holds each 1 KB message (far below the
	 * 64 KiB loopback MTU) until a SACK comes back: some 200 messages/s. */
	{
		int on = 1;
		if (setsockopt(s, IPPROTO_SCTP, SCTP_NODELAY, &on, sizeof(on)) < 0)
			die("SCTP_NODELAY");
	}
	set_buffer(s, SO_SNDBUF);
	message = malloc(size);
	if (!message)
		die("malloc");
	memset(message, 'm', size);

	for (long round = 0; round < rounds; round++) {
		double rate[2];
		for (long turn = 2 * round; turn < 2 * round + 2; turn++) {
			const struct library *sctp = library_of_turn(turn, libraries);
			rate[sctp - libraries] = send_turn(s, sctp, count, message, size);
		}
		printf("%.0f %.0f\n", rate[0], rate[1]);
		fflush(stdout);
	}
	close(s);
	if (waitpid(child, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return 1;
	return 0;
}
