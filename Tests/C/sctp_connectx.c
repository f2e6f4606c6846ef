/* sctp_connectx(3): initiate a connection on an SCTP socket using multiple
 * destination addresses (RFC 6458 9.9), and the older ABI versions of the
 * call that libsctp.so.1 still exports (sctp_connectx@VERS_1, @VERS_2).
 *
 * Suite sctp_connectx: argument checks, errors of bad descriptors and the
 * exported versions, on any kernel. Suite sctp_connectx_kernel: real
 * associations over the loopback, on a real SCTP kernel.
 *
 * The tests of the fallback to the requests of older kernels make the
 * kernel refuse SCTP_SOCKOPT_CONNECTX3 and SCTP_SOCKOPT_CONNECTX with the
 * test binary's fault injector (sctp_test_fault.h), and count the requests
 * the library made in its trace. */
#include "sctp_test.h"
#include "sctp_test_fault.h"

#include <dlfcn.h>
#include <limits.h>
#include <linux/filter.h>
#include <poll.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>

/* --- helpers ---------------------------------------------------------------- */

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))
#define WAIT_MS 10000	/* bound of every wait for the loopback */

static void connectx_assert_peers(int fd, sctp_assoc_t id, uint16_t port, const char *const *ips,
				  size_t count)
{
	char got[1024], expected[1024];
	sorted_literal_set(ips, count, expected, sizeof expected);
	sorted_address_set(fd, SCTP_GET_PEER_ADDRS, id, port, got, sizeof got);
	cr_assert_str_eq(got, expected, "peer addresses {%s}, expected {%s}", got, expected);
}

/* A listening SCTP server bound with sctp_bindx(3) to `ips` on an ephemeral
 * port. With `deaf`, a socket filter drops every packet that reaches it, so
 * that an INIT sent to it stays unanswered and the association set-up stays
 * in progress (on the loopback, a live server completes the handshake within
 * the client's connectx call). */
static int connectx_server(int family, int type, const char *const *ips, size_t count, bool deaf,
			   uint16_t *port)
{
	int fd = sctp_test_socket(family, type);
	if (deaf) {
		struct sock_filter drop[] = { BPF_STMT(BPF_RET | BPF_K, 0) };
		struct sock_fprog program = { .len = 1, .filter = drop };
		cr_assert_eq(setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program), 0,
			     "SO_ATTACH_FILTER: %s", strerror(errno));
	}
	char list[8 * sizeof(struct sockaddr_in6)];
	pack_addresses(list, ips, count, 0);
	cr_assert_eq(sctp_bindx(fd, (struct sockaddr *)list, (int)count, SCTP_BINDX_ADD_ADDR), 0,
		     "server sctp_bindx: %s", strerror(errno));
	cr_assert_eq(listen(fd, 16), 0, "listen: %s", strerror(errno));
	*port = sctp_test_local_port(fd);
	return fd;
}

/* A server as connectx_server makes it, on `ips` (*port), and a client
 * socket of its kind, not connected yet, with the server's addresses
 * packed in `list` as sctp_connectx takes them. */
struct connectx_pair {
	int server, client;
	uint16_t port;
	char list[8 * sizeof(struct sockaddr_in6)];
};

static struct connectx_pair connectx_pair_open(int family, int type, const char *const *ips, size_t count, bool deaf)
{
	struct connectx_pair p;
	p.server = connectx_server(family, type, ips, count, deaf, &p.port);
	p.client = sctp_test_socket(family, type);
	pack_addresses(p.list, ips, count, p.port);
	return p;
}

static void connectx_pair_close(struct connectx_pair *p)
{
	close(p->client);
	close(p->server);
}

/* A port of `ip` on which nobody listens: held by a bound socket that does
 * not listen (returned, to close at the end), so no other test can take it. */
static int connectx_port_without_listener(int family, int type, const char *ip, uint16_t *port)
{
	return bound_socket(family, type, ip, port);
}

static void connectx_set_nonblocking(int fd)
{
	int flags = fcntl(fd, F_GETFL);
	cr_assert_geq(flags, 0);
	cr_assert_eq(fcntl(fd, F_SETFL, flags | O_NONBLOCK), 0);
}

/* SCTP_STATUS of association `id` (ignored on a one-to-one socket). */
static struct sctp_status connectx_status(int fd, sctp_assoc_t id)
{
	struct sctp_status status;
	memset(&status, 0, sizeof status);
	status.sstat_assoc_id = id;
	socklen_t len = sizeof status;
	cr_assert_eq(getsockopt(fd, SOL_SCTP, SCTP_STATUS, &status, &len), 0,
		     "getsockopt(SCTP_STATUS, %d): %s", (int)id, strerror(errno));
	return status;
}

/* The ids of the associations of a one-to-many socket; asserts there is
 * exactly one and returns it. */
static sctp_assoc_t connectx_only_association(int fd)
{
	union {
		struct sctp_assoc_ids ids;
		char bytes[sizeof(struct sctp_assoc_ids) + 8 * sizeof(sctp_assoc_t)];
	} buf;
	memset(&buf, 0, sizeof buf);
	socklen_t len = sizeof buf;
	cr_assert_eq(getsockopt(fd, SOL_SCTP, SCTP_GET_ASSOC_ID_LIST, &buf, &len), 0,
		     "getsockopt(SCTP_GET_ASSOC_ID_LIST): %s", strerror(errno));
	cr_assert_eq(buf.ids.gaids_number_of_ids, 1, "%u associations, expected 1",
		     buf.ids.gaids_number_of_ids);
	return buf.ids.gaids_assoc_id[0];
}

/* The id the kernel gives the association of `fd`: SCTP_STATUS on a
 * one-to-one socket (which names its association itself), the association
 * list on a one-to-many one. */
