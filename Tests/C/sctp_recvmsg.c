/* sctp_recvmsg(3): receive a message from an SCTP socket, with the sender's
 * address, the message flags and the SCTP_SNDRCV attributes.
 *
 * Suite sctp_recvmsg: what needs no SCTP kernel (bad descriptors; from,
 * fromlen, msg_flags in and out, and sinfo when no SCTP_SNDRCV came, over
 * UDP). Suite sctp_recvmsg_kernel: on a real SCTP kernel. The sender uses
 * plain sendmsg(2) with its own SCTP_SNDRCV message, so that these tests do
 * not depend on sctp_sendmsg(3) or sctp_send(3).
 *
 * Beyond the page, as lksctp 1.0.21: sinfo is filled from the SCTP_SNDRCV
 * message when the kernel sent one (sctp_data_io_event on); when it did not,
 * only sinfo_assoc_id is set, to 0, which tells the caller. Beyond lksctp
 * (DIVERGENCES.md, recvmsg-sndrcv-cut): the SCTP_SNDRCV is delivered whole
 * when other ancillary data comes before it. */
#include "sctp_test.h"
#include "sctp_test_fault_sweep.h"

#include <poll.h>
#include <time.h>

/* --- a faulty recvmsg ------------------------------------------------------ */

/* Fills the control buffer with a SOL_SOCKET message up to its last 16
 * bytes, puts there the header of an SCTP_SNDRCV message whose structure
 * would lie past the buffer, and reports the length that would take. */
static ssize_t rm_fake_recvmsg(int fd, struct msghdr *msg, int flags)
{
	(void)fd;
	(void)flags;
	size_t capacity = msg->msg_controllen;
	cr_assert_geq(capacity, 2 * CMSG_SPACE(0), "control buffer of %zu bytes", capacity);
	memset(msg->msg_control, 0, capacity);
	struct cmsghdr *filler = msg->msg_control;
	filler->cmsg_len = capacity - CMSG_SPACE(0);
	filler->cmsg_level = SOL_SOCKET;
	filler->cmsg_type = 0x7fff;
	struct cmsghdr *last = (struct cmsghdr *)((char *)msg->msg_control + capacity - CMSG_SPACE(0));
	last->cmsg_len = CMSG_LEN(sizeof(struct sctp_sndrcvinfo));
	last->cmsg_level = IPPROTO_SCTP;
	last->cmsg_type = SCTP_SNDRCV;
	msg->msg_controllen = capacity + sizeof(struct sctp_sndrcvinfo);
	msg->msg_flags = MSG_EOR;
	return 1;
}

/* --- helpers -------------------------------------------------------------- */

/* Waits (at most 10 s) until the peer has acknowledged everything `fd` sent
 * on `assoc`: then it all lies in the peer's receive queue. */
static void rm_wait_acknowledged(int fd, sctp_assoc_t assoc)
{
	for (int i = 0; i < 1000; i++) {
		struct sctp_status status = { .sstat_assoc_id = assoc };
		socklen_t len = sizeof status;
		cr_assert_eq(getsockopt(fd, SOL_SCTP, SCTP_STATUS, &status, &len), 0);
		if (status.sstat_unackdata == 0 && status.sstat_penddata == 0)
			return;
		struct timespec pause = { .tv_nsec = 10 * 1000 * 1000 };
		nanosleep(&pause, NULL);
	}
	cr_assert_fail("the peer did not acknowledge within 10 s");
}

/* sinfo, filled with 0xa5 before the call, has sinfo_assoc_id 0 and every
 * other byte as it was. */
static void rm_assert_only_assoc_id_cleared(const struct sctp_sndrcvinfo *sinfo)
{
	cr_assert_eq(sinfo->sinfo_assoc_id, 0, "sinfo_assoc_id %d, expected 0", sinfo->sinfo_assoc_id);
	const unsigned char *b = (const unsigned char *)sinfo;
	size_t id_start = offsetof(struct sctp_sndrcvinfo, sinfo_assoc_id);
	for (size_t i = 0; i < sizeof *sinfo; i++)
		if (i < id_start || i >= id_start + sizeof(sctp_assoc_t))
			cr_assert_eq(b[i], 0xa5, "sinfo byte %zu was written", i);
}

