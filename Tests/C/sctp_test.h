/* Shared helpers of the C suite. Tests are laid out by man page (one file per
 * page) and named after the sentence of the page they check.
 *
 * Suites: `<page>` holds tests that need no SCTP in the kernel (argument
 * checks, errors on bad descriptors); `<page>_kernel` holds tests that need a
 * real SCTP kernel. The host stage of `make check` runs the former, the
 * kernel stage (natively or in the VM) runs the latter.
 *
 * SCTP_TEST_REFERENCE=1 in the environment means the suite runs against
 * Debian's libsctp1 (`make check-reference`): a test that checks a place where
 * lksctp is wrong by its man page calls KNOWN_UPSTREAM_DIVERGENCE first, which
 * skips it there with the reason, and does nothing against ours.
 */
#ifndef SCTP_TEST_H
#define SCTP_TEST_H

#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <netinet/sctp.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stddef.h>
#include <sys/time.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Functions of version node VERS_4 (sctp_peeloff_flags, sctp_sendx), which
 * Debian's library lacks, are looked up with dlsym(RTLD_DEFAULT, ...): any
 * reference to them, even a weak one, makes the binary require VERS_4, and
 * then it does not load against the reference at all. */

static inline bool sctp_test_is_reference(void)
{
	const char *value = getenv("SCTP_TEST_REFERENCE");
	return value != NULL && strcmp(value, "1") == 0;
}

#define KNOWN_UPSTREAM_DIVERGENCE(why)                                          \
	do {                                                                    \
		if (sctp_test_is_reference())                                   \
			cr_skip_test("known upstream divergence: %s", why);    \
	} while (0)

/* Asserts that `call` returned exactly -1 and set errno to `expected`. */
#define assert_fails_with(call, expected)                                       \
	do {                                                                    \
		errno = 0;                                                      \
		int result_ = (call);                                           \
		int errno_ = errno;                                             \
		cr_assert_eq(result_, -1, "%s returned %d, expected -1 (errno %d %s)", \
			     #call, result_, errno_, strerror(errno_));         \
		cr_assert_eq(errno_, (expected), "%s: errno %d (%s), expected %d (%s)", \
			     #call, errno_, strerror(errno_), (expected),       \
			     strerror(expected));                               \
	} while (0)

/* Asserts that `call` returned `expected`, reporting errno if not. */
#define assert_returns(call, expected)                                          \
	do {                                                                    \
		errno = 0;                                                      \
		int result_ = (call);                                           \
		int errno_ = errno;                                             \
		cr_assert_eq(result_, (expected), "%s returned %d, expected %d (errno %d %s)", \
			     #call, result_, (int)(expected), errno_, strerror(errno_)); \
	} while (0)

static inline struct sockaddr_in sctp_test_v4(const char *ip, uint16_t port)
{
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	cr_assert_eq(inet_pton(AF_INET, ip, &a.sin_addr), 1, "bad IPv4 literal %s", ip);
	return a;
}

static inline struct sockaddr_in6 sctp_test_v6(const char *ip, uint16_t port)
{
	struct sockaddr_in6 a;
	memset(&a, 0, sizeof a);
	a.sin6_family = AF_INET6;
	a.sin6_port = htons(port);
	cr_assert_eq(inet_pton(AF_INET6, ip, &a.sin6_addr), 1, "bad IPv6 literal %s", ip);
	return a;
}

/* An SCTP socket of `family` (AF_INET, AF_INET6) and `type` (SOCK_STREAM for
 * one-to-one, SOCK_SEQPACKET for one-to-many); fails the test if the kernel
 * has no SCTP. */
static inline int sctp_test_socket(int family, int type)
{
	int fd = socket(family, type, IPPROTO_SCTP);
	cr_assert_geq(fd, 0, "socket(%d, %d, IPPROTO_SCTP): %s", family, type, strerror(errno));
	return fd;
}

/* The port a bound socket got. */
static inline uint16_t sctp_test_local_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&ss, &len), 0, "getsockname: %s", strerror(errno));
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
}

/* A listening SCTP socket bound to `ip` (an IPv4 or IPv6 literal) on an
 * ephemeral port; the port is stored in *port. */
