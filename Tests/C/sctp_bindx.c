/* sctp_bindx(3): add or remove bind addresses on a socket (RFC 6458 9.1).
 *
 * Suite sctp_bindx: the argument checks the library makes before the kernel
 * and the errors of bad descriptors, on any kernel. Suite sctp_bindx_kernel:
 * what the kernel does with the list, on a real SCTP kernel. The addresses
 * bound are read back with getsockopt(SCTP_GET_LOCAL_ADDRS) directly, so
 * these tests do not depend on sctp_getladdrs(3). */
#include "sctp_test.h"

#include <limits.h>
#include <sys/un.h>

/* --- helpers -------------------------------------------------------------- */

/* Asserts that the addresses bound to `fd` are exactly `ips`, on `port`. */
static void bindx_assert_bound(int fd, uint16_t port, const char *const *ips, size_t count)
{
	char got[1024], expected[1024];
	sorted_address_set(fd, SCTP_GET_LOCAL_ADDRS, 0, port, got, sizeof got);
	sorted_literal_set(ips, count, expected, sizeof expected);
	cr_assert_str_eq(got, expected, "bound to {%s}, expected {%s}", got, expected);
}

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* Asserts that `fd` is bound to 127.0.0.1 alone, on `port`. */
static void bindx_assert_bound_to_127_0_0_1(int fd, uint16_t port)
{
	const char *still[] = { "127.0.0.1" };
	bindx_assert_bound(fd, port, still, 1);
}

/* On a socket of `type` bound to 127.0.0.1 alone, sctp_bindx with `flags`
 * of the `count` literals `ips`, on the socket's port, fails with
 * `expected`, and the socket stays bound to 127.0.0.1 alone. */
static void bindx_assert_refused_on_127_0_0_1(int type, const char *const *ips, size_t count, int flags, int expected)
{
	uint16_t port;
	int fd = bound_socket(AF_INET, type, "127.0.0.1", &port);
	char list[8 * sizeof(struct sockaddr_in6)];
	cr_assert_leq(count, 8);
	pack_addresses(list, ips, count, port);
	assert_fails_with(sctp_bindx(fd, (struct sockaddr *)list, (int)count, flags), expected);
	bindx_assert_bound_to_127_0_0_1(fd, port);
	close(fd);
}

/* --- argument checks (no SCTP kernel needed) ------------------------------ */

Test(sctp_bindx, flags_other_than_add_or_rem_fail_with_EINVAL)
{
	int fd = sctp_test_udp_socket(AF_INET);
	struct sockaddr_in a = sctp_test_v4("127.0.0.1", 0);
	const int flags[] = { 0, 4, 0x100, -1, INT_MIN, INT_MAX };
	for (size_t i = 0; i < COUNT(flags); i++)
		assert_fails_with(sctp_bindx(fd, (struct sockaddr *)&a, 1, flags[i]), EINVAL);
	close(fd);
}

/* RFC 6458 9.1: "The two flags are mutually exclusive; if both are given,
 * sctp_bindx() will fail with EINVAL." */
Test(sctp_bindx, add_and_rem_together_fail_with_EINVAL)
{
	int fd = sctp_test_udp_socket(AF_INET);
	struct sockaddr_in a = sctp_test_v4("127.0.0.1", 0);
	assert_fails_with(sctp_bindx(fd, (struct sockaddr *)&a, 1,
				     SCTP_BINDX_ADD_ADDR | SCTP_BINDX_REM_ADDR), EINVAL);
	close(fd);
}

/* "The family of the address type must be used to distinguish the address
 * length": a family other than AF_INET and AF_INET6 has no length, and the
 * list is invalid (EINVAL: "Invalid port or address"). */
