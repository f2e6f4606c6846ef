/* Shared helpers of the C suite. Tests are laid out by man page (one file per
 * page) and named after the sentence of the page they check.
 *
 * Suites: `<page>` holds tests that need no SCTP in the kernel (argument
 * checks, errors on bad descriptors); `<page>_kernel` holds tests that need a
 * real SCTP kernel. The host stage of `make check` runs the former, the
 * kernel stage (natively or in the VM) runs the latter.
 *
 * SCTP_TEST_REFERENCE=1 in the environment means the suite runs against
 * lksctp (`make check-reference`), SCTP_TEST_REFERENCE_VERSION which one
 * (1.0.19 or 1.0.21): a test that shows lksctp doing harm calls
 * KNOWN_UPSTREAM_DIVERGENCE with its row of DIVERGENCES.md first, which skips
 * it there, and does nothing against ours (see below).
 *
 * The helpers below serve every page's file, so that a socket, an address
 * list or a message is set up and checked one way throughout: the basics,
 * then address lists, sockets and associations over the loopback, and
 * messages (plain sendmsg/recvmsg with SCTP_SNDRCV, so that a test of one
 * call does not depend on another). The allocation counter is in
 * sctp_test_alloc.h (alloc_count.c), the checks sctp_getpaddrs and
 * sctp_getladdrs share in sctp_test_address_lists.h.
 */
#ifndef SCTP_TEST_H
#define SCTP_TEST_H

#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <dlfcn.h>
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
#include <sys/utsname.h>
#include <unistd.h>

/* Functions of version node VERS_4 (sctp_peeloff_flags, sctp_sendx), which
 * Debian's library lacks, are looked up with dlsym(RTLD_DEFAULT, ...): any
 * reference to them, even a weak one, makes the binary require VERS_4, and
 * then it does not load against the reference at all. They are looked up by
 * the names the header calls them (its asm labels), the names a program
 * built with it reaches: the plain names are only non-default versions,
 * which dlsym does not find. */
#define SCTP_TEST_SENDX_SYMBOL "__libsctp_sendx"
#define SCTP_TEST_PEELOFF_FLAGS_SYMBOL "__libsctp_peeloff_flags"

static inline bool sctp_test_is_reference(void)
{
	const char *value = getenv("SCTP_TEST_REFERENCE");
	return value != NULL && strcmp(value, "1") == 0;
}

/* The version of lksctp the suite runs against (SCTP_TEST_REFERENCE_VERSION,
 * "1.0.19" or "1.0.21"; unset: 1.0.19, Debian bookworm's installed copy). */
static inline bool sctp_test_reference_is_1_0_19(void)
{
	const char *version = getenv("SCTP_TEST_REFERENCE_VERSION");
	return version == NULL || strcmp(version, "1.0.19") == 0;
}

/* A test of a place where this library keeps a divergence from lksctp:
 * `id` is the row's id in DIVERGENCES.md, which names the harm lksctp does
 * there. Against lksctp the test is skipped. */
#define KNOWN_UPSTREAM_DIVERGENCE(id) SCTP_TEST_DIVERGENCE(true, "known upstream divergence: %s", id)

/* The same for a row that says "1.0.19 only": lksctp 1.0.21 no longer does
 * the harm, and the test runs against it unchanged. */
#define KNOWN_UPSTREAM_DIVERGENCE_IN_1_0_19(id)                                 \
	SCTP_TEST_DIVERGENCE(sctp_test_reference_is_1_0_19(), "known upstream divergence in 1.0.19: %s", id)

/* Built with -DSCTP_TEST_RUN_DIVERGENCES (make check-divergences), those tests
 * run against lksctp (every version, 1.0.19-only rows included), to show the
 * harm there: they log the test and its row, which Tests/reference/run.sh reads back
 * (a log line is the only place that names both). */
#ifdef SCTP_TEST_RUN_DIVERGENCES
#define SCTP_TEST_DIVERGENCE(applies, format, id)                               \
	do {                                                                    \
		if (sctp_test_is_reference())                                   \
			cr_log_warn("%s::%s: " format " (run against lksctp)",  \
				    criterion_current_test->category, criterion_current_test->name, id); \
	} while (0)
