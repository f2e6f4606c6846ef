/* sctp_getpaddrs(3), sctp_freepaddrs(3): the peer addresses of an association.
 *
 * This file also defines malloc and its kin for the whole test binary: they
 * always forward to glibc's allocator and, only while a test thread has
 * switched tracking on, record what is allocated and freed. That is how the
 * tests check that sctp_getpaddrs makes one allocation of exactly the size of
 * the list, and that sctp_freepaddrs leaves nothing behind. sctp_getladdrs.c
 * uses the same tracking through the sctp_test_alloc_* functions below.
 */
#include "sctp_test.h"

#include <malloc.h>
#include <poll.h>
#include <stddef.h>
#include <sys/time.h>

/* --- allocation tracking ---------------------------------------------------- */

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void __libc_free(void *pointer);

#define TRACKED_MAX 64

static __thread bool tracking;
static __thread size_t tracked_allocations;  /* allocations made while tracking */
static __thread size_t tracked_overflow;     /* live blocks that did not fit */
static __thread void *tracked_pointer[TRACKED_MAX];
static __thread size_t tracked_size[TRACKED_MAX];

static void track_allocation(void *pointer, size_t size)
{
	if (!tracking || pointer == NULL)
		return;
	tracked_allocations++;
	for (size_t i = 0; i < TRACKED_MAX; i++) {
		if (tracked_pointer[i] == NULL) {
			tracked_pointer[i] = pointer;
			tracked_size[i] = size;
			return;
		}
	}
	tracked_overflow++;
}

static void track_free(void *pointer)
{
	if (!tracking || pointer == NULL)
		return;
	for (size_t i = 0; i < TRACKED_MAX; i++) {
		if (tracked_pointer[i] == pointer) {
			tracked_pointer[i] = NULL;
			tracked_size[i] = 0;
			return;
		}
	}
}

void *malloc(size_t size)
{
	void *pointer = __libc_malloc(size);
	track_allocation(pointer, size);
	return pointer;
}

void *calloc(size_t count, size_t size)
{
	void *pointer = __libc_calloc(count, size);
	track_allocation(pointer, count * size);
	return pointer;
}

void *realloc(void *old, size_t size)
{
	void *pointer = __libc_realloc(old, size);
	if (pointer != NULL || size == 0)
		track_free(old);
	track_allocation(pointer, size);
	return pointer;
}

void free(void *pointer)
{
	track_free(pointer);
	__libc_free(pointer);
}

void *memalign(size_t alignment, size_t size)
{
	void *pointer = __libc_memalign(alignment, size);
	track_allocation(pointer, size);
	return pointer;
}

void *aligned_alloc(size_t alignment, size_t size)
{
	return memalign(alignment, size);
}

int posix_memalign(void **result, size_t alignment, size_t size)
{
	if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0)
		return EINVAL;
	void *pointer = memalign(alignment, size);
	if (pointer == NULL)
		return ENOMEM;
	*result = pointer;
	return 0;
}

/* The tracking interface, also used by sctp_getladdrs.c. */
void sctp_test_alloc_start(void);
void sctp_test_alloc_watch(void *pointer);
void sctp_test_alloc_stop(void);
size_t sctp_test_alloc_count(void);
size_t sctp_test_alloc_live(void **pointers, size_t *sizes, size_t max);

/* Forgets what was recorded and records from now on (this thread only). */
void sctp_test_alloc_start(void)
{
	tracking = false;
	tracked_allocations = 0;
	tracked_overflow = 0;
	memset(tracked_pointer, 0, sizeof tracked_pointer);
	memset(tracked_size, 0, sizeof tracked_size);
	tracking = true;
}

/* sctp_test_alloc_start, with `pointer` (allocated earlier) counted as
 * live: after a call that must free it, sctp_test_alloc_live is 0 if it did. */
void sctp_test_alloc_watch(void *pointer)
{
	sctp_test_alloc_start();
	tracked_pointer[0] = pointer;
	tracked_size[0] = 0;
}

/* Stops recording; what was recorded stays readable. */
void sctp_test_alloc_stop(void)
{
	tracking = false;
}