Test(sctp_bindx, an_address_of_an_unknown_family_in_the_list_fails_with_EINVAL)
{
	int fd = sctp_test_udp_socket(AF_INET6);

	struct sockaddr_un unix_address = { .sun_family = AF_UNIX };
	assert_fails_with(sctp_bindx(fd, (struct sockaddr *)&unix_address, 1, SCTP_BINDX_ADD_ADDR),
			  EINVAL);
	assert_fails_with(sctp_bindx(fd, (struct sockaddr *)&unix_address, 1, SCTP_BINDX_REM_ADDR),
			  EINVAL);

	/* Valid IPv4 and IPv6 entries, then one of family AF_UNSPEC. */
	char list[16 + 28 + sizeof(struct sockaddr_in6)];
	memset(list, 0, sizeof list);
	const char *ips[] = { "127.0.0.1", "::1" };
	pack_addresses(list, ips, 2, 0);
	assert_fails_with(sctp_bindx(fd, (struct sockaddr *)list, 3, SCTP_BINDX_ADD_ADDR), EINVAL);
	close(fd);
}

Test(sctp_bindx, a_null_list_fails_with_EFAULT)
{
	KNOWN_UPSTREAM_DIVERGENCE("bindx-null-addrs");
	int fd = sctp_test_udp_socket(AF_INET);
	assert_fails_with(sctp_bindx(fd, NULL, 1, SCTP_BINDX_ADD_ADDR), EFAULT);
	assert_fails_with(sctp_bindx(fd, NULL, 2, SCTP_BINDX_REM_ADDR), EFAULT);
	close(fd);
}

Test(sctp_bindx, a_descriptor_of_minus_1_fails_with_EBADF)
{
	struct sockaddr_in a = sctp_test_v4("127.0.0.1", 0);
	assert_fails_with(sctp_bindx(-1, (struct sockaddr *)&a, 1, SCTP_BINDX_ADD_ADDR), EBADF);
	assert_fails_with(sctp_bindx(-1, (struct sockaddr *)&a, 1, SCTP_BINDX_REM_ADDR), EBADF);
}

Test(sctp_bindx, a_closed_descriptor_fails_with_EBADF)
{
	int fd = sctp_test_udp_socket(AF_INET);
	cr_assert_eq(close(fd), 0);
	struct sockaddr_in a = sctp_test_v4("127.0.0.1", 0);
	assert_fails_with(sctp_bindx(fd, (struct sockaddr *)&a, 1, SCTP_BINDX_ADD_ADDR), EBADF);
}

Test(sctp_bindx, a_descriptor_for_a_file_fails_with_ENOTSOCK)
{
	int fd = sctp_test_file_descriptor();
	struct sockaddr_in a = sctp_test_v4("127.0.0.1", 0);
	assert_fails_with(sctp_bindx(fd, (struct sockaddr *)&a, 1, SCTP_BINDX_ADD_ADDR), ENOTSOCK);
	close(fd);
}

/* A count of 0 or less is an empty list, which lksctp hands to the kernel
 * without looking at the list: the kernel's answer for the descriptor comes
 * back, EBADF for a closed one, ENOPROTOOPT for a UDP socket. */
Test(sctp_bindx, an_addrcnt_of_zero_or_less_reaches_the_kernel_which_answers_for_the_descriptor)
{
	int fd = sctp_test_udp_socket(AF_INET);
	struct sockaddr_in a = sctp_test_v4("127.0.0.1", 0);
	const int counts[] = { 0, -1, INT_MIN };
	for (size_t i = 0; i < COUNT(counts); i++) {
		assert_fails_with(sctp_bindx(fd, (struct sockaddr *)&a, counts[i], SCTP_BINDX_ADD_ADDR), ENOPROTOOPT);
		assert_fails_with(sctp_bindx(fd, NULL, counts[i], SCTP_BINDX_REM_ADDR), ENOPROTOOPT);
		assert_fails_with(sctp_bindx(-1, NULL, counts[i], SCTP_BINDX_ADD_ADDR), EBADF);
	}
	close(fd);
}

/* A valid request on a socket that is not SCTP reaches the kernel, whose
 * error comes back unchanged: UDP knows no SOL_SCTP options. */
Test(sctp_bindx, a_socket_that_is_not_sctp_fails_with_the_kernels_ENOPROTOOPT)
{
	int fd = sctp_test_udp_socket(AF_INET);
	struct sockaddr_in a = sctp_test_v4("127.0.0.1", 0);
	assert_fails_with(sctp_bindx(fd, (struct sockaddr *)&a, 1, SCTP_BINDX_ADD_ADDR), ENOPROTOOPT);
	close(fd);
}

