/* sctp_sendmsg(3): send a message from an SCTP socket, with the SCTP_SNDRCV
 * attributes (ppid, flags, stream, time to live, context) as arguments.
 *
 * Suite sctp_sendmsg: what needs no SCTP kernel (argument checks, bad
 * descriptors, and `to`/`tolen` and the return value over UDP, which ignores
 * the SCTP ancillary data). Suite sctp_sendmsg_kernel: what the receiver gets
 * on a real SCTP kernel. The receiver reads with plain recvmsg(2) and parses
 * the SCTP_SNDRCV message itself, so that these tests do not depend on
 * sctp_recvmsg(3) (except the bulk transfer, which uses both ends).
 *
 * What Linux echoes to the receiver (checked below): sinfo_stream, sinfo_ppid
 * (unswapped), sinfo_flags (SCTP_UNORDERED), sinfo_assoc_id (the receiver's
 * id); sinfo_context is the receiver's own SCTP_CONTEXT, sinfo_timetolive 0.
 * The sender's context and time to live come back only in SCTP_SEND_FAILED. */
#include "sctp_test.h"
#include "sctp_test_fault_sweep.h"
#include "sctp_test_send_record.h"

#include <poll.h>
#include <pthread.h>
#include <sys/time.h>

/* --- helpers -------------------------------------------------------------- */

/* The pair's destination for sctp_sendmsg on the client: the server's
 * address on a one-to-many socket (which needs one), NULL on one-to-one. */
static socklen_t sm_destination(int type, const char *ip, uint16_t port, struct sockaddr_storage *ss,
				struct sockaddr **to)
{
	if (type == SOCK_STREAM) {
		*to = NULL;
		return 0;
	}
	*to = (struct sockaddr *)ss;
	return fill_address(ip, port, ss);
}

/* A connected pair whose server gets SCTP_SNDRCV, with the destination
 * sctp_sendmsg takes for it (none on a one-to-one socket). */
struct sm_pair {
	struct sctp_test_pair p;
	struct sockaddr_storage ss;
	socklen_t tolen;
};

static struct sm_pair sm_open(int family, int type, const char *ip)
{
	struct sm_pair s = { .p = sctp_test_data_io_pair(family, type, ip) };
	struct sockaddr *to;
	s.tolen = sm_destination(type, ip, s.p.port, &s.ss, &to);
	return s;
}

/* The `to` for sctp_sendmsg: NULL with a tolen of 0. */
static struct sockaddr *sm_to(struct sm_pair *s)
{
	return s->tolen == 0 ? NULL : (struct sockaddr *)&s->ss;
}

/* A UDP socket bound to a free port of 127.0.0.1, whose address goes to *to:
 * Linux ignores the SCTP ancillary data on UDP, so no SCTP kernel is needed. */
static int sm_udp_receiver(struct sockaddr_in *to)
{
	int receiver = sctp_test_udp_socket(AF_INET);
	struct sockaddr_in any = sctp_test_v4("127.0.0.1", 0);
	cr_assert_eq(bind(receiver, (struct sockaddr *)&any, sizeof any), 0);
	*to = sctp_test_v4("127.0.0.1", sctp_test_local_port(receiver));
	return receiver;
}

#define SM_EVERY_KIND(name) SCTP_TEST_EVERY_KIND(sctp_sendmsg_kernel, name)
#define SM_ONE_TO_MANY(name) SCTP_TEST_ONE_TO_MANY(sctp_sendmsg_kernel, name)

/* --- no SCTP kernel needed ------------------------------------------------- */

/* sinfo_flags has 16 bits: lksctp stores flags into it, which cuts the
 * bits above, and sends. The SCTP_SNDRCV message holds exactly that. */