/* Sends `datagram` over UDP pair `u` and waits until it can be read. */
static void rm_send_datagram(struct udp_pair *u, const char *datagram)
{
	ssize_t len = (ssize_t)strlen(datagram);
	cr_assert_eq(send(u->sender, datagram, (size_t)len, 0), len);
	wait_readable(u->receiver);
}

/* What one sctp_recvmsg gave besides the message: *msg_flags and sinfo. */
struct rm_received {
	int flags;
	struct sctp_sndrcvinfo sinfo;
};

/* sctp_recvmsg(fd, buf, cap, NULL, NULL, &sinfo, &msg_flags), with
 * msg_flags `flags` and every byte of sinfo `fill` before the call, returns
 * `msg` (its strlen bytes) into a buffer of `cap` bytes. */
static struct rm_received rm_receive(int fd, size_t cap, int flags, int fill, const char *msg)
{
	char buf[16];
	cr_assert_leq(cap, sizeof buf);
	memset(buf, 0, sizeof buf);
	int len = (int)strlen(msg);
	struct rm_received r = { .flags = flags };
	memset(&r.sinfo, fill, sizeof r.sinfo);
	assert_returns(sctp_recvmsg(fd, buf, cap, NULL, NULL, &r.sinfo, &r.flags), len);
	cr_assert_arr_eq(buf, msg, (size_t)len);
	return r;
}

/* sinfo was filled from an SCTP_SNDRCV: the sender's stream and ppid, the
 * receiver's association id. */
static void rm_assert_sinfo(const struct sctp_sndrcvinfo *sinfo, uint16_t stream, uint32_t ppid, sctp_assoc_t assoc)
{
	cr_assert_eq(sinfo->sinfo_stream, stream, "stream %u, expected %u", sinfo->sinfo_stream, stream);
	cr_assert_eq(sinfo->sinfo_ppid, ppid, "ppid %#x, expected %#x", sinfo->sinfo_ppid, ppid);
	cr_assert_eq(sinfo->sinfo_assoc_id, assoc, "sinfo_assoc_id %d, expected %d", sinfo->sinfo_assoc_id, assoc);
}

#define RM_EVERY_KIND(name) SCTP_TEST_EVERY_KIND(sctp_recvmsg_kernel, name)

/* --- no SCTP kernel needed ------------------------------------------------- */

Test(sctp_recvmsg, sd_is_the_socket_descriptor_so_a_bad_one_gives_EBADF)
{
	char buf[8];
	struct sctp_sndrcvinfo sinfo;
	int flags = 0;
	assert_fails_with(sctp_recvmsg(-1, buf, sizeof buf, NULL, NULL, &sinfo, &flags), EBADF);
}

Test(sctp_recvmsg, sd_is_the_socket_descriptor_so_a_non_socket_gives_ENOTSOCK)
{
	int fd = sctp_test_file_descriptor();
	char buf[8];
	struct sctp_sndrcvinfo sinfo;
	int flags = 0;
	assert_fails_with(sctp_recvmsg(fd, buf, sizeof buf, NULL, NULL, &sinfo, &flags), ENOTSOCK);
	close(fd);
}

/* "If from is not NULL, the source address of the message is filled in. The
 * argument fromlen is a value-result parameter, initialized to the size of
 * the buffer associated with from, and modified on return to indicate the
 * actual size of the address stored"; "returns the number of bytes
 * received". */