static sctp_assoc_t connectx_kernel_id(int fd, int type)
{
	if (type == SOCK_SEQPACKET)
		return connectx_only_association(fd);
	return connectx_status(fd, 0).sstat_assoc_id;
}

/* Waits (bounded) until the association `id` of `fd` is established. */
static void connectx_wait_established(int fd, int type, sctp_assoc_t id)
{
	if (type == SOCK_STREAM) {
		/* "select(2) or poll(2) for completion by selecting the socket
		 * for writing ... SO_ERROR is zero" */
		struct pollfd p = { .fd = fd, .events = POLLOUT };
		cr_assert_eq(poll(&p, 1, WAIT_MS), 1, "the association did not come up in %d ms", WAIT_MS);
		int error = -1;
		socklen_t len = sizeof error;
		cr_assert_eq(getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len), 0);
		cr_assert_eq(error, 0, "SO_ERROR %d (%s)", error, strerror(error));
	} else {
		/* A one-to-many socket is writable anyway: look at the state. */
		for (int waited = 0; connectx_status(fd, id).sstat_state != SCTP_ESTABLISHED; waited += 10) {
			cr_assert_lt(waited, WAIT_MS, "the association did not come up in %d ms", WAIT_MS);
			struct timespec ten_ms = { .tv_nsec = 10 * 1000 * 1000 };
			nanosleep(&ten_ms, NULL);
		}
	}
	cr_assert_eq(connectx_status(fd, id).sstat_state, SCTP_ESTABLISHED);
}

/* Asserts that the server `server` has the association: accept(2) gives it
 * on a one-to-one socket, the association list holds it on a one-to-many. */
static void connectx_assert_server_has_association(int server, int type)
{
	if (type == SOCK_SEQPACKET) {
		(void)connectx_only_association(server);
		return;
	}
	struct pollfd p = { .fd = server, .events = POLLIN };
	cr_assert_eq(poll(&p, 1, WAIT_MS), 1, "nothing to accept in %d ms", WAIT_MS);
	int accepted = accept(server, NULL, NULL);
	cr_assert_geq(accepted, 0, "accept: %s", strerror(errno));
	close(accepted);
}

/* Association `id`, which sctp_connectx set up on `p` to `ips`, is the
 * one the kernel knows, established, with all of `ips` as its peer
 * addresses; the server has it too. */
static void connectx_assert_set_up(const struct connectx_pair *p, int type, sctp_assoc_t id, const char *const *ips,
				   size_t count)
{
	cr_assert_eq(id, connectx_kernel_id(p->client, type), "*id %d, the kernel says %d", (int)id,
		     (int)connectx_kernel_id(p->client, type));
	cr_assert_eq(connectx_status(p->client, id).sstat_state, SCTP_ESTABLISHED);
	connectx_assert_peers(p->client, id, p->port, ips, count);
	connectx_assert_server_has_association(p->server, type);
}

/* Test `name` that runs check(family, type, ips, count) on the list of
 * literals given. */
#define CONNECTX_LIST_TEST(name, check, family, type, ...)                                         \
	Test(sctp_connectx_kernel, name)                                                           \
	{                                                                                          \
		const char *ips[] = { __VA_ARGS__ };                                               \
		check(family, type, ips, COUNT(ips));                                              \
	}

typedef int (*connectx_v1_fn)(int, struct sockaddr *, int);
typedef int (*connectx_id_fn)(int, struct sockaddr *, int, sctp_assoc_t *);

/* --- argument checks and bad descriptors (no SCTP kernel needed) ----------- */

Test(sctp_connectx, a_descriptor_of_minus_1_fails_with_EBADF)
{
	struct sockaddr_in a = sctp_test_v4("127.0.0.1", 9);
	sctp_assoc_t id = 0;
	assert_fails_with(sctp_connectx(-1, (struct sockaddr *)&a, 1, &id), EBADF);
	assert_fails_with(sctp_connectx(-1, (struct sockaddr *)&a, 1, NULL), EBADF);
}

Test(sctp_connectx, a_closed_descriptor_fails_with_EBADF)
{
	int fd = sctp_test_udp_socket(AF_INET);
	cr_assert_eq(close(fd), 0);
	struct sockaddr_in a = sctp_test_v4("127.0.0.1", 9);
	sctp_assoc_t id = 0;
	assert_fails_with(sctp_connectx(fd, (struct sockaddr *)&a, 1, &id), EBADF);
}

Test(sctp_connectx, a_descriptor_for_a_file_fails_with_ENOTSOCK)
{
	int fd = sctp_test_file_descriptor();
	struct sockaddr_in a = sctp_test_v4("127.0.0.1", 9);
	sctp_assoc_t id = 0;
	assert_fails_with(sctp_connectx(fd, (struct sockaddr *)&a, 1, &id), ENOTSOCK);
	close(fd);
}

/* "The family of the address type must be used to distinguish the address
 * length": any other family makes the list invalid ("EINVAL Invalid port or
 * address"). */
Test(sctp_connectx, an_address_of_an_unknown_family_in_the_list_fails_with_EINVAL)
{
	int fd = sctp_test_udp_socket(AF_INET6);
	struct sockaddr_un unix_address = { .sun_family = AF_UNIX };
	sctp_assoc_t id = 0;
	assert_fails_with(sctp_connectx(fd, (struct sockaddr *)&unix_address, 1, &id), EINVAL);

	char list[16 + 28 + sizeof(struct sockaddr_in6)];
	memset(list, 0, sizeof list);	/* the third entry: family AF_UNSPEC */
	const char *ips[] = { "::1", "127.0.0.1" };
	pack_addresses(list, ips, 2, 9);
	assert_fails_with(sctp_connectx(fd, (struct sockaddr *)list, 3, &id), EINVAL);
	assert_fails_with(sctp_connectx(fd, (struct sockaddr *)list, 3, NULL), EINVAL);
	close(fd);
}

