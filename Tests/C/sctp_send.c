/* sctp_send(3): send a message from an SCTP socket with the caller's struct
 * sctp_sndrcvinfo as its SCTP_SNDRCV ancillary data (RFC 6458 section 5.3.2),
 * and `flags` as the flags of sendmsg(2).
 *
 * Suite sctp_send: what needs no SCTP kernel (bad descriptors; msg, len and
 * flags over a connected UDP socket, which ignores the SCTP ancillary data).
 * Suite sctp_send_kernel: what the receiver gets on a real SCTP kernel. The
 * receiver reads with plain recvmsg(2) and parses SCTP_SNDRCV itself, so that
 * these tests do not depend on sctp_recvmsg(3). */
#include "sctp_test.h"
#include "sctp_test_send_record.h"

#include <poll.h>

/* --- helpers -------------------------------------------------------------- */

#define SD_EVERY_KIND(name) SCTP_TEST_EVERY_KIND(sctp_send_kernel, name)
#define SD_ONE_TO_MANY(name) SCTP_TEST_ONE_TO_MANY(sctp_send_kernel, name)

/* --- no SCTP kernel needed ------------------------------------------------- */

Test(sctp_send, sd_is_the_socket_descriptor_so_a_bad_one_gives_EBADF)
{
	struct sctp_sndrcvinfo sinfo;
	memset(&sinfo, 0, sizeof sinfo);
	assert_fails_with(sctp_send(-1, "x", 1, &sinfo, 0), EBADF);
	assert_fails_with(sctp_send(-1, "x", 1, NULL, 0), EBADF);
}

Test(sctp_send, sd_is_the_socket_descriptor_so_a_non_socket_gives_ENOTSOCK)
{
	int fd = sctp_test_file_descriptor();
	struct sctp_sndrcvinfo sinfo;
	memset(&sinfo, 0, sizeof sinfo);
	assert_fails_with(sctp_send(fd, "x", 1, &sinfo, 0), ENOTSOCK);
	assert_fails_with(sctp_send(fd, "x", 1, NULL, 0), ENOTSOCK);
	close(fd);
}

/* "sd is the socket descriptor from which the message pointed to by msg of
 * length len is sent"; "returns the number of bytes sent". */
Test(sctp_send, the_message_pointed_to_by_msg_of_length_len_is_sent_and_its_length_returned)
{
	struct udp_pair u = udp_pair_open(AF_INET);
	struct sctp_sndrcvinfo sinfo = { .sinfo_ppid = 9 };
	assert_returns(sctp_send(u.sender, "with sinfo", 10, &sinfo, 0), 10);
	assert_returns(sctp_send(u.sender, "without", 7, NULL, 0), 7);
	char buf[32];
	struct pollfd pfd = { .fd = u.receiver, .events = POLLIN };
	cr_assert_eq(poll(&pfd, 1, 5000), 1);
	cr_assert_eq(recv(u.receiver, buf, sizeof buf, 0), 10);
	cr_assert_arr_eq(buf, "with sinfo", 10);
	cr_assert_eq(poll(&pfd, 1, 5000), 1);
	cr_assert_eq(recv(u.receiver, buf, sizeof buf, 0), 7);
	cr_assert_arr_eq(buf, "without", 7);
	udp_pair_close(&u);
}

/* "flags parameter is composed of a bitwise OR of the flags that can be be
 * passed as the 3rd argument of a standard sendmsg() call": UDP refuses
 * MSG_OOB with EOPNOTSUPP, which it can only do if the flag reached it. */
Test(sctp_send, flags_are_the_flags_passed_as_the_3rd_argument_of_sendmsg)
{
	struct udp_pair u = udp_pair_open(AF_INET);
	struct sctp_sndrcvinfo sinfo;
	memset(&sinfo, 0, sizeof sinfo);
	assert_fails_with(sctp_send(u.sender, "x", 1, &sinfo, MSG_OOB), EOPNOTSUPP);
	assert_fails_with(sctp_send(u.sender, "x", 1, NULL, MSG_OOB), EOPNOTSUPP);
	assert_returns(sctp_send(u.sender, "x", 1, &sinfo, MSG_DONTWAIT), 1);
	udp_pair_close(&u);
}

