/* No heap allocation on the send, receive, address and option paths: 100
 * calls each of sctp_sendmsg, sctp_send, sctp_recvmsg, sctp_sendv (no info;
 * all three attributes; 3 addresses; 40 addresses, over 1 KiB of control
 * data), sctp_recvv (SCTP_RECVV_RN), sctp_sendx, sctp_bindx, sctp_connectx,
 * sctp_opt_info and sctp_peeloff allocate nothing; sctp_getpaddrs and
 * sctp_getladdrs allocate exactly once per call (the list they hand over),
 * and sctp_freepaddrs/sctp_freeladdrs free it.
 *
 * The count: alloc_count.c's allocator wrappers (sctp_test_alloc.h), which
 * the library's calls reach too. calibrate checks in every test that they
 * count (one malloc and one free while counting), so a count of 0 always
 * comes from a counter that works.
 *
 * Suite allocations needs no SCTP kernel: the calls run on UDP sockets, where
 * Linux ignores the ancillary data of level IPPROTO_SCTP, so the sends and
 * receives run the library's whole user-space path (and the calls that need
 * SCTP run their error path). Suite allocations_kernel runs on a real SCTP
 * kernel, on the success path of every call.
 */
#include "sctp_test.h"
#include "sctp_test_alloc.h"

#include <dlfcn.h>
#include <poll.h>
#include <stddef.h>
#include <sys/uio.h>

/* sctp_sendx is absent from lksctp: looked up with dlsym(3) (before any
 * count), not linked, so that the binary still loads against Debian's
 * library, which lacks the VERS_4 node a link-time reference would need. */
static __typeof__(&sctp_sendx) sendx_function;
#define sctp_sendx(...) sendx_function(__VA_ARGS__)

static void find_sendx(void)
{
	NOT_IN_LKSCTP("lksctp has no sctp_sendx");
	sendx_function = (__typeof__(sendx_function))dlsym(RTLD_DEFAULT, SCTP_TEST_SENDX_SYMBOL);
	cr_assert_not_null(sendx_function, "the library has no sctp_sendx");
}

#define CALLS 100
#define WAIT_MS 10000

/* --- the count ------------------------------------------------------------------ */

/* Through volatile pointers, so that the compiler keeps the pair. */
static void *(*volatile allocate)(size_t) = malloc;
static void (*volatile release)(void *) = free;

static bool calibrated;

/* Checks that the counter of alloc_count.c is in effect and counts: one
 * malloc and one free while counting are one of each. */
static void calibrate(void)
{
	sctp_test_alloc_start();
	void *block = allocate(24);
	release(block);
	sctp_test_alloc_stop();
	size_t allocations = sctp_test_alloc_count(), frees = sctp_test_alloc_frees();
	cr_assert(allocations == 1 && frees == 1, "the allocation counter counted %zu allocations and %zu frees for 1 each",
		  allocations, frees);
	calibrated = true;
}

/* Every count is taken by a counter that calibrate found working, so a
 * count of 0 always means no allocation. */
static void window_open(void)
{
	if (!calibrated)
		calibrate();
	sctp_test_alloc_start();
}

/* The allocations since window_open. */
static size_t window_close(void)
{
	sctp_test_alloc_stop();
	return sctp_test_alloc_count();
}

static void report(const char *what, size_t allocations, int calls)
{
	cr_log_info("%s: %zu allocations in %d calls", what, allocations, calls);
	cr_assert_eq(allocations, 0, "%s: %zu allocations in %d calls, expected none", what, allocations, calls);
}

/* Runs `call` CALLS times, each between `before` and `after` (not counted),
 * and asserts that it allocated nothing. */
#define ASSERT_NO_ALLOCATION(what, before, call, check)                 \
	do {                                                            \
		size_t total_ = 0;                                      \
		for (int i_ = 0; i_ < CALLS; i_++) {                    \
			before;                                         \
			window_open();                                  \
			errno = 0;                                      \
			long rc_ = (long)(call);                        \
			int errno_ = errno;                             \
			total_ += window_close();                       \
			(void)errno_;                                   \
			check;                                          \
		}                                                       \
		report(what, total_, CALLS);                            \
	} while (0)

#define EXPECT(value)                                                                              \
	cr_assert_eq(rc_, (long)(value), "call %d returned %ld (errno %s), expected %ld", i_, rc_, \
		     strerror(errno_), (long)(value))