/* "EFAULT Error while copying in or out from the user address space." */
Test(sctp_connectx, a_null_list_fails_with_EFAULT)
{
	KNOWN_UPSTREAM_DIVERGENCE("connectx-null-addrs");
	int fd = sctp_test_udp_socket(AF_INET);
	sctp_assoc_t id = 0;
	assert_fails_with(sctp_connectx(fd, NULL, 1, &id), EFAULT);
	assert_fails_with(sctp_connectx(fd, NULL, 1, NULL), EFAULT);
	close(fd);
}

/* libsctp.so.1 exports the interface as lksctp does: sctp_connectx@VERS_1
 * (sd, addrs, addrcnt), @VERS_2 and @@VERS_3 (sd, addrs, addrcnt, id). */
Test(sctp_connectx, every_abi_version_is_exported)
{
	cr_assert_not_null(connectx_version("VERS_1"));
	cr_assert_not_null(connectx_version("VERS_2"));
	cr_assert_not_null(connectx_version("VERS_3"));
}

/* A program built with the header calls the four-argument sctp_connectx,
 * the default version, VERS_3. (In a position-independent executable, the
 * address of a function of a library is the library's own.) */
Test(sctp_connectx, the_header_binds_to_VERS_3)
{
	cr_assert_eq((void *)sctp_connectx, connectx_version("VERS_3"));
	cr_assert_neq(connectx_version("VERS_3"), connectx_version("VERS_1"));
}

/* The unversioned sctp_connectx, which a program linked against a libsctp
 * without symbol versions binds to (as does dlsym(3), which names no
 * version), is the three-argument one of VERS_1. */
Test(sctp_connectx, the_unversioned_symbol_is_the_VERS_1_one)
{
	void *library = dlopen("libsctp.so.1", RTLD_NOW | RTLD_NOLOAD);
	cr_assert_not_null(library);
	void *unversioned = dlsym(library, "sctp_connectx");
	dlclose(library);
	cr_assert_eq(unversioned, connectx_version("VERS_1"));
}

/* The three versions of the loaded library. */
struct connectx_versions {
	connectx_v1_fn v1;
	connectx_id_fn v2, v3;
};

static struct connectx_versions connectx_versions(void)
{
	return (struct connectx_versions){ (connectx_v1_fn)connectx_version("VERS_1"),
					   (connectx_id_fn)connectx_version("VERS_2"),
					   (connectx_id_fn)connectx_version("VERS_3") };
}

Test(sctp_connectx, every_abi_version_fails_with_minus_1_and_EBADF_on_a_bad_descriptor)
{
	struct sockaddr_in a = sctp_test_v4("127.0.0.1", 9);
	sctp_assoc_t id = 0;
	struct connectx_versions v = connectx_versions();
	connectx_v1_fn v1 = v.v1;
	connectx_id_fn v2 = v.v2, v3 = v.v3;
	assert_fails_with(v1(-1, (struct sockaddr *)&a, 1), EBADF);
	assert_fails_with(v2(-1, (struct sockaddr *)&a, 1, &id), EBADF);
	assert_fails_with(v3(-1, (struct sockaddr *)&a, 1, &id), EBADF);
}

/* A count of 0 or less is an empty list, which every version hands to the
 * kernel as lksctp does, without looking at the list: the kernel's answer
 * for the descriptor comes back. */
Test(sctp_connectx, every_abi_version_passes_an_addrcnt_of_zero_or_less_to_the_kernel)
{
	struct sockaddr_in a = sctp_test_v4("127.0.0.1", 9);
	sctp_assoc_t id = 0;
	struct connectx_versions v = connectx_versions();
	int fd = sctp_test_udp_socket(AF_INET);
	const int counts[] = { 0, -1, INT_MIN };
	for (size_t i = 0; i < COUNT(counts); i++) {
		assert_fails_with(v.v1(-1, NULL, counts[i]), EBADF);
		assert_fails_with(v.v2(-1, (struct sockaddr *)&a, counts[i], &id), EBADF);
		assert_fails_with(v.v3(-1, NULL, counts[i], NULL), EBADF);
		/* UDP: setsockopt at SOL_SCTP is ENOPROTOOPT, getsockopt EOPNOTSUPP. */
		assert_fails_with(v.v1(fd, (struct sockaddr *)&a, counts[i]), ENOPROTOOPT);
		assert_fails_with(v.v2(fd, NULL, counts[i], NULL), ENOPROTOOPT);
		assert_fails_with(v.v3(fd, (struct sockaddr *)&a, counts[i], &id), EOPNOTSUPP);
	}
	close(fd);
}

/* --- on a real SCTP kernel ---------------------------------------------------- */

/* "sctp_connectx initiates a connection to a set of addresses" and "id ...
 * will be set to the identifier of the newly created association". The
 * server is bound by sctp_bindx to all of `ips`; the client names them all. */
static void check_several_addresses(int family, int type, const char *const *ips, size_t count)
{
	struct connectx_pair p = connectx_pair_open(family, type, ips, count, false);
	sctp_assoc_t id = 0;
	assert_returns(sctp_connectx(p.client, (struct sockaddr *)p.list, (int)count, &id), 0);
	cr_assert_neq(id, 0, "*id not set");
	connectx_assert_set_up(&p, type, id, ips, count);
	connectx_pair_close(&p);
}

CONNECTX_LIST_TEST(sets_up_an_association_to_several_ipv4_addresses_one_to_one, check_several_addresses, AF_INET,
		   SOCK_STREAM, "127.0.0.1", "127.0.0.2")
CONNECTX_LIST_TEST(sets_up_an_association_to_several_ipv4_addresses_one_to_many, check_several_addresses, AF_INET,
		   SOCK_SEQPACKET, "127.0.0.1", "127.0.0.2")

/* "If sd is an IPv6 socket, the addresses passed can be either IPv4 or IPv6
 * addresses." */