static inline int sctp_test_listener(int family, int type, const char *ip, uint16_t *port)
{
	int fd = sctp_test_socket(family, type);
	int rc;
	if (strchr(ip, ':') != NULL) {
		struct sockaddr_in6 a = sctp_test_v6(ip, 0);
		rc = bind(fd, (struct sockaddr *)&a, sizeof a);
	} else {
		struct sockaddr_in a = sctp_test_v4(ip, 0);
		rc = bind(fd, (struct sockaddr *)&a, sizeof a);
	}
	cr_assert_eq(rc, 0, "bind(%s): %s", ip, strerror(errno));
	cr_assert_eq(listen(fd, 16), 0, "listen: %s", strerror(errno));
	*port = sctp_test_local_port(fd);
	return fd;
}

/* A regular file's descriptor, for ENOTSOCK. */
static inline int sctp_test_file_descriptor(void)
{
	int fd = open("/dev/null", O_RDWR);
	cr_assert_geq(fd, 0);
	return fd;
}

/* A socket that is not SCTP (UDP), for checks that need no SCTP kernel. */
static inline int sctp_test_udp_socket(int family)
{
	int fd = socket(family, SOCK_DGRAM, 0);
	cr_assert_geq(fd, 0, "socket(UDP): %s", strerror(errno));
	return fd;
}

/* The id of the only (or first) association on `fd`, asked of the kernel
 * directly: SCTP_GET_ASSOC_ID_LIST on a one-to-many socket, SCTP_STATUS on a
 * one-to-one socket. */
static inline sctp_assoc_t sctp_test_first_association(int fd)
{
	int type = 0;
	socklen_t len = sizeof type;
	cr_assert_eq(getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len), 0);
	if (type == SOCK_SEQPACKET) {
		char buf[sizeof(struct sctp_assoc_ids) + 16 * sizeof(sctp_assoc_t)];
		struct sctp_assoc_ids *ids = (struct sctp_assoc_ids *)buf;
		len = sizeof buf;
		cr_assert_eq(getsockopt(fd, SOL_SCTP, SCTP_GET_ASSOC_ID_LIST, ids, &len), 0,
			     "SCTP_GET_ASSOC_ID_LIST: %s", strerror(errno));
		cr_assert_geq(ids->gaids_number_of_ids, 1, "no association on the socket");
		return ids->gaids_assoc_id[0];
	}
	struct sctp_status status;
	memset(&status, 0, sizeof status);
	len = sizeof status;
	cr_assert_eq(getsockopt(fd, SOL_SCTP, SCTP_STATUS, &status, &len), 0,
		     "SCTP_STATUS: %s", strerror(errno));
	return status.sstat_assoc_id;
}

/* An established association over loopback, set up with plain connect(2) so
 * that it does not depend on the library under test. `client` is connected
 * to `listener`, bound to `ip`; on a one-to-one pair `server` is the accepted
 * socket, on a one-to-many pair it is `listener` itself. */
struct sctp_test_pair {
	int client, server, listener;
	sctp_assoc_t client_assoc, server_assoc;
	uint16_t port;
};

static inline struct sctp_test_pair sctp_test_connect_pair(int family, int type, const char *ip)
{
	struct sctp_test_pair p;
	p.listener = sctp_test_listener(family, type, ip, &p.port);
	p.client = sctp_test_socket(family, type);
	int rc;
	if (strchr(ip, ':') != NULL) {
		struct sockaddr_in6 a = sctp_test_v6(ip, p.port);
		rc = connect(p.client, (struct sockaddr *)&a, sizeof a);
	} else {
		struct sockaddr_in a = sctp_test_v4(ip, p.port);
		rc = connect(p.client, (struct sockaddr *)&a, sizeof a);
	}
	cr_assert_eq(rc, 0, "connect(%s:%u): %s", ip, p.port, strerror(errno));
	if (type == SOCK_STREAM) {
		p.server = accept(p.listener, NULL, NULL);
		cr_assert_geq(p.server, 0, "accept: %s", strerror(errno));
	} else {
		p.server = p.listener;
	}
	p.client_assoc = sctp_test_first_association(p.client);
	p.server_assoc = sctp_test_first_association(p.server);
	return p;
}

static inline void sctp_test_close_pair(struct sctp_test_pair *p)
{
	if (p->server != p->listener)
		close(p->server);
	close(p->listener);
	close(p->client);
}

