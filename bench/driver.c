/* bench/driver.c: calls one libsctp function in a loop, for make bench.
 *
 *   driver ROW N count   warm up, then run bench_loop(ROW, N) once: what
 *                        callgrind (--toggle-collect=bench_loop) and the
 *                        LD_PRELOAD allocation counter (bench/malloc_count.c)
 *                        measure. Prints "allocs=A frees=F" when the counter
 *                        is preloaded.
 *   driver-side-by-side ROW N K LIB_A LIB_B
 *                        (this file built with -DSIDE_BY_SIDE, linked to no
 *                        libsctp) loads both libraries into one process with
 *                        dlopen, warms both up, then times K rounds: in each,
 *                        N calls with A and N calls with B (the order
 *                        alternating from round to round), timed with
 *                        clock_gettime(CLOCK_MONOTONIC) around each batch of
 *                        BATCH calls (draining and refilling the peer socket
 *                        happen outside the timed part). Prints one line a
 *                        round: "A_NS B_NS", ns per call.
 *
 * The count binary links against libsctp.so.1; LD_LIBRARY_PATH picks whose
 * (ours in build/, or Debian's through a directory holding a symlink to it).
 * Side by side, the two libraries take turns every few hundred microseconds in
 * the same process, on the same sockets: what changes between two processes
 * (their placement in memory, the machine's load a second later) cancels out
 * of each round's ratio.
 *
 * Transport (environment BENCH_TRANSPORT): "udp" (default; on a kernel
 * without SCTP) or "sctp" (a real one-to-one association over 127.0.0.1, in
 * the VM). On UDP, Linux ignores ancillary data of level IPPROTO_SCTP, so a
 * send or a receive runs the library's whole user-space path and the kernel
 * carries the datagram; sctp_bindx, sctp_connectx and sctp_getpaddrs run
 * their user-space path and the kernel answers ENOPROTOOPT.
 *
 * Rows: sendmsg send recvmsg sendv-noinfo sendv-spa2 sendv-spa3 sendv-addrs
 * recvv bindx connectx getpaddrs, and raw-sendmsg / raw-recvmsg (the
 * system call alone, with the same arguments, no library: side by side, the
 * same code in both turns, so their ratio is the method's noise floor).
 *
 * And the sends to addresses, sendv-N-FAMILY-INFO and sendx-N-FAMILY-SINFO:
 * N (1-8) addresses of FAMILY v4, v6 or mixed (v4 first, then v6, v4, ...),
 * INFO noinfo, sndinfo, prinfo, authinfo or spa (SNDINFO+PRINFO), SINFO
 * none, sinfo (an association id given) or sinfo0 (id 0: RFC 6458's
 * write-back of the new association's id). From a dual-stack IPv6 UDP
 * socket to one bound to [::] (UDP ignores the SCTP_DSTADDRV4/V6 messages).
 * Debian's library has no sctp_sendx: there, its sctp_sendv does the same
 * send (NOINFO for none, SNDINFO carrying the sinfo's fields).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/sctp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "side_by_side.h"

#define BATCH 64
#define MESSAGE 64

enum row {
	ROW_SENDMSG, ROW_SEND, ROW_RECVMSG, ROW_SENDV_NOINFO, ROW_SENDV_SPA2,
	ROW_SENDV_SPA3, ROW_SENDV_ADDRS, ROW_RECVV, ROW_BINDX, ROW_CONNECTX,
	ROW_GETPADDRS, ROW_RAW_SENDMSG, ROW_RAW_RECVMSG, ROW_COUNT,
	ROW_SENDV_TO, ROW_SENDX_TO, /* parsed from their names (address_row) */
};

static const char *const row_names[ROW_COUNT] = {
	"sendmsg", "send", "recvmsg", "sendv-noinfo", "sendv-spa2", "sendv-spa3",
	"sendv-addrs", "recvv", "bindx", "connectx", "getpaddrs", "raw-sendmsg",
	"raw-recvmsg",
};

static int is_receive(enum row row)
{
	return row == ROW_RECVMSG || row == ROW_RECVV || row == ROW_RAW_RECVMSG;
}

