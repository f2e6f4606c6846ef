/* sctp_recvv(3), RFC 6458 section 9.13 (and the attributes it returns, 5.3.5
 * and 5.3.6): one message into a scatter buffer, with the attributes of the
 * received message (struct sctp_rcvinfo, SCTP_RECVRCVINFO) and of the next
 * one (struct sctp_nxtinfo, SCTP_RECVNXTINFO).
 *
 * Suite sctp_recvv needs no SCTP kernel: argument checks, and what a receive
 * does on a UDP socket (the same recvmsg(2) path, with no SCTP attributes).
 * Suite sctp_recvv_kernel runs on a real SCTP kernel; messages are sent with
 * sctp_sendv and an sctp_sndinfo, whose fields come back in the attributes.
 */
#include "sctp_test.h"

#include <poll.h>
#include <stddef.h>
#include <sys/uio.h>


/* How long a test waits for something the kernel does asynchronously. */
#define WAIT_MS 10000

/* What *infotype holds before a call, to see that the call wrote it. */
#define UNSET_TYPE 0x7777u

/* --- helpers ---------------------------------------------------------------- */

/* One sctp_recvv call and everything it returned. `info` is an RN buffer
 * filled with 0xa5 beforehand, so that what the call did not write shows. */
struct recvv_result {
	int rc;
	int error;
	int flags;
	unsigned int infotype;
	socklen_t infolen;
	socklen_t infolen_in;
	socklen_t fromlen;
	struct sockaddr_storage from;
	union {
		struct sctp_recvv_rn rn;
		struct sctp_rcvinfo rcv;
		struct sctp_nxtinfo nxt;
		unsigned char bytes[sizeof(struct sctp_recvv_rn) + 16];
	} info;
	char data[4096];
};

/* sctp_recvv on `fd` into one buffer of `size` bytes (at most 4096), with an
 * info buffer of `infolen` bytes and `flags` in. Waits (bounded) for
 * something to read unless `flags` has MSG_DONTWAIT. */
static struct recvv_result recvv_call(int fd, size_t size, socklen_t infolen, int flags)
{
	static struct recvv_result r;
	memset(&r, 0, sizeof r);
	memset(&r.info, 0xa5, sizeof r.info);
	if (!(flags & MSG_DONTWAIT))
		wait_readable(fd);
	struct iovec v = { r.data, size };
	r.infolen = infolen;
	r.infolen_in = infolen;
	r.infotype = UNSET_TYPE;
	r.flags = flags;
	r.fromlen = sizeof r.from;
	errno = 0;
	r.rc = sctp_recvv(fd, &v, 1, (struct sockaddr *)&r.from, &r.fromlen, &r.info, &r.infolen, &r.infotype,
			  &r.flags);
	r.error = errno;
	return r;
}

/* The info bytes from `offset` on are as recvv_call left them: unwritten. */
static void assert_info_untouched_from(const struct recvv_result *r, size_t offset)
{
	for (size_t i = offset; i < sizeof r->info; i++)
		cr_assert_eq(r->info.bytes[i], 0xa5, "info byte %zu was written (infolen allowed %zu)", i, offset);
}

static void assert_message(const struct recvv_result *r, const char *expected)
{
	cr_assert_eq(r->rc, (int)strlen(expected), "sctp_recvv returned %d (%s), expected %zu (\"%s\")", r->rc,
		     strerror(r->error), strlen(expected), expected);
	cr_assert_eq(memcmp(r->data, expected, strlen(expected)), 0, "received other bytes than sent");
	cr_assert(r->flags & MSG_EOR, "*flags %#x lack MSG_EOR for a whole message", r->flags);
	cr_assert_not(r->flags & MSG_NOTIFICATION, "*flags %#x have MSG_NOTIFICATION for data", r->flags);
}

/* No attribute came (or none fitted): *infotype is SCTP_RECVV_NOINFO, and
 * *infolen and the info buffer are as they were, as lksctp leaves them. */
static void assert_no_info(const struct recvv_result *r)
{
	cr_assert_eq(r->infotype, SCTP_RECVV_NOINFO, "*infotype %u, expected SCTP_RECVV_NOINFO", r->infotype);
	cr_assert_eq(r->infolen, r->infolen_in, "*infolen %u, was %u: NOINFO leaves it as it was", r->infolen,
		     r->infolen_in);
	assert_info_untouched_from(r, 0);
}

/* The message is `expected` and came with no attribute. */
static void assert_message_without_info(const struct recvv_result *r, const char *expected)
{
	assert_message(r, expected);
	assert_no_info(r);
}

/* --- UDP, for the checks that need no SCTP kernel ---------------------------- */

static void udp_send(struct udp_pair *u, const char *text)
{
	cr_assert_eq(send(u->sender, text, strlen(text), 0), (ssize_t)strlen(text), "send: %s", strerror(errno));
}

/* --- sctp_recvv: no SCTP kernel ---------------------------------------------------- */

/* lksctp passes iovlen on to recvmsg(2) as it is: a negative one becomes a
 * huge msg_iovlen, which the kernel refuses. */
Test(sctp_recvv, a_negative_iovlen_goes_to_recvmsg_which_fails_with_EMSGSIZE)
{
	struct udp_pair u = udp_pair_open(AF_INET);
	udp_send(&u, "queued");
	wait_readable(u.receiver);
	char buf[16];
	struct iovec v = { buf, sizeof buf };
	struct sctp_rcvinfo info;
	socklen_t infolen = sizeof info;
	unsigned int type;
	int flags = 0;
	assert_fails_with(sctp_recvv(u.receiver, &v, -1, NULL, NULL, &info, &infolen, &type, &flags), EMSGSIZE);
	/* The message is still there. */
	cr_assert_eq(recv(u.receiver, buf, sizeof buf, MSG_DONTWAIT), 6);
	udp_pair_close(&u);
}

Test(sctp_recvv, returns_minus_1_and_sets_errno_EBADF_on_a_bad_descriptor)
{
	char buf[4];
	struct iovec v = { buf, sizeof buf };
	int flags = 0;
	assert_fails_with(sctp_recvv(-1, &v, 1, NULL, NULL, NULL, NULL, NULL, &flags), EBADF);
}

