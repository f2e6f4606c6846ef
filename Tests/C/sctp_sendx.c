/* sctp_sendx, RFC 6458 section 9.11 (deprecated there for sctp_sendv): send a
 * message to the association with a list of addresses, setting it up
 * implicitly when there is none, with a struct sctp_sndrcvinfo (section
 * 5.3.2) as its attributes.
 *
 * lksctp has no sctp_sendx, and every test is skipped against Debian's
 * library (NOT_IN_LKSCTP). The function is looked up with dlsym(3) rather than
 * declared weak: a weak reference still binds to our version node VERS_4, and
 * the dynamic linker refuses to load the whole suite against lksctp, which
 * lacks that node ("version `VERS_4' not found"). Below, sctp_sendx(...)
 * calls through the pointer found.
 *
 * Suite sctp_sendx: argument checks and bad descriptors, and over UDP (which
 * ignores the SCTP ancillary data) that the first address is the
 * destination and flags reach sendmsg(2). Suite sctp_sendx_kernel: implicit
 * association setup and sends on a real SCTP kernel; the receiver reads with
 * plain recvmsg(2). */
#include "sctp_test.h"

#include <dlfcn.h>
#include <poll.h>

static __typeof__(&sctp_sendx) sx_sendx;
#define sctp_sendx(...) sx_sendx(__VA_ARGS__)

/* Every test starts with this: against lksctp there is nothing to test. */
#define SX_REQUIRE_SENDX()                                                                         \
	do {                                                                                       \
		sx_sendx = (__typeof__(sx_sendx))dlsym(RTLD_DEFAULT, SCTP_TEST_SENDX_SYMBOL);      \
		if (sx_sendx == NULL)                                                              \
			NOT_IN_LKSCTP("lksctp has no sctp_sendx");                                 \
		cr_assert_not_null(sx_sendx, "the library has no sctp_sendx");                    \
	} while (0)

/* --- helpers -------------------------------------------------------------- */

/* Reads data messages, skipping notifications, until one comes (at most 16). */
static struct received_sndrcv sx_receive_data(int fd, void *buf, size_t cap)
{
	for (int i = 0; i < 16; i++) {
		struct received_sndrcv r = receive_sndrcv(fd, buf, cap);
		if (!(r.flags & MSG_NOTIFICATION))
			return r;
	}
	cr_assert_fail("no data among 16 messages");
	abort();
}

/* `sa` as "ip:port", an IPv4-mapped IPv6 address shown as the IPv4 one. */
static void sx_format(const struct sockaddr *sa, char *out, size_t size)
{
	char ip[INET6_ADDRSTRLEN];
	uint16_t port;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *a = (const struct sockaddr_in *)sa;
		inet_ntop(AF_INET, &a->sin_addr, ip, sizeof ip);
		port = ntohs(a->sin_port);
	} else {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)sa;
		if (IN6_IS_ADDR_V4MAPPED(&a->sin6_addr))
			inet_ntop(AF_INET, &a->sin6_addr.s6_addr[12], ip, sizeof ip);
		else
			inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof ip);
		port = ntohs(a->sin6_port);
	}
	snprintf(out, size, "%s:%u", ip, port);
}