#else
#define SCTP_TEST_DIVERGENCE(applies, format, id)                               \
	do {                                                                    \
		if (sctp_test_is_reference() && (applies))                      \
			cr_skip_test(format, id);                               \
	} while (0)
#endif

/* A test of something lksctp does not have at all (sctp_sendx, an exported
 * sctp_peeloff_flags) or of this library's own cost (allocations): not a
 * divergence of behaviour, and not run against lksctp. */
#define NOT_IN_LKSCTP(why)                                                      \
	do {                                                                    \
		if (sctp_test_is_reference())                                   \
			cr_skip_test("not in lksctp: %s", why);                \
	} while (0)

/* sctp_connectx of ABI version `version` (VERS_1, VERS_2, VERS_3) in the
 * loaded libsctp.so.1. */
static inline void *connectx_version(const char *version)
{
	void *library = dlopen("libsctp.so.1", RTLD_NOW | RTLD_NOLOAD);
	cr_assert_not_null(library, "libsctp.so.1 is not loaded: %s", dlerror());
	void *symbol = dlvsym(library, "sctp_connectx", version);
	cr_assert_not_null(symbol, "no sctp_connectx@%s: %s", version, dlerror());
	dlclose(library);
	return symbol;
}

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

/* An address of either family, with its length. */
struct address {
	struct sockaddr_storage ss;
	socklen_t len;
};

/* `ip`:`port` as a socket address of the literal's family (one with a ':' is
 * IPv6): the one constructor of the suite's addresses. */
static inline struct address address_of(const char *ip, uint16_t port)
{
	struct address a;
	memset(&a, 0, sizeof a);
	if (strchr(ip, ':') != NULL) {
		struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&a.ss;
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons(port);
		cr_assert_eq(inet_pton(AF_INET6, ip, &v6->sin6_addr), 1, "bad IPv6 literal %s", ip);
		a.len = sizeof *v6;
	} else {
		struct sockaddr_in *v4 = (struct sockaddr_in *)&a.ss;
		v4->sin_family = AF_INET;
		v4->sin_port = htons(port);
		cr_assert_eq(inet_pton(AF_INET, ip, &v4->sin_addr), 1, "bad IPv4 literal %s", ip);
		a.len = sizeof *v4;
	}
	return a;
}

/* address_of into the family's own structure at `out` (`size` bytes). */
static inline void address_as(const char *ip, uint16_t port, int family, void *out, size_t size)
{
	struct address a = address_of(ip, port);
	cr_assert_eq(a.ss.ss_family, family, "not an IPv%d literal: %s", family == AF_INET ? 4 : 6, ip);
	memcpy(out, &a.ss, size);
}

static inline struct sockaddr_in sctp_test_v4(const char *ip, uint16_t port)
{
	struct sockaddr_in v4;
	address_as(ip, port, AF_INET, &v4, sizeof v4);
	return v4;
}

