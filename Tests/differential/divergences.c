/* The kept rows of DIVERGENCES.md the harness accepts: each row's id and a
 * predicate saying whether a difference is that row's (and nothing else).
 * A difference no predicate covers fails the harness. Keep each predicate
 * as narrow as the row: the call, the case, the outputs the row names. */
#include <stdlib.h>
#include <string.h>

#include "differential.h"

static bool is(const char *a, const char *b) { return strcmp(a, b) == 0; }

static long arg_number(const struct difference *d, const char *key)
{
	char v[64];
	return args_field(d->args, key, v, sizeof v) ? strtol(v, NULL, 0) : -1;
}

static bool arg_is(const struct difference *d, const char *key, const char *value)
{
	char v[128];
	return args_field(d->args, key, v, sizeof v) && is(v, value);
}

static bool result_is(const char *result, const char *key, const char *value)
{
	char v[128];
	return result_field(result, key, v, sizeof v) && is(v, value);
}

static bool ours_einval(const struct difference *d)
{
	return result_is(d->ours, "ret", "-1") && result_is(d->ours, "errno", "EINVAL");
}

static bool unknown_to_lksctp(const struct difference *d)
{
	return arg_is(d, "opt", "SCTP_CONTEXT") || arg_is(d, "opt", "SCTP_GET_ASSOC_NUMBER") ||
	       arg_is(d, "opt", "SCTP_RECVRCVINFO");
}

static bool opt_info_unknown_option(const struct difference *d)
{
	static const char *const keys[] = {"ret", "errno", NULL};
	return is(d->kind, "sctp_opt_info") && unknown_to_lksctp(d) && result_is(d->theirs, "ret", "95") &&
	       result_is(d->ours, "ret", "-1") && result_is(d->ours, "errno", "ENOTSUP") && differs_only_in(d, keys);
}

static bool opt_info_short_size(const struct difference *d)
{
	static const char *const keys[] = {"arg", "arg.canaries", NULL};
	long size = arg_number(d, "size");
	return is(d->kind, "sctp_opt_info") && !unknown_to_lksctp(d) && size >= 0 && size < 4 &&
	       differs_only_in(d, keys);
}

/* What the info type reads: the structure, for SPA sendv_flags and the
 * members its flags make valid. */
static long sendv_info_needs(long type, long spa_flags)
{
	switch (type) {
	case 1: return 16;
	case 2: return 8;
	case 3: return 2;
	case 4: return spa_flags & 4 ? 30 : spa_flags & 2 ? 28 : spa_flags & 1 ? 20 : 4;
	default: return 0;
	}
}

static bool sendv_short_infolen(const struct difference *d)
{
	long type = arg_number(d, "infotype");
	return is(d->kind, "sctp_sendv") && arg_is(d, "info", "ptr") &&
	       arg_number(d, "infolen") < sendv_info_needs(type, arg_number(d, "sendv_flags")) && ours_einval(d);
}

static bool sendv_spa_overflow(const struct difference *d)
{
	long flags = arg_number(d, "sendv_flags");
	return is(d->reference, "lksctp-1.0.19") && is(d->kind, "sctp_sendv") && arg_number(d, "infotype") == 4 &&
	       arg_number(d, "addrcnt") < 2 && (flags & 1) && (flags & 6) && result_is(d->theirs, "signal", "ABRT");
}

const struct kept_row kept_rows[] = {
	{"opt-info-unknown-option", opt_info_unknown_option},
	{"opt-info-short-size", opt_info_short_size},
	{"sendv-short-infolen", sendv_short_infolen},
	{"sendv-spa-overflow", sendv_spa_overflow},
};
const size_t kept_row_count = sizeof kept_rows / sizeof kept_rows[0];