CONNECTX_LIST_TEST(sets_up_an_association_to_ipv6_and_ipv4_addresses_from_an_ipv6_socket_one_to_one,
		   check_several_addresses, AF_INET6, SOCK_STREAM, "::1", "127.0.0.1")
CONNECTX_LIST_TEST(sets_up_an_association_to_ipv6_and_ipv4_addresses_from_an_ipv6_socket_one_to_many,
		   check_several_addresses, AF_INET6, SOCK_SEQPACKET, "127.0.0.2", "::1", "127.0.0.1")

/* A packed list need not be aligned. */
Test(sctp_connectx_kernel, an_unaligned_packed_list_is_accepted)
{
	const char *ips[] = { "127.0.0.1", "::1" };
	struct connectx_pair p = connectx_pair_open(AF_INET6, SOCK_STREAM, ips, 2, false);
	_Alignas(8) char storage[1 + 16 + 28 + 8]; /* storage + 1: odd */
	char *list = storage + 1;
	pack_addresses(list, ips, 2, p.port);
	sctp_assoc_t id = 0;
	assert_returns(sctp_connectx(p.client, (struct sockaddr *)list, 2, &id), 0);
	cr_assert_eq(id, connectx_kernel_id(p.client, SOCK_STREAM));
	connectx_assert_peers(p.client, id, p.port, ips, 2);
	connectx_pair_close(&p);
}

/* "id is a pointer to the association id and, if provided, will be set":
 * NULL is allowed. */
static void check_null_id(int family, int type, const char *ip)
{
	struct connectx_pair p = connectx_pair_open(family, type, &ip, 1, false);
	assert_returns(sctp_connectx(p.client, (struct sockaddr *)p.list, 1, NULL), 0);
	sctp_assoc_t id = connectx_kernel_id(p.client, type);
	cr_assert_eq(connectx_status(p.client, id).sstat_state, SCTP_ESTABLISHED);
	connectx_assert_server_has_association(p.server, type);
	connectx_pair_close(&p);
}

Test(sctp_connectx_kernel, id_may_be_null_one_to_one)
{
	check_null_id(AF_INET, SOCK_STREAM, "127.0.0.1");
}

Test(sctp_connectx_kernel, id_may_be_null_one_to_many)
{
	check_null_id(AF_INET6, SOCK_SEQPACKET, "::1");
}

/* "EINPROGRESS The socket is non-blocking and the connection cannot be
 * completed immediately. It is possible to select(2) or poll(2) for
 * completion by selecting the socket for writing." The id is set all the
 * same (RFC 6458 names it the association "newly created"). */
static void check_nonblocking(int family, int type, const char *const *ips, size_t count)
{
	struct connectx_pair p = connectx_pair_open(family, type, ips, count, false);
	connectx_set_nonblocking(p.client);
	sctp_assoc_t id = 0;
	assert_fails_with(sctp_connectx(p.client, (struct sockaddr *)p.list, (int)count, &id), EINPROGRESS);
	cr_assert_neq(id, 0, "*id not set on EINPROGRESS");
	connectx_wait_established(p.client, type, id);
	connectx_assert_set_up(&p, type, id, ips, count);
	connectx_pair_close(&p);
}

CONNECTX_LIST_TEST(a_non_blocking_socket_fails_with_EINPROGRESS_and_still_sets_id_one_to_one, check_nonblocking,
		   AF_INET, SOCK_STREAM, "127.0.0.1", "127.0.0.2")
CONNECTX_LIST_TEST(a_non_blocking_socket_fails_with_EINPROGRESS_and_still_sets_id_one_to_many, check_nonblocking,
		   AF_INET6, SOCK_SEQPACKET, "::1", "127.0.0.1")

/* "EALREADY The socket is non-blocking and a previous connection attempt has
 * not yet been completed." On the loopback a live server completes the
 * handshake within the first call, so a second one would find the socket
 * connected (EISCONN); the server here drops every packet, which keeps the
 * first attempt in progress (COOKIE-WAIT, INIT unanswered). */
static void check_already(int family, int type, const char *ip)
{
	struct connectx_pair p = connectx_pair_open(family, type, &ip, 1, true);
	connectx_set_nonblocking(p.client);
	sctp_assoc_t id = 0;
	assert_fails_with(sctp_connectx(p.client, (struct sockaddr *)p.list, 1, &id), EINPROGRESS);
	cr_assert_neq(id, 0);
	sctp_assoc_t second = 0;
	assert_fails_with(sctp_connectx(p.client, (struct sockaddr *)p.list, 1, &second), EALREADY);
	assert_fails_with(sctp_connectx(p.client, (struct sockaddr *)p.list, 1, NULL), EALREADY);
	if (type == SOCK_SEQPACKET) {
		/* Still the one association, still being set up. */
		cr_assert_eq(connectx_only_association(p.client), id);
		cr_assert_eq(connectx_status(p.client, id).sstat_state, SCTP_COOKIE_WAIT);
	}
	connectx_pair_close(&p);
}

Test(sctp_connectx_kernel, a_second_call_while_the_first_is_in_progress_fails_with_EALREADY_one_to_one)
{
	check_already(AF_INET, SOCK_STREAM, "127.0.0.1");
}

Test(sctp_connectx_kernel, a_second_call_while_the_first_is_in_progress_fails_with_EALREADY_one_to_many)
{
	check_already(AF_INET6, SOCK_SEQPACKET, "::1");
}

/* The same on an unfinished attempt to set up an association: its id is the
 * one the kernel lists while the INIT is still unanswered. */
