/* bench/malloc_count.c: an LD_PRELOAD interposer that counts heap calls
 * between malloc_count_begin() and malloc_count_end(), in the calling thread.
 *
 * It defines malloc, calloc, realloc, free, memalign, aligned_alloc, valloc,
 * pvalloc and posix_memalign, forwards each to glibc's __libc_* entry point
 * (no dlsym, which itself allocates), and counts while `counting` is set.
 * "allocs" counts the calls that allocate (malloc, calloc, realloc with a
 * non-NULL result, and the aligned ones); "frees" counts free of a non-NULL
 * pointer. bench/driver.c finds begin/end with dlsym(RTLD_DEFAULT) and brackets
 * its measured loop with them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void *__libc_valloc(size_t size);
extern void *__libc_pvalloc(size_t size);
extern void __libc_free(void *pointer);

static __thread int counting;
static __thread unsigned long allocations, frees;

void malloc_count_begin(void)
{
	allocations = frees = 0;
	counting = 1;
}

void malloc_count_end(unsigned long *allocation_calls, unsigned long *free_calls)
{
	counting = 0;
	*allocation_calls = allocations;
	*free_calls = frees;
}

void *malloc(size_t size)
{
	if (counting)
		allocations++;
	return __libc_malloc(size);
}

void *calloc(size_t count, size_t size)
{
	if (counting)
		allocations++;
	return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size)
{
	if (counting)
		allocations++;
	return __libc_realloc(pointer, size);
}

void free(void *pointer)
{
	if (counting && pointer)
		frees++;
	__libc_free(pointer);
}

void *memalign(size_t alignment, size_t size)
{
	if (counting)
		allocations++;
	return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size)
{
	if (counting)
		allocations++;
	return __libc_memalign(alignment, size);
}

void *valloc(size_t size)
{
	if (counting)
		allocations++;
	return __libc_valloc(size);
}

void *pvalloc(size_t size)
{
	if (counting)
		allocations++;
	return __libc_pvalloc(size);
}

int posix_memalign(void **result, size_t alignment, size_t size)
{
	void *pointer;

	if (counting)
		allocations++;
	if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0)
		return EINVAL;
	pointer = __libc_memalign(alignment, size);
	if (!pointer)
		return ENOMEM;
	*result = pointer;
	return 0;
}