static int sx_compare_strings(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* Sorts `count` strings of 64 bytes in `strings` and joins them with spaces. */
static void sx_join_sorted(char (*strings)[64], int count, char *out, size_t size)
{
	qsort(strings, (size_t)count, 64, sx_compare_strings);
	out[0] = '\0';
	for (int i = 0; i < count; i++) {
		if (i > 0)
			strncat(out, " ", size - strlen(out) - 1);
		strncat(out, strings[i], size - strlen(out) - 1);
	}
}

/* The peer addresses of association `id` on `fd` (sctp_getpaddrs), sorted
 * and joined. */
static void sx_peer_set(int fd, sctp_assoc_t id, char *out, size_t size)
{
	struct sockaddr *addrs = NULL;
	int n = sctp_getpaddrs(fd, id, &addrs);
	cr_assert_gt(n, 0, "sctp_getpaddrs: %d (%s)", n, strerror(errno));
	cr_assert_leq(n, 8);
	char strings[8][64];
	const char *p = (const char *)addrs;
	for (int i = 0; i < n; i++) {
		const struct sockaddr *sa = (const struct sockaddr *)p;
		sx_format(sa, strings[i], sizeof strings[i]);
		p += sa->sa_family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
	}
	sctp_freepaddrs(addrs);
	sx_join_sorted(strings, n, out, size);
}

/* The expected set of `count` literals with `port`, as sx_peer_set gives it. */
static void sx_expected_set(const char *const *ips, int count, uint16_t port, char *out, size_t size)
{
	char strings[8][64];
	cr_assert_leq(count, 8);
	for (int i = 0; i < count; i++)
		snprintf(strings[i], sizeof strings[i], "%s:%u", ips[i], port);
	sx_join_sorted(strings, count, out, size);
}

/* A listening one-to-many socket bound with sctp_bindx to every literal in
 * `ips` on one ephemeral port, stored in *port. */
static int sx_listener_on(int family, const char *const *ips, int count, uint16_t *port)
{
	int fd = sctp_test_socket(family, SOCK_SEQPACKET);
	char first[sizeof(struct sockaddr_in6)];
	size_t len = pack_addresses(first, ips, 1, 0);
	cr_assert_eq(bind(fd, (struct sockaddr *)first, (socklen_t)len), 0, "bind(%s): %s", ips[0],
		     strerror(errno));
	*port = sctp_test_local_port(fd);
	if (count > 1) {
		char rest[8 * sizeof(struct sockaddr_in6)];
		pack_addresses(rest, ips + 1, count - 1, *port);
		cr_assert_eq(sctp_bindx(fd, (struct sockaddr *)rest, count - 1, SCTP_BINDX_ADD_ADDR), 0,
			     "sctp_bindx: %s", strerror(errno));
	}
	cr_assert_eq(listen(fd, 8), 0);
	return fd;
}

/* 127.0.0.1:port0 and 127.0.0.2:port1 into list. */
static void sx_two_addresses(struct sockaddr_in list[2], uint16_t port0, uint16_t port1)
{
	list[0] = sctp_test_v4("127.0.0.1", port0);
	list[1] = sctp_test_v4("127.0.0.2", port1);
}

/* A UDP socket bound to 127.0.0.1 (its port beside it) and an unconnected
 * sender. */
struct sx_udp {
	int receiver, sender;
	uint16_t port; /* the receiver's */
};

static struct sx_udp sx_udp_open(void)
{
	struct sx_udp u = { .receiver = sctp_test_udp_socket(AF_INET) };
	struct sockaddr_in any = sctp_test_v4("127.0.0.1", 0);
	cr_assert_eq(bind(u.receiver, (struct sockaddr *)&any, sizeof any), 0);
	u.port = sctp_test_local_port(u.receiver);
	u.sender = sctp_test_udp_socket(AF_INET);
	return u;
}

static void sx_udp_close(struct sx_udp *u)
{
	close(u->sender);
	close(u->receiver);
}

/* sctp_sendx of one byte from a UDP socket to the first `count` addresses
 * of `list` fails with EINVAL. */
static void sx_list_gives_EINVAL(struct sockaddr_in *list, int count)
{
	int fd = sctp_test_udp_socket(AF_INET);
	assert_fails_with(sctp_sendx(fd, "x", 1, (struct sockaddr *)list, count, NULL, 0), EINVAL);
	close(fd);
}

/* --- no SCTP kernel needed ------------------------------------------------- */

/* "addrs: An array of addresses": NULL is EFAULT. */
Test(sctp_sendx, addrs_is_an_array_of_addresses_so_NULL_gives_EFAULT)
{
	SX_REQUIRE_SENDX();
	int fd = sctp_test_udp_socket(AF_INET);
	struct sctp_sndrcvinfo sinfo = { 0 };
	assert_fails_with(sctp_sendx(fd, "x", 1, NULL, 1, &sinfo, 0), EFAULT);
	close(fd);
}

/* "addrcnt: The number of addresses in the array": 0 or fewer is EINVAL. */
Test(sctp_sendx, addrcnt_is_the_number_of_addresses_so_zero_or_less_gives_EINVAL)
{
	SX_REQUIRE_SENDX();
	int fd = sctp_test_udp_socket(AF_INET);
	struct sockaddr_in a = sctp_test_v4("127.0.0.1", 9);
	int counts[] = { 0, -1, -2147483647 - 1 };
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		errno = 0;
		ssize_t n = sctp_sendx(fd, "x", 1, (struct sockaddr *)&a, counts[i], NULL, 0);
		cr_assert_eq(n, -1, "addrcnt %d: %zd", counts[i], n);
		cr_assert_eq(errno, EINVAL, "addrcnt %d: errno %d (%s)", counts[i], errno, strerror(errno));
	}
	close(fd);
}

