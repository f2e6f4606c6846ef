/* sctp_sendv(3), RFC 6458 section 9.12 (and the attributes it sends, 5.3.4,
 * 5.3.7, 5.3.8, 5.3.9, 5.3.10): a message from a gather buffer, with
 * SCTP_SNDINFO, SCTP_PRINFO and SCTP_AUTHINFO attributes, to an association
 * that several destination addresses set up implicitly.
 *
 * Suite sctp_sendv needs no SCTP kernel: argument checks, and what a send
 * does on a UDP socket, where Linux ignores the ancillary data of level
 * IPPROTO_SCTP, so the library's whole user-space path runs and a datagram
 * that arrives shows the call went through. Suite sctp_sendv_kernel runs on a
 * real SCTP kernel; the receiving side reads with recvmsg(2) and
 * SCTP_RCVINFO directly, so that these tests do not depend on sctp_recvv.
 *
 * Where lksctp is lenient (it ignores the info of SCTP_SENDV_NOINFO and of
 * an unknown type, unknown sendv_flags bits, the ports of the addresses
 * after the first), so is this library: those tests pass against lksctp.
 * The cases where lksctp does harm are the "Send" rows of DIVERGENCES.md.
 */
#include "sctp_test.h"
#include "sctp_test_send_record.h"

#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/uio.h>


/* How long a test waits for something the kernel does asynchronously. */
#define WAIT_MS 10000

/* --- helpers ---------------------------------------------------------------- */

/* Packs addresses back to back, as sctp_sendv takes them; returns the bytes. */
static size_t pack(char *out, const struct address *list, int n)
{
	size_t used = 0;
	for (int i = 0; i < n; i++) {
		memcpy(out + used, &list[i].ss, list[i].len);
		used += list[i].len;
	}
	return used;
}

/* `size` zeroed bytes that end where an inaccessible page begins: a read past
 * them faults. (Not unmapped: a test process is short-lived.) */
static void *guarded(size_t size)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t span = ((size + (size_t)page - 1) / (size_t)page + 1) * (size_t)page;
	char *map = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	cr_assert_neq(map, MAP_FAILED, "mmap: %s", strerror(errno));
	cr_assert_eq(mprotect(map + span - (size_t)page, (size_t)page, PROT_NONE), 0);
	return map + span - (size_t)page - size;
}

/* --- UDP, for the checks that need no SCTP kernel ---------------------------- */

/* Asserts that the next datagram on the receiver is `expected`. */
static void udp_assert_received(struct udp_pair *u, const char *expected)
{
	char buf[256];
	wait_readable(u->receiver);
	ssize_t n = recv(u->receiver, buf, sizeof buf, MSG_DONTWAIT);
	cr_assert_eq(n, (ssize_t)strlen(expected), "received %zd bytes, expected %zu", n, strlen(expected));
	cr_assert_eq(memcmp(buf, expected, (size_t)n), 0, "received other bytes than sent");
}

/* sctp_sendv of `text` in one buffer with `info` returns its length, and the
 * datagram holds it. */
static void udp_assert_sendv(struct udp_pair *u, const char *text, void *info, socklen_t infolen,
			     unsigned int infotype)
{
	struct iovec v = iov_of(text);
	assert_returns(sctp_sendv(u->sender, &v, 1, NULL, 0, info, infolen, infotype, 0), (int)strlen(text));
	udp_assert_received(u, text);
}

/* sctp_sendv of `text` to the `count` addresses of `list` (at most 40,
 * packed back to back) returns its length, and the datagram holds it. */
static void udp_assert_sendv_to(struct udp_pair *u, const struct address *list, int count, const char *text)
{
	char packed[40 * sizeof(struct sockaddr_in6)];
	cr_assert_leq(count, 40);
	pack(packed, list, count);
	struct iovec v = iov_of(text);
	assert_returns(sctp_sendv(u->sender, &v, 1, (struct sockaddr *)packed, count, NULL, 0, SCTP_SENDV_NOINFO, 0),
		       (int)strlen(text));
	udp_assert_received(u, text);
}

/* sctp_sendv of "x" in `iovcnt` buffers to `addrs` (`addrcnt` of them), with
 * no info and `flags`, fails with `expected`, and no datagram leaves. */
static void udp_assert_sendv_fails(struct udp_pair *u, int iovcnt, struct sockaddr *addrs, int addrcnt, int flags,
				   int expected)
{
	struct iovec v = iov_of("x");
	assert_fails_with(sctp_sendv(u->sender, &v, iovcnt, addrs, addrcnt, NULL, 0, SCTP_SENDV_NOINFO, flags),
			  expected);
	assert_nothing_queued(u->receiver);
}

/* --- sctp_sendv: argument checks (no SCTP kernel) ---------------------------- */

Test(sctp_sendv, SCTP_SENDV_NOINFO_info_is_a_NULL_pointer_and_infolen_is_0)
{
	struct udp_pair u = udp_pair_open(AF_INET);
	udp_assert_sendv(&u, "plain", NULL, 0, SCTP_SENDV_NOINFO);
	udp_pair_close(&u);
}

Test(sctp_sendv, the_data_in_the_gather_buffer_is_treated_as_a_single_user_message)
{
	struct udp_pair u = udp_pair_open(AF_INET6);
	struct iovec v[3] = { iov_of("one,"), iov_of("two,"), iov_of("three") };
	assert_returns(sctp_sendv(u.sender, v, 3, NULL, 0, NULL, 0, SCTP_SENDV_NOINFO, 0), 13);
	udp_assert_received(&u, "one,two,three");
	udp_pair_close(&u);
}

Test(sctp_sendv, returns_minus_1_and_sets_errno_EBADF_on_a_bad_descriptor)
{
	struct iovec v = iov_of("x");
	assert_fails_with(sctp_sendv(-1, &v, 1, NULL, 0, NULL, 0, SCTP_SENDV_NOINFO, 0), EBADF);
}

Test(sctp_sendv, returns_minus_1_and_sets_errno_ENOTSOCK_on_a_file)
{
	int fd = sctp_test_file_descriptor();
	struct iovec v = iov_of("x");
	assert_fails_with(sctp_sendv(fd, &v, 1, NULL, 0, NULL, 0, SCTP_SENDV_NOINFO, 0), ENOTSOCK);
	close(fd);
}

/* lksctp reads no info for SCTP_SENDV_NOINFO: a program that leaves info
 * and infolen set from an earlier call sends as with NULL and 0. */
Test(sctp_sendv, SCTP_SENDV_NOINFO_info_and_infolen_are_not_looked_at)
{
	struct udp_pair u = udp_pair_open(AF_INET);
	struct sctp_sndinfo info = { 0 };
	udp_assert_sendv(&u, "noinfo", &info, sizeof info, SCTP_SENDV_NOINFO);
	udp_assert_sendv(&u, "noinfo", NULL, 4, SCTP_SENDV_NOINFO);
	udp_pair_close(&u);
}

/* lksctp sends without attributes for a type it does not know. */
Test(sctp_sendv, an_infotype_that_is_not_defined_sends_without_attributes)
{
	struct udp_pair u = udp_pair_open(AF_INET);
	struct sctp_sendv_spa spa = { 0 };
	unsigned int unknown[] = { SCTP_SENDV_SPA + 1, 99, 0xffffffffu };
	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
		udp_assert_sendv(&u, "x", &spa, sizeof spa, unknown[i]);
		udp_assert_sendv(&u, "x", NULL, 0, unknown[i]);
	}
	udp_pair_close(&u);
}

/* Each type that points to a structure: a NULL info, and an infolen one byte
 * short of the structure. */
static const struct {
	unsigned int type;
	socklen_t size;
	const char *name;
} info_types[] = {
	{ SCTP_SENDV_SNDINFO, sizeof(struct sctp_sndinfo), "SCTP_SENDV_SNDINFO" },
	{ SCTP_SENDV_PRINFO, sizeof(struct sctp_prinfo), "SCTP_SENDV_PRINFO" },
	{ SCTP_SENDV_AUTHINFO, sizeof(struct sctp_authinfo), "SCTP_SENDV_AUTHINFO" },
	{ SCTP_SENDV_SPA, sizeof(struct sctp_sendv_spa), "SCTP_SENDV_SPA" },
};

Test(sctp_sendv, info_is_pointing_to_the_structure_of_its_type_so_a_NULL_info_fails_with_EINVAL)
{
	KNOWN_UPSTREAM_DIVERGENCE("sendv-null-info");
	struct udp_pair u = udp_pair_open(AF_INET);
	struct iovec v = iov_of("x");
	for (size_t i = 0; i < sizeof info_types / sizeof info_types[0]; i++) {
		errno = 0;
		int rc = sctp_sendv(u.sender, &v, 1, NULL, 0, NULL, info_types[i].size, info_types[i].type, 0);
		cr_assert(rc == -1 && errno == EINVAL, "%s with a NULL info: %d (errno %s), expected -1/EINVAL",
			  info_types[i].name, rc, strerror(errno));
	}
	assert_nothing_queued(u.receiver);
	udp_pair_close(&u);
}

