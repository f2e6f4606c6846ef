/* Checks shared by sctp_getpaddrs.c and sctp_getladdrs.c: the two pages
 * promise the same of the lists they hand over, so each check takes the pair
 * of calls (PEER_ADDRESS_LIST or LOCAL_ADDRESS_LIST) it is about. */
#ifndef SCTP_TEST_ADDRESS_LISTS_H
#define SCTP_TEST_ADDRESS_LISTS_H

#include "sctp_test.h"
#include "sctp_test_alloc.h"
#include "sctp_test_fault_sweep.h"

/* sctp_getpaddrs with sctp_freepaddrs, or sctp_getladdrs with
 * sctp_freeladdrs, and their names for the messages. */
struct address_list_calls {
	const char *get_name, *free_name;
	int (*get)(int sd, sctp_assoc_t id, struct sockaddr **addrs);
	int (*release)(struct sockaddr *addrs);
};

#define PEER_ADDRESS_LIST ((struct address_list_calls){ "sctp_getpaddrs", "sctp_freepaddrs", sctp_getpaddrs, sctp_freepaddrs })
#define LOCAL_ADDRESS_LIST ((struct address_list_calls){ "sctp_getladdrs", "sctp_freeladdrs", sctp_getladdrs, sctp_freeladdrs })

/* On a UDP socket of either family the call fails with the kernel's error
 * for an option of another protocol. */
static inline void assert_fails_on_sockets_that_are_not_sctp(struct address_list_calls calls)
{
	int families[] = { AF_INET, AF_INET6 };
	for (size_t i = 0; i < 2; i++) {
		int fd = sctp_test_udp_socket(families[i]);
		struct sockaddr *addrs = NULL;
		errno = 0;
		int rc = calls.get(fd, 0, &addrs);
		int error = errno;
		cr_assert_eq(rc, -1, "%s on a UDP socket (family %d) returned %d", calls.get_name, families[i], rc);
		cr_assert(error == EOPNOTSUPP || error == ENOPROTOOPT,
			  "errno %d (%s), expected the kernel's EOPNOTSUPP or ENOPROTOOPT", error, strerror(error));
		close(fd);
	}
}

/* The tests of the errors both pages name, for SUITE (sctp_getpaddrs or
 * sctp_getladdrs) and its CALLS. With a NULL addrs lksctp asks the kernel
 * before it stores anything through addrs: the kernel's error comes back.
 * Each kernel error (ENOMEM, EINTR, EFAULT, EINVAL) forced on each call the
 * library makes (sctp_test_fault_sweep.h): here the read of a UDP socket of
 * UDP_FAMILY, which the kernel refuses; ENOMEM makes the call read again
 * into a heap buffer, which it must free. */
#define ADDRESS_LIST_ERROR_TESTS(SUITE, CALLS, UDP_FAMILY)                                       \
	Test(SUITE, on_error_returns_minus_1_ebadf_for_a_descriptor_that_is_not_open)            \
	{                                                                                        \
		struct sockaddr *addrs = NULL;                                                   \
		assert_fails_with((CALLS).get(-1, 0, &addrs), EBADF);                            \
	}                                                                                        \
	Test(SUITE, on_error_returns_minus_1_enotsock_for_a_file)                                \
	{                                                                                        \
		int fd = sctp_test_file_descriptor();                                            \
		struct sockaddr *addrs = NULL;                                                   \
		assert_fails_with((CALLS).get(fd, 0, &addrs), ENOTSOCK);                         \
		close(fd);                                                                       \
	}                                                                                        \
	Test(SUITE, on_error_returns_minus_1_on_a_socket_that_is_not_sctp)                       \
	{                                                                                        \
		assert_fails_on_sockets_that_are_not_sctp(CALLS);                                \
	}                                                                                        \
	Test(SUITE, with_a_null_addrs_the_kernels_error_comes_back)                              \
	{                                                                                        \
		struct sockaddr **null_addrs = NULL;                                             \
		assert_fails_with((CALLS).get(-1, 0, null_addrs), EBADF);                        \
		int fd = sctp_test_file_descriptor();                                            \
		assert_fails_with((CALLS).get(fd, 0, null_addrs), ENOTSOCK);                     \
		close(fd);                                                                       \
	}                                                                                        \
	Test(SUITE, on_error_minus_1_is_returned_and_nothing_is_allocated_whatever_error_the_kernel_gives) \
	{                                                                                        \
		int fd = sctp_test_udp_socket(UDP_FAMILY);                                       \
		assert_every_kernel_error_handled(CALLS, fd, 0, NULL, 0, 0, (struct fault_outcome){ -1, 0 }); \
		close(fd);                                                                       \
	}