Test(sctp_recvv, returns_minus_1_and_sets_errno_ENOTSOCK_on_a_file)
{
	int fd = sctp_test_file_descriptor();
	char buf[4];
	struct iovec v = { buf, sizeof buf };
	int flags = 0;
	assert_fails_with(sctp_recvv(fd, &v, 1, NULL, NULL, NULL, NULL, NULL, &flags), ENOTSOCK);
	close(fd);
}

Test(sctp_recvv, flags_in_are_the_recvmsg_flags_so_MSG_DONTWAIT_on_an_empty_socket_fails_with_EAGAIN)
{
	struct udp_pair u = udp_pair_open(AF_INET);
	struct recvv_result r = recvv_call(u.receiver, 16, sizeof r.info.rn, MSG_DONTWAIT);
	cr_assert_eq(r.rc, -1, "sctp_recvv returned %d on an empty socket", r.rc);
	cr_assert(r.error == EAGAIN || r.error == EWOULDBLOCK, "errno %s, expected EAGAIN", strerror(r.error));
	udp_pair_close(&u);
}

Test(sctp_recvv, flags_in_MSG_PEEK_leaves_the_message_queued__udp)
{
	struct udp_pair u = udp_pair_open(AF_INET6);
	udp_send(&u, "peeked");
	struct recvv_result r = recvv_call(u.receiver, 64, sizeof r.info.rn, MSG_PEEK);
	cr_assert_eq(r.rc, 6);
	r = recvv_call(u.receiver, 64, sizeof r.info.rn, MSG_DONTWAIT);
	cr_assert_eq(r.rc, 6, "the peeked datagram was not there any more (%d, %s)", r.rc, strerror(r.error));
	cr_assert_eq(memcmp(r.data, "peeked", 6), 0);
	udp_pair_close(&u);
}

Test(sctp_recvv, flags_on_return_hold_msg_flags__udp_MSG_TRUNC)
{
	struct udp_pair u = udp_pair_open(AF_INET);
	udp_send(&u, "longer than four");
	struct recvv_result r = recvv_call(u.receiver, 4, sizeof r.info.rn, 0);
	cr_assert_eq(r.rc, 4);
	cr_assert(r.flags & MSG_TRUNC, "*flags %#x lack MSG_TRUNC", r.flags);
	udp_pair_close(&u);
}