/* The structure ends where the caller's buffer does, infolen says so:
 * lksctp reads past it all the same. */
Test(sctp_sendv, infolen_is_the_length_of_info_so_one_too_short_for_its_type_fails_with_EINVAL)
{
	KNOWN_UPSTREAM_DIVERGENCE("sendv-short-infolen");
	struct udp_pair u = udp_pair_open(AF_INET);
	struct iovec v = iov_of("x");
	for (size_t i = 0; i < sizeof info_types / sizeof info_types[0]; i++) {
		socklen_t lengths[] = { 0, info_types[i].size - 1 };
		for (size_t j = 0; j < 2; j++) {
			/* SPA with every member valid: its last byte is padding,
			 * which nobody reads; one byte shorter still. */
			socklen_t length = lengths[j];
			if (info_types[i].type == SCTP_SENDV_SPA && j == 1)
				length = offsetof(struct sctp_sendv_spa, sendv_authinfo) + sizeof(struct sctp_authinfo) - 1;
			struct sctp_sendv_spa *info = guarded(length);
			if (length >= sizeof info->sendv_flags)
				info->sendv_flags = SCTP_SEND_SNDINFO_VALID | SCTP_SEND_PRINFO_VALID | SCTP_SEND_AUTHINFO_VALID;
			errno = 0;
			int rc = sctp_sendv(u.sender, &v, 1, NULL, 0, info, length, info_types[i].type, 0);
			cr_assert(rc == -1 && errno == EINVAL, "%s with infolen %u: %d (errno %s), expected -1/EINVAL",
				  info_types[i].name, length, rc, strerror(errno));
		}
	}
	assert_nothing_queued(u.receiver);
	udp_pair_close(&u);
}

/* lksctp reads sendv_flags, then only the members it marks valid: an
 * infolen that covers those is enough. */
Test(sctp_sendv, SCTP_SENDV_SPA_only_sendv_flags_and_the_valid_members_need_to_lie_within_infolen)
{
	struct udp_pair u = udp_pair_open(AF_INET);
	const struct {
		uint32_t valid;
		size_t end;
	} cases[] = {
		{ 0, sizeof(uint32_t) },
		{ SCTP_SEND_SNDINFO_VALID, offsetof(struct sctp_sendv_spa, sendv_prinfo) },
		{ SCTP_SEND_PRINFO_VALID, offsetof(struct sctp_sendv_spa, sendv_authinfo) },
		{ SCTP_SEND_AUTHINFO_VALID,
		  offsetof(struct sctp_sendv_spa, sendv_authinfo) + sizeof(struct sctp_authinfo) },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct sctp_sendv_spa *spa = guarded(cases[i].end);
		spa->sendv_flags = cases[i].valid;
		udp_assert_sendv(&u, "x", spa, (socklen_t)cases[i].end, SCTP_SENDV_SPA);
	}
	udp_pair_close(&u);
}

Test(sctp_sendv, sendv_flags_bits_other_than_the_three_VALID_ones_are_ignored)
{
	struct udp_pair u = udp_pair_open(AF_INET);
	struct sctp_sendv_spa spa = { 0 };
	uint32_t other[] = { 0x8, SCTP_SEND_SNDINFO_VALID | 0x10, 0x80000000u };
	for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
		spa.sendv_flags = other[i];
		udp_assert_sendv(&u, "x", &spa, sizeof spa, SCTP_SENDV_SPA);
	}
	udp_pair_close(&u);
}

Test(sctp_sendv, a_NULL_addrs_with_a_positive_addrcnt_fails_with_EINVAL)
{
	KNOWN_UPSTREAM_DIVERGENCE("sendv-null-addrs");
	struct udp_pair u = udp_pair_open(AF_INET);
	udp_assert_sendv_fails(&u, 1, NULL, 2, 0, EINVAL);
	udp_pair_close(&u);
}

Test(sctp_sendv, a_negative_addrcnt_fails_with_EINVAL)
{
	KNOWN_UPSTREAM_DIVERGENCE("sendv-negative-addrcnt");
	struct udp_pair u = udp_pair_open(AF_INET);
	udp_assert_sendv_fails(&u, 1, (struct sockaddr *)&u.to.ss, -1, 0, EINVAL);
	udp_pair_close(&u);
}

/* lksctp sizes its control buffer as an int: 2^28 + 1 addresses make it 0
 * bytes more than the attributes', and the address messages go past it. A
 * list that ends after 8 addresses (the count is wrong, and lksctp stops at
 * the address after them) is enough for that. */
Test(sctp_sendv, an_addrcnt_whose_control_data_overflows_an_int_fails_with_EINVAL)
{
	KNOWN_UPSTREAM_DIVERGENCE("sendv-huge-addrcnt");
	struct udp_pair u = udp_pair_open(AF_INET);
	struct sockaddr_in list[9];
	for (int i = 0; i < 8; i++)
		list[i] = sctp_test_v4("127.0.0.1", 9);
	memset(&list[8], 0, sizeof list[8]);
	udp_assert_sendv_fails(&u, 1, (struct sockaddr *)list, (1 << 28) + 1, 0, EINVAL);
	udp_pair_close(&u);
}

/* lksctp passes iovcnt to the kernel as it is: msg_iovlen above UIO_MAXIOV. */
Test(sctp_sendv, a_negative_iovcnt_fails_with_the_kernels_EMSGSIZE)
{
	struct udp_pair u = udp_pair_open(AF_INET);
	udp_assert_sendv_fails(&u, -1, NULL, 0, 0, EMSGSIZE);
	udp_pair_close(&u);
}

/* SCTP_DSTADDRV4/V6 carry no port: programs fill in only the family and
 * address of the addresses after the first, and lksctp sends. */
Test(sctp_sendv, the_ports_of_the_addresses_after_the_first_are_ignored)
{
	struct udp_pair u = udp_pair_open(AF_INET);
	struct address list[3] = { u.to, address_of("127.0.0.2", 0), address_of("127.0.0.3", 0) };
	((struct sockaddr_in *)&list[2].ss)->sin_port = 0xa5c3;
	udp_assert_sendv_to(&u, list, 3, "x");
	udp_pair_close(&u);
}

/* lksctp's answer is -22, with errno untouched: a program that tests for -1
 * and reads errno misses the failure. */
Test(sctp_sendv, an_address_that_is_not_IPv4_or_IPv6_fails_with_minus_1_and_EINVAL)
{
	KNOWN_UPSTREAM_DIVERGENCE("sendv-negated-errno");
	struct udp_pair u = udp_pair_open(AF_INET);
	struct sockaddr_storage unix_address = { .ss_family = AF_UNIX };
	udp_assert_sendv_fails(&u, 1, (struct sockaddr *)&unix_address, 1, 0, EINVAL);
	struct address list[2] = { u.to, u.to };
	char packed[2 * sizeof(struct sockaddr_in6)];
	pack(packed, list, 2);
	((struct sockaddr *)(packed + list[0].len))->sa_family = AF_UNIX;
	udp_assert_sendv_fails(&u, 1, (struct sockaddr *)packed, 2, 0, EINVAL);
	udp_pair_close(&u);
}

Test(sctp_sendv, flags_are_the_same_flags_as_sendmsg_takes_so_MSG_OOB_on_UDP_fails_with_EOPNOTSUPP)
{
	KNOWN_UPSTREAM_DIVERGENCE("sendv-flags-dropped");
	struct udp_pair u = udp_pair_open(AF_INET);
	udp_assert_sendv_fails(&u, 1, NULL, 0, MSG_OOB, EOPNOTSUPP);
	udp_pair_close(&u);
}

Test(sctp_sendv, the_first_of_several_addresses_is_the_destination)
{
	/* 40 IPv6 addresses: 39 SCTP_DSTADDRV6 messages, over 1 KiB of control
	 * data. UDP ignores them; the datagram goes to the first address. */
	struct udp_pair u = udp_pair_open(AF_INET6);
	uint16_t port = ntohs(((struct sockaddr_in6 *)&u.to.ss)->sin6_port);
	struct address list[40];
	list[0] = u.to;
	for (int i = 1; i < 40; i++) {
		char ip[64];
		snprintf(ip, sizeof ip, "2001:db8::%x", i);
		list[i] = address_of(ip, port);
	}
	udp_assert_sendv_to(&u, list, 40, "to the first");
	udp_pair_close(&u);
}

/* What lksctp hands to sendmsg: the first address as msg_name, then an
 * SCTP_DSTADDRV6 or SCTP_DSTADDRV4 message of the address alone for each
 * later address, then the attributes in the order of struct sctp_sendv_spa;
 * msg_flags holds the flags. (The flags lksctp passes to sendmsg itself are
 * the row sendv-flags-dropped: 0 here.) */
