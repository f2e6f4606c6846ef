/* What the Swift implementation sees of C: the public header it implements
 * (so each @c @implementation is checked against its prototype), the libc
 * it calls, and inline shims for what Swift cannot import (errno, variadic
 * fcntl, the CMSG_* macros, alloca, a valgrind client request). No logic
 * lives here. */
#ifndef CSCTP_H
#define CSCTP_H

#include "../../include/netinet/sctp.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The older ABI versions of sctp_connectx, which abi/symver.s exports as
 * sctp_connectx@VERS_1 (and the unversioned base) and sctp_connectx@VERS_2.
 * sctp_connectx3 is sctp_connectx@@VERS_3: typed from the public prototype
 * so that it cannot drift from it. */
int sctp_connectx_orig(int sd, struct sockaddr *addrs, int addrcnt);
int sctp_connectx2(int sd, struct sockaddr *addrs, int addrcnt,
		   sctp_assoc_t *id);
extern __typeof__(sctp_connectx) sctp_connectx3;

static inline int csctp_errno(void) { return errno; }
static inline void csctp_set_errno(int value) { errno = value; }
static inline int csctp_fcntl_getfl(int fd) { return fcntl(fd, F_GETFL); }
static inline int csctp_fcntl_setfl(int fd, int flags) { return fcntl(fd, F_SETFL, flags); }
static inline int csctp_fcntl_setfd(int fd, int flags) { return fcntl(fd, F_SETFD, flags); }

/* The ancillary-data macros of <sys/socket.h>. */
static inline size_t csctp_cmsg_len(size_t length) { return CMSG_LEN(length); }
/* For the unit tests only (Tests/SCTPTests/ControlMessageTests.swift): the
 * library computes these in Swift, so that they fold to constants, and the
 * tests hold its results to the macros. */
static inline size_t csctp_cmsg_space(size_t length) { return CMSG_SPACE(length); }
static inline size_t csctp_cmsg_align(size_t length) { return CMSG_ALIGN(length); }

/* Valgrind's VALGRIND_MAKE_MEM_DEFINED client request (valgrind.h,
 * memcheck.h): tells memcheck that `length` bytes at `start` were written,
 * when the kernel wrote more than the length it reported. Outside valgrind
 * the sequence changes nothing (the four rotations of %rdi add up to 128
 * bits, and xchg %rbx,%rbx swaps a register with itself). Spelled out here
 * rather than included so that every build carries it, with or without
 * valgrind's headers on the build machine. */
static inline void csctp_memcheck_mark_defined(const void *start, size_t length)
{
#if defined(__x86_64__)
	volatile unsigned long request[6] = {
		('M' << 24 | 'C' << 16) + 2, (unsigned long)start, length, 0, 0, 0 };
	unsigned long result = 0;
	__asm__ volatile("rolq $3, %%rdi ; rolq $13, %%rdi\n\t"
			 "rolq $61, %%rdi ; rolq $51, %%rdi\n\t"
			 "xchgq %%rbx, %%rbx"
			 : "=d"(result) : "a"(&request[0]), "0"(result)
			 : "cc", "memory");
	(void)result;
#else
	(void)start;
	(void)length;
#endif
}

/* alloca, which Swift cannot call: runs body with `size` bytes of
 * uninitialized, 16-byte aligned stack. Embedded Swift's
 * withUnsafeTemporaryAllocation moves to the heap above 1 KiB; this never
 * does. Callers bound `size`. */
static inline long csctp_with_stack_buffer(size_t size,
		long (*body)(void *buffer, void *context), void *context)
{
	unsigned char buffer[size ? size : 1] __attribute__((aligned(16)));
	return body(buffer, context);
}

#endif
