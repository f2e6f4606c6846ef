/* sctp_getpaddrs(3), sctp_freepaddrs(3): the peer addresses of an association.
 *
 * The allocation checks (one allocation of exactly the size of the list, and
 * nothing left behind by sctp_freepaddrs) use the counter of alloc_count.c.
 */
#include "sctp_test.h"
#include "sctp_test_address_lists.h"

/* --- without an SCTP kernel ------------------------------------------------- */

ADDRESS_LIST_ERROR_TESTS(sctp_getpaddrs, PEER_ADDRESS_LIST, AF_INET)

Test(sctp_getpaddrs, on_error_nothing_is_allocated)
{
	NOT_IN_LKSCTP("this library's own allocations: lksctp allocates its read buffer before the call that fails");
	struct sockaddr *addrs = NULL;
	size_t allocations = assert_fails_leaving_nothing_allocated(PEER_ADDRESS_LIST, -1, &addrs, EBADF);
	cr_assert_eq(allocations, 0, "a failing sctp_getpaddrs made %zu allocations", allocations);
}

/* --- on a real SCTP kernel -------------------------------------------------- */

Test(sctp_getpaddrs_kernel, returns_all_peer_addresses_in_an_association)
{
	uint16_t port, client_port;
	int server;
	int client = client_of_server3(SOCK_STREAM, &server, &port, &client_port);
	connect_to(client, "127.0.0.1", port);
	int accepted = accept_bounded(server);

	assert_peer_addresses(client, 0, server3, 3, port);
	assert_peer_addresses(accepted, 0, client2, 2, client_port);

	close(accepted);
	close(client);
	close(server);
}

Test(sctp_getpaddrs_kernel, returns_the_number_of_peer_addresses_in_the_association_one_to_many)
{
	uint16_t port, client_port;
	int server;
	int client = client_of_server3(SOCK_SEQPACKET, &server, &port, &client_port);
	sctp_assoc_t id = connect_association(client, "127.0.0.2", port);
	sctp_assoc_t server_ids[4];
	cr_assert_eq(association_ids(server, server_ids, 4), 1);

	assert_peer_addresses(client, id, server3, 3, port);
	assert_peer_addresses(server, server_ids[0], client2, 2, client_port);

	close(client);
	close(server);
}

/* The server listens on ::1, 127.0.0.1 and 127.0.0.2; a client of `family`
 * connects to `ip` and must see `expected` as its peer addresses.
 * `mapped_v4` sets SCTP_I_WANT_MAPPED_V4_ADDR, -1 keeps the default. */
static const char *const three_server_ips[] = { "::1", "127.0.0.1", "127.0.0.2" };

static void assert_peers_of_the_three_address_server(int family, int mapped_v4, const char *ip,
						     const char *const *expected, int count)
{
	uint16_t port;
	int server = listener_on(AF_INET6, SOCK_STREAM, three_server_ips, 3, &port);
	int client = sctp_test_socket(family, SOCK_STREAM);
	if (mapped_v4 != -1)
		set_mapped_v4(client, mapped_v4);
	connect_to(client, ip, port);

	assert_peer_addresses(client, 0, expected, count, port);
	close(client);
	close(server);
}

Test(sctp_getpaddrs_kernel, if_sd_is_an_ipv4_socket_the_addresses_returned_will_be_all_ipv4_addresses)
{
	/* The server also has ::1, which an IPv4 peer is not told about. */
	static const char *const ipv4_only[] = { "127.0.0.1", "127.0.0.2" };
	assert_peers_of_the_three_address_server(AF_INET, -1, "127.0.0.1", ipv4_only, 2);
}

Test(sctp_getpaddrs_kernel, if_sd_is_an_ipv6_socket_the_addresses_returned_can_be_a_mix_of_ipv4_or_ipv6_addresses)
{
	/* IPv4 addresses as sockaddr_in: a list of 28 + 16 + 16 bytes. */
	assert_peers_of_the_three_address_server(AF_INET6, 0, "::1", three_server_ips, 3);
}