/* "addrs: An array of addresses" (IPv4 or IPv6): another family, first or
 * later in the list, is EINVAL. */
Test(sctp_sendx, addrs_of_a_family_other_than_IPv4_or_IPv6_give_EINVAL)
{
	SX_REQUIRE_SENDX();
	struct sockaddr_in list[2];
	sx_two_addresses(list, 9, 9);
	list[1].sin_family = AF_UNIX;
	sx_list_gives_EINVAL(list, 2);
	list[0].sin_family = AF_UNSPEC;
	sx_list_gives_EINVAL(list, 1);
}

/* "the list of addresses serves the same purpose as the addresses given in
 * sctp_connectx()": those of one peer, so one port; two ports are EINVAL. */
Test(sctp_sendx, addresses_with_different_ports_give_EINVAL)
{
	SX_REQUIRE_SENDX();
	struct sockaddr_in list[2];
	sx_two_addresses(list, 9000, 9001);
	sx_list_gives_EINVAL(list, 2);
}

/* "sd: The socket descriptor"; "The call returns ... -1 if an error occurred.
 * The variable errno is then set appropriately." */
Test(sctp_sendx, sd_is_the_socket_descriptor_so_a_bad_one_gives_EBADF)
{
	SX_REQUIRE_SENDX();
	struct sockaddr_in a = sctp_test_v4("127.0.0.1", 9);
	assert_fails_with(sctp_sendx(-1, "x", 1, (struct sockaddr *)&a, 1, NULL, 0), EBADF);
}

Test(sctp_sendx, sd_is_the_socket_descriptor_so_a_non_socket_gives_ENOTSOCK)
{
	SX_REQUIRE_SENDX();
	int fd = sctp_test_file_descriptor();
	struct sockaddr_in a = sctp_test_v4("127.0.0.1", 9);
	struct sctp_sndrcvinfo sinfo = { 0 };
	assert_fails_with(sctp_sendx(fd, "x", 1, (struct sockaddr *)&a, 1, &sinfo, 0), ENOTSOCK);
	cr_assert_eq(sinfo.sinfo_assoc_id, 0, "sinfo_assoc_id written after a failure");
	close(fd);
}

/* "msg: The message to be sent. len: The length of the message"; "The call
 * returns the number of bytes sent": over UDP the datagram goes to the first
 * address (the destination; the others travel as SCTP ancillary data, which
 * UDP ignores). */
Test(sctp_sendx, the_message_goes_to_the_first_address_and_its_length_is_returned)
{
	SX_REQUIRE_SENDX();
	struct sx_udp u = sx_udp_open();
	struct sockaddr_in list[2];
	sx_two_addresses(list, u.port, u.port);
	struct sctp_sndrcvinfo sinfo = { .sinfo_ppid = 3 };
	cr_assert_eq(sctp_sendx(u.sender, "sendx", 5, (struct sockaddr *)list, 2, &sinfo, 0), 5, "%s",
		     strerror(errno));
	struct pollfd pfd = { .fd = u.receiver, .events = POLLIN };
	cr_assert_eq(poll(&pfd, 1, 5000), 1, "the datagram did not arrive at the first address");
	char buf[16];
	cr_assert_eq(recv(u.receiver, buf, sizeof buf, 0), 5);
	cr_assert_arr_eq(buf, "sendx", 5);
	sx_udp_close(&u);
}

/* "flags: The same flags as used by the sendmsg() call flags": UDP refuses
 * MSG_OOB with EOPNOTSUPP, which it can only do if the flag reached it. */
Test(sctp_sendx, flags_are_the_flags_of_sendmsg)
{
	SX_REQUIRE_SENDX();
	struct sx_udp u = sx_udp_open();
	struct sockaddr_in a = sctp_test_v4("127.0.0.1", u.port);
	assert_fails_with(sctp_sendx(u.sender, "x", 1, (struct sockaddr *)&a, 1, NULL, MSG_OOB), EOPNOTSUPP);
	cr_assert_eq(sctp_sendx(u.sender, "x", 1, (struct sockaddr *)&a, 1, NULL, MSG_DONTWAIT), 1);
	sx_udp_close(&u);
}

