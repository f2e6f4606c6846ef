/* libFuzzer harness of the reading of the kernel's address lists by
 * sctp_getpaddrs(3) and sctp_getladdrs(3) (Sources/SCTP/Addresses.swift, and
 * PackedAddressList.byteCount in AddressList.swift): the other packed list
 * the library parses but did not write.
 *
 * getsockopt is this file's. For SCTP_GET_PEER_ADDRS and
 * SCTP_GET_LOCAL_ADDRS it answers as the input scripts each call: success
 * with the input's addr_num and address bytes (the rest of the buffer
 * zeroed, so that what the library may read is known), ENOMEM (the list is
 * longer than the buffer: the library grows it), EINVAL (no such
 * association), or another errno. It writes the whole length it is given, so
 * that ASan reports a buffer shorter than the library claims.
 *
 * The call must then return -1 with EIO when the last read's addr_num
 * addresses do not all lie, AF_INET or AF_INET6, within its buffer, with the
 * errno of a last read that failed, and with ENOBUFS when even lksctp's
 * largest buffer (132 KiB) was too short; with EFAULT for a NULL addrs where
 * it read a list; otherwise the count, with *addrs one allocation of the
 * bytes those addresses span (exactly, at least 1, when read on the stack),
 * holding them.
 * *addrs is untouched on failure. Each read asks for the caller's
 * association.
 *
 * Input: a few choice bytes (see take_call), then the address bytes. */
#include "fuzz.h"

#include <sanitizer/allocator_interface.h>

/* The heap buffer doubles from 7 KiB to lksctp's 132 KiB: 6 reads, after
 * the stack read. */
#define MAX_CALLS 8

enum answer_kind { SUCCEED, NO_MEMORY, NO_ASSOCIATION, OTHER_ERROR };

static struct {
	/* The script. */
	uint8_t answer[MAX_CALLS];
	uint8_t count_mode;
	uint32_t claim;
	bool fill; /* repeat the bytes over the whole buffer */
	uint32_t addr_num; /* what the last successful read said */
	const uint8_t *bytes;
	size_t size;
	/* What happened. */
	int calls;
	int option[MAX_CALLS];
	int result[MAX_CALLS], errno_of[MAX_CALLS];
	sctp_assoc_t asked_id[MAX_CALLS];
	/* The buffer of the last successful read, as written. */
	uint8_t *list;
	size_t list_size;
} kernel;

static long span_within(const uint8_t *list, size_t size, uint64_t count);

static enum answer_kind kind_of(uint8_t answer)
{
	return (enum answer_kind)(answer % 4);
}

int getsockopt(int fd, int level, int name, void *restrict value, socklen_t *restrict length)
{
	(void)fd;
	FUZZ_CHECK(level == SOL_SCTP && value != NULL && length != NULL, "getsockopt(%d, %d)", level, name);
	FUZZ_CHECK(kernel.calls < MAX_CALLS, "more than %d getsockopt calls", MAX_CALLS);
	int n = kernel.calls++;
	kernel.option[n] = name;
	uint8_t answer = kernel.answer[n];
	int error = 0;
	{
		FUZZ_CHECK(name == SCTP_GET_PEER_ADDRS || name == SCTP_GET_LOCAL_ADDRS, "option %d", name);
		FUZZ_CHECK(*length >= sizeof(struct sctp_getaddrs), "length %u", *length);
		struct sctp_getaddrs *request = value;
		kernel.asked_id[n] = request->assoc_id;
		switch (kind_of(answer)) {
		case SUCCEED: {
			size_t room = *length - sizeof *request;
			uint8_t *addrs = (uint8_t *)value + sizeof *request;
			memset(addrs, 0, room);
			for (size_t at = 0; at < room && kernel.size; at += kernel.size) {
				memcpy(addrs + at, kernel.bytes, kernel.size < room - at ? kernel.size : room - at);
				if (!kernel.fill)
					break;
			}
			/* addr_num: as many as it holds, one more, or anything. */
			uint32_t whole = 0;
			/* One walk, address by address: a 132 KiB buffer filled
			 * with 16-byte addresses holds thousands of them. */
			for (long step, at = 0; (step = span_within(addrs + at, room - (size_t)at, 1)) >= 0; at += step)
				whole++;
			kernel.addr_num = kernel.count_mode % 3 == 0 ? whole
					: kernel.count_mode % 3 == 1 ? whole + 1 : kernel.claim;
			request->addr_num = kernel.addr_num;
			free(kernel.list);
			kernel.list = fuzz_exact_copy(addrs, room);
			kernel.list_size = room;
			break;
		}
		case NO_MEMORY: error = ENOMEM; break;
		case NO_ASSOCIATION: error = EINVAL; break;
		case OTHER_ERROR: error = fuzz_errno(answer >> 2); break;
		}
	}
	kernel.result[n] = error ? -1 : 0;
	kernel.errno_of[n] = error;
	if (error) {
		errno = error;
		return -1;
	}
	return 0;
}

