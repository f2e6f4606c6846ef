/* libsctp(7), NOTES: the send and receive functions are cancellation points,
 * and every function of the library has unwind tables, so a thread cancelled
 * while it waits in one of them unwinds through the library (its caller's
 * cleanup handlers run, __attribute__((cleanup)) included), and backtrace(3)
 * sees the callers of a libsctp function.
 *
 * pthread_cancel(3) of a thread blocked in recvmsg(2) or sendmsg(2) unwinds
 * its stack with the unwinder, frame by frame, from the system call up: a
 * frame without unwind tables ends the walk there, and every cleanup of the
 * frames above it (C++ destructors, gcc's cleanup attribute: this file is
 * built with -fexceptions) is skipped. glibc's own pthread_cleanup_push of C
 * runs anyway (it longjmps), so the checks use the cleanup attribute.
 *
 * Suite libsctp needs no SCTP kernel: the receives wait on a UDP socket with
 * nothing to read, the sends on an AF_UNIX datagram socket whose peer's queue
 * is full (both ignore ancillary data of level IPPROTO_SCTP, so the library's
 * whole path runs). The cancellation is requested before the thread is let
 * into the call: a deferred cancellation acts at the next cancellation point,
 * the system call inside the library, whether it waits there or not; so the
 * unwind always starts below the library's frame, and no timing is involved.
 */
#include "sctp_test.h"
#include "sctp_test_fault.h"

#include <execinfo.h>
#include <pthread.h>
#include <sys/uio.h>

#if !defined(__EXCEPTIONS)
#error "libsctp_unwinding.c needs -fexceptions: without it, cleanup handlers do not run on cancellation"
#endif

/* --- a thread that calls one function of the library and is cancelled there -- */

struct cancelled_call {
	int fd;
	int (*call)(int fd);
	pthread_barrier_t entered; /* the thread is about to call */
	bool cleaned_up;           /* its cleanup handler ran */
	bool returned;             /* the call returned (it must not) */
};

static void run_cleanup(struct cancelled_call **call)
{
	(*call)->cleaned_up = true;
}

static void *call_and_wait(void *argument)
{
	struct cancelled_call *call __attribute__((cleanup(run_cleanup))) = argument;
	pthread_barrier_wait(&call->entered);
	call->call(call->fd);
	call->returned = true;
	return NULL;
}

/* Starts a thread that calls `call(fd)`, cancels it before it enters the
 * library, and checks that it was cancelled there and ran its cleanup. */
static void check_cancellation_unwinds(int fd, int (*call)(int fd), const char *what)
{
	struct cancelled_call c = { .fd = fd, .call = call };
	pthread_t thread;
	void *result = NULL;
	cr_assert_eq(pthread_barrier_init(&c.entered, NULL, 2), 0);
	cr_assert_eq(pthread_create(&thread, NULL, call_and_wait, &c), 0);
	cr_assert_eq(pthread_cancel(thread), 0);
	pthread_barrier_wait(&c.entered);
	cr_assert_eq(pthread_join(thread, &result), 0);
	cr_assert_eq(result, PTHREAD_CANCELED, "%s: the thread was not cancelled", what);
	cr_assert_not(c.returned, "%s returned instead of being cancelled", what);
	cr_assert(c.cleaned_up, "%s: cancelled, but the unwind skipped the caller's cleanup handler", what);
	pthread_barrier_destroy(&c.entered);
}

/* A UDP socket with nothing to read: a receive waits. */
static int idle_udp_socket(void)
{
	int fd = sctp_test_udp_socket(AF_INET);
	struct address any = address_of("127.0.0.1", 0);
	cr_assert_eq(bind(fd, (struct sockaddr *)&any.ss, any.len), 0, "bind: %s", strerror(errno));
	return fd;
}

/* An AF_UNIX datagram socket whose peer's queue is full: a send waits. */
static int full_unix_socket(int *peer)
{
	int pair[2];
	char byte = 0;
	cr_assert_eq(socketpair(AF_UNIX, SOCK_DGRAM, 0, pair), 0, "socketpair: %s", strerror(errno));
	while (send(pair[0], &byte, 1, MSG_DONTWAIT) == 1)
		;
	cr_assert_eq(errno, EAGAIN, "filling the queue: %s", strerror(errno));
	*peer = pair[1];
	return pair[0];
}

/* --- the calls ----------------------------------------------------------------- */

static char buffer[64];

static int call_sctp_recvmsg(int fd)
{
	struct sctp_sndrcvinfo info;
	struct sockaddr_storage from;
	socklen_t fromlen = sizeof from;
	int flags = 0;
	return sctp_recvmsg(fd, buffer, sizeof buffer, (struct sockaddr *)&from, &fromlen, &info, &flags);
}