Test(sctp_getpaddrs_kernel, if_sd_is_an_ipv6_socket_ipv4_peer_addresses_come_v4_mapped_by_default)
{
	static const char *const mapped[] = { "::1", "::ffff:127.0.0.1", "::ffff:127.0.0.2" };
	assert_peers_of_the_three_address_server(AF_INET6, -1, "::1", mapped, 3);
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

	assert_peer_addresses(client, 0, loopback6, 1, port);

	assert_peer_addresses(server, only_association_id(server), loopback6, 1, client_port);
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

	assert_peer_addresses(client, to_b, b_ips, 3, b_port);
	assert_peer_addresses(client, to_a, a_ips, 2, a_port);

	/* An id that names no association of the socket. */
	sctp_assoc_t none = to_a > to_b ? to_a + 1000 : to_b + 1000;
	struct sockaddr *addrs = NULL;
	assert_fails_with(sctp_getpaddrs(client, none, &addrs), EINVAL);

	close(client);
	close(b);
	close(a);
}

Test(sctp_getpaddrs_kernel, for_one_to_one_style_sockets_id_is_ignored)
{
	uint16_t port;
	int server;
	int client = connected_to_server3("127.0.0.3", &server, &port);

	sctp_assoc_t ids[] = { 12345, -7, 1 };
	for (size_t i = 0; i < 3; i++) {
		assert_peer_addresses(client, ids[i], server3, 3, port);
	}
	close(client);
	close(server);
}

/* "If there is no association on this socket, 0 is returned": lksctp
 * returns the kernel's -1 with EINVAL instead, on a socket that never had
 * one and on a listening one. */
Test(sctp_getpaddrs_kernel, without_an_association_on_a_one_to_one_socket_minus_1_einval_is_returned_as_by_lksctp)
{
	int fresh = sctp_test_socket(AF_INET, SOCK_STREAM);
	struct sockaddr *untouched = (struct sockaddr *)&address_list_untouched;
	struct sockaddr *addrs = untouched;
	assert_fails_with(sctp_getpaddrs(fresh, 0, &addrs), EINVAL);
	cr_assert_eq(addrs, untouched, "a failing sctp_getpaddrs changed *addrs");

	uint16_t port;
	int listening = sctp_test_listener(AF_INET6, SOCK_STREAM, "::1", &port);
	assert_fails_with(sctp_getpaddrs(listening, 42, &addrs), EINVAL);
	cr_assert_eq(addrs, untouched, "a failing sctp_getpaddrs changed *addrs");
	close(listening);
	close(fresh);
}

/* One-to-one `fd` has an association with `client`: sctp_getpaddrs(fd,
 * `live_id`) lists its one peer address while it lives; once `client` has
 * shut it down, -1 with EINVAL, *addrs untouched. The JDK's
 * SctpChannel.getRemoteAddresses() falls back to its cached set only on
 * that failure (a 0 made it return null). */
static void check_einval_once_the_peer_shut_down(int fd, sctp_assoc_t live_id, int client, const char *what)
{
	struct sockaddr *addrs = NULL;
	int n = sctp_getpaddrs(fd, live_id, &addrs);
	cr_assert_eq(n, 1, "sctp_getpaddrs on the live %s returned %d", what, n);
	sctp_freepaddrs(addrs);

	close(client);
	wait_until_association_ended(fd);
	struct sockaddr *untouched = (struct sockaddr *)&address_list_untouched;
	addrs = untouched;
	assert_fails_with(sctp_getpaddrs(fd, 0, &addrs), EINVAL);
	cr_assert_eq(addrs, untouched, "a failing sctp_getpaddrs changed *addrs");
	assert_fails_with(sctp_getpaddrs(fd, live_id, &addrs), EINVAL);
}