Test(sctp_sendv, the_later_addresses_go_first_then_the_attributes_as_lksctp_orders_them)
{
	struct address list[3] = { address_of("127.0.0.1", 5000), address_of("2001:db8::2", 0),
				   address_of("127.0.0.3", 0) };
	((struct sockaddr_in *)&list[2].ss)->sin_port = 0xa5c3;
	char packed[3 * sizeof(struct sockaddr_in6)];
	pack(packed, list, 3);
	struct sctp_sendv_spa spa;
	memset(&spa, 0x5a, sizeof spa);
	spa.sendv_flags = SCTP_SEND_SNDINFO_VALID | SCTP_SEND_PRINFO_VALID;
	struct iovec v[2] = { iov_of("two "), iov_of("parts") };
	int fd = sctp_test_udp_socket(AF_INET6);
	record_sends();
	int rc = sctp_sendv(fd, v, 2, (struct sockaddr *)packed, 3, &spa, sizeof spa, SCTP_SENDV_SPA, 0);
	stop_recording();
	cr_assert_eq(rc, 9, "sctp_sendv returned %d (errno %s)", rc, strerror(errno));
	cr_assert_eq(sent_record.calls, 1);
	cr_assert(sent_record.name == packed && sent_record.namelen == sizeof(struct sockaddr_in),
		  "msg_name %p of %u, expected the first address (%p, %zu)", sent_record.name, sent_record.namelen,
		  (void *)packed, sizeof(struct sockaddr_in));
	cr_assert_eq(sent_record.iovlen, 2);
	size_t offset = 0;
	assert_recorded_message(&offset, SCTP_DSTADDRV6, &((struct sockaddr_in6 *)&list[1].ss)->sin6_addr,
				sizeof(struct in6_addr), "the second address");
	assert_recorded_message(&offset, SCTP_DSTADDRV4, &((struct sockaddr_in *)&list[2].ss)->sin_addr,
				sizeof(struct in_addr), "the third address");
	assert_recorded_message(&offset, SCTP_SNDINFO, &spa.sendv_sndinfo, sizeof spa.sendv_sndinfo, "sendv_sndinfo");
	assert_recorded_message(&offset, SCTP_PRINFO, &spa.sendv_prinfo, sizeof spa.sendv_prinfo, "sendv_prinfo");
	cr_assert_eq(sent_record.controllen, offset, "msg_controllen %zu, the messages take %zu",
		     sent_record.controllen, offset);
	cr_assert_eq(sent_record.msg_flags, 0);
	close(fd);
}

Test(sctp_sendv, one_type_sends_its_structure_whole_padding_included)
{
	struct sctp_sndinfo info;
	memset(&info, 0xa5, sizeof info);
	struct iovec v = iov_of("x");
	int fd = sctp_test_udp_socket(AF_INET);
	record_sends();
	int rc = sctp_sendv(fd, &v, 1, NULL, 0, &info, sizeof info, SCTP_SENDV_SNDINFO, MSG_DONTWAIT);
	stop_recording();
	cr_assert_eq(rc, 1, "sctp_sendv returned %d (errno %s)", rc, strerror(errno));
	cr_assert(sent_record.name == NULL && sent_record.namelen == 0);
	size_t offset = 0;
	assert_recorded_message(&offset, SCTP_SNDINFO, &info, sizeof info, "the sndinfo");
	cr_assert_eq(sent_record.controllen, offset);
	cr_assert_eq(sent_record.msg_flags, MSG_DONTWAIT, "msg_flags %#x", sent_record.msg_flags);
	close(fd);
}

/* lksctp mallocs room for any number of addresses; so does this library
 * above 64 KiB of control data (below it, the stack). */
Test(sctp_sendv, three_thousand_addresses_all_go_to_sendmsg)
{
	enum { N = 3000 };
	static struct sockaddr_in6 list[N];
	for (int i = 0; i < N; i++) {
		list[i] = sctp_test_v6("2001:db8::1", (uint16_t)i);
		list[i].sin6_addr.s6_addr[14] = (uint8_t)(i >> 8);
		list[i].sin6_addr.s6_addr[15] = (uint8_t)i;
	}
	struct iovec v = iov_of("many");
	int fd = sctp_test_udp_socket(AF_INET6);
	record_sends();
	int rc = sctp_sendv(fd, &v, 1, (struct sockaddr *)list, N, NULL, 0, SCTP_SENDV_NOINFO, 0);
	stop_recording();
	cr_assert_eq(rc, 4, "sctp_sendv returned %d (errno %s)", rc, strerror(errno));
	cr_assert(sent_record.name == &list[0] && sent_record.namelen == sizeof list[0]);
	cr_assert_leq(sent_record.controllen, sizeof sent_record.control);
	size_t offset = 0;
	for (int i = 1; i < N; i++)
		assert_recorded_message(&offset, SCTP_DSTADDRV6, &list[i].sin6_addr, sizeof list[i].sin6_addr,
					"an address");
	cr_assert_eq(sent_record.controllen, offset);
	close(fd);
}

/* --- kernel helpers ----------------------------------------------------------- */

/* A connected pair, with what a send needs to reach its server. */
struct kpair {
	struct sctp_test_pair p;
	int type;
	struct address server; /* the listener's address */
};

static void set_nodelay(int fd)
{
	sctp_test_enable(fd, SCTP_NODELAY);
}

static struct kpair kpair_open(int family, int type, const char *ip)
{
	struct kpair k;
	k.p = sctp_test_connect_pair(family, type, ip);
	k.type = type;
	k.server = address_of(ip, k.p.port);
	set_nodelay(k.p.client);
	sctp_test_enable(k.p.server, SCTP_RECVRCVINFO);
	return k;
}

static void kpair_close(struct kpair *k)
{
	if (k->p.server >= 0 && k->p.server != k->p.listener)
		close(k->p.server);
	if (k->p.listener >= 0)
		close(k->p.listener);
	if (k->p.client >= 0)
		close(k->p.client);
}

/* The association id a sndinfo names on the client: its own on one-to-many,
 * 0 (ignored) on one-to-one. */
static sctp_assoc_t kpair_send_id(const struct kpair *k)
{
	return k->type == SOCK_SEQPACKET ? k->p.client_assoc : 0;
}

/* What recvmsg(2) gave for one message. */
struct received {
	ssize_t length;
	int flags;
	bool has_rcvinfo;
	struct sctp_rcvinfo rcvinfo;
	char data[8192];
};

/* One recvmsg(2) on `fd` (SCTP_RECVRCVINFO on), waiting (bounded) for it. */
static struct received receive_raw(int fd)
{
	static struct received r;
	memset(&r, 0, sizeof r);
	char control[CMSG_SPACE(sizeof(struct sctp_rcvinfo)) + CMSG_SPACE(sizeof(struct sctp_nxtinfo)) + 64];
	struct iovec v = { r.data, sizeof r.data };
	struct msghdr m = sctp_test_msghdr(&v, control, sizeof control);
	wait_readable(fd);
	r.length = recvmsg(fd, &m, MSG_DONTWAIT);
	cr_assert_geq(r.length, 0, "recvmsg: %s", strerror(errno));
	r.flags = m.msg_flags;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c != NULL; c = CMSG_NXTHDR(&m, c)) {
		if (c->cmsg_level == IPPROTO_SCTP && c->cmsg_type == SCTP_RCVINFO) {
			memcpy(&r.rcvinfo, CMSG_DATA(c), sizeof r.rcvinfo);
			r.has_rcvinfo = true;
		}
	}
	return r;
}

/* Receives one whole message on the server and checks its bytes. */
static struct received receive_message(int fd, const char *expected)
{
	struct received r = receive_raw(fd);
	cr_assert_eq(r.length, (ssize_t)strlen(expected), "received %zd bytes, expected %zu (\"%s\")",
		     r.length, strlen(expected), expected);
	cr_assert_eq(memcmp(r.data, expected, strlen(expected)), 0, "received other bytes than sent");
	cr_assert(r.flags & MSG_EOR, "the message came without MSG_EOR (flags %#x)", r.flags);
	cr_assert_not(r.flags & MSG_NOTIFICATION, "a notification came instead of the message");
	cr_assert(r.has_rcvinfo, "no SCTP_RCVINFO with the message");
	return r;
}

/* Bounded wait until `fd` has `n` associations. */
static void wait_associations(int fd, int n)
{
	int count = -1;
	for (int ms = 0; ms < WAIT_MS; ms += 10) {
		socklen_t len = sizeof count;
		cr_assert_eq(getsockopt(fd, SOL_SCTP, SCTP_GET_ASSOC_NUMBER, &count, &len), 0,
			     "SCTP_GET_ASSOC_NUMBER: %s", strerror(errno));
		if (count == n)
			return;
		usleep(10000);
	}
	cr_assert_fail("the socket has %d associations after %d ms, expected %d", count, WAIT_MS, n);
}