/* Turns on an int-valued SCTP socket option (SCTP_RECVRCVINFO, ...). */
static inline void sctp_test_enable(int fd, int option)
{
	int on = 1;
	cr_assert_eq(setsockopt(fd, SOL_SCTP, option, &on, sizeof on), 0,
		     "setsockopt(%d): %s", option, strerror(errno));
}

/* --- address lists ---------------------------------------------------------- */

/* Packs `count` literals (IPv4 ones as sockaddr_in, IPv6 ones as
 * sockaddr_in6), all with `port`, back to back into `buf`, the way
 * sctp_bindx, sctp_connectx and sctp_sendx take them; returns the bytes used.
 * `buf` needs room for `count` sockaddr_in6. */
static inline size_t pack_addresses(void *buf, const char *const *ips, size_t count, uint16_t port)
{
	char *p = buf;
	for (size_t i = 0; i < count; i++) {
		if (strchr(ips[i], ':') != NULL) {
			struct sockaddr_in6 a = sctp_test_v6(ips[i], port);
			memcpy(p, &a, sizeof a);
			p += sizeof a;
		} else {
			struct sockaddr_in a = sctp_test_v4(ips[i], port);
			memcpy(p, &a, sizeof a);
			p += sizeof a;
		}
	}
	return (size_t)(p - (char *)buf);
}

/* Fills `ips` with 127.0.0.1 ... 127.0.0.n (strings kept in `storage`), or
 * with their v4-mapped IPv6 forms: lists longer than any fixed table. */
static inline void loopback_range(char (*storage)[32], const char **ips, int n, bool mapped)
{
	for (int i = 0; i < n; i++) {
		snprintf(storage[i], 32, "%s127.0.0.%d", mapped ? "::ffff:" : "", (i + 1) & 0xff);
		ips[i] = storage[i];
	}
}

/* One address of a list, comparable with memcmp (no padding left unset), so
 * that two lists can be compared as sets by sorting. */
struct addr_key {
	uint8_t bytes[16];
	uint16_t family;
	uint16_t port;
};

static inline struct addr_key key_of_literal(const char *ip, uint16_t port)
{
	struct addr_key k;
	memset(&k, 0, sizeof k);
	k.port = port;
	if (strchr(ip, ':') != NULL) {
		k.family = AF_INET6;
		cr_assert_eq(inet_pton(AF_INET6, ip, k.bytes), 1, "bad IPv6 literal %s", ip);
	} else {
		k.family = AF_INET;
		cr_assert_eq(inet_pton(AF_INET, ip, k.bytes), 1, "bad IPv4 literal %s", ip);
	}
	return k;
}

static inline int key_compare(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct addr_key));
}

static inline void key_format(const struct addr_key *k, char *out, size_t size)
{
	char ip[INET6_ADDRSTRLEN] = "?";
	inet_ntop(k->family == AF_INET6 ? AF_INET6 : AF_INET, k->bytes, ip, sizeof ip);
	snprintf(out, size, "%s%s%s:%u", k->family == AF_INET6 ? "[" : "", ip,
		 k->family == AF_INET6 ? "]" : "", k->port);
}

/* Reads a packed list of `n` sockaddr_in / sockaddr_in6 into keys (the
 * caller frees them); fails the test on any other family. */
static inline struct addr_key *keys_of_list(const struct sockaddr *list, int n)
{
	struct addr_key *keys = calloc(n > 0 ? (size_t)n : 1, sizeof *keys);
	cr_assert_not_null(keys);
	const char *p = (const char *)list;
	for (int i = 0; i < n; i++) {
		sa_family_t family;
		memcpy(&family, p + offsetof(struct sockaddr, sa_family), sizeof family);
		if (family == AF_INET) {
			struct sockaddr_in in;
			memcpy(&in, p, sizeof in);
			keys[i].family = AF_INET;
			keys[i].port = ntohs(in.sin_port);
			memcpy(keys[i].bytes, &in.sin_addr, sizeof in.sin_addr);
			p += sizeof in;
		} else if (family == AF_INET6) {
			struct sockaddr_in6 in6;
			memcpy(&in6, p, sizeof in6);
			keys[i].family = AF_INET6;
			keys[i].port = ntohs(in6.sin6_port);
			memcpy(keys[i].bytes, &in6.sin6_addr, sizeof in6.sin6_addr);
			p += sizeof in6;
		} else {
			cr_assert_fail("entry %d of the list has family %u, not AF_INET or AF_INET6", i, family);
		}
	}
	return keys;
}