Test(sctp_recvmsg, from_is_filled_in_with_the_source_address_and_fromlen_with_its_size)
{
	struct udp_pair u = udp_pair_open(AF_INET);
	rm_send_datagram(&u, "hello");
	char buf[16];
	struct sockaddr_storage from;
	memset(&from, 0xa5, sizeof from);
	socklen_t fromlen = sizeof from;
	struct sctp_sndrcvinfo sinfo;
	int flags = 0;
	assert_returns(sctp_recvmsg(u.receiver, buf, sizeof buf, (struct sockaddr *)&from, &fromlen, &sinfo, &flags),
		       5);
	cr_assert_arr_eq(buf, "hello", 5);
	cr_assert_eq(fromlen, sizeof(struct sockaddr_in));
	struct sockaddr_in *in = (struct sockaddr_in *)&from;
	cr_assert_eq(in->sin_family, AF_INET);
	cr_assert_eq(ntohs(in->sin_port), sctp_test_local_port(u.sender));
	cr_assert_eq(ntohl(in->sin_addr.s_addr), INADDR_LOOPBACK);
	udp_pair_close(&u);
}

/* "On error, -1 is returned, and errno is set appropriately": each error
 * (ENOMEM, EINTR, EFAULT, EINVAL) forced on each call sctp_recvmsg makes
 * (sctp_test_fault_sweep.h) is the call's, with nothing left allocated. */
static void queue_datagram(void *context)
{
	rm_send_datagram(context, "hello");
}

static long recvmsg_on_udp(void *context)
{
	struct udp_pair *u = context;
	char buf[16];
	struct sockaddr_storage from;
	socklen_t fromlen = sizeof from;
	struct sctp_sndrcvinfo sinfo;
	int flags = 0;
	return sctp_recvmsg(u->receiver, buf, sizeof buf, (struct sockaddr *)&from, &fromlen, &sinfo, &flags);
}

Test(sctp_recvmsg, on_error_minus_1_is_returned_and_errno_is_set_whatever_error_the_kernel_gives)
{
	sctp_test_fault_sweep_udp(queue_datagram, recvmsg_on_udp, "sctp_recvmsg", 5);
}

/* The same sentence, the other way: from NULL is allowed. */
Test(sctp_recvmsg, from_may_be_NULL)
{
	struct udp_pair u = udp_pair_open(AF_INET);
	rm_send_datagram(&u, "abc");
	char buf[16];
	int flags = 0;
	assert_returns(sctp_recvmsg(u.receiver, buf, sizeof buf, NULL, NULL, NULL, &flags), 3);
	cr_assert_arr_eq(buf, "abc", 3);
	udp_pair_close(&u);
}

/* "sinfo is a pointer to a sctp_sndrcvinfo structure to be filled upon
 * receipt of the message": with no SCTP_SNDRCV (here over UDP) lksctp 1.0.21
 * sets sinfo_assoc_id to 0, which tells the caller none came, and leaves the
 * rest of sinfo as it was. */
Test(sctp_recvmsg, sinfo_assoc_id_is_0_and_the_rest_of_sinfo_untouched_when_no_SCTP_SNDRCV_came)
{
	KNOWN_UPSTREAM_DIVERGENCE_IN_1_0_19("recvmsg-stale-sinfo");
	struct udp_pair u = udp_pair_open(AF_INET);
	rm_send_datagram(&u, "x");
	struct rm_received r = rm_receive(u.receiver, 8, 0, 0xa5, "x");
	rm_assert_only_assoc_id_cleared(&r.sinfo);
	udp_pair_close(&u);
}

/* The same sentence, when recvmsg reports an SCTP_SNDRCV whose structure
 * lies past the control buffer (an interposed recvmsg here; the kernel does
 * the same when it cuts the message short, see below): it did not come, and
 * nothing past the buffer is read. Found by Tests/fuzz/receive.c. */
Test(sctp_recvmsg, sinfo_is_not_filled_from_an_SCTP_SNDRCV_that_lies_past_the_control_buffer)
{
	KNOWN_UPSTREAM_DIVERGENCE("recvmsg-sndrcv-cut");
	char buf[8];
	struct sctp_sndrcvinfo sinfo;
	memset(&sinfo, 0xa5, sizeof sinfo);
	int flags = 0;
	sctp_test_fault_recvmsg_stand_in(rm_fake_recvmsg);
	assert_returns(sctp_recvmsg(-1, buf, sizeof buf, NULL, NULL, &sinfo, &flags), 1);
	sctp_test_fault_recvmsg_stand_in(NULL);
	/* More ancillary data than lksctp's buffer holds: MSG_CTRUNC, as there. */
	cr_assert_eq(flags, MSG_EOR | MSG_CTRUNC, "*msg_flags %#x", flags);
	rm_assert_only_assoc_id_cleared(&sinfo);
}