Test(sctp_connectx_kernel, the_id_set_on_EINPROGRESS_is_that_of_the_association_being_set_up)
{
	const char *ips[] = { "127.0.0.1", "127.0.0.2" };
	struct connectx_pair p = connectx_pair_open(AF_INET, SOCK_SEQPACKET, ips, 2, true);
	connectx_set_nonblocking(p.client);
	sctp_assoc_t id = 0;
	assert_fails_with(sctp_connectx(p.client, (struct sockaddr *)p.list, 2, &id), EINPROGRESS);
	cr_assert_neq(id, 0);
	cr_assert_eq(id, connectx_only_association(p.client));
	cr_assert_eq(connectx_status(p.client, id).sstat_state, SCTP_COOKIE_WAIT);
	connectx_pair_close(&p);
}

/* "EISCONN The socket is already connected." */
Test(sctp_connectx_kernel, a_connected_one_to_one_socket_fails_with_EISCONN)
{
	const char *ips[] = { "127.0.0.1", "127.0.0.2" };
	struct connectx_pair p = connectx_pair_open(AF_INET, SOCK_STREAM, ips, 2, false);
	sctp_assoc_t id = 0;
	assert_returns(sctp_connectx(p.client, (struct sockaddr *)p.list, 2, &id), 0);
	sctp_assoc_t again = 0;
	assert_fails_with(sctp_connectx(p.client, (struct sockaddr *)p.list, 2, &again), EISCONN);
	assert_fails_with(sctp_connectx(p.client, (struct sockaddr *)p.list, 1, NULL), EISCONN);
	cr_assert_eq(connectx_status(p.client, 0).sstat_assoc_id, id);
	connectx_pair_close(&p);
}

Test(sctp_connectx_kernel, a_connected_ipv6_one_to_one_socket_fails_with_EISCONN)
{
	const char *ip = "::1";
	struct connectx_pair p = connectx_pair_open(AF_INET6, SOCK_STREAM, &ip, 1, false);
	struct sockaddr_in6 a = sctp_test_v6(ip, p.port);
	assert_returns(sctp_connectx(p.client, (struct sockaddr *)&a, 1, NULL), 0);
	sctp_assoc_t again = 0;
	assert_fails_with(sctp_connectx(p.client, (struct sockaddr *)&a, 1, &again), EISCONN);
	connectx_pair_close(&p);
}

/* "ECONNREFUSED No one listening on the remote address." SCTP answers the
 * INIT with an ABORT, so the refusal is immediate. */
static void check_refused(int family, int type, const char *ip)
{
	uint16_t port;
	int holder = connectx_port_without_listener(family, type, ip, &port);
	int client = sctp_test_socket(family, type);
	char address[sizeof(struct sockaddr_in6)];
	pack_addresses(address, &ip, 1, port);
	sctp_assoc_t id = 0;
	assert_fails_with(sctp_connectx(client, (struct sockaddr *)address, 1, &id), ECONNREFUSED);
	assert_fails_with(sctp_connectx(client, (struct sockaddr *)address, 1, NULL), ECONNREFUSED);
	close(client);
	close(holder);
}

Test(sctp_connectx_kernel, nobody_listening_fails_with_ECONNREFUSED_ipv4_one_to_one)
{
	check_refused(AF_INET, SOCK_STREAM, "127.0.0.1");
}

Test(sctp_connectx_kernel, nobody_listening_fails_with_ECONNREFUSED_ipv6_one_to_many)
{
	check_refused(AF_INET6, SOCK_SEQPACKET, "::1");
}

/* "ETIMEDOUT Timeout while attempting connection." A server that drops every
 * packet, and a client that sends its INIT once with a short RTO. SO_SNDTIMEO
 * bounds the wait should the kernel not give up (the call would then fail
 * with EINPROGRESS, and the test with it). */
Test(sctp_connectx_kernel, an_unanswered_attempt_fails_with_ETIMEDOUT)
{
	const char *ip = "127.0.0.1";
	struct connectx_pair p = connectx_pair_open(AF_INET, SOCK_STREAM, &ip, 1, true);
	struct sctp_rtoinfo rto = { .srto_initial = 100, .srto_max = 200, .srto_min = 50 };
	cr_assert_eq(setsockopt(p.client, SOL_SCTP, SCTP_RTOINFO, &rto, sizeof rto), 0, "SCTP_RTOINFO: %s",
		     strerror(errno));
	struct sctp_initmsg init = { .sinit_max_attempts = 1, .sinit_max_init_timeo = 200 };
	cr_assert_eq(setsockopt(p.client, SOL_SCTP, SCTP_INITMSG, &init, sizeof init), 0, "SCTP_INITMSG: %s",
		     strerror(errno));
	struct timeval bound = { .tv_sec = WAIT_MS / 1000 };
	cr_assert_eq(setsockopt(p.client, SOL_SOCKET, SO_SNDTIMEO, &bound, sizeof bound), 0);
	struct sockaddr_in a = sctp_test_v4(ip, p.port);
	sctp_assoc_t id = 0;
	assert_fails_with(sctp_connectx(p.client, (struct sockaddr *)&a, 1, &id), ETIMEDOUT);
	connectx_pair_close(&p);
}

/* "ENETUNREACH Network is unreachable." 192.0.2.1 (TEST-NET-1) is of global
 * scope: a host whose only addresses are the loopback's has no source address
 * for it. On a host with a global address the attempt would start instead
 * (EINPROGRESS on this non-blocking socket): nothing to check there. */
Test(sctp_connectx_kernel, an_unreachable_network_fails_with_ENETUNREACH)
{
	int client = sctp_test_socket(AF_INET, SOCK_STREAM);
	connectx_set_nonblocking(client);
	struct sockaddr_in a = sctp_test_v4("192.0.2.1", 9);
	sctp_assoc_t id = 0;
	errno = 0;
	int result = sctp_connectx(client, (struct sockaddr *)&a, 1, &id);
	int error = errno;
	close(client);
	if (result == -1 && error == EINPROGRESS)
		cr_skip_test("this host has an address of global scope: 192.0.2.1 is reachable");
	cr_assert_eq(result, -1);
	cr_assert_eq(error, ENETUNREACH, "errno %d (%s)", error, strerror(error));
}