Test(sctp_recvv, from_is_filled_with_the_senders_address_and_fromlen_with_its_length__udp)
{
	struct udp_pair u = udp_pair_open(AF_INET);
	udp_send(&u, "from");
	struct recvv_result r = recvv_call(u.receiver, 64, sizeof r.info.rn, 0);
	cr_assert_eq(r.rc, 4);
	cr_assert_eq(r.fromlen, sizeof(struct sockaddr_in));
	struct sockaddr_in *from = (struct sockaddr_in *)&r.from;
	cr_assert_eq(from->sin_family, AF_INET);
	cr_assert_eq(ntohs(from->sin_port), sctp_test_local_port(u.sender));
	cr_assert_eq(from->sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	udp_pair_close(&u);
}

Test(sctp_recvv, iov_is_the_scatter_buffer__udp)
{
	struct udp_pair u = udp_pair_open(AF_INET);
	udp_send(&u, "abcdefghijkl");
	char one[3], two[5], three[100];
	struct iovec v[3] = { { one, sizeof one }, { two, sizeof two }, { three, sizeof three } };
	socklen_t infolen = sizeof(struct sctp_recvv_rn);
	struct sctp_recvv_rn info;
	unsigned int type = UNSET_TYPE;
	int flags = 0;
	wait_readable(u.receiver);
	assert_returns(sctp_recvv(u.receiver, v, 3, NULL, NULL, &info, &infolen, &type, &flags), 12);
	cr_assert_eq(memcmp(one, "abc", 3), 0);
	cr_assert_eq(memcmp(two, "defgh", 5), 0);
	cr_assert_eq(memcmp(three, "ijkl", 4), 0);
	/* UDP sends no SCTP attributes. */
	cr_assert_eq(type, SCTP_RECVV_NOINFO, "*infotype %u, expected SCTP_RECVV_NOINFO", type);
	udp_pair_close(&u);
}

/* --- kernel helpers ------------------------------------------------------------ */

struct kpair {
	struct sctp_test_pair p;
	int family, type;
};

static struct kpair kpair_open(int family, int type, const char *ip)
{
	struct kpair k;
	k.p = sctp_test_connect_pair(family, type, ip);
	k.family = family;
	k.type = type;
	sctp_test_enable(k.p.client, SCTP_NODELAY);
	return k;
}

static void kpair_close(struct kpair *k)
{
	sctp_test_close_pair(&k->p);
}

/* Sends `text` from the client with sctp_sendv and an sctp_sndinfo. */
static void send_message(struct kpair *k, const char *text, uint16_t sid, uint16_t flags, uint32_t ppid,
			 uint32_t context)
{
	struct sctp_sndinfo info = { .snd_sid = sid, .snd_flags = flags, .snd_ppid = ppid, .snd_context = context,
				     .snd_assoc_id = k->type == SOCK_SEQPACKET ? k->p.client_assoc : 0 };
	struct iovec v = { (void *)text, strlen(text) };
	assert_returns(sctp_sendv(k->p.client, &v, 1, NULL, 0, &info, sizeof info, SCTP_SENDV_SNDINFO, 0),
		       (int)strlen(text));
}

/* Bounded wait until the server's association has received `n` DATA chunks
 * in all (SCTP_GET_ASSOC_STATS), and so queued them for reading: then a
 * next message is there for SCTP_NXTINFO to describe. */
static void wait_chunks(struct kpair *k, uint64_t n)
{
	uint64_t got = 0;
	for (int ms = 0; ms < WAIT_MS; ms++) {
		uint64_t ordered, unordered;
		sctp_test_chunks_received(k->p.server, k->p.server_assoc, &ordered, &unordered);
		got = ordered + unordered;
		if (got >= n)
			return;
		usleep(1000);
	}
	cr_assert_fail("the server received %llu DATA chunks within %d ms, expected %llu", (unsigned long long)got,
		       WAIT_MS, (unsigned long long)n);
}

/* --- kernel: *infotype and *infolen ---------------------------------------------- */

static void noinfo_when_neither_option(int family, int type, const char *ip)
{
	struct kpair k = kpair_open(family, type, ip);
	send_message(&k, "first", 1, 0, 11, 0);
	send_message(&k, "second", 2, 0, 22, 0);
	wait_chunks(&k, 2);
	struct recvv_result r = recvv_call(k.p.server, 64, sizeof r.info.rn, 0);
	assert_message_without_info(&r, "first");
	kpair_close(&k);
}
SCTP_TEST_EVERY_KIND_OF(sctp_recvv_kernel, SCTP_RECVV_NOINFO_if_both_options_are_not_enabled_no_attribute_is_returned,
	  noinfo_when_neither_option)

static void noinfo_when_no_next(int family, int type, const char *ip)
{
	struct kpair k = kpair_open(family, type, ip);
	sctp_test_enable(k.p.server, SCTP_RECVNXTINFO);
	send_message(&k, "alone", 1, 0, 11, 0);
	struct recvv_result r = recvv_call(k.p.server, 64, sizeof r.info.rn, 0);
	assert_message_without_info(&r, "alone");
	kpair_close(&k);
}
SCTP_TEST_EVERY_KIND_OF(sctp_recvv_kernel,
	  SCTP_RECVV_NOINFO_if_only_SCTP_RECVNXTINFO_is_enabled_but_there_is_no_next_message,
	  noinfo_when_no_next)

/* Asserts the rcvinfo of a message sent with send_message(sid, flags, ppid). */
static void assert_rcvinfo(const struct kpair *k, const struct sctp_rcvinfo *info, uint16_t sid, uint16_t ssn,
			   uint16_t flags, uint32_t ppid)
{
	cr_assert_eq(info->rcv_sid, sid, "rcv_sid %u, expected %u", info->rcv_sid, sid);
	cr_assert_eq(info->rcv_ssn, ssn, "rcv_ssn %u, expected %u", info->rcv_ssn, ssn);
	cr_assert_eq(info->rcv_flags & SCTP_UNORDERED, flags & SCTP_UNORDERED, "rcv_flags %#x, expected %#x",
		     info->rcv_flags, flags);
	cr_assert_eq(info->rcv_ppid, ppid, "rcv_ppid %#x, expected %#x", info->rcv_ppid, ppid);
	cr_assert_eq(info->rcv_assoc_id, k->p.server_assoc, "rcv_assoc_id %d, expected %d", info->rcv_assoc_id,
		     k->p.server_assoc);
}

static void assert_nxtinfo(const struct kpair *k, const struct sctp_nxtinfo *info, uint16_t sid, uint16_t flags,
			   uint32_t ppid, uint32_t length)
{
	cr_assert_eq(info->nxt_sid, sid, "nxt_sid %u, expected %u", info->nxt_sid, sid);
	cr_assert_eq(info->nxt_flags & (SCTP_UNORDERED | SCTP_NOTIFICATION), flags, "nxt_flags %#x, expected %#x",
		     info->nxt_flags, flags);
	cr_assert_eq(info->nxt_ppid, ppid, "nxt_ppid %#x, expected %#x", info->nxt_ppid, ppid);
	cr_assert_eq(info->nxt_length, length, "nxt_length %u, expected %u", info->nxt_length, length);
	cr_assert_eq(info->nxt_assoc_id, k->p.server_assoc, "nxt_assoc_id %d, expected %d", info->nxt_assoc_id,
		     k->p.server_assoc);
}

static void rcvinfo_when_rcvinfo_enabled(int family, int type, const char *ip)
{
	struct kpair k = kpair_open(family, type, ip);
	sctp_test_enable(k.p.server, SCTP_RECVRCVINFO);
	send_message(&k, "first", 1, SCTP_UNORDERED, 0x11223344, 0);
	send_message(&k, "second", 2, 0, 22, 0);
	wait_chunks(&k, 2);
	struct recvv_result r = recvv_call(k.p.server, 64, sizeof r.info.rn, 0);
	assert_message(&r, "first");
	cr_assert_eq(r.infotype, SCTP_RECVV_RCVINFO, "*infotype %u, expected SCTP_RECVV_RCVINFO", r.infotype);
	cr_assert_eq(r.infolen, sizeof(struct sctp_rcvinfo), "*infolen %u", r.infolen);
	assert_rcvinfo(&k, &r.info.rcv, 1, 0, SCTP_UNORDERED, 0x11223344);
	assert_info_untouched_from(&r, sizeof(struct sctp_rcvinfo));
	kpair_close(&k);
}
SCTP_TEST_EVERY_KIND_OF(sctp_recvv_kernel, SCTP_RECVV_RCVINFO_the_attribute_relates_to_the_received_message,
	  rcvinfo_when_rcvinfo_enabled)

static void nxtinfo_when_only_nxtinfo(int family, int type, const char *ip)
{
	struct kpair k = kpair_open(family, type, ip);
	sctp_test_enable(k.p.server, SCTP_RECVNXTINFO);
	send_message(&k, "first", 1, 0, 11, 0);
	send_message(&k, "the second", 3, SCTP_UNORDERED, 0xcafe, 0);
	wait_chunks(&k, 2);
	struct recvv_result r = recvv_call(k.p.server, 64, sizeof r.info.rn, 0);
	assert_message(&r, "first");
	cr_assert_eq(r.infotype, SCTP_RECVV_NXTINFO, "*infotype %u, expected SCTP_RECVV_NXTINFO", r.infotype);
	cr_assert_eq(r.infolen, sizeof(struct sctp_nxtinfo), "*infolen %u", r.infolen);
	assert_nxtinfo(&k, &r.info.nxt, 3, SCTP_UNORDERED, 0xcafe, 10);
	assert_info_untouched_from(&r, sizeof(struct sctp_nxtinfo));
	r = recvv_call(k.p.server, 64, sizeof r.info.rn, 0);
	assert_message(&r, "the second");
	cr_assert_eq(r.infotype, SCTP_RECVV_NOINFO, "no next message, yet *infotype %u", r.infotype);
	kpair_close(&k);
}
SCTP_TEST_EVERY_KIND_OF(sctp_recvv_kernel, SCTP_RECVV_NXTINFO_the_attribute_relates_to_the_next_message_in_the_receive_buffer,
	  nxtinfo_when_only_nxtinfo)

/* The kernel sends SCTP_NXTINFO before SCTP_RCVINFO. */

static void rn_when_both(int family, int type, const char *ip)
{
	KNOWN_UPSTREAM_DIVERGENCE_IN_1_0_19("recvv-rn-cut");
	struct kpair k = kpair_open(family, type, ip);
	sctp_test_enable(k.p.server, SCTP_RECVRCVINFO);
	sctp_test_enable(k.p.server, SCTP_RECVNXTINFO);
	send_message(&k, "first", 4, 0, 0x0a0b0c0d, 0);
	send_message(&k, "second message", 6, SCTP_UNORDERED, 66, 0);
	send_message(&k, "third", 4, 0, 7, 0);
	wait_chunks(&k, 3);
	struct recvv_result r = recvv_call(k.p.server, 64, sizeof r.info.rn, 0);
	assert_message(&r, "first");
	cr_assert_eq(r.infotype, SCTP_RECVV_RN, "*infotype %u, expected SCTP_RECVV_RN", r.infotype);
	cr_assert_eq(r.infolen, sizeof(struct sctp_recvv_rn), "*infolen %u", r.infolen);
	assert_rcvinfo(&k, &r.info.rn.recvv_rcvinfo, 4, 0, 0, 0x0a0b0c0d);
	assert_nxtinfo(&k, &r.info.rn.recvv_nxtinfo, 6, SCTP_UNORDERED, 66, 14);

	r = recvv_call(k.p.server, 64, sizeof r.info.rn, 0);
	assert_message(&r, "second message");
	cr_assert_eq(r.infotype, SCTP_RECVV_RN, "*infotype %u, expected SCTP_RECVV_RN", r.infotype);
	assert_rcvinfo(&k, &r.info.rn.recvv_rcvinfo, 6, 0, SCTP_UNORDERED, 66);
	assert_nxtinfo(&k, &r.info.rn.recvv_nxtinfo, 4, 0, 7, 5);

	/* The last one: no next message, so the received one's attribute only. */
	r = recvv_call(k.p.server, 64, sizeof r.info.rn, 0);
	assert_message(&r, "third");
	cr_assert_eq(r.infotype, SCTP_RECVV_RCVINFO, "*infotype %u, expected SCTP_RECVV_RCVINFO", r.infotype);
	cr_assert_eq(r.infolen, sizeof(struct sctp_rcvinfo), "*infolen %u", r.infolen);
	assert_rcvinfo(&k, &r.info.rcv, 4, 1, 0, 7);
	kpair_close(&k);
}
SCTP_TEST_EVERY_KIND_OF(sctp_recvv_kernel, SCTP_RECVV_RN_recvv_rcvinfo_is_the_received_message_and_recvv_nxtinfo_the_next,
	  rn_when_both)

/* "infolen: the length of the info buffer": as lksctp, the attributes are
 * taken in the order the kernel sent them (SCTP_NXTINFO first), each while
 * info has room for it and what came before, up to the first that does not
 * fit. Room for an sctp_rcvinfo but not both: the sctp_nxtinfo. */
static void rn_too_small(int family, int type, const char *ip)
{
	struct kpair k = kpair_open(family, type, ip);
	sctp_test_enable(k.p.server, SCTP_RECVRCVINFO);
	sctp_test_enable(k.p.server, SCTP_RECVNXTINFO);
	send_message(&k, "first", 1, 0, 1, 0);
	send_message(&k, "second", 1, 0, 2, 0);
	send_message(&k, "third", 1, 0, 3, 0);
	send_message(&k, "fourth", 1, 0, 4, 0);
	wait_chunks(&k, 4);
	struct recvv_result r = recvv_call(k.p.server, 64, sizeof(struct sctp_recvv_rn) - 1, 0);
	assert_message(&r, "first");
	cr_assert_eq(r.infotype, SCTP_RECVV_NXTINFO, "*infotype %u, expected SCTP_RECVV_NXTINFO", r.infotype);
	cr_assert_eq(r.infolen, sizeof(struct sctp_nxtinfo), "*infolen %u", r.infolen);
	assert_nxtinfo(&k, &r.info.nxt, 1, 0, 2, 6);
	assert_info_untouched_from(&r, sizeof(struct sctp_nxtinfo));
	/* Room for an sctp_nxtinfo alone: the same. */
	r = recvv_call(k.p.server, 64, sizeof(struct sctp_nxtinfo), 0);
	assert_message(&r, "second");
	cr_assert_eq(r.infotype, SCTP_RECVV_NXTINFO, "*infotype %u, expected SCTP_RECVV_NXTINFO", r.infotype);
	assert_nxtinfo(&k, &r.info.nxt, 1, 0, 3, 5);
	/* Room for nothing: no attribute at all. */
	r = recvv_call(k.p.server, 64, sizeof(struct sctp_nxtinfo) - 1, 0);
	assert_message_without_info(&r, "third");
	/* The last message has no next one: its sctp_rcvinfo, had it room. */
	r = recvv_call(k.p.server, 64, sizeof(struct sctp_rcvinfo) - 1, 0);
	assert_message_without_info(&r, "fourth");
	kpair_close(&k);
}
SCTP_TEST_BOTH_STYLES_OF(sctp_recvv_kernel, infolen_too_small_for_both_keeps_what_fits_in_the_order_the_kernel_sent_them,
	 rn_too_small)

static void nxtinfo_too_small(int family, int type, const char *ip)
{
	struct kpair k = kpair_open(family, type, ip);
	sctp_test_enable(k.p.server, SCTP_RECVNXTINFO);
	send_message(&k, "first", 1, 0, 1, 0);
	send_message(&k, "second", 1, 0, 2, 0);
	wait_chunks(&k, 2);
	struct recvv_result r = recvv_call(k.p.server, 64, sizeof(struct sctp_nxtinfo) - 1, 0);
	assert_message_without_info(&r, "first");
	kpair_close(&k);
}
SCTP_TEST_BOTH_STYLES_OF(sctp_recvv_kernel, infolen_too_small_for_an_sctp_nxtinfo_returns_no_attribute, nxtinfo_too_small)

/* --- kernel: the fields --------------------------------------------------------- */

static void ssn_and_tsn(int family, int type, const char *ip)
{
	struct kpair k = kpair_open(family, type, ip);
	sctp_test_enable(k.p.server, SCTP_RECVRCVINFO);
	send_message(&k, "s1 a", 1, 0, 0, 0);
	send_message(&k, "s1 b", 1, 0, 0, 0);
	send_message(&k, "s2 a", 2, 0, 0, 0);
	send_message(&k, "s1 c", 1, 0, 0, 0);
	wait_chunks(&k, 4);
	const char *texts[] = { "s1 a", "s1 b", "s2 a", "s1 c" };
	uint16_t sids[] = { 1, 1, 2, 1 }, ssns[] = { 0, 1, 0, 2 };
	uint32_t first_tsn = 0;
	for (int i = 0; i < 4; i++) {
		struct recvv_result r = recvv_call(k.p.server, 64, sizeof r.info.rcv, 0);
		assert_message(&r, texts[i]);
		cr_assert_eq(r.infotype, SCTP_RECVV_RCVINFO);
		cr_assert_eq(r.info.rcv.rcv_sid, sids[i]);
		cr_assert_eq(r.info.rcv.rcv_ssn, ssns[i], "message %d: rcv_ssn %u, expected %u", i, r.info.rcv.rcv_ssn,
			     ssns[i]);
		/* One DATA chunk each, sent in order: consecutive TSNs. */
		if (i == 0)
			first_tsn = r.info.rcv.rcv_tsn;
		cr_assert_eq(r.info.rcv.rcv_tsn, first_tsn + (uint32_t)i, "message %d: rcv_tsn %u, expected %u", i,
			     r.info.rcv.rcv_tsn, first_tsn + (uint32_t)i);
	}
	kpair_close(&k);
}
SCTP_TEST_EVERY_KIND_OF(sctp_recvv_kernel, rcv_ssn_is_the_stream_sequence_number_and_rcv_tsn_the_TSN_of_the_DATA_chunk, ssn_and_tsn)

/* sctp_recvv's attributes are the kernel's SCTP_RCVINFO (and SCTP_NXTINFO)
 * for the message, field for field: the kernel's are peeked with recvmsg(2),
 * then sctp_recvv peeks the same message. (On a peek Linux describes the
 * peeked message itself as the next one, so both peek.) Then sctp_recvv reads
 * the message for good. */
static void attributes_are_the_kernels(struct kpair *k, bool next)
{
	sctp_test_enable(k->p.server, SCTP_RECVRCVINFO);
	if (next)
		sctp_test_enable(k->p.server, SCTP_RECVNXTINFO);
	struct sctp_assoc_value context = { .assoc_id = k->p.server_assoc, .assoc_value = 0xc0de };
	cr_assert_eq(setsockopt(k->p.server, SOL_SCTP, SCTP_CONTEXT, &context, sizeof context), 0,
		     "SCTP_CONTEXT: %s", strerror(errno));
	send_message(k, "compared", 3, SCTP_UNORDERED, 0x55aa55aa, 0);
	if (next) {
		send_message(k, "next one", 5, 0, 0x66, 0);
		wait_chunks(k, 2);
	}

	char data[64];
	char control[CMSG_SPACE(sizeof(struct sctp_rcvinfo)) + CMSG_SPACE(sizeof(struct sctp_nxtinfo)) + 64];
	struct iovec v = { data, sizeof data };
	struct msghdr m = sctp_test_msghdr(&v, control, sizeof control);
	wait_readable(k->p.server);
	cr_assert_eq(recvmsg(k->p.server, &m, MSG_PEEK | MSG_DONTWAIT), 8, "recvmsg: %s", strerror(errno));
	struct sctp_rcvinfo kernel;
	struct sctp_nxtinfo kernel_next;
	bool found = false, found_next = false;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c != NULL; c = CMSG_NXTHDR(&m, c)) {
		if (c->cmsg_level == IPPROTO_SCTP && c->cmsg_type == SCTP_RCVINFO) {
			memcpy(&kernel, CMSG_DATA(c), sizeof kernel);
			found = true;
		} else if (c->cmsg_level == IPPROTO_SCTP && c->cmsg_type == SCTP_NXTINFO) {
			memcpy(&kernel_next, CMSG_DATA(c), sizeof kernel_next);
			found_next = true;
		}
	}
	cr_assert(found, "the kernel sent no SCTP_RCVINFO");
	cr_assert_eq(found_next, next, "the kernel sent %s SCTP_NXTINFO", found_next ? "an" : "no");

	struct recvv_result r = recvv_call(k->p.server, 64, sizeof r.info.rn, MSG_PEEK);
	cr_assert_eq(r.rc, 8);
	cr_assert_eq(r.infotype, next ? SCTP_RECVV_RN : SCTP_RECVV_RCVINFO, "*infotype %u", r.infotype);
	struct sctp_rcvinfo ours = r.info.rn.recvv_rcvinfo;
	struct sctp_nxtinfo ours_next = r.info.rn.recvv_nxtinfo;
	cr_log_info("rcvinfo: sid %u ssn %u flags %#x ppid %#x tsn %u cumtsn %u context %#x assoc %d", ours.rcv_sid,
		    ours.rcv_ssn, ours.rcv_flags, ours.rcv_ppid, ours.rcv_tsn, ours.rcv_cumtsn, ours.rcv_context,
		    ours.rcv_assoc_id);
	cr_assert_eq(ours.rcv_sid, kernel.rcv_sid);
	cr_assert_eq(ours.rcv_ssn, kernel.rcv_ssn);
	cr_assert_eq(ours.rcv_flags, kernel.rcv_flags);
	cr_assert_eq(ours.rcv_ppid, kernel.rcv_ppid);
	cr_assert_eq(ours.rcv_tsn, kernel.rcv_tsn);
	cr_assert_eq(ours.rcv_cumtsn, kernel.rcv_cumtsn, "rcv_cumtsn %u, the kernel's %u", ours.rcv_cumtsn,
		     kernel.rcv_cumtsn);
	cr_assert_eq(ours.rcv_context, kernel.rcv_context, "rcv_context %#x, the kernel's %#x", ours.rcv_context,
		     kernel.rcv_context);
	cr_assert_eq(ours.rcv_assoc_id, kernel.rcv_assoc_id, "rcv_assoc_id %d, the kernel's %d", ours.rcv_assoc_id,
		     kernel.rcv_assoc_id);
	assert_rcvinfo(k, &ours, 3, 0, SCTP_UNORDERED, 0x55aa55aa);
	cr_assert_eq(ours.rcv_context, 0xc0de);
	if (next) {
		cr_assert_eq(ours_next.nxt_sid, kernel_next.nxt_sid);
		cr_assert_eq(ours_next.nxt_flags, kernel_next.nxt_flags);
		cr_assert_eq(ours_next.nxt_ppid, kernel_next.nxt_ppid);
		cr_assert_eq(ours_next.nxt_length, kernel_next.nxt_length);
		cr_assert_eq(ours_next.nxt_assoc_id, kernel_next.nxt_assoc_id);
	}

	/* Read for good: the same rcvinfo, and the next message described. */
	r = recvv_call(k->p.server, 64, sizeof r.info.rn, 0);
	assert_message(&r, "compared");
	cr_assert_eq(r.infotype, next ? SCTP_RECVV_RN : SCTP_RECVV_RCVINFO, "*infotype %u", r.infotype);
	cr_assert_eq(memcmp(&r.info.rn.recvv_rcvinfo, &kernel, sizeof kernel), 0,
		     "the rcvinfo read differs from the kernel's for the peeked message");
	if (next)
		assert_nxtinfo(k, &r.info.rn.recvv_nxtinfo, 5, 0, 0x66, 8);
}