/* --- real SCTP kernel -------------------------------------------------------- */

static const char *const server3[] = { "127.0.0.1", "127.0.0.2", "127.0.0.3" };

/* For an implicit setup: a one-to-many server of `family` listening on the
 * first `count` of `ips` (sx_listener_on) that gets SCTP_SNDRCV with each
 * message, and a one-to-many client, not connected. */
struct sx_implicit {
	int server, client;
	uint16_t port;
};

static struct sx_implicit sx_implicit_open(int family, const char *const *ips, int count)
{
	struct sx_implicit t;
	t.server = sx_listener_on(family, ips, count, &t.port);
	subscribe_events(t.server, true, false, false, false);
	t.client = sctp_test_socket(family, SOCK_SEQPACKET);
	return t;
}

static void sx_implicit_close(struct sx_implicit *t)
{
	close(t->client);
	close(t->server);
}

/* After sctp_sendx to `ips` (`count`, on `port`) set the association up:
 * the client has that one association, whose id sctp_sendx wrote to
 * sinfo_assoc_id (`id`), with all of `ips` as its peer addresses and the
 * first as its primary path. */
static void sx_assert_the_association_set_up(int client, sctp_assoc_t id, const char *const *ips, int count,
					     uint16_t port)
{
	sctp_assoc_t ids[16];
	cr_assert_eq(association_ids(client, ids, 16), 1);
	cr_assert_eq(id, ids[0], "sinfo_assoc_id %d, the association is %d", id, ids[0]);
	char got[256], expected[256];
	sx_peer_set(client, ids[0], got, sizeof got);
	sx_expected_set(ips, count, port, expected, sizeof expected);
	cr_assert_str_eq(got, expected);

	struct sctp_prim primary = { .ssp_assoc_id = ids[0] };
	socklen_t len = sizeof primary;
	cr_assert_eq(getsockopt(client, SOL_SCTP, SCTP_PRIMARY_ADDR, &primary, &len), 0);
	sx_format((struct sockaddr *)&primary.ssp_addr, got, sizeof got);
	snprintf(expected, sizeof expected, "%s:%u", ips[0], port);
	cr_assert_str_eq(got, expected, "the primary path is not the first address given");
}

/* "The list of addresses is provided for implicit association setup"; "in
 * the case of implicit connection setup, on return from this call, the
 * sinfo_assoc_id field of the sinfo structure will contain the new
 * association identifier". Server bound to 127.0.0.1-3: the client's one
 * association has the id sinfo holds, all three as peer addresses, the first
 * given (127.0.0.3) as primary; the message arrives with sinfo's stream and
 * ppid. */
Test(sctp_sendx_kernel, sinfo_assoc_id_holds_the_new_association_after_an_implicit_setup__ipv4, .timeout = 60)
{
	SX_REQUIRE_SENDX();
	struct sx_implicit t = sx_implicit_open(AF_INET, server3, 3);
	static const char *const order[] = { "127.0.0.3", "127.0.0.1", "127.0.0.2" };
	char addrs[3 * sizeof(struct sockaddr_in)];
	pack_addresses(addrs, order, 3, t.port);
	struct sctp_sndrcvinfo sinfo = { .sinfo_stream = 2, .sinfo_ppid = 0x33 };

	const char msg[] = "implicit setup";
	ssize_t n = sctp_sendx(t.client, msg, sizeof msg, (struct sockaddr *)addrs, 3, &sinfo, 0);
	cr_assert_eq(n, (ssize_t)sizeof msg, "sctp_sendx: %zd (%s)", n, strerror(errno));
	cr_assert_neq(sinfo.sinfo_assoc_id, 0, "sinfo_assoc_id not filled in");

	char buf[64];
	struct received_sndrcv r = sx_receive_data(t.server, buf, sizeof buf);
	assert_received_sndrcv(&r, buf, msg, sizeof msg);
	cr_assert_eq(r.sinfo.sinfo_stream, 2);
	cr_assert_eq(r.sinfo.sinfo_ppid, 0x33u);

	/* server3 in the order given: 127.0.0.3 first. */
	sx_assert_the_association_set_up(t.client, sinfo.sinfo_assoc_id, order, 3, t.port);
	sx_implicit_close(&t);
}

/* The same on an IPv6 socket with an IPv6 and an IPv4 address, in either
 * order (the second as SCTP_DSTADDRV4 or SCTP_DSTADDRV6). */
