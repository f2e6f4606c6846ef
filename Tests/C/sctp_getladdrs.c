/* sctp_getladdrs(3), sctp_freeladdrs(3): the locally bound addresses of a
 * socket or of one of its associations.
 *
 * The allocation checks use the counter of alloc_count.c.
 */
#include "sctp_test.h"
#include "sctp_test_address_lists.h"

/* --- without an SCTP kernel ------------------------------------------------- */

ADDRESS_LIST_ERROR_TESTS(sctp_getladdrs, LOCAL_ADDRESS_LIST, AF_INET6)

Test(sctp_getladdrs, on_error_nothing_is_allocated)
{
	NOT_IN_LKSCTP("this library's own allocations: lksctp allocates its read buffer before the call that fails");
	int fd = sctp_test_file_descriptor();
	struct sockaddr *addrs = NULL;
	size_t allocations = assert_fails_leaving_nothing_allocated(LOCAL_ADDRESS_LIST, fd, &addrs, ENOTSOCK);
	cr_assert_eq(allocations, 0, "a failing sctp_getladdrs made %zu allocations", allocations);
	close(fd);
}

/* --- on a real SCTP kernel -------------------------------------------------- */

Test(sctp_getladdrs_kernel, returns_all_locally_bound_addresses_on_a_socket)
{
	int types[] = { SOCK_STREAM, SOCK_SEQPACKET };
	for (size_t i = 0; i < 2; i++) {
		int fd = sctp_test_socket(AF_INET, types[i]);
		bind_addresses(fd, server3, 3, 0);
		uint16_t port = sctp_test_local_port(fd);
		assert_local_addresses(fd, 0, server3, 3, port);
		close(fd);
	}
}

Test(sctp_getladdrs_kernel, returns_the_number_of_local_addresses_bound_to_the_socket_when_listening)
{
	uint16_t port;
	int server = listener_on(AF_INET, SOCK_STREAM, server3, 3, &port);
	assert_local_addresses(server, 0, server3, 3, port);

	/* The accepted socket's association has the same local addresses. */
	int client = sctp_test_socket(AF_INET, SOCK_STREAM);
	connect_to(client, "127.0.0.2", port);
	int accepted = accept_bounded(server);
	assert_local_addresses(accepted, 0, server3, 3, port);
	close(accepted);
	close(client);
	close(server);
}

Test(sctp_getladdrs_kernel, if_sd_is_an_ipv4_socket_the_addresses_returned_will_be_all_ipv4_addresses)
{
	/* Bound to the wildcard: the kernel lists the host's addresses. */
	int fd = sctp_test_socket(AF_INET, SOCK_STREAM);
	struct sockaddr_in any = sctp_test_v4("0.0.0.0", 0);
	cr_assert_eq(bind(fd, (struct sockaddr *)&any, sizeof any), 0, "bind: %s", strerror(errno));
	uint16_t port = sctp_test_local_port(fd);
	struct sockaddr *addrs = NULL;
	int n = sctp_getladdrs(fd, 0, &addrs);
	cr_assert_geq(n, 1, "sctp_getladdrs returned %d on a socket bound to 0.0.0.0", n);
	cr_assert_not_null(addrs);
	struct addr_key *keys = keys_of_list(addrs, n);
	struct addr_key loopback = key_of_literal("127.0.0.1", port);
	bool has_loopback = false;
	for (int i = 0; i < n; i++) {
		cr_assert_eq(keys[i].family, AF_INET, "address %d has family %u on an IPv4 socket", i, keys[i].family);
		cr_assert_eq(keys[i].port, port);
		has_loopback = has_loopback || key_compare(&keys[i], &loopback) == 0;
	}
	cr_assert(has_loopback, "127.0.0.1 is not among the %d addresses", n);
	free(keys);
	sctp_freeladdrs(addrs);
	close(fd);
}

Test(sctp_getladdrs_kernel, if_sd_is_an_ipv6_socket_the_addresses_returned_can_be_a_mix_of_ipv4_or_ipv6_addresses)
{
	static const char *const mixed[] = { "::1", "127.0.0.1", "127.0.0.2" };
	int fd = sctp_test_socket(AF_INET6, SOCK_SEQPACKET);
	set_mapped_v4(fd, 0);
	bind_addresses(fd, mixed, 3, 0);
	uint16_t port = sctp_test_local_port(fd);
	assert_local_addresses(fd, 0, mixed, 3, port);
	close(fd);
}