/* The call on `fd` fails with `expected` and leaves no allocation behind;
 * `addrs` may be NULL (the in-out parameter itself). Returns the number of
 * allocations it made. */
static inline size_t assert_fails_leaving_nothing_allocated(struct address_list_calls calls, int fd,
							    struct sockaddr **addrs, int expected)
{
	sctp_test_alloc_start();
	errno = 0;
	int rc = calls.get(fd, 0, addrs);
	int error = errno;
	sctp_test_alloc_stop();
	cr_assert_eq(rc, -1);
	cr_assert_eq(error, expected, "errno %d (%s), expected %d (%s)", error, strerror(error), expected,
		     strerror(expected));
	cr_assert_eq(sctp_test_alloc_live(NULL, NULL, 0), 0, "a failing call left an allocation behind");
	return sctp_test_alloc_count();
}

/* The list of `fd`/`id` is exactly `ips` on `port`, and the only
 * allocation the call leaves behind is the list itself; with `one_of_its_size`
 * also that the call made that one allocation only, of exactly the list's
 * size. Then the free call frees the list and allocates nothing. */
static inline void assert_list_is_one_allocation_freed_by_the_free_call(struct address_list_calls calls, int fd,
									 sctp_assoc_t id, const char *const *ips,
									 int count, uint16_t port, bool one_of_its_size)
{
	struct sockaddr *addrs = NULL;
	sctp_test_alloc_start();
	int n = calls.get(fd, id, &addrs);
	sctp_test_alloc_stop();
	size_t allocations = sctp_test_alloc_count();
	void *live[2] = { NULL, NULL };
	size_t sizes[2] = { 0, 0 };
	size_t live_count = sctp_test_alloc_live(live, sizes, 2);

	assert_address_list(addrs, n, ips, count, port);
	if (one_of_its_size)
		cr_assert_eq(allocations, 1, "%s made %zu allocations, expected 1", calls.get_name, allocations);
	cr_assert_eq(live_count, 1, "%zu allocations outlive %s, expected 1", live_count, calls.get_name);
	cr_assert_eq(live[0], (void *)addrs, "the allocation left is not the list handed over");
	if (one_of_its_size) {
		size_t size = 0;
		for (int i = 0; i < count; i++)
			size += strchr(ips[i], ':') != NULL ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
		cr_assert_eq(sizes[0], size, "the list was allocated with %zu bytes, expected %zu", sizes[0], size);
	}

	sctp_test_alloc_watch(addrs);
	calls.release(addrs);
	sctp_test_alloc_stop();
	cr_assert_eq(sctp_test_alloc_live(NULL, NULL, 0), 0, "%s did not free the list", calls.free_name);
	cr_assert_eq(sctp_test_alloc_count(), 0, "%s allocated", calls.free_name);
}


/* The list of `fd`/`id` is exactly `ips` on `port` (in any order). */
static inline void assert_list(struct address_list_calls calls, int fd, sctp_assoc_t id, const char *const *ips,
			       int count, uint16_t port)
{
	struct sockaddr *addrs = NULL;
	int n = calls.get(fd, id, &addrs);
	assert_address_list(addrs, n, ips, count, port);
	calls.release(addrs);
}

/* sctp_getpaddrs(fd, id) lists exactly `ips` on `port`. */
static inline void assert_peer_addresses(int fd, sctp_assoc_t id, const char *const *ips, int count, uint16_t port)
{
	assert_list(PEER_ADDRESS_LIST, fd, id, ips, count, port);
}

/* sctp_getladdrs(fd, id) lists exactly `ips` on `port`. */
static inline void assert_local_addresses(int fd, sctp_assoc_t id, const char *const *ips, int count, uint16_t port)
{
	assert_list(LOCAL_ADDRESS_LIST, fd, id, ips, count, port);
}

/* The lists both pages' tests bind: a server on three loopback addresses, a
 * client on two others. */
static const char *const server3[] = { "127.0.0.1", "127.0.0.2", "127.0.0.3" };
static const char *const client2[] = { "127.0.0.4", "127.0.0.5" };

/* A listening IPv4 server of `type` bound to server3 (*server, on *port) and
 * a client of that type, returned, not connected yet; with `client_port`
 * not NULL the client is bound to client2, on *client_port. */
static inline int client_of_server3(int type, int *server, uint16_t *port, uint16_t *client_port)
{
	*server = listener_on(AF_INET, type, server3, 3, port);
	int client = sctp_test_socket(AF_INET, type);
	if (client_port != NULL) {
		bind_addresses(client, client2, 2, 0);
		*client_port = sctp_test_local_port(client);
	}
	return client;
}