static int is_send(enum row row)
{
	return row == ROW_SENDMSG || row == ROW_SEND || row == ROW_SENDV_NOINFO ||
	       row == ROW_SENDV_SPA2 || row == ROW_SENDV_SPA3 ||
	       row == ROW_SENDV_ADDRS || row == ROW_RAW_SENDMSG ||
	       row == ROW_SENDV_TO || row == ROW_SENDX_TO;
}

/* The send to addresses a sendv-... or sendx-... row makes. */
static struct {
	int count;
	char family[8];
	char info[10];
	unsigned char list[8 * sizeof(struct sockaddr_in6)];
} address_row;

static void die(const char *what)
{
	fprintf(stderr, "driver: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* --- the library under test ------------------------------------------------ */

#ifndef SIDE_BY_SIDE
/* The count binary's: the libsctp.so.1 it is linked to. */
static struct library linked = {
	sctp_sendmsg, sctp_send, sctp_recvmsg, sctp_sendv, sctp_recvv,
	sctp_bindx, sctp_connectx, sctp_getpaddrs, sctp_freepaddrs, NULL,
};
#endif

/* --- the sockets --------------------------------------------------------- */

static int sender = -1, receiver = -1, sctp_transport;
static struct sockaddr_in peer; /* the receiver's address */
static struct sockaddr_in addresses[3]; /* peer, 127.0.0.2, 127.0.0.3 (same port) */

static void setup_udp(void)
{
	socklen_t length = sizeof(peer);

	receiver = socket(AF_INET, SOCK_DGRAM, 0);
	sender = socket(AF_INET, SOCK_DGRAM, 0);
	if (receiver < 0 || sender < 0)
		die("socket");
	peer.sin_family = AF_INET;
	peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(receiver, (struct sockaddr *)&peer, sizeof(peer)) < 0 ||
	    getsockname(receiver, (struct sockaddr *)&peer, &length) < 0)
		die("bind");
	if (connect(sender, (struct sockaddr *)&peer, sizeof(peer)) < 0)
		die("connect");
	length = sizeof(peer);
	{
		struct sockaddr_in self;
		socklen_t self_length = sizeof(self);
		if (getsockname(sender, (struct sockaddr *)&self, &self_length) < 0 ||
		    connect(receiver, (struct sockaddr *)&self, sizeof(self)) < 0)
			die("connect back");
	}
}

static void setup_sctp(void)
{
	socklen_t length = sizeof(peer);
	int listener = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP), on = 1;
	struct sctp_event_subscribe events;

	if (listener < 0)
		die("socket(IPPROTO_SCTP)");
	peer.sin_family = AF_INET;
	peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(listener, (struct sockaddr *)&peer, sizeof(peer)) < 0 ||
	    getsockname(listener, (struct sockaddr *)&peer, &length) < 0 ||
	    listen(listener, 1) < 0)
		die("listen");
	sender = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
	if (sender < 0 || connect(sender, (struct sockaddr *)&peer, sizeof(peer)) < 0)
		die("connect");
	receiver = accept(listener, NULL, NULL);
	if (receiver < 0)
		die("accept");
	close(listener);
	setsockopt(sender, IPPROTO_SCTP, SCTP_NODELAY, &on, sizeof(on));
	/* sctp_recvmsg's SCTP_SNDRCV, and sctp_recvv's SCTP_RCVINFO + SCTP_NXTINFO:
	 * the receive paths parse real ancillary data. */
	memset(&events, 0, sizeof(events));
	events.sctp_data_io_event = 1;
	if (setsockopt(receiver, IPPROTO_SCTP, SCTP_EVENTS, &events, sizeof(events)) < 0)
		die("SCTP_EVENTS");
}

static void setup_addresses(void)
{
	for (int i = 0; i < 3; i++) {
		addresses[i] = peer;
		addresses[i].sin_addr.s_addr = htonl(INADDR_LOOPBACK + (uint32_t)i);
	}
}

/* Dual-stack IPv6 UDP: the receiver on [::], the sender unconnected; the row's
 * first address (127.0.0.1 or ::1) reaches the receiver, the others are
 * packed after it. */
