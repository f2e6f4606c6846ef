/* sctp_peeloff(3), sctp_peeloff_flags(3): branch an association of a
 * one-to-many socket off into a one-to-one socket of its own. */
#include "sctp_test.h"
#include "sctp_test_fault_sweep.h"

#include <dlfcn.h>

/* --- helpers ---------------------------------------------------------------- */

static int association_number(int fd)
{
	uint32_t n = 0;
	socklen_t len = sizeof n;
	cr_assert_eq(getsockopt(fd, SOL_SCTP, SCTP_GET_ASSOC_NUMBER, &n, &len), 0,
		     "SCTP_GET_ASSOC_NUMBER: %s", strerror(errno));
	return (int)n;
}

static bool has_association(int fd, sctp_assoc_t id)
{
	sctp_assoc_t ids[16];
	int n = association_ids(fd, ids, 16);
	for (int i = 0; i < n && i < 16; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* A one-to-many server on `ip` with one association from a one-to-one
 * client; `id` is the server's id of it. */
struct one_association {
	int server, client;
	sctp_assoc_t id;
};

static struct one_association one_association_setup(int family, const char *ip)
{
	struct one_association t;
	uint16_t port;
	t.server = sctp_test_listener(family, SOCK_SEQPACKET, ip, &port);
	t.client = sctp_test_socket(family, SOCK_STREAM);
	connect_to(t.client, ip, port);
	sctp_assoc_t ids[4];
	cr_assert_eq(association_ids(t.server, ids, 4), 1, "the server has no association");
	t.id = ids[0];
	return t;
}

static void one_association_teardown(struct one_association *t)
{
	close(t->client);
	close(t->server);
}

/* Receives exactly `expected` on `fd` (waiting at most 10 s). */
static void assert_receives(int fd, const char *expected)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	cr_assert_eq(poll(&p, 1, 10000), 1, "nothing to receive within 10 s");
	char buffer[64];
	ssize_t n = recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
	cr_assert_eq(n, (ssize_t)strlen(expected), "recv returned %zd (%s), expected %zu bytes", n,
		     n < 0 ? strerror(errno) : "", strlen(expected));
	cr_assert_arr_eq(buffer, expected, strlen(expected));
}

static void send_text(int fd, const char *text)
{
	ssize_t n = send(fd, text, strlen(text), 0);
	cr_assert_eq(n, (ssize_t)strlen(text), "send: %zd (%s)", n, n < 0 ? strerror(errno) : "");
}

/* The peeled-off socket `peeled` carries association `t`: data goes both
 * ways, and the one-to-many socket no longer has it. */
static void assert_branched_off(struct one_association *t, int peeled)
{
	cr_assert_geq(peeled, 0);
	cr_assert_neq(peeled, t->server);
	cr_assert_eq(association_number(t->server), 0, "the one-to-many socket still counts the association");
	cr_assert_not(has_association(t->server, t->id), "the one-to-many socket still lists the association");
	struct sctp_status status;
	memset(&status, 0, sizeof status);
	status.sstat_assoc_id = t->id;
	socklen_t len = sizeof status;
	errno = 0;
	cr_assert_eq(getsockopt(t->server, SOL_SCTP, SCTP_STATUS, &status, &len), -1,
		     "SCTP_STATUS of the peeled-off id still works on the one-to-many socket");

	send_text(t->client, "to the peeled socket");
	assert_receives(peeled, "to the peeled socket");
	send_text(peeled, "from the peeled socket");
	assert_receives(t->client, "from the peeled socket");
}

/* --- sctp_peeloff without an SCTP kernel ------------------------------------ */

Test(sctp_peeloff, ebadf_sd_is_not_a_valid_descriptor)
{
	assert_fails_with(sctp_peeloff(-1, 1), EBADF);
	int fd = sctp_test_file_descriptor();
	close(fd);
	assert_fails_with(sctp_peeloff(fd, 1), EBADF);
}

Test(sctp_peeloff, enotsock_argument_is_a_descriptor_for_a_file_not_a_socket)
{
	int fd = sctp_test_file_descriptor();
	assert_fails_with(sctp_peeloff(fd, 1), ENOTSOCK);
	close(fd);
}

Test(sctp_peeloff, on_error_minus_1_is_returned_and_errno_is_set_on_a_socket_that_is_not_sctp)
{
	int families[] = { AF_INET, AF_INET6 };
	for (size_t i = 0; i < 2; i++) {
		int fd = sctp_test_udp_socket(families[i]);
		errno = 0;
		int rc = sctp_peeloff(fd, 1);
		int error = errno;
		cr_assert_eq(rc, -1, "sctp_peeloff on a UDP socket returned %d", rc);
		cr_assert(error == EOPNOTSUPP || error == ENOPROTOOPT,
			  "errno %d (%s), expected the kernel's EOPNOTSUPP or ENOPROTOOPT", error, strerror(error));
		close(fd);
	}
}

/* --- sctp_peeloff on a real SCTP kernel ------------------------------------- */

/* sctp_peeloff branches the one association of a one-to-many socket of
 * `family`, connected to `ip`, off into a socket of its own. */
static void assert_peeloff_branches_off(int family, const char *ip)
{
	struct one_association t = one_association_setup(family, ip);
	cr_assert_eq(association_number(t.server), 1);
	int peeled = sctp_peeloff(t.server, t.id);
	cr_assert_geq(peeled, 0, "sctp_peeloff: %s", strerror(errno));
	assert_branched_off(&t, peeled);
	close(peeled);
	one_association_teardown(&t);
}

Test(sctp_peeloff_kernel, branches_off_an_existing_association_on_a_one_to_many_style_socket_into_a_separate_socket)
{
	assert_peeloff_branches_off(AF_INET, "127.0.0.1");
}

Test(sctp_peeloff_kernel, branches_off_an_existing_ipv6_association_into_a_separate_socket)
{
	assert_peeloff_branches_off(AF_INET6, "::1");
}

Test(sctp_peeloff_kernel, branches_off_only_the_association_assoc_id)
{
	/* Two associations: peeling off the second leaves the first in place. */
	uint16_t port;
	int server;
	int first = connected_ipv4_client(SOCK_SEQPACKET, &server, &port);
	sctp_assoc_t first_id = only_association_id(server);
	int second = sctp_test_socket(AF_INET, SOCK_STREAM);
	connect_to(second, "127.0.0.1", port);
	sctp_assoc_t ids[4];
	cr_assert_eq(association_ids(server, ids, 4), 2);
	sctp_assoc_t second_id = ids[0] == first_id ? ids[1] : ids[0];

	int peeled = sctp_peeloff(server, second_id);
	cr_assert_geq(peeled, 0, "sctp_peeloff: %s", strerror(errno));
	cr_assert_eq(association_number(server), 1);
	cr_assert(has_association(server, first_id));
	cr_assert_not(has_association(server, second_id));

	/* The second client's data reaches the peeled socket, the first's the
	 * one-to-many socket. */
	send_text(second, "second");
	assert_receives(peeled, "second");
	send_text(first, "first");
	assert_receives(server, "first");
	close(peeled);
	close(second);
	close(first);
	close(server);
}

/* One-to-one style: the association is the socket's own, whatever id names
 * it. (Linux reports SO_TYPE SOCK_SEQPACKET for a peeled-off socket, so the
 * style shows in behaviour, not in the type.) */
static void assert_one_to_one_style(int fd, int family)
{
	struct sockaddr_storage peer;
	socklen_t len = sizeof peer;
	cr_assert_eq(getpeername(fd, (struct sockaddr *)&peer, &len), 0, "getpeername: %s", strerror(errno));
	cr_assert_eq(peer.ss_family, family);
	struct sctp_status status;
	memset(&status, 0, sizeof status);
	status.sstat_assoc_id = 424242;
	len = sizeof status;
	cr_assert_eq(getsockopt(fd, SOL_SCTP, SCTP_STATUS, &status, &len), 0,
		     "SCTP_STATUS with an arbitrary id: %s", strerror(errno));
	cr_assert_eq(status.sstat_state, SCTP_ESTABLISHED);
}

Test(sctp_peeloff_kernel, the_new_socket_is_a_one_to_one_style_socket)
{
	struct one_association t = one_association_setup(AF_INET, "127.0.0.1");
	int peeled = sctp_peeloff(t.server, t.id);
	cr_assert_geq(peeled, 0, "sctp_peeloff: %s", strerror(errno));
	assert_one_to_one_style(peeled, AF_INET);
	/* And, one-to-one, it cannot be peeled off further. */
	assert_fails_with(sctp_peeloff(peeled, t.id), EINVAL);
	close(peeled);
	one_association_teardown(&t);
}

Test(sctp_peeloff_kernel, einval_the_assoc_id_passed_is_invalid)
{
	struct one_association t = one_association_setup(AF_INET, "127.0.0.1");
	assert_fails_with(sctp_peeloff(t.server, t.id + 1000), EINVAL);
	assert_fails_with(sctp_peeloff(t.server, 0), EINVAL);
	assert_fails_with(sctp_peeloff(t.server, -1), EINVAL);
	/* Nothing was branched off. */
	cr_assert_eq(association_number(t.server), 1);
	/* Once peeled off, the id is invalid on the one-to-many socket. */
	int peeled = sctp_peeloff(t.server, t.id);
	cr_assert_geq(peeled, 0, "sctp_peeloff: %s", strerror(errno));
	assert_fails_with(sctp_peeloff(t.server, t.id), EINVAL);
	close(peeled);
	one_association_teardown(&t);

	/* A one-to-many socket without any association. */
	int fd = sctp_test_socket(AF_INET6, SOCK_SEQPACKET);
	assert_fails_with(sctp_peeloff(fd, 1), EINVAL);
	close(fd);
}

Test(sctp_peeloff_kernel, einval_if_the_socket_is_a_one_to_one_style_socket)
{
	struct one_association t = one_association_setup(AF_INET, "127.0.0.1");
	/* The connected one-to-one client, with any id. */
	assert_fails_with(sctp_peeloff(t.client, 0), EINVAL);
	assert_fails_with(sctp_peeloff(t.client, t.id), EINVAL);
	one_association_teardown(&t);
	/* An unconnected one. */
	int fd = sctp_test_socket(AF_INET, SOCK_STREAM);
	assert_fails_with(sctp_peeloff(fd, 1), EINVAL);
	close(fd);
}

/* --- sctp_peeloff_flags ----------------------------------------------------- */

#define NO_PEELOFF_FLAGS "lksctp does not export sctp_peeloff_flags"

/* Looked up at run time rather than linked: a reference to the symbol, weak
 * or not, makes the binary require version VERS_4 of libsctp.so.1, which
 * lksctp lacks, and then it does not load against the reference at all. */
static int peeloff_flags(int sd, sctp_assoc_t id, unsigned flags)
{
	typedef int (*peeloff_flags_function)(int, sctp_assoc_t, unsigned);
	peeloff_flags_function function;
	void *symbol = dlsym(RTLD_DEFAULT, SCTP_TEST_PEELOFF_FLAGS_SYMBOL);
	cr_assert_not_null(symbol, "the library does not export sctp_peeloff_flags");
	memcpy(&function, &symbol, sizeof function);
	return function(sd, id, flags);
}

static bool has_status_flag(int fd, int flag)
{
	int flags = fcntl(fd, F_GETFL);
	cr_assert_geq(flags, 0);
	return (flags & flag) != 0;
}

static bool closes_on_exec(int fd)
{
	int flags = fcntl(fd, F_GETFD);
	cr_assert_geq(flags, 0);
	return (flags & FD_CLOEXEC) != 0;
}

Test(sctp_peeloff, sctp_peeloff_flags_ebadf_sd_is_not_a_valid_descriptor)
{
	NOT_IN_LKSCTP(NO_PEELOFF_FLAGS);
	assert_fails_with(peeloff_flags(-1, 1, 0), EBADF);
	assert_fails_with(peeloff_flags(-1, 1, SOCK_NONBLOCK | SOCK_CLOEXEC), EBADF);
}

Test(sctp_peeloff, sctp_peeloff_flags_enotsock_argument_is_a_descriptor_for_a_file_not_a_socket)
{
	NOT_IN_LKSCTP(NO_PEELOFF_FLAGS);
	int fd = sctp_test_file_descriptor();
	assert_fails_with(peeloff_flags(fd, 1, SOCK_CLOEXEC), ENOTSOCK);
	close(fd);
}

Test(sctp_peeloff_kernel, sctp_peeloff_flags_sock_nonblock_specifies_that_the_new_socket_should_not_block_on_io_operations)
{
	NOT_IN_LKSCTP(NO_PEELOFF_FLAGS);
	struct one_association t = one_association_setup(AF_INET, "127.0.0.1");
	int peeled = peeloff_flags(t.server, t.id, SOCK_NONBLOCK);
	cr_assert_geq(peeled, 0, "sctp_peeloff_flags: %s", strerror(errno));
	cr_assert(has_status_flag(peeled, O_NONBLOCK), "the new socket lacks O_NONBLOCK");
	cr_assert_not(closes_on_exec(peeled), "the new socket has FD_CLOEXEC, which was not asked for");
	/* Nothing to read: recv returns at once instead of blocking. */
	char byte;
	errno = 0;
	cr_assert_eq(recv(peeled, &byte, 1, 0), -1);
	cr_assert(errno == EAGAIN || errno == EWOULDBLOCK, "recv: errno %d (%s)", errno, strerror(errno));
	assert_branched_off(&t, peeled);
	close(peeled);
	one_association_teardown(&t);
}

Test(sctp_peeloff_kernel, sctp_peeloff_flags_sock_cloexec_specifies_that_the_new_socket_should_be_closed_when_the_owning_process_calls_exec)
{
	NOT_IN_LKSCTP(NO_PEELOFF_FLAGS);
	struct one_association t = one_association_setup(AF_INET6, "::1");
	int peeled = peeloff_flags(t.server, t.id, SOCK_CLOEXEC);
	cr_assert_geq(peeled, 0, "sctp_peeloff_flags: %s", strerror(errno));
	cr_assert(closes_on_exec(peeled), "the new socket lacks FD_CLOEXEC");
	cr_assert_not(has_status_flag(peeled, O_NONBLOCK), "the new socket has O_NONBLOCK, which was not asked for");
	assert_branched_off(&t, peeled);
	close(peeled);
	one_association_teardown(&t);
}

/* sctp_peeloff_flags(t->server, t->id, flags) succeeds, and the new socket
 * has O_NONBLOCK and FD_CLOEXEC as `flags` ask; returns it. */
static int assert_peeled_off_with_flags(const struct one_association *t, unsigned flags)
{
	errno = 0;
	int peeled = peeloff_flags(t->server, t->id, flags);
	int error = errno;
	cr_assert_geq(peeled, 0, "sctp_peeloff_flags with flags %#x: %s", flags, strerror(error));
	cr_assert_eq(has_status_flag(peeled, O_NONBLOCK), (flags & SOCK_NONBLOCK) != 0, "flags %#x: O_NONBLOCK",
		     flags);
	cr_assert_eq(closes_on_exec(peeled), (flags & SOCK_CLOEXEC) != 0, "flags %#x: FD_CLOEXEC", flags);
	return peeled;
}

/* sctp_peeloff_flags with `flags` branches the association off into a
 * one-to-one socket with those flags. */
static void assert_flags_peeloff_branches_off(unsigned flags)
{
	struct one_association t = one_association_setup(AF_INET, "127.0.0.1");
	int peeled = assert_peeled_off_with_flags(&t, flags);
	assert_one_to_one_style(peeled, AF_INET);
	assert_branched_off(&t, peeled);
	close(peeled);
	one_association_teardown(&t);
}

Test(sctp_peeloff_kernel, sctp_peeloff_flags_with_sock_nonblock_and_sock_cloexec)
{
	NOT_IN_LKSCTP(NO_PEELOFF_FLAGS);
	assert_flags_peeloff_branches_off(SOCK_NONBLOCK | SOCK_CLOEXEC);
}

Test(sctp_peeloff_kernel, sctp_peeloff_flags_is_a_variant_of_sctp_peeloff)
{
	/* Without flags it is sctp_peeloff: a blocking socket kept across exec. */
	NOT_IN_LKSCTP(NO_PEELOFF_FLAGS);
	assert_flags_peeloff_branches_off(0);
}

Test(sctp_peeloff_kernel, sctp_peeloff_flags_einval_the_assoc_id_passed_is_invalid_or_the_socket_is_one_to_one)
{
	NOT_IN_LKSCTP(NO_PEELOFF_FLAGS);
	struct one_association t = one_association_setup(AF_INET, "127.0.0.1");
	assert_fails_with(peeloff_flags(t.server, t.id + 1000, SOCK_NONBLOCK), EINVAL);
	assert_fails_with(peeloff_flags(t.server, 0, 0), EINVAL);
	assert_fails_with(peeloff_flags(t.client, t.id, SOCK_CLOEXEC), EINVAL);
	cr_assert_eq(association_number(t.server), 1);
	one_association_teardown(&t);
}

/* "Currently the supported flags are SOCK_NONBLOCK and SOCK_CLOEXEC": as in
 * lksctp's source, the flags go to the kernel as they are, and Linux acts
 * on those two and ignores the others. */
Test(sctp_peeloff_kernel, sctp_peeloff_flags_currently_the_supported_flags_are_sock_nonblock_and_sock_cloexec)
{
	NOT_IN_LKSCTP(NO_PEELOFF_FLAGS);
	unsigned others[] = { 1, O_APPEND, SOCK_NONBLOCK | 0x1000, SOCK_CLOEXEC | 0x80000000u, ~0u };
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
		struct one_association t = one_association_setup(AF_INET, "127.0.0.1");
		int peeled = assert_peeled_off_with_flags(&t, others[i]);
		cr_assert_eq(association_number(t.server), 0, "flags %#x: the association was not branched off",
			     others[i]);
		close(peeled);
		one_association_teardown(&t);
	}
}

