/* What the libFuzzer harnesses of Tests/fuzz share: reading the fuzzer's
 * input as a stream of choices, the invariant check, exactly-sized heap
 * copies (so that AddressSanitizer catches a read one byte past what a caller
 * passed), and the errno values a fake kernel call fails with.
 *
 * Each harness defines the system calls the library makes on its path
 * (recvmsg, or setsockopt/getsockopt/sendmsg) and so stands in for the
 * kernel: the instrumented library object is linked statically into it, and
 * its calls land there. See README.md. */
#ifndef SCTP_FUZZ_H
#define SCTP_FUZZ_H

#define _GNU_SOURCE
#include <netinet/sctp.h>

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* A violated invariant: reported, then abort(), which libFuzzer records as
 * a crash with the input that caused it. */
#define FUZZ_CHECK(condition, ...)                                              \
	do {                                                                    \
		if (!(condition)) {                                             \
			fprintf(stderr, "invariant failed at %s:%d: %s: ",      \
				__FILE__, __LINE__, #condition);                \
			fprintf(stderr, __VA_ARGS__);                           \
			fputc('\n', stderr);                                    \
			abort();                                                \
		}                                                               \
	} while (0)

/* The fuzzer's input, consumed from the front; once it runs out every
 * choice reads as zero. */
struct fuzz_input {
	const uint8_t *data;
	size_t size;
};

static inline size_t fuzz_take_bytes(struct fuzz_input *in, void *out, size_t count)
{
	size_t taken = count < in->size ? count : in->size;
	if (taken)
		memcpy(out, in->data, taken);
	memset((uint8_t *)out + taken, 0, count - taken);
	in->data += taken;
	in->size -= taken;
	return taken;
}

static inline uint8_t fuzz_take_u8(struct fuzz_input *in)
{
	uint8_t value;
	fuzz_take_bytes(in, &value, sizeof value);
	return value;
}

static inline uint32_t fuzz_take_u32(struct fuzz_input *in)
{
	uint32_t value;
	fuzz_take_bytes(in, &value, sizeof value);
	return value;
}

static inline uint64_t fuzz_take_u64(struct fuzz_input *in)
{
	uint64_t value;
	fuzz_take_bytes(in, &value, sizeof value);
	return value;
}

/* `count` bytes in a heap block of exactly that size (a block of one byte,
 * never read, for none): any read past the end is an ASan report. */
static inline void *fuzz_exact_copy(const void *bytes, size_t count)
{
	void *block = malloc(count ? count : 1);
	FUZZ_CHECK(block != NULL, "out of memory");
	if (count)
		memcpy(block, bytes, count);
	return block;
}

/* Whether [pointer, pointer + length) lies inside [base, base + size). */
static inline bool fuzz_within(const void *pointer, size_t length, const void *base, size_t size)
{
	uintptr_t p = (uintptr_t)pointer, b = (uintptr_t)base;
	return p >= b && p - b <= size && length <= size - (p - b);
}

/* An errno a failing system call may leave, picked by the input; EBUSY,
 * ENOPROTOOPT and EINPROGRESS are those the library treats specially. */
static inline int fuzz_errno(uint8_t choice)
{
	static const int errors[] = {
		EBADF, ENOTSOCK, EINVAL, EFAULT, EAGAIN, EINTR, ENOMEM, ENOBUFS,
		EBUSY, ENOPROTOOPT, EINPROGRESS, EADDRINUSE, ECONNREFUSED, EMSGSIZE,
		EPIPE, ENOTCONN,
	};
	return errors[choice % (sizeof errors / sizeof errors[0])];
}

/* A real descriptor to hand the library (its calls on it are the
 * harness's, but connectx reads its O_NONBLOCK with fcntl): one of a pipe
 * opened once, blocking or not. */
static inline int fuzz_descriptor(bool nonblocking)
{
	static int ends[2] = { -1, -1 };
	if (ends[0] < 0) {
		FUZZ_CHECK(pipe(ends) == 0, "pipe: %s", strerror(errno));
		FUZZ_CHECK(fcntl(ends[1], F_SETFL, O_NONBLOCK) == 0, "fcntl: %s", strerror(errno));
	}
	return nonblocking ? ends[1] : ends[0];
}

/* The length of the socket address at `address` by its family: that of
 * sockaddr_in or sockaddr_in6, 0 for any other (reads the family only). */
static inline size_t fuzz_address_length(const uint8_t *address)
{
	sa_family_t family;
	memcpy(&family, address + offsetof(struct sockaddr, sa_family), sizeof family);
	return family == AF_INET ? sizeof(struct sockaddr_in)
	     : family == AF_INET6 ? sizeof(struct sockaddr_in6) : 0;
}

/* Fills `count` bytes with a pattern, and tells whether they still hold it:
 * what the library must not write stays as it was. */
#define FUZZ_PATTERN 0xA5

static inline bool fuzz_untouched(const void *bytes, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (((const uint8_t *)bytes)[i] != FUZZ_PATTERN)
			return false;
	return true;
}

#endif
