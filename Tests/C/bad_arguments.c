/* The bad-input matrix: every exported function, every argument, given what
 * a careless or hostile caller gives. NULL pointers, counts of 0, -1, INT_MIN
 * and INT_MAX (more than any caller can have), lengths of SIZE_MAX and
 * SIZE_MAX/2+1, socklen_t 0xFFFFFFFF, unknown families, flags and info
 * types, info and option sizes one byte short, and descriptors that are
 * closed, files, or sockets of another protocol.
 *
 * A case holds when the call returns exactly -1 with the errno its page
 * documents (or, where the page allows the value, does what the page says),
 * writes nothing outside the caller's buffers, and the process neither
 * crashes nor traps (an Embedded Swift trap is SIGILL: Criterion reports any
 * signal as a failure). Every caller buffer and every out-argument is put in
 * a guarded region: at the very end of a mapping whose next page is
 * inaccessible (a read or write past it is SIGSEGV), with canary bytes
 * before it that are checked after the call.
 *
 * The table: each line below is one case, one Test, one process, one TAP
 * line, named <function>__<what the page says of it>. Suite bad_arguments
 * needs no SCTP kernel (the library must answer before the kernel, or the
 * kernel's non-SCTP sockets answer); suite bad_arguments_kernel makes the
 * same calls on real SCTP sockets, where the kernel must not be reached or
 * must answer with its own errno. */
#include "sctp_test.h"

#include <dlfcn.h>
#include <limits.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/un.h>

/* --- guarded buffers ------------------------------------------------------------ */

#define CANARY 0xA5

struct guarded_region {
	unsigned char *map;
	size_t map_size;
	unsigned char *data;
};

static struct guarded_region guarded_regions[32];
static int guarded_count;

/* `size` bytes (filled with `fill`) that end where a PROT_NONE page begins;
 * the rest of their page, before them, holds canary bytes. */
static void *guarded(size_t size, int fill)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t pages = (size + 64 + (size_t)page - 1) / (size_t)page;
	size_t map_size = (pages + 2) * (size_t)page;
	unsigned char *map = mmap(NULL, map_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	cr_assert_neq(map, MAP_FAILED, "mmap: %s", strerror(errno));
	cr_assert_eq(mprotect(map, (size_t)page, PROT_NONE), 0);
	cr_assert_eq(mprotect(map + map_size - (size_t)page, (size_t)page, PROT_NONE), 0);
	unsigned char *end = map + map_size - (size_t)page;
	unsigned char *data = end - size;
	memset(map + page, CANARY, (size_t)(data - (map + page)));
	memset(data, fill, size);
	cr_assert_lt(guarded_count, 32);
	guarded_regions[guarded_count++] = (struct guarded_region){ map, map_size, data };
	return data;
}

/* A copy of `size` bytes at `value`, guarded. */
static void *guarded_copy(const void *value, size_t size)
{
	void *data = guarded(size, 0);
	memcpy(data, value, size);
	return data;
}

/* Fails the test if any canary byte before a guarded buffer changed. */
static void assert_nothing_written_outside(void)
{
	long page = sysconf(_SC_PAGESIZE);
	for (int i = 0; i < guarded_count; i++) {
		const unsigned char *p = guarded_regions[i].map + page;
		for (; p < guarded_regions[i].data; p++)
			cr_assert_eq(*p, CANARY, "a byte %td before guarded buffer %d was written",
				     guarded_regions[i].data - p, i);
	}
}

/* Fails the test if any of the `size` bytes at `buffer` is not `fill` any more. */
static void assert_untouched(const void *buffer, size_t size, int fill, const char *what)
{
	for (size_t i = 0; i < size; i++)
		cr_assert_eq(((const unsigned char *)buffer)[i], (unsigned char)fill, "byte %zu of %s was written", i,
			     what);
}

/* --- the cases ---------------------------------------------------------------- */

/* The descriptor a case calls on. */
enum descriptor {
	NO_DESCRIPTOR,     /* the table forgot it: fails */
	CLOSED,            /* a number that was a descriptor and is closed now */
	A_FILE,            /* /dev/null */
	UDP4,              /* an unbound IPv4 UDP socket */
	UDP6,              /* an unbound IPv6 UDP socket */
	TCP,               /* an unconnected TCP socket */
	UNIX_DATAGRAM,     /* an unconnected, non-blocking AF_UNIX datagram socket */
	UDP_SENDER,        /* a UDP socket connected to a receiver */
	UDP_RECEIVER,      /* a UDP socket with one datagram queued */
	SCTP_ONE_TO_MANY,  /* an unbound one-to-many SCTP socket (kernel) */
	SCTP_ONE_TO_ONE,   /* an unconnected one-to-one SCTP socket (kernel) */
	SCTP_ASSOCIATED,   /* a one-to-many SCTP socket with one association (kernel) */
	SCTP_CONNECTED,    /* a connected one-to-one SCTP socket (kernel) */
	SCTP_RECEIVER,     /* a connected one-to-one SCTP socket, SCTP_RECVRCVINFO on, one message queued (kernel) */
};

/* The argument a case makes bad; `value` is what it gets. */
enum argument {
	ONLY_THE_DESCRIPTOR, /* every argument valid */
	NULL_LIST,           /* addrs NULL (bindx, connectx, sendx, sendv) */
	COUNT,               /* addrcnt (bindx, connectx, sendx, sendv) */
	FAMILY,              /* the list's (or to's) address has family `value` */
	SECOND_PORT,         /* a second address, of port `value` (sendv, sendx) */
	FLAGS,               /* flags */
	ASSOCIATION,         /* the association id */
	NULL_ID,             /* connectx's id NULL */
	NULL_ADDRESSES,      /* getpaddrs/getladdrs' addrs NULL */
	NULL_ARG,            /* opt_info's arg NULL */
	NULL_SIZE,           /* opt_info's size NULL */
	OPTION,              /* opt_info's opt */
	SIZE,                /* opt_info's *size (the buffer is exactly that long when it is at most the option's) */
	NULL_MESSAGE,        /* msg NULL, len 4 */
	LENGTH,              /* len (or iov[0].iov_len) */
	NULL_TO,             /* sctp_sendmsg's to NULL, tolen `value` */
	TO_LENGTH,           /* sctp_sendmsg's tolen, with to a guarded IPv4 address as long as that (at most 16) */
	NULL_INFO,           /* sinfo (send, sendx, recvmsg) or sendv's info NULL */
	INFO_LENGTH,         /* sendv's infolen (the buffer is exactly that long when it is at most the type's) */
	INFO_TYPE,           /* sendv's infotype */
	SPA_FLAGS,           /* sendv's sendv_flags, SCTP_SENDV_SPA */
	NULL_IOV,            /* iov NULL, iovcnt 1 */
	IOV_COUNT,           /* iovcnt / iovlen */
	NULL_FROM,           /* from NULL (recvmsg, recvv) */
	NULL_FROMLEN,        /* fromlen NULL */
	FROMLEN,             /* *fromlen, with from a guarded buffer as long as that (at most 16) */
	NULL_INFOLEN,        /* recvv's infolen NULL */
	NULL_INFOTYPE,       /* recvv's infotype NULL */
	RECEIVE_INFOLEN,     /* recvv's *infolen, info exactly that long */
	NULL_FLAGS,          /* msg_flags / flags NULL */
	FAMILY_VALUE,        /* sctp_getaddrlen's family */
};

struct bad_case {
	enum descriptor descriptor;
	enum argument argument;
	uint64_t value;
	/* The errno (or either of two) of a call that must fail; 0: the page
	 * allows the input and the call must succeed, returning `result` (or
	 * at least 0 when `result` is 0). */
	int error, or_error;
	long result;
	/* Set info type (sendv) for INFO_LENGTH and NULL_INFO. */
	unsigned info_type;
	/* The id of DIVERGENCES.md's row of the harm lksctp does on this case,
	 * where it does one (make check-reference skips the case there);
	 * upstream_in_1_0_19 for a row that says "1.0.19 only". */
	const char *upstream, *upstream_in_1_0_19;
};

/* One line of the table: Test `function__name` of `suite`, running the
 * function's runner on the case. */