Test(sctp_sendmsg, flags_above_the_16_bits_of_sinfo_flags_are_cut_off_and_the_message_sent)
{
	int fd = sctp_test_udp_socket(AF_INET);
	struct sockaddr_in to = sctp_test_v4("127.0.0.1", 9);
	record_sends();
	int rc = sctp_sendmsg(fd, "x", 1, (struct sockaddr *)&to, sizeof to, 7, 0x10000u | SCTP_UNORDERED, 2, 30, 40);
	stop_recording();
	cr_assert_eq(rc, 1, "sctp_sendmsg returned %d (errno %s)", rc, strerror(errno));
	struct sctp_sndrcvinfo expected = { .sinfo_stream = 2, .sinfo_flags = SCTP_UNORDERED, .sinfo_ppid = 7,
					    .sinfo_timetolive = 30, .sinfo_context = 40 };
	size_t offset = 0;
	assert_recorded_message(&offset, SCTP_SNDRCV, &expected, sizeof expected, "the sndrcvinfo");
	cr_assert_eq(sent_record.controllen, offset);
	cr_assert(sent_record.flags == 0 && sent_record.msg_flags == 0);
	close(fd);
}

Test(sctp_sendmsg, sd_is_the_socket_descriptor_so_a_bad_one_gives_EBADF)
{
	assert_fails_with(sctp_sendmsg(-1, "x", 1, NULL, 0, 0, 0, 0, 0, 0), EBADF);
	int fd = sctp_test_udp_socket(AF_INET);
	close(fd);
	assert_fails_with(sctp_sendmsg(fd, "x", 1, NULL, 0, 0, 0, 0, 0, 0), EBADF);
}

Test(sctp_sendmsg, sd_is_the_socket_descriptor_so_a_non_socket_gives_ENOTSOCK)
{
	int fd = sctp_test_file_descriptor();
	assert_fails_with(sctp_sendmsg(fd, "x", 1, NULL, 0, 0, 0, 0, 0, 0), ENOTSOCK);
	close(fd);
}

/* "to is the destination address of the message and tolen is the length of
 * the destination address"; "returns the number of bytes sent". */
Test(sctp_sendmsg, to_is_the_destination_address_and_the_call_returns_the_bytes_sent)
{
	struct sockaddr_in to;
	int receiver = sm_udp_receiver(&to);
	int sender = sctp_test_udp_socket(AF_INET);

	assert_returns(sctp_sendmsg(sender, "datagram", 8, (struct sockaddr *)&to, sizeof to, 1, 0, 0, 0, 0),
		       8);
	char buf[32];
	struct pollfd pfd = { .fd = receiver, .events = POLLIN };
	cr_assert_eq(poll(&pfd, 1, 5000), 1, "the datagram did not arrive at `to`");
	ssize_t n = recv(receiver, buf, sizeof buf, 0);
	cr_assert_eq(n, 8);
	cr_assert_arr_eq(buf, "datagram", 8);
	close(sender);
	close(receiver);
}

/* "On error, -1 is returned, and errno is set appropriately": each error
 * (ENOMEM, EINTR, EFAULT, EINVAL) forced on each call sctp_sendmsg makes
 * (sctp_test_fault_sweep.h) is the call's, with nothing left allocated. On
 * UDP, where Linux ignores the SCTP ancillary data, the whole path runs. */
static long sendmsg_on_udp(void *context)
{
	struct udp_pair *u = context;
	return sctp_sendmsg(u->sender, "datagram", 8, (struct sockaddr *)&u->to.ss, u->to.len, 1, 0, 2, 0, 0);
}

Test(sctp_sendmsg, on_error_minus_1_is_returned_and_errno_is_set_whatever_error_the_kernel_gives)
{
	sctp_test_fault_sweep_udp(NULL, sendmsg_on_udp, "sctp_sendmsg", 8);
}

Test(sctp_sendmsg, tolen_is_the_length_of_the_destination_address_so_a_short_one_gives_EINVAL)
{
	struct sockaddr_in to;
	int receiver = sm_udp_receiver(&to);
	int sender = sctp_test_udp_socket(AF_INET);
	assert_fails_with(sctp_sendmsg(sender, "x", 1, (struct sockaddr *)&to, 4, 0, 0, 0, 0, 0), EINVAL);
	close(sender);
	close(receiver);
}

/* --- real SCTP kernel -------------------------------------------------------- */

/* "stream_no identifies the stream number"; "ppid is an opaque unsigned value
 * that is passed to the remote end along with the message"; "returns the
 * number of bytes sent". The receiver's sinfo_assoc_id is its own id of the
 * association, its flags 0 (ordered), and neither the sender's context nor
 * its time to live reach it. */