static void setup_address_row(void)
{
	struct sockaddr_in6 any = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_ANY_INIT };
	socklen_t length = sizeof(any);
	int off = 0;
	size_t offset = 0;

	receiver = socket(AF_INET6, SOCK_DGRAM, 0);
	sender = socket(AF_INET6, SOCK_DGRAM, 0);
	if (receiver < 0 || sender < 0 ||
	    setsockopt(receiver, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) < 0 ||
	    setsockopt(sender, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) < 0)
		die("socket(AF_INET6)");
	if (bind(receiver, (struct sockaddr *)&any, sizeof(any)) < 0 ||
	    getsockname(receiver, (struct sockaddr *)&any, &length) < 0)
		die("bind [::]");
	for (int i = 0; i < address_row.count; i++) {
		int v6 = strcmp(address_row.family, "v6") == 0 ||
			 (strcmp(address_row.family, "mixed") == 0 && i % 2 == 1);
		if (v6) {
			struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_port = any.sin6_port,
						  .sin6_addr = IN6ADDR_LOOPBACK_INIT };
			a.sin6_addr.s6_addr[14] = (unsigned char)i;
			memcpy(address_row.list + offset, &a, sizeof(a));
			offset += sizeof(a);
		} else {
			struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = any.sin6_port,
						 .sin_addr.s_addr = htonl(INADDR_LOOPBACK + (uint32_t)i) };
			memcpy(address_row.list + offset, &a, sizeof(a));
			offset += sizeof(a);
		}
	}
}

static void setup(enum row row)
{
	const char *transport = getenv("BENCH_TRANSPORT");

	sctp_transport = transport && strcmp(transport, "sctp") == 0;
	if (row == ROW_SENDV_TO || row == ROW_SENDX_TO) {
		if (sctp_transport) {
			fprintf(stderr, "driver: the address rows run on UDP only\n");
			exit(2);
		}
		setup_address_row();
		return;
	}
	if (sctp_transport)
		setup_sctp();
	else
		setup_udp();
	setup_addresses();
	if (sctp_transport && row == ROW_RECVV) {
		int on = 1;
		/* SCTP_EVENTS above would add SCTP_SNDRCV too: sctp_recvv asks for
		 * SCTP_RCVINFO and SCTP_NXTINFO as RFC 6458 says. */
		struct sctp_event_subscribe events;
		memset(&events, 0, sizeof(events));
		setsockopt(receiver, IPPROTO_SCTP, SCTP_EVENTS, &events, sizeof(events));
		if (setsockopt(receiver, IPPROTO_SCTP, SCTP_RECVRCVINFO, &on, sizeof(on)) < 0 ||
		    setsockopt(receiver, IPPROTO_SCTP, SCTP_RECVNXTINFO, &on, sizeof(on)) < 0)
			die("SCTP_RECVRCVINFO/SCTP_RECVNXTINFO");
	}
}

/* --- untimed work around a batch ----------------------------------------- */

static char payload[MESSAGE];
static char sink[65536];

/* Sends `count` messages to the receiver with plain send(2). */
static void fill(int count)
{
	for (int i = 0; i < count; i++)
		if (send(sender, payload, sizeof(payload), 0) != (ssize_t)sizeof(payload))
			die("fill: send");
}

/* Takes the `count` messages a batch of sends queued at the receiver. */
static void drain(int count)
{
	if (!sctp_transport) {
		/* Loopback UDP queues a datagram before sendmsg returns. */
		while (recv(receiver, sink, sizeof(sink), MSG_DONTWAIT) >= 0)
			;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			die("drain: recv");
		return;
	}
	for (int i = 0; i < count; i++)
		if (recv(receiver, sink, sizeof(sink), 0) < 0)
			die("drain: recv");
}

/* --- the calls ------------------------------------------------------------ */

static long failures;

static void check(long result)
{
	if (result < 0)
		failures++;
}

/* SNDINFO and PRINFO, and with_authinfo AUTHINFO, valid. */
static struct sctp_sendv_spa spa_of(int with_authinfo)
{
	struct sctp_sendv_spa spa;