#define EXPECT_ERROR(code)                                                                                 \
	cr_assert(rc_ == -1 && errno_ == (code), "call %d returned %ld (errno %s), expected -1/%s", i_, rc_, \
		  strerror(errno_), strerror(code))

/* --- helpers --------------------------------------------------------------------- */

/* `n` addresses packed: `first` on `port`, then the loopback addresses
 * 127.0.0.2, ... (as IPv4, or v4-mapped IPv6 when `v6`) on `port`. Returns the
 * bytes used in `out`. */
static size_t pack_loopback_addresses(char *out, const char *first, uint16_t port, int n, bool v6)
{
	struct address a = address_of(first, port);
	memcpy(out, &a.ss, a.len);
	size_t used = a.len;
	for (int i = 1; i < n; i++) {
		char ip[64];
		snprintf(ip, sizeof ip, v6 ? "::ffff:127.0.0.%d" : "127.0.0.%d", i + 1);
		a = address_of(ip, port);
		memcpy(out + used, &a.ss, a.len);
		used += a.len;
	}
	return used;
}

/* 127.0.0.1, 127.0.0.2 and 127.0.0.3 on `port`, packed. */
struct three_ipv4 {
	char bytes[3 * sizeof(struct sockaddr_in)];
};

static struct three_ipv4 three_loopback_ipv4(uint16_t port)
{
	struct three_ipv4 list;
	pack_loopback_addresses(list.bytes, "127.0.0.1", port, 3, false);
	return list;
}

static struct sctp_sendv_spa all_three(sctp_assoc_t id)
{
	struct sctp_sendv_spa spa;
	memset(&spa, 0, sizeof spa);
	spa.sendv_flags = SCTP_SEND_SNDINFO_VALID | SCTP_SEND_PRINFO_VALID | SCTP_SEND_AUTHINFO_VALID;
	spa.sendv_sndinfo.snd_sid = 1;
	spa.sendv_sndinfo.snd_ppid = 7;
	spa.sendv_sndinfo.snd_assoc_id = id;
	spa.sendv_prinfo.pr_policy = SCTP_PR_SCTP_TTL;
	spa.sendv_prinfo.pr_value = 60000;
	spa.sendv_authinfo.auth_keynumber = 0;
	return spa;
}

/* lksctp's sctp_sendv mallocs its control buffer for more than one address:
 * a cost, no harm, so these counts are this library's own. */
#define SENDV_MALLOC "this library's own cost: lksctp's sctp_sendv mallocs for several addresses"

/* --- no SCTP kernel: UDP ------------------------------------------------------------ */

Test(allocations, sctp_sendmsg_allocates_nothing)
{
	struct udp_pair u = udp_pair_open(AF_INET);
	ASSERT_NO_ALLOCATION("sctp_sendmsg", udp_drain(&u),
			     sctp_sendmsg(u.sender, "m", 1, NULL, 0, 5, SCTP_UNORDERED, 1, 0, 9), EXPECT(1));
	udp_pair_close(&u);
}

Test(allocations, sctp_send_allocates_nothing)
{
	struct udp_pair u = udp_pair_open(AF_INET);
	struct sctp_sndrcvinfo info;
	memset(&info, 0, sizeof info);
	info.sinfo_stream = 1;
	info.sinfo_ppid = 5;
	ASSERT_NO_ALLOCATION("sctp_send", udp_drain(&u), sctp_send(u.sender, "s", 1, &info, 0), EXPECT(1));
	udp_pair_close(&u);
}

Test(allocations, sctp_sendv_with_no_info_allocates_nothing)
{
	struct udp_pair u = udp_pair_open(AF_INET);
	struct iovec v = iov_of("v");
	ASSERT_NO_ALLOCATION("sctp_sendv (SCTP_SENDV_NOINFO)", udp_drain(&u),
			     sctp_sendv(u.sender, &v, 1, NULL, 0, NULL, 0, SCTP_SENDV_NOINFO, 0), EXPECT(1));
	udp_pair_close(&u);
}