/* Asserts that the packed list of `n` addresses holds exactly the addresses
 * `ips` (literals; "::ffff:a.b.c.d" for a v4-mapped IPv6 address), all with
 * `port`, in any order. */
static inline void assert_address_list(const struct sockaddr *list, int n, const char *const *ips,
				       int expected, uint16_t port)
{
	cr_assert_eq(n, expected, "the list has %d addresses, expected %d", n, expected);
	cr_assert_not_null(list, "a list of %d addresses is NULL", n);
	struct addr_key *got = keys_of_list(list, n);
	struct addr_key *want = calloc((size_t)expected, sizeof *want);
	cr_assert_not_null(want);
	for (int i = 0; i < expected; i++)
		want[i] = key_of_literal(ips[i], port);
	qsort(got, (size_t)n, sizeof *got, key_compare);
	qsort(want, (size_t)expected, sizeof *want, key_compare);
	for (int i = 0; i < n; i++) {
		char g[80], w[80];
		key_format(&got[i], g, sizeof g);
		key_format(&want[i], w, sizeof w);
		cr_assert_eq(key_compare(&got[i], &want[i]), 0,
			     "address %d (sorted) is %s, expected %s", i, g, w);
	}
	free(got);
	free(want);
}

static inline int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorts `count` strings and joins them with spaces into `out`: a set of
 * addresses in a form that one cr_assert_str_eq compares and prints. */
static inline void join_sorted(char **strings, size_t count, char *out, size_t outlen)
{
	qsort(strings, count, sizeof *strings, compare_strings);
	out[0] = '\0';
	for (size_t i = 0; i < count; i++) {
		if (i > 0)
			strncat(out, " ", outlen - strlen(out) - 1);
		strncat(out, strings[i], outlen - strlen(out) - 1);
	}
}

/* --- sockets and associations over the loopback ----------------------------- */

/* Bounded blocking: connect() waits at most SO_SNDTIMEO for the association,
 * a receive at most SO_RCVTIMEO, so a lost packet fails a test instead of
 * hanging it. */
static inline void set_timeouts(int fd)
{
	struct timeval tv = { .tv_sec = 10, .tv_usec = 0 };
	cr_assert_eq(setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv), 0);
	cr_assert_eq(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), 0);
}

static inline void set_mapped_v4(int fd, int on)
{
	cr_assert_eq(setsockopt(fd, SOL_SCTP, SCTP_I_WANT_MAPPED_V4_ADDR, &on, sizeof on), 0,
		     "SCTP_I_WANT_MAPPED_V4_ADDR: %s", strerror(errno));
}

/* Binds `fd` to the literals `ips` with one sctp_bindx call, on `port` (0:
 * ephemeral). */
static inline void bind_addresses(int fd, const char *const *ips, int n, uint16_t port)
{
	char *packed = calloc((size_t)n, sizeof(struct sockaddr_in6));
	cr_assert_not_null(packed);
	pack_addresses(packed, ips, (size_t)n, port);
	int rc = sctp_bindx(fd, (struct sockaddr *)packed, n, SCTP_BINDX_ADD_ADDR);
	cr_assert_eq(rc, 0, "sctp_bindx of %d addresses (%s...): %s", n, ips[0], strerror(errno));
	free(packed);
}

/* A listening socket bound (by sctp_bindx) to all of `ips` on an ephemeral
 * port, stored in *port: a multi-homed server. */
static inline int listener_on(int family, int type, const char *const *ips, int n, uint16_t *port)
{
	int fd = sctp_test_socket(family, type);
	bind_addresses(fd, ips, n, 0);
	cr_assert_eq(listen(fd, 16), 0, "listen: %s", strerror(errno));
	*port = sctp_test_local_port(fd);
	return fd;
}

/* connect(2) to ip:port, which on an SCTP socket waits (at most
 * SO_SNDTIMEO, see set_timeouts) until the association is up. */