static void implicit_setup_on_an_ipv6_socket(const char *const *ips)
{
	SX_REQUIRE_SENDX();
	struct sx_implicit t = sx_implicit_open(AF_INET6, ips, 2);
	char addrs[sizeof(struct sockaddr_in6) + sizeof(struct sockaddr_in)];
	pack_addresses(addrs, ips, 2, t.port);
	struct sctp_sndrcvinfo sinfo = { .sinfo_ppid = 0x66 };

	ssize_t n = sctp_sendx(t.client, "six", 3, (struct sockaddr *)addrs, 2, &sinfo, 0);
	cr_assert_eq(n, 3, "sctp_sendx: %zd (%s)", n, strerror(errno));
	cr_assert_neq(sinfo.sinfo_assoc_id, 0, "sinfo_assoc_id not filled in");
	char buf[16];
	struct received_sndrcv r = sx_receive_data(t.server, buf, sizeof buf);
	cr_assert_eq(r.length, 3);
	cr_assert_eq(r.sinfo.sinfo_ppid, 0x66u);

	sx_assert_the_association_set_up(t.client, sinfo.sinfo_assoc_id, ips, 2, t.port);
	sx_implicit_close(&t);
}
Test(sctp_sendx_kernel, sinfo_assoc_id_holds_the_new_association_after_an_implicit_setup__ipv6_then_ipv4,
     .timeout = 60)
{
	static const char *const ips[] = { "::1", "127.0.0.1" };
	implicit_setup_on_an_ipv6_socket(ips);
}
Test(sctp_sendx_kernel, sinfo_assoc_id_holds_the_new_association_after_an_implicit_setup__ipv4_then_ipv6,
     .timeout = 60)
{
	static const char *const ips[] = { "127.0.0.1", "::1" };
	implicit_setup_on_an_ipv6_socket(ips);
}

/* "sinfo: A pointer to an sctp_sndrcvinfo structure used as described in
 * Section 5.3.2": NULL is allowed (no attributes), the setup still happens. */
Test(sctp_sendx_kernel, sinfo_may_be_NULL, .timeout = 60)
{
	SX_REQUIRE_SENDX();
	struct sx_implicit t = sx_implicit_open(AF_INET, server3, 1);
	struct sockaddr_in a = sctp_test_v4("127.0.0.1", t.port);
	cr_assert_eq(sctp_sendx(t.client, "null", 4, (struct sockaddr *)&a, 1, NULL, 0), 4, "%s", strerror(errno));
	char buf[16];
	struct received_sndrcv r = sx_receive_data(t.server, buf, sizeof buf);
	cr_assert_eq(r.length, 4);
	cr_assert_arr_eq(buf, "null", 4);
	cr_assert_eq(r.sinfo.sinfo_stream, 0);
	cr_assert_eq(r.sinfo.sinfo_ppid, 0);
	sx_implicit_close(&t);
}

/* "sends ... to the association with those addresses": with an association
 * to them already up, the message goes on it (the server sees its id) and
 * no second one is set up. */
static void an_existing_association_with_the_addresses_is_used(int family, int type, const char *ip)
{
	SX_REQUIRE_SENDX();
	struct sctp_test_pair p = sctp_test_data_io_pair(family, type, ip);
	char addrs[sizeof(struct sockaddr_in6)];
	pack_addresses(addrs, &ip, 1, p.port);
	struct sctp_sndrcvinfo sinfo = { .sinfo_stream = 1, .sinfo_ppid = 0x44 };
	ssize_t n = sctp_sendx(p.client, "again", 5, (struct sockaddr *)addrs, 1, &sinfo, 0);
	cr_assert_eq(n, 5, "sctp_sendx: %zd (%s)", n, strerror(errno));
	char buf[16];
	struct received_sndrcv r = sx_receive_data(p.server, buf, sizeof buf);
	cr_assert_eq(r.length, 5);
	cr_assert_arr_eq(buf, "again", 5);
	cr_assert_eq(r.sinfo.sinfo_assoc_id, p.server_assoc);
	cr_assert_eq(r.sinfo.sinfo_stream, 1);
	cr_assert_eq(r.sinfo.sinfo_ppid, 0x44u);
	if (type == SOCK_SEQPACKET) {
		sctp_assoc_t ids[16];
		cr_assert_eq(association_ids(p.client, ids, 16), 1, "a second association was set up");
	}
	sctp_test_close_pair(&p);
}
SCTP_TEST_EVERY_KIND(sctp_sendx_kernel, an_existing_association_with_the_addresses_is_used)