	memset(&spa, 0, sizeof(spa));
	spa.sendv_flags = SCTP_SEND_SNDINFO_VALID | SCTP_SEND_PRINFO_VALID;
	spa.sendv_sndinfo.snd_sid = 1;
	spa.sendv_sndinfo.snd_ppid = htonl(7);
	spa.sendv_prinfo.pr_policy = SCTP_PR_SCTP_TTL;
	spa.sendv_prinfo.pr_value = 1000;
	if (with_authinfo) {
		/* Key 0 is the null key every association has. */
		spa.sendv_flags |= SCTP_SEND_AUTHINFO_VALID;
		spa.sendv_authinfo.auth_keynumber = 0;
	}
	return spa;
}

/* The row's send to addresses; a sendx row with Debian's library (which has
 * no sctp_sendx) makes the same send with its sctp_sendv. */
static void send_to_addresses(enum row row, const struct library *sctp)
{
	static struct iovec iov = { payload, sizeof(payload) };
	struct sockaddr *list = (struct sockaddr *)address_row.list;
	const char *info = address_row.info;

	if (row == ROW_SENDX_TO) {
		struct sctp_sndrcvinfo sinfo = { .sinfo_stream = 1, .sinfo_ppid = htonl(7),
						 .sinfo_context = 42,
						 .sinfo_assoc_id = strcmp(info, "sinfo0") ? 5 : 0 };
		int none = strcmp(info, "none") == 0;
		if (sctp->sendx) {
			check(sctp->sendx(sender, payload, sizeof(payload), list, address_row.count,
					  none ? NULL : &sinfo, 0));
		} else if (none) {
			check(sctp->sendv(sender, &iov, 1, list, address_row.count, NULL, 0,
					  SCTP_SENDV_NOINFO, 0));
		} else {
			struct sctp_sndinfo sndinfo = { .snd_sid = sinfo.sinfo_stream,
							.snd_flags = sinfo.sinfo_flags,
							.snd_ppid = sinfo.sinfo_ppid,
							.snd_context = sinfo.sinfo_context,
							.snd_assoc_id = sinfo.sinfo_assoc_id };
			check(sctp->sendv(sender, &iov, 1, list, address_row.count, &sndinfo,
					  sizeof(sndinfo), SCTP_SENDV_SNDINFO, 0));
		}
		return;
	}
	if (strcmp(info, "sndinfo") == 0) {
		struct sctp_sndinfo sndinfo = { .snd_sid = 1, .snd_ppid = htonl(7), .snd_context = 42 };
		check(sctp->sendv(sender, &iov, 1, list, address_row.count, &sndinfo, sizeof(sndinfo),
				  SCTP_SENDV_SNDINFO, 0));
	} else if (strcmp(info, "prinfo") == 0) {
		struct sctp_prinfo prinfo = { .pr_policy = SCTP_PR_SCTP_TTL, .pr_value = 1000 };
		check(sctp->sendv(sender, &iov, 1, list, address_row.count, &prinfo, sizeof(prinfo),
				  SCTP_SENDV_PRINFO, 0));
	} else if (strcmp(info, "authinfo") == 0) {
		struct sctp_authinfo authinfo = { .auth_keynumber = 0 };
		check(sctp->sendv(sender, &iov, 1, list, address_row.count, &authinfo,
				  sizeof(authinfo), SCTP_SENDV_AUTHINFO, 0));
	} else if (strcmp(info, "spa") == 0) {
		struct sctp_sendv_spa spa = spa_of(0);
		check(sctp->sendv(sender, &iov, 1, list, address_row.count, &spa, sizeof(spa),
				  SCTP_SENDV_SPA, 0));
	} else {
		check(sctp->sendv(sender, &iov, 1, list, address_row.count, NULL, 0,
				  SCTP_SENDV_NOINFO, 0));
	}
}