/* --- on a real SCTP kernel -------------------------------------------------- */

/* "An application can use SCTP_BINDX_ADD_ADDR to associate additional
 * addresses with an endpoint after calling bind(2)." */
static void check_add_after_bind(int family, int type, const char *first, const char *const *more,
				 size_t more_count)
{
	uint16_t port;
	int fd = bound_socket(family, type, first, &port);
	char list[8 * sizeof(struct sockaddr_in6)];
	cr_assert_lt(more_count, 8);
	pack_addresses(list, more, more_count, port);
	assert_returns(sctp_bindx(fd, (struct sockaddr *)list, (int)more_count, SCTP_BINDX_ADD_ADDR), 0);
	const char *all[8] = { first };
	memcpy(&all[1], more, more_count * sizeof *more);
	bindx_assert_bound(fd, port, all, more_count + 1);
	close(fd);
}

/* Test `name` that runs check(family, type, arg, ips, count) on the list of
 * literals given: check_add_after_bind (arg: the address bound first) and
 * check_remove_one (arg: the index of the one removed). */
#define BINDX_LIST_TEST(name, check, family, type, arg, ...)                                       \
	Test(sctp_bindx_kernel, name)                                                              \
	{                                                                                          \
		const char *ips[] = { __VA_ARGS__ };                                               \
		check(family, type, arg, ips, COUNT(ips));                                         \
	}

BINDX_LIST_TEST(add_addr_associates_additional_ipv4_addresses_after_bind_one_to_one,
		check_add_after_bind, AF_INET, SOCK_STREAM, "127.0.0.1", "127.0.0.2", "127.0.0.3")
BINDX_LIST_TEST(add_addr_associates_additional_ipv4_addresses_after_bind_one_to_many,
		check_add_after_bind, AF_INET, SOCK_SEQPACKET, "127.0.0.1", "127.0.0.2", "127.0.0.3")

/* "If sd is an IPv6 socket, the addresses passed can be either IPv4 or IPv6
 * addresses." */
BINDX_LIST_TEST(add_addr_associates_ipv4_addresses_with_an_ipv6_socket_one_to_one,
		check_add_after_bind, AF_INET6, SOCK_STREAM, "::1", "127.0.0.1", "127.0.0.2")
BINDX_LIST_TEST(add_addr_associates_ipv4_addresses_with_an_ipv6_socket_one_to_many,
		check_add_after_bind, AF_INET6, SOCK_SEQPACKET, "::1", "127.0.0.1", "127.0.0.2")
BINDX_LIST_TEST(add_addr_associates_an_ipv6_address_with_an_ipv6_socket_bound_to_ipv4,
		check_add_after_bind, AF_INET6, SOCK_STREAM, "127.0.0.1", "::1")

/* RFC 6458 9.1: "sctp_bindx() can be called on an already bound socket or on
 * an unbound socket. If the socket is unbound and the first port number in
 * the addrs parameter is zero, the kernel will choose a port number." */
static void check_add_on_unbound(int family, int type)
{
	int fd = sctp_test_socket(family, type);
	const char *ips[] = { "127.0.0.1", "127.0.0.2", "127.0.0.3" };
	char list[3 * sizeof(struct sockaddr_in)];
	pack_addresses(list, ips, 3, 0);
	assert_returns(sctp_bindx(fd, (struct sockaddr *)list, 3, SCTP_BINDX_ADD_ADDR), 0);
	uint16_t port = sctp_test_local_port(fd);
	cr_assert_neq(port, 0, "the kernel chose no port");
	bindx_assert_bound(fd, port, ips, 3);
	close(fd);
}

Test(sctp_bindx_kernel, add_addr_on_an_unbound_socket_binds_all_addresses_on_one_chosen_port_one_to_one)
{
	check_add_on_unbound(AF_INET, SOCK_STREAM);
}

Test(sctp_bindx_kernel, add_addr_on_an_unbound_socket_binds_all_addresses_on_one_chosen_port_one_to_many)
{
	check_add_on_unbound(AF_INET, SOCK_SEQPACKET);
}