/* How many allocations were made while recording. */
size_t sctp_test_alloc_count(void)
{
	return tracked_allocations;
}

/* The blocks allocated while recording and not freed yet: their number, and
 * the first `max` of them with their sizes. */
size_t sctp_test_alloc_live(void **pointers, size_t *sizes, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < TRACKED_MAX; i++) {
		if (tracked_pointer[i] == NULL)
			continue;
		if (n < max) {
			if (pointers != NULL)
				pointers[n] = tracked_pointer[i];
			if (sizes != NULL)
				sizes[n] = tracked_size[i];
		}
		n++;
	}
	return n + tracked_overflow;
}

/* --- address lists ---------------------------------------------------------- */

/* One address of a list, comparable with memcmp (no padding left unset). */
struct addr_key {
	uint8_t bytes[16];
	uint16_t family;
	uint16_t port;
};

static struct addr_key key_of_literal(const char *ip, uint16_t port)
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

static int key_compare(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct addr_key));
}

static void key_format(const struct addr_key *k, char *out, size_t size)
{
	char ip[INET6_ADDRSTRLEN] = "?";
	inet_ntop(k->family == AF_INET6 ? AF_INET6 : AF_INET, k->bytes, ip, sizeof ip);
	snprintf(out, size, "%s%s%s:%u", k->family == AF_INET6 ? "[" : "", ip,
		 k->family == AF_INET6 ? "]" : "", k->port);
}

/* Reads a packed list of `n` sockaddr_in / sockaddr_in6 into keys (the
 * caller frees them); fails the test on any other family. */
static struct addr_key *keys_of_list(const struct sockaddr *list, int n)
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
static void assert_address_list(const struct sockaddr *list, int n, const char *const *ips,
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

/* --- sockets ---------------------------------------------------------------- */

/* Bounded blocking: connect() waits at most SO_SNDTIMEO for the association. */
static void set_timeouts(int fd)
{
	struct timeval tv = { .tv_sec = 10, .tv_usec = 0 };
	cr_assert_eq(setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv), 0);
	cr_assert_eq(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), 0);
}

static void set_mapped_v4(int fd, int on)
{
	cr_assert_eq(setsockopt(fd, SOL_SCTP, SCTP_I_WANT_MAPPED_V4_ADDR, &on, sizeof on), 0,
		     "SCTP_I_WANT_MAPPED_V4_ADDR: %s", strerror(errno));
}

/* Binds `fd` to the literals `ips` (IPv4 ones as sockaddr_in, IPv6 ones as
 * sockaddr_in6) with one sctp_bindx call, on `port` (0: ephemeral). */