static void stream_no_and_ppid_are_passed_to_the_remote_end(int family, int type, const char *ip)
{
	struct sm_pair s = sm_open(family, type, ip);

	const char msg[] = "stream and ppid";
	assert_returns(sctp_sendmsg(s.p.client, msg, sizeof msg, sm_to(&s), s.tolen, 0x01020304, 0, 3, 0, 0x1234),
		       (int)sizeof msg);
	char buf[256];
	struct received_sndrcv r = receive_sndrcv(s.p.server, buf, sizeof buf);
	cr_assert_eq(r.length, (ssize_t)sizeof msg);
	cr_assert_arr_eq(buf, msg, sizeof msg);
	cr_assert(r.flags & MSG_EOR);
	cr_assert_not(r.flags & MSG_NOTIFICATION);
	cr_assert(r.has_sndrcv, "no SCTP_SNDRCV with sctp_data_io_event on");
	cr_assert_eq(r.sinfo.sinfo_stream, 3);
	cr_assert_eq(r.sinfo.sinfo_ppid, 0x01020304u, "ppid %#x", r.sinfo.sinfo_ppid);
	cr_assert_eq(r.sinfo.sinfo_flags, 0, "sinfo_flags %#x", r.sinfo.sinfo_flags);
	cr_assert_eq(r.sinfo.sinfo_assoc_id, s.p.server_assoc);
	cr_assert_eq(r.sinfo.sinfo_context, 0, "the sender's context reached the receiver");
	cr_assert_eq(r.sinfo.sinfo_timetolive, 0);
	sctp_test_close_pair(&s.p);
}
SM_EVERY_KIND(stream_no_and_ppid_are_passed_to_the_remote_end)

/* "SCTP_UNORDERED: This flags requests the un-ordered delivery of the
 * message": the receiver's sinfo_flags say SCTP_UNORDERED. */
static void SCTP_UNORDERED_requests_the_unordered_delivery_of_the_message(int family, int type,
									    const char *ip)
{
	struct sm_pair s = sm_open(family, type, ip);

	assert_returns(sctp_sendmsg(s.p.client, "u", 1, sm_to(&s), s.tolen, 7, SCTP_UNORDERED, 1, 0, 0), 1);
	assert_returns(sctp_sendmsg(s.p.client, "o", 1, sm_to(&s), s.tolen, 8, 0, 1, 0, 0), 1);
	char buf[16];
	bool seen_unordered = false, seen_ordered = false;
	for (int i = 0; i < 2; i++) {
		struct received_sndrcv r = receive_sndrcv(s.p.server, buf, sizeof buf);
		cr_assert_eq(r.length, 1);
		cr_assert(r.has_sndrcv);
		if (buf[0] == 'u') {
			cr_assert(r.sinfo.sinfo_flags & SCTP_UNORDERED, "flags %#x", r.sinfo.sinfo_flags);
			cr_assert_eq(r.sinfo.sinfo_ppid, 7);
			seen_unordered = true;
		} else {
			cr_assert_eq(buf[0], 'o');
			cr_assert_not(r.sinfo.sinfo_flags & SCTP_UNORDERED, "flags %#x", r.sinfo.sinfo_flags);
			cr_assert_eq(r.sinfo.sinfo_ppid, 8);
			seen_ordered = true;
		}
	}
	cr_assert(seen_unordered && seen_ordered);
	sctp_test_close_pair(&s.p);
}
SM_EVERY_KIND(SCTP_UNORDERED_requests_the_unordered_delivery_of_the_message)

/* A program that passes flags wider than sinfo_flags (bit 16 set with
 * SCTP_UNORDERED): lksctp cuts them and the message goes unordered. */