/* "Each address is contained in its appropriate structure (i.e. struct
 * sockaddr_in or struct sockaddr_in6). The family of the address type must be
 * used to distinguish the address length." A list that mixes both, IPv4
 * first so that a walker stepping by a fixed size would misread it. */
static void check_mixed_list(int type, size_t misalignment)
{
	int fd = sctp_test_socket(AF_INET6, type);
	const char *ips[] = { "127.0.0.1", "::1", "127.0.0.2" };
	char storage[1 + 16 + 28 + 16 + 8];
	char *list = storage + misalignment;
	pack_addresses(list, ips, 3, 0);
	assert_returns(sctp_bindx(fd, (struct sockaddr *)list, 3, SCTP_BINDX_ADD_ADDR), 0);
	bindx_assert_bound(fd, sctp_test_local_port(fd), ips, 3);
	close(fd);
}

Test(sctp_bindx_kernel, a_list_mixing_sockaddr_in_and_sockaddr_in6_on_an_ipv6_socket_binds_them_all_one_to_one)
{
	check_mixed_list(SOCK_STREAM, 0);
}

Test(sctp_bindx_kernel, a_list_mixing_sockaddr_in_and_sockaddr_in6_on_an_ipv6_socket_binds_them_all_one_to_many)
{
	check_mixed_list(SOCK_SEQPACKET, 0);
}

/* A packed list need not be aligned: here it starts at an odd address inside
 * a char buffer. */
Test(sctp_bindx_kernel, an_unaligned_packed_list_of_ipv4_addresses_is_accepted)
{
	uint16_t port;
	int fd = bound_socket(AF_INET, SOCK_STREAM, "127.0.0.1", &port);
	const char *more[] = { "127.0.0.2", "127.0.0.3" };
	/* Aligned, so that one byte in is odd (a char array may start anywhere:
	 * on i386 it started at an odd address). */
	_Alignas(8) char storage[1 + 2 * sizeof(struct sockaddr_in) + 8];
	char *list = storage + 1;
	cr_assert_neq((uintptr_t)list % 2, 0);
	pack_addresses(list, more, 2, port);
	assert_returns(sctp_bindx(fd, (struct sockaddr *)list, 2, SCTP_BINDX_ADD_ADDR), 0);
	const char *all[] = { "127.0.0.1", "127.0.0.2", "127.0.0.3" };
	bindx_assert_bound(fd, port, all, 3);

	/* And for removal. */
	pack_addresses(list, more, 1, port);
	assert_returns(sctp_bindx(fd, (struct sockaddr *)list, 1, SCTP_BINDX_REM_ADDR), 0);
	const char *left[] = { "127.0.0.1", "127.0.0.3" };
	bindx_assert_bound(fd, port, left, 2);
	close(fd);
}

Test(sctp_bindx_kernel, an_unaligned_packed_list_mixing_ipv4_and_ipv6_is_accepted)
{
	check_mixed_list(SOCK_STREAM, 1);
}

/* "SCTP_BINDX_REM_ADDR directs SCTP to remove the given addresses." */
static void check_remove_one(int family, int type, size_t removed, const char *const *ips, size_t count)
{
	int fd = sctp_test_socket(family, type);
	char list[8 * sizeof(struct sockaddr_in6)];
	pack_addresses(list, ips, count, 0);
	assert_returns(sctp_bindx(fd, (struct sockaddr *)list, (int)count, SCTP_BINDX_ADD_ADDR), 0);
	uint16_t port = sctp_test_local_port(fd);
	bindx_assert_bound(fd, port, ips, count);

	char one[sizeof(struct sockaddr_in6)];
	pack_addresses(one, &ips[removed], 1, port);
	assert_returns(sctp_bindx(fd, (struct sockaddr *)one, 1, SCTP_BINDX_REM_ADDR), 0);

	const char *left[8];
	size_t left_count = 0;
	for (size_t i = 0; i < count; i++)
		if (i != removed)
			left[left_count++] = ips[i];
	bindx_assert_bound(fd, port, left, left_count);
	close(fd);
}

