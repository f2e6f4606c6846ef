/* Fault injection for the whole test binary (defined in fault_inject.c, and
 * for allocations in alloc_count.c).
 *
 * fault_inject.c defines getsockopt, setsockopt, sendmsg, recvmsg, fcntl and
 * close; executable symbols come first, so the library's calls land there
 * (as its malloc calls land in alloc_count.c's). They forward to the real
 * call (libc's, or AddressSanitizer's interceptor of it in the ASan build)
 * unless the calling thread armed a fault for that call: then the chosen
 * one fails with -1 and the chosen errno without reaching the kernel (close
 * still closes, as Linux does when close fails), and malloc returns NULL
 * with ENOMEM. Per thread, as the allocation counter: Criterion runs each
 * test in a process of its own and its other threads are not the library's.
 *
 * While armed, every call of every kind is also recorded in order (the
 * trace): a first run with no fault tells which calls a function makes, and
 * then each of them can be failed in turn (sctp_test_fault_sweep). */
#ifndef SCTP_TEST_FAULT_H
#define SCTP_TEST_FAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

enum sctp_test_fault_site {
	FAULT_GETSOCKOPT,
	FAULT_SETSOCKOPT,
	FAULT_SENDMSG,
	FAULT_RECVMSG,
	FAULT_FCNTL,
	FAULT_CLOSE,
	FAULT_MALLOC, /* malloc, calloc, realloc and the aligned ones */
	FAULT_SITES
};

/* One recorded call: which, the how-manieth of its kind since arming (from
 * 1), for getsockopt/setsockopt the option name (at level SOL_SCTP; -1 at
 * another level), for fcntl the command, and
 * for getsockopt the first int of the value it was given (the association
 * id, in most SCTP options). */
struct sctp_test_fault_step {
	enum sctp_test_fault_site site;
	unsigned nth;
	int option;
	int word;
};

/* Forgets earlier faults and the trace, and arms (this thread only): from
 * now on calls are recorded, and the `nth` call (from 1) of `site` fails with
 * `error`; `nth` 0 fails none (a run that only records). */
void sctp_test_fault_arm(enum sctp_test_fault_site site, unsigned nth, int error);

/* One more fault, on top of those armed: the `nth` call of `site` fails
 * with `error` too. */
void sctp_test_fault_add(enum sctp_test_fault_site site, unsigned nth, int error);

/* One more: every call of `site` (getsockopt or setsockopt) at level
 * SOL_SCTP with `option` fails with `error` (a kernel without that request). */
void sctp_test_fault_on_option(enum sctp_test_fault_site site, int option, int error);

/* How many calls of `site` at level SOL_SCTP with `option` the trace holds. */
unsigned sctp_test_fault_option_calls(enum sctp_test_fault_site site, int option);

/* Stops recording and failing; the trace stays readable. */
void sctp_test_fault_disarm(void);

/* Until called again with NULL, the binary's recvmsg (the library's calls
 * included) answers with `stand_in` instead of the kernel: for a recvmsg
 * that breaks its contract, as no kernel does. */
void sctp_test_fault_recvmsg_stand_in(ssize_t (*stand_in)(int fd, struct msghdr *message, int flags));

/* The same for sendmsg: for a test that looks at the msghdr a library
 * function builds (lksctp's and ours alike). */
void sctp_test_fault_sendmsg_stand_in(ssize_t (*stand_in)(int fd, const struct msghdr *message, int flags));

/* How many armed faults were injected. */
unsigned sctp_test_fault_fired(void);

/* How many times the fault armed for the `nth` call of `site` was injected
 * (0 or 1). */
unsigned sctp_test_fault_hits(enum sctp_test_fault_site site, unsigned nth);

/* The trace since arming: its length, and its first `max` steps in `steps`. */
size_t sctp_test_fault_trace(struct sctp_test_fault_step *steps, size_t max);

/* For alloc_count.c: whether this allocation must fail (it is recorded). */
bool sctp_test_fault_allocation_fails(void);

static inline const char *sctp_test_fault_site_name(enum sctp_test_fault_site site)
{
	static const char *const names[FAULT_SITES] = { "getsockopt", "setsockopt", "sendmsg", "recvmsg",
							 "fcntl",      "close",      "malloc" };
	return site < FAULT_SITES ? names[site] : "?";
}

#endif
