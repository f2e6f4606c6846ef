/* The fault injector of the test binary (see sctp_test_fault.h): getsockopt,
 * setsockopt, sendmsg, recvmsg, fcntl and close, which forward to the real
 * ones unless the calling thread armed a fault for that call. No tests of
 * its own. */
#define _GNU_SOURCE
#include "sctp_test_fault.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef SOL_SCTP
#define SOL_SCTP 132
#endif

#define FAULTS_MAX 4
#define TRACE_MAX 256

/* The `nth` call of `site`, or (nth 0) every SOL_SCTP call of `site` with
 * `option`. */
struct fault {
	enum sctp_test_fault_site site;
	unsigned nth;
	int option;
	int error;
	unsigned hits;
};

/* Whether any thread ever armed: until then the wrappers touch no
 * thread-local variable (see alloc_count.c). */
static volatile bool ever_armed;
static __thread bool armed;
static __thread unsigned fired;
static __thread unsigned fault_count;
static __thread struct fault faults[FAULTS_MAX];
static __thread unsigned calls[FAULT_SITES];
static __thread size_t trace_length;
static __thread struct sctp_test_fault_step trace[TRACE_MAX];

void sctp_test_fault_arm(enum sctp_test_fault_site site, unsigned nth, int error)
{
	ever_armed = true;
	armed = false;
	fired = 0;
	fault_count = 0;
	trace_length = 0;
	memset(calls, 0, sizeof calls);
	sctp_test_fault_add(site, nth, error);
	armed = true;
}

void sctp_test_fault_add(enum sctp_test_fault_site site, unsigned nth, int error)
{
	if (nth == 0 || fault_count == FAULTS_MAX)
		return;
	faults[fault_count++] = (struct fault){ site, nth, 0, error, 0 };
}

void sctp_test_fault_on_option(enum sctp_test_fault_site site, int option, int error)
{
	if (fault_count == FAULTS_MAX)
		return;
	faults[fault_count++] = (struct fault){ site, 0, option, error, 0 };
}

unsigned sctp_test_fault_option_calls(enum sctp_test_fault_site site, int option)
{
	unsigned n = 0;
	for (size_t i = 0; i < trace_length && i < TRACE_MAX; i++)
		n += trace[i].site == site && trace[i].option == option;
	return n;
}

void sctp_test_fault_disarm(void)
{
	armed = false;
}

unsigned sctp_test_fault_fired(void)
{
	return fired;
}

unsigned sctp_test_fault_hits(enum sctp_test_fault_site site, unsigned nth)
{
	unsigned n = 0;
	for (unsigned i = 0; i < fault_count; i++)
		if (faults[i].site == site && faults[i].nth == nth && nth != 0)
			n += faults[i].hits;
	return n;
}

size_t sctp_test_fault_trace(struct sctp_test_fault_step *steps, size_t max)
{
	for (size_t i = 0; i < trace_length && i < max; i++)
		steps[i] = trace[i];
	return trace_length;
}

/* Records the call; returns the errno it must fail with, or 0. `option`:
 * the option name of a SOL_SCTP getsockopt/setsockopt, -1 for other levels. */
static int take(enum sctp_test_fault_site site, int option, int word)
{
	if (!ever_armed || !armed)
		return 0;
	unsigned nth = ++calls[site];
	if (trace_length < TRACE_MAX)
		trace[trace_length] = (struct sctp_test_fault_step){ site, nth, option, word };
	trace_length++;
	for (unsigned i = 0; i < fault_count; i++) {
		bool chosen = faults[i].nth != 0 ? faults[i].nth == nth : option != -1 && faults[i].option == option;
		if (faults[i].site == site && chosen) {
			fired++;
			faults[i].hits++;
			return faults[i].error;
		}
	}
	return 0;
}

/* take() for a wrapper that fails with -1: sets errno when the call must fail. */
static bool fails_armed(enum sctp_test_fault_site site, int option, int word)
{
	int error = take(site, option, word);
	if (error != 0)
		errno = error;
	return error != 0;
}

bool sctp_test_fault_allocation_fails(void)
{
	return take(FAULT_MALLOC, 0, 0) != 0;
}

/* The real call: AddressSanitizer's interceptor in the ASan build (so that it
 * still checks the buffers the library passes), else the next definition
 * after the executable's, libc's. */
#define REAL(name)                                                                                \
	static __typeof__(name) *real_##name;                                                     \
	extern __typeof__(name) __interceptor_##name __attribute__((weak));                        \
	static __typeof__(name) *real_##name##_function(void)                                     \
	{                                                                                         \
		if (real_##name == NULL)                                                          \
			real_##name = __interceptor_##name != NULL ? __interceptor_##name           \
								   : (__typeof__(name) *)dlsym(RTLD_NEXT, #name); \
		return real_##name;                                                               \
	}

REAL(getsockopt)
REAL(setsockopt)
REAL(sendmsg)
REAL(recvmsg)
REAL(fcntl)
REAL(close)

int getsockopt(int fd, int level, int option, void *value, socklen_t *length)
{
	int word = 0;
	if (ever_armed && armed && value != NULL && length != NULL && *length >= sizeof word)
		memcpy(&word, value, sizeof word);
	if (fails_armed(FAULT_GETSOCKOPT, level == SOL_SCTP ? option : -1, word))
		return -1;
	return real_getsockopt_function()(fd, level, option, value, length);
}

int setsockopt(int fd, int level, int option, const void *value, socklen_t length)
{
	if (fails_armed(FAULT_SETSOCKOPT, level == SOL_SCTP ? option : -1, 0))
		return -1;
	return real_setsockopt_function()(fd, level, option, value, length);
}

static ssize_t (*sendmsg_stand_in)(int, const struct msghdr *, int);

void sctp_test_fault_sendmsg_stand_in(ssize_t (*stand_in)(int fd, const struct msghdr *message, int flags))
{
	sendmsg_stand_in = stand_in;
}

ssize_t sendmsg(int fd, const struct msghdr *message, int flags)
{
	if (sendmsg_stand_in != NULL)
		return sendmsg_stand_in(fd, message, flags);
	if (fails_armed(FAULT_SENDMSG, 0, 0))
		return -1;
	return real_sendmsg_function()(fd, message, flags);
}

static ssize_t (*recvmsg_stand_in)(int, struct msghdr *, int);

void sctp_test_fault_recvmsg_stand_in(ssize_t (*stand_in)(int fd, struct msghdr *message, int flags))
{
	recvmsg_stand_in = stand_in;
}

ssize_t recvmsg(int fd, struct msghdr *message, int flags)
{
	if (recvmsg_stand_in != NULL)
		return recvmsg_stand_in(fd, message, flags);
	if (fails_armed(FAULT_RECVMSG, 0, 0))
		return -1;
	return real_recvmsg_function()(fd, message, flags);
}

/* The argument, if any, is an int or a pointer: passed on as glibc reads
 * it, a word. */
int fcntl(int fd, int command, ...)
{
	va_list list;
	va_start(list, command);
	uintptr_t argument = va_arg(list, uintptr_t);
	va_end(list);
	if (fails_armed(FAULT_FCNTL, command, 0))
		return -1;
	return real_fcntl_function()(fd, command, argument);
}

/* A failed close still releases the descriptor on Linux (EINTR included). */
int close(int fd)
{
	int error = take(FAULT_CLOSE, 0, 0);
	int rc = real_close_function()(fd);
	if (error != 0) {
		errno = error;
		return -1;
	}
	return rc;
}