static void rcvinfo_is_the_kernels(int family, int type, const char *ip)
{
	struct kpair k = kpair_open(family, type, ip);
	attributes_are_the_kernels(&k, false);
	kpair_close(&k);
}
SCTP_TEST_EVERY_KIND_OF(sctp_recvv_kernel, every_field_of_sctp_rcvinfo_is_the_kernels_SCTP_RCVINFO, rcvinfo_is_the_kernels)

static void rn_is_the_kernels(int family, int type, const char *ip)
{
	KNOWN_UPSTREAM_DIVERGENCE_IN_1_0_19("recvv-rn-cut");
	struct kpair k = kpair_open(family, type, ip);
	attributes_are_the_kernels(&k, true);
	kpair_close(&k);
}
SCTP_TEST_EVERY_KIND_OF(sctp_recvv_kernel, every_field_of_sctp_recvv_rn_is_the_kernels_SCTP_RCVINFO_and_SCTP_NXTINFO,
	  rn_is_the_kernels)

/* The same with socket timestamps on: the kernel sends its timestamp first,
 * and SCTP_RCVINFO no longer fits lksctp's buffer after it. */
static void rn_is_the_kernels_after_a_timestamp(int family, int type, const char *ip)
{
	KNOWN_UPSTREAM_DIVERGENCE("recvv-rcvinfo-cut");
	struct kpair k = kpair_open(family, type, ip);
	int on = 1;
	cr_assert_eq(setsockopt(k.p.server, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on), 0, "SO_TIMESTAMPNS: %s",
		     strerror(errno));
	sctp_test_enable(k.p.server, SCTP_RECVRCVINFO);
	sctp_test_enable(k.p.server, SCTP_RECVNXTINFO);
	send_message(&k, "stamp", 1, 0, 0, 0);
	int levels[4], types[4];
	int n = peek_control_messages(k.p.server, levels, types, 4);
	cr_assert_geq(n, 2, "%d ancillary messages", n);
	cr_assert_eq(levels[0], SOL_SOCKET, "the timestamp is not first (level %d type %d)", levels[0], types[0]);
	struct recvv_result r = recvv_call(k.p.server, 64, sizeof r.info.rn, 0);
	assert_message(&r, "stamp");
	attributes_are_the_kernels(&k, true);
	kpair_close(&k);
}
SCTP_TEST_BOTH_STYLES_OF(sctp_recvv_kernel, every_field_of_sctp_recvv_rn_is_the_kernels_when_a_timestamp_comes_first,
	 rn_is_the_kernels_after_a_timestamp)