static void flags_above_16_bits_are_cut_off_and_SCTP_UNORDERED_still_applies(int family, int type,
									      const char *ip)
{
	struct sm_pair s = sm_open(family, type, ip);
	assert_returns(sctp_sendmsg(s.p.client, "w", 1, sm_to(&s), s.tolen, 9, 0x10000u | SCTP_UNORDERED, 1, 0, 0), 1);
	char buf[16];
	struct received_sndrcv r = receive_sndrcv(s.p.server, buf, sizeof buf);
	cr_assert_eq(r.length, 1);
	cr_assert(r.has_sndrcv);
	cr_assert(r.sinfo.sinfo_flags & SCTP_UNORDERED, "flags %#x", r.sinfo.sinfo_flags);
	cr_assert_eq(r.sinfo.sinfo_ppid, 9);
	sctp_test_close_pair(&s.p);
}
SM_EVERY_KIND(flags_above_16_bits_are_cut_off_and_SCTP_UNORDERED_still_applies)

/* "context is a 32 bit opaque value that is passed back to the upper layer
 * along with the undelivered message if an error occurs": a delivered
 * message carries the receiver's own SCTP_CONTEXT instead. */
static void context_is_passed_back_only_with_an_undelivered_message(int family, int type, const char *ip)
{
	struct sctp_test_pair p = sctp_test_data_io_pair(family, type, ip);
	struct sctp_assoc_value context = { .assoc_id = p.server_assoc, .assoc_value = 0xbeef };
	cr_assert_eq(setsockopt(p.server, SOL_SCTP, SCTP_CONTEXT, &context, sizeof context), 0,
		     "SCTP_CONTEXT: %s", strerror(errno));
	struct sockaddr_storage ss;
	struct sockaddr *to;
	socklen_t tolen = sm_destination(type, ip, p.port, &ss, &to);

	assert_returns(sctp_sendmsg(p.client, "c", 1, to, tolen, 0, 0, 0, 0, 0x1234), 1);
	char buf[16];
	struct received_sndrcv r = receive_sndrcv(p.server, buf, sizeof buf);
	cr_assert_eq(r.length, 1);
	cr_assert(r.has_sndrcv);
	cr_assert_eq(r.sinfo.sinfo_context, 0xbeefu, "context %#x", r.sinfo.sinfo_context);
	sctp_test_close_pair(&p);
}
SM_EVERY_KIND(context_is_passed_back_only_with_an_undelivered_message)

/* The same sentence, and "timetolive specifies the time duration": a message
 * to a port where nobody listens (the INIT is aborted) comes back in
 * SCTP_SEND_FAILED with the sender's context, ppid, stream and time to live. */
static void context_is_passed_back_along_with_the_undelivered_message(int family, int type, const char *ip)
{
	/* A bound socket that does not listen: the kernel answers INIT with ABORT. */
	int closed = sctp_test_socket(family, SOCK_SEQPACKET);
	struct sockaddr_storage ss;
	socklen_t tolen = fill_address(ip, 0, &ss);
	cr_assert_eq(bind(closed, (struct sockaddr *)&ss, tolen), 0, "bind: %s", strerror(errno));
	tolen = fill_address(ip, sctp_test_local_port(closed), &ss);

	int fd = sctp_test_socket(family, type);
	subscribe_events(fd, false, true, false, true);
	const char msg[] = "never delivered";
	assert_returns(sctp_sendmsg(fd, msg, sizeof msg, (struct sockaddr *)&ss, tolen, 0xa1b2c3d4, 0, 2,
				    60000, 0xc0ffee),
		       (int)sizeof msg);
	char buf[512];
	await_notification(fd, SCTP_SEND_FAILED, 0, buf, sizeof buf, NULL);
	struct sctp_send_failed *failed = (struct sctp_send_failed *)buf;
	cr_assert_eq(failed->ssf_info.sinfo_context, 0xc0ffeeu, "context %#x", failed->ssf_info.sinfo_context);
	cr_assert_eq(failed->ssf_info.sinfo_ppid, 0xa1b2c3d4u, "ppid %#x", failed->ssf_info.sinfo_ppid);
	cr_assert_eq(failed->ssf_info.sinfo_stream, 2);
	cr_assert_eq(failed->ssf_info.sinfo_timetolive, 60000u, "timetolive %u",
		     failed->ssf_info.sinfo_timetolive);
	cr_assert_eq(failed->ssf_flags, SCTP_DATA_UNSENT);
	cr_assert_eq(failed->ssf_length, sizeof *failed + sizeof msg);
	cr_assert_arr_eq(failed->ssf_data, msg, sizeof msg);
	close(fd);
	close(closed);
}
SM_ONE_TO_MANY(context_is_passed_back_along_with_the_undelivered_message)

