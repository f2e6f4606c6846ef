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

#endif
