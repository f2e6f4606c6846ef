/* The differential harness's parts: the comparison of the traces
 * (compare.c) and the kept rows of DIVERGENCES.md it accepts
 * (divergences.c). */
#ifndef DIFFERENTIAL_H
#define DIFFERENTIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One call whose traced result differs between ours and a reference. */
struct difference {
	const char *reference; /* the reference library's name: lksctp-1.0.19, lksctp-1.0.21 */
	const char *kind;      /* the call: sctp_recvv, sctp_sendv/peer (what the peer received), ... */
	const char *args;      /* the arguments, as the trace describes them */
	const char *ours;      /* ours's result: space-separated key=value */
	const char *theirs;    /* the reference's result */
};

/* The value of key in a result ("ret", "errno", "info", ...), copied into
 * out; false when the result has no such key. */
bool result_field(const char *result, const char *key, char *out, size_t n);
/* Whether the two results differ only in the keys listed (NULL-terminated). */
bool differs_only_in(const struct difference *d, const char *const keys[]);
/* The value of key=value in the arguments, as result_field. */
bool args_field(const char *args, const char *key, char *out, size_t n);

/* processes per library at most */
#define MAX_JOBS 8

struct kept_row {
	const char *id; /* the row's id in DIVERGENCES.md */
	bool (*covers)(const struct difference *);
};

extern const struct kept_row kept_rows[];
extern const size_t kept_row_count;

int compare_traces(const char *const names[], int nlibs, char paths[][MAX_JOBS][512], int jobs, uint64_t count,
		   uint64_t seed, bool show, int bad_workers);
/* Each kept row's id is a row of the table in the file (TAP). */
int check_rows(const char *divergences_md);

#endif