/* "msg_flags is also used as an input flags argument to recvmsg function":
 * MSG_PEEK leaves the message in place. */
Test(sctp_recvmsg, msg_flags_is_also_an_input_flags_argument_so_MSG_PEEK_leaves_the_message)
{
	struct udp_pair u = udp_pair_open(AF_INET);
	rm_send_datagram(&u, "peek");
	char buf[16];
	int flags = MSG_PEEK;
	assert_returns(sctp_recvmsg(u.receiver, buf, sizeof buf, NULL, NULL, NULL, &flags), 4);
	cr_assert_arr_eq(buf, "peek", 4);
	memset(buf, 0, sizeof buf);
	flags = MSG_DONTWAIT;
	assert_returns(sctp_recvmsg(u.receiver, buf, sizeof buf, NULL, NULL, NULL, &flags), 4);
	cr_assert_arr_eq(buf, "peek", 4);
	flags = MSG_DONTWAIT;
	assert_fails_with(sctp_recvmsg(u.receiver, buf, sizeof buf, NULL, NULL, NULL, &flags), EAGAIN);
	udp_pair_close(&u);
}

/* The same sentence: MSG_DONTWAIT on an empty socket fails with EAGAIN
 * rather than blocking (were the flag lost, the test would hang). */
Test(sctp_recvmsg, msg_flags_is_also_an_input_flags_argument_so_MSG_DONTWAIT_gives_EAGAIN, .timeout = 30)
{
	struct udp_pair u = udp_pair_open(AF_INET);
	char buf[8];
	int flags = MSG_DONTWAIT;
	assert_fails_with(sctp_recvmsg(u.receiver, buf, sizeof buf, NULL, NULL, NULL, &flags), EAGAIN);
	udp_pair_close(&u);
}

/* "msg_flags is a pointer to a integer that is filled with any message
 * flags": a datagram cut to the buffer says MSG_TRUNC; a whole one leaves
 * no flag (and no input flag behind). */
Test(sctp_recvmsg, msg_flags_is_filled_with_the_message_flags)
{
	struct udp_pair u = udp_pair_open(AF_INET);
	cr_assert_eq(send(u.sender, "0123456789", 10, 0), 10);
	cr_assert_eq(send(u.sender, "ok", 2, 0), 2);
	wait_readable(u.receiver);
	char buf[4];
	int flags = 0;
	assert_returns(sctp_recvmsg(u.receiver, buf, sizeof buf, NULL, NULL, NULL, &flags), 4);
	cr_assert(flags & MSG_TRUNC, "flags %#x", flags);
	wait_readable(u.receiver);
	flags = MSG_DONTWAIT;
	assert_returns(sctp_recvmsg(u.receiver, buf, sizeof buf, NULL, NULL, NULL, &flags), 2);
	cr_assert_eq(flags, 0, "flags %#x", flags);
	udp_pair_close(&u);
}

/* msg_flags NULL is allowed: it is then no input flag and no output. */
Test(sctp_recvmsg, msg_flags_may_be_NULL)
{
	struct udp_pair u = udp_pair_open(AF_INET);
	rm_send_datagram(&u, "n");
	char buf[4];
	assert_returns(sctp_recvmsg(u.receiver, buf, sizeof buf, NULL, NULL, NULL, NULL), 1);
	cr_assert_eq(buf[0], 'n');
	udp_pair_close(&u);
}

/* --- real SCTP kernel -------------------------------------------------------- */

/* "If from is not NULL, the source address of the message is filled in":
 * the client's address and port; fromlen the size of that family's. */