/* "If sd is an IPv4 socket, the addresses passed must be IPv4 addresses." */
Test(sctp_connectx_kernel, an_ipv6_address_on_an_ipv4_socket_fails_with_EINVAL)
{
	const char *ip = "127.0.0.1";
	struct connectx_pair p = connectx_pair_open(AF_INET, SOCK_STREAM, &ip, 1, false);
	struct sockaddr_in6 a = sctp_test_v6("::1", p.port);
	sctp_assoc_t id = 0;
	assert_fails_with(sctp_connectx(p.client, (struct sockaddr *)&a, 1, &id), EINVAL);

	const char *ips[] = { "127.0.0.1", "::1" };
	char list[16 + 28];
	pack_addresses(list, ips, 2, p.port);
	assert_fails_with(sctp_connectx(p.client, (struct sockaddr *)list, 2, &id), EINVAL);
	connectx_pair_close(&p);
}

/* "EINVAL Invalid port or address": the addresses of one peer share a port. */
Test(sctp_connectx_kernel, addresses_with_different_ports_fail_with_EINVAL)
{
	const char *ips[] = { "127.0.0.1", "127.0.0.2" };
	struct connectx_pair p = connectx_pair_open(AF_INET, SOCK_STREAM, ips, 2, false);
	struct sockaddr_in list[2] = { sctp_test_v4("127.0.0.1", p.port),
				       sctp_test_v4("127.0.0.2", (uint16_t)(p.port == 65535 ? 1024 : p.port + 1)) };
	sctp_assoc_t id = 0;
	assert_fails_with(sctp_connectx(p.client, (struct sockaddr *)list, 2, &id), EINVAL);
	connectx_pair_close(&p);
}

/* addrs is "an array of one or more socket addresses". */
Test(sctp_connectx_kernel, an_addrcnt_of_zero_or_less_fails_with_EINVAL)
{
	const char *ip = "127.0.0.1";
	struct connectx_pair p = connectx_pair_open(AF_INET, SOCK_STREAM, &ip, 1, false);
	struct sockaddr_in a = sctp_test_v4(ip, p.port);
	const int counts[] = { 0, -1, INT_MIN };
	for (size_t i = 0; i < COUNT(counts); i++) {
		sctp_assoc_t id = 0;
		assert_fails_with(sctp_connectx(p.client, (struct sockaddr *)&a, counts[i], &id), EINVAL);
		assert_fails_with(sctp_connectx(p.client, (struct sockaddr *)&a, counts[i], NULL), EINVAL);
		assert_fails_with(sctp_connectx(p.client, NULL, counts[i], &id), EINVAL);
	}
	/* Nothing was set up: the socket still connects. */
	assert_returns(sctp_connectx(p.client, (struct sockaddr *)&a, 1, NULL), 0);
	connectx_pair_close(&p);
}

/* "EACCES The address is protected, and the user is not the super-user": a
 * socket bound to a privileged port, used by a user without the privilege. */
Test(sctp_connectx_kernel, a_protected_local_port_for_a_user_without_privilege_fails_with_EACCES)
{
	if (geteuid() != 0)
		cr_skip_test("needs root to bind a privileged port before giving root up");
	const char *ip = "127.0.0.1";
	struct connectx_pair p = connectx_pair_open(AF_INET, SOCK_STREAM, &ip, 1, false);
	/* A privileged port that is free on 127.0.0.1. */
	int bound = -1;
	for (uint16_t local = 1023; local >= 600 && bound != 0; local--) {
		struct sockaddr_in l = sctp_test_v4(ip, local);
		bound = bind(p.client, (struct sockaddr *)&l, sizeof l);
	}
	cr_assert_eq(bound, 0, "no free privileged port: %s", strerror(errno));
	drop_privileges();
	struct sockaddr_in a = sctp_test_v4(ip, p.port);
	sctp_assoc_t id = 0;
	assert_fails_with(sctp_connectx(p.client, (struct sockaddr *)&a, 1, &id), EACCES);
	connectx_pair_close(&p);
}

/* lksctp decides whether to try the requests of older kernels by reading
 * errno after SCTP_SOCKOPT_CONNECTX3, even when it succeeded; a stale
 * ENOPROTOOPT left by an earlier call then sends it to SCTP_SOCKOPT_CONNECTX,
 * which fails on the association just set up. "On success, 0 is returned." */
static void check_stale_errno(int type)
{
	const char *ips[] = { "127.0.0.1", "127.0.0.2" };
	struct connectx_pair p = connectx_pair_open(AF_INET, type, ips, 2, false);
	sctp_assoc_t id = 0;
	errno = ENOPROTOOPT;
	int result = sctp_connectx(p.client, (struct sockaddr *)p.list, 2, &id);
	int error = errno;
	cr_assert_eq(result, 0, "returned %d (errno %d %s) after a success with errno ENOPROTOOPT set before",
		     result, error, strerror(error));
	cr_assert_neq(id, 0);
	cr_assert_eq(id, connectx_kernel_id(p.client, type));
	cr_assert_eq(connectx_status(p.client, id).sstat_state, SCTP_ESTABLISHED);
	connectx_pair_close(&p);
}

Test(sctp_connectx_kernel, a_stale_errno_does_not_turn_a_success_into_a_failure_one_to_one)
{
	KNOWN_UPSTREAM_DIVERGENCE("connectx-stale-errno");
	check_stale_errno(SOCK_STREAM);
}

Test(sctp_connectx_kernel, a_stale_errno_does_not_turn_a_success_into_a_failure_one_to_many)
{
	KNOWN_UPSTREAM_DIVERGENCE("connectx-stale-errno");
	check_stale_errno(SOCK_SEQPACKET);
}