/* On a kernel without SCTP_SOCKOPT_PEELOFF_FLAGS (before 4.13; made to refuse
 * it with ENOPROTOOPT here) sctp_peeloff_flags peels off, then sets the
 * flags with fcntl(2). Each error forced on each of those calls in turn
 * (sctp_test_fault_sweep.h): -1 with it, no allocation, and the descriptor
 * peeled off already given back (the number of open descriptors is the
 * same after the call as before). */
struct peeloff_fallback {
	int (*function)(int, sctp_assoc_t, unsigned); /* sctp_peeloff_flags */
	struct one_association t;
	int descriptors; /* open before the call */
	long rc;
};

static int open_descriptors(void)
{
	int n = 0;
	for (int fd = 0; fd < 1024; fd++)
		n += fcntl(fd, F_GETFD) != -1;
	return n;
}

static void peeloff_fallback_setup(void *context)
{
	struct peeloff_fallback *f = context;
	void *symbol = dlsym(RTLD_DEFAULT, SCTP_TEST_PEELOFF_FLAGS_SYMBOL);
	cr_assert_not_null(symbol, "the library does not export sctp_peeloff_flags");
	memcpy(&f->function, &symbol, sizeof f->function);
	f->t = one_association_setup(AF_INET, "127.0.0.1");
	f->descriptors = open_descriptors();
}