BINDX_LIST_TEST(rem_addr_removes_the_given_ipv4_address_one_to_one,
		check_remove_one, AF_INET, SOCK_STREAM, 1, "127.0.0.1", "127.0.0.2", "127.0.0.3")
BINDX_LIST_TEST(rem_addr_removes_the_given_ipv4_address_one_to_many,
		check_remove_one, AF_INET, SOCK_SEQPACKET, 0, "127.0.0.1", "127.0.0.2", "127.0.0.3")
BINDX_LIST_TEST(rem_addr_removes_the_given_ipv6_address_one_to_one,
		check_remove_one, AF_INET6, SOCK_STREAM, 0, "::1", "127.0.0.1", "127.0.0.2")
BINDX_LIST_TEST(rem_addr_removes_an_ipv4_address_of_an_ipv6_socket_one_to_many,
		check_remove_one, AF_INET6, SOCK_SEQPACKET, 2, "::1", "127.0.0.1", "127.0.0.2")

/* "A caller may not remove all addresses from an association. It will fail
 * with EINVAL." Linux answers EBUSY (and removes none), and lksctp passes
 * that on; programs (pysctp) see the errno. */
Test(sctp_bindx_kernel, removing_the_last_address_fails_with_the_kernels_EBUSY)
{
	const char *last[] = { "127.0.0.1" };
	bindx_assert_refused_on_127_0_0_1(SOCK_STREAM, last, 1, SCTP_BINDX_REM_ADDR, EBUSY);
}

Test(sctp_bindx_kernel, removing_every_address_at_once_fails_with_the_kernels_EBUSY_and_removes_none)
{
	int fd = sctp_test_socket(AF_INET6, SOCK_SEQPACKET);
	const char *ips[] = { "::1", "127.0.0.1", "127.0.0.2" };
	char list[28 + 16 + 16];
	pack_addresses(list, ips, 3, 0);
	assert_returns(sctp_bindx(fd, (struct sockaddr *)list, 3, SCTP_BINDX_ADD_ADDR), 0);
	uint16_t port = sctp_test_local_port(fd);
	pack_addresses(list, ips, 3, port);
	assert_fails_with(sctp_bindx(fd, (struct sockaddr *)list, 3, SCTP_BINDX_REM_ADDR), EBUSY);
	bindx_assert_bound(fd, port, ips, 3);
	close(fd);
}

/* "If sd is an IPv4 socket, the addresses passed must be IPv4 addresses." */
Test(sctp_bindx_kernel, an_ipv6_address_on_an_ipv4_socket_fails_with_EINVAL)
{
	const char *ipv6[] = { "::1" };
	bindx_assert_refused_on_127_0_0_1(SOCK_STREAM, ipv6, 1, SCTP_BINDX_ADD_ADDR, EINVAL);
}

/* RFC 6458 9.1: "For SCTP, the port given in each socket address must be the
 * same, or sctp_bindx() will fail, setting errno to EINVAL." */
Test(sctp_bindx_kernel, an_address_with_another_port_fails_with_EINVAL)
{
	uint16_t port;
	int fd = bound_socket(AF_INET, SOCK_STREAM, "127.0.0.1", &port);
	struct sockaddr_in a = sctp_test_v4("127.0.0.2", (uint16_t)(port == 65535 ? 1024 : port + 1));
	assert_fails_with(sctp_bindx(fd, (struct sockaddr *)&a, 1, SCTP_BINDX_ADD_ADDR), EINVAL);
	bindx_assert_bound_to_127_0_0_1(fd, port);
	close(fd);
}

/* RFC 6458 9.1: "the wildcard addresses cannot be used in combination with
 * non-wildcard addresses on a socket with this function; doing so will
 * result in an error." Linux says EINVAL. */
Test(sctp_bindx_kernel, the_wildcard_address_cannot_be_added_to_specific_addresses)
{
	const char *any[] = { "0.0.0.0" };
	bindx_assert_refused_on_127_0_0_1(SOCK_STREAM, any, 1, SCTP_BINDX_ADD_ADDR, EINVAL);
}