static inline void connect_to(int fd, const char *ip, uint16_t port)
{
	set_timeouts(fd);
	int rc;
	if (strchr(ip, ':') != NULL) {
		struct sockaddr_in6 a = sctp_test_v6(ip, port);
		rc = connect(fd, (struct sockaddr *)&a, sizeof a);
	} else {
		struct sockaddr_in a = sctp_test_v4(ip, port);
		rc = connect(fd, (struct sockaddr *)&a, sizeof a);
	}
	cr_assert_eq(rc, 0, "connect(%s:%u): %s", ip, port, strerror(errno));
}

/* accept(2) that waits at most 10 s for the association. */
static inline int accept_bounded(int listener)
{
	struct pollfd p = { .fd = listener, .events = POLLIN };
	cr_assert_eq(poll(&p, 1, 10000), 1, "no association to accept within 10 s");
	int fd = accept(listener, NULL, NULL);
	cr_assert_geq(fd, 0, "accept: %s", strerror(errno));
	return fd;
}

/* The association ids of a one-to-many socket: their number is returned, the
 * first `max` of them stored in `ids`. */
static inline int association_ids(int fd, sctp_assoc_t *ids, int max)
{
	char buffer[sizeof(struct sctp_assoc_ids) + 16 * sizeof(sctp_assoc_t)];
	socklen_t len = sizeof buffer;
	cr_assert_eq(getsockopt(fd, SOL_SCTP, SCTP_GET_ASSOC_ID_LIST, buffer, &len), 0,
		     "SCTP_GET_ASSOC_ID_LIST: %s", strerror(errno));
	struct sctp_assoc_ids *list = (struct sctp_assoc_ids *)buffer;
	int n = (int)list->gaids_number_of_ids;
	for (int i = 0; i < n && i < max; i++)
		ids[i] = list->gaids_assoc_id[i];
	return n;
}

/* The one association id of one-to-many `fd` that is not among the
 * `n_known` ids in `known`; asserts that there is exactly one more. */
static inline sctp_assoc_t new_association(int fd, const sctp_assoc_t *known, int n_known)
{
	sctp_assoc_t ids[16];
	int n = association_ids(fd, ids, 16);
	cr_assert_eq(n, n_known + 1, "%d associations, expected %d", n, n_known + 1);
	for (int i = 0; i < n; i++) {
		bool seen = false;
		for (int j = 0; j < n_known; j++)
			seen = seen || ids[i] == known[j];
		if (!seen)
			return ids[i];
	}
	cr_assert_fail("no new association id");
	return 0;
}

/* Connects one-to-many socket `fd` to ip:port and returns the id of the new
 * association. */
static inline sctp_assoc_t connect_association(int fd, const char *ip, uint16_t port)
{
	sctp_assoc_t before[16];
	int n_before = association_ids(fd, before, 16);
	connect_to(fd, ip, port);
	return new_association(fd, before, n_before);
}

/* Branches association `id` of one-to-many `fd` off with the socket option
 * itself (SCTP_SOCKOPT_PEELOFF), not sctp_peeloff(3), so that a test of
 * another function does not depend on it. */
static inline int peel_off_by_socket_option(int fd, sctp_assoc_t id)
{
	sctp_peeloff_arg_t peel = { .associd = id, .sd = -1 };
	socklen_t len = sizeof peel;
	cr_assert_geq(getsockopt(fd, SOL_SCTP, SCTP_SOCKOPT_PEELOFF, &peel, &len), 0,
		      "SCTP_SOCKOPT_PEELOFF: %s", strerror(errno));
	cr_assert_geq(peel.sd, 0);
	return peel.sd;
}

/* Waits (at most 10 s) until the association of one-to-one socket `fd` is
 * gone after its peer closed: SCTP_STATUS fails then. */
static inline void wait_until_association_ended(int fd)
{
	for (int i = 0; i < 1000; i++) {
		struct sctp_status status;
		memset(&status, 0, sizeof status);
		socklen_t len = sizeof status;
		if (getsockopt(fd, SOL_SCTP, SCTP_STATUS, &status, &len) != 0)
			return;
		poll(NULL, 0, 10);
	}
	cr_assert_fail("the association did not end within 10 s of the peer closing");
}

#endif