static int association_count(int fd)
{
	int count = -1;
	socklen_t len = sizeof count;
	cr_assert_eq(getsockopt(fd, SOL_SCTP, SCTP_GET_ASSOC_NUMBER, &count, &len), 0,
		     "SCTP_GET_ASSOC_NUMBER: %s", strerror(errno));
	return count;
}

/* Sends `text` on the pair with sctp_sendv and the info given. */
static int kpair_sendv(struct kpair *k, const char *text, void *info, socklen_t infolen, unsigned int type,
		       int flags)
{
	struct iovec v = iov_of(text);
	/* One-to-many without an sctp_sndinfo: the address names the association. */
	bool by_address = k->type == SOCK_SEQPACKET && type != SCTP_SENDV_SNDINFO &&
			  !(type == SCTP_SENDV_SPA && (((struct sctp_sendv_spa *)info)->sendv_flags & SCTP_SEND_SNDINFO_VALID));
	return sctp_sendv(k->p.client, &v, 1, by_address ? (struct sockaddr *)&k->server.ss : NULL, by_address ? 1 : 0,
			  info, infolen, type, flags);
}

/* --- kernel: info types --------------------------------------------------------- */

static void noinfo_sends_one_message_with_no_attributes(int family, int type, const char *ip)
{
	struct kpair k = kpair_open(family, type, ip);
	struct iovec v[3] = { iov_of("alpha"), iov_of("-beta-"), iov_of("gamma") };
	bool many = type == SOCK_SEQPACKET;
	assert_returns(sctp_sendv(k.p.client, v, 3, many ? (struct sockaddr *)&k.server.ss : NULL, many ? 1 : 0,
				  NULL, 0, SCTP_SENDV_NOINFO, 0), 16);
	struct received r = receive_message(k.p.server, "alpha-beta-gamma");
	cr_assert_eq(r.rcvinfo.rcv_sid, 0);
	cr_assert_eq(r.rcvinfo.rcv_ppid, 0);
	cr_assert_eq(r.rcvinfo.rcv_flags & SCTP_UNORDERED, 0);
	kpair_close(&k);
}
SCTP_TEST_EVERY_KIND_OF(sctp_sendv_kernel, SCTP_SENDV_NOINFO_the_gather_buffer_is_a_single_user_message,
	  noinfo_sends_one_message_with_no_attributes)

static void sndinfo_fields_arrive(int family, int type, const char *ip)
{
	struct kpair k = kpair_open(family, type, ip);
	struct sctp_sndinfo info = { .snd_sid = 3, .snd_flags = SCTP_UNORDERED, .snd_ppid = 0xa1b2c3d4, .snd_context = 77,
				     .snd_assoc_id = kpair_send_id(&k) };
	assert_returns(kpair_sendv(&k, "unordered", &info, sizeof info, SCTP_SENDV_SNDINFO, 0), 9);
	struct received r = receive_message(k.p.server, "unordered");
	cr_assert_eq(r.rcvinfo.rcv_sid, 3, "rcv_sid %u, snd_sid was 3", r.rcvinfo.rcv_sid);
	cr_assert_eq(r.rcvinfo.rcv_ppid, 0xa1b2c3d4, "rcv_ppid %#x", r.rcvinfo.rcv_ppid);
	cr_assert(r.rcvinfo.rcv_flags & SCTP_UNORDERED, "rcv_flags %#x lack SCTP_UNORDERED", r.rcvinfo.rcv_flags);
	cr_assert_eq(r.rcvinfo.rcv_assoc_id, k.p.server_assoc);

	info.snd_sid = 5;
	info.snd_flags = 0;
	info.snd_ppid = 9;
	assert_returns(kpair_sendv(&k, "ordered", &info, sizeof info, SCTP_SENDV_SNDINFO, 0), 7);
	r = receive_message(k.p.server, "ordered");
	cr_assert_eq(r.rcvinfo.rcv_sid, 5);
	cr_assert_eq(r.rcvinfo.rcv_ppid, 9);
	cr_assert_eq(r.rcvinfo.rcv_flags & SCTP_UNORDERED, 0, "rcv_flags %#x", r.rcvinfo.rcv_flags);
	kpair_close(&k);
}
SCTP_TEST_EVERY_KIND_OF(sctp_sendv_kernel, SCTP_SENDV_SNDINFO_snd_sid_snd_flags_and_snd_ppid_are_the_messages, sndinfo_fields_arrive)

static void sndinfo_invalid_stream(int family, int type, const char *ip)
{
	struct kpair k = kpair_open(family, type, ip);
	struct sctp_sndinfo info;
	memset(&info, 0, sizeof info);
	info.snd_sid = 1000; /* Linux offers 10 outbound streams by default */
	info.snd_assoc_id = kpair_send_id(&k);
	assert_fails_with(kpair_sendv(&k, "nowhere", &info, sizeof info, SCTP_SENDV_SNDINFO, 0), EINVAL);
	assert_nothing_queued(k.p.server);
	kpair_close(&k);
}
SCTP_TEST_BOTH_STYLES_OF(sctp_sendv_kernel, snd_sid_if_a_sender_specifies_an_invalid_stream_number_the_call_fails, sndinfo_invalid_stream)

/* Two servers, one client one-to-many socket associated with both. */
static void sndinfo_assoc_id_names_the_association(int family, const char *ip)
{
	uint16_t port_a, port_b;
	int a = sctp_test_listener(family, SOCK_SEQPACKET, ip, &port_a);
	int b = sctp_test_listener(family, SOCK_SEQPACKET, ip, &port_b);
	sctp_test_enable(a, SCTP_RECVRCVINFO);
	sctp_test_enable(b, SCTP_RECVRCVINFO);
	int client = sctp_test_socket(family, SOCK_SEQPACKET);
	set_nodelay(client);
	struct address to_a = address_of(ip, port_a), to_b = address_of(ip, port_b);
	sctp_assoc_t id_a = 0, id_b = 0;
	cr_assert_eq(sctp_connectx(client, (struct sockaddr *)&to_a.ss, 1, &id_a), 0, "connectx: %s", strerror(errno));
	cr_assert_eq(sctp_connectx(client, (struct sockaddr *)&to_b.ss, 1, &id_b), 0, "connectx: %s", strerror(errno));
	cr_assert_neq(id_a, id_b);

	struct sctp_sndinfo info = { .snd_assoc_id = id_b };
	struct iovec v = iov_of("for b");
	assert_returns(sctp_sendv(client, &v, 1, NULL, 0, &info, sizeof info, SCTP_SENDV_SNDINFO, 0), 5);
	receive_message(b, "for b");
	info.snd_assoc_id = id_a;
	v = iov_of("for a");
	assert_returns(sctp_sendv(client, &v, 1, NULL, 0, &info, sizeof info, SCTP_SENDV_SNDINFO, 0), 5);
	receive_message(a, "for a");
	assert_nothing_queued(b);
	close(client);
	close(a);
	close(b);
}

Test(sctp_sendv_kernel, snd_assoc_id_specifies_the_association_on_a_one_to_many_socket__ipv4)
{
	sndinfo_assoc_id_names_the_association(AF_INET, "127.0.0.1");
}

Test(sctp_sendv_kernel, snd_assoc_id_specifies_the_association_on_a_one_to_many_socket__ipv6)
{
	sndinfo_assoc_id_names_the_association(AF_INET6, "::1");
}

Test(sctp_sendv_kernel, a_one_to_many_socket_without_an_sndinfo_or_an_address_has_no_association_to_send_on)
{
	/* RFC 6458 9.12: "The struct sctp_sndinfo attribute must always be used
	 * in order to specify the association" (Linux: EPIPE, no association 0). */
	struct kpair k = kpair_open(AF_INET, SOCK_SEQPACKET, "127.0.0.1");
	signal(SIGPIPE, SIG_IGN);
	struct iovec v = iov_of("x");
	assert_fails_with(sctp_sendv(k.p.client, &v, 1, NULL, 0, NULL, 0, SCTP_SENDV_NOINFO, 0), EPIPE);
	assert_nothing_queued(k.p.server);
	kpair_close(&k);
}

static void eof_terminates(int family, const char *ip)
{
	struct kpair k = kpair_open(family, SOCK_SEQPACKET, ip);
	struct sctp_sndinfo info = { .snd_flags = SCTP_EOF, .snd_assoc_id = k.p.client_assoc };
	/* "In this case, len would be zero." */
	assert_returns(sctp_sendv(k.p.client, NULL, 0, NULL, 0, &info, sizeof info, SCTP_SENDV_SNDINFO, 0), 0);
	wait_associations(k.p.client, 0);
	wait_associations(k.p.server, 0);
	kpair_close(&k);
}

Test(sctp_sendv_kernel, snd_flags_SCTP_EOF_with_len_zero_terminates_the_association__ipv4)
{
	eof_terminates(AF_INET, "127.0.0.1");
}