/* "This function call may also be used to terminate an association using an
 * association identifier by setting the sinfo.sinfo_flags to SCTP_EOF and
 * the sinfo.sinfo_assoc_id to the association that needs to be terminated.
 * In such a case, len would be zero." The peer sees SCTP_SHUTDOWN_COMP. */
Test(sctp_sendx_kernel, SCTP_EOF_with_the_sinfo_assoc_id_and_len_zero_terminates_the_association,
     .timeout = 60)
{
	SX_REQUIRE_SENDX();
	struct sctp_test_pair p = sctp_test_connect_pair(AF_INET, SOCK_SEQPACKET, "127.0.0.1");
	subscribe_events(p.server, false, true, false, false);
	struct sockaddr_in a = sctp_test_v4("127.0.0.1", p.port);
	struct sctp_sndrcvinfo sinfo = { .sinfo_flags = SCTP_EOF, .sinfo_assoc_id = p.client_assoc };
	ssize_t n = sctp_sendx(p.client, NULL, 0, (struct sockaddr *)&a, 1, &sinfo, 0);
	cr_assert_eq(n, 0, "sctp_sendx: %zd (%s)", n, strerror(errno));
	char buf[512];
	for (int i = 0;; i++) {
		cr_assert_lt(i, 16, "no SCTP_SHUTDOWN_COMP among 16 notifications");
		struct received_sndrcv r = receive_sndrcv(p.server, buf, sizeof buf);
		cr_assert(r.flags & MSG_NOTIFICATION);
		struct sctp_assoc_change *change = (struct sctp_assoc_change *)buf;
		if (change->sac_type == SCTP_ASSOC_CHANGE && change->sac_state == SCTP_SHUTDOWN_COMP) {
			cr_assert_eq(change->sac_assoc_id, p.server_assoc);
			break;
		}
	}
	sctp_test_close_pair(&p);
}

/* "Using sctp_sendx() on a non-connected one-to-one style socket for
 * implicit connection setup may or may not work, depending on the SCTP
 * implementation": Linux sets the association up, and sinfo_assoc_id then
 * holds its id as on a one-to-many socket. */
static void implicit_setup_on_a_one_to_one_socket(int family, const char *ip)
{
	SX_REQUIRE_SENDX();
	uint16_t port;
	int listener = sctp_test_listener(family, SOCK_STREAM, ip, &port);
	int client = sctp_test_socket(family, SOCK_STREAM);
	char addrs[sizeof(struct sockaddr_in6)];
	pack_addresses(addrs, &ip, 1, port);
	struct sctp_sndrcvinfo sinfo = { .sinfo_ppid = 0x11 };
	ssize_t n = sctp_sendx(client, "one", 3, (struct sockaddr *)addrs, 1, &sinfo, 0);
	cr_assert_eq(n, 3, "sctp_sendx: %zd (%s)", n, strerror(errno));
	struct pollfd pfd = { .fd = listener, .events = POLLIN };
	cr_assert_eq(poll(&pfd, 1, 10000), 1, "no association to accept within 10 s");
	int server = accept(listener, NULL, NULL);
	cr_assert_geq(server, 0, "accept: %s", strerror(errno));
	subscribe_events(server, true, false, false, false);
	char buf[16];
	struct received_sndrcv r = sx_receive_data(server, buf, sizeof buf);
	cr_assert_eq(r.length, 3);
	cr_assert_arr_eq(buf, "one", 3);
	cr_assert_neq(sinfo.sinfo_assoc_id, 0, "sinfo_assoc_id not filled in");
	cr_assert_eq(sinfo.sinfo_assoc_id, sctp_test_first_association(client));
	close(server);
	close(client);
	close(listener);
}
Test(sctp_sendx_kernel, implicit_setup_on_a_one_to_one_socket_may_work__ipv4, .timeout = 60)
{
	implicit_setup_on_a_one_to_one_socket(AF_INET, "127.0.0.1");
}
Test(sctp_sendx_kernel, implicit_setup_on_a_one_to_one_socket_may_work__ipv6, .timeout = 60)
{
	implicit_setup_on_a_one_to_one_socket(AF_INET6, "::1");
}