static void from_is_filled_in_with_the_senders_address(int family, int type, const char *ip)
{
	struct sctp_test_pair p = sctp_test_connect_pair(family, type, ip);
	send_with_sndrcv(p.client, "from", 4, p.client_assoc, 0, 0, 0);
	wait_readable(p.server);
	char buf[16];
	struct sockaddr_storage from;
	memset(&from, 0xa5, sizeof from);
	socklen_t fromlen = sizeof from;
	int flags = 0;
	assert_returns(sctp_recvmsg(p.server, buf, sizeof buf, (struct sockaddr *)&from, &fromlen, NULL, &flags),
		       4);
	cr_assert_arr_eq(buf, "from", 4);
	struct sockaddr_storage expected;
	socklen_t expected_len = fill_address(ip, sctp_test_local_port(p.client), &expected);
	cr_assert_eq(fromlen, expected_len);
	cr_assert_eq(from.ss_family, family);
	cr_assert_arr_eq(&from, &expected, expected_len, "from is not %s:%u", ip, sctp_test_local_port(p.client));
	sctp_test_close_pair(&p);
}
RM_EVERY_KIND(from_is_filled_in_with_the_senders_address)

/* "sinfo is a pointer to a sctp_sndrcvinfo structure to be filled upon
 * receipt of the message" (with sctp_data_io_event on): the sender's stream
 * and ppid, the receiver's association id and context (SCTP_CONTEXT), the
 * stream sequence numbers 0 and 1 and consecutive TSNs; msg_flags MSG_EOR. */
static void sinfo_is_filled_upon_receipt_of_the_message(int family, int type, const char *ip)
{
	struct sctp_test_pair p = sctp_test_data_io_pair(family, type, ip);
	struct sctp_assoc_value context = { .assoc_id = p.server_assoc, .assoc_value = 0x5eed };
	cr_assert_eq(setsockopt(p.server, SOL_SCTP, SCTP_CONTEXT, &context, sizeof context), 0);
	send_with_sndrcv(p.client, "first", 5, p.client_assoc, 4, 0xabcdef01, 0);
	send_with_sndrcv(p.client, "second", 6, p.client_assoc, 4, 0x02, 0);

	wait_readable(p.server);
	struct rm_received r = rm_receive(p.server, 16, 0, 0, "first");
	const struct sctp_sndrcvinfo first = r.sinfo;
	cr_assert_eq(r.flags, MSG_EOR, "msg_flags %#x", r.flags);
	rm_assert_sinfo(&first, 4, 0xabcdef01u, p.server_assoc);
	cr_assert_eq(first.sinfo_ssn, 0);
	cr_assert_eq(first.sinfo_flags, 0, "flags %#x", first.sinfo_flags);
	cr_assert_eq(first.sinfo_context, 0x5eedu, "context %#x", first.sinfo_context);
	cr_assert_eq(first.sinfo_timetolive, 0);

	wait_readable(p.server);
	r = rm_receive(p.server, 16, 0, 0, "second");
	cr_assert_eq(r.flags, MSG_EOR, "msg_flags %#x", r.flags);
	rm_assert_sinfo(&r.sinfo, 4, 2, p.server_assoc);
	cr_assert_eq(r.sinfo.sinfo_ssn, 1);
	cr_assert_eq(r.sinfo.sinfo_tsn, first.sinfo_tsn + 1, "TSNs %u then %u", first.sinfo_tsn, r.sinfo.sinfo_tsn);
	sctp_test_close_pair(&p);
}
RM_EVERY_KIND(sinfo_is_filled_upon_receipt_of_the_message)

/* RFC 6458 5.3.2 "SCTP_UNORDERED: This flag is present when the message was
 * sent unordered" in the sinfo_flags sctp_recvmsg fills. */
static void sinfo_flags_has_SCTP_UNORDERED_when_the_message_was_sent_unordered(int family, int type,
										const char *ip)
{
	struct sctp_test_pair p = sctp_test_data_io_pair(family, type, ip);
	send_with_sndrcv(p.client, "u", 1, p.client_assoc, 2, 0, SCTP_UNORDERED);
	wait_readable(p.server);
	struct rm_received r = rm_receive(p.server, 4, 0, 0, "u");
	cr_assert(r.sinfo.sinfo_flags & SCTP_UNORDERED, "flags %#x", r.sinfo.sinfo_flags);
	rm_assert_sinfo(&r.sinfo, 2, 0, p.server_assoc);
	sctp_test_close_pair(&p);
}
RM_EVERY_KIND(sinfo_flags_has_SCTP_UNORDERED_when_the_message_was_sent_unordered)