static void context_is_the_option(int family, int type, const char *ip)
{
	struct kpair k = kpair_open(family, type, ip);
	sctp_test_enable(k.p.server, SCTP_RECVRCVINFO);
	struct sctp_assoc_value context = { .assoc_id = k.p.server_assoc, .assoc_value = 0x5eed };
	cr_assert_eq(setsockopt(k.p.server, SOL_SCTP, SCTP_CONTEXT, &context, sizeof context), 0,
		     "SCTP_CONTEXT: %s", strerror(errno));
	send_message(&k, "context", 1, 0, 0, 0x1234);
	struct recvv_result r = recvv_call(k.p.server, 64, sizeof r.info.rn, 0);
	assert_message(&r, "context");
	cr_assert_eq(r.infotype, SCTP_RECVV_RCVINFO);
	cr_assert_eq(r.info.rcv.rcv_context, 0x5eed,
		     "rcv_context %#x, expected the receiver's SCTP_CONTEXT 0x5eed (snd_context was 0x1234)",
		     r.info.rcv.rcv_context);
	kpair_close(&k);
}
SCTP_TEST_EVERY_KIND_OF(sctp_recvv_kernel, rcv_context_is_the_value_set_by_the_user_with_the_SCTP_CONTEXT_socket_option,
	  context_is_the_option)