__attribute__((noinline)) static void one_call(enum row row, const struct library *sctp)
{
	static struct iovec iov = { payload, sizeof(payload) };
	static struct iovec rov = { sink, sizeof(sink) };

	switch (row) {
	case ROW_SENDMSG:
		check(sctp->sendmsg(sender, payload, sizeof(payload), NULL, 0,
				    htonl(7), 0, 1, 0, 42));
		break;
	case ROW_SEND: {
		struct sctp_sndrcvinfo info = { .sinfo_stream = 1, .sinfo_ppid = htonl(7),
						.sinfo_context = 42 };
		check(sctp->send(sender, payload, sizeof(payload), &info, 0));
		break;
	}
	case ROW_RECVMSG: {
		struct sockaddr_in from;
		socklen_t from_length = sizeof(from);
		struct sctp_sndrcvinfo info;
		int flags = 0;
		check(sctp->recvmsg(receiver, sink, sizeof(sink), (struct sockaddr *)&from,
				    &from_length, &info, &flags));
		break;
	}
	case ROW_SENDV_NOINFO:
		check(sctp->sendv(sender, &iov, 1, NULL, 0, NULL, 0, SCTP_SENDV_NOINFO, 0));
		break;
	case ROW_SENDV_SPA2:
	case ROW_SENDV_SPA3: {
		struct sctp_sendv_spa spa = spa_of(row == ROW_SENDV_SPA3);
		check(sctp->sendv(sender, &iov, 1, NULL, 0, &spa, sizeof(spa),
				  SCTP_SENDV_SPA, 0));
		break;
	}
	case ROW_SENDV_ADDRS:
		check(sctp->sendv(sender, &iov, 1, (struct sockaddr *)addresses, 3, NULL, 0,
				  SCTP_SENDV_NOINFO, 0));
		break;
	case ROW_SENDV_TO:
	case ROW_SENDX_TO:
		send_to_addresses(row, sctp);
		break;
	case ROW_RECVV: {
		struct sockaddr_in from;
		socklen_t from_length = sizeof(from);
		struct sctp_recvv_rn info;
		socklen_t info_length = sizeof(info);
		unsigned int info_type = 0;
		int flags = 0;
		check(sctp->recvv(receiver, &rov, 1, (struct sockaddr *)&from, &from_length,
				  &info, &info_length, &info_type, &flags));
		break;
	}
	case ROW_BINDX:
		check(sctp->bindx(sender, (struct sockaddr *)addresses, 3, SCTP_BINDX_ADD_ADDR));
		break;
	case ROW_CONNECTX: {
		sctp_assoc_t id = 0;
		check(sctp->connectx(sender, (struct sockaddr *)addresses, 3, &id));
		break;
	}
	case ROW_GETPADDRS: {
		struct sockaddr *list = NULL;
		int count = sctp->getpaddrs(sender, 0, &list);
		check(count);
		if (count > 0)
			sctp->freepaddrs(list);
		break;
	}
	case ROW_RAW_SENDMSG: {
		struct msghdr header = { .msg_iov = &iov, .msg_iovlen = 1 };
		check(sendmsg(sender, &header, 0));
		break;
	}
	case ROW_RAW_RECVMSG: {
		struct sockaddr_in from;
		char control[256];
		struct msghdr header = { .msg_name = &from, .msg_namelen = sizeof(from),
					 .msg_iov = &rov, .msg_iovlen = 1,
					 .msg_control = control,
					 .msg_controllen = sizeof(control) };
		check(recvmsg(receiver, &header, 0));
		break;
	}
	default:
		break;
	}
}

/* One batch: the receives find their messages queued, the sends' messages
 * are taken away after them. */
static void batch_before(enum row row, int count)
{
	if (is_receive(row))
		fill(count);
}

static void batch_after(enum row row, int count)
{
	if (is_send(row))
		drain(count);
}

/* n calls, with the fills and drains between batches (outside the library,
 * so outside its functions' inclusive cost). */
static inline __attribute__((always_inline)) void run_loop(enum row row, long n,
							   const struct library *sctp)
{
	for (long done = 0; done < n;) {
		int count = n - done < BATCH ? (int)(n - done) : BATCH;
		batch_before(row, count);
		for (int i = 0; i < count; i++)
			one_call(row, sctp);
		batch_after(row, count);
		done += count;
	}
}

/* What callgrind collects (--toggle-collect=bench_loop) and the allocation
 * counter counts. */
__attribute__((noinline)) void bench_loop(enum row row, long n, const struct library *sctp)
{
	run_loop(row, n, sctp);
}