/* lksctp copies *sinfo with memcpy, padding included, and puts flags in
 * msg_flags too. */
Test(sctp_send, sinfo_goes_to_sendmsg_byte_for_byte_and_flags_in_msg_flags_too)
{
	struct sctp_sndrcvinfo sinfo;
	memset(&sinfo, 0xa5, sizeof sinfo);
	int fd = sctp_test_udp_socket(AF_INET);
	record_sends();
	int rc = sctp_send(fd, "x", 1, &sinfo, MSG_DONTWAIT);
	stop_recording();
	cr_assert_eq(rc, 1, "sctp_send returned %d (errno %s)", rc, strerror(errno));
	size_t offset = 0;
	assert_recorded_message(&offset, SCTP_SNDRCV, &sinfo, sizeof sinfo, "the sndrcvinfo");
	cr_assert_eq(sent_record.controllen, offset);
	cr_assert(sent_record.flags == MSG_DONTWAIT && sent_record.msg_flags == MSG_DONTWAIT,
		  "flags %#x, msg_flags %#x", sent_record.flags, sent_record.msg_flags);
	cr_assert(sent_record.name == NULL && sent_record.namelen == 0);
	close(fd);
}

/* --- real SCTP kernel -------------------------------------------------------- */

/* "sinfo is a pointer to a sctp_sndrcvinfo structure" (RFC 6458 5.3.2): its
 * sinfo_stream and sinfo_ppid reach the receiver, whose sinfo_assoc_id is
 * its own id of the association; the sender's sinfo_context and
 * sinfo_timetolive do not (the receiver sees its own context, 0, and 0). */
static void sinfo_stream_and_ppid_reach_the_receiver(int family, int type, const char *ip)
{
	struct sctp_test_pair p = sctp_test_data_io_pair(family, type, ip);
	struct sctp_sndrcvinfo sinfo = { .sinfo_stream = 5, .sinfo_ppid = 0xfeedf00d, .sinfo_context = 0x1234,
					 .sinfo_timetolive = 10000, .sinfo_assoc_id = p.client_assoc };

	const char msg[] = "sndrcvinfo";
	assert_returns(sctp_send(p.client, msg, sizeof msg, &sinfo, 0), (int)sizeof msg);
	char buf[64];
	struct received_sndrcv r = receive_sndrcv(p.server, buf, sizeof buf);
	cr_assert_eq(r.length, (ssize_t)sizeof msg);
	cr_assert_arr_eq(buf, msg, sizeof msg);
	cr_assert(r.flags & MSG_EOR);
	cr_assert(r.has_sndrcv);
	cr_assert_eq(r.sinfo.sinfo_stream, 5);
	cr_assert_eq(r.sinfo.sinfo_ppid, 0xfeedf00du, "ppid %#x", r.sinfo.sinfo_ppid);
	cr_assert_eq(r.sinfo.sinfo_flags, 0, "flags %#x", r.sinfo.sinfo_flags);
	cr_assert_eq(r.sinfo.sinfo_assoc_id, p.server_assoc);
	cr_assert_eq(r.sinfo.sinfo_context, 0);
	cr_assert_eq(r.sinfo.sinfo_timetolive, 0);
	sctp_test_close_pair(&p);
}
SD_EVERY_KIND(sinfo_stream_and_ppid_reach_the_receiver)

/* RFC 6458 5.3.2 sinfo_flags "SCTP_UNORDERED: This flag requests the
 * unordered delivery of the message" (and "is present" on receipt). */
static void sinfo_flags_SCTP_UNORDERED_requests_unordered_delivery(int family, int type, const char *ip)
{
	struct sctp_test_pair p = sctp_test_data_io_pair(family, type, ip);
	struct sctp_sndrcvinfo sinfo = { .sinfo_assoc_id = p.client_assoc, .sinfo_flags = SCTP_UNORDERED,
					 .sinfo_stream = 1 };
	assert_returns(sctp_send(p.client, "u", 1, &sinfo, 0), 1);
	char buf[16];
	struct received_sndrcv r = receive_sndrcv(p.server, buf, sizeof buf);
	cr_assert_eq(r.length, 1);
	cr_assert(r.has_sndrcv);
	cr_assert(r.sinfo.sinfo_flags & SCTP_UNORDERED, "flags %#x", r.sinfo.sinfo_flags);
	cr_assert_eq(r.sinfo.sinfo_stream, 1);
	sctp_test_close_pair(&p);
}
SD_EVERY_KIND(sinfo_flags_SCTP_UNORDERED_requests_unordered_delivery)