Test(sctp_sendv_kernel, snd_flags_SCTP_EOF_with_len_zero_terminates_the_association__ipv6)
{
	eof_terminates(AF_INET6, "::1");
}

Test(sctp_sendv_kernel, snd_flags_SCTP_ABORT_aborts_the_association)
{
	struct kpair k = kpair_open(AF_INET, SOCK_SEQPACKET, "127.0.0.1");
	struct sctp_sndinfo info = { .snd_flags = SCTP_ABORT, .snd_assoc_id = k.p.client_assoc };
	struct iovec cause = iov_of("bye");
	/* Linux returns 0: nothing of the cause is sent as data. */
	assert_returns(sctp_sendv(k.p.client, &cause, 1, NULL, 0, &info, sizeof info, SCTP_SENDV_SNDINFO, 0), 0);
	cr_assert_eq(association_count(k.p.client), 0, "the association is still there after SCTP_ABORT");
	wait_associations(k.p.server, 0);
	kpair_close(&k);
}

/* PR-SCTP: Linux turns it on by default (net.sctp.prsctp_enable). */
static void assert_pr_supported(struct kpair *k)
{
	struct sctp_assoc_value value = { .assoc_id = kpair_send_id(k) };
	socklen_t len = sizeof value;
	cr_assert_eq(getsockopt(k->p.client, SOL_SCTP, SCTP_PR_SUPPORTED, &value, &len), 0,
		     "SCTP_PR_SUPPORTED: %s", strerror(errno));
	cr_assert_eq(value.assoc_value, 1, "PR-SCTP is off on the association");
}

static void prinfo_policies_accepted(int family, int type, const char *ip)
{
	struct kpair k = kpair_open(family, type, ip);
	assert_pr_supported(&k);
	struct sctp_prinfo info = { .pr_policy = SCTP_PR_SCTP_TTL, .pr_value = 60000 };
	assert_returns(kpair_sendv(&k, "timed", &info, sizeof info, SCTP_SENDV_PRINFO, 0), 5);
	receive_message(k.p.server, "timed");
	info.pr_policy = SCTP_PR_SCTP_RTX;
	info.pr_value = 3;
	assert_returns(kpair_sendv(&k, "retransmitted", &info, sizeof info, SCTP_SENDV_PRINFO, 0), 13);
	receive_message(k.p.server, "retransmitted");
	info.pr_policy = SCTP_PR_SCTP_NONE;
	info.pr_value = 1;
	assert_returns(kpair_sendv(&k, "reliable", &info, sizeof info, SCTP_SENDV_PRINFO, 0), 8);
	receive_message(k.p.server, "reliable");
	kpair_close(&k);
}
SCTP_TEST_EVERY_KIND_OF(sctp_sendv_kernel, SCTP_SENDV_PRINFO_the_TTL_RTX_and_NONE_policies_are_accepted_and_the_message_arrives,
	  prinfo_policies_accepted)

static void prinfo_reaches_the_kernel(int family, int type, const char *ip)
{
	struct kpair k = kpair_open(family, type, ip);
	struct sctp_prinfo info;
	memset(&info, 0, sizeof info);
	info.pr_policy = 0x40; /* beyond SCTP_PR_SCTP_MASK: the kernel refuses it */
	info.pr_value = 1;
	assert_fails_with(kpair_sendv(&k, "x", &info, sizeof info, SCTP_SENDV_PRINFO, 0), EINVAL);
	assert_nothing_queued(k.p.server);
	kpair_close(&k);
}
SCTP_TEST_BOTH_STYLES_OF(sctp_sendv_kernel, SCTP_SENDV_PRINFO_pr_policy_reaches_the_kernel_which_refuses_an_undefined_one,
	 prinfo_reaches_the_kernel)

/* A one-to-one pair whose DATA chunks are authenticated (RFC 4895): AUTH on
 * both endpoints, the server asks for DATA to be authenticated, and both
 * hold shared key 7 besides the null key 0. */
static struct kpair auth_pair_open(void)
{
	struct kpair k = { .type = SOCK_STREAM };
	int listener = sctp_test_socket(AF_INET, SOCK_STREAM);
	int client = sctp_test_socket(AF_INET, SOCK_STREAM);
	struct sctp_assoc_value on = { .assoc_id = SCTP_FUTURE_ASSOC, .assoc_value = 1 };
	char key_buffer[sizeof(struct sctp_authkey) + 8];
	struct sctp_authkey *key = (struct sctp_authkey *)key_buffer;
	memset(key_buffer, 0, sizeof key_buffer);
	key->sca_assoc_id = SCTP_FUTURE_ASSOC;
	key->sca_keynumber = 7;
	key->sca_keylength = 8;
	memcpy(key->sca_key, "sevenkey", 8);
	int fds[2] = { listener, client };
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(setsockopt(fds[i], SOL_SCTP, SCTP_AUTH_SUPPORTED, &on, sizeof on), 0,
			     "SCTP_AUTH_SUPPORTED: %s", strerror(errno));
		cr_assert_eq(setsockopt(fds[i], SOL_SCTP, SCTP_AUTH_KEY, key_buffer, sizeof key_buffer), 0,
			     "SCTP_AUTH_KEY: %s", strerror(errno));
	}
	struct sctp_authchunk data = { .sauth_chunk = 0 /* DATA */ };
	cr_assert_eq(setsockopt(listener, SOL_SCTP, SCTP_AUTH_CHUNK, &data, sizeof data), 0,
		     "SCTP_AUTH_CHUNK: %s", strerror(errno));
	struct address any = address_of("127.0.0.1", 0);
	cr_assert_eq(bind(listener, (struct sockaddr *)&any.ss, any.len), 0, "bind: %s", strerror(errno));
	cr_assert_eq(listen(listener, 4), 0);
	k.p.port = sctp_test_local_port(listener);
	k.server = address_of("127.0.0.1", k.p.port);
	cr_assert_eq(connect(client, (struct sockaddr *)&k.server.ss, k.server.len), 0, "connect: %s", strerror(errno));
	k.p.listener = listener;
	k.p.client = client;
	k.p.server = accept(listener, NULL, NULL);
	cr_assert_geq(k.p.server, 0, "accept: %s", strerror(errno));
	k.p.client_assoc = sctp_test_first_association(client);
	k.p.server_assoc = sctp_test_first_association(k.p.server);
	set_nodelay(client);
	sctp_test_enable(k.p.server, SCTP_RECVRCVINFO);
	/* The peer asked for authenticated DATA. */
	char chunks_buffer[sizeof(struct sctp_authchunks) + 16];
	struct sctp_authchunks *chunks = (struct sctp_authchunks *)chunks_buffer;
	memset(chunks_buffer, 0, sizeof chunks_buffer);
	socklen_t len = sizeof chunks_buffer;
	cr_assert_eq(getsockopt(client, SOL_SCTP, SCTP_PEER_AUTH_CHUNKS, chunks, &len), 0,
		     "SCTP_PEER_AUTH_CHUNKS: %s", strerror(errno));
	bool data_authenticated = false;
	for (uint32_t i = 0; i < chunks->gauth_number_of_chunks && i < 16; i++)
		data_authenticated |= chunks->gauth_chunks[i] == 0;
	cr_assert(data_authenticated, "the peer did not ask for authenticated DATA");
	return k;
}

Test(sctp_sendv_kernel, SCTP_SENDV_AUTHINFO_auth_keynumber_is_the_shared_key_used_for_sending)
{
	struct kpair k = auth_pair_open();
	struct sctp_authinfo info = { .auth_keynumber = 7 };
	assert_returns(kpair_sendv(&k, "with key 7", &info, sizeof info, SCTP_SENDV_AUTHINFO, 0), 10);
	receive_message(k.p.server, "with key 7");
	info.auth_keynumber = 0;
	assert_returns(kpair_sendv(&k, "with key 0", &info, sizeof info, SCTP_SENDV_AUTHINFO, 0), 10);
	receive_message(k.p.server, "with key 0");
	/* A key the association does not hold: the kernel refuses the send. */
	info.auth_keynumber = 9;
	assert_fails_with(kpair_sendv(&k, "with key 9", &info, sizeof info, SCTP_SENDV_AUTHINFO, 0), EINVAL);
	assert_nothing_queued(k.p.server);
	kpair_close(&k);
}

static void authinfo_without_auth(int family, int type, const char *ip)
{
	/* Linux: without AUTH on the association (net.sctp.auth_enable is 0 by
	 * default) the key number is not looked at, and the message goes. */
	struct kpair k = kpair_open(family, type, ip);
	struct sctp_authinfo info = { .auth_keynumber = 9 };
	assert_returns(kpair_sendv(&k, "no auth", &info, sizeof info, SCTP_SENDV_AUTHINFO, 0), 7);
	receive_message(k.p.server, "no auth");
	kpair_close(&k);
}
SCTP_TEST_EVERY_KIND_OF(sctp_sendv_kernel, SCTP_SENDV_AUTHINFO_without_auth_keys_is_accepted_and_the_message_arrives,
	  authinfo_without_auth)