#define BAD(suite, function, name, ...)                                                   \
	Test(suite, function##__##name, .timeout = 30)                                    \
	{                                                                                 \
		static const struct bad_case case_ = { __VA_ARGS__ };                    \
		run_##function(&case_);                                                   \
	}

#define AS_INT(value) ((int)(int64_t)(value))
#define MINUS_1 ((uint64_t)(int64_t)-1)
#define INT_MIN_ ((uint64_t)(int64_t)INT_MIN)
#define HALF_SIZE_MAX ((uint64_t)(SIZE_MAX / 2 + 1))

/* Why lksctp fails a case (see KNOWN_UPSTREAM_DIVERGENCE). */
#define NULL_LIST_CRASHES "lksctp reads the family at NULL (SIGSEGV)"

/* --- what a case calls on -------------------------------------------------------- */

static const char queued_message[] = "bad-arguments";
#define QUEUED_LENGTH ((long)(sizeof queued_message - 1))

struct target {
	int fd;
	sctp_assoc_t association;
	struct address peer; /* where the descriptor's association or connection goes */
};

static struct target open_target(enum descriptor kind)
{
	struct target t = { .fd = -1 };
	switch (kind) {
	case NO_DESCRIPTOR:
		cr_assert_fail("the case names no descriptor");
		break;
	case CLOSED:
		t.fd = sctp_test_file_descriptor();
		close(t.fd);
		t.peer = address_of("127.0.0.1", 9);
		break;
	case A_FILE:
		t.fd = sctp_test_file_descriptor();
		t.peer = address_of("127.0.0.1", 9);
		break;
	case UDP4:
		t.fd = sctp_test_udp_socket(AF_INET);
		t.peer = address_of("127.0.0.1", 9);
		break;
	case UDP6:
		t.fd = sctp_test_udp_socket(AF_INET6);
		t.peer = address_of("::1", 9);
		break;
	case TCP:
		t.fd = socket(AF_INET, SOCK_STREAM, 0);
		cr_assert_geq(t.fd, 0);
		t.peer = address_of("127.0.0.1", 9);
		break;
	case UNIX_DATAGRAM:
		t.fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
		cr_assert_geq(t.fd, 0);
		t.peer = address_of("127.0.0.1", 9);
		break;
	case UDP_SENDER:
	case UDP_RECEIVER: {
		struct udp_pair u = udp_pair_open(AF_INET);
		t.peer = u.to;
		if (kind == UDP_SENDER) {
			t.fd = u.sender;
		} else {
			cr_assert_eq(send(u.sender, queued_message, QUEUED_LENGTH, 0), QUEUED_LENGTH);
			wait_readable(u.receiver);
			t.fd = u.receiver;
		}
		break;
	}
	case SCTP_ONE_TO_MANY:
		t.fd = sctp_test_socket(AF_INET, SOCK_SEQPACKET);
		t.peer = address_of("127.0.0.1", 9);
		break;
	case SCTP_ONE_TO_ONE:
		t.fd = sctp_test_socket(AF_INET, SOCK_STREAM);
		t.peer = address_of("127.0.0.1", 9);
		break;
	case SCTP_ASSOCIATED:
	case SCTP_CONNECTED:
	case SCTP_RECEIVER: {
		struct sctp_test_pair p = sctp_test_connect_pair(AF_INET, kind == SCTP_ASSOCIATED ? SOCK_SEQPACKET : SOCK_STREAM,
								 "127.0.0.1");
		t.fd = p.client;
		t.association = p.client_assoc;
		t.peer = address_of("127.0.0.1", p.port);
		if (kind == SCTP_RECEIVER) {
			sctp_test_enable(p.client, SCTP_RECVRCVINFO);
			send_with_sndrcv(p.server, queued_message, QUEUED_LENGTH, p.server_assoc, 0, 0, 0);
			wait_readable(p.client);
		}
		break;
	}
	}
	/* A send to a TCP socket that is not connected is EPIPE with SIGPIPE:
	 * the signal is the kernel's documented answer, not a crash. */
	if (kind == TCP)
		signal(SIGPIPE, SIG_IGN);
	return t;
}

/* Checks the result and errno of a case's call, then the guards. */
static void assert_outcome(const struct bad_case *c, const char *function, long result, int error)
{
	if (c->error == 0) {
		if (c->result > 0)
			cr_assert_eq(result, c->result, "%s returned %ld (errno %d %s), expected %ld", function, result,
				     error, strerror(error), c->result);
		else
			cr_assert_geq(result, 0, "%s returned %ld (errno %d %s), expected success", function, result,
				      error, strerror(error));
	} else {
		cr_assert_eq(result, -1, "%s returned %ld (errno %d %s), expected -1", function, result, error,
			     strerror(error));
		cr_assert(error == c->error || (c->or_error != 0 && error == c->or_error),
			  "%s: errno %d (%s), expected %d (%s)%s%s", function, error, strerror(error), c->error,
			  strerror(c->error), c->or_error ? " or " : "", c->or_error ? strerror(c->or_error) : "");
	}
	assert_nothing_written_outside();
}

static void note_upstream(const struct bad_case *c)
{
	if (c->upstream != NULL)
		KNOWN_UPSTREAM_DIVERGENCE(c->upstream);
	if (c->upstream_in_1_0_19 != NULL)
		KNOWN_UPSTREAM_DIVERGENCE_IN_1_0_19(c->upstream_in_1_0_19);
}

/* The packed list a case passes: one address of the target's peer (of
 * family `value` for FAMILY), and a second one of port `value` for
 * SECOND_PORT; guarded, exactly as long as the addresses. NULL for
 * NULL_LIST. *count is the number of addresses in it (or `value` for COUNT). */
static struct sockaddr *case_list(const struct bad_case *c, const struct target *t, const char *ip, int *count)
{
	*count = 1;
	if (c->argument == NULL_LIST)
		return NULL;
	struct address first = t->peer;
	if (ip != NULL)
		first = address_of(ip, ntohs(((struct sockaddr_in *)&t->peer.ss)->sin_port));
	char list[2 * sizeof(struct sockaddr_in6)];
	size_t length = first.len;
	memcpy(list, &first.ss, first.len);
	if (c->argument == FAMILY)
		((struct sockaddr *)list)->sa_family = (sa_family_t)c->value;
	if (c->argument == SECOND_PORT) {
		struct sockaddr_in second;
		memcpy(&second, &first.ss, sizeof second);
		second.sin_port = htons((uint16_t)c->value);
		memcpy(list + length, &second, sizeof second);
		length += sizeof second;
		*count = 2;
	}
	if (c->argument == COUNT)
		*count = AS_INT(c->value);
	return guarded_copy(list, length);
}

/* The descriptors every function that asks with a socket option meets:
 * the kernel's own answers, passed on. */
#define SOCKET_OPTION_DESCRIPTOR_ROWS(F)                                                                    \
	F(a_closed_sd_fails_with_EBADF, .descriptor = CLOSED, .error = EBADF)                               \
	F(a_file_fails_with_ENOTSOCK, .descriptor = A_FILE, .error = ENOTSOCK)                              \
	F(a_UDP_socket_fails_with_ENOPROTOOPT_or_EOPNOTSUPP, .descriptor = UDP4, .error = ENOPROTOOPT,      \
	  .or_error = EOPNOTSUPP)                                                                           \
	F(a_UDP_IPv6_socket_fails_with_ENOPROTOOPT_or_EOPNOTSUPP, .descriptor = UDP6, .error = ENOPROTOOPT, \
	  .or_error = EOPNOTSUPP)                                                                           \
	F(a_TCP_socket_fails_with_ENOPROTOOPT_or_EOPNOTSUPP, .descriptor = TCP, .error = ENOPROTOOPT,       \
	  .or_error = EOPNOTSUPP)                                                                           \
	F(an_AF_UNIX_socket_fails_with_ENOPROTOOPT_or_EOPNOTSUPP, .descriptor = UNIX_DATAGRAM,              \
	  .error = ENOPROTOOPT, .or_error = EOPNOTSUPP)

/* --- sctp_bindx ----------------------------------------------------------------------- */

static void run_sctp_bindx(const struct bad_case *c)
{
	note_upstream(c);
	struct target t = open_target(c->descriptor);
	int count;
	struct sockaddr *list = case_list(c, &t, "127.0.0.1", &count);
	if (list != NULL)
		((struct sockaddr_in *)list)->sin_port = 0;
	int flags = c->argument == FLAGS ? AS_INT(c->value) : SCTP_BINDX_ADD_ADDR;
	errno = 0;
	int result = sctp_bindx(t.fd, list, count, flags);
	assert_outcome(c, "sctp_bindx", result, errno);
}

#define BINDX(...) BAD(bad_arguments, sctp_bindx, __VA_ARGS__)
#define BINDX_KERNEL(...) BAD(bad_arguments_kernel, sctp_bindx, __VA_ARGS__)

/* A count of 0 or less is an empty list, for the kernel to judge (as lksctp). */
BINDX(a_NULL_addrs_fails_with_EFAULT, .descriptor = UDP4, .argument = NULL_LIST, .error = EFAULT,
      .upstream = "bindx-null-addrs")
BINDX(addrcnt_0_reaches_the_kernel_which_answers_for_its_socket, .descriptor = UDP4, .argument = COUNT, .value = 0,
      .error = ENOPROTOOPT, .or_error = EOPNOTSUPP)
BINDX(addrcnt_minus_1_reaches_the_kernel_which_answers_for_its_socket, .descriptor = UDP4, .argument = COUNT,
      .value = MINUS_1, .error = ENOPROTOOPT, .or_error = EOPNOTSUPP)
BINDX(addrcnt_INT_MIN_reaches_the_kernel_which_answers_for_its_socket, .descriptor = UDP4, .argument = COUNT,
      .value = INT_MIN_, .error = ENOPROTOOPT, .or_error = EOPNOTSUPP)
BINDX(addrcnt_INT_MAX_fails_with_EINVAL_without_reading_past_the_list, .descriptor = UDP4, .argument = COUNT,
      .value = INT_MAX, .error = EINVAL, .upstream = "bindx-count-overflow")
BINDX(an_address_of_family_AF_UNSPEC_fails_with_EINVAL, .descriptor = UDP4, .argument = FAMILY, .value = AF_UNSPEC,
      .error = EINVAL)
BINDX(an_address_of_family_AF_UNIX_fails_with_EINVAL, .descriptor = UDP4, .argument = FAMILY, .value = AF_UNIX,
      .error = EINVAL)
BINDX(an_address_of_family_0xFFFF_fails_with_EINVAL, .descriptor = UDP4, .argument = FAMILY, .value = 0xFFFF,
      .error = EINVAL)
BINDX(flags_0_fails_with_EINVAL, .descriptor = UDP4, .argument = FLAGS, .value = 0, .error = EINVAL)
BINDX(flags_ADD_and_REM_together_fail_with_EINVAL, .descriptor = UDP4, .argument = FLAGS,
      .value = SCTP_BINDX_ADD_ADDR | SCTP_BINDX_REM_ADDR, .error = EINVAL)
BINDX(flags_minus_1_fails_with_EINVAL, .descriptor = UDP4, .argument = FLAGS, .value = MINUS_1, .error = EINVAL)
BINDX(flags_INT_MIN_fails_with_EINVAL, .descriptor = UDP4, .argument = FLAGS, .value = INT_MIN_, .error = EINVAL)
BINDX(flags_INT_MAX_fails_with_EINVAL, .descriptor = UDP4, .argument = FLAGS, .value = INT_MAX, .error = EINVAL)
SOCKET_OPTION_DESCRIPTOR_ROWS(BINDX)

BINDX_KERNEL(a_NULL_addrs_fails_with_EFAULT, .descriptor = SCTP_ONE_TO_MANY, .argument = NULL_LIST, .error = EFAULT,
	     .upstream = "bindx-null-addrs")
BINDX_KERNEL(addrcnt_INT_MAX_fails_with_EINVAL_without_reading_past_the_list, .descriptor = SCTP_ONE_TO_MANY,
	     .argument = COUNT, .value = INT_MAX, .error = EINVAL, .upstream = "bindx-count-overflow")
BINDX_KERNEL(addrcnt_0_is_an_empty_list_which_the_kernel_fails_with_EINVAL, .descriptor = SCTP_ONE_TO_MANY,
	     .argument = COUNT, .value = 0, .error = EINVAL)
BINDX_KERNEL(addrcnt_INT_MIN_is_an_empty_list_which_the_kernel_fails_with_EINVAL, .descriptor = SCTP_ONE_TO_MANY,
	     .argument = COUNT, .value = INT_MIN_, .error = EINVAL)

/* --- sctp_connectx, all three versions ----------------------------------------------- */

static void run_connectx(const struct bad_case *c, int version)
{
	note_upstream(c);
	struct target t = open_target(c->descriptor);
	int count;
	struct sockaddr *list = case_list(c, &t, NULL, &count);
	sctp_assoc_t *id = c->argument == NULL_ID ? NULL : guarded(sizeof *id, 0x11);
	errno = 0;
	int result;
	if (version == 1) {
		void *symbol = connectx_version("VERS_1");
		int (*function)(int, struct sockaddr *, int);
		memcpy(&function, &symbol, sizeof function);
		result = function(t.fd, list, count);
	} else if (version == 2) {
		void *symbol = connectx_version("VERS_2");
		int (*function)(int, struct sockaddr *, int, sctp_assoc_t *);
		memcpy(&function, &symbol, sizeof function);
		result = function(t.fd, list, count, id);
	} else {
		result = sctp_connectx(t.fd, list, count, id);
	}
	assert_outcome(c, "sctp_connectx", result, errno);
}

static void run_sctp_connectx(const struct bad_case *c) { run_connectx(c, 3); }
static void run_sctp_connectx_VERS_1(const struct bad_case *c) { run_connectx(c, 1); }
static void run_sctp_connectx_VERS_2(const struct bad_case *c) { run_connectx(c, 2); }

/* The same rows for each version. */
#define CONNECTX_ROWS(F)                                                                                          \
	F(a_NULL_addrs_fails_with_EFAULT, .descriptor = UDP4, .argument = NULL_LIST, .error = EFAULT,             \
	  .upstream = "connectx-null-addrs")                                                                      \
	F(addrcnt_0_reaches_the_kernel_which_answers_for_its_socket, .descriptor = UDP4, .argument = COUNT,       \
	  .value = 0, .error = ENOPROTOOPT, .or_error = EOPNOTSUPP)                                               \
	F(addrcnt_minus_1_reaches_the_kernel_which_answers_for_its_socket, .descriptor = UDP4, .argument = COUNT, \
	  .value = MINUS_1, .error = ENOPROTOOPT, .or_error = EOPNOTSUPP)                                         \
	F(addrcnt_INT_MIN_reaches_the_kernel_which_answers_for_its_socket, .descriptor = UDP4, .argument = COUNT, \
	  .value = INT_MIN_, .error = ENOPROTOOPT, .or_error = EOPNOTSUPP)                                        \
	F(addrcnt_INT_MAX_fails_with_EINVAL_without_reading_past_the_list, .descriptor = UDP4, .argument = COUNT, \
	  .value = INT_MAX, .error = EINVAL, .upstream = "connectx-count-overflow")                               \
	F(an_address_of_family_AF_UNSPEC_fails_with_EINVAL, .descriptor = UDP4, .argument = FAMILY,               \
	  .value = AF_UNSPEC, .error = EINVAL)                                                                    \
	F(an_address_of_family_AF_UNIX_fails_with_EINVAL, .descriptor = UDP4, .argument = FAMILY,                 \
	  .value = AF_UNIX, .error = EINVAL)

#define CONNECTX_3(...) BAD(bad_arguments, sctp_connectx, __VA_ARGS__)
#define CONNECTX_1(...) BAD(bad_arguments, sctp_connectx_VERS_1, __VA_ARGS__)
#define CONNECTX_2(...) BAD(bad_arguments, sctp_connectx_VERS_2, __VA_ARGS__)
CONNECTX_ROWS(CONNECTX_3)
CONNECTX_ROWS(CONNECTX_2)
CONNECTX_ROWS(CONNECTX_1)
SOCKET_OPTION_DESCRIPTOR_ROWS(CONNECTX_3)
SOCKET_OPTION_DESCRIPTOR_ROWS(CONNECTX_2)
SOCKET_OPTION_DESCRIPTOR_ROWS(CONNECTX_1)
CONNECTX_3(a_NULL_id_with_a_NULL_addrs_fails_with_EFAULT, .descriptor = UDP4, .argument = NULL_LIST,
	   .error = EFAULT, .upstream = "connectx-null-addrs")

#define CONNECTX_KERNEL(...) BAD(bad_arguments_kernel, sctp_connectx, __VA_ARGS__)
CONNECTX_KERNEL(a_NULL_addrs_fails_with_EFAULT, .descriptor = SCTP_ONE_TO_MANY, .argument = NULL_LIST,
		.error = EFAULT, .upstream = "connectx-null-addrs")
CONNECTX_KERNEL(addrcnt_INT_MAX_fails_with_EINVAL_without_reading_past_the_list, .descriptor = SCTP_ONE_TO_MANY,
		.argument = COUNT, .value = INT_MAX, .error = EINVAL, .upstream = "connectx-count-overflow")
CONNECTX_KERNEL(addrcnt_0_is_an_empty_list_which_the_kernel_fails_with_EINVAL, .descriptor = SCTP_ONE_TO_MANY,
		.argument = COUNT, .value = 0, .error = EINVAL)
CONNECTX_KERNEL(addrcnt_minus_1_is_an_empty_list_which_the_kernel_fails_with_EINVAL, .descriptor = SCTP_ONE_TO_MANY,
		.argument = COUNT, .value = MINUS_1, .error = EINVAL)

/* --- sctp_peeloff, sctp_peeloff_flags ---------------------------------------------------- */

static void run_sctp_peeloff(const struct bad_case *c)
{
	note_upstream(c);
	struct target t = open_target(c->descriptor);
	sctp_assoc_t id = c->argument == ASSOCIATION ? (sctp_assoc_t)AS_INT(c->value) : t.association;
	errno = 0;
	int result = sctp_peeloff(t.fd, id);
	assert_outcome(c, "sctp_peeloff", result, errno);
}

static void run_sctp_peeloff_flags(const struct bad_case *c)
{
	void *symbol = dlsym(RTLD_DEFAULT, SCTP_TEST_PEELOFF_FLAGS_SYMBOL);
	if (symbol == NULL)
		NOT_IN_LKSCTP("lksctp does not export sctp_peeloff_flags");
	cr_assert_not_null(symbol, "the library does not export sctp_peeloff_flags");
	int (*peeloff_flags)(int, sctp_assoc_t, unsigned);
	memcpy(&peeloff_flags, &symbol, sizeof peeloff_flags);
	struct target t = open_target(c->descriptor);
	sctp_assoc_t id = c->argument == ASSOCIATION ? (sctp_assoc_t)AS_INT(c->value) : t.association;
	unsigned flags = c->argument == FLAGS ? (unsigned)c->value : 0;
	errno = 0;
	int result = peeloff_flags(t.fd, id, flags);
	assert_outcome(c, "sctp_peeloff_flags", result, errno);
}

#define PEELOFF(...) BAD(bad_arguments, sctp_peeloff, __VA_ARGS__)
#define PEELOFF_FLAGS(...) BAD(bad_arguments, sctp_peeloff_flags, __VA_ARGS__)
#define PEELOFF_KERNEL(...) BAD(bad_arguments_kernel, sctp_peeloff, __VA_ARGS__)
#define PEELOFF_FLAGS_KERNEL(...) BAD(bad_arguments_kernel, sctp_peeloff_flags, __VA_ARGS__)
SOCKET_OPTION_DESCRIPTOR_ROWS(PEELOFF)
SOCKET_OPTION_DESCRIPTOR_ROWS(PEELOFF_FLAGS)
PEELOFF_KERNEL(assoc_id_0_names_no_association_and_fails_with_EINVAL, .descriptor = SCTP_ONE_TO_MANY,
	       .argument = ASSOCIATION, .value = 0, .error = EINVAL)
PEELOFF_KERNEL(assoc_id_INT_MIN_names_no_association_and_fails_with_EINVAL, .descriptor = SCTP_ASSOCIATED,
	       .argument = ASSOCIATION, .value = INT_MIN_, .error = EINVAL)
PEELOFF_KERNEL(a_one_to_one_socket_fails_with_EINVAL, .descriptor = SCTP_CONNECTED, .error = EINVAL)

/* The flags go to the kernel as they are (as in lksctp's source), which
 * answers for the descriptor, and acts on SOCK_NONBLOCK and SOCK_CLOEXEC
 * only. */
PEELOFF_FLAGS(flags_1_reaches_the_kernel_which_answers_for_the_descriptor, .descriptor = CLOSED, .argument = FLAGS,
	      .value = 1, .error = EBADF)
PEELOFF_FLAGS(flags_0xFFFFFFFF_reaches_the_kernel_which_answers_for_the_descriptor, .descriptor = CLOSED,
	      .argument = FLAGS, .value = 0xFFFFFFFFu, .error = EBADF)
PEELOFF_FLAGS(flags_0x80000000_reaches_the_kernel_which_answers_for_its_socket, .descriptor = UDP4,
	      .argument = FLAGS, .value = 0x80000000u, .error = ENOPROTOOPT, .or_error = EOPNOTSUPP)
PEELOFF_FLAGS(flags_O_APPEND_reaches_the_kernel_which_answers_for_its_socket, .descriptor = UDP4, .argument = FLAGS,
	      .value = O_APPEND, .error = ENOPROTOOPT, .or_error = EOPNOTSUPP)
PEELOFF_FLAGS_KERNEL(flags_0xFFFFFFFF_peel_the_association_off, .descriptor = SCTP_ASSOCIATED, .argument = FLAGS,
		     .value = 0xFFFFFFFFu)

/* --- sctp_getpaddrs, sctp_getladdrs, and their free functions ----------------------------- */

static void run_addresses(const struct bad_case *c, bool peer)
{
	note_upstream(c);
	struct target t = open_target(c->descriptor);
	struct sockaddr **addrs = c->argument == NULL_ADDRESSES ? NULL : guarded(sizeof *addrs, 0x22);
	sctp_assoc_t id = c->argument == ASSOCIATION ? (sctp_assoc_t)AS_INT(c->value) : t.association;
	errno = 0;
	int result = peer ? sctp_getpaddrs(t.fd, id, addrs) : sctp_getladdrs(t.fd, id, addrs);
	assert_outcome(c, peer ? "sctp_getpaddrs" : "sctp_getladdrs", result, errno);
}

static void run_sctp_getpaddrs(const struct bad_case *c) { run_addresses(c, true); }
static void run_sctp_getladdrs(const struct bad_case *c) { run_addresses(c, false); }

#define ADDRESSES_ROWS(F)                                                                                      \
	F(a_NULL_addrs_reaches_the_kernel_which_answers_for_its_socket, .descriptor = UDP4,                   \
	  .argument = NULL_ADDRESSES, .error = ENOPROTOOPT, .or_error = EOPNOTSUPP)

#define GETPADDRS(...) BAD(bad_arguments, sctp_getpaddrs, __VA_ARGS__)
#define GETLADDRS(...) BAD(bad_arguments, sctp_getladdrs, __VA_ARGS__)
#define GETPADDRS_KERNEL(...) BAD(bad_arguments_kernel, sctp_getpaddrs, __VA_ARGS__)
#define GETLADDRS_KERNEL(...) BAD(bad_arguments_kernel, sctp_getladdrs, __VA_ARGS__)
ADDRESSES_ROWS(GETPADDRS)
ADDRESSES_ROWS(GETLADDRS)
SOCKET_OPTION_DESCRIPTOR_ROWS(GETPADDRS)
SOCKET_OPTION_DESCRIPTOR_ROWS(GETLADDRS)
GETPADDRS_KERNEL(a_NULL_addrs_fails_with_EFAULT, .descriptor = SCTP_ASSOCIATED, .argument = NULL_ADDRESSES,
		 .error = EFAULT, .upstream = "getaddrs-null-addrs")
GETPADDRS_KERNEL(id_minus_1_names_no_association_of_the_one_to_many_socket_and_fails_with_EINVAL,
		 .descriptor = SCTP_ASSOCIATED, .argument = ASSOCIATION, .value = MINUS_1, .error = EINVAL)
GETLADDRS_KERNEL(id_INT_MAX_names_no_association_of_the_one_to_many_socket_and_fails_with_EINVAL,
		 .descriptor = SCTP_ASSOCIATED, .argument = ASSOCIATION, .value = INT_MAX, .error = EINVAL)

/* "does not fail": free(3) of NULL is nothing. */
Test(bad_arguments, sctp_freepaddrs__a_NULL_list_returns_0)
{
	assert_returns(sctp_freepaddrs(NULL), 0);
}

Test(bad_arguments, sctp_freeladdrs__a_NULL_list_returns_0)
{
	assert_returns(sctp_freeladdrs(NULL), 0);
}

/* --- sctp_getaddrlen -------------------------------------------------------------------- */

/* "0 for every other family", errno left as it was: no -1 here. */
static void run_sctp_getaddrlen(const struct bad_case *c)
{
	note_upstream(c);
	errno = 12345;
	int result = sctp_getaddrlen((sa_family_t)c->value);
	int error = errno;
	cr_assert_eq(result, 0, "sctp_getaddrlen(%llu) returned %d, expected 0", (unsigned long long)c->value, result);
	cr_assert_eq(error, 12345, "sctp_getaddrlen changed errno to %d (%s)", error, strerror(error));
}

#define GETADDRLEN(...) BAD(bad_arguments, sctp_getaddrlen, __VA_ARGS__)
GETADDRLEN(AF_UNSPEC_returns_0_and_leaves_errno, .argument = FAMILY_VALUE, .value = AF_UNSPEC)
GETADDRLEN(AF_UNIX_returns_0_and_leaves_errno, .argument = FAMILY_VALUE, .value = AF_UNIX)
GETADDRLEN(AF_PACKET_returns_0_and_leaves_errno, .argument = FAMILY_VALUE, .value = AF_PACKET)
GETADDRLEN(family_0xFFFF_returns_0_and_leaves_errno, .argument = FAMILY_VALUE, .value = 0xFFFF)

/* --- sctp_opt_info ---------------------------------------------------------------------- */

static void run_sctp_opt_info(const struct bad_case *c)
{
	note_upstream(c);
	struct target t = open_target(c->descriptor);
	int option = c->argument == OPTION ? AS_INT(c->value) : SCTP_STATUS;
	/* SCTP_STATUS, or an option the call cannot get: a buffer of an sctp_status. */
	socklen_t full = sizeof(struct sctp_status);
	socklen_t size_value = c->argument == SIZE ? (socklen_t)c->value : full;
	/* The buffer is as long as *size says, up to the option's own size:
	 * a write past a short one is a SIGSEGV. */
	size_t buffer_size = size_value < full ? size_value : full;
	void *arg = c->argument == NULL_ARG ? NULL : guarded(buffer_size, 0x33);
	socklen_t *size = c->argument == NULL_SIZE ? NULL : guarded_copy(&size_value, sizeof size_value);
	sctp_assoc_t id = c->argument == ASSOCIATION ? (sctp_assoc_t)AS_INT(c->value) : t.association;
	errno = 0;
	int result = sctp_opt_info(t.fd, id, option, arg, size);
	int error = errno;
	assert_outcome(c, "sctp_opt_info", result, error);
	/* Nothing written into *arg for an option lksctp does not know, nor
	 * into one shorter than an id; the id alone (over the first 4 bytes,
	 * as lksctp) into one shorter than the option. */
	if (c->error != 0 && arg != NULL && (c->argument == OPTION || (c->argument == SIZE && size_value < 4)))
		assert_untouched(arg, buffer_size, 0x33, "*arg");
	else if (c->error != 0 && c->argument == SIZE && size_value < full)
		assert_untouched((unsigned char *)arg + 4, buffer_size - 4, 0x33, "*arg after the id");
}

/* An option by value, one byte short of its structure, on a host descriptor. */
static void run_sctp_opt_info_short(const struct bad_case *c, int option, socklen_t full)
{
	note_upstream(c);
	struct target t = open_target(c->descriptor);
	socklen_t size_value = full - 1;
	void *arg = guarded(size_value, 0x33);
	socklen_t *size = guarded_copy(&size_value, sizeof size_value);
	errno = 0;
	int result = sctp_opt_info(t.fd, 0, option, arg, size);
	assert_outcome(c, "sctp_opt_info", result, errno);
	cr_assert_eq(*size, full - 1, "*size changed to %u", *size);
	/* The id 0 over the first 4 bytes where they fit, as lksctp writes it. */
	size_t id_bytes = size_value >= 4 && c->upstream == NULL ? 4 : 0;
	assert_untouched(arg, id_bytes, 0, "the id");
	assert_untouched((unsigned char *)arg + id_bytes, size_value - id_bytes, 0x33, "*arg");
}

#define SHORT_OPTION(option, type)                                                                             \
	static void run_sctp_opt_info_##option(const struct bad_case *c)                                       \
	{                                                                                                      \
		run_sctp_opt_info_short(c, option, sizeof(type));                                              \
	}
SHORT_OPTION(SCTP_RTOINFO, struct sctp_rtoinfo)
SHORT_OPTION(SCTP_INITMSG, struct sctp_initmsg)
SHORT_OPTION(SCTP_NODELAY, int)
SHORT_OPTION(SCTP_DEFAULT_SEND_PARAM, struct sctp_sndrcvinfo)
SHORT_OPTION(SCTP_GET_PEER_ADDR_INFO, struct sctp_paddrinfo)
SHORT_OPTION(SCTP_EVENT, struct sctp_event)

#define OPT_INFO(...) BAD(bad_arguments, sctp_opt_info, __VA_ARGS__)
#define OPT_INFO_KERNEL(...) BAD(bad_arguments_kernel, sctp_opt_info, __VA_ARGS__)

OPT_INFO(a_NULL_arg_fails_with_EFAULT, .descriptor = UDP4, .argument = NULL_ARG, .error = EFAULT,
	 .upstream = "opt-info-null-arg")
OPT_INFO(a_NULL_size_reaches_the_kernel_which_answers_for_its_socket, .descriptor = UDP4, .argument = NULL_SIZE,
	 .error = ENOPROTOOPT, .or_error = EOPNOTSUPP)
OPT_INFO(option_minus_1_fails_with_ENOTSUP, .descriptor = UDP4, .argument = OPTION, .value = MINUS_1, .error = ENOTSUP,
	 .upstream = "opt-info-unknown-option")
OPT_INFO(option_INT_MIN_fails_with_ENOTSUP, .descriptor = UDP4, .argument = OPTION, .value = INT_MIN_,
	 .error = ENOTSUP, .upstream = "opt-info-unknown-option")
OPT_INFO(option_INT_MAX_fails_with_ENOTSUP, .descriptor = UDP4, .argument = OPTION, .value = INT_MAX,
	 .error = ENOTSUP, .upstream = "opt-info-unknown-option")
OPT_INFO(the_unknown_option_12345_fails_with_ENOTSUP, .descriptor = UDP4, .argument = OPTION, .value = 12345,
	 .error = ENOTSUP, .upstream = "opt-info-unknown-option")
OPT_INFO(the_set_only_option_SCTP_AUTH_KEY_fails_with_ENOTSUP, .descriptor = UDP4, .argument = OPTION,
	 .value = SCTP_AUTH_KEY, .error = ENOTSUP, .upstream = "opt-info-unknown-option")
OPT_INFO(the_request_SCTP_SOCKOPT_PEELOFF_fails_with_ENOTSUP, .descriptor = UDP4, .argument = OPTION,
	 .value = SCTP_SOCKOPT_PEELOFF, .error = ENOTSUP, .upstream = "opt-info-unknown-option")
OPT_INFO(the_request_SCTP_SOCKOPT_BINDX_ADD_fails_with_ENOTSUP, .descriptor = UDP4, .argument = OPTION,
	 .value = SCTP_SOCKOPT_BINDX_ADD, .error = ENOTSUP, .upstream = "opt-info-unknown-option")
OPT_INFO(size_0_writes_nothing_and_reaches_the_kernel, .descriptor = UDP4, .argument = SIZE, .value = 0,
	 .error = ENOPROTOOPT, .or_error = EOPNOTSUPP, .upstream = "opt-info-short-size")
OPT_INFO(SCTP_STATUS_one_byte_short_reaches_the_kernel_after_the_id_is_written, .descriptor = UDP4, .argument = SIZE,
	 .value = sizeof(struct sctp_status) - 1, .error = ENOPROTOOPT, .or_error = EOPNOTSUPP)
/* *size 0xFFFFFFFF is not short: the kernel answers (here, for a UDP socket). */
OPT_INFO(size_0xFFFFFFFF_reaches_the_kernel_which_answers_for_its_socket, .descriptor = UDP4, .argument = SIZE,
	 .value = 0xFFFFFFFFu, .error = ENOPROTOOPT, .or_error = EOPNOTSUPP)
SOCKET_OPTION_DESCRIPTOR_ROWS(OPT_INFO)

/* One byte short: the kernel answers for the socket, after the id is written
 * where it fits (a 3-byte int: not at all, where lksctp writes past it). */
#define SHORT_OPT_INFO(option, ...)                                                                            \
	BAD(bad_arguments, sctp_opt_info_##option, one_byte_short_reaches_the_kernel_which_answers_for_its_socket, \
	    .descriptor = UDP4, .error = ENOPROTOOPT, .or_error = EOPNOTSUPP, __VA_ARGS__)
SHORT_OPT_INFO(SCTP_RTOINFO)
SHORT_OPT_INFO(SCTP_INITMSG)
SHORT_OPT_INFO(SCTP_NODELAY, .upstream = "opt-info-short-size")
SHORT_OPT_INFO(SCTP_DEFAULT_SEND_PARAM)
SHORT_OPT_INFO(SCTP_GET_PEER_ADDR_INFO)
BAD(bad_arguments, sctp_opt_info_SCTP_EVENT, one_byte_short_fails_with_ENOTSUP_as_lksctp_does_not_know_it,
    .descriptor = UDP4, .error = ENOTSUP, .upstream = "opt-info-unknown-option")

OPT_INFO_KERNEL(SCTP_STATUS_one_byte_short_fails_with_the_kernels_EINVAL_after_the_id_is_written,
		.descriptor = SCTP_ASSOCIATED, .argument = SIZE, .value = sizeof(struct sctp_status) - 1, .error = EINVAL)
OPT_INFO_KERNEL(size_0xFFFFFFFF_is_negative_to_the_kernel_which_fails_with_EINVAL, .descriptor = SCTP_ASSOCIATED,
		.argument = SIZE, .value = 0xFFFFFFFFu, .error = EINVAL)
OPT_INFO_KERNEL(id_INT_MAX_names_no_association_and_fails_with_EINVAL, .descriptor = SCTP_ASSOCIATED,
		.argument = ASSOCIATION, .value = INT_MAX, .error = EINVAL)

/* --- sctp_sendmsg ---------------------------------------------------------------------- */

static void run_sctp_sendmsg(const struct bad_case *c)
{
	note_upstream(c);
	struct target t = open_target(c->descriptor);
	size_t len = c->argument == LENGTH ? (size_t)c->value : 4;
	const void *msg = c->argument == NULL_MESSAGE ? NULL : guarded_copy(queued_message, 4);
	struct sockaddr *to = NULL;
	socklen_t tolen = 0;
	if (c->argument == NULL_TO)
		tolen = (socklen_t)c->value;
	if (c->argument == TO_LENGTH || c->argument == FAMILY) {
		tolen = c->argument == TO_LENGTH ? (socklen_t)c->value : sizeof(struct sockaddr_in);
		struct sockaddr_in address;
		memcpy(&address, &t.peer.ss, sizeof address);
		if (c->argument == FAMILY)
			address.sin_family = (sa_family_t)c->value;
		to = guarded_copy(&address, tolen < sizeof address ? tolen : sizeof address);
	}
	uint32_t flags = c->argument == FLAGS ? (uint32_t)c->value : 0;
	errno = 0;
	int result = sctp_sendmsg(t.fd, msg, len, to, tolen, 0, flags, 0, 0, 0);
	assert_outcome(c, "sctp_sendmsg", result, errno);
}

#define SENDMSG(...) BAD(bad_arguments, sctp_sendmsg, __VA_ARGS__)
#define SENDMSG_KERNEL(...) BAD(bad_arguments_kernel, sctp_sendmsg, __VA_ARGS__)

/* sinfo_flags has 16 bits: the bits above are cut off, as lksctp's store cuts them. */
SENDMSG(flags_0x10000_above_the_16_bits_of_sinfo_flags_is_cut_off_and_sends, .descriptor = UDP_SENDER,
	.argument = FLAGS, .value = 0x10000, .result = 4)
SENDMSG(flags_0xFFFFFFFF_is_cut_to_0xFFFF_and_sends_over_UDP, .descriptor = UDP_SENDER, .argument = FLAGS,
	.value = 0xFFFFFFFFu, .result = 4)
SENDMSG(flags_0x80000000_on_a_closed_s_fails_with_EBADF, .descriptor = CLOSED, .argument = FLAGS,
	.value = 0x80000000u, .error = EBADF)
SENDMSG(a_NULL_msg_of_4_bytes_fails_with_EFAULT, .descriptor = UDP_SENDER, .argument = NULL_MESSAGE, .error = EFAULT)
SENDMSG(len_SIZE_MAX_fails_with_the_kernels_EINVAL, .descriptor = UDP_SENDER, .argument = LENGTH,
	.value = SIZE_MAX, .error = EINVAL)
SENDMSG(len_SIZE_MAX_over_2_plus_1_fails_with_the_kernels_EINVAL, .descriptor = UDP_SENDER, .argument = LENGTH,
	.value = HALF_SIZE_MAX, .error = EINVAL)
SENDMSG(to_NULL_means_no_address_whatever_tolen_says, .descriptor = UDP_SENDER, .argument = NULL_TO,
	.value = 0xFFFFFFFFu, .result = 4)
SENDMSG(tolen_0xFFFFFFFF_fails_with_the_kernels_EINVAL, .descriptor = UDP_SENDER, .argument = TO_LENGTH,
	.value = 0xFFFFFFFFu, .error = EINVAL)
SENDMSG(tolen_one_byte_short_fails_with_the_kernels_EINVAL, .descriptor = UDP_SENDER, .argument = TO_LENGTH,
	.value = sizeof(struct sockaddr_in) - 1, .error = EINVAL)
SENDMSG(to_of_family_AF_UNIX_fails_with_the_kernels_EAFNOSUPPORT, .descriptor = UDP_SENDER, .argument = FAMILY,
	.value = AF_UNIX, .error = EAFNOSUPPORT)
SENDMSG(a_closed_s_fails_with_EBADF, .descriptor = CLOSED, .error = EBADF)
SENDMSG(a_file_fails_with_ENOTSOCK, .descriptor = A_FILE, .error = ENOTSOCK)
SENDMSG(an_unconnected_AF_UNIX_socket_fails_with_ENOTCONN, .descriptor = UNIX_DATAGRAM, .error = ENOTCONN)
SENDMSG(an_unconnected_TCP_socket_fails_with_EPIPE, .descriptor = TCP, .error = EPIPE)

SENDMSG_KERNEL(flags_0xFFFFFFFF_fails_with_EINVAL, .descriptor = SCTP_CONNECTED, .argument = FLAGS,
	       .value = 0xFFFFFFFFu, .error = EINVAL)
SENDMSG_KERNEL(len_SIZE_MAX_fails_with_the_kernels_EINVAL, .descriptor = SCTP_CONNECTED, .argument = LENGTH,
	       .value = SIZE_MAX, .error = EINVAL)
SENDMSG_KERNEL(tolen_0xFFFFFFFF_fails_with_the_kernels_EINVAL, .descriptor = SCTP_ASSOCIATED, .argument = TO_LENGTH,
	       .value = 0xFFFFFFFFu, .error = EINVAL)

/* --- sctp_send -------------------------------------------------------------------------- */

static void run_sctp_send(const struct bad_case *c)
{
	note_upstream(c);
	struct target t = open_target(c->descriptor);
	size_t len = c->argument == LENGTH ? (size_t)c->value : 4;
	const void *msg = c->argument == NULL_MESSAGE ? NULL : guarded_copy(queued_message, 4);
	struct sctp_sndrcvinfo info;
	memset(&info, 0, sizeof info);
	info.sinfo_assoc_id = t.association;
	const struct sctp_sndrcvinfo *sinfo = c->argument == NULL_INFO ? NULL : guarded_copy(&info, sizeof info);
	int flags = c->argument == FLAGS ? AS_INT(c->value) : 0;
	errno = 0;
	int result = sctp_send(t.fd, msg, len, sinfo, flags);
	assert_outcome(c, "sctp_send", result, errno);
}

#define SEND(...) BAD(bad_arguments, sctp_send, __VA_ARGS__)
#define SEND_KERNEL(...) BAD(bad_arguments_kernel, sctp_send, __VA_ARGS__)

SEND(a_NULL_sinfo_sends_with_no_attributes, .descriptor = UDP_SENDER, .argument = NULL_INFO, .result = 4)
SEND(a_NULL_msg_of_4_bytes_fails_with_EFAULT, .descriptor = UDP_SENDER, .argument = NULL_MESSAGE, .error = EFAULT)
SEND(len_SIZE_MAX_fails_with_the_kernels_EINVAL, .descriptor = UDP_SENDER, .argument = LENGTH, .value = SIZE_MAX,
     .error = EINVAL)
SEND(len_SIZE_MAX_over_2_plus_1_fails_with_the_kernels_EINVAL, .descriptor = UDP_SENDER, .argument = LENGTH,
     .value = HALF_SIZE_MAX, .error = EINVAL)
SEND(flags_go_to_sendmsg_so_MSG_OOB_on_UDP_fails_with_EOPNOTSUPP, .descriptor = UDP_SENDER, .argument = FLAGS,
     .value = MSG_OOB, .error = EOPNOTSUPP)
SEND(a_closed_s_fails_with_EBADF, .descriptor = CLOSED, .error = EBADF)
SEND(a_file_fails_with_ENOTSOCK, .descriptor = A_FILE, .error = ENOTSOCK)
SEND(an_unconnected_AF_UNIX_socket_fails_with_ENOTCONN, .descriptor = UNIX_DATAGRAM, .error = ENOTCONN)
SEND(an_unconnected_TCP_socket_fails_with_EPIPE, .descriptor = TCP, .error = EPIPE)

SEND_KERNEL(a_NULL_sinfo_sends_with_no_attributes, .descriptor = SCTP_CONNECTED, .argument = NULL_INFO, .result = 4)
SEND_KERNEL(a_NULL_msg_of_4_bytes_fails_with_EFAULT, .descriptor = SCTP_CONNECTED, .argument = NULL_MESSAGE,
	    .error = EFAULT)

/* --- sctp_sendx -------------------------------------------------------------------------- */

static void run_sctp_sendx(const struct bad_case *c)
{
	void *symbol = dlsym(RTLD_DEFAULT, SCTP_TEST_SENDX_SYMBOL);
	if (symbol == NULL)
		NOT_IN_LKSCTP("lksctp has no sctp_sendx");
	cr_assert_not_null(symbol, "the library does not export sctp_sendx");
	__typeof__(&sctp_sendx) sendx;
	memcpy(&sendx, &symbol, sizeof sendx);
	struct target t = open_target(c->descriptor);
	int count;
	struct sockaddr *list = case_list(c, &t, NULL, &count);
	size_t len = c->argument == LENGTH ? (size_t)c->value : 4;
	const void *msg = c->argument == NULL_MESSAGE ? NULL : guarded_copy(queued_message, 4);
	struct sctp_sndrcvinfo info;
	memset(&info, 0, sizeof info);
	info.sinfo_assoc_id = t.association;
	struct sctp_sndrcvinfo *sinfo = c->argument == NULL_INFO ? NULL : guarded_copy(&info, sizeof info);
	errno = 0;
	long result = (long)sendx(t.fd, msg, len, list, count, sinfo, 0);
	assert_outcome(c, "sctp_sendx", result, errno);
}

#define SENDX(...) BAD(bad_arguments, sctp_sendx, __VA_ARGS__)
#define SENDX_KERNEL(...) BAD(bad_arguments_kernel, sctp_sendx, __VA_ARGS__)

SENDX(a_NULL_addrs_fails_with_EFAULT, .descriptor = UDP_SENDER, .argument = NULL_LIST, .error = EFAULT)
SENDX(addrcnt_0_fails_with_EINVAL, .descriptor = UDP_SENDER, .argument = COUNT, .value = 0, .error = EINVAL)
SENDX(addrcnt_minus_1_fails_with_EINVAL, .descriptor = UDP_SENDER, .argument = COUNT, .value = MINUS_1,
      .error = EINVAL)
SENDX(addrcnt_INT_MIN_fails_with_EINVAL, .descriptor = UDP_SENDER, .argument = COUNT, .value = INT_MIN_,
      .error = EINVAL)
SENDX(addrcnt_INT_MAX_fails_with_EINVAL_without_reading_past_the_list, .descriptor = UDP_SENDER, .argument = COUNT,
      .value = INT_MAX, .error = EINVAL)
SENDX(an_address_of_family_AF_UNIX_fails_with_EINVAL, .descriptor = UDP_SENDER, .argument = FAMILY,
      .value = AF_UNIX, .error = EINVAL)
SENDX(a_second_address_of_another_port_fails_with_EINVAL, .descriptor = UDP_SENDER, .argument = SECOND_PORT,
      .value = 1, .error = EINVAL)
SENDX(a_NULL_sinfo_sends_with_no_attributes, .descriptor = UDP_SENDER, .argument = NULL_INFO, .result = 4)
SENDX(a_NULL_msg_of_4_bytes_fails_with_EFAULT, .descriptor = UDP_SENDER, .argument = NULL_MESSAGE, .error = EFAULT)
SENDX(len_SIZE_MAX_fails_with_the_kernels_EINVAL, .descriptor = UDP_SENDER, .argument = LENGTH, .value = SIZE_MAX,
      .error = EINVAL)
SENDX(len_SIZE_MAX_over_2_plus_1_fails_with_the_kernels_EINVAL, .descriptor = UDP_SENDER, .argument = LENGTH,
      .value = HALF_SIZE_MAX, .error = EINVAL)
SENDX(a_closed_sd_fails_with_EBADF, .descriptor = CLOSED, .error = EBADF)
SENDX(a_file_fails_with_ENOTSOCK, .descriptor = A_FILE, .error = ENOTSOCK)
SENDX(an_AF_UNIX_socket_fails_with_the_kernels_EINVAL_for_an_IPv4_address, .descriptor = UNIX_DATAGRAM,
      .error = EINVAL)

SENDX_KERNEL(addrcnt_INT_MAX_fails_with_EINVAL_without_reading_past_the_list, .descriptor = SCTP_ASSOCIATED,
	     .argument = COUNT, .value = INT_MAX, .error = EINVAL)

/* --- sctp_sendv -------------------------------------------------------------------------- */

static size_t info_size(unsigned type)
{
	switch (type) {
	case SCTP_SENDV_SNDINFO: return sizeof(struct sctp_sndinfo);
	case SCTP_SENDV_PRINFO: return sizeof(struct sctp_prinfo);
	case SCTP_SENDV_AUTHINFO: return sizeof(struct sctp_authinfo);
	case SCTP_SENDV_SPA: return sizeof(struct sctp_sendv_spa);
	default: return 0;
	}
}

static void run_sctp_sendv(const struct bad_case *c)
{
	note_upstream(c);
	struct target t = open_target(c->descriptor);
	struct iovec data = { guarded_copy(queued_message, 4), 4 };
	if (c->argument == LENGTH)
		data.iov_len = (size_t)c->value;
	const struct iovec *iov = c->argument == NULL_IOV ? NULL : guarded_copy(&data, sizeof data);
	int iovcnt = c->argument == IOV_COUNT ? AS_INT(c->value) : 1;
	/* No addresses unless the case is about them: the sender is connected. */
	int addrcnt = 0;
	struct sockaddr *addrs = NULL;
	if (c->argument == NULL_LIST || c->argument == COUNT || c->argument == FAMILY || c->argument == SECOND_PORT)
		addrs = case_list(c, &t, NULL, &addrcnt);
	unsigned infotype = c->info_type;
	if (c->argument == INFO_TYPE || c->argument == SPA_FLAGS)
		infotype = c->argument == INFO_TYPE ? (unsigned)c->value : SCTP_SENDV_SPA;
	size_t full = info_size(infotype);
	socklen_t infolen = (socklen_t)full;
	if (c->argument == INFO_LENGTH)
		infolen = (socklen_t)c->value;
	if (c->argument == INFO_TYPE && c->value == SCTP_SENDV_NOINFO)
		infolen = 0;
	void *info = NULL;
	if (c->argument != NULL_INFO && (full > 0 || c->argument == INFO_TYPE)) {
		size_t buffer_size = full == 0 ? sizeof(struct sctp_sendv_spa) : infolen < full ? infolen : full;
		info = guarded(buffer_size, 0);
		if (c->argument == SPA_FLAGS)
			((struct sctp_sendv_spa *)info)->sendv_flags = (uint32_t)c->value;
	}
	errno = 0;
	int result = sctp_sendv(t.fd, iov, iovcnt, addrs, addrcnt, info, infolen, infotype, 0);
	assert_outcome(c, "sctp_sendv", result, errno);
}

#define SENDV(...) BAD(bad_arguments, sctp_sendv, __VA_ARGS__)
#define SENDV_KERNEL(...) BAD(bad_arguments_kernel, sctp_sendv, __VA_ARGS__)


SENDV(a_NULL_iov_with_iovcnt_1_fails_with_the_kernels_EFAULT, .descriptor = UDP_SENDER, .argument = NULL_IOV,
      .error = EFAULT)
/* A negative iovcnt goes to the kernel as it is, as lksctp passes it. */
SENDV(iovcnt_minus_1_fails_with_the_kernels_EMSGSIZE, .descriptor = UDP_SENDER, .argument = IOV_COUNT,
      .value = MINUS_1, .error = EMSGSIZE)
SENDV(iovcnt_INT_MIN_fails_with_the_kernels_EMSGSIZE, .descriptor = UDP_SENDER, .argument = IOV_COUNT,
      .value = INT_MIN_, .error = EMSGSIZE)
SENDV(iovcnt_INT_MAX_above_IOV_MAX_fails_with_the_kernels_EMSGSIZE, .descriptor = UDP_SENDER, .argument = IOV_COUNT,
      .value = INT_MAX, .error = EMSGSIZE)
SENDV(iov_len_SIZE_MAX_fails_with_the_kernels_EINVAL, .descriptor = UDP_SENDER, .argument = LENGTH,
      .value = SIZE_MAX, .error = EINVAL)
SENDV(iov_len_SIZE_MAX_over_2_plus_1_fails_with_the_kernels_EINVAL, .descriptor = UDP_SENDER, .argument = LENGTH,
      .value = HALF_SIZE_MAX, .error = EINVAL)
SENDV(a_NULL_addrs_with_addrcnt_1_fails_with_EINVAL, .descriptor = UDP_SENDER, .argument = NULL_LIST,
      .error = EINVAL, .upstream = "sendv-null-addrs")
SENDV(addrcnt_minus_1_fails_with_EINVAL, .descriptor = UDP_SENDER, .argument = COUNT, .value = MINUS_1,
      .error = EINVAL, .upstream = "sendv-negative-addrcnt")
SENDV(addrcnt_INT_MIN_fails_with_EINVAL, .descriptor = UDP_SENDER, .argument = COUNT, .value = INT_MIN_,
      .error = EINVAL, .upstream = "sendv-negative-addrcnt")
SENDV(addrcnt_INT_MAX_fails_with_EINVAL_without_reading_past_the_list, .descriptor = UDP_SENDER, .argument = COUNT,
      .value = INT_MAX, .error = EINVAL, .upstream = "sendv-huge-addrcnt")
SENDV(an_address_of_family_AF_UNIX_fails_with_EINVAL, .descriptor = UDP_SENDER, .argument = FAMILY,
      .value = AF_UNIX, .error = EINVAL, .upstream = "sendv-negated-errno")
/* SCTP_DSTADDRV4/V6 carry no port: lksctp ignores the later ports. */
SENDV(a_second_address_of_another_port_sends, .descriptor = UDP_SENDER, .argument = SECOND_PORT, .value = 1,
      .result = 4)
/* lksctp sends without attributes for a type it does not know, and reads
 * no info for SCTP_SENDV_NOINFO. */
SENDV(infotype_5_sends_without_attributes, .descriptor = UDP_SENDER, .argument = INFO_TYPE, .value = 5, .result = 4)
SENDV(infotype_0xFFFFFFFF_sends_without_attributes, .descriptor = UDP_SENDER, .argument = INFO_TYPE,
      .value = 0xFFFFFFFFu, .result = 4)
SENDV(infotype_0x80000000_sends_without_attributes, .descriptor = UDP_SENDER, .argument = INFO_TYPE,
      .value = 0x80000000u, .result = 4)
SENDV(SCTP_SENDV_NOINFO_with_an_info_sends, .descriptor = UDP_SENDER, .argument = INFO_TYPE,
      .value = SCTP_SENDV_NOINFO, .result = 4)
SENDV(SCTP_SENDV_NOINFO_with_infolen_1_sends, .descriptor = UDP_SENDER, .argument = INFO_LENGTH, .value = 1,
      .info_type = SCTP_SENDV_NOINFO, .result = 4)
SENDV(SCTP_SENDV_SNDINFO_with_a_NULL_info_fails_with_EINVAL, .descriptor = UDP_SENDER, .argument = NULL_INFO,
      .info_type = SCTP_SENDV_SNDINFO, .error = EINVAL, .upstream = "sendv-null-info")
SENDV(SCTP_SENDV_PRINFO_with_a_NULL_info_fails_with_EINVAL, .descriptor = UDP_SENDER, .argument = NULL_INFO,
      .info_type = SCTP_SENDV_PRINFO, .error = EINVAL, .upstream = "sendv-null-info")
SENDV(SCTP_SENDV_AUTHINFO_with_a_NULL_info_fails_with_EINVAL, .descriptor = UDP_SENDER, .argument = NULL_INFO,
      .info_type = SCTP_SENDV_AUTHINFO, .error = EINVAL, .upstream = "sendv-null-info")
SENDV(SCTP_SENDV_SPA_with_a_NULL_info_fails_with_EINVAL, .descriptor = UDP_SENDER, .argument = NULL_INFO,
      .info_type = SCTP_SENDV_SPA, .error = EINVAL, .upstream = "sendv-null-info")
SENDV(SCTP_SENDV_SNDINFO_one_byte_short_fails_with_EINVAL, .descriptor = UDP_SENDER, .argument = INFO_LENGTH,
      .value = sizeof(struct sctp_sndinfo) - 1, .info_type = SCTP_SENDV_SNDINFO, .error = EINVAL,
      .upstream = "sendv-short-infolen")
SENDV(SCTP_SENDV_PRINFO_one_byte_short_fails_with_EINVAL, .descriptor = UDP_SENDER, .argument = INFO_LENGTH,
      .value = sizeof(struct sctp_prinfo) - 1, .info_type = SCTP_SENDV_PRINFO, .error = EINVAL,
      .upstream = "sendv-short-infolen")
SENDV(SCTP_SENDV_AUTHINFO_one_byte_short_fails_with_EINVAL, .descriptor = UDP_SENDER, .argument = INFO_LENGTH,
      .value = sizeof(struct sctp_authinfo) - 1, .info_type = SCTP_SENDV_AUTHINFO, .error = EINVAL,
      .upstream = "sendv-short-infolen")
/* With sendv_flags 0 lksctp reads sendv_flags alone: a shorter SPA is no harm. */
SENDV(SCTP_SENDV_SPA_one_byte_short_with_no_valid_member_sends, .descriptor = UDP_SENDER, .argument = INFO_LENGTH,
      .value = sizeof(struct sctp_sendv_spa) - 1, .info_type = SCTP_SENDV_SPA, .result = 4)
SENDV(SCTP_SENDV_SNDINFO_infolen_0_fails_with_EINVAL, .descriptor = UDP_SENDER, .argument = INFO_LENGTH, .value = 0,
      .info_type = SCTP_SENDV_SNDINFO, .error = EINVAL, .upstream = "sendv-short-infolen")
/* Longer than its structure is not an error: only the structure is read. */
SENDV(SCTP_SENDV_SNDINFO_infolen_0xFFFFFFFF_reads_only_the_structure_and_sends, .descriptor = UDP_SENDER,
      .argument = INFO_LENGTH, .value = 0xFFFFFFFFu, .info_type = SCTP_SENDV_SNDINFO, .result = 4)
SENDV(SCTP_SENDV_SPA_infolen_0xFFFFFFFF_reads_only_the_structure_and_sends, .descriptor = UDP_SENDER,
      .argument = INFO_LENGTH, .value = 0xFFFFFFFFu, .info_type = SCTP_SENDV_SPA, .result = 4)
/* lksctp ignores the bits other than the three VALID ones. */
SENDV(sendv_flags_8_is_ignored_and_sends, .descriptor = UDP_SENDER, .argument = SPA_FLAGS, .value = 8, .result = 4)
SENDV(sendv_flags_0xFFFFFFFF_sends_the_three_members, .descriptor = UDP_SENDER, .argument = SPA_FLAGS,
      .value = 0xFFFFFFFFu, .result = 4, .upstream_in_1_0_19 = "sendv-spa-overflow")
SENDV(a_closed_s_fails_with_EBADF, .descriptor = CLOSED, .error = EBADF)
SENDV(a_file_fails_with_ENOTSOCK, .descriptor = A_FILE, .error = ENOTSOCK)
SENDV(an_unconnected_AF_UNIX_socket_fails_with_ENOTCONN, .descriptor = UNIX_DATAGRAM, .error = ENOTCONN)
SENDV(an_unconnected_TCP_socket_fails_with_EPIPE, .descriptor = TCP, .error = EPIPE)

SENDV_KERNEL(iovcnt_INT_MAX_above_IOV_MAX_fails_with_the_kernels_EMSGSIZE, .descriptor = SCTP_CONNECTED,
	     .argument = IOV_COUNT, .value = INT_MAX, .error = EMSGSIZE)
SENDV_KERNEL(SCTP_SENDV_SNDINFO_one_byte_short_fails_with_EINVAL, .descriptor = SCTP_CONNECTED,
	     .argument = INFO_LENGTH, .value = sizeof(struct sctp_sndinfo) - 1, .info_type = SCTP_SENDV_SNDINFO,
	     .error = EINVAL, .upstream = "sendv-short-infolen")

/* --- sctp_recvmsg ------------------------------------------------------------------------ */

static void run_sctp_recvmsg(const struct bad_case *c)
{
	note_upstream(c);
	struct target t = open_target(c->descriptor);
	size_t len = c->argument == LENGTH ? (size_t)c->value : 64;
	void *msg = c->argument == NULL_MESSAGE ? NULL : guarded(64, 0);
	if (c->argument == NULL_MESSAGE)
		len = 4;
	socklen_t fromlen_value = c->argument == FROMLEN ? (socklen_t)c->value : sizeof(struct sockaddr_in6);
	size_t from_size = fromlen_value < sizeof(struct sockaddr_in6) ? fromlen_value : sizeof(struct sockaddr_in6);
	struct sockaddr *from = c->argument == NULL_FROM ? NULL : guarded(from_size, 0x44);
	socklen_t *fromlen = c->argument == NULL_FROMLEN ? NULL : guarded_copy(&fromlen_value, sizeof fromlen_value);
	struct sctp_sndrcvinfo *sinfo = c->argument == NULL_INFO ? NULL : guarded(sizeof *sinfo, 0x55);
	int *msg_flags = c->argument == NULL_FLAGS ? NULL : guarded(sizeof *msg_flags, 0);
	errno = 0;
	int result = sctp_recvmsg(t.fd, msg, len, from, fromlen, sinfo, msg_flags);
	assert_outcome(c, "sctp_recvmsg", result, errno);
	if (result >= 0 && c->argument == FROMLEN)
		/* recvmsg(2): a short buffer gets the address cut, and the length it has. */
		cr_assert_eq(*fromlen, sizeof(struct sockaddr_in), "*fromlen %u", *fromlen);
	if (result >= 0 && c->argument == NULL_FROMLEN)
		assert_untouched(from, from_size, 0x44, "from (fromlen NULL)");
}

#define RECVMSG(...) BAD(bad_arguments, sctp_recvmsg, __VA_ARGS__)
#define RECVMSG_KERNEL(...) BAD(bad_arguments_kernel, sctp_recvmsg, __VA_ARGS__)

RECVMSG(a_NULL_msg_of_4_bytes_fails_with_the_kernels_EFAULT, .descriptor = UDP_RECEIVER, .argument = NULL_MESSAGE,
	.error = EFAULT)
RECVMSG(len_SIZE_MAX_fails_with_the_kernels_EINVAL, .descriptor = UDP_RECEIVER, .argument = LENGTH,
	.value = SIZE_MAX, .error = EINVAL)
RECVMSG(len_SIZE_MAX_over_2_plus_1_fails_with_the_kernels_EINVAL, .descriptor = UDP_RECEIVER, .argument = LENGTH,
	.value = HALF_SIZE_MAX, .error = EINVAL)
RECVMSG(a_NULL_from_gives_no_address, .descriptor = UDP_RECEIVER, .argument = NULL_FROM, .result = QUEUED_LENGTH)
RECVMSG(a_NULL_fromlen_gives_no_address, .descriptor = UDP_RECEIVER, .argument = NULL_FROMLEN,
	.result = QUEUED_LENGTH)
RECVMSG(a_NULL_sinfo_gives_no_attributes, .descriptor = UDP_RECEIVER, .argument = NULL_INFO, .result = QUEUED_LENGTH)
RECVMSG(a_NULL_msg_flags_receives_with_no_flags, .descriptor = UDP_RECEIVER, .argument = NULL_FLAGS,
	.result = QUEUED_LENGTH)
RECVMSG(fromlen_one_byte_short_gets_the_address_cut_and_its_length, .descriptor = UDP_RECEIVER, .argument = FROMLEN,
	.value = sizeof(struct sockaddr_in) - 1, .result = QUEUED_LENGTH)
RECVMSG(fromlen_0xFFFFFFFF_fails_with_the_kernels_EINVAL, .descriptor = UDP_RECEIVER, .argument = FROMLEN,
	.value = 0xFFFFFFFFu, .error = EINVAL)
RECVMSG(a_closed_s_fails_with_EBADF, .descriptor = CLOSED, .error = EBADF)
RECVMSG(a_file_fails_with_ENOTSOCK, .descriptor = A_FILE, .error = ENOTSOCK)
RECVMSG(an_unconnected_TCP_socket_fails_with_ENOTCONN, .descriptor = TCP, .error = ENOTCONN)
RECVMSG(an_empty_non_blocking_AF_UNIX_socket_fails_with_EAGAIN, .descriptor = UNIX_DATAGRAM, .error = EAGAIN)

RECVMSG_KERNEL(len_SIZE_MAX_fails_with_the_kernels_EINVAL, .descriptor = SCTP_RECEIVER, .argument = LENGTH,
	       .value = SIZE_MAX, .error = EINVAL)
RECVMSG_KERNEL(fromlen_0xFFFFFFFF_fails_with_the_kernels_EINVAL, .descriptor = SCTP_RECEIVER, .argument = FROMLEN,
	       .value = 0xFFFFFFFFu, .error = EINVAL)
RECVMSG_KERNEL(an_unconnected_one_to_one_socket_fails_with_ENOTCONN, .descriptor = SCTP_ONE_TO_ONE,
	       .error = ENOTCONN)

/* --- sctp_recvv -------------------------------------------------------------------------- */

static void run_sctp_recvv(const struct bad_case *c)
{
	note_upstream(c);
	struct target t = open_target(c->descriptor);
	struct iovec data = { guarded(64, 0), 64 };
	if (c->argument == LENGTH)
		data.iov_len = (size_t)c->value;
	const struct iovec *iov = c->argument == NULL_IOV ? NULL : guarded_copy(&data, sizeof data);
	int iovlen = c->argument == IOV_COUNT ? AS_INT(c->value) : 1;
	socklen_t fromlen_value = c->argument == FROMLEN ? (socklen_t)c->value : sizeof(struct sockaddr_in6);
	size_t from_size = fromlen_value < sizeof(struct sockaddr_in6) ? fromlen_value : sizeof(struct sockaddr_in6);
	struct sockaddr *from = c->argument == NULL_FROM ? NULL : guarded(from_size, 0x44);
	socklen_t *fromlen = c->argument == NULL_FROMLEN ? NULL : guarded_copy(&fromlen_value, sizeof fromlen_value);
	socklen_t infolen_value = c->argument == RECEIVE_INFOLEN ? (socklen_t)c->value : sizeof(struct sctp_recvv_rn);
	void *info = c->argument == NULL_INFO ? NULL : guarded(infolen_value, 0x66);
	socklen_t *infolen = c->argument == NULL_INFOLEN ? NULL : guarded_copy(&infolen_value, sizeof infolen_value);
	unsigned *infotype = c->argument == NULL_INFOTYPE ? NULL : guarded(sizeof *infotype, 0x77);
	int *flags = c->argument == NULL_FLAGS ? NULL : guarded(sizeof *flags, 0);
	errno = 0;
	int result = sctp_recvv(t.fd, iov, iovlen, from, fromlen, info, infolen, infotype, flags);
	assert_outcome(c, "sctp_recvv", result, errno);
	if (result < 0)
		return;
	if (c->argument == NULL_INFO || c->argument == NULL_INFOLEN)
		assert_untouched(infotype, sizeof *infotype, 0x77, "*infotype (info or infolen NULL)");
	if (c->argument == RECEIVE_INFOLEN) {
		/* No attribute came (UDP): NOINFO, *infolen as it was. */
		cr_assert_eq(*infotype, SCTP_RECVV_NOINFO, "*infotype %u, expected SCTP_RECVV_NOINFO", *infotype);
		cr_assert_eq(*infolen, infolen_value, "*infolen %u, was %u", *infolen, infolen_value);
		assert_untouched(info, infolen_value, 0x66, "a too short info");
	}
	if (c->argument == NULL_INFOTYPE) {
		cr_assert_eq(*infolen, infolen_value, "*infolen changed with infotype NULL");
		assert_untouched(info, infolen_value, 0x66, "info (infotype NULL)");
	}
}

#define RECVV(...) BAD(bad_arguments, sctp_recvv, __VA_ARGS__)
#define RECVV_KERNEL(...) BAD(bad_arguments_kernel, sctp_recvv, __VA_ARGS__)

RECVV(a_NULL_iov_with_iovlen_1_fails_with_the_kernels_EFAULT, .descriptor = UDP_RECEIVER, .argument = NULL_IOV,
      .error = EFAULT)
RECVV(iovlen_minus_1_fails_with_the_kernels_EMSGSIZE, .descriptor = UDP_RECEIVER, .argument = IOV_COUNT,
      .value = MINUS_1, .error = EMSGSIZE)
RECVV(iovlen_INT_MIN_fails_with_the_kernels_EMSGSIZE, .descriptor = UDP_RECEIVER, .argument = IOV_COUNT,
      .value = INT_MIN_, .error = EMSGSIZE)
RECVV(iovlen_INT_MAX_above_IOV_MAX_fails_with_the_kernels_EMSGSIZE, .descriptor = UDP_RECEIVER,
      .argument = IOV_COUNT, .value = INT_MAX, .error = EMSGSIZE)
RECVV(iov_len_SIZE_MAX_fails_with_the_kernels_EINVAL, .descriptor = UDP_RECEIVER, .argument = LENGTH,
      .value = SIZE_MAX, .error = EINVAL)
RECVV(iov_len_SIZE_MAX_over_2_plus_1_fails_with_the_kernels_EINVAL, .descriptor = UDP_RECEIVER, .argument = LENGTH,
      .value = HALF_SIZE_MAX, .error = EINVAL)
RECVV(a_NULL_from_gives_no_address, .descriptor = UDP_RECEIVER, .argument = NULL_FROM, .result = QUEUED_LENGTH)
RECVV(a_NULL_fromlen_gives_no_address, .descriptor = UDP_RECEIVER, .argument = NULL_FROMLEN, .result = QUEUED_LENGTH)
RECVV(fromlen_0xFFFFFFFF_fails_with_the_kernels_EINVAL, .descriptor = UDP_RECEIVER, .argument = FROMLEN,
      .value = 0xFFFFFFFFu, .error = EINVAL)
RECVV(a_NULL_info_leaves_infotype_as_it_was, .descriptor = UDP_RECEIVER, .argument = NULL_INFO,
      .result = QUEUED_LENGTH)
RECVV(a_NULL_infolen_leaves_infotype_as_it_was, .descriptor = UDP_RECEIVER, .argument = NULL_INFOLEN,
      .result = QUEUED_LENGTH)
RECVV(a_NULL_infotype_leaves_info_and_infolen_as_they_were, .descriptor = UDP_RECEIVER, .argument = NULL_INFOTYPE,
      .result = QUEUED_LENGTH)
RECVV(a_NULL_flags_receives_with_no_flags, .descriptor = UDP_RECEIVER, .argument = NULL_FLAGS,
      .result = QUEUED_LENGTH)
RECVV(a_closed_s_fails_with_EBADF, .descriptor = CLOSED, .error = EBADF)
RECVV(a_file_fails_with_ENOTSOCK, .descriptor = A_FILE, .error = ENOTSOCK)
RECVV(an_unconnected_TCP_socket_fails_with_ENOTCONN, .descriptor = TCP, .error = ENOTCONN)
RECVV(an_empty_non_blocking_AF_UNIX_socket_fails_with_EAGAIN, .descriptor = UNIX_DATAGRAM, .error = EAGAIN)

RECVV_KERNEL(infolen_one_byte_short_of_sctp_rcvinfo_gives_SCTP_RECVV_NOINFO_and_writes_nothing,
	     .descriptor = SCTP_RECEIVER, .argument = RECEIVE_INFOLEN, .value = sizeof(struct sctp_rcvinfo) - 1,
	     .result = QUEUED_LENGTH)
RECVV_KERNEL(iovlen_INT_MAX_above_IOV_MAX_fails_with_the_kernels_EMSGSIZE, .descriptor = SCTP_RECEIVER,
	     .argument = IOV_COUNT, .value = INT_MAX, .error = EMSGSIZE)