Test(allocations, sctp_sendv_with_all_three_attributes_allocates_nothing)
{
	KNOWN_UPSTREAM_DIVERGENCE_IN_1_0_19("sendv-spa-overflow");
	struct udp_pair u = udp_pair_open(AF_INET);
	struct iovec v = iov_of("v");
	struct sctp_sendv_spa spa = all_three(0);
	ASSERT_NO_ALLOCATION("sctp_sendv (SCTP_SENDV_SPA, all three)", udp_drain(&u),
			     sctp_sendv(u.sender, &v, 1, NULL, 0, &spa, sizeof spa, SCTP_SENDV_SPA, 0), EXPECT(1));
	udp_pair_close(&u);
}

Test(allocations, sctp_sendv_to_3_addresses_allocates_nothing)
{
	NOT_IN_LKSCTP(SENDV_MALLOC);
	struct udp_pair u = udp_pair_open(AF_INET);
	struct three_ipv4 packed = three_loopback_ipv4(u.port);
	struct iovec v = iov_of("v");
	ASSERT_NO_ALLOCATION("sctp_sendv (3 addresses)", udp_drain(&u),
			     sctp_sendv(u.sender, &v, 1, (struct sockaddr *)packed.bytes, 3, NULL, 0, SCTP_SENDV_NOINFO, 0),
			     EXPECT(1));
	udp_pair_close(&u);
}

Test(allocations, sctp_sendv_to_40_addresses_allocates_nothing)
{
	/* 39 SCTP_DSTADDRV6 messages and the three attributes: 1328 bytes of
	 * control data, beyond the 1 KiB that Embedded Swift's temporary
	 * allocations keep on the stack. */
	NOT_IN_LKSCTP(SENDV_MALLOC);
	struct udp_pair u = udp_pair_open(AF_INET6);
	char packed[40 * sizeof(struct sockaddr_in6)];
	pack_loopback_addresses(packed, "::1", u.port, 40, true);
	struct iovec v = iov_of("v");
	struct sctp_sendv_spa spa = all_three(0);
	size_t control = 39 * CMSG_SPACE(sizeof(struct in6_addr)) + CMSG_SPACE(sizeof(struct sctp_sndinfo)) +
			 CMSG_SPACE(sizeof(struct sctp_prinfo)) + CMSG_SPACE(sizeof(struct sctp_authinfo));
	cr_log_info("sctp_sendv to 40 addresses: %zu bytes of control data", control);
	cr_assert_gt(control, 1024);
	ASSERT_NO_ALLOCATION("sctp_sendv (40 addresses)", udp_drain(&u),
			     sctp_sendv(u.sender, &v, 1, (struct sockaddr *)packed, 40, &spa, sizeof spa,
					SCTP_SENDV_SPA, 0),
			     EXPECT(1));
	udp_pair_close(&u);
}

Test(allocations, sctp_sendx_allocates_nothing)
{
	find_sendx();
	struct udp_pair u = udp_pair_open(AF_INET);
	struct three_ipv4 packed = three_loopback_ipv4(u.port);
	struct sctp_sndrcvinfo info;
	memset(&info, 0, sizeof info);
	info.sinfo_ppid = 3;
	ASSERT_NO_ALLOCATION("sctp_sendx (3 addresses)", udp_drain(&u),
			     sctp_sendx(u.sender, "x", 1, (struct sockaddr *)packed.bytes, 3, &info, 0), EXPECT(1));
	udp_pair_close(&u);
}

/* The arguments of an sctp_recvmsg or sctp_recvv call with room for a name
 * and the attributes; receive_arguments_reset sets the in-out ones before
 * each call. */
struct receive_arguments {
	char buf[16];
	struct iovec v;
	struct sockaddr_storage from;
	socklen_t fromlen, infolen;
	struct sctp_sndrcvinfo sndrcvinfo;
	struct sctp_recvv_rn rn;
	unsigned int type;
	int flags;
};

static void receive_arguments_reset(struct receive_arguments *a)
{
	a->v = (struct iovec){ a->buf, sizeof a->buf };
	a->fromlen = sizeof a->from;
	a->infolen = sizeof a->rn;
	a->flags = 0;
}

static int recvmsg_with(int fd, struct receive_arguments *a)
{
	return sctp_recvmsg(fd, a->buf, sizeof a->buf, (struct sockaddr *)&a->from, &a->fromlen, &a->sndrcvinfo,
			    &a->flags);
}

static int recvv_with(int fd, struct receive_arguments *a)
{
	return sctp_recvv(fd, &a->v, 1, (struct sockaddr *)&a->from, &a->fromlen, &a->rn, &a->infolen, &a->type,
			  &a->flags);
}