Test(sctp_getladdrs_kernel, if_sd_is_an_ipv6_socket_ipv4_addresses_come_v4_mapped_by_default)
{
	static const char *const mixed[] = { "::1", "127.0.0.1", "127.0.0.2" };
	static const char *const mapped[] = { "::1", "::ffff:127.0.0.1", "::ffff:127.0.0.2" };
	int fd = sctp_test_socket(AF_INET6, SOCK_STREAM);
	bind_addresses(fd, mixed, 3, 0);
	uint16_t port = sctp_test_local_port(fd);
	assert_local_addresses(fd, 0, mapped, 3, port);
	close(fd);
}

Test(sctp_getladdrs_kernel, returns_all_locally_bound_addresses_on_an_ipv6_socket)
{
	static const char *const loopback6[] = { "::1" };
	uint16_t port;
	int server = listener_on(AF_INET6, SOCK_STREAM, loopback6, 1, &port);
	assert_local_addresses(server, 0, loopback6, 1, port);

	int client = sctp_test_socket(AF_INET6, SOCK_STREAM);
	bind_addresses(client, loopback6, 1, 0);
	uint16_t client_port = sctp_test_local_port(client);
	connect_to(client, "::1", port);
	assert_local_addresses(client, 0, loopback6, 1, client_port);
	close(client);
	close(server);
}

/* A one-to-many server whose two associations have different local
 * addresses: `first` came up while it was bound to 127.0.0.1 only, `second`
 * after sctp_bindx added 127.0.0.2 (ASCONF off, so `first` is not told). */
struct two_associations {
	int server, client1, client2;
	uint16_t port;
	sctp_assoc_t first, second;
};

static struct two_associations two_associations_setup(void)
{
	static const char *const first_ip[] = { "127.0.0.1" };
	static const char *const second_ip[] = { "127.0.0.2" };
	struct two_associations t;
	t.server = sctp_test_socket(AF_INET, SOCK_SEQPACKET);
	struct sctp_assoc_value off = { .assoc_id = SCTP_FUTURE_ASSOC, .assoc_value = 0 };
	cr_assert_eq(setsockopt(t.server, SOL_SCTP, SCTP_ASCONF_SUPPORTED, &off, sizeof off), 0,
		     "SCTP_ASCONF_SUPPORTED: %s", strerror(errno));
	bind_addresses(t.server, first_ip, 1, 0);
	cr_assert_eq(listen(t.server, 16), 0);
	t.port = sctp_test_local_port(t.server);

	t.client1 = sctp_test_socket(AF_INET, SOCK_STREAM);
	connect_to(t.client1, "127.0.0.1", t.port);
	t.first = new_association(t.server, NULL, 0);

	bind_addresses(t.server, second_ip, 1, t.port);
	t.client2 = sctp_test_socket(AF_INET, SOCK_STREAM);
	connect_to(t.client2, "127.0.0.2", t.port);
	t.second = new_association(t.server, &t.first, 1);
	return t;
}

static void two_associations_teardown(struct two_associations *t)
{
	close(t->client2);
	close(t->client1);
	close(t->server);
}

Test(sctp_getladdrs_kernel, for_one_to_many_style_sockets_id_specifies_the_association_to_query)
{
	static const char *const first_ips[] = { "127.0.0.1" };
	static const char *const second_ips[] = { "127.0.0.1", "127.0.0.2" };
	struct two_associations t = two_associations_setup();

	assert_local_addresses(t.server, t.first, first_ips, 1, t.port);
	assert_local_addresses(t.server, t.second, second_ips, 2, t.port);

	sctp_assoc_t none = (t.first > t.second ? t.first : t.second) + 1000;
	struct sockaddr *addrs = NULL;
	assert_fails_with(sctp_getladdrs(t.server, none, &addrs), EINVAL);
	two_associations_teardown(&t);
}

Test(sctp_getladdrs_kernel, if_the_id_field_is_set_to_0_the_locally_bound_addresses_are_returned_without_regard_to_any_particular_association)
{
	static const char *const bound[] = { "127.0.0.1", "127.0.0.2" };
	struct two_associations t = two_associations_setup();
	assert_local_addresses(t.server, 0, bound, 2, t.port);
	two_associations_teardown(&t);
}

Test(sctp_getladdrs_kernel, for_one_to_one_style_sockets_id_is_ignored)
{
	uint16_t port, client_port;
	int server;
	int client = client_of_server3(SOCK_STREAM, &server, &port, &client_port);
	connect_to(client, "127.0.0.1", port);

	sctp_assoc_t ids[] = { 0, 12345, -7, 1 };
	for (size_t i = 0; i < 4; i++) {
		assert_local_addresses(client, ids[i], client2, 2, client_port);
	}
	close(client);
	close(server);
}