/* The same sentence when the socket did not subscribe to sctp_data_io_event
 * (the kernel sends no SCTP_SNDRCV): sinfo_assoc_id 0, the rest untouched. */
static void sinfo_assoc_id_is_0_when_the_socket_gets_no_SCTP_SNDRCV(int family, int type, const char *ip)
{
	KNOWN_UPSTREAM_DIVERGENCE_IN_1_0_19("recvmsg-stale-sinfo");
	struct sctp_test_pair p = sctp_test_connect_pair(family, type, ip);
	subscribe_events(p.server, false, false, false, false);
	send_with_sndrcv(p.client, "plain", 5, p.client_assoc, 3, 9, 0);
	wait_readable(p.server);
	struct rm_received r = rm_receive(p.server, 8, 0, 0xa5, "plain");
	cr_assert(r.flags & MSG_EOR);
	rm_assert_only_assoc_id_cleared(&r.sinfo);
	sctp_test_close_pair(&p);
}
RM_EVERY_KIND(sinfo_assoc_id_is_0_when_the_socket_gets_no_SCTP_SNDRCV)

/* "msg_flags is a pointer to a integer that is filled with any message flags
 * like MSG_NOTIFICATION or MSG_EOR": SCTP_ASSOC_CHANGE SCTP_COMM_UP arrives
 * whole with MSG_NOTIFICATION | MSG_EOR. */
static void msg_flags_has_MSG_NOTIFICATION_for_a_notification(int family, int type, const char *ip)
{
	struct sctp_test_pair p = sctp_test_notifying_pair(family, type, ip, true);
	wait_readable(p.server);
	union {
		union sctp_notification n;
		char bytes[512];
	} buf;
	int flags = 0;
	int n = sctp_recvmsg(p.server, &buf, sizeof buf, NULL, NULL, NULL, &flags);
	cr_assert_geq(n, (int)sizeof(struct sctp_assoc_change), "%d (%s)", n, strerror(errno));
	cr_assert(flags & MSG_NOTIFICATION, "msg_flags %#x", flags);
	cr_assert(flags & MSG_EOR, "msg_flags %#x", flags);
	cr_assert_eq(buf.n.sn_header.sn_type, SCTP_ASSOC_CHANGE);
	cr_assert_eq(buf.n.sn_assoc_change.sac_state, SCTP_COMM_UP);
	cr_assert_eq(buf.n.sn_assoc_change.sac_assoc_id, sctp_test_first_association(p.server));

	/* and data after it carries no MSG_NOTIFICATION */
	send_with_sndrcv(p.client, "d", 1, sctp_test_first_association(p.client), 0, 0, 0);
	wait_readable(p.server);
	flags = 0;
	assert_returns(sctp_recvmsg(p.server, &buf, sizeof buf, NULL, NULL, NULL, &flags), 1);
	cr_assert_eq(flags, MSG_EOR, "msg_flags %#x", flags);
	sctp_test_close_pair(&p);
}
RM_EVERY_KIND(msg_flags_has_MSG_NOTIFICATION_for_a_notification)

/* "filled with any message flags like ... MSG_EOR": a message larger than
 * len arrives in parts of len bytes, MSG_EOR only on the last, each part
 * with the message's stream and stream sequence number. */