/* Queues CALLS datagrams on the receiver. */
static void udp_queue(struct udp_pair *u, int n)
{
	for (int i = 0; i < n; i++)
		cr_assert_eq(send(u->sender, "queued", 6, 0), 6, "send: %s", strerror(errno));
	wait_readable(u->receiver);
}

/* `receive` of one queued datagram, CALLS times, allocates nothing. */
static void assert_udp_receive_allocates_nothing(const char *what, int (*receive)(int fd, struct receive_arguments *a))
{
	struct udp_pair u = udp_pair_open(AF_INET);
	udp_queue(&u, CALLS);
	struct receive_arguments a;
	ASSERT_NO_ALLOCATION(what, receive_arguments_reset(&a), receive(u.receiver, &a), EXPECT(6));
	udp_pair_close(&u);
}

Test(allocations, sctp_recvmsg_allocates_nothing)
{
	assert_udp_receive_allocates_nothing("sctp_recvmsg", recvmsg_with);
}

Test(allocations, sctp_recvv_allocates_nothing)
{
	assert_udp_receive_allocates_nothing("sctp_recvv", recvv_with);
}

Test(allocations, sctp_bindx_connectx_opt_info_and_peeloff_allocate_nothing_on_their_error_path)
{
	/* UDP has no SOL_SCTP options: each reaches the kernel and fails there. */
	int fd = sctp_test_udp_socket(AF_INET);
	struct three_ipv4 packed = three_loopback_ipv4(9);
	ASSERT_NO_ALLOCATION("sctp_bindx (UDP)", (void)0,
			     sctp_bindx(fd, (struct sockaddr *)packed.bytes, 3, SCTP_BINDX_ADD_ADDR), EXPECT(-1));
	sctp_assoc_t id;
	ASSERT_NO_ALLOCATION("sctp_connectx (UDP)", (void)0, sctp_connectx(fd, (struct sockaddr *)packed.bytes, 3, &id),
			     EXPECT(-1));
	struct sctp_status status;
	socklen_t len;
	ASSERT_NO_ALLOCATION("sctp_opt_info (UDP)", len = sizeof status,
			     sctp_opt_info(fd, 0, SCTP_STATUS, &status, &len), EXPECT(-1));
	ASSERT_NO_ALLOCATION("sctp_peeloff (UDP)", (void)0, sctp_peeloff(fd, 1), EXPECT(-1));
	close(fd);
}

/* --- real SCTP kernel ----------------------------------------------------------------- */

/* Bounded wait until the server's association received `n` DATA chunks. */
static void wait_chunks(int fd, sctp_assoc_t id, uint64_t n)
{
	uint64_t got = 0;
	for (int ms = 0; ms < WAIT_MS; ms++) {
		uint64_t ordered, unordered;
		sctp_test_chunks_received(fd, id, &ordered, &unordered);
		got = ordered + unordered;
		if (got >= n)
			return;
		usleep(1000);
	}
	cr_assert_fail("%llu DATA chunks arrived within %d ms, expected %llu", (unsigned long long)got, WAIT_MS,
		       (unsigned long long)n);
}

/* Reads every message queued on the server, so that its window stays open. */
static void drain(int fd)
{
	char buf[256];
	while (recv(fd, buf, sizeof buf, MSG_DONTWAIT) >= 0)
		;
}

Test(allocations_kernel, sctp_sendmsg_allocates_nothing)
{
	struct sctp_test_pair p = sctp_test_connect_pair(AF_INET, SOCK_STREAM, "127.0.0.1");
	ASSERT_NO_ALLOCATION("sctp_sendmsg", drain(p.server),
			     sctp_sendmsg(p.client, "m", 1, NULL, 0, 5, 0, 1, 0, 9), EXPECT(1));
	sctp_test_close_pair(&p);
}

Test(allocations_kernel, sctp_send_allocates_nothing)
{
	struct sctp_test_pair p = sctp_test_connect_pair(AF_INET6, SOCK_SEQPACKET, "::1");
	struct sctp_sndrcvinfo info;
	memset(&info, 0, sizeof info);
	info.sinfo_stream = 1;
	info.sinfo_assoc_id = p.client_assoc;
	ASSERT_NO_ALLOCATION("sctp_send", drain(p.server), sctp_send(p.client, "s", 1, &info, 0), EXPECT(1));
	sctp_test_close_pair(&p);
}