/* "id is ignored for one-to-one sockets" holds only while the socket has its
 * association: without one, the kernel (and lksctp) refuse a non-zero id
 * with EINVAL, *addrs untouched, and id 0 lists the socket's addresses.
 * Programs see the errno (pysctp, Erlang's inet:socknames(S, 5)). */
static void assert_non_zero_id_fails_with_einval(int fd, sctp_assoc_t id)
{
	struct sockaddr *untouched = (struct sockaddr *)&address_list_untouched;
	struct sockaddr *addrs = untouched;
	assert_fails_with(sctp_getladdrs(fd, id, &addrs), EINVAL);
	cr_assert_eq(addrs, untouched, "a failing sctp_getladdrs changed *addrs");
}

/* Once `client` has closed its end of the association of one-to-one `fd`
 * and the association has ended, id 777 fails with EINVAL and id 0 still
 * lists `ips` on `port`. */
static void assert_only_id_0_lists_once_the_association_ended(int fd, int client, const char *const *ips, int count,
							      uint16_t port)
{
	close(client);
	wait_until_association_ended(fd);
	assert_non_zero_id_fails_with_einval(fd, 777);
	assert_local_addresses(fd, 0, ips, count, port);
}

Test(sctp_getladdrs_kernel, a_non_zero_id_on_a_one_to_one_socket_without_an_association_fails_with_einval_as_in_lksctp)
{
	int fd = sctp_test_socket(AF_INET, SOCK_STREAM);
	bind_addresses(fd, client2, 2, 0);
	uint16_t port = sctp_test_local_port(fd);
	sctp_assoc_t ids[] = { 12345, 1, 5 };
	for (size_t i = 0; i < 3; i++) {
		assert_non_zero_id_fails_with_einval(fd, ids[i]);
	}
	assert_local_addresses(fd, 0, client2, 2, port);
	cr_assert_eq(listen(fd, 4), 0);
	assert_non_zero_id_fails_with_einval(fd, 777);
	assert_local_addresses(fd, 0, client2, 2, port);
	close(fd);
}

Test(sctp_getladdrs_kernel, a_non_zero_id_on_a_one_to_one_socket_fails_with_einval_after_the_association_ended)
{
	uint16_t port;
	int server;
	int client = connected_to_server3("127.0.0.1", &server, &port);
	int accepted = accept_bounded(server);
	assert_local_addresses(accepted, 777, server3, 3, port);
	assert_only_id_0_lists_once_the_association_ended(accepted, client, server3, 3, port);
	close(accepted);
	close(server);
}

Test(sctp_getladdrs_kernel, a_non_zero_id_on_a_peeled_off_socket_is_ignored_until_its_association_ends)
{
	/* A peeled-off socket is one-to-one too, though Linux gives it
	 * SO_TYPE SOCK_SEQPACKET. Peeled off with the socket option itself. */
	static const char *const loopback[] = { "127.0.0.1" };
	uint16_t port;
	int server = listener_on(AF_INET, SOCK_SEQPACKET, loopback, 1, &port);
	int client = sctp_test_socket(AF_INET, SOCK_STREAM);
	connect_to(client, "127.0.0.1", port);
	int peeled = peel_off_by_socket_option(server, only_association_id(server));

	assert_local_addresses(peeled, 777, loopback, 1, port);
	assert_only_id_0_lists_once_the_association_ended(peeled, client, loopback, 1, port);
	close(peeled);
	close(server);
}

Test(sctp_getladdrs_kernel, if_the_socket_is_unbound_0_is_returned)
{
	int families[] = { AF_INET, AF_INET6 };
	int types[] = { SOCK_STREAM, SOCK_SEQPACKET };
	for (size_t f = 0; f < 2; f++) {
		for (size_t t = 0; t < 2; t++) {
			int fd = sctp_test_socket(families[f], types[t]);
			struct sockaddr *addrs = NULL;
			assert_returns(sctp_getladdrs(fd, 0, &addrs), 0);
			/* As lksctp: an allocation all the same, which
			 * sctp_freeladdrs frees. */
			cr_assert_not_null(addrs, "sctp_getladdrs returned 0 with *addrs NULL");
			sctp_freeladdrs(addrs);
			close(fd);
		}
	}
}

/* Binds a socket of `family` to 127.0.0.1 ... 127.0.0.count and checks that
 * sctp_getladdrs lists them all, in one allocation that sctp_freeladdrs
 * releases. */
static char plain_storage[254][32], mapped_storage[254][32];
static const char *plain[254], *mapped[254];

/* A one-to-one socket of `family` bound to 127.0.0.1 ... 127.0.0.count, on
 * *port; *list: those addresses as the socket lists them. */
