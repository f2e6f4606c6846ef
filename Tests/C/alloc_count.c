/* The allocation counter of the test binary (see sctp_test_alloc.h): malloc,
 * calloc, realloc, free, memalign, aligned_alloc and posix_memalign, which
 * forward to glibc's __libc_* entry points and record calls and live blocks
 * while the calling thread counts. No tests of its own.
 *
 * They are also where an allocation fails when a test armed that fault
 * (sctp_test_fault.h): NULL with ENOMEM, recorded as a call like any other.
 *
 * Under AddressSanitizer (make check-asan) they forward to its allocator
 * instead (its __interceptor_* entry points, which it provides for programs
 * that define malloc themselves), so that it still sees every block: the
 * counts, the faults and its own checks and leak report all hold. Under
 * valgrind, which replaces glibc's __libc_* entry points, memcheck sees
 * them the same way. */
#include "sctp_test_alloc.h"
#include "sctp_test_fault.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void __libc_free(void *pointer);

extern void *__interceptor_malloc(size_t size) __attribute__((weak));
extern void *__interceptor_calloc(size_t count, size_t size) __attribute__((weak));
extern void *__interceptor_realloc(void *pointer, size_t size) __attribute__((weak));
extern void *__interceptor_memalign(size_t alignment, size_t size) __attribute__((weak));
extern void __interceptor_free(void *pointer) __attribute__((weak));

/* AddressSanitizer's entry point when it is linked in, else glibc's. */
#define FORWARD(name) (__interceptor_##name != NULL ? __interceptor_##name : __libc_##name)

/* Live blocks remembered with their sizes; more are only counted. */
#define TRACKED_MAX 64

/* Whether any thread ever counted: until then the wrappers touch no
 * thread-local variable, which the ASan runtime's allocations during the
 * dynamic linker's start-up could not reach yet. */
static volatile bool counted;
static __thread bool counting;

/* What the thread recorded since it last started: one value, which
 * sctp_test_alloc_start clears whole. */
struct record {
	size_t allocation_calls; /* made while counting */
	size_t free_calls;       /* made while counting */
	size_t tracked_overflow; /* live blocks that did not fit */
	void *tracked_pointer[TRACKED_MAX];
	size_t tracked_size[TRACKED_MAX];
};
static __thread struct record recorded;

/* Every allocation call counts, whether or not it succeeded. */
static void record_allocation(void *pointer, size_t size)
{
	if (!counted || !counting)
		return;
	recorded.allocation_calls++;
	if (pointer == NULL)
		return;
	for (size_t i = 0; i < TRACKED_MAX; i++) {
		if (recorded.tracked_pointer[i] == NULL) {
			recorded.tracked_pointer[i] = pointer;
			recorded.tracked_size[i] = size;
			return;
		}
	}
	recorded.tracked_overflow++;
}

static void forget_block(void *pointer)
{
	if (!counted || !counting || pointer == NULL)
		return;
	for (size_t i = 0; i < TRACKED_MAX; i++) {
		if (recorded.tracked_pointer[i] == pointer) {
			recorded.tracked_pointer[i] = NULL;
			recorded.tracked_size[i] = 0;
			return;
		}
	}
}

/* An armed allocation fault: the call fails, and counts. */
static bool fails(size_t size)
{
	if (!sctp_test_fault_allocation_fails())
		return false;
	record_allocation(NULL, size);
	errno = ENOMEM;
	return true;
}

void *malloc(size_t size)
{
	if (fails(size))
		return NULL;
	void *pointer = FORWARD(malloc)(size);
	record_allocation(pointer, size);
	return pointer;
}

void *calloc(size_t count, size_t size)
{
	if (fails(count * size))
		return NULL;
	void *pointer = FORWARD(calloc)(count, size);
	record_allocation(pointer, count * size);
	return pointer;
}

void *realloc(void *old, size_t size)
{
	if (fails(size))
		return NULL;
	void *pointer = FORWARD(realloc)(old, size);
	if (pointer != NULL || size == 0)
		forget_block(old);
	record_allocation(pointer, size);
	return pointer;
}

void free(void *pointer)
{
	if (counted && counting)
		recorded.free_calls++;
	forget_block(pointer);
	FORWARD(free)(pointer);
}

void *memalign(size_t alignment, size_t size)
{
	if (fails(size))
		return NULL;
	void *pointer = FORWARD(memalign)(alignment, size);
	record_allocation(pointer, size);
	return pointer;
}

void *aligned_alloc(size_t alignment, size_t size)
{
	/* glibc's own check: a power of two. */
	if (alignment == 0 || (alignment & (alignment - 1)) != 0) {
		record_allocation(NULL, size);
		errno = EINVAL;
		return NULL;
	}
	return memalign(alignment, size);
}

int posix_memalign(void **result, size_t alignment, size_t size)
{
	/* glibc's own check: a power-of-two multiple of sizeof(void *). */
	if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0 || alignment == 0) {
		record_allocation(NULL, size);
		return EINVAL;
	}
	void *pointer = memalign(alignment, size);
	if (pointer == NULL)
		return ENOMEM;
	*result = pointer;
	return 0;
}

void sctp_test_alloc_start(void)
{
	counted = true;
	counting = false;
	memset(&recorded, 0, sizeof recorded);
	counting = true;
}

void sctp_test_alloc_watch(void *pointer)
{
	sctp_test_alloc_start();
	recorded.tracked_pointer[0] = pointer;
	recorded.tracked_size[0] = 0;
}

void sctp_test_alloc_stop(void)
{
	counting = false;
}

size_t sctp_test_alloc_count(void)
{
	return recorded.allocation_calls;
}

size_t sctp_test_alloc_frees(void)
{
	return recorded.free_calls;
}

size_t sctp_test_alloc_live(void **pointers, size_t *sizes, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < TRACKED_MAX; i++) {
		if (recorded.tracked_pointer[i] == NULL)
			continue;
		if (n < max) {
			if (pointers != NULL)
				pointers[n] = recorded.tracked_pointer[i];
			if (sizes != NULL)
				sizes[n] = recorded.tracked_size[i];
		}
		n++;
	}
	return n + recorded.tracked_overflow;
}