/* The bytes `count` addresses span at the start of `list`, each AF_INET or
 * AF_INET6 and all within its `size` bytes; -1 when they do not. */
static long span_within(const uint8_t *list, size_t size, uint64_t count)
{
	size_t offset = 0;
	for (uint64_t i = 0; i < count; i++) {
		if (size - offset < sizeof(sa_family_t))
			return -1;
		size_t length = fuzz_address_length(list + offset);
		if (length == 0 || length > size - offset)
			return -1;
		offset += length;
	}
	return (long)offset;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	uint8_t call = fuzz_take_u8(&in);
	bool peer = call & 1, null_addrs = call & 2;
	kernel.fill = call & 8;
	sctp_assoc_t id = call & 4 ? 0 : (sctp_assoc_t)fuzz_take_u32(&in);
	for (int i = 0; i < MAX_CALLS; i++)
		kernel.answer[i] = fuzz_take_u8(&in);
	kernel.count_mode = fuzz_take_u8(&in);
	kernel.claim = fuzz_take_u32(&in);
	kernel.bytes = in.data;
	kernel.size = in.size;
	kernel.calls = 0;
	kernel.list = NULL;
	kernel.list_size = 0;
	kernel.addr_num = 0;

	struct sockaddr *sentinel = (struct sockaddr *)&kernel;
	struct sockaddr *addrs = sentinel;
	errno = 0;
	int result = peer ? sctp_getpaddrs(3, id, null_addrs ? NULL : &addrs)
			  : sctp_getladdrs(3, id, null_addrs ? NULL : &addrs);
	int error = errno;
	if (getenv("SCTP_FUZZ_TRACE"))
		fprintf(stderr, "%s: addr_num %u in %zu bytes: %d (errno %d), %d getsockopt calls\n",
			peer ? "sctp_getpaddrs" : "sctp_getladdrs", kernel.addr_num, kernel.list_size, result,
			error, kernel.calls);

	FUZZ_CHECK(kernel.calls >= 1, "no getsockopt");
	int last = kernel.calls - 1;
	for (int i = 0; i < kernel.calls; i++)
		FUZZ_CHECK(kernel.asked_id[i] == id, "read %d asked for association %d, not %d", i, kernel.asked_id[i],
			   id);
	struct sockaddr *expected_addrs = null_addrs ? sentinel : addrs;
	if (kernel.result[last] < 0 && kernel.errno_of[last] == ENOMEM) {
		FUZZ_CHECK(kernel.calls == MAX_CALLS - 1 && result == -1 && error == ENOBUFS && expected_addrs == sentinel,
			   "too short at every size (%d reads): %d, errno %d", kernel.calls, result, error);
	} else if (kernel.result[last] < 0) {
		FUZZ_CHECK(result == -1 && error == kernel.errno_of[last] && expected_addrs == sentinel,
			   "last read failed (errno %d): %d, errno %d", kernel.errno_of[last], result, error);
	} else {
		uint64_t count = kernel.addr_num > INT_MAX ? INT_MAX : kernel.addr_num;
		long span = span_within(kernel.list, kernel.list_size, count);
		if (span < 0) {
			FUZZ_CHECK(result == -1 && error == EIO && expected_addrs == sentinel,
				   "addr_num %u past the buffer: %d, errno %d", kernel.addr_num, result, error);
		} else if (null_addrs) {
			FUZZ_CHECK(result == -1 && error == EFAULT, "NULL addrs after a list: %d, errno %d", result, error);
		} else {
			FUZZ_CHECK(result == (int)count && addrs != NULL && addrs != sentinel,
				   "%lu addresses: %d, errno %d", (unsigned long)count, result, error);
			/* Read on the stack: copied into exactly its size (at
			 * least 1); read into the heap (a list the kernel said was
			 * longer): that buffer. */
			size_t allocated = __sanitizer_get_allocated_size(addrs);
			bool heap = last > 0;
			size_t exact = span > 0 ? (size_t)span : 1;
			FUZZ_CHECK(heap ? allocated >= exact : allocated == exact,
				   "allocation of %zu bytes for %ld (read %d)", allocated, span, last);
			FUZZ_CHECK(memcmp(addrs, kernel.list, (size_t)span) == 0, "addresses differ");
		}
	}
	if (result >= 0)
		sctp_freepaddrs(addrs);
	free(kernel.list);
	return 0;
}