/* "send a message from a socket without the use of the CMSG header
 * structures", with no sinfo: no SCTP_SNDRCV goes with it, so the socket's
 * SCTP_DEFAULT_SEND_PARAM (stream 1, ppid 0x77) applies, not zeros. */
static void without_sinfo_the_socket_defaults_apply(int family, int type, const char *ip)
{
	struct sctp_test_pair p = sctp_test_data_io_pair(family, type, ip);
	struct sctp_sndrcvinfo defaults = { .sinfo_stream = 1, .sinfo_ppid = 0x77,
					    .sinfo_assoc_id = p.client_assoc };
	cr_assert_eq(setsockopt(p.client, SOL_SCTP, SCTP_DEFAULT_SEND_PARAM, &defaults, sizeof defaults), 0,
		     "SCTP_DEFAULT_SEND_PARAM: %s", strerror(errno));
	assert_returns(sctp_send(p.client, "d", 1, NULL, 0), 1);
	char buf[16];
	struct received_sndrcv r = receive_sndrcv(p.server, buf, sizeof buf);
	cr_assert_eq(r.length, 1);
	cr_assert(r.has_sndrcv);
	cr_assert_eq(r.sinfo.sinfo_stream, 1, "stream %u: an SCTP_SNDRCV went with the message",
		     r.sinfo.sinfo_stream);
	cr_assert_eq(r.sinfo.sinfo_ppid, 0x77, "ppid %#x", r.sinfo.sinfo_ppid);
	sctp_test_close_pair(&p);
}
SCTP_TEST_BOTH_FAMILIES(sctp_send_kernel, without_sinfo_the_socket_defaults_apply, SOCK_STREAM, _one_to_one)

/* RFC 6458 5.3.2 "sinfo_assoc_id: The association handle field": on a
 * one-to-many socket with two associations, each message goes to the one
 * named. */
static void sinfo_assoc_id_names_the_association(int family, int type, const char *ip)
{
	uint16_t port;
	int server = sctp_test_listener(family, type, ip, &port);
	struct sockaddr_storage ss;
	socklen_t len = fill_address(ip, port, &ss);
	int a = sctp_test_socket(family, type);
	int b = sctp_test_socket(family, type);
	cr_assert_eq(connect(a, (struct sockaddr *)&ss, len), 0, "connect: %s", strerror(errno));
	sctp_assoc_t server_a = sctp_test_first_association(server);
	cr_assert_eq(connect(b, (struct sockaddr *)&ss, len), 0, "connect: %s", strerror(errno));
	char idbuf[sizeof(struct sctp_assoc_ids) + 4 * sizeof(sctp_assoc_t)];
	struct sctp_assoc_ids *ids = (struct sctp_assoc_ids *)idbuf;
	socklen_t idlen = sizeof idbuf;
	cr_assert_eq(getsockopt(server, SOL_SCTP, SCTP_GET_ASSOC_ID_LIST, ids, &idlen), 0);
	cr_assert_eq(ids->gaids_number_of_ids, 2);
	sctp_assoc_t server_b = ids->gaids_assoc_id[0] == server_a ? ids->gaids_assoc_id[1] : ids->gaids_assoc_id[0];
	cr_assert_neq(server_a, server_b);

	struct sctp_sndrcvinfo sinfo = { .sinfo_assoc_id = server_b };
	assert_returns(sctp_send(server, "for b", 5, &sinfo, 0), 5);
	sinfo.sinfo_assoc_id = server_a;
	assert_returns(sctp_send(server, "for a", 5, &sinfo, 0), 5);
	char buf[16];
	struct received_sndrcv r = receive_sndrcv(a, buf, sizeof buf);
	cr_assert_eq(r.length, 5);
	cr_assert_arr_eq(buf, "for a", 5, "a got \"%.5s\"", buf);
	r = receive_sndrcv(b, buf, sizeof buf);
	cr_assert_eq(r.length, 5);
	cr_assert_arr_eq(buf, "for b", 5, "b got \"%.5s\"", buf);
	close(a);
	close(b);
	close(server);
}
SD_ONE_TO_MANY(sinfo_assoc_id_names_the_association)