/* --- kernels older than SCTP_SOCKOPT_CONNECTX3 (faked by the interposer) ----- */

/* A server, and a client socket not yet connected, with the interposer armed. */
struct connectx_fallback {
	int server, client;
	uint16_t port;
	struct sockaddr_in address;
};

static struct connectx_fallback connectx_fallback_setup(int type, int connectx3_errno, int connectx_errno)
{
	struct connectx_fallback f;
	const char *ip = "127.0.0.1";
	f.server = connectx_server(AF_INET, type, &ip, 1, false, &f.port);
	f.client = sctp_test_socket(AF_INET, type);
	f.address = sctp_test_v4(ip, f.port);
	sctp_test_fault_arm(FAULT_GETSOCKOPT, 0, 0);
	if (connectx3_errno != 0)
		sctp_test_fault_on_option(FAULT_GETSOCKOPT, SCTP_SOCKOPT_CONNECTX3, connectx3_errno);
	if (connectx_errno != 0)
		sctp_test_fault_on_option(FAULT_SETSOCKOPT, SCTP_SOCKOPT_CONNECTX, connectx_errno);
	return f;
}

/* Without SCTP_SOCKOPT_CONNECTX3 (ENOPROTOOPT), SCTP_SOCKOPT_CONNECTX sets up
 * the association of a blocking socket and gives its id. */
Test(sctp_connectx_kernel, without_connectx3_a_blocking_socket_falls_back_to_connectx_and_still_sets_id)
{
	struct connectx_fallback f = connectx_fallback_setup(SOCK_SEQPACKET, ENOPROTOOPT, 0);
	sctp_assoc_t id = 0;
	assert_returns(sctp_connectx(f.client, (struct sockaddr *)&f.address, 1, &id), 0);
	sctp_test_fault_disarm();
	cr_assert_eq(sctp_test_fault_option_calls(FAULT_GETSOCKOPT, SCTP_SOCKOPT_CONNECTX3), 1);
	cr_assert_eq(sctp_test_fault_option_calls(FAULT_SETSOCKOPT, SCTP_SOCKOPT_CONNECTX), 1);
	cr_assert_eq(sctp_test_fault_option_calls(FAULT_SETSOCKOPT, SCTP_SOCKOPT_CONNECTX_OLD), 0);
	cr_assert_neq(id, 0);
	cr_assert_eq(id, connectx_only_association(f.client));
	cr_assert_eq(connectx_status(f.client, id).sstat_state, SCTP_ESTABLISHED);
	close(f.client);
	close(f.server);
}

/* Without SCTP_SOCKOPT_CONNECTX either, SCTP_SOCKOPT_CONNECTX_OLD serves a
 * caller that asked for no id. */
Test(sctp_connectx_kernel, without_connectx3_and_connectx_a_null_id_falls_back_to_connectx_old)
{
	struct connectx_fallback f = connectx_fallback_setup(SOCK_STREAM, ENOPROTOOPT, ENOPROTOOPT);
	assert_returns(sctp_connectx(f.client, (struct sockaddr *)&f.address, 1, NULL), 0);
	sctp_test_fault_disarm();
	cr_assert_eq(sctp_test_fault_option_calls(FAULT_GETSOCKOPT, SCTP_SOCKOPT_CONNECTX3), 1);
	cr_assert_eq(sctp_test_fault_option_calls(FAULT_SETSOCKOPT, SCTP_SOCKOPT_CONNECTX), 1);
	cr_assert_eq(sctp_test_fault_option_calls(FAULT_SETSOCKOPT, SCTP_SOCKOPT_CONNECTX_OLD), 1);
	cr_assert_eq(connectx_status(f.client, 0).sstat_state, SCTP_ESTABLISHED);
	connectx_assert_server_has_association(f.server, SOCK_STREAM);
	close(f.client);
	close(f.server);
}

/* SCTP_SOCKOPT_CONNECTX_OLD cannot tell the id: a caller that wants it gets
 * ENOPROTOOPT, and no association is set up. */
Test(sctp_connectx_kernel, without_connectx3_and_connectx_an_id_cannot_be_given_ENOPROTOOPT)
{
	struct connectx_fallback f = connectx_fallback_setup(SOCK_SEQPACKET, ENOPROTOOPT, ENOPROTOOPT);
	sctp_assoc_t id = 0;
	assert_fails_with(sctp_connectx(f.client, (struct sockaddr *)&f.address, 1, &id), ENOPROTOOPT);
	sctp_test_fault_disarm();
	cr_assert_eq(sctp_test_fault_option_calls(FAULT_SETSOCKOPT, SCTP_SOCKOPT_CONNECTX_OLD), 0);
	union {
		struct sctp_assoc_ids ids;
		char bytes[sizeof(struct sctp_assoc_ids) + 8 * sizeof(sctp_assoc_t)];
	} buf;
	socklen_t len = sizeof buf;
	cr_assert_eq(getsockopt(f.client, SOL_SCTP, SCTP_GET_ASSOC_ID_LIST, &buf, &len), 0);
	cr_assert_eq(buf.ids.gaids_number_of_ids, 0, "an association was set up");
	close(f.client);
	close(f.server);
}

/* SCTP_SOCKOPT_CONNECTX gives no id for a non-blocking socket: without
 * SCTP_SOCKOPT_CONNECTX3, a non-blocking caller that wants the id gets
 * ENOPROTOOPT, and nothing is attempted. */
Test(sctp_connectx_kernel, without_connectx3_a_non_blocking_socket_cannot_give_an_id_ENOPROTOOPT)
{
	struct connectx_fallback f = connectx_fallback_setup(SOCK_SEQPACKET, ENOPROTOOPT, 0);
	connectx_set_nonblocking(f.client);
	sctp_assoc_t id = 0;
	assert_fails_with(sctp_connectx(f.client, (struct sockaddr *)&f.address, 1, &id), ENOPROTOOPT);
	sctp_test_fault_disarm();
	cr_assert_eq(sctp_test_fault_option_calls(FAULT_SETSOCKOPT, SCTP_SOCKOPT_CONNECTX), 0);
	cr_assert_eq(sctp_test_fault_option_calls(FAULT_SETSOCKOPT, SCTP_SOCKOPT_CONNECTX_OLD), 0);
	close(f.client);
	close(f.server);
}