static void without_peeloff_flags(void *context)
{
	(void)context;
	sctp_test_fault_on_option(FAULT_GETSOCKOPT, SCTP_SOCKOPT_PEELOFF_FLAGS, ENOPROTOOPT);
}

static long peeloff_flags_call(void *context)
{
	struct peeloff_fallback *f = context;
	f->rc = f->function(f->t.server, f->t.id, SOCK_NONBLOCK | SOCK_CLOEXEC);
	return f->rc;
}

static void check_peeled_off(void *context, long rc)
{
	struct peeloff_fallback *f = context;
	cr_assert(has_status_flag((int)rc, O_NONBLOCK), "the new socket lacks O_NONBLOCK");
	cr_assert(closes_on_exec((int)rc), "the new socket lacks FD_CLOEXEC");
	cr_assert_eq(open_descriptors(), f->descriptors + 1);
	close((int)rc);
}

static void close_association(void *context)
{
	struct peeloff_fallback *f = context;
	if (f->rc < 0)
		cr_assert_eq(open_descriptors(), f->descriptors, "a failed sctp_peeloff_flags left a descriptor open");
	one_association_teardown(&f->t);
}

Test(sctp_peeloff_kernel, sctp_peeloff_flags_on_error_minus_1_is_returned_and_no_descriptor_is_left_open_on_older_kernels)
{
	NOT_IN_LKSCTP(NO_PEELOFF_FLAGS);
	struct peeloff_fallback f;
	struct fault_case c = { peeloff_fallback_setup, without_peeloff_flags, peeloff_flags_call, NULL, check_peeled_off,
				close_association, &f, "sctp_peeloff_flags", { 0, 0 } };
	size_t runs = sctp_test_fault_sweep(&c);
	/* PEELOFF_FLAGS, PEELOFF, F_GETFL, F_SETFL, F_SETFD: 5 system calls. */
	cr_assert_eq(runs, 5 * 4, "%zu faulted runs", runs);
}

