/* Allocation counting for the whole test binary (defined in alloc_count.c).
 *
 * alloc_count.c defines malloc and its kin; executable symbols come first, so
 * the library's own calls land there too. They always forward to glibc's
 * allocator and, only while the calling thread has switched counting on,
 * record what is allocated and freed: the number of allocation calls and of
 * free calls, and the blocks still live with their sizes. Per thread, because
 * Criterion runs each test in a process of its own and its other threads are
 * not the library's.
 *
 * Used by sctp_test_address_lists.h for sctp_getpaddrs.c and
 * sctp_getladdrs.c (one allocation of exactly the list's size, freed by the
 * free call) and by allocations.c (no allocation
 * at all on the send, receive, address and option paths).
 */
#ifndef SCTP_TEST_ALLOC_H
#define SCTP_TEST_ALLOC_H

#include <stddef.h>

/* Forgets what was recorded and records from now on (this thread only). */
void sctp_test_alloc_start(void);

/* sctp_test_alloc_start, with `pointer` (allocated earlier) counted as live:
 * after a call that must free it, sctp_test_alloc_live is 0 if it did. */
void sctp_test_alloc_watch(void *pointer);

/* Stops recording; what was recorded stays readable. */
void sctp_test_alloc_stop(void);

/* How many allocation calls (malloc, calloc, realloc, the aligned ones) were
 * made while recording. */
size_t sctp_test_alloc_count(void);

/* How many free calls were made while recording. */
size_t sctp_test_alloc_frees(void);

/* The blocks allocated while recording and not freed yet: their number, and
 * the first `max` of them with their sizes (either array may be NULL). */
size_t sctp_test_alloc_live(void **pointers, size_t *sizes, size_t max);

#endif