/* "to is the destination address of the message": on a one-to-many socket
 * with no association, the message sets one up with `to` and arrives there,
 * from the sender's address. */
static void to_is_the_destination_address_of_the_message(int family, int type, const char *ip)
{
	uint16_t port;
	int server = sctp_test_listener(family, type, ip, &port);
	subscribe_events(server, true, false, false, false);
	int client = sctp_test_socket(family, type);
	struct sockaddr_storage ss;
	socklen_t tolen = fill_address(ip, port, &ss);

	const char msg[] = "implicit";
	assert_returns(sctp_sendmsg(client, msg, sizeof msg, (struct sockaddr *)&ss, tolen, 5, 0, 0, 0, 0),
		       (int)sizeof msg);
	char buf[64];
	struct received_sndrcv r = receive_sndrcv(server, buf, sizeof buf);
	assert_received_sndrcv(&r, buf, msg, sizeof msg);
	cr_assert_eq(r.sinfo.sinfo_ppid, 5);
	cr_assert_eq(r.sinfo.sinfo_assoc_id, sctp_test_first_association(server));
	close(client);
	close(server);
}
SM_ONE_TO_MANY(to_is_the_destination_address_of_the_message)

/* The same sentence on a connected one-to-one socket: `to`, the peer's
 * address, is accepted. */
Test(sctp_sendmsg_kernel, to_is_the_destination_address_of_the_message__ipv4_one_to_one_connected,
     .timeout = 60)
{
	struct sctp_test_pair p = sctp_test_connect_pair(AF_INET, SOCK_STREAM, "127.0.0.1");
	struct sockaddr_in to = sctp_test_v4("127.0.0.1", p.port);
	assert_returns(sctp_sendmsg(p.client, "t", 1, (struct sockaddr *)&to, sizeof to, 0, 0, 0, 0, 0), 1);
	char buf[16];
	struct received_sndrcv r = receive_sndrcv(p.server, buf, sizeof buf);
	cr_assert_eq(r.length, 1);
	cr_assert_eq(buf[0], 't');
	sctp_test_close_pair(&p);
}

/* "SCTP_EOF: Setting this flag invokes the SCTP graceful shutdown procedure
 * on the specific association (one-to-many style only)": the peer gets
 * SCTP_SHUTDOWN_EVENT, then SCTP_ASSOC_CHANGE SCTP_SHUTDOWN_COMP. */
static void SCTP_EOF_invokes_the_graceful_shutdown_procedure(int family, int type, const char *ip)
{
	struct sm_pair s = sm_open(family, type, ip);
	subscribe_events(s.p.server, true, true, true, false);
	subscribe_events(s.p.client, false, true, false, false);

	assert_returns(sctp_sendmsg(s.p.client, NULL, 0, sm_to(&s), s.tolen, 0, SCTP_EOF, 0, 0, 0), 0);
	assert_shut_down_gracefully(s.p.server, s.p.server_assoc, s.p.client, s.p.client_assoc);
	sctp_test_close_pair(&s.p);
}
SM_ONE_TO_MANY(SCTP_EOF_invokes_the_graceful_shutdown_procedure)

/* "SCTP_ABORT: Setting this flag causes the specified association to abort
 * ... The cause specific information of this error cause is provided in
 * msg": the peer gets SCTP_ASSOC_CHANGE SCTP_COMM_LOST, whose sac_info holds
 * the ABORT chunk with msg in it. */
static void SCTP_ABORT_causes_the_association_to_abort(int family, int type, const char *ip)
{
	struct sm_pair s = sm_open(family, type, ip);
	subscribe_events(s.p.server, true, true, false, false);

	const char reason[] = "user says goodbye";
	assert_returns(sctp_sendmsg(s.p.client, reason, sizeof reason, sm_to(&s), s.tolen, 0, SCTP_ABORT, 0, 0, 0), 0);
	assert_aborted_with_reason(s.p.server, s.p.server_assoc, reason, sizeof reason);
	sctp_test_close_pair(&s.p);
}
SM_ONE_TO_MANY(SCTP_ABORT_causes_the_association_to_abort)