/* "flags ... of a standard sendmsg() call": with MSG_DONTWAIT, a send that
 * finds the send buffer full (the peer reads nothing) fails with EAGAIN
 * rather than blocking. Were the flag lost, the test would hang until its
 * time limit. */
static void flags_MSG_DONTWAIT_gives_EAGAIN_when_the_send_buffer_is_full(int family, int type, const char *ip)
{
	int small = 4096;
	int listener = sctp_test_socket(family, type);
	cr_assert_eq(setsockopt(listener, SOL_SOCKET, SO_RCVBUF, &small, sizeof small), 0);
	struct sockaddr_storage ss;
	socklen_t len = fill_address(ip, 0, &ss);
	cr_assert_eq(bind(listener, (struct sockaddr *)&ss, len), 0);
	cr_assert_eq(listen(listener, 4), 0);
	len = fill_address(ip, sctp_test_local_port(listener), &ss);
	int client = sctp_test_socket(family, type);
	cr_assert_eq(setsockopt(client, SOL_SOCKET, SO_SNDBUF, &small, sizeof small), 0);
	cr_assert_eq(connect(client, (struct sockaddr *)&ss, len), 0, "connect: %s", strerror(errno));
	int server = type == SOCK_STREAM ? accept(listener, NULL, NULL) : listener;
	cr_assert_geq(server, 0);

	struct sctp_sndrcvinfo sinfo = { .sinfo_assoc_id = sctp_test_first_association(client) };
	char msg[1000];
	memset(msg, 'f', sizeof msg);
	int sent = 0, result = 0;
	for (; sent < 100000; sent++) {
		errno = 0;
		result = sctp_send(client, msg, sizeof msg, &sinfo, MSG_DONTWAIT);
		if (result != (int)sizeof msg)
			break;
	}
	int error = errno;
	cr_assert_eq(result, -1, "message %d: %d", sent, result);
	cr_assert_eq(error, EAGAIN, "message %d: errno %d (%s)", sent, error, strerror(error));
	cr_assert_gt(sent, 0, "not even one message fit");
	if (server != listener)
		close(server);
	close(client);
	close(listener);
}
SCTP_TEST_BOTH_STYLES_OF(sctp_send_kernel, flags_MSG_DONTWAIT_gives_EAGAIN_when_the_send_buffer_is_full,
			 flags_MSG_DONTWAIT_gives_EAGAIN_when_the_send_buffer_is_full)

/* RFC 6458 5.3.2 "SCTP_EOF: Setting this flag invokes the SCTP graceful
 * shutdown procedure on the specified association": the server shuts the
 * client's association down by its id; the client gets SCTP_SHUTDOWN_EVENT,
 * then SCTP_ASSOC_CHANGE SCTP_SHUTDOWN_COMP. */
static void sinfo_flags_SCTP_EOF_shuts_the_specified_association_down(int family, int type, const char *ip)
{
	struct sctp_test_pair p = sctp_test_connect_pair(family, type, ip);
	subscribe_events(p.client, true, true, true, false);
	subscribe_events(p.server, false, true, false, false);
	struct sctp_sndrcvinfo sinfo = { .sinfo_assoc_id = p.server_assoc, .sinfo_flags = SCTP_EOF };
	assert_returns(sctp_send(p.server, NULL, 0, &sinfo, 0), 0);
	assert_shut_down_gracefully(p.client, p.client_assoc, p.server, p.server_assoc);
	sctp_test_close_pair(&p);
}
SD_ONE_TO_MANY(sinfo_flags_SCTP_EOF_shuts_the_specified_association_down)