Test(sctp_getpaddrs_kernel, once_the_peer_has_shut_the_association_down_minus_1_einval_is_returned_as_by_lksctp)
{
	uint16_t port;
	int server;
	int client = connected_to_server3("127.0.0.1", &server, &port);
	int accepted = accept_bounded(server);
	check_einval_once_the_peer_shut_down(accepted, 0, client, "association");
	close(accepted);
	close(server);
}

Test(sctp_getpaddrs_kernel, once_the_peer_has_shut_down_a_peeled_off_association_minus_1_einval_is_returned_as_by_lksctp)
{
	/* A peeled-off socket is one-to-one too, though Linux gives it
	 * SO_TYPE SOCK_SEQPACKET. Peeled off with the socket option itself. */
	int server;
	int client = connected_ipv4_client(SOCK_SEQPACKET, &server, NULL);
	int peeled = peel_off_by_socket_option(server, only_association_id(server));
	check_einval_once_the_peer_shut_down(peeled, 12345, client, "peeled-off association");
	close(peeled);
	close(server);
}

/* 250 * 16 bytes: more than the library's first, 128-address read holds. */
enum { MANY = 250 };
static char many_storage[MANY][32];
static const char *many[MANY];

/* A one-to-one client connected to a server (*server, on *port) bound to
 * the MANY addresses of `many`. */
static int connect_to_many(int *server, uint16_t *port)
{
	loopback_range(many_storage, many, MANY, false);
	*server = listener_on(AF_INET, SOCK_STREAM, many, MANY, port);
	int client = sctp_test_socket(AF_INET, SOCK_STREAM);
	connect_to(client, "127.0.0.1", *port);
	return client;
}

Test(sctp_getpaddrs_kernel, returns_all_peer_addresses_of_an_association_with_more_than_128)
{
	uint16_t port;
	int server;
	int client = connect_to_many(&server, &port);
	assert_list_is_one_allocation_freed_by_the_free_call(PEER_ADDRESS_LIST, client, 0, many, MANY, port, false);
	close(client);
	close(server);
}

Test(sctp_getpaddrs_kernel, sctp_freepaddrs_frees_all_the_resources_allocated_by_sctp_getpaddrs)
{
	NOT_IN_LKSCTP("this library's own allocations: lksctp hands over its 4 KiB read buffer");
	uint16_t port;
	int server;
	int client = connected_to_server3("127.0.0.1", &server, &port);

	assert_list_is_one_allocation_freed_by_the_free_call(PEER_ADDRESS_LIST, client, 0, server3, 3, port, true);
	close(client);
	close(server);
}

Test(sctp_getpaddrs_kernel, the_in_out_parameter_addrs_must_not_be_null_on_an_association)
{
	KNOWN_UPSTREAM_DIVERGENCE("getaddrs-null-addrs");
	uint16_t port;
	int server;
	int client = connected_to_server3("127.0.0.1", &server, &port);
	assert_fails_leaving_nothing_allocated(PEER_ADDRESS_LIST, client, NULL, EFAULT);
	close(client);
	close(server);
}

/* The same sweep on each path of a real association: a list read on the
 * stack, one read into a growing heap buffer, no association, a wrong id. */
Test(sctp_getpaddrs_kernel, on_error_minus_1_is_returned_and_nothing_is_allocated_with_each_kernel_error_on_each_call)
{
	uint16_t port;
	int server;
	int client = connected_to_server3("127.0.0.1", &server, &port);
	assert_every_kernel_error_handled(PEER_ADDRESS_LIST, client, 0, server3, 3, port, (struct fault_outcome){ 3, 0 });
	close(client);
	close(server);
}

Test(sctp_getpaddrs_kernel, on_error_minus_1_is_returned_and_nothing_is_allocated_with_each_kernel_error_on_a_list_of_more_than_128)
{
	uint16_t port;
	int server;
	int client = connect_to_many(&server, &port);
	assert_every_kernel_error_handled(PEER_ADDRESS_LIST, client, 0, many, MANY, port,
					  (struct fault_outcome){ MANY, 0 });
	close(client);
	close(server);
}