/* The older requests are tried only when the kernel says ENOPROTOOPT: any
 * other error of SCTP_SOCKOPT_CONNECTX3 is the call's. */
Test(sctp_connectx_kernel, an_error_of_connectx3_other_than_ENOPROTOOPT_is_returned_without_fallback)
{
	struct connectx_fallback f = connectx_fallback_setup(SOCK_STREAM, EHOSTUNREACH, 0);
	sctp_assoc_t id = 0;
	assert_fails_with(sctp_connectx(f.client, (struct sockaddr *)&f.address, 1, &id), EHOSTUNREACH);
	assert_fails_with(sctp_connectx(f.client, (struct sockaddr *)&f.address, 1, NULL), EHOSTUNREACH);
	sctp_test_fault_disarm();
	cr_assert_eq(sctp_test_fault_option_calls(FAULT_GETSOCKOPT, SCTP_SOCKOPT_CONNECTX3), 2);
	cr_assert_eq(sctp_test_fault_option_calls(FAULT_SETSOCKOPT, SCTP_SOCKOPT_CONNECTX), 0);
	cr_assert_eq(sctp_test_fault_option_calls(FAULT_SETSOCKOPT, SCTP_SOCKOPT_CONNECTX_OLD), 0);
	close(f.client);
	close(f.server);
}

/* --- the older ABI versions, on real associations ----------------------------- */

/* sctp_connectx@VERS_1 (sd, addrs, addrcnt): 0 on success. */
Test(sctp_connectx_kernel, vers_1_sets_up_an_association_and_returns_0)
{
	connectx_v1_fn v1 = (connectx_v1_fn)connectx_version("VERS_1");
	const char *ips[] = { "127.0.0.1", "127.0.0.2" };
	struct connectx_pair p = connectx_pair_open(AF_INET, SOCK_STREAM, ips, 2, false);
	assert_returns(v1(p.client, (struct sockaddr *)p.list, 2), 0);
	cr_assert_eq(connectx_status(p.client, 0).sstat_state, SCTP_ESTABLISHED);
	connectx_assert_peers(p.client, 0, p.port, ips, 2);
	connectx_assert_server_has_association(p.server, SOCK_STREAM);
	connectx_pair_close(&p);
}

/* sctp_connectx@VERS_2 and @@VERS_3: 0 on success, and *id set. */
static void check_version_with_id(const char *version, int family, int type, const char *const *ips,
				  size_t count)
{
	connectx_id_fn fn = (connectx_id_fn)connectx_version(version);
	struct connectx_pair p = connectx_pair_open(family, type, ips, count, false);
	sctp_assoc_t id = 0;
	assert_returns(fn(p.client, (struct sockaddr *)p.list, (int)count, &id), 0);
	cr_assert_neq(id, 0, "sctp_connectx@%s did not set *id", version);
	cr_assert_eq(id, connectx_kernel_id(p.client, type));
	cr_assert_eq(connectx_status(p.client, id).sstat_state, SCTP_ESTABLISHED);
	connectx_assert_peers(p.client, id, p.port, ips, count);
	connectx_pair_close(&p);
}

Test(sctp_connectx_kernel, vers_2_sets_up_an_association_returns_0_and_sets_id)
{
	const char *ips[] = { "127.0.0.1", "127.0.0.2" };
	check_version_with_id("VERS_2", AF_INET, SOCK_SEQPACKET, ips, 2);
}

Test(sctp_connectx_kernel, vers_3_sets_up_an_association_returns_0_and_sets_id)
{
	const char *ips[] = { "::1", "127.0.0.1" };
	check_version_with_id("VERS_3", AF_INET6, SOCK_SEQPACKET, ips, 2);
}

/* Each version fails with -1 and errno: the kernel's ECONNREFUSED, and the
 * library's EINVAL for a list with an unknown family. */
Test(sctp_connectx_kernel, every_version_fails_with_minus_1_and_errno)
{
	connectx_v1_fn v1 = (connectx_v1_fn)connectx_version("VERS_1");
	connectx_id_fn v2 = (connectx_id_fn)connectx_version("VERS_2");
	connectx_id_fn v3 = (connectx_id_fn)connectx_version("VERS_3");
	uint16_t port;
	int holder = connectx_port_without_listener(AF_INET, SOCK_STREAM, "127.0.0.1", &port);
	struct sockaddr_in a = sctp_test_v4("127.0.0.1", port);
	struct sockaddr_un unix_address = { .sun_family = AF_UNIX };
	sctp_assoc_t id = 0;

	int client = sctp_test_socket(AF_INET, SOCK_STREAM);
	assert_fails_with(v1(client, (struct sockaddr *)&a, 1), ECONNREFUSED);
	assert_fails_with(v1(client, (struct sockaddr *)&unix_address, 1), EINVAL);
	close(client);

	client = sctp_test_socket(AF_INET, SOCK_STREAM);
	assert_fails_with(v2(client, (struct sockaddr *)&a, 1, &id), ECONNREFUSED);
	assert_fails_with(v2(client, (struct sockaddr *)&unix_address, 1, &id), EINVAL);
	close(client);

	client = sctp_test_socket(AF_INET, SOCK_STREAM);
	assert_fails_with(v3(client, (struct sockaddr *)&a, 1, &id), ECONNREFUSED);
	assert_fails_with(v3(client, (struct sockaddr *)&unix_address, 1, &id), EINVAL);
	close(client);
	close(holder);
}