/* --- kernel: *flags, iov, from ------------------------------------------------ */

static void peek(int family, int type, const char *ip)
{
	struct kpair k = kpair_open(family, type, ip);
	sctp_test_enable(k.p.server, SCTP_RECVRCVINFO);
	send_message(&k, "look twice", 1, 0, 9, 0);
	struct recvv_result r = recvv_call(k.p.server, 64, sizeof r.info.rn, MSG_PEEK);
	assert_message(&r, "look twice");
	cr_assert_eq(r.infotype, SCTP_RECVV_RCVINFO);
	uint32_t tsn = r.info.rcv.rcv_tsn;
	r = recvv_call(k.p.server, 64, sizeof r.info.rn, MSG_DONTWAIT);
	assert_message(&r, "look twice");
	cr_assert_eq(r.info.rcv.rcv_tsn, tsn, "the message read after MSG_PEEK is another one");
	assert_nothing_queued(k.p.server);
	kpair_close(&k);
}
SCTP_TEST_EVERY_KIND_OF(sctp_recvv_kernel, flags_in_MSG_PEEK_leaves_the_message_in_the_receive_buffer, peek)

static void eor(int family, int type, const char *ip)
{
	struct kpair k = kpair_open(family, type, ip);
	sctp_test_enable(k.p.server, SCTP_RECVRCVINFO);
	send_message(&k, "0123456789", 2, 0, 5, 0);
	const char *parts[] = { "0123", "4567", "89" };
	uint32_t tsn = 0;
	for (int i = 0; i < 3; i++) {
		struct recvv_result r = recvv_call(k.p.server, 4, sizeof r.info.rn, 0);
		cr_assert_eq(r.rc, (int)strlen(parts[i]), "part %d: %d bytes", i, r.rc);
		cr_assert_eq(memcmp(r.data, parts[i], strlen(parts[i])), 0);
		if (i < 2)
			cr_assert_not(r.flags & MSG_EOR, "part %d of 3: *flags %#x have MSG_EOR", i, r.flags);
		else
			cr_assert(r.flags & MSG_EOR, "the last part: *flags %#x lack MSG_EOR", r.flags);
		/* Every part of the message carries its attributes. */
		cr_assert_eq(r.infotype, SCTP_RECVV_RCVINFO);
		cr_assert_eq(r.info.rcv.rcv_sid, 2);
		cr_assert_eq(r.info.rcv.rcv_ppid, 5);
		if (i == 0)
			tsn = r.info.rcv.rcv_tsn;
		cr_assert_eq(r.info.rcv.rcv_tsn, tsn);
	}
	kpair_close(&k);
}
SCTP_TEST_EVERY_KIND_OF(sctp_recvv_kernel, flags_on_return_MSG_EOR_marks_the_end_of_the_message, eor)