/* "(one-to-many style only)" for SCTP_EOF and SCTP_ABORT: a one-to-one socket
 * refuses them with EINVAL and the association stays up. */
static void SCTP_EOF_and_SCTP_ABORT_are_for_one_to_many_style_only(int family, int type, const char *ip)
{
	struct sctp_test_pair p = sctp_test_connect_pair(family, type, ip);
	assert_fails_with(sctp_sendmsg(p.client, NULL, 0, NULL, 0, 0, SCTP_EOF, 0, 0, 0), EINVAL);
	assert_fails_with(sctp_sendmsg(p.client, "a", 1, NULL, 0, 0, SCTP_ABORT, 0, 0, 0), EINVAL);
	assert_returns(sctp_sendmsg(p.client, "still up", 8, NULL, 0, 0, 0, 0, 0, 0), 8);
	char buf[16];
	struct received_sndrcv r = receive_sndrcv(p.server, buf, sizeof buf);
	cr_assert_eq(r.length, 8);
	sctp_test_close_pair(&p);
}
SCTP_TEST_BOTH_FAMILIES(sctp_sendmsg_kernel, SCTP_EOF_and_SCTP_ABORT_are_for_one_to_many_style_only, SOCK_STREAM, )

/* "stream_no identifies the stream number": one beyond the streams the
 * association negotiated fails with EINVAL; the last one works. */
static void stream_no_beyond_the_negotiated_streams_gives_EINVAL(int family, int type, const char *ip)
{
	struct sctp_test_pair p = sctp_test_connect_pair(family, type, ip);
	struct sctp_status status = { .sstat_assoc_id = p.client_assoc };
	socklen_t len = sizeof status;
	cr_assert_eq(getsockopt(p.client, SOL_SCTP, SCTP_STATUS, &status, &len), 0);
	uint16_t streams = status.sstat_outstrms;
	cr_assert_gt(streams, 0);
	struct sockaddr_storage ss;
	struct sockaddr *to;
	socklen_t tolen = sm_destination(type, ip, p.port, &ss, &to);

	assert_fails_with(sctp_sendmsg(p.client, "x", 1, to, tolen, 0, 0, streams, 0, 0), EINVAL);
	assert_fails_with(sctp_sendmsg(p.client, "x", 1, to, tolen, 0, 0, 0xffff, 0, 0), EINVAL);
	subscribe_events(p.server, true, false, false, false);
	assert_returns(sctp_sendmsg(p.client, "y", 1, to, tolen, 0, 0, streams - 1, 0, 0), 1);
	char buf[16];
	struct received_sndrcv r = receive_sndrcv(p.server, buf, sizeof buf);
	cr_assert_eq(r.length, 1);
	cr_assert_eq(buf[0], 'y', "a message on an invalid stream was delivered");
	cr_assert_eq(r.sinfo.sinfo_stream, streams - 1);
	sctp_test_close_pair(&p);
}
SM_EVERY_KIND(stream_no_beyond_the_negotiated_streams_gives_EINVAL)

/* --- bulk transfer ------------------------------------------------------------ */

#define BULK_MESSAGES 1000
#define BULK_SIZE 1000
#define BULK_STREAMS 4

struct bulk_sender {
	int fd;
	struct sockaddr_storage to;
	socklen_t tolen;
	int failed_at; /* -1: all sent */
	int error;
	int result;
};

static void bulk_fill(unsigned char *m, int i)
{
	uint16_t stream = (uint16_t)(i % BULK_STREAMS);
	uint32_t seq = htonl((uint32_t)(i / BULK_STREAMS));
	memcpy(m, &seq, 4);
	memcpy(m + 4, &stream, 2);
	for (int k = 6; k < BULK_SIZE; k++)
		m[k] = (unsigned char)(i * 7 + k);
}

static void *bulk_send(void *arg)
{
	struct bulk_sender *s = arg;
	unsigned char m[BULK_SIZE];
	s->failed_at = -1;
	for (int i = 0; i < BULK_MESSAGES; i++) {
		bulk_fill(m, i);
		struct sockaddr *to = s->tolen == 0 ? NULL : (struct sockaddr *)&s->to;
		int n = sctp_sendmsg(s->fd, m, sizeof m, to, s->tolen, (uint32_t)i, 0,
				     (uint16_t)(i % BULK_STREAMS), 0, 0);
		if (n != BULK_SIZE) {
			s->failed_at = i;
			s->result = n;
			s->error = errno;
			break;
		}
	}
	return NULL;
}

