/* The kept rows of DIVERGENCES.md the harness accepts: each row's id and a
 * predicate saying whether a difference is that row's (and nothing else).
 * A difference no predicate covers fails the harness. Keep each predicate
 * as narrow as the row: the call, the case, the outputs the row names. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

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
	/* ENOTSUP is EOPNOTSUPP on Linux, and strerrorname_np names it so */
	return is(d->kind, "sctp_opt_info") && unknown_to_lksctp(d) && result_is(d->theirs, "ret", "95") &&
	       result_is(d->ours, "ret", "-1") &&
	       (result_is(d->ours, "errno", "ENOTSUP") || result_is(d->ours, "errno", "EOPNOTSUPP")) &&
	       differs_only_in(d, keys);
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

/* 1.0.19's sctp_sendv builds its ancillary data in 48 bytes (on its stack),
 * or, with 2 or more addresses, in a heap block of 48 more than the 32 it
 * allots each later address: the SPA's members (32, 24 and 24 bytes) run
 * past it where the later addresses' own (24 for IPv4, 32 for IPv6) leave
 * too little room. Ours sends (or the kernel refuses) where 1.0.19 aborts. */
static bool sendv_spa_overflow(const struct difference *d)
{
	long flags = arg_number(d, "sendv_flags"), n = arg_number(d, "addrcnt");
	char addrs[512];
	if (!is(d->reference, "lksctp-1.0.19") || !is(d->kind, "sctp_sendv") || arg_number(d, "infotype") != 4 ||
	    !result_field(d->theirs, "signal", addrs, sizeof addrs) || !args_field(d->args, "addrs", addrs, sizeof addrs))
		return false;
	long room = n < 2 ? 48 : 48 + 32 * (n - 1), used = 0;
	/* the later addresses, "4/h:Pn" or "6/h:Pn", comma-separated */
	const char *a = strchr(addrs, ',');
	for (; a && n >= 2; a = strchr(a + 1, ',')) used += a[1] == '6' ? 32 : 24;
	used += (flags & 1 ? 32 : 0) + (flags & 2 ? 24 : 0) + (flags & 4 ? 24 : 0);
	return used > room;
}

static bool arg_on(const struct difference *d, const char *key) { return arg_number(d, key) == 1; }

static bool result_number(const char *result, const char *key, long *out)
{
	char v[64];
	if (!result_field(result, key, v, sizeof v)) return false;
	*out = strtol(v, NULL, 0);
	return true;
}

/* The little-endian int a 4-byte dump holds ("08000000" is 8). */
static bool dumped_int(const char *result, const char *key, unsigned long *out)
{
	char v[16];
	if (!result_field(result, key, v, sizeof v) || strlen(v) != 8) return false;
	unsigned long x = 0;
	for (int i = 3; i >= 0; i--) {
		char byte[3] = {v[2 * i], v[2 * i + 1], 0};
		x = x << 8 | strtoul(byte, NULL, 16);
	}
	*out = x;
	return true;
}

/* sctp_recvmsg's sinfo when the kernel sent SCTP_SNDRCV (sctp_data_io_event
 * on) after RCVINFO or NXTINFO, which leave it no room in lksctp's 48-byte
 * buffer: lksctp copies from past its buffer or drops it, ours has the
 * kernel's. Only sinfo differs; a data message (the call returned data). */
static bool recvmsg_sndrcv_cut(const struct difference *d)
{
	static const char *const keys[] = {"sinfo", NULL};
	long ret;
	char o[80];
	/* ours's is the kernel's: its sinfo_assoc_id an association's (A1...) */
	return is(d->kind, "sctp_recvmsg") && arg_is(d, "sinfo", "ptr") && arg_on(d, "data_io") &&
	       (arg_on(d, "rcvinfo") || arg_on(d, "nxtinfo")) && result_number(d->ours, "ret", &ret) && ret >= 0 &&
	       differs_only_in(d, keys) && result_field(d->ours, "sinfo", o, sizeof o) && strlen(o) == 64 &&
	       !strcmp(o + 58, "0050a5");
}

/* 1.0.19's sctp_recvmsg leaves all of *sinfo as it was when no SCTP_SNDRCV
 * came; ours (as 1.0.21) zeroes sinfo_assoc_id: the last 4 bytes of the
 * 32 alone differ, ours 0. */
static bool recvmsg_stale_sinfo(const struct difference *d)
{
	static const char *const keys[] = {"sinfo", NULL};
	char o[80], t[80];
	if (!is(d->reference, "lksctp-1.0.19") || !is(d->kind, "sctp_recvmsg") || !arg_is(d, "sinfo", "ptr") ||
	    !differs_only_in(d, keys) || !result_field(d->ours, "sinfo", o, sizeof o) ||
	    !result_field(d->theirs, "sinfo", t, sizeof t))
		return false;
	return strlen(o) == 64 && strlen(t) == 64 && !strncmp(o, t, 56) && !strcmp(o + 56, "00000000");
}

/* 1.0.19's sctp_recvv has a 64-byte control buffer: with a next message
 * (NXTINFO) and RCVINFO it cuts RCVINFO (info, infolen, infotype differ),
 * with NXTINFO and sctp_data_io_event it cuts SCTP_SNDRCV and says so in
 * MSG_CTRUNC (flags differ in that bit alone). Ours does as 1.0.21. */
static bool recvv_rn_cut(const struct difference *d)
{
	static const char *const keys[] = {"info", "infolen", "infotype", "flags", NULL};
	if (!is(d->reference, "lksctp-1.0.19") || !is(d->kind, "sctp_recvv") || !arg_on(d, "nxtinfo") ||
	    !(arg_on(d, "rcvinfo") || arg_on(d, "data_io")) || !differs_only_in(d, keys))
		return false;
	unsigned long fo, ft;
	if (dumped_int(d->ours, "flags", &fo) && dumped_int(d->theirs, "flags", &ft) && fo != ft &&
	    (ft & ~(unsigned long)MSG_CTRUNC) != (fo & ~(unsigned long)MSG_CTRUNC))
		return false;
	static const char *const flag_only[] = {"flags", NULL};
	/* without RCVINFO asked for, only the flag can differ */
	return arg_on(d, "rcvinfo") || differs_only_in(d, flag_only);
}

/* lksctp's sctp_sendv passes 0 to sendmsg whatever the flags: with
 * MSG_DONTWAIT where the send would block, ours fails with EAGAIN where
 * lksctp blocks (and then sends or fails otherwise). */
static bool sendv_flags_dropped(const struct difference *d)
{
	static const char *const keys[] = {"ret", "errno", NULL};
	return is(d->kind, "sctp_sendv") && (arg_number(d, "flags") & MSG_DONTWAIT) && result_is(d->ours, "ret", "-1") &&
	       (result_is(d->ours, "errno", "EAGAIN") || result_is(d->ours, "errno", "EWOULDBLOCK")) &&
	       !result_is(d->theirs, "errno", "EAGAIN") && differs_only_in(d, keys);
}

const struct kept_row kept_rows[] = {
	{"sendv-flags-dropped", sendv_flags_dropped},
	{"recvmsg-sndrcv-cut", recvmsg_sndrcv_cut},
	{"recvmsg-stale-sinfo", recvmsg_stale_sinfo},
	{"recvv-rn-cut", recvv_rn_cut},
	{"opt-info-unknown-option", opt_info_unknown_option},
	{"opt-info-short-size", opt_info_short_size},
	{"sendv-short-infolen", sendv_short_infolen},
	{"sendv-spa-overflow", sendv_spa_overflow},
};
const size_t kept_row_count = sizeof kept_rows / sizeof kept_rows[0];