static void bind_addresses(int fd, const char *const *ips, int n, uint16_t port)
{
	size_t size = (size_t)n * sizeof(struct sockaddr_in6);
	char *packed = calloc(1, size);
	cr_assert_not_null(packed);
	char *p = packed;
	for (int i = 0; i < n; i++) {
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
	int rc = sctp_bindx(fd, (struct sockaddr *)packed, n, SCTP_BINDX_ADD_ADDR);
	cr_assert_eq(rc, 0, "sctp_bindx of %d addresses (%s...): %s", n, ips[0], strerror(errno));
	free(packed);
}

/* A listening socket bound to all of `ips` on an ephemeral port. */
static int listener_on(int family, int type, const char *const *ips, int n, uint16_t *port)
{
	int fd = sctp_test_socket(family, type);
	bind_addresses(fd, ips, n, 0);
	cr_assert_eq(listen(fd, 16), 0, "listen: %s", strerror(errno));
	*port = sctp_test_local_port(fd);
	return fd;
}

static void connect_to(int fd, const char *ip, uint16_t port)
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

static int accept_bounded(int listener)
{
	struct pollfd p = { .fd = listener, .events = POLLIN };
	cr_assert_eq(poll(&p, 1, 10000), 1, "no association to accept within 10 s");
	int fd = accept(listener, NULL, NULL);
	cr_assert_geq(fd, 0, "accept: %s", strerror(errno));
	return fd;
}

/* The association ids of a one-to-many socket (at most `max`). */
static int association_ids(int fd, sctp_assoc_t *ids, int max)
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

/* Connects one-to-many socket `fd` to ip:port and returns the id of the new
 * association. */
static sctp_assoc_t connect_association(int fd, const char *ip, uint16_t port)
{
	sctp_assoc_t before[16], after[16];
	int n_before = association_ids(fd, before, 16);
	connect_to(fd, ip, port);
	int n_after = association_ids(fd, after, 16);
	cr_assert_eq(n_after, n_before + 1, "%d associations after connect, expected %d", n_after, n_before + 1);
	for (int i = 0; i < n_after; i++) {
		bool known = false;
		for (int j = 0; j < n_before; j++)
			known = known || after[i] == before[j];
		if (!known)
			return after[i];
	}
	cr_assert_fail("no new association id");
	return 0;
}

/* --- without an SCTP kernel ------------------------------------------------- */

Test(sctp_getpaddrs, on_error_returns_minus_1_ebadf_for_a_descriptor_that_is_not_open)
{
	struct sockaddr *addrs = NULL;
	assert_fails_with(sctp_getpaddrs(-1, 0, &addrs), EBADF);
}

Test(sctp_getpaddrs, on_error_returns_minus_1_enotsock_for_a_file)
{
	int fd = sctp_test_file_descriptor();
	struct sockaddr *addrs = NULL;
	assert_fails_with(sctp_getpaddrs(fd, 0, &addrs), ENOTSOCK);
	close(fd);
}

Test(sctp_getpaddrs, on_error_returns_minus_1_on_a_socket_that_is_not_sctp)
{
	int families[] = { AF_INET, AF_INET6 };
	for (size_t i = 0; i < 2; i++) {
		int fd = sctp_test_udp_socket(families[i]);
		struct sockaddr *addrs = NULL;
		errno = 0;
		int rc = sctp_getpaddrs(fd, 0, &addrs);
		int error = errno;
		cr_assert_eq(rc, -1, "sctp_getpaddrs on a UDP socket (family %d) returned %d", families[i], rc);
		cr_assert(error == EOPNOTSUPP || error == ENOPROTOOPT,
			  "errno %d (%s), expected the kernel's EOPNOTSUPP or ENOPROTOOPT", error, strerror(error));
		close(fd);
	}
}

Test(sctp_getpaddrs, the_in_out_parameter_addrs_must_not_be_null)
{
	KNOWN_UPSTREAM_DIVERGENCE("lksctp does not check addrs: it returns the getsockopt error (and dereferences NULL on success)");
	int fd = sctp_test_udp_socket(AF_INET);
	assert_fails_with(sctp_getpaddrs(fd, 0, NULL), EFAULT);
	close(fd);
}

Test(sctp_getpaddrs, on_error_nothing_is_allocated)
{
	KNOWN_UPSTREAM_DIVERGENCE("lksctp allocates a 4 KiB buffer before the call that fails");
	struct sockaddr *addrs = NULL;
	sctp_test_alloc_start();
	errno = 0;
	int rc = sctp_getpaddrs(-1, 0, &addrs);
	int error = errno;
	sctp_test_alloc_stop();
	cr_assert_eq(rc, -1);
	cr_assert_eq(error, EBADF);
	cr_assert_eq(sctp_test_alloc_count(), 0, "a failing sctp_getpaddrs made %zu allocations",
		     sctp_test_alloc_count());
	cr_assert_eq(sctp_test_alloc_live(NULL, NULL, 0), 0);
}

/* --- on a real SCTP kernel -------------------------------------------------- */

static const char *const server3[] = { "127.0.0.1", "127.0.0.2", "127.0.0.3" };
static const char *const client2[] = { "127.0.0.4", "127.0.0.5" };

Test(sctp_getpaddrs_kernel, returns_all_peer_addresses_in_an_association)
{
	uint16_t port;
	int server = listener_on(AF_INET, SOCK_STREAM, server3, 3, &port);
	int client = sctp_test_socket(AF_INET, SOCK_STREAM);
	bind_addresses(client, client2, 2, 0);
	uint16_t client_port = sctp_test_local_port(client);
	connect_to(client, "127.0.0.1", port);
	int accepted = accept_bounded(server);

	struct sockaddr *addrs = NULL;
	int n = sctp_getpaddrs(client, 0, &addrs);
	assert_address_list(addrs, n, server3, 3, port);
	sctp_freepaddrs(addrs);

	addrs = NULL;
	n = sctp_getpaddrs(accepted, 0, &addrs);
	assert_address_list(addrs, n, client2, 2, client_port);
	sctp_freepaddrs(addrs);

	close(accepted);
	close(client);
	close(server);
}

Test(sctp_getpaddrs_kernel, returns_the_number_of_peer_addresses_in_the_association_one_to_many)
{
	uint16_t port;
	int server = listener_on(AF_INET, SOCK_SEQPACKET, server3, 3, &port);
	int client = sctp_test_socket(AF_INET, SOCK_SEQPACKET);
	bind_addresses(client, client2, 2, 0);
	uint16_t client_port = sctp_test_local_port(client);
	sctp_assoc_t id = connect_association(client, "127.0.0.2", port);
	sctp_assoc_t server_ids[4];
	cr_assert_eq(association_ids(server, server_ids, 4), 1);

	struct sockaddr *addrs = NULL;
	int n = sctp_getpaddrs(client, id, &addrs);
	assert_address_list(addrs, n, server3, 3, port);
	sctp_freepaddrs(addrs);

	addrs = NULL;
	n = sctp_getpaddrs(server, server_ids[0], &addrs);
	assert_address_list(addrs, n, client2, 2, client_port);
	sctp_freepaddrs(addrs);

	close(client);
	close(server);
}

Test(sctp_getpaddrs_kernel, if_sd_is_an_ipv4_socket_the_addresses_returned_will_be_all_ipv4_addresses)
{
	/* The server also has ::1, which an IPv4 peer is not told about. */
	static const char *const server_ips[] = { "::1", "127.0.0.1", "127.0.0.2" };
	static const char *const ipv4_only[] = { "127.0.0.1", "127.0.0.2" };
	uint16_t port;
	int server = listener_on(AF_INET6, SOCK_STREAM, server_ips, 3, &port);
	int client = sctp_test_socket(AF_INET, SOCK_STREAM);
	connect_to(client, "127.0.0.1", port);

	struct sockaddr *addrs = NULL;
	int n = sctp_getpaddrs(client, 0, &addrs);
	assert_address_list(addrs, n, ipv4_only, 2, port);
	sctp_freepaddrs(addrs);
	close(client);
	close(server);
}

Test(sctp_getpaddrs_kernel, if_sd_is_an_ipv6_socket_the_addresses_returned_can_be_a_mix_of_ipv4_or_ipv6_addresses)
{
	static const char *const server_ips[] = { "::1", "127.0.0.1", "127.0.0.2" };
	uint16_t port;
	int server = listener_on(AF_INET6, SOCK_STREAM, server_ips, 3, &port);
	int client = sctp_test_socket(AF_INET6, SOCK_STREAM);
	/* IPv4 addresses as sockaddr_in: a list of 28 + 16 + 16 bytes. */
	set_mapped_v4(client, 0);
	connect_to(client, "::1", port);

	struct sockaddr *addrs = NULL;
	int n = sctp_getpaddrs(client, 0, &addrs);
	assert_address_list(addrs, n, server_ips, 3, port);
	sctp_freepaddrs(addrs);
	close(client);
	close(server);
}

Test(sctp_getpaddrs_kernel, if_sd_is_an_ipv6_socket_ipv4_peer_addresses_come_v4_mapped_by_default)
{
	static const char *const server_ips[] = { "::1", "127.0.0.1", "127.0.0.2" };
	static const char *const mapped[] = { "::1", "::ffff:127.0.0.1", "::ffff:127.0.0.2" };
	uint16_t port;
	int server = listener_on(AF_INET6, SOCK_STREAM, server_ips, 3, &port);
	int client = sctp_test_socket(AF_INET6, SOCK_STREAM);
	connect_to(client, "::1", port);

	struct sockaddr *addrs = NULL;
	int n = sctp_getpaddrs(client, 0, &addrs);
	assert_address_list(addrs, n, mapped, 3, port);
	sctp_freepaddrs(addrs);
	close(client);
	close(server);
}

Test(sctp_getpaddrs_kernel, returns_all_peer_addresses_in_an_ipv6_association)
{
	static const char *const loopback6[] = { "::1" };
	uint16_t port;
	int server = listener_on(AF_INET6, SOCK_SEQPACKET, loopback6, 1, &port);
	int client = sctp_test_socket(AF_INET6, SOCK_STREAM);
	int v6only = 1;
	cr_assert_eq(setsockopt(client, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only), 0);
	bind_addresses(client, loopback6, 1, 0);
	uint16_t client_port = sctp_test_local_port(client);
	connect_to(client, "::1", port);

	struct sockaddr *addrs = NULL;
	int n = sctp_getpaddrs(client, 0, &addrs);
	assert_address_list(addrs, n, loopback6, 1, port);
	sctp_freepaddrs(addrs);

	sctp_assoc_t id;
	cr_assert_eq(association_ids(server, &id, 1), 1);
	addrs = NULL;
	n = sctp_getpaddrs(server, id, &addrs);
	assert_address_list(addrs, n, loopback6, 1, client_port);
	sctp_freepaddrs(addrs);
	close(client);
	close(server);
}

Test(sctp_getpaddrs_kernel, for_one_to_many_style_sockets_id_specifies_the_association_to_query)
{
	static const char *const a_ips[] = { "127.0.0.1", "127.0.0.2" };
	static const char *const b_ips[] = { "127.0.0.3", "127.0.0.4", "127.0.0.5" };
	uint16_t a_port, b_port;
	int a = listener_on(AF_INET, SOCK_STREAM, a_ips, 2, &a_port);
	int b = listener_on(AF_INET, SOCK_SEQPACKET, b_ips, 3, &b_port);
	int client = sctp_test_socket(AF_INET, SOCK_SEQPACKET);
	sctp_assoc_t to_a = connect_association(client, "127.0.0.1", a_port);
	sctp_assoc_t to_b = connect_association(client, "127.0.0.3", b_port);
	cr_assert_neq(to_a, to_b);

	struct sockaddr *addrs = NULL;
	int n = sctp_getpaddrs(client, to_b, &addrs);
	assert_address_list(addrs, n, b_ips, 3, b_port);
	sctp_freepaddrs(addrs);

	addrs = NULL;
	n = sctp_getpaddrs(client, to_a, &addrs);
	assert_address_list(addrs, n, a_ips, 2, a_port);
	sctp_freepaddrs(addrs);

	/* An id that names no association of the socket. */
	sctp_assoc_t none = to_a > to_b ? to_a + 1000 : to_b + 1000;
	addrs = NULL;
	assert_fails_with(sctp_getpaddrs(client, none, &addrs), EINVAL);

	close(client);
	close(b);
	close(a);
}

Test(sctp_getpaddrs_kernel, for_one_to_one_style_sockets_id_is_ignored)
{
	uint16_t port;
	int server = listener_on(AF_INET, SOCK_STREAM, server3, 3, &port);
	int client = sctp_test_socket(AF_INET, SOCK_STREAM);
	connect_to(client, "127.0.0.3", port);

	sctp_assoc_t ids[] = { 12345, -7, 1 };
	for (size_t i = 0; i < 3; i++) {
		struct sockaddr *addrs = NULL;
		int n = sctp_getpaddrs(client, ids[i], &addrs);
		assert_address_list(addrs, n, server3, 3, port);
		sctp_freepaddrs(addrs);
	}
	close(client);
	close(server);
}

Test(sctp_getpaddrs_kernel, if_there_is_no_association_on_this_socket_0_is_returned)
{
	KNOWN_UPSTREAM_DIVERGENCE("lksctp returns -1 with errno EINVAL on a one-to-one socket without an association");
	int fresh = sctp_test_socket(AF_INET, SOCK_STREAM);
	struct sockaddr *addrs = NULL;
	assert_returns(sctp_getpaddrs(fresh, 0, &addrs), 0);
	sctp_freepaddrs(addrs);

	uint16_t port;
	int listening = sctp_test_listener(AF_INET6, SOCK_STREAM, "::1", &port);
	addrs = NULL;
	assert_returns(sctp_getpaddrs(listening, 42, &addrs), 0);
	sctp_freepaddrs(addrs);
	close(listening);
	close(fresh);
}

/* Waits (at most 10 s) until the association of one-to-one socket `fd` is
 * gone after its peer closed: SCTP_STATUS fails then. */
static void wait_until_association_ended(int fd)
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

Test(sctp_getpaddrs_kernel, if_there_is_no_association_on_this_socket_0_is_returned_once_it_has_ended)
{
	KNOWN_UPSTREAM_DIVERGENCE("lksctp returns -1 with errno EINVAL on a one-to-one socket without an association");
	uint16_t port;
	int server = listener_on(AF_INET, SOCK_STREAM, server3, 3, &port);
	int client = sctp_test_socket(AF_INET, SOCK_STREAM);
	connect_to(client, "127.0.0.1", port);
	int accepted = accept_bounded(server);
	struct sockaddr *addrs = NULL;
	int n = sctp_getpaddrs(accepted, 0, &addrs);
	cr_assert_eq(n, 1, "sctp_getpaddrs on the live association returned %d", n);
	sctp_freepaddrs(addrs);

	close(client);
	wait_until_association_ended(accepted);
	addrs = NULL;
	assert_returns(sctp_getpaddrs(accepted, 0, &addrs), 0);
	sctp_freepaddrs(addrs);
	close(accepted);
	close(server);
}

Test(sctp_getpaddrs_kernel, if_there_is_no_association_on_a_peeled_off_socket_0_is_returned)
{
	/* A peeled-off socket is one-to-one too, though Linux gives it
	 * SO_TYPE SOCK_SEQPACKET. Peeled off with the socket option itself. */
	KNOWN_UPSTREAM_DIVERGENCE("lksctp returns -1 with errno EINVAL on a one-to-one socket without an association");
	uint16_t port;
	int server = sctp_test_listener(AF_INET, SOCK_SEQPACKET, "127.0.0.1", &port);
	int client = sctp_test_socket(AF_INET, SOCK_STREAM);
	connect_to(client, "127.0.0.1", port);
	sctp_assoc_t id;
	cr_assert_eq(association_ids(server, &id, 1), 1);
	sctp_peeloff_arg_t peel = { .associd = id, .sd = -1 };
	socklen_t len = sizeof peel;
	cr_assert_geq(getsockopt(server, SOL_SCTP, SCTP_SOCKOPT_PEELOFF, &peel, &len), 0,
		      "SCTP_SOCKOPT_PEELOFF: %s", strerror(errno));
	int peeled = peel.sd;
	cr_assert_geq(peeled, 0);
	struct sockaddr *addrs = NULL;
	int n = sctp_getpaddrs(peeled, 12345, &addrs);
	cr_assert_eq(n, 1, "sctp_getpaddrs on the live peeled-off association returned %d", n);
	sctp_freepaddrs(addrs);

	close(client);
	wait_until_association_ended(peeled);
	addrs = NULL;
	assert_returns(sctp_getpaddrs(peeled, 0, &addrs), 0);
	sctp_freepaddrs(addrs);
	close(peeled);
	close(server);
}

/* Fills `ips` with 127.0.0.1 ... 127.0.0.n (strings kept in `storage`). */
static void loopback_range(char (*storage)[16], const char **ips, int n)
{
	for (int i = 0; i < n; i++) {
		snprintf(storage[i], 16, "127.0.0.%d", i + 1);
		ips[i] = storage[i];
	}
}

Test(sctp_getpaddrs_kernel, returns_all_peer_addresses_of_an_association_with_more_than_128)
{
	/* 250 * 16 bytes: more than the library's first, 128-address read holds. */
	enum { COUNT = 250 };
	static char storage[COUNT][16];
	static const char *ips[COUNT];
	loopback_range(storage, ips, COUNT);
	uint16_t port;
	int server = listener_on(AF_INET, SOCK_STREAM, ips, COUNT, &port);
	int client = sctp_test_socket(AF_INET, SOCK_STREAM);
	connect_to(client, "127.0.0.1", port);

	struct sockaddr *addrs = NULL;
	sctp_test_alloc_start();
	int n = sctp_getpaddrs(client, 0, &addrs);
	sctp_test_alloc_stop();
	void *live[2] = { NULL, NULL };
	size_t live_count = sctp_test_alloc_live(live, NULL, 2);
	assert_address_list(addrs, n, ips, COUNT, port);
	cr_assert_eq(live_count, 1, "%zu allocations outlive sctp_getpaddrs, expected 1", live_count);
	cr_assert_eq(live[0], (void *)addrs, "the one allocation left is not the list");

	sctp_test_alloc_watch(addrs);
	sctp_freepaddrs(addrs);
	sctp_test_alloc_stop();
	cr_assert_eq(sctp_test_alloc_live(NULL, NULL, 0), 0, "sctp_freepaddrs did not free the list");
	cr_assert_eq(sctp_test_alloc_count(), 0, "sctp_freepaddrs allocated");
	close(client);
	close(server);
}

Test(sctp_getpaddrs_kernel, sctp_freepaddrs_frees_all_the_resources_allocated_by_sctp_getpaddrs)
{
	KNOWN_UPSTREAM_DIVERGENCE("lksctp hands over its 4 KiB read buffer instead of an allocation of the list's size");
	uint16_t port;
	int server = listener_on(AF_INET, SOCK_STREAM, server3, 3, &port);
	int client = sctp_test_socket(AF_INET, SOCK_STREAM);
	connect_to(client, "127.0.0.1", port);

	struct sockaddr *addrs = NULL;
	sctp_test_alloc_start();
	int n = sctp_getpaddrs(client, 0, &addrs);
	sctp_test_alloc_stop();
	size_t allocations = sctp_test_alloc_count();
	void *live[2] = { NULL, NULL };
	size_t sizes[2] = { 0, 0 };
	size_t live_count = sctp_test_alloc_live(live, sizes, 2);

	assert_address_list(addrs, n, server3, 3, port);
	cr_assert_eq(allocations, 1, "sctp_getpaddrs made %zu allocations, expected 1", allocations);
	cr_assert_eq(live_count, 1);
	cr_assert_eq(live[0], (void *)addrs, "the allocation is not the list handed over");
	cr_assert_eq(sizes[0], 3 * sizeof(struct sockaddr_in), "the list was allocated with %zu bytes, expected %zu",
		     sizes[0], 3 * sizeof(struct sockaddr_in));

	sctp_test_alloc_watch(addrs);
	sctp_freepaddrs(addrs);
	sctp_test_alloc_stop();
	cr_assert_eq(sctp_test_alloc_live(NULL, NULL, 0), 0, "sctp_freepaddrs did not free the list");
	cr_assert_eq(sctp_test_alloc_count(), 0, "sctp_freepaddrs allocated");
	close(client);
	close(server);
}

Test(sctp_getpaddrs_kernel, the_in_out_parameter_addrs_must_not_be_null_on_an_association)
{
	KNOWN_UPSTREAM_DIVERGENCE("lksctp stores the list through a NULL addrs (crashes)");
	uint16_t port;
	int server = listener_on(AF_INET, SOCK_STREAM, server3, 3, &port);
	int client = sctp_test_socket(AF_INET, SOCK_STREAM);
	connect_to(client, "127.0.0.1", port);
	sctp_test_alloc_start();
	errno = 0;
	int rc = sctp_getpaddrs(client, 0, NULL);
	int error = errno;
	sctp_test_alloc_stop();
	cr_assert_eq(rc, -1);
	cr_assert_eq(error, EFAULT, "errno %d (%s), expected EFAULT", error, strerror(error));
	cr_assert_eq(sctp_test_alloc_live(NULL, NULL, 0), 0, "a failing call left an allocation behind");
	close(client);
	close(server);
}