static void a_message_larger_than_len_arrives_in_parts_with_MSG_EOR_on_the_last(int family, int type,
										const char *ip)
{
	struct sctp_test_pair p = sctp_test_data_io_pair(family, type, ip);
	static unsigned char message[10000], received[10000];
	for (size_t i = 0; i < sizeof message; i++)
		message[i] = (unsigned char)(i * 13 + 1);
	send_with_sndrcv(p.client, "before", 6, p.client_assoc, 2, 0, 0);
	send_with_sndrcv(p.client, message, sizeof message, p.client_assoc, 2, 0x42, 0);

	char small[8];
	int flags = 0;
	wait_readable(p.server);
	assert_returns(sctp_recvmsg(p.server, small, sizeof small, NULL, NULL, NULL, &flags), 6);
	size_t got = 0;
	int parts = 0;
	for (;;) {
		wait_readable(p.server);
		struct sctp_sndrcvinfo sinfo;
		memset(&sinfo, 0, sizeof sinfo);
		flags = 0;
		int n = sctp_recvmsg(p.server, received + got, 3000, NULL, NULL, &sinfo, &flags);
		cr_assert_gt(n, 0, "part %d: %d (%s)", parts, n, strerror(errno));
		parts++;
		got += (size_t)n;
		cr_assert_leq(got, sizeof message);
		cr_assert_not(flags & MSG_NOTIFICATION);
		cr_assert_eq(sinfo.sinfo_stream, 2, "part %d: stream %u", parts, sinfo.sinfo_stream);
		cr_assert_eq(sinfo.sinfo_ssn, 1, "part %d: ssn %u", parts, sinfo.sinfo_ssn);
		cr_assert_eq(sinfo.sinfo_ppid, 0x42u);
		if (got < sizeof message) {
			cr_assert_eq(n, 3000, "part %d: %d bytes", parts, n);
			cr_assert_not(flags & MSG_EOR, "MSG_EOR on part %d of 4", parts);
		} else {
			cr_assert(flags & MSG_EOR, "no MSG_EOR on the last part");
			break;
		}
	}
	cr_assert_eq(parts, 4);
	cr_assert_arr_eq(received, message, sizeof message);
	sctp_test_close_pair(&p);
}
RM_EVERY_KIND(a_message_larger_than_len_arrives_in_parts_with_MSG_EOR_on_the_last)

/* "msg_flags is also used as an input flags argument to recvmsg function":
 * MSG_PEEK returns the message and its sinfo and leaves it in place. */
static void msg_flags_MSG_PEEK_leaves_the_message_in_place(int family, int type, const char *ip)
{
	struct sctp_test_pair p = sctp_test_data_io_pair(family, type, ip);
	send_with_sndrcv(p.client, "peeked", 6, p.client_assoc, 1, 6, 0);
	wait_readable(p.server);
	struct rm_received r = rm_receive(p.server, 16, MSG_PEEK, 0, "peeked");
	cr_assert_eq(r.sinfo.sinfo_ppid, 6);
	r = rm_receive(p.server, 16, MSG_DONTWAIT, 0, "peeked");
	cr_assert(r.flags & MSG_EOR);
	rm_assert_sinfo(&r.sinfo, 1, 6, p.server_assoc);
	sctp_test_close_pair(&p);
}
RM_EVERY_KIND(msg_flags_MSG_PEEK_leaves_the_message_in_place)

/* The same sentence: MSG_DONTWAIT on a socket with nothing queued gives
 * EAGAIN (were the flag lost, the call would block until the time limit). */
static void msg_flags_MSG_DONTWAIT_gives_EAGAIN_when_nothing_is_queued(int family, int type, const char *ip)
{
	struct sctp_test_pair p = sctp_test_connect_pair(family, type, ip);
	char buf[8];
	struct sctp_sndrcvinfo sinfo;
	int flags = MSG_DONTWAIT;
	assert_fails_with(sctp_recvmsg(p.server, buf, sizeof buf, NULL, NULL, &sinfo, &flags), EAGAIN);
	sctp_test_close_pair(&p);
}
RM_EVERY_KIND(msg_flags_MSG_DONTWAIT_gives_EAGAIN_when_nothing_is_queued)

/* The server of `p` receives `msg` (sinfo's bytes `fill` before), whose
 * SCTP_SNDRCV came after other ancillary data: sinfo is filled from it all
 * the same (`stream`, `ppid`, the server's association) and *msg_flags,
 * returned, has MSG_CTRUNC (recvmsg-sndrcv-cut, below). */