Test(allocations_kernel, sctp_sendv_with_no_info_allocates_nothing)
{
	struct sctp_test_pair p = sctp_test_connect_pair(AF_INET, SOCK_STREAM, "127.0.0.1");
	struct iovec v[2] = { iov_of("v"), iov_of("w") };
	ASSERT_NO_ALLOCATION("sctp_sendv (SCTP_SENDV_NOINFO)", drain(p.server),
			     sctp_sendv(p.client, v, 2, NULL, 0, NULL, 0, SCTP_SENDV_NOINFO, 0), EXPECT(2));
	sctp_test_close_pair(&p);
}

Test(allocations_kernel, sctp_sendv_with_all_three_attributes_allocates_nothing)
{
	KNOWN_UPSTREAM_DIVERGENCE_IN_1_0_19("sendv-spa-overflow");
	struct sctp_test_pair p = sctp_test_connect_pair(AF_INET, SOCK_SEQPACKET, "127.0.0.1");
	struct iovec v = iov_of("v");
	struct sctp_sendv_spa spa = all_three(p.client_assoc);
	ASSERT_NO_ALLOCATION("sctp_sendv (SCTP_SENDV_SPA, all three)", drain(p.server),
			     sctp_sendv(p.client, &v, 1, NULL, 0, &spa, sizeof spa, SCTP_SENDV_SPA, 0), EXPECT(1));
	sctp_test_close_pair(&p);
}

/* A one-to-many server on `first` and, with sctp_bindx, on 127.0.0.2 and
 * 127.0.0.3 when `multihomed`. */
static int server_socket(int family, const char *first, bool multihomed, uint16_t *port)
{
	int fd = sctp_test_socket(family, SOCK_SEQPACKET);
	struct address a = address_of(first, 0);
	cr_assert_eq(bind(fd, (struct sockaddr *)&a.ss, a.len), 0, "bind: %s", strerror(errno));
	*port = sctp_test_local_port(fd);
	if (multihomed) {
		char packed[2 * sizeof(struct sockaddr_in)];
		struct address b = address_of("127.0.0.2", *port), c = address_of("127.0.0.3", *port);
		memcpy(packed, &b.ss, b.len);
		memcpy(packed + b.len, &c.ss, c.len);
		cr_assert_eq(sctp_bindx(fd, (struct sockaddr *)packed, 2, SCTP_BINDX_ADD_ADDR), 0, "sctp_bindx: %s",
			     strerror(errno));
	}
	cr_assert_eq(listen(fd, 128), 0);
	return fd;
}

Test(allocations_kernel, sctp_sendv_to_3_addresses_allocates_nothing)
{
	/* The first call sets the association up; the others send on it. */
	NOT_IN_LKSCTP(SENDV_MALLOC);
	uint16_t port;
	int server = server_socket(AF_INET, "127.0.0.1", true, &port);
	int client = sctp_test_socket(AF_INET, SOCK_SEQPACKET);
	struct three_ipv4 packed = three_loopback_ipv4(port);
	struct iovec v = iov_of("v");
	struct sctp_sndinfo info;
	memset(&info, 0, sizeof info);
	ASSERT_NO_ALLOCATION("sctp_sendv (3 addresses)", drain(server),
			     sctp_sendv(client, &v, 1, (struct sockaddr *)packed.bytes, 3, &info, sizeof info,
					SCTP_SENDV_SNDINFO, 0),
			     EXPECT(1));
	close(client);
	close(server);
}

Test(allocations_kernel, sctp_sendv_to_40_addresses_allocates_nothing)
{
	NOT_IN_LKSCTP(SENDV_MALLOC);
	uint16_t port;
	int server = server_socket(AF_INET6, "::1", false, &port);
	int client = sctp_test_socket(AF_INET6, SOCK_SEQPACKET);
	char packed[40 * sizeof(struct sockaddr_in6)];
	pack_loopback_addresses(packed, "::1", port, 40, true);
	struct iovec v = iov_of("v");
	ASSERT_NO_ALLOCATION("sctp_sendv (40 addresses)", drain(server),
			     sctp_sendv(client, &v, 1, (struct sockaddr *)packed, 40, NULL, 0, SCTP_SENDV_NOINFO, 0),
			     EXPECT(1));
	close(client);
	close(server);
}