/* lksctp 1.0.19 builds the ancillary data in a buffer of
 * CMSG_SPACE(sizeof(struct sctp_sendv_spa)), 48 bytes, where the three
 * attributes take 80: with all three valid (and fewer than 2 addresses) it
 * overflows the stack (and two of them, 56 bytes, overflow it unnoticed).
 * 1.0.21 sizes it for the three. */
#define SPA_OVERFLOW "sendv-spa-overflow"

/* SCTP_SENDV_SPA with `valid` as sendv_flags, on a pair with authenticated
 * DATA: the sndinfo sends on stream 2 with ppid 42 only when it is valid; a
 * prinfo with an undefined policy and an authinfo with a key nobody holds fail
 * the send only when they are valid. */
/* `spa` with its `member` (flag `member_valid`) wrong, as `wrong` says: the
 * send of `text` fails with EINVAL where the member is valid, and goes
 * through (the server receives it) where it is not. */
static void check_spa_wrong_member(struct kpair *k, struct sctp_sendv_spa *spa, const char *text, uint32_t member_valid,
				   const char *wrong, const char *member)
{
	uint32_t valid = spa->sendv_flags;
	errno = 0;
	int rc = kpair_sendv(k, text, spa, sizeof *spa, SCTP_SENDV_SPA, 0);
	if (valid & member_valid)
		cr_assert(rc == -1 && errno == EINVAL, "sendv_flags %#x: %s gave %d (%s), expected EINVAL", valid, wrong,
			  rc, strerror(errno));
	else
		cr_assert_eq(rc, (int)strlen(text), "sendv_flags %#x: %s is not valid, yet the send gave %d (%s)", valid,
			     member, rc, strerror(errno));
	if (rc > 0)
		receive_message(k->p.server, text);
}

static void check_spa(uint32_t valid)
{
	/* Two members overflow 1.0.19's buffer by 8 bytes too, which no test
	 * sees; three smash its stack. */
	if (valid == (SCTP_SEND_SNDINFO_VALID | SCTP_SEND_PRINFO_VALID | SCTP_SEND_AUTHINFO_VALID))
		KNOWN_UPSTREAM_DIVERGENCE_IN_1_0_19(SPA_OVERFLOW);
	struct kpair k = auth_pair_open();
	struct sctp_sendv_spa spa = { .sendv_flags = valid };
	spa.sendv_sndinfo.snd_sid = 2;
	spa.sendv_sndinfo.snd_ppid = 42;
	spa.sendv_prinfo.pr_policy = SCTP_PR_SCTP_TTL;
	spa.sendv_prinfo.pr_value = 60000;
	spa.sendv_authinfo.auth_keynumber = 7;
	assert_returns(kpair_sendv(&k, "spa", &spa, sizeof spa, SCTP_SENDV_SPA, 0), 3);
	struct received r = receive_message(k.p.server, "spa");
	bool sndinfo = valid & SCTP_SEND_SNDINFO_VALID;
	cr_assert_eq(r.rcvinfo.rcv_sid, sndinfo ? 2 : 0, "sendv_flags %#x: rcv_sid %u", valid, r.rcvinfo.rcv_sid);
	cr_assert_eq(r.rcvinfo.rcv_ppid, sndinfo ? 42u : 0u, "sendv_flags %#x: rcv_ppid %u", valid, r.rcvinfo.rcv_ppid);

	spa.sendv_prinfo.pr_policy = 0x40;
	check_spa_wrong_member(&k, &spa, "bad policy", SCTP_SEND_PRINFO_VALID, "an undefined pr_policy", "sendv_prinfo");
	spa.sendv_prinfo.pr_policy = SCTP_PR_SCTP_TTL;

	spa.sendv_authinfo.auth_keynumber = 9;
	check_spa_wrong_member(&k, &spa, "bad key", SCTP_SEND_AUTHINFO_VALID, "an unknown key", "sendv_authinfo");
	kpair_close(&k);
}

Test(sctp_sendv_kernel, SCTP_SENDV_SPA_with_no_VALID_flag_no_field_holds_valid_information)
{
	check_spa(0);
}

Test(sctp_sendv_kernel, SCTP_SENDV_SPA_SCTP_SEND_SNDINFO_VALID_says_sendv_sndinfo_holds_valid_information)
{
	check_spa(SCTP_SEND_SNDINFO_VALID);
}

Test(sctp_sendv_kernel, SCTP_SENDV_SPA_SCTP_SEND_PRINFO_VALID_says_sendv_prinfo_holds_valid_information)
{
	check_spa(SCTP_SEND_PRINFO_VALID);
}

Test(sctp_sendv_kernel, SCTP_SENDV_SPA_SCTP_SEND_AUTHINFO_VALID_says_sendv_authinfo_holds_valid_information)
{
	check_spa(SCTP_SEND_AUTHINFO_VALID);
}

Test(sctp_sendv_kernel, SCTP_SENDV_SPA_SNDINFO_and_PRINFO_VALID_combined)
{
	check_spa(SCTP_SEND_SNDINFO_VALID | SCTP_SEND_PRINFO_VALID);
}

Test(sctp_sendv_kernel, SCTP_SENDV_SPA_SNDINFO_and_AUTHINFO_VALID_combined)
{
	check_spa(SCTP_SEND_SNDINFO_VALID | SCTP_SEND_AUTHINFO_VALID);
}

Test(sctp_sendv_kernel, SCTP_SENDV_SPA_PRINFO_and_AUTHINFO_VALID_combined)
{
	check_spa(SCTP_SEND_PRINFO_VALID | SCTP_SEND_AUTHINFO_VALID);
}

Test(sctp_sendv_kernel, SCTP_SENDV_SPA_all_three_VALID_flags_combined)
{
	check_spa(SCTP_SEND_SNDINFO_VALID | SCTP_SEND_PRINFO_VALID | SCTP_SEND_AUTHINFO_VALID);
}

static void spa_on_plain_pair(int family, int type, const char *ip)
{
	KNOWN_UPSTREAM_DIVERGENCE_IN_1_0_19(SPA_OVERFLOW);
	struct kpair k = kpair_open(family, type, ip);
	struct sctp_sendv_spa spa = {
		.sendv_flags = SCTP_SEND_SNDINFO_VALID | SCTP_SEND_PRINFO_VALID | SCTP_SEND_AUTHINFO_VALID
	};
	spa.sendv_sndinfo.snd_sid = 4;
	spa.sendv_sndinfo.snd_flags = SCTP_UNORDERED;
	spa.sendv_sndinfo.snd_ppid = 0x01020304;
	spa.sendv_sndinfo.snd_assoc_id = kpair_send_id(&k);
	spa.sendv_prinfo.pr_policy = SCTP_PR_SCTP_RTX;
	spa.sendv_prinfo.pr_value = 2;
	spa.sendv_authinfo.auth_keynumber = 0;
	assert_returns(kpair_sendv(&k, "all three", &spa, sizeof spa, SCTP_SENDV_SPA, 0), 9);
	struct received r = receive_message(k.p.server, "all three");
	cr_assert_eq(r.rcvinfo.rcv_sid, 4);
	cr_assert_eq(r.rcvinfo.rcv_ppid, 0x01020304);
	cr_assert(r.rcvinfo.rcv_flags & SCTP_UNORDERED);
	kpair_close(&k);
}
SCTP_TEST_EVERY_KIND_OF(sctp_sendv_kernel, SCTP_SENDV_SPA_with_all_three_attributes_sends_the_message, spa_on_plain_pair)

/* --- kernel: addresses ---------------------------------------------------------- */

/* A server of `type` bound with bind() to `ips[0]` and sctp_bindx() to the
 * others, on one port. */
static int multihomed_server(int family, int type, const char *const *ips, int n, uint16_t *port)
{
	int fd = sctp_test_socket(family, type);
	struct address first = address_of(ips[0], 0);
	cr_assert_eq(bind(fd, (struct sockaddr *)&first.ss, first.len), 0, "bind(%s): %s", ips[0], strerror(errno));
	*port = sctp_test_local_port(fd);
	struct address others[8];
	for (int i = 1; i < n; i++)
		others[i - 1] = address_of(ips[i], *port);
	char packed[8 * sizeof(struct sockaddr_in6)];
	pack(packed, others, n - 1);
	cr_assert_eq(sctp_bindx(fd, (struct sockaddr *)packed, n - 1, SCTP_BINDX_ADD_ADDR), 0,
		     "sctp_bindx: %s", strerror(errno));
	cr_assert_eq(listen(fd, 4), 0);
	sctp_test_enable(fd, SCTP_RECVRCVINFO);
	return fd;
}