/* A listener that reports association changes, and a client connected to it:
 * the server's first message is the SCTP_COMM_UP notification. */
static struct kpair notifying_pair(int family, int type, const char *ip)
{
	struct kpair k = { .p = sctp_test_notifying_pair(family, type, ip, false), .family = family, .type = type };
	sctp_test_enable(k.p.client, SCTP_NODELAY);
	return k;
}

static void notification(int family, int type, const char *ip)
{
	struct kpair k = notifying_pair(family, type, ip);
	struct recvv_result r = recvv_call(k.p.server, sizeof(union sctp_notification), sizeof r.info.rn, 0);
	cr_assert_gt(r.rc, 0, "sctp_recvv: %d (%s)", r.rc, strerror(r.error));
	cr_assert(r.flags & MSG_NOTIFICATION, "*flags %#x lack MSG_NOTIFICATION", r.flags);
	cr_assert(r.flags & MSG_EOR, "*flags %#x lack MSG_EOR", r.flags);
	const struct sctp_assoc_change *change = (const struct sctp_assoc_change *)r.data;
	cr_assert_eq(change->sac_type, SCTP_ASSOC_CHANGE);
	cr_assert_eq(change->sac_state, SCTP_COMM_UP);
	cr_assert_eq(r.infotype, SCTP_RECVV_NOINFO, "*infotype %u for a notification, no option on", r.infotype);
	kpair_close(&k);
}
SCTP_TEST_EVERY_KIND_OF(sctp_recvv_kernel, flags_on_return_MSG_NOTIFICATION_marks_a_notification, notification)

/* "infolen ... is set to the length of the returned info" only when some
 * came: a receive loop that sets infolen once still gets the sctp_rcvinfo of
 * the data after a notification that came with none. */
static void infolen_kept_across_noinfo(int family, int type, const char *ip)
{
	struct kpair k = notifying_pair(family, type, ip);
	sctp_test_enable(k.p.server, SCTP_RECVRCVINFO);
	send_message(&k, "after", 2, 0, 9, 0);
	wait_chunks(&k, 1);
	struct recvv_result r = recvv_call(k.p.server, sizeof(union sctp_notification), sizeof r.info.rn, 0);
	cr_assert(r.flags & MSG_NOTIFICATION, "*flags %#x: the first message is no notification", r.flags);
	assert_no_info(&r);
	r = recvv_call(k.p.server, 64, r.infolen, 0);
	assert_message(&r, "after");
	cr_assert_eq(r.infotype, SCTP_RECVV_RCVINFO, "*infotype %u, expected SCTP_RECVV_RCVINFO", r.infotype);
	cr_assert_eq(r.infolen, sizeof(struct sctp_rcvinfo), "*infolen %u", r.infolen);
	assert_rcvinfo(&k, &r.info.rcv, 2, 0, 0, 9);
	kpair_close(&k);
}
SCTP_TEST_BOTH_STYLES_OF(sctp_recvv_kernel, infolen_is_left_as_it_was_when_no_attribute_comes_so_a_loop_keeps_its_rcvinfo,
	 infolen_kept_across_noinfo)

/* Both options on: the notification has no sctp_rcvinfo (it is no user
 * message) but the data behind it is described by an sctp_nxtinfo; the data
 * has both, the notification after it flagged SCTP_NOTIFICATION. */