/* RFC 6458 5.3.2 "SCTP_ABORT: Setting this flag causes the specified
 * association to abort by sending an ABORT message to the peer": the peer
 * gets SCTP_ASSOC_CHANGE SCTP_COMM_LOST with the cause (msg) in sac_info. */
static void sinfo_flags_SCTP_ABORT_aborts_the_specified_association(int family, int type, const char *ip)
{
	struct sctp_test_pair p = sctp_test_connect_pair(family, type, ip);
	subscribe_events(p.client, true, true, false, false);
	struct sctp_sndrcvinfo sinfo = { .sinfo_assoc_id = p.server_assoc, .sinfo_flags = SCTP_ABORT };
	const char reason[] = "server aborts";
	assert_returns(sctp_send(p.server, reason, sizeof reason, &sinfo, 0), 0);
	assert_aborted_with_reason(p.client, p.client_assoc, reason, sizeof reason);
	sctp_test_close_pair(&p);
}
SD_ONE_TO_MANY(sinfo_flags_SCTP_ABORT_aborts_the_specified_association)

/* RFC 6458 5.3.2 "If a sender specifies an invalid stream number, an error
 * indication is returned and the call fails": EINVAL for the first stream
 * beyond the negotiated ones. */
static void an_invalid_sinfo_stream_makes_the_call_fail(int family, int type, const char *ip)
{
	struct sctp_test_pair p = sctp_test_connect_pair(family, type, ip);
	struct sctp_status status = { .sstat_assoc_id = p.client_assoc };
	socklen_t len = sizeof status;
	cr_assert_eq(getsockopt(p.client, SOL_SCTP, SCTP_STATUS, &status, &len), 0);
	cr_assert_gt(status.sstat_outstrms, 0);
	struct sctp_sndrcvinfo sinfo = { .sinfo_assoc_id = p.client_assoc,
					 .sinfo_stream = status.sstat_outstrms };
	assert_fails_with(sctp_send(p.client, "x", 1, &sinfo, 0), EINVAL);
	sinfo.sinfo_stream = status.sstat_outstrms - 1;
	assert_returns(sctp_send(p.client, "y", 1, &sinfo, 0), 1);
	char buf[16];
	struct received_sndrcv r = receive_sndrcv(p.server, buf, sizeof buf);
	cr_assert_eq(r.length, 1);
	cr_assert_eq(buf[0], 'y', "the message on the invalid stream was delivered");
	sctp_test_close_pair(&p);
}
SD_EVERY_KIND(an_invalid_sinfo_stream_makes_the_call_fail)

/* RFC 6458 5.3.2 "SCTP_SENDALL: This flag, if set, will cause a one-to-many
 * style socket to send the message to all associations that are currently
 * established on this socket": both clients get it. */
static void sinfo_flags_SCTP_SENDALL_sends_to_all_associations(int family, int type, const char *ip)
{
	uint16_t port;
	int server = sctp_test_listener(family, type, ip, &port);
	struct sockaddr_storage ss;
	socklen_t len = fill_address(ip, port, &ss);
	int clients[2];
	for (int i = 0; i < 2; i++) {
		clients[i] = sctp_test_socket(family, type);
		cr_assert_eq(connect(clients[i], (struct sockaddr *)&ss, len), 0, "connect: %s", strerror(errno));
		subscribe_events(clients[i], true, false, false, false);
	}
	struct sctp_sndrcvinfo sinfo = { .sinfo_flags = SCTP_SENDALL, .sinfo_ppid = 0xa11 };
	int n = sctp_send(server, "to all", 6, &sinfo, 0);
	cr_assert_eq(n, 6, "sctp_send: %d (%s)", n, strerror(errno));
	for (int i = 0; i < 2; i++) {
		char buf[16];
		struct received_sndrcv r = receive_sndrcv(clients[i], buf, sizeof buf);
		cr_assert_eq(r.length, 6, "client %d", i);
		cr_assert_arr_eq(buf, "to all", 6);
		cr_assert_eq(r.sinfo.sinfo_ppid, 0xa11u);
		close(clients[i]);
	}
	close(server);
}
SD_ONE_TO_MANY(sinfo_flags_SCTP_SENDALL_sends_to_all_associations)