static int call_sctp_recvv(int fd)
{
	struct iovec iov = { buffer, sizeof buffer };
	struct sctp_recvv_rn rn;
	socklen_t infolen = sizeof rn;
	unsigned int infotype = 0;
	int flags = 0;
	return (int)sctp_recvv(fd, &iov, 1, NULL, NULL, &rn, &infolen, &infotype, &flags);
}

static int call_sctp_sendmsg(int fd)
{
	return sctp_sendmsg(fd, buffer, 1, NULL, 0, 0, 0, 0, 0, 0);
}

static int call_sctp_send(int fd)
{
	struct sctp_sndrcvinfo info = { .sinfo_stream = 1 };
	return sctp_send(fd, buffer, 1, &info, 0);
}

static int call_sctp_sendv(int fd)
{
	struct iovec iov = { buffer, 1 };
	struct sctp_sndinfo info = { .snd_sid = 1 };
	return (int)sctp_sendv(fd, &iov, 1, NULL, 0, &info, sizeof info, SCTP_SENDV_SNDINFO, 0);
}

static int call_sctp_sendv_to_addresses(int fd)
{
	struct iovec iov = { buffer, 1 };
	struct sockaddr_in to[3];
	for (int i = 0; i < 3; i++)
		to[i] = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons(9),
					      .sin_addr.s_addr = htonl(INADDR_LOOPBACK + i) };
	return (int)sctp_sendv(fd, &iov, 1, (struct sockaddr *)to, 3, NULL, 0, SCTP_SENDV_NOINFO, 0);
}

/* A receive waits on a UDP socket with nothing to read; a send on an AF_UNIX
 * datagram socket whose peer's queue is full. */
static void check_receive_cancellation(int (*call)(int fd), const char *what)
{
	int fd = idle_udp_socket();
	check_cancellation_unwinds(fd, call, what);
	close(fd);
}

static void check_send_cancellation(int (*call)(int fd), const char *what)
{
	int peer, fd = full_unix_socket(&peer);
	check_cancellation_unwinds(fd, call, what);
	close(fd);
	close(peer);
}

Test(libsctp, a_thread_cancelled_while_it_waits_in_sctp_recvmsg_unwinds_through_the_library)
{
	check_receive_cancellation(call_sctp_recvmsg, "sctp_recvmsg");
}

Test(libsctp, a_thread_cancelled_while_it_waits_in_sctp_recvv_unwinds_through_the_library)
{
	check_receive_cancellation(call_sctp_recvv, "sctp_recvv");
}

Test(libsctp, a_thread_cancelled_while_it_waits_in_sctp_sendmsg_unwinds_through_the_library)
{
	check_send_cancellation(call_sctp_sendmsg, "sctp_sendmsg");
}

Test(libsctp, a_thread_cancelled_while_it_waits_in_sctp_send_unwinds_through_the_library)
{
	check_send_cancellation(call_sctp_send, "sctp_send");
}

Test(libsctp, a_thread_cancelled_while_it_waits_in_sctp_sendv_unwinds_through_the_library)
{
	check_send_cancellation(call_sctp_sendv, "sctp_sendv");
}

Test(libsctp, a_thread_cancelled_while_it_waits_in_sctp_sendv_with_addresses_unwinds_through_the_library)
{
	check_send_cancellation(call_sctp_sendv_to_addresses, "sctp_sendv with 3 addresses");
}

/* --- backtrace(3) from below the library ----------------------------------------- */

/* Where the test function resumes after its call into the library: a return
 * address the walk from inside recvmsg must pass through. */
static void *return_into_the_test;
static int frames_seen;
static bool test_frame_seen;

static ssize_t recvmsg_that_takes_a_backtrace(int fd, struct msghdr *message, int flags)
{
	void *frames[64];
	(void)fd, (void)flags;
	frames_seen = backtrace(frames, 64);
	for (int i = 0; i < frames_seen; i++)
		if (frames[i] == return_into_the_test)
			test_frame_seen = true;
	message->msg_controllen = 0;
	message->msg_flags = MSG_EOR;
	return 0;
}

__attribute__((noinline)) static int receive_from_below_the_test(int fd)
{
	return_into_the_test = __builtin_return_address(0);
#ifdef __thumb__
	/* Thumb code's return address carries the Thumb bit, which the ARM
	 * unwinder (and so backtrace(3)) clears from the addresses it gives. */
	return_into_the_test = (void *)((uintptr_t)return_into_the_test & ~(uintptr_t)1);
#endif
	return call_sctp_recvmsg(fd);
}

Test(libsctp, backtrace_sees_the_callers_of_a_libsctp_function)
{
	int fd = idle_udp_socket();
	sctp_test_fault_recvmsg_stand_in(recvmsg_that_takes_a_backtrace);
	int received = receive_from_below_the_test(fd);
	sctp_test_fault_recvmsg_stand_in(NULL);
	cr_assert_eq(received, 0);
	cr_assert(test_frame_seen,
		  "backtrace(3) inside the recvmsg of sctp_recvmsg saw %d frames, not the test's own", frames_seen);
	close(fd);
}