/* The peer addresses of the client's association, as "ip" strings sorted. */
static int peer_addresses(int fd, sctp_assoc_t id, char out[][INET6_ADDRSTRLEN], int max)
{
	struct sockaddr *list = NULL;
	int n = sctp_getpaddrs(fd, id, &list);
	cr_assert_geq(n, 0, "sctp_getpaddrs: %s", strerror(errno));
	const char *p = (const char *)list;
	for (int i = 0; i < n && i < max; i++) {
		sa_family_t family;
		memcpy(&family, p + offsetof(struct sockaddr, sa_family), sizeof family);
		if (family == AF_INET) {
			struct sockaddr_in in;
			memcpy(&in, p, sizeof in);
			inet_ntop(AF_INET, &in.sin_addr, out[i], INET6_ADDRSTRLEN);
			p += sizeof in;
		} else {
			struct sockaddr_in6 in6;
			memcpy(&in6, p, sizeof in6);
			inet_ntop(AF_INET6, &in6.sin6_addr, out[i], INET6_ADDRSTRLEN);
			p += sizeof in6;
		}
	}
	if (list != NULL)
		sctp_freepaddrs(list);
	return n;
}

static bool listed(char list[][INET6_ADDRSTRLEN], int n, const char *ip)
{
	for (int i = 0; i < n; i++)
		if (strcmp(list[i], ip) == 0)
			return true;
	return false;
}

/* sctp_sendv to `n` addresses (`ips`; `server_ips` are what the server binds)
 * sets up one association with all of them. */
static void several_addresses(int family, int type, const char *const *server_ips, const char *const *ips,
			      const char *const *expected, int n)
{
	uint16_t port;
	int server = multihomed_server(family, type, server_ips, n, &port);
	int client = sctp_test_socket(family, type);
	struct address list[8];
	for (int i = 0; i < n; i++)
		list[i] = address_of(ips[i], port);
	char packed[8 * sizeof(struct sockaddr_in6)];
	pack(packed, list, n);
	struct sctp_sndinfo info = { .snd_ppid = 5 };
	struct iovec v = iov_of("implicit");
	assert_returns(sctp_sendv(client, &v, 1, (struct sockaddr *)packed, n, &info, sizeof info, SCTP_SENDV_SNDINFO, 0), 8);
	int accepted = -1;
	if (type == SOCK_STREAM) {
		accepted = accept(server, NULL, NULL);
		cr_assert_geq(accepted, 0, "accept: %s", strerror(errno));
		sctp_test_enable(accepted, SCTP_RECVRCVINFO);
	} else {
		cr_assert_eq(association_count(client), 1, "sctp_sendv set up %d associations", association_count(client));
	}
	struct received r = receive_message(accepted >= 0 ? accepted : server, "implicit");
	cr_assert_eq(r.rcvinfo.rcv_ppid, 5);
	sctp_assoc_t id = sctp_test_first_association(client);
	char peers[16][INET6_ADDRSTRLEN];
	int count = peer_addresses(client, id, peers, 16);
	cr_assert_eq(count, n, "the association has %d peer addresses, expected %d", count, n);
	for (int i = 0; i < n; i++)
		cr_assert(listed(peers, count, expected[i]), "%s is not a peer address of the association", expected[i]);
	if (accepted >= 0)
		close(accepted);
	close(client);
	close(server);
}

Test(sctp_sendv_kernel, addrs_set_up_one_association_with_all_three_addresses__ipv4_one_to_many)
{
	const char *ips[] = { "127.0.0.1", "127.0.0.2", "127.0.0.3" };
	several_addresses(AF_INET, SOCK_SEQPACKET, ips, ips, ips, 3);
}

Test(sctp_sendv_kernel, addrs_set_up_one_association_with_all_three_addresses__ipv4_one_to_one)
{
	const char *ips[] = { "127.0.0.1", "127.0.0.2", "127.0.0.3" };
	several_addresses(AF_INET, SOCK_STREAM, ips, ips, ips, 3);
}

/* What programs write: only family and address of the later entries, their
 * ports 0 or whatever the memory held. lksctp sends, and the association has
 * all three addresses at the first one's port. */
static void later_ports_ignored(int type)
{
	const char *ips[] = { "127.0.0.1", "127.0.0.2", "127.0.0.3" };
	uint16_t port;
	int server = multihomed_server(AF_INET, type, ips, 3, &port);
	int client = sctp_test_socket(AF_INET, type);
	struct sockaddr_in list[3];
	for (int i = 0; i < 3; i++)
		list[i] = sctp_test_v4(ips[i], i == 0 ? port : 0);
	list[2].sin_port = 0xa5c3;
	struct iovec v = iov_of("ports");
	assert_returns(sctp_sendv(client, &v, 1, (struct sockaddr *)list, 3, NULL, 0, SCTP_SENDV_NOINFO, 0), 5);
	int accepted = -1;
	if (type == SOCK_STREAM) {
		accepted = accept(server, NULL, NULL);
		cr_assert_geq(accepted, 0, "accept: %s", strerror(errno));
		sctp_test_enable(accepted, SCTP_RECVRCVINFO);
	}
	receive_message(accepted >= 0 ? accepted : server, "ports");
	sctp_assoc_t id = sctp_test_first_association(client);
	struct sockaddr *peers = NULL;
	int n = sctp_getpaddrs(client, id, &peers);
	cr_assert_eq(n, 3, "the association has %d peer addresses, expected 3", n);
	for (int i = 0; i < n; i++) {
		struct sockaddr_in peer;
		memcpy(&peer, (char *)peers + i * sizeof peer, sizeof peer);
		cr_assert_eq(ntohs(peer.sin_port), port, "a peer address has port %u", ntohs(peer.sin_port));
	}
	sctp_freepaddrs(peers);
	if (accepted >= 0)
		close(accepted);
	close(client);
	close(server);
}

Test(sctp_sendv_kernel, the_ports_of_the_later_addresses_are_ignored__one_to_many)
{
	later_ports_ignored(SOCK_SEQPACKET);
}

Test(sctp_sendv_kernel, the_ports_of_the_later_addresses_are_ignored__one_to_one)
{
	later_ports_ignored(SOCK_STREAM);
}

Test(sctp_sendv_kernel, addrs_set_up_one_association_with_all_three_addresses__ipv6_and_ipv4_one_to_many)
{
	/* An IPv6 socket: the first address as msg_name, two SCTP_DSTADDRV4. */
	const char *ips[] = { "::1", "127.0.0.2", "127.0.0.3" };
	const char *expected[] = { "::1", "::ffff:127.0.0.2", "::ffff:127.0.0.3" };
	several_addresses(AF_INET6, SOCK_SEQPACKET, ips, ips, expected, 3);
}

Test(sctp_sendv_kernel, addrs_set_up_one_association_with_all_three_addresses__ipv4_then_ipv6_one_to_many)
{
	/* An IPv6 socket: an IPv4 address first, then SCTP_DSTADDRV6 and V4. */
	const char *server_ips[] = { "::1", "127.0.0.2", "127.0.0.3" };
	const char *ips[] = { "127.0.0.2", "::1", "127.0.0.3" };
	const char *expected[] = { "::1", "::ffff:127.0.0.2", "::ffff:127.0.0.3" };
	several_addresses(AF_INET6, SOCK_SEQPACKET, server_ips, ips, expected, 3);
}

/* The kernel checks each SCTP_DSTADDRV4/V6 address: a multicast one among
 * them fails the send, which shows the addresses after the first reach it. */
static void later_address_reaches_the_kernel(int family, const char *ip, const char *multicast)
{
	uint16_t port;
	int server = sctp_test_listener(family, SOCK_SEQPACKET, ip, &port);
	int client = sctp_test_socket(family, SOCK_SEQPACKET);
	struct address list[2] = { address_of(ip, port), address_of(multicast, port) };
	char packed[2 * sizeof(struct sockaddr_in6)];
	pack(packed, list, 2);
	struct iovec v = iov_of("x");
	assert_fails_with(sctp_sendv(client, &v, 1, (struct sockaddr *)packed, 2, NULL, 0, SCTP_SENDV_NOINFO, 0), EINVAL);
	cr_assert_eq(association_count(client), 0);
	close(client);
	close(server);
}

Test(sctp_sendv_kernel, the_addresses_after_the_first_go_to_the_kernel_as_SCTP_DSTADDRV4)
{
	later_address_reaches_the_kernel(AF_INET, "127.0.0.1", "224.0.0.1");
}

Test(sctp_sendv_kernel, the_addresses_after_the_first_go_to_the_kernel_as_SCTP_DSTADDRV6)
{
	later_address_reaches_the_kernel(AF_INET6, "::1", "ff02::1");
}