static int rm_assert_sinfo_filled_past_other_ancillary_data(const struct sctp_test_pair *p, int fill, const char *msg,
							    uint16_t stream, uint32_t ppid)
{
	struct rm_received r = rm_receive(p->server, 16, 0, fill, msg);
	cr_assert(r.flags & MSG_CTRUNC, "*msg_flags %#x lack MSG_CTRUNC", r.flags);
	rm_assert_sinfo(&r.sinfo, stream, ppid, p->server_assoc);
	return r.flags;
}

/* With SCTP_RECVRCVINFO, SCTP_RECVNXTINFO and sctp_data_io_event all on,
 * the kernel sends SCTP_RCVINFO, SCTP_NXTINFO and SCTP_SNDRCV (last); sinfo
 * is still filled from the last. *msg_flags has MSG_CTRUNC, as lksctp's
 * caller sees it: its control buffer holds one message. A peek with a large
 * buffer first checks that the kernel did send all three. */
static void sinfo_is_filled_when_SCTP_RCVINFO_and_SCTP_NXTINFO_come_too(int family, int type, const char *ip)
{
	KNOWN_UPSTREAM_DIVERGENCE("recvmsg-sndrcv-cut");
	struct sctp_test_pair p = sctp_test_connect_pair(family, type, ip);
	sctp_test_enable(p.server, SCTP_RECVRCVINFO);
	sctp_test_enable(p.server, SCTP_RECVNXTINFO);
	subscribe_events(p.server, true, false, false, false);
	send_with_sndrcv(p.client, "one", 3, p.client_assoc, 3, 11, 0);
	send_with_sndrcv(p.client, "two!", 4, p.client_assoc, 2, 22, 0);
	rm_wait_acknowledged(p.client, p.client_assoc);
	wait_readable(p.server);

	/* the premise: all three come, SCTP_SNDRCV last */
	union {
		struct cmsghdr align;
		char bytes[1024];
	} control;
	char buf[16];
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof buf };
	struct msghdr m = sctp_test_msghdr(&iov, control.bytes, sizeof control.bytes);
	cr_assert_eq(recvmsg(p.server, &m, MSG_PEEK), 3);
	int types[4], count = 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c != NULL && count < 4; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == IPPROTO_SCTP)
			types[count++] = c->cmsg_type;
	cr_assert_eq(count, 3, "the kernel sent %d SCTP control messages", count);
	cr_assert_eq(types[2], SCTP_SNDRCV);

	int flags = rm_assert_sinfo_filled_past_other_ancillary_data(&p, 0, "one", 3, 11);
	cr_assert(flags & MSG_EOR);
	sctp_test_close_pair(&p);
}
RM_EVERY_KIND(sinfo_is_filled_when_SCTP_RCVINFO_and_SCTP_NXTINFO_come_too)

/* The same with socket timestamps on: the kernel sends its timestamp first,
 * and SCTP_SNDRCV after it would be cut in lksctp's buffer. */
static void sinfo_is_filled_when_a_timestamp_comes_first(int family, int type, const char *ip)
{
	KNOWN_UPSTREAM_DIVERGENCE("recvmsg-sndrcv-cut");
	struct sctp_test_pair p = sctp_test_data_io_pair(family, type, ip);
	int on = 1;
	cr_assert_eq(setsockopt(p.server, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on), 0, "SO_TIMESTAMPNS: %s",
		     strerror(errno));
	send_with_sndrcv(p.client, "stamped", 7, p.client_assoc, 4, 0x77, 0);
	int levels[4], types[4];
	int n = peek_control_messages(p.server, levels, types, 4);
	cr_assert_eq(n, 2, "the kernel sent %d ancillary messages", n);
	cr_assert_eq(levels[0], SOL_SOCKET, "the timestamp is not first (level %d type %d)", levels[0], types[0]);
	cr_assert_eq(types[1], SCTP_SNDRCV);

	rm_assert_sinfo_filled_past_other_ancillary_data(&p, 0xa5, "stamped", 4, 0x77);
	sctp_test_close_pair(&p);
}
RM_EVERY_KIND(sinfo_is_filled_when_a_timestamp_comes_first)