static int bound_to_many(int family, int count, uint16_t *port, const char *const **list)
{
	cr_assert_leq(count, 254);
	loopback_range(plain_storage, plain, count, false);
	loopback_range(mapped_storage, mapped, count, true);
	int fd = sctp_test_socket(family, SOCK_STREAM);
	bind_addresses(fd, plain, count, 0);
	*port = sctp_test_local_port(fd);
	*list = family == AF_INET6 ? mapped : plain;
	return fd;
}

static void check_many_local_addresses(int family, int count)
{
	uint16_t port;
	const char *const *list;
	int fd = bound_to_many(family, count, &port, &list);
	assert_list_is_one_allocation_freed_by_the_free_call(LOCAL_ADDRESS_LIST, fd, 0, list, count, port, false);
	close(fd);
}

Test(sctp_getladdrs_kernel, returns_the_number_of_local_addresses_bound_to_the_socket_more_than_128_ipv4)
{
	/* 250 * 16 bytes: more than the library's first, 128-address read holds. */
	check_many_local_addresses(AF_INET, 250);
}

Test(sctp_getladdrs_kernel, returns_the_number_of_local_addresses_bound_to_the_socket_more_than_128_ipv6)
{
	/* 200 v4-mapped sockaddr_in6 of 28 bytes. */
	check_many_local_addresses(AF_INET6, 200);
}

Test(sctp_getladdrs_kernel, sctp_freeladdrs_frees_all_the_resources_allocated_by_sctp_getladdrs)
{
	NOT_IN_LKSCTP("this library's own allocations: lksctp hands over its 4 KiB read buffer");
	int fd = sctp_test_socket(AF_INET, SOCK_SEQPACKET);
	bind_addresses(fd, server3, 3, 0);
	uint16_t port = sctp_test_local_port(fd);

	assert_list_is_one_allocation_freed_by_the_free_call(LOCAL_ADDRESS_LIST, fd, 0, server3, 3, port, true);
	close(fd);
}

Test(sctp_getladdrs_kernel, the_in_out_parameter_addrs_must_not_be_null_on_a_bound_socket)
{
	KNOWN_UPSTREAM_DIVERGENCE("getaddrs-null-addrs");
	int fd = sctp_test_socket(AF_INET, SOCK_STREAM);
	bind_addresses(fd, server3, 3, 0);
	assert_fails_leaving_nothing_allocated(LOCAL_ADDRESS_LIST, fd, NULL, EFAULT);
	close(fd);
}

/* The same sweep on each path: a list read on the stack (one-to-one and
 * one-to-many), one read into a growing heap buffer, an id ignored on a
 * one-to-one socket, a wrong id on a one-to-many socket. */
static void check_every_kernel_error(int type, sctp_assoc_t id, struct fault_outcome clean)
{
	int fd = sctp_test_socket(AF_INET, type);
	bind_addresses(fd, server3, 3, 0);
	uint16_t port = sctp_test_local_port(fd);
	assert_every_kernel_error_handled(LOCAL_ADDRESS_LIST, fd, id, server3, 3, port, clean);
	close(fd);
}

Test(sctp_getladdrs_kernel, on_error_minus_1_is_returned_and_nothing_is_allocated_with_each_kernel_error_on_each_call)
{
	check_every_kernel_error(SOCK_STREAM, 0, (struct fault_outcome){ 3, 0 });
	check_every_kernel_error(SOCK_SEQPACKET, 0, (struct fault_outcome){ 3, 0 });
}

Test(sctp_getladdrs_kernel, a_non_zero_id_on_a_one_to_one_socket_without_an_association_fails_with_each_kernel_error_on_each_call)
{
	check_every_kernel_error(SOCK_STREAM, 777, (struct fault_outcome){ -1, EINVAL });
}

Test(sctp_getladdrs_kernel, for_one_to_many_style_sockets_a_wrong_id_fails_and_nothing_is_allocated_with_each_kernel_error_on_each_call)
{
	check_every_kernel_error(SOCK_SEQPACKET, 777, (struct fault_outcome){ -1, EINVAL });
}

Test(sctp_getladdrs_kernel, on_error_minus_1_is_returned_and_nothing_is_allocated_with_each_kernel_error_on_a_list_of_more_than_128)
{
	uint16_t port;
	const char *const *list;
	int fd = bound_to_many(AF_INET6, 200, &port, &list);
	assert_every_kernel_error_handled(LOCAL_ADDRESS_LIST, fd, 0, list, 200, port, (struct fault_outcome){ 200, 0 });
	close(fd);
}