/* RFC 6458 9.1: "sctp_bindx() is an atomic operation. Therefore, the binding
 * will either succeed on all addresses or fail on all addresses." The second
 * address is not one of this host's: Linux fails with EADDRNOTAVAIL. */
Test(sctp_bindx_kernel, a_failed_add_binds_none_of_the_addresses)
{
	const char *ips[] = { "127.0.0.2", "192.0.2.1" };
	bindx_assert_refused_on_127_0_0_1(SOCK_SEQPACKET, ips, 2, SCTP_BINDX_ADD_ADDR, EADDRNOTAVAIL);
}

/* "addrcnt is the number of addresses in the array" — of "one or more
 * socket addresses": 0 or fewer is an empty list, which the kernel refuses
 * (the list itself unread, NULL or not). */
Test(sctp_bindx_kernel, an_addrcnt_of_zero_or_less_fails_with_EINVAL)
{
	uint16_t port;
	int fd = bound_socket(AF_INET, SOCK_STREAM, "127.0.0.1", &port);
	struct sockaddr_in a = sctp_test_v4("127.0.0.2", port);
	const int counts[] = { 0, -1, INT_MIN };
	for (size_t i = 0; i < COUNT(counts); i++) {
		assert_fails_with(sctp_bindx(fd, (struct sockaddr *)&a, counts[i], SCTP_BINDX_ADD_ADDR), EINVAL);
		assert_fails_with(sctp_bindx(fd, (struct sockaddr *)&a, counts[i], SCTP_BINDX_REM_ADDR), EINVAL);
		assert_fails_with(sctp_bindx(fd, NULL, counts[i], SCTP_BINDX_ADD_ADDR), EINVAL);
	}
	bindx_assert_bound_to_127_0_0_1(fd, port);
	close(fd);
}

/* An address and port that another listening socket holds. */
Test(sctp_bindx_kernel, an_address_in_use_by_another_listening_socket_fails_with_EADDRINUSE)
{
	uint16_t port;
	int listener = sctp_test_listener(AF_INET, SOCK_STREAM, "127.0.0.2", &port);

	/* On an unbound socket. */
	int fd = sctp_test_socket(AF_INET, SOCK_STREAM);
	struct sockaddr_in taken = sctp_test_v4("127.0.0.2", port);
	assert_fails_with(sctp_bindx(fd, (struct sockaddr *)&taken, 1, SCTP_BINDX_ADD_ADDR), EADDRINUSE);
	close(fd);

	/* On a socket bound to a free address of the same port. */
	fd = sctp_test_socket(AF_INET, SOCK_SEQPACKET);
	struct sockaddr_in free_address = sctp_test_v4("127.0.0.3", port);
	cr_assert_eq(bind(fd, (struct sockaddr *)&free_address, sizeof free_address), 0, "bind: %s",
		     strerror(errno));
	assert_fails_with(sctp_bindx(fd, (struct sockaddr *)&taken, 1, SCTP_BINDX_ADD_ADDR), EADDRINUSE);
	const char *still[] = { "127.0.0.3" };
	bindx_assert_bound(fd, port, still, 1);
	close(fd);
	close(listener);
}

/* The first port that needs privilege (net.ipv4.ip_unprivileged_port_start). */
static int bindx_unprivileged_port_start(void)
{
	int start = 1024;
	FILE *f = fopen("/proc/sys/net/ipv4/ip_unprivileged_port_start", "r");
	if (f != NULL) {
		if (fscanf(f, "%d", &start) != 1)
			start = 1024;
		fclose(f);
	}
	return start;
}

/* "EACCES The address is protected, and the user is not the super-user." */
Test(sctp_bindx_kernel, a_protected_port_for_a_user_without_privilege_fails_with_EACCES)
{
	if (bindx_unprivileged_port_start() <= 1)
		cr_skip_test("net.ipv4.ip_unprivileged_port_start protects no port here");
	int fd = sctp_test_socket(AF_INET, SOCK_STREAM);
	drop_privileges();
	struct sockaddr_in a = sctp_test_v4("127.0.0.1", 1);
	assert_fails_with(sctp_bindx(fd, (struct sockaddr *)&a, 1, SCTP_BINDX_ADD_ADDR), EACCES);
	close(fd);
}