Test(allocations_kernel, sctp_sendx_allocates_nothing)
{
	find_sendx();
	uint16_t port;
	int server = server_socket(AF_INET, "127.0.0.1", true, &port);
	int client = sctp_test_socket(AF_INET, SOCK_SEQPACKET);
	struct three_ipv4 packed = three_loopback_ipv4(port);
	struct sctp_sndrcvinfo info;
	ASSERT_NO_ALLOCATION("sctp_sendx (3 addresses)", {
				     drain(server);
				     memset(&info, 0, sizeof info);
			     },
			     sctp_sendx(client, "x", 1, (struct sockaddr *)packed.bytes, 3, &info, 0), EXPECT(1));
	close(client);
	close(server);
}

Test(allocations_kernel, sctp_recvmsg_allocates_nothing)
{
	struct sctp_test_pair p = sctp_test_connect_pair(AF_INET, SOCK_SEQPACKET, "127.0.0.1");
	struct sctp_event_subscribe events;
	memset(&events, 0, sizeof events);
	events.sctp_data_io_event = 1;
	cr_assert_eq(setsockopt(p.server, SOL_SCTP, SCTP_EVENTS, &events, sizeof events), 0);
	struct sockaddr_in to = sctp_test_v4("127.0.0.1", p.port);
	for (int i = 0; i < CALLS; i++)
		cr_assert_eq(sctp_sendmsg(p.client, "queued", 6, (struct sockaddr *)&to, sizeof to, 0, 0, 0, 0, 0), 6);
	wait_chunks(p.server, p.server_assoc, CALLS);
	struct receive_arguments a;
	ASSERT_NO_ALLOCATION("sctp_recvmsg", receive_arguments_reset(&a), recvmsg_with(p.server, &a),
			     { EXPECT(6); cr_assert_eq(a.sndrcvinfo.sinfo_assoc_id, p.server_assoc); });
	sctp_test_close_pair(&p);
}

Test(allocations_kernel, sctp_recvv_with_both_attributes_allocates_nothing)
{
	struct sctp_test_pair p = sctp_test_connect_pair(AF_INET6, SOCK_STREAM, "::1");
	sctp_test_enable(p.server, SCTP_RECVRCVINFO);
	sctp_test_enable(p.server, SCTP_RECVNXTINFO);
	for (int i = 0; i <= CALLS; i++)
		cr_assert_eq(sctp_sendmsg(p.client, "queued", 6, NULL, 0, 0, 0, 0, 0, 0), 6);
	wait_chunks(p.server, p.server_assoc, CALLS + 1);
	struct receive_arguments a;
	ASSERT_NO_ALLOCATION("sctp_recvv (SCTP_RECVV_RN)", receive_arguments_reset(&a), recvv_with(p.server, &a),
			     { EXPECT(6); cr_assert_eq(a.type, SCTP_RECVV_RN, "call %d: *infotype %u", i_, a.type); });
	sctp_test_close_pair(&p);
}

Test(allocations_kernel, sctp_bindx_allocates_nothing)
{
	int fd = sctp_test_socket(AF_INET, SOCK_SEQPACKET);
	struct sockaddr_in first = sctp_test_v4("127.0.0.1", 0);
	cr_assert_eq(bind(fd, (struct sockaddr *)&first, sizeof first), 0);
	struct sockaddr_in second = sctp_test_v4("127.0.0.2", sctp_test_local_port(fd));
	/* Added and removed in turn: each call succeeds. */
	ASSERT_NO_ALLOCATION("sctp_bindx", (void)0,
			     sctp_bindx(fd, (struct sockaddr *)&second, 1,
					i_ % 2 == 0 ? SCTP_BINDX_ADD_ADDR : SCTP_BINDX_REM_ADDR),
			     EXPECT(0));
	close(fd);
}

Test(allocations_kernel, sctp_connectx_allocates_nothing)
{
	uint16_t port;
	int server = server_socket(AF_INET, "127.0.0.1", true, &port);
	struct three_ipv4 packed = three_loopback_ipv4(port);
	int client = -1;
	sctp_assoc_t id;
	/* A new client each time: every call sets up an association. */
	ASSERT_NO_ALLOCATION("sctp_connectx", {
				     close(client);
				     client = sctp_test_socket(AF_INET, SOCK_STREAM);
			     },
			     sctp_connectx(client, (struct sockaddr *)packed.bytes, 3, &id), EXPECT(0));
	close(client);
	close(server);
}