/* A one-to-one client connected to `ip` of a one-to-one server bound to
 * server3 (*server, on *port). */
static inline int connected_to_server3(const char *ip, int *server, uint16_t *port)
{
	int client = client_of_server3(SOCK_STREAM, server, port, NULL);
	connect_to(client, ip, *port);
	return client;
}

/* --- every kernel error on every call (sctp_test_fault_sweep) --------------- */

/* A socket and the list the call gives on it without a fault: `count`
 * addresses `ips` on `port` (0: none, or an error). */
struct address_list_faults {
	struct address_list_calls calls;
	int fd;
	sctp_assoc_t id;
	const char *const *ips;
	int count;
	uint16_t port;
	struct sockaddr *addrs; /* the in-out parameter */
	long rc;
};

/* What *addrs holds before each call: a failing call must leave it so. */
static char address_list_untouched;

static inline long address_list_call(void *context)
{
	struct address_list_faults *f = context;
	f->addrs = (struct sockaddr *)&address_list_untouched;
	f->rc = f->calls.get(f->fd, f->id, &f->addrs);
	return f->rc;
}

/* The list handed over is the socket's, and the free call releases it. */
static inline void address_list_check(void *context, long rc)
{
	struct address_list_faults *f = context;
	if (rc == 0)
		cr_assert(f->addrs != NULL && f->addrs != (struct sockaddr *)&address_list_untouched,
			  "%s returned 0 with *addrs %p, not an allocation", f->calls.get_name, (void *)f->addrs);
	else
		assert_address_list(f->addrs, (int)rc, f->ips, f->count, f->port);
	f->calls.release(f->addrs);
}

static inline void address_list_cleanup(void *context)
{
	struct address_list_faults *f = context;
	if (f->rc == -1)
		cr_assert_eq(f->addrs, (struct sockaddr *)&address_list_untouched, "%s failed and changed *addrs",
			     f->calls.get_name);
}

/* What the kernel's errors mean for the call, as for lksctp's:
 * - an allocation that fails: -1, ENOMEM;
 * - an address read (SCTP_GET_PEER_ADDRS, SCTP_GET_LOCAL_ADDRS) with ENOMEM,
 *   the kernel's "the buffer is too short": the call reads again into a
 *   larger one, and gives what it gives without the fault;
 *   with any other error: -1 with that errno. */
static inline struct fault_outcome address_list_expect(void *context, const struct sctp_test_fault_step *faulted,
							int error, struct fault_outcome clean)
{
	struct address_list_faults *f = context;
	if (faulted->site == FAULT_MALLOC)
		return (struct fault_outcome){ -1, ENOMEM };
	cr_assert_eq(faulted->site, FAULT_GETSOCKOPT, "%s made a %s call", f->calls.get_name,
		     sctp_test_fault_site_name(faulted->site));
	cr_assert(faulted->option == SCTP_GET_PEER_ADDRS || faulted->option == SCTP_GET_LOCAL_ADDRS,
		  "%s asked for option %d", f->calls.get_name, faulted->option);
	if (error == ENOMEM)
		return clean;
	return (struct fault_outcome){ -1, error };
}

/* Each error of forced_errors on each call that calls.get(fd, id) makes, in
 * turn: the outcome address_list_expect says, *addrs untouched on error, and
 * no allocation left behind but the list, which the free call releases.
 * `ips`/`count`/`port`: the list without a fault; `clean`: what the call
 * returns without a fault (errno 0: any). */
static inline void assert_every_kernel_error_handled(struct address_list_calls calls, int fd, sctp_assoc_t id,
						     const char *const *ips, int count,
						     uint16_t port, struct fault_outcome clean)
{
	struct address_list_faults f = { calls, fd, id, ips, count, port, NULL, 0 };
	struct fault_case c = { NULL, NULL, address_list_call, address_list_expect, address_list_check,
				address_list_cleanup, &f, calls.get_name, { 0, 0 } };
	size_t runs = sctp_test_fault_sweep(&c);
	cr_assert_eq(c.clean.rc, clean.rc, "%s without a fault returned %ld (%s), expected %ld", calls.get_name,
		     c.clean.rc, strerror(c.clean.error), clean.rc);
	if (clean.error != 0)
		cr_assert_eq(c.clean.error, clean.error, "%s without a fault: errno %s, expected %s", calls.get_name,
			     strerror(c.clean.error), strerror(clean.error));
	cr_assert_gt(runs, 0);
}

#endif