/* "sd is the socket descriptor from which the message pointed to by msg of
 * length len is sent", many times over: 1000 messages of 1000 bytes on 4
 * streams, sent by one thread while this one receives with sctp_recvmsg,
 * arrive whole (MSG_EOR, every byte) and in order on each stream. */
static void every_message_pointed_to_by_msg_arrives_whole_and_in_order_per_stream(int family, int type,
										  const char *ip)
{
	struct sctp_test_pair p = sctp_test_data_io_pair(family, type, ip);
	struct timeval limit = { .tv_sec = 30 };
	cr_assert_eq(setsockopt(p.client, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit), 0);

	struct bulk_sender sender = { .fd = p.client };
	if (type == SOCK_SEQPACKET)
		sender.tolen = fill_address(ip, p.port, &sender.to);
	pthread_t thread;
	cr_assert_eq(pthread_create(&thread, NULL, bulk_send, &sender), 0);

	uint32_t next[BULK_STREAMS] = { 0 };
	unsigned char buf[2 * BULK_SIZE], expected[BULK_SIZE];
	size_t total = 0;
	for (int received = 0; received < BULK_MESSAGES; received++) {
		struct pollfd pfd = { .fd = p.server, .events = POLLIN };
		cr_assert_eq(poll(&pfd, 1, 20000), 1, "message %d did not come within 20 s", received);
		struct sctp_sndrcvinfo sinfo;
		int flags = 0;
		int n = sctp_recvmsg(p.server, buf, sizeof buf, NULL, NULL, &sinfo, &flags);
		cr_assert_eq(n, BULK_SIZE, "message %d: %d bytes (%s)", received, n, strerror(errno));
		cr_assert(flags & MSG_EOR, "message %d: no MSG_EOR", received);
		cr_assert_not(flags & MSG_NOTIFICATION);
		uint16_t stream;
		uint32_t seq;
		memcpy(&seq, buf, 4);
		memcpy(&stream, buf + 4, 2);
		seq = ntohl(seq);
		cr_assert_lt(stream, BULK_STREAMS);
		cr_assert_eq(sinfo.sinfo_stream, stream, "message %d on stream %u says stream %u", received,
			     sinfo.sinfo_stream, stream);
		cr_assert_eq(seq, next[stream], "stream %u: message %u where %u was next", stream, seq,
			     next[stream]);
		int index = (int)(seq * BULK_STREAMS + stream);
		cr_assert_eq(sinfo.sinfo_ppid, (uint32_t)index);
		bulk_fill(expected, index);
		cr_assert_arr_eq(buf, expected, BULK_SIZE, "message %d: bytes differ", index);
		next[stream]++;
		total += (size_t)n;
	}
	pthread_join(thread, NULL);
	cr_assert_eq(sender.failed_at, -1, "sctp_sendmsg of message %d returned %d (%s)", sender.failed_at,
		     sender.result, strerror(sender.error));
	cr_assert_eq(total, (size_t)BULK_MESSAGES * BULK_SIZE);
	for (int s = 0; s < BULK_STREAMS; s++)
		cr_assert_eq(next[s], BULK_MESSAGES / BULK_STREAMS);
	sctp_test_close_pair(&p);
}
Test(sctp_sendmsg_kernel, every_message_pointed_to_by_msg_arrives_whole_and_in_order_per_stream__ipv4_one_to_one,
     .timeout = 180)
{
	every_message_pointed_to_by_msg_arrives_whole_and_in_order_per_stream(AF_INET, SOCK_STREAM, "127.0.0.1");
}
Test(sctp_sendmsg_kernel, every_message_pointed_to_by_msg_arrives_whole_and_in_order_per_stream__ipv6_one_to_many,
     .timeout = 180)
{
	every_message_pointed_to_by_msg_arrives_whole_and_in_order_per_stream(AF_INET6, SOCK_SEQPACKET, "::1");
}