Test(allocations_kernel, sctp_opt_info_allocates_nothing)
{
	struct sctp_test_pair p = sctp_test_connect_pair(AF_INET, SOCK_SEQPACKET, "127.0.0.1");
	struct sctp_status status;
	socklen_t len;
	ASSERT_NO_ALLOCATION("sctp_opt_info (SCTP_STATUS)", (len = sizeof status),
			     sctp_opt_info(p.client, p.client_assoc, SCTP_STATUS, &status, &len),
			     { EXPECT(0); cr_assert_eq(status.sstat_assoc_id, p.client_assoc); });
	sctp_test_close_pair(&p);
}

Test(allocations_kernel, sctp_peeloff_allocates_nothing)
{
	uint16_t port;
	int server = server_socket(AF_INET, "127.0.0.1", false, &port);
	struct sockaddr_in to = sctp_test_v4("127.0.0.1", port);
	int client = -1, peeled = -1;
	sctp_assoc_t id = 0;
	/* A new association each time, peeled off the server. */
	ASSERT_NO_ALLOCATION("sctp_peeloff",
			     {
				     close(peeled);
				     close(client);
				     client = sctp_test_socket(AF_INET, SOCK_STREAM);
				     cr_assert_eq(connect(client, (struct sockaddr *)&to, sizeof to), 0);
				     id = sctp_test_first_association(server);
			     },
			     peeled = sctp_peeloff(server, id), cr_assert_geq(rc_, 0, "sctp_peeloff: %s", strerror(errno_)));
	close(peeled);
	close(client);
	close(server);
}

/* sctp_getpaddrs/sctp_getladdrs: one allocation per call, freed by the free
 * call. */
static void one_allocation_per_list(const char *what, int (*get)(int, sctp_assoc_t, struct sockaddr **),
				    int (*release_list)(struct sockaddr *), int fd, sctp_assoc_t id, int expected)
{
	size_t allocations = 0, frees = 0;
	for (int i = 0; i < CALLS; i++) {
		struct sockaddr *list = NULL;
		window_open();
		int n = get(fd, id, &list);
		size_t made = window_close();
		cr_assert_eq(n, expected, "%s returned %d, expected %d", what, n, expected);
		cr_assert_eq(made, 1, "%s: %zu allocations for one list, expected 1", what, made);
		allocations += made;
		/* The free call frees the list (watched as live) and allocates nothing. */
		sctp_test_alloc_watch(list);
		release_list(list);
		sctp_test_alloc_stop();
		cr_assert_eq(sctp_test_alloc_count(), 0);
		cr_assert_eq(sctp_test_alloc_frees(), 1, "the free call made %zu frees, expected 1", sctp_test_alloc_frees());
		cr_assert_eq(sctp_test_alloc_live(NULL, NULL, 0), 0, "the free call did not free the list");
		frees++;
	}
	cr_log_info("%s: %zu allocations in %d calls, %zu frees", what, allocations, CALLS, frees);
	cr_assert_eq(allocations, CALLS);
}

Test(allocations_kernel, sctp_getpaddrs_allocates_once_per_call_and_sctp_freepaddrs_frees_it)
{
	uint16_t port;
	int server = server_socket(AF_INET, "127.0.0.1", true, &port);
	int client = sctp_test_socket(AF_INET, SOCK_SEQPACKET);
	struct sockaddr_in to = sctp_test_v4("127.0.0.1", port);
	cr_assert_eq(connect(client, (struct sockaddr *)&to, sizeof to), 0);
	one_allocation_per_list("sctp_getpaddrs", sctp_getpaddrs, sctp_freepaddrs, client,
				sctp_test_first_association(client), 3);
	close(client);
	close(server);
}

Test(allocations_kernel, sctp_getladdrs_allocates_once_per_call_and_sctp_freeladdrs_frees_it)
{
	uint16_t port;
	int server = server_socket(AF_INET, "127.0.0.1", true, &port);
	one_allocation_per_list("sctp_getladdrs", sctp_getladdrs, sctp_freeladdrs, server, 0, 3);
	close(server);
}