static void notification_next(int family, int type, const char *ip)
{
	struct kpair k = notifying_pair(family, type, ip);
	sctp_test_enable(k.p.server, SCTP_RECVRCVINFO);
	sctp_test_enable(k.p.server, SCTP_RECVNXTINFO);
	send_message(&k, "between", 1, 0, 17, 0);
	wait_chunks(&k, 1);
	/* The client's shutdown queues SCTP_SHUTDOWN_COMP after the data. */
	close(k.p.client);
	k.p.client = -1;
	int open = 1;
	for (int ms = 0; ms < WAIT_MS && open; ms += 10) {
		if (type == SOCK_SEQPACKET) {
			socklen_t len = sizeof open;
			cr_assert_eq(getsockopt(k.p.server, SOL_SCTP, SCTP_GET_ASSOC_NUMBER, &open, &len), 0);
		} else {
			struct sctp_status status;
			memset(&status, 0, sizeof status);
			socklen_t len = sizeof status;
			open = getsockopt(k.p.server, SOL_SCTP, SCTP_STATUS, &status, &len) == 0 &&
			       status.sstat_state != SCTP_CLOSED;
		}
		if (open)
			usleep(10000);
	}
	cr_assert_not(open, "the association did not shut down within %d ms", WAIT_MS);

	struct recvv_result r = recvv_call(k.p.server, sizeof(union sctp_notification), sizeof r.info.rn, 0);
	cr_assert(r.flags & MSG_NOTIFICATION, "*flags %#x: the first message is no notification", r.flags);
	cr_assert_eq(r.infotype, SCTP_RECVV_NXTINFO, "*infotype %u, expected SCTP_RECVV_NXTINFO", r.infotype);
	assert_nxtinfo(&k, &r.info.nxt, 1, 0, 17, 7);

	r = recvv_call(k.p.server, 64, sizeof r.info.rn, 0);
	assert_message(&r, "between");
	cr_assert_eq(r.infotype, SCTP_RECVV_RN, "*infotype %u, expected SCTP_RECVV_RN", r.infotype);
	cr_assert(r.info.rn.recvv_nxtinfo.nxt_flags & SCTP_NOTIFICATION,
		  "nxt_flags %#x lack SCTP_NOTIFICATION for the notification that comes next",
		  r.info.rn.recvv_nxtinfo.nxt_flags);
	cr_assert_eq(r.info.rn.recvv_nxtinfo.nxt_length, sizeof(struct sctp_assoc_change), "nxt_length %u",
		     r.info.rn.recvv_nxtinfo.nxt_length);
	kpair_close(&k);
}
SCTP_TEST_BOTH_STYLES_OF(sctp_recvv_kernel, nxt_flags_SCTP_NOTIFICATION_is_present_when_the_next_message_is_a_notification,
	 notification_next)

static void scatter(int family, int type, const char *ip)
{
	struct kpair k = kpair_open(family, type, ip);
	sctp_test_enable(k.p.server, SCTP_RECVRCVINFO);
	send_message(&k, "abcdefghijkl", 1, 0, 3, 0);
	char one[3], two[5], three[100];
	memset(three, 0, sizeof three);
	struct iovec v[3] = { { one, sizeof one }, { two, sizeof two }, { three, sizeof three } };
	struct sctp_recvv_rn info;
	socklen_t infolen = sizeof info;
	unsigned int infotype = UNSET_TYPE;
	int flags = 0;
	wait_readable(k.p.server);
	assert_returns(sctp_recvv(k.p.server, v, 3, NULL, NULL, &info, &infolen, &infotype, &flags), 12);
	cr_assert_eq(memcmp(one, "abc", 3), 0);
	cr_assert_eq(memcmp(two, "defgh", 5), 0);
	cr_assert_eq(memcmp(three, "ijkl", 5), 0);
	cr_assert(flags & MSG_EOR);
	cr_assert_eq(infotype, SCTP_RECVV_RCVINFO);
	cr_assert_eq(info.recvv_rcvinfo.rcv_ppid, 3);
	kpair_close(&k);
}
SCTP_TEST_EVERY_KIND_OF(sctp_recvv_kernel, iov_is_the_scatter_buffer_and_iovlen_the_number_of_its_elements, scatter)

static void from_address(int family, int type, const char *ip)
{
	struct kpair k = kpair_open(family, type, ip);
	send_message(&k, "who", 1, 0, 0, 0);
	struct recvv_result r = recvv_call(k.p.server, 64, sizeof r.info.rn, 0);
	assert_message(&r, "who");
	uint16_t client_port = sctp_test_local_port(k.p.client);
	if (family == AF_INET) {
		cr_assert_eq(r.fromlen, sizeof(struct sockaddr_in), "*fromlen %u", r.fromlen);
		struct sockaddr_in *from = (struct sockaddr_in *)&r.from;
		struct sockaddr_in expected = sctp_test_v4(ip, client_port);
		cr_assert_eq(from->sin_family, AF_INET);
		cr_assert_eq(from->sin_port, expected.sin_port, "from port %u, expected %u", ntohs(from->sin_port),
			     client_port);
		cr_assert_eq(from->sin_addr.s_addr, expected.sin_addr.s_addr);
	} else {
		cr_assert_eq(r.fromlen, sizeof(struct sockaddr_in6), "*fromlen %u", r.fromlen);
		struct sockaddr_in6 *from = (struct sockaddr_in6 *)&r.from;
		struct sockaddr_in6 expected = sctp_test_v6(ip, client_port);
		cr_assert_eq(from->sin6_family, AF_INET6);
		cr_assert_eq(from->sin6_port, expected.sin6_port, "from port %u, expected %u", ntohs(from->sin6_port),
			     client_port);
		cr_assert_eq(memcmp(&from->sin6_addr, &expected.sin6_addr, sizeof expected.sin6_addr), 0);
	}
	kpair_close(&k);
}
SCTP_TEST_EVERY_KIND_OF(sctp_recvv_kernel, from_is_filled_with_the_senders_address_and_fromlen_is_in_out, from_address)

Test(sctp_recvv_kernel, a_negative_iovlen_goes_to_recvmsg_which_fails_with_EMSGSIZE_and_the_message_stays)
{
	struct kpair k = kpair_open(AF_INET, SOCK_SEQPACKET, "127.0.0.1");
	send_message(&k, "kept", 1, 0, 0, 0);
	wait_readable(k.p.server);
	char buf[16];
	struct iovec v = { buf, sizeof buf };
	struct sctp_recvv_rn info;
	socklen_t infolen = sizeof info;
	unsigned int infotype;
	int flags = 0;
	assert_fails_with(sctp_recvv(k.p.server, &v, -1, NULL, NULL, &info, &infolen, &infotype, &flags), EMSGSIZE);
	struct recvv_result r = recvv_call(k.p.server, 64, sizeof r.info.rn, MSG_DONTWAIT);
	assert_message(&r, "kept");
	kpair_close(&k);
}

Test(sctp_recvv_kernel, returns_minus_1_and_sets_errno_EAGAIN_with_MSG_DONTWAIT_and_nothing_to_read)
{
	struct kpair k = kpair_open(AF_INET6, SOCK_STREAM, "::1");
	struct recvv_result r = recvv_call(k.p.server, 64, sizeof r.info.rn, MSG_DONTWAIT);
	cr_assert_eq(r.rc, -1);
	cr_assert(r.error == EAGAIN || r.error == EWOULDBLOCK, "errno %s", strerror(r.error));
	kpair_close(&k);
}