/* The same loop under another name, which callgrind does not collect. */
__attribute__((noinline)) void warm_up(enum row row, long n, const struct library *sctp)
{
	run_loop(row, n, sctp);
}

static enum row parse_row(const char *name)
{
	char call[8];

	for (int i = 0; i < ROW_COUNT; i++)
		if (strcmp(name, row_names[i]) == 0)
			return (enum row)i;
	if (sscanf(name, "%7[a-z]-%d-%7[a-z0-9]-%9[a-z0-9]", call, &address_row.count,
		   address_row.family, address_row.info) == 4 &&
	    address_row.count >= 1 && address_row.count <= 8) {
		if (strcmp(call, "sendv") == 0)
			return ROW_SENDV_TO;
		if (strcmp(call, "sendx") == 0)
			return ROW_SENDX_TO;
	}
	fprintf(stderr, "driver: unknown row %s\n", name);
	exit(2);
}

/* Every row on UDP but the sends and receives fails by design
 * (ENOPROTOOPT); a send or receive that fails is a broken setup. */
static int report_failures(enum row row)
{
	if (failures && (is_send(row) || is_receive(row))) {
		fprintf(stderr, "driver: row %d: %ld calls failed\n", (int)row, failures);
		return 1;
	}
	return 0;
}

#ifdef SIDE_BY_SIDE
static double now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

/* n calls timed batch by batch; returns ns per call. */
static double timed_sample(enum row row, long n, const struct library *sctp)
{
	double total = 0;
	for (long done = 0; done < n;) {
		int count = n - done < BATCH ? (int)(n - done) : BATCH;
		batch_before(row, count);
		double start = now_ns();
		for (int i = 0; i < count; i++)
			one_call(row, sctp);
		total += now_ns() - start;
		batch_after(row, count);
		done += count;
	}
	return total / n;
}

int main(int argc, char **argv)
{
	if (argc != 6) {
		fprintf(stderr, "usage: driver-side-by-side ROW N ROUNDS LIB_A LIB_B\n");
		return 2;
	}
	enum row row = parse_row(argv[1]);
	long n = atol(argv[2]);
	long rounds = atol(argv[3]);
	struct library a = load_library(argv[4]), b = load_library(argv[5]);

	memset(payload, 'x', sizeof(payload));
	setup(row);
	/* Warm-up: lazy binding, malloc's first use, caches. */
	warm_up(row, 2 * BATCH, &a);
	warm_up(row, 2 * BATCH, &b);
	failures = 0;
	for (long round = 0; round < rounds; round++) {
		double a_ns, b_ns;
		if (round % 2 == 0) {
			a_ns = timed_sample(row, n, &a);
			b_ns = timed_sample(row, n, &b);
		} else {
			b_ns = timed_sample(row, n, &b);
			a_ns = timed_sample(row, n, &a);
		}
		printf("%.2f %.2f\n", a_ns, b_ns);
	}
	return report_failures(row);
}
#else
int main(int argc, char **argv)
{
	if (argc != 4 || strcmp(argv[3], "count") != 0) {
		fprintf(stderr, "usage: driver ROW N count\n");
		return 2;
	}
	enum row row = parse_row(argv[1]);
	long n = atol(argv[2]);

	memset(payload, 'x', sizeof(payload));
	setup(row);
	*(void **)&linked.sendx = dlsym(RTLD_DEFAULT, "__libsctp_sendx");
	/* Warm-up: lazy binding, malloc's first use, caches. */
	warm_up(row, 2 * BATCH, &linked);
	failures = 0;

	void (*begin)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "malloc_count_begin");
	void (*end)(unsigned long *, unsigned long *) =
		(void (*)(unsigned long *, unsigned long *))dlsym(RTLD_DEFAULT, "malloc_count_end");
	unsigned long allocations = 0, frees = 0;
	if (begin)
		begin();
	bench_loop(row, n, &linked);
	if (end) {
		end(&allocations, &frees);
		printf("allocs=%lu frees=%lu calls=%ld\n", allocations, frees, n);
	}
	return report_failures(row);
}
#endif