Test(sctp_getpaddrs_kernel, without_an_association_minus_1_is_returned_and_nothing_is_allocated_with_each_kernel_error_on_each_call)
{
	int fresh = sctp_test_socket(AF_INET, SOCK_STREAM);
	assert_every_kernel_error_handled(PEER_ADDRESS_LIST, fresh, 0, NULL, 0, 0,
					  (struct fault_outcome){ -1, EINVAL });
	close(fresh);
}

Test(sctp_getpaddrs_kernel, for_one_to_many_style_sockets_a_wrong_id_fails_and_nothing_is_allocated_with_each_kernel_error_on_each_call)
{
	uint16_t port;
	int server = sctp_test_listener(AF_INET, SOCK_SEQPACKET, "127.0.0.1", &port);
	assert_every_kernel_error_handled(PEER_ADDRESS_LIST, server, 4242, NULL, 0, 0,
					  (struct fault_outcome){ -1, EINVAL });
	close(server);
}

/* A list longer than the first read holds makes the call read again into a
 * bigger buffer; if the association ends in between, the kernel's EINVAL to
 * that second read comes back, as lksctp returns it: -1, *addrs untouched,
 * nothing allocated. The first read's "too short" is forced (ENOMEM), the
 * second is the kernel's own answer on a socket without an association. */
Test(sctp_getpaddrs_kernel, when_the_association_ends_while_a_longer_list_is_read_the_kernels_einval_comes_back)
{
	int fresh = sctp_test_socket(AF_INET, SOCK_STREAM);
	struct sockaddr *addrs = (struct sockaddr *)&address_list_untouched;
	sctp_test_alloc_start();
	sctp_test_fault_arm(FAULT_GETSOCKOPT, 1, ENOMEM);
	errno = 0;
	int rc = sctp_getpaddrs(fresh, 0, &addrs);
	int error = errno;
	sctp_test_fault_disarm();
	sctp_test_alloc_stop();
	cr_assert_eq(sctp_test_fault_fired(), 1, "the first read was not made");
	cr_assert_eq(rc, -1, "sctp_getpaddrs returned %d, expected -1", rc);
	cr_assert_eq(error, EINVAL, "errno %s, expected EINVAL", strerror(error));
	cr_assert_eq(addrs, (struct sockaddr *)&address_list_untouched, "a failing sctp_getpaddrs changed *addrs");
	cr_assert_eq(sctp_test_alloc_live(NULL, NULL, 0), 0, "an allocation was left behind");
	close(fresh);
}

/* lksctp grows its read buffer to 128 KiB + 4 KiB and no further: a list the
 * kernel says is longer fails with ENOBUFS (every read made "too short"
 * here), *addrs untouched, nothing left allocated. */
Test(sctp_getpaddrs, a_list_longer_than_132_kib_fails_with_enobufs)
{
	int fd = sctp_test_udp_socket(AF_INET);
	struct sockaddr *addrs = (struct sockaddr *)&address_list_untouched;
	sctp_test_alloc_start();
	sctp_test_fault_arm(FAULT_GETSOCKOPT, 0, 0);
	sctp_test_fault_on_option(FAULT_GETSOCKOPT, SCTP_GET_PEER_ADDRS, ENOMEM);
	errno = 0;
	int rc = sctp_getpaddrs(fd, 0, &addrs);
	int error = errno;
	sctp_test_fault_disarm();
	sctp_test_alloc_stop();
	cr_assert_eq(rc, -1, "sctp_getpaddrs returned %d, expected -1", rc);
	cr_assert_eq(error, ENOBUFS, "errno %s, expected ENOBUFS", strerror(error));
	cr_assert_eq(addrs, (struct sockaddr *)&address_list_untouched, "a failing sctp_getpaddrs changed *addrs");
	cr_assert_eq(sctp_test_alloc_live(NULL, NULL, 0), 0, "an allocation was left behind");
	close(fd);
}