static inline struct sockaddr_in6 sctp_test_v6(const char *ip, uint16_t port)
{
	struct sockaddr_in6 v6;
	address_as(ip, port, AF_INET6, &v6, sizeof v6);
	return v6;
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

/* Gives up root (to nobody), if the test runs as root, for the checks of
 * EACCES; each Criterion test has its own process, so this does not reach
 * other tests. */
static inline void drop_privileges(void)
{
	if (geteuid() != 0)
		return;
	cr_assert_eq(setresgid(65534, 65534, 65534), 0, "setresgid: %s", strerror(errno));
	cr_assert_eq(setresuid(65534, 65534, 65534), 0, "setresuid: %s", strerror(errno));
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

/* The pair before its association: the listener and a client of its kind,
 * not connected yet (`server` is the listener until then), for a test that
 * sets the listener up first. */
static inline struct sctp_test_pair sctp_test_open_pair(int family, int type, const char *ip)
{
	struct sctp_test_pair p = { .client_assoc = 0, .server_assoc = 0 };
	p.listener = sctp_test_listener(family, type, ip, &p.port);
	p.server = p.listener;
	p.client = sctp_test_socket(family, type);
	return p;
}

/* Connects the client of an open pair of `type` to `ip`, and on a
 * one-to-one pair accepts the association. */
static inline void sctp_test_connect_open_pair(struct sctp_test_pair *p, int type, const char *ip)
{
	int rc;
	if (strchr(ip, ':') != NULL) {
		struct sockaddr_in6 a = sctp_test_v6(ip, p->port);
		rc = connect(p->client, (struct sockaddr *)&a, sizeof a);
	} else {
		struct sockaddr_in a = sctp_test_v4(ip, p->port);
		rc = connect(p->client, (struct sockaddr *)&a, sizeof a);
	}
	cr_assert_eq(rc, 0, "connect(%s:%u): %s", ip, p->port, strerror(errno));
	if (type == SOCK_STREAM) {
		p->server = accept(p->listener, NULL, NULL);
		cr_assert_geq(p->server, 0, "accept: %s", strerror(errno));
	}
	p->client_assoc = sctp_test_first_association(p->client);
	p->server_assoc = sctp_test_first_association(p->server);
}

static inline struct sctp_test_pair sctp_test_connect_pair(int family, int type, const char *ip)
{
	struct sctp_test_pair p = sctp_test_open_pair(family, type, ip);
	sctp_test_connect_open_pair(&p, type, ip);
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

/* The DATA chunks association `assoc` of `fd` has received, ordered and
 * unordered (SCTP_GET_ASSOC_STATS). Linux copies its own struct
 * sctp_assoc_stats to a 32-bit program too (there is no compat layout): on a
 * 64-bit kernel the counters lie where a 64-bit program has them, 8 + 128
 * bytes in, which for an i386 program is 4 bytes past its header's. */
static inline void sctp_test_chunks_received(int fd, sctp_assoc_t assoc, uint64_t *ordered, uint64_t *unordered)
{
	union {
		struct sctp_assoc_stats stats;
		unsigned char bytes[sizeof(struct sctp_assoc_stats) + 8];
	} u;
	memset(&u, 0, sizeof u);
	u.stats.sas_assoc_id = assoc;
	socklen_t len = sizeof u;
	cr_assert_eq(getsockopt(fd, SOL_SCTP, SCTP_GET_ASSOC_STATS, &u, &len), 0, "SCTP_GET_ASSOC_STATS: %s",
		     strerror(errno));
	size_t shift = 0;
	struct utsname kernel;
	if (sizeof(long) == 4 && uname(&kernel) == 0 && strstr(kernel.machine, "64"))
		shift = 8 + sizeof(struct sockaddr_storage) - offsetof(struct sctp_assoc_stats, sas_maxrto);
	memcpy(ordered, u.bytes + offsetof(struct sctp_assoc_stats, sas_iodchunks) + shift, sizeof *ordered);
	memcpy(unordered, u.bytes + offsetof(struct sctp_assoc_stats, sas_iuodchunks) + shift, sizeof *unordered);
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
		struct address a = address_of(ips[i], port);
		memcpy(p, &a.ss, a.len);
		p += a.len;
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
	struct address a = address_of(ip, port);
	struct addr_key k;
	memset(&k, 0, sizeof k);
	k.port = port;
	k.family = a.ss.ss_family;
	if (k.family == AF_INET6)
		memcpy(k.bytes, &((struct sockaddr_in6 *)&a.ss)->sin6_addr, 16);
	else
		memcpy(k.bytes, &((struct sockaddr_in *)&a.ss)->sin_addr, 4);
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
		cr_assert(family == AF_INET || family == AF_INET6,
			  "entry %d of the list has family %u, not AF_INET or AF_INET6", i, family);
		bool v6 = family == AF_INET6;
		_Static_assert(offsetof(struct sockaddr_in, sin_port) == offsetof(struct sockaddr_in6, sin6_port),
			       "both families keep the port at one offset");
		uint16_t port;
		memcpy(&port, p + offsetof(struct sockaddr_in, sin_port), sizeof port);
		keys[i].family = family;
		keys[i].port = ntohs(port);
		size_t address_at = v6 ? offsetof(struct sockaddr_in6, sin6_addr) : offsetof(struct sockaddr_in, sin_addr);
		memcpy(keys[i].bytes, p + address_at, v6 ? sizeof(struct in6_addr) : sizeof(struct in_addr));
		p += v6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
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

/* The literals `ips` as a set, in the form sorted_address_set gives. */
static inline void sorted_literal_set(const char *const *ips, size_t count, char *out, size_t outlen)
{
	char *copies[16];
	cr_assert_leq(count, 16);
	for (size_t i = 0; i < count; i++)
		copies[i] = (char *)ips[i];
	join_sorted(copies, count, out, outlen);
}

/* The addresses an SCTP_GET_LOCAL_ADDRS or SCTP_GET_PEER_ADDRS request gives
 * for association `id` (0: the endpoint), asked of the kernel directly so
 * that the check does not depend on sctp_getladdrs/sctp_getpaddrs; sorted
 * and joined with spaces, an IPv4-mapped IPv6 address shown as the IPv4 one
 * (an AF_INET6 socket reports its IPv4 addresses that way). Asserts that
 * every one has port `port`. */
static inline void sorted_address_set(int fd, int option, sctp_assoc_t id, uint16_t port, char *out,
				      size_t outlen)
{
	const char *name = option == SCTP_GET_LOCAL_ADDRS ? "SCTP_GET_LOCAL_ADDRS" : "SCTP_GET_PEER_ADDRS";
	union {
		struct sctp_getaddrs header;
		char bytes[4096];
	} buf;
	memset(&buf, 0, sizeof buf);
	buf.header.assoc_id = id;
	socklen_t len = sizeof buf;
	cr_assert_eq(getsockopt(fd, SOL_SCTP, option, &buf, &len), 0, "getsockopt(%s): %s", name,
		     strerror(errno));

	static char text[16][INET6_ADDRSTRLEN];
	char *strings[16];
	size_t count = buf.header.addr_num;
	cr_assert_leq(count, 16, "%zu addresses", count);
	struct addr_key *keys = keys_of_list((const struct sockaddr *)buf.header.addrs, (int)count);
	for (size_t i = 0; i < count; i++) {
		cr_assert_eq(keys[i].port, port, "address on port %u, expected %u", keys[i].port, port);
		struct in6_addr in6;
		memcpy(&in6, keys[i].bytes, sizeof in6);
		if (keys[i].family == AF_INET6 && !IN6_IS_ADDR_V4MAPPED(&in6))
			inet_ntop(AF_INET6, keys[i].bytes, text[i], sizeof text[i]);
		else
			inet_ntop(AF_INET, keys[i].family == AF_INET ? keys[i].bytes : keys[i].bytes + 12, text[i],
				  sizeof text[i]);
		strings[i] = text[i];
	}
	free(keys);
	join_sorted(strings, count, out, outlen);
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

/* An SCTP socket bound with bind(2) to `ip` on an ephemeral port, stored in
 * *port; it does not listen. */
static inline int bound_socket(int family, int type, const char *ip, uint16_t *port)
{
	int fd = sctp_test_socket(family, type);
	char buf[sizeof(struct sockaddr_in6)];
	size_t len = pack_addresses(buf, &ip, 1, 0);
	cr_assert_eq(bind(fd, (struct sockaddr *)buf, (socklen_t)len), 0, "bind(%s): %s", ip, strerror(errno));
	*port = sctp_test_local_port(fd);
	return fd;
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

/* The id of the only association of one-to-many `fd`; asserts there is one. */
static inline sctp_assoc_t only_association_id(int fd)
{
	sctp_assoc_t id = 0;
	cr_assert_eq(association_ids(fd, &id, 1), 1);
	return id;
}

/* A one-to-one IPv4 client connected to a new listener of `type` on
 * 127.0.0.1, which goes to *server (its port to *port if not NULL). */
static inline int connected_ipv4_client(int type, int *server, uint16_t *port)
{
	uint16_t p;
	*server = sctp_test_listener(AF_INET, type, "127.0.0.1", &p);
	int client = sctp_test_socket(AF_INET, SOCK_STREAM);
	connect_to(client, "127.0.0.1", p);
	if (port != NULL)
		*port = p;
	return client;
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

/* --- messages ----------------------------------------------------------------- */

/* The "every socket kind" family. One Test, `test`, that runs
 * `body(family, type, ip)`: the tests of the send and receive calls hold
 * their body in a function of the socket kind and run it on each kind as a
 * Test of its own, named name__<kind>. */
#define SCTP_TEST_KIND(suite, test, body, family, type, ip)                                        \
	Test(suite, test, .timeout = 60)                                                           \
	{                                                                                          \
		body(family, type, ip);                                                            \
	}

/* name__<kind> on IPv4 and IPv6, one-to-one and one-to-many, running `body`. */
#define SCTP_TEST_EVERY_KIND_OF(suite, name, body)                                                 \
	SCTP_TEST_KIND(suite, name##__ipv4_one_to_one, body, AF_INET, SOCK_STREAM, "127.0.0.1")     \
	SCTP_TEST_KIND(suite, name##__ipv4_one_to_many, body, AF_INET, SOCK_SEQPACKET, "127.0.0.1") \
	SCTP_TEST_KIND(suite, name##__ipv6_one_to_one, body, AF_INET6, SOCK_STREAM, "::1")          \
	SCTP_TEST_KIND(suite, name##__ipv6_one_to_many, body, AF_INET6, SOCK_SEQPACKET, "::1")

/* The same, running the function named `name`. */
#define SCTP_TEST_EVERY_KIND(suite, name) SCTP_TEST_EVERY_KIND_OF(suite, name, name)

/* Two kinds that between them cover both styles and both families:
 * name__ipv4_one_to_one and name__ipv6_one_to_many. */
#define SCTP_TEST_BOTH_STYLES_OF(suite, name, body)                                                \
	SCTP_TEST_KIND(suite, name##__ipv4_one_to_one, body, AF_INET, SOCK_STREAM, "127.0.0.1")     \
	SCTP_TEST_KIND(suite, name##__ipv6_one_to_many, body, AF_INET6, SOCK_SEQPACKET, "::1")

/* For what only a one-to-many socket does: name__ipv4, name__ipv6. */
#define SCTP_TEST_ONE_TO_MANY(suite, name)                                                         \
	SCTP_TEST_KIND(suite, name##__ipv4, name, AF_INET, SOCK_SEQPACKET, "127.0.0.1")             \
	SCTP_TEST_KIND(suite, name##__ipv6, name, AF_INET6, SOCK_SEQPACKET, "::1")

/* address_of into *ss; returns its length. */
static inline socklen_t fill_address(const char *ip, uint16_t port, struct sockaddr_storage *ss)
{
	struct address a = address_of(ip, port);
	*ss = a.ss;
	return a.len;
}

static inline struct iovec iov_of(const char *text)
{
	struct iovec v = { (void *)text, strlen(text) };
	return v;
}

/* Waits (at most 10 s) until `fd` is readable; fails the test otherwise. */
static inline void wait_readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int rc = poll(&p, 1, 10000);
	cr_assert_eq(rc, 1, "nothing to read within %d ms (poll: %d, %s)", 10000, rc, strerror(errno));
}

/* A msghdr over the one buffer `v`, with `controllen` bytes at `control` for
 * the ancillary data; every other field zero. */
static inline struct msghdr sctp_test_msghdr(struct iovec *v, void *control, size_t controllen)
{
	struct msghdr m = { .msg_iov = v, .msg_iovlen = 1, .msg_control = control, .msg_controllen = controllen };
	return m;
}

/* The ancillary messages the kernel sends with the next message on `fd`,
 * in its order, peeked with a buffer large enough for all of them: level
 * and type of each, at most `max`; returns how many. */
static inline int peek_control_messages(int fd, int *levels, int *types, int max)
{
	union {
		struct cmsghdr align;
		char bytes[1024];
	} control;
	char byte;
	struct iovec v = { &byte, 1 };
	struct msghdr m = sctp_test_msghdr(&v, control.bytes, sizeof control.bytes);
	wait_readable(fd);
	cr_assert_geq(recvmsg(fd, &m, MSG_PEEK | MSG_DONTWAIT), 0, "recvmsg: %s", strerror(errno));
	cr_assert_not(m.msg_flags & MSG_CTRUNC, "a %zu-byte control buffer was cut", sizeof control.bytes);
	int count = 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c != NULL && count < max; c = CMSG_NXTHDR(&m, c)) {
		levels[count] = c->cmsg_level;
		types[count++] = c->cmsg_type;
	}
	return count;
}

/* Asserts that nothing waits to be received on `fd`. */
static inline void assert_nothing_queued(int fd)
{
	char byte;
	errno = 0;
	ssize_t n = recv(fd, &byte, 1, MSG_DONTWAIT);
	cr_assert(n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK),
		  "something was received (%zd bytes, errno %s)", n, strerror(errno));
}

/* A UDP receiver on the loopback of `family` and a sender connected to it:
 * Linux ignores the ancillary data of level IPPROTO_SCTP on UDP, so the
 * library's whole user-space path runs without an SCTP kernel. */
struct udp_pair {
	int sender, receiver;
	struct address to; /* the receiver's address */
	uint16_t port;     /* the receiver's port */
};

static inline struct udp_pair udp_pair_open(int family)
{
	struct udp_pair u;
	const char *ip = family == AF_INET ? "127.0.0.1" : "::1";
	u.receiver = sctp_test_udp_socket(family);
	u.to = address_of(ip, 0);
	cr_assert_eq(bind(u.receiver, (struct sockaddr *)&u.to.ss, u.to.len), 0, "bind: %s", strerror(errno));
	u.port = sctp_test_local_port(u.receiver);
	u.to = address_of(ip, u.port);
	u.sender = sctp_test_udp_socket(family);
	cr_assert_eq(connect(u.sender, (struct sockaddr *)&u.to.ss, u.to.len), 0, "connect: %s", strerror(errno));
	return u;
}

/* Reads what came, so that the receiver's buffer never fills. */
static inline void udp_drain(struct udp_pair *u)
{
	char buf[64];
	while (recv(u->receiver, buf, sizeof buf, MSG_DONTWAIT) >= 0)
		;
}

static inline void udp_pair_close(struct udp_pair *u)
{
	close(u->sender);
	close(u->receiver);
}

/* Subscribes `fd` to the old-style events (struct sctp_event_subscribe);
 * every other event stays off. */
static inline void subscribe_events(int fd, bool data_io, bool association, bool shutdown, bool send_failure)
{
	struct sctp_event_subscribe events = {
		.sctp_data_io_event = data_io,
		.sctp_association_event = association,
		.sctp_shutdown_event = shutdown,
		.sctp_send_failure_event = send_failure,
	};
	cr_assert_eq(setsockopt(fd, SOL_SCTP, SCTP_EVENTS, &events, sizeof events), 0,
		     "SCTP_EVENTS: %s", strerror(errno));
}

/* Sends `len` bytes with plain sendmsg(2) and an SCTP_SNDRCV message of
 * `stream`, `ppid`, `flags` on association `assoc`: a sender that does not
 * depend on sctp_sendmsg(3) or sctp_send(3). */
static inline void send_with_sndrcv(int fd, const void *msg, size_t len, sctp_assoc_t assoc, uint16_t stream,
				    uint32_t ppid, uint16_t flags)
{
	union {
		struct cmsghdr align;
		char bytes[CMSG_SPACE(sizeof(struct sctp_sndrcvinfo))];
	} control;
	memset(&control, 0, sizeof control);
	struct iovec iov = { .iov_base = (void *)msg, .iov_len = len };
	struct msghdr m = sctp_test_msghdr(&iov, control.bytes, sizeof control.bytes);
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = IPPROTO_SCTP;
	c->cmsg_type = SCTP_SNDRCV;
	c->cmsg_len = CMSG_LEN(sizeof(struct sctp_sndrcvinfo));
	struct sctp_sndrcvinfo sinfo;
	memset(&sinfo, 0, sizeof sinfo);
	sinfo.sinfo_stream = stream;
	sinfo.sinfo_ppid = ppid;
	sinfo.sinfo_flags = flags;
	sinfo.sinfo_assoc_id = assoc;
	memcpy(CMSG_DATA(c), &sinfo, sizeof sinfo);
	ssize_t n = sendmsg(fd, &m, 0);
	cr_assert_eq(n, (ssize_t)len, "sendmsg: %zd (%s)", n, strerror(errno));
}

/* What one plain recvmsg(2) got: a receiver that does not depend on
 * sctp_recvmsg(3). */
struct received_sndrcv {
	ssize_t length;
	int flags;
	bool has_sndrcv;
	struct sctp_sndrcvinfo sinfo;
};

/* One recvmsg(2) on `fd` after waiting at most 10 s for it to be readable;
 * the SCTP_SNDRCV message, if any, parsed from a control buffer large
 * enough for anything. */
static inline struct received_sndrcv receive_sndrcv(int fd, void *buf, size_t cap)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int ready = poll(&pfd, 1, 10000);
	cr_assert_eq(ready, 1, "nothing to receive within 10 s (poll %d: %s)", ready, strerror(errno));
	union {
		struct cmsghdr align;
		char bytes[1024];
	} control;
	struct iovec iov = { .iov_base = buf, .iov_len = cap };
	struct msghdr m = sctp_test_msghdr(&iov, control.bytes, sizeof control.bytes);
	struct received_sndrcv r;
	memset(&r, 0, sizeof r);
	r.length = recvmsg(fd, &m, 0);
	cr_assert_geq(r.length, 0, "recvmsg: %s", strerror(errno));
	r.flags = m.msg_flags;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c != NULL; c = CMSG_NXTHDR(&m, c)) {
		if (c->cmsg_level == IPPROTO_SCTP && c->cmsg_type == SCTP_SNDRCV &&
		    c->cmsg_len >= CMSG_LEN(sizeof r.sinfo)) {
			memcpy(&r.sinfo, CMSG_DATA(c), sizeof r.sinfo);
			r.has_sndrcv = true;
		}
	}
	return r;
}

/* Reads notifications from `fd` until one of `type` (and, for
 * SCTP_ASSOC_CHANGE, of sac_state `state`) arrives, into `out`; data in
 * between fails the test. Sets *seen_shutdown if an SCTP_SHUTDOWN_EVENT came
 * on the way. At most 16 notifications. */
static inline void await_notification(int fd, uint16_t type, int state, char *out, size_t cap,
				      bool *seen_shutdown)
{
	for (int i = 0; i < 16; i++) {
		struct received_sndrcv r = receive_sndrcv(fd, out, cap);
		cr_assert(r.flags & MSG_NOTIFICATION, "data (%zd bytes) where a notification was expected",
			  r.length);
		cr_assert(r.flags & MSG_EOR, "notification without MSG_EOR");
		cr_assert_geq(r.length, (ssize_t)8);
		union sctp_notification *n = (union sctp_notification *)out;
		if (n->sn_header.sn_type == SCTP_SHUTDOWN_EVENT && seen_shutdown != NULL)
			*seen_shutdown = true;
		if (n->sn_header.sn_type != type)
			continue;
		if (type == SCTP_ASSOC_CHANGE && n->sn_assoc_change.sac_state != state)
			continue;
		return;
	}
	cr_assert_fail("no notification of type %#x (state %d) among 16", type, state);
}

/* The end of a graceful shutdown (SCTP_EOF) that `from` started: `peer` gets
 * SCTP_SHUTDOWN_EVENT, then SCTP_ASSOC_CHANGE SCTP_SHUTDOWN_COMP for
 * `peer_assoc`; then `from` gets SCTP_SHUTDOWN_COMP for `from_assoc`. `peer`
 * must be subscribed to association and shutdown events, `from` to
 * association events. */
static inline void assert_shut_down_gracefully(int peer, sctp_assoc_t peer_assoc, int from, sctp_assoc_t from_assoc)
{
	char buf[512];
	bool seen_shutdown = false;
	await_notification(peer, SCTP_ASSOC_CHANGE, SCTP_SHUTDOWN_COMP, buf, sizeof buf, &seen_shutdown);
	cr_assert(seen_shutdown, "SCTP_SHUTDOWN_COMP without SCTP_SHUTDOWN_EVENT before it");
	cr_assert_eq(((struct sctp_assoc_change *)buf)->sac_assoc_id, peer_assoc);
	await_notification(from, SCTP_ASSOC_CHANGE, SCTP_SHUTDOWN_COMP, buf, sizeof buf, NULL);
	cr_assert_eq(((struct sctp_assoc_change *)buf)->sac_assoc_id, from_assoc);
}

/* The end of an SCTP_ABORT: `peer` (subscribed to association events) gets
 * SCTP_ASSOC_CHANGE SCTP_COMM_LOST for `peer_assoc`, whose sac_info holds the
 * ABORT chunk with the user's `reason` (`len` bytes) in it. */
static inline void assert_aborted_with_reason(int peer, sctp_assoc_t peer_assoc, const void *reason, size_t len)
{
	char buf[512];
	await_notification(peer, SCTP_ASSOC_CHANGE, SCTP_COMM_LOST, buf, sizeof buf, NULL);
	struct sctp_assoc_change *change = (struct sctp_assoc_change *)buf;
	cr_assert_eq(change->sac_assoc_id, peer_assoc);
	cr_assert_geq(change->sac_length, sizeof *change + len);
	cr_assert_not_null(memmem(change->sac_info, change->sac_length - sizeof *change, reason, len),
			   "the abort reason is not in the ABORT chunk the peer got");
}

/* Helpers shared by the send and receive tests (sctp_send*.c, sctp_recv*.c). */

/* name__ipv4<suffix> and name__ipv6<suffix> on `type` sockets, running the
 * function named `name`. */
#define SCTP_TEST_BOTH_FAMILIES(suite, name, type, suffix)                                         \
	SCTP_TEST_KIND(suite, name##__ipv4##suffix, name, AF_INET, type, "127.0.0.1")               \
	SCTP_TEST_KIND(suite, name##__ipv6##suffix, name, AF_INET6, type, "::1")

/* A connected pair whose server gets an SCTP_SNDRCV with each message
 * (sctp_data_io_event on). */
static inline struct sctp_test_pair sctp_test_data_io_pair(int family, int type, const char *ip)
{
	struct sctp_test_pair p = sctp_test_connect_pair(family, type, ip);
	subscribe_events(p.server, true, false, false, false);
	return p;
}

/* A connected pair whose listener was subscribed to association events
 * (and with `data_io` to SCTP_SNDRCV) before the client connected: the
 * server's first message is the SCTP_COMM_UP of its association. */
static inline struct sctp_test_pair sctp_test_notifying_pair(int family, int type, const char *ip, bool data_io)
{
	struct sctp_test_pair p = sctp_test_open_pair(family, type, ip);
	subscribe_events(p.listener, data_io, true, false, false);
	sctp_test_connect_open_pair(&p, type, ip);
	return p;
}

/* `r` (from receive_sndrcv into `buf`) is the `len` bytes of `msg`, with its
 * SCTP_SNDRCV attribute. */
static inline void assert_received_sndrcv(const struct received_sndrcv *r, const void *buf, const void *msg, size_t len)
{
	cr_assert_eq(r->length, (ssize_t)len);
	cr_assert_arr_eq(buf, msg, len);
	cr_assert(r->has_sndrcv);
}

#endif