Test(sctp_sendv_kernel, forty_addresses_set_up_one_association)
{
	/* 39 SCTP_DSTADDRV6 messages: more than 1 KiB of control data. The
	 * server has only ::1, so the association keeps only that one. */
	uint16_t port;
	int server = sctp_test_listener(AF_INET6, SOCK_SEQPACKET, "::1", &port);
	sctp_test_enable(server, SCTP_RECVRCVINFO);
	int client = sctp_test_socket(AF_INET6, SOCK_SEQPACKET);
	struct address list[40];
	list[0] = address_of("::1", port);
	for (int i = 1; i < 40; i++) {
		char ip[64];
		snprintf(ip, sizeof ip, "::ffff:127.0.0.%d", i + 1);
		list[i] = address_of(ip, port);
	}
	char packed[40 * sizeof(struct sockaddr_in6)];
	pack(packed, list, 40);
	struct iovec v = iov_of("forty");
	assert_returns(sctp_sendv(client, &v, 1, (struct sockaddr *)packed, 40, NULL, 0, SCTP_SENDV_NOINFO, 0), 5);
	cr_assert_eq(association_count(client), 1);
	receive_message(server, "forty");
	close(client);
	close(server);
}

/* RFC 6458 9.12 says snd_assoc_id holds the new association's id on return;
 * lksctp never writes it, and a program may reuse the structure for another
 * peer: it is left as the caller set it. */
static void snd_assoc_id_left_alone(int family, const char *ip, bool spa)
{
	uint16_t port;
	int server = sctp_test_listener(family, SOCK_SEQPACKET, ip, &port);
	int client = sctp_test_socket(family, SOCK_SEQPACKET);
	struct address to = address_of(ip, port);
	struct sctp_sendv_spa s = { .sendv_flags = SCTP_SEND_SNDINFO_VALID };
	s.sendv_sndinfo.snd_ppid = 1;
	struct sctp_sndinfo info = s.sendv_sndinfo;
	struct iovec v = iov_of("setup");
	if (spa)
		assert_returns(sctp_sendv(client, &v, 1, (struct sockaddr *)&to.ss, 1, &s, sizeof s, SCTP_SENDV_SPA, 0), 5);
	else
		assert_returns(sctp_sendv(client, &v, 1, (struct sockaddr *)&to.ss, 1, &info, sizeof info,
					  SCTP_SENDV_SNDINFO, 0), 5);
	cr_assert_neq(sctp_test_first_association(client), 0);
	sctp_assoc_t written = spa ? s.sendv_sndinfo.snd_assoc_id : info.snd_assoc_id;
	cr_assert_eq(written, 0, "snd_assoc_id is %d after the send", written);
	close(client);
	close(server);
}

Test(sctp_sendv_kernel, after_an_implicit_setup_snd_assoc_id_is_left_as_it_was__sndinfo_ipv4)
{
	snd_assoc_id_left_alone(AF_INET, "127.0.0.1", false);
}

Test(sctp_sendv_kernel, after_an_implicit_setup_snd_assoc_id_is_left_as_it_was__spa_ipv6)
{
	snd_assoc_id_left_alone(AF_INET6, "::1", true);
}

/* --- kernel: flags ------------------------------------------------------------------- */

/* A peer that does not read, a small send buffer: sends fill it. */
static void dontwait_on_a_full_buffer(int family, int type, const char *ip)
{
	KNOWN_UPSTREAM_DIVERGENCE("sendv-flags-dropped");
	struct kpair k = kpair_open(family, type, ip);
	int size = 4096;
	cr_assert_eq(setsockopt(k.p.client, SOL_SOCKET, SO_SNDBUF, &size, sizeof size), 0);
	static char block[1024];
	struct iovec v = { block, sizeof block };
	struct sctp_sndinfo info = { .snd_assoc_id = kpair_send_id(&k) };
	int rc = 0, sent = 0;
	for (; sent < 100000; sent++) {
		errno = 0;
		rc = sctp_sendv(k.p.client, &v, 1, NULL, 0, &info, sizeof info, SCTP_SENDV_SNDINFO, MSG_DONTWAIT);
		if (rc < 0)
			break;
		cr_assert_eq(rc, (int)sizeof block);
	}
	int error = errno;
	cr_log_info("the send buffer was full after %d messages", sent);
	cr_assert_eq(rc, -1, "100000 messages did not fill the send buffer");
	cr_assert(error == EAGAIN || error == EWOULDBLOCK, "errno %s, expected EAGAIN", strerror(error));
	kpair_close(&k);
}

Test(sctp_sendv_kernel, flags_MSG_DONTWAIT_fails_with_EAGAIN_on_a_full_send_buffer__ipv4_one_to_one, .timeout = 20)
{
	dontwait_on_a_full_buffer(AF_INET, SOCK_STREAM, "127.0.0.1");
}

Test(sctp_sendv_kernel, flags_MSG_DONTWAIT_fails_with_EAGAIN_on_a_full_send_buffer__ipv6_one_to_many, .timeout = 20)
{
	dontwait_on_a_full_buffer(AF_INET6, SOCK_SEQPACKET, "::1");
}

static volatile sig_atomic_t sigpipes;

static void count_sigpipe(int signal)
{
	(void)signal;
	sigpipes++;
}

/* Aborts the pair's association from the server's side and waits (bounded)
 * until the client knows. */
static void abort_from_server(struct kpair *k)
{
	struct linger linger = { .l_onoff = 1, .l_linger = 0 };
	if (k->type == SOCK_STREAM) {
		cr_assert_eq(setsockopt(k->p.server, SOL_SOCKET, SO_LINGER, &linger, sizeof linger), 0);
		close(k->p.server);
		k->p.server = -1;
		struct pollfd p = { .fd = k->p.client, .events = POLLIN | POLLRDHUP };
		cr_assert_eq(poll(&p, 1, WAIT_MS), 1, "the client did not see the ABORT");
	} else {
		struct sctp_sndinfo info = { .snd_flags = SCTP_ABORT, .snd_assoc_id = k->p.server_assoc };
		struct msghdr m;
		char control[CMSG_SPACE(sizeof info)];
		memset(&m, 0, sizeof m);
		memset(control, 0, sizeof control);
		m.msg_control = control;
		m.msg_controllen = sizeof control;
		struct cmsghdr *c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = IPPROTO_SCTP;
		c->cmsg_type = SCTP_SNDINFO;
		c->cmsg_len = CMSG_LEN(sizeof info);
		memcpy(CMSG_DATA(c), &info, sizeof info);
		cr_assert_geq(sendmsg(k->p.server, &m, 0), 0, "SCTP_ABORT: %s", strerror(errno));
		wait_associations(k->p.client, 0);
	}
}

/* Sends on the aborted association until EPIPE (Linux gives a one-to-one
 * socket's ECONNRESET first), and returns the SIGPIPEs that came. */
static int send_until_epipe(struct kpair *k, int flags)
{
	struct sigaction action, old;
	memset(&action, 0, sizeof action);
	action.sa_handler = count_sigpipe;
	sigemptyset(&action.sa_mask);
	cr_assert_eq(sigaction(SIGPIPE, &action, &old), 0);
	sigpipes = 0;
	struct sctp_sndinfo info = { .snd_assoc_id = kpair_send_id(k) };
	struct iovec v = iov_of("too late");
	int error = 0;
	for (int attempt = 0; attempt < 3 && error != EPIPE; attempt++) {
		errno = 0;
		int rc = sctp_sendv(k->p.client, &v, 1, NULL, 0, &info, sizeof info, SCTP_SENDV_SNDINFO, flags);
		error = errno;
		cr_assert_eq(rc, -1, "a send on an aborted association returned %d", rc);
		cr_assert(error == EPIPE || error == ECONNRESET, "errno %s, expected EPIPE (or ECONNRESET first)",
			  strerror(error));
	}
	int count = sigpipes;
	sigaction(SIGPIPE, &old, NULL);
	cr_assert_eq(error, EPIPE, "no EPIPE after 3 sends on an aborted association");
	return count;
}

static void nosignal_after_abort(int family, int type, const char *ip)
{
	KNOWN_UPSTREAM_DIVERGENCE("sendv-flags-dropped");
	struct kpair k = kpair_open(family, type, ip);
	abort_from_server(&k);
	int count = send_until_epipe(&k, MSG_NOSIGNAL);
	cr_assert_eq(count, 0, "%d SIGPIPE despite MSG_NOSIGNAL", count);
	kpair_close(&k);
}
SCTP_TEST_BOTH_STYLES_OF(sctp_sendv_kernel, flags_MSG_NOSIGNAL_gives_EPIPE_without_SIGPIPE_after_the_peer_aborted, nosignal_after_abort)

static void sigpipe_after_abort(int family, int type, const char *ip)
{
	/* The control for the test above: without MSG_NOSIGNAL, SIGPIPE comes. */
	struct kpair k = kpair_open(family, type, ip);
	abort_from_server(&k);
	int count = send_until_epipe(&k, 0);
	cr_assert_eq(count, 1, "%d SIGPIPE for the send that gave EPIPE, expected 1", count);
	kpair_close(&k);
}
SCTP_TEST_BOTH_STYLES_OF(sctp_sendv_kernel, without_MSG_NOSIGNAL_EPIPE_comes_with_SIGPIPE_after_the_peer_aborted, sigpipe_after_abort)