/* A failing close does not hide the error that made the library give the
 * descriptor back: F_SETFD fails with EINVAL, the close with EINTR (which
 * on Linux still closes): -1 with EINVAL, nothing left open. */
Test(sctp_peeloff_kernel, sctp_peeloff_flags_keeps_the_error_of_fcntl_when_closing_the_new_socket_fails_too)
{
	NOT_IN_LKSCTP(NO_PEELOFF_FLAGS);
	struct peeloff_fallback f;
	peeloff_fallback_setup(&f);
	sctp_test_fault_arm(FAULT_FCNTL, 3, EINVAL);
	without_peeloff_flags(&f);
	sctp_test_fault_add(FAULT_CLOSE, 1, EINTR);
	errno = 0;
	int rc = f.function(f.t.server, f.t.id, SOCK_NONBLOCK | SOCK_CLOEXEC);
	int error = errno;
	sctp_test_fault_disarm();
	cr_assert_eq(sctp_test_fault_fired(), 3, "%u faults injected, expected 3", sctp_test_fault_fired());
	cr_assert_eq(rc, -1);
	cr_assert_eq(error, EINVAL, "errno %s, expected EINVAL", strerror(error));
	cr_assert_eq(open_descriptors(), f.descriptors, "the new socket was left open");
	one_association_teardown(&f.t);
}
