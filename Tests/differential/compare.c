/* The comparison of the traces: per sequence, line by line, ours against
 * each reference. A line that differs is a difference of the call it
 * traces; the first one no kept row covers fails the sequence (what
 * follows it in that sequence may only be its consequence). */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "differential.h"

static bool field_in(const char *text, const char *key, char *out, size_t n, char sep)
{
	size_t kl = strlen(key);
	const char *p = text;
	while (p && *p) {
		if (strncmp(p, key, kl) == 0 && p[kl] == '=') {
			const char *v = p + kl + 1, *e = strchr(v, sep);
			size_t l = e ? (size_t)(e - v) : strlen(v);
			if (out && n) {
				if (l >= n) l = n - 1;
				memcpy(out, v, l);
				out[l] = 0;
			}
			return true;
		}
		p = strchr(p, sep);
		if (p) p++;
	}
	return false;
}

bool result_field(const char *result, const char *key, char *out, size_t n)
{
	return field_in(result, key, out, n, ' ');
}

bool args_field(const char *args, const char *key, char *out, size_t n)
{
	return field_in(args, key, out, n, ' ');
}

/* Whether every key=value of a is in b with the same value, keys listed excepted. */
static bool same_except(const char *a, const char *b, const char *const keys[])
{
	const char *p = a;
	char key[128], va[20000], vb[20000];
	while (p && *p) {
		const char *eq = strchr(p, '='), *sp = strchr(p, ' ');
		if (eq == NULL || (sp && sp < eq)) {
			/* a bare word ("nothing", "done") */
			size_t l = sp ? (size_t)(sp - p) : strlen(p);
			if (strstr(b, p) == NULL && l) return false;
		} else {
			size_t kl = (size_t)(eq - p);
			if (kl >= sizeof key) kl = sizeof key - 1;
			memcpy(key, p, kl);
			key[kl] = 0;
			bool listed = false;
			for (int i = 0; keys[i]; i++)
				if (!strcmp(keys[i], key)) listed = true;
			if (!listed) {
				if (!result_field(a, key, va, sizeof va) || !result_field(b, key, vb, sizeof vb)) return false;
				if (strcmp(va, vb)) return false;
			}
		}
		p = sp ? sp + 1 : NULL;
	}
	return true;
}

bool differs_only_in(const struct difference *d, const char *const keys[])
{
	return same_except(d->ours, d->theirs, keys) && same_except(d->theirs, d->ours, keys);
}

/* --- the traces ------------------------------------------------------------------ */

struct sequence {
	uint64_t seed;
	char **lines;
	size_t n, cap;
};

static bool read_sequence(FILE *f, struct sequence *s)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t l;
	for (size_t i = 0; i < s->n; i++) free(s->lines[i]);
	s->n = 0;
	bool started = false;
	while ((l = getline(&line, &cap, f)) > 0) {
		if (line[l - 1] == '\n') line[--l] = 0;
		if (!strncmp(line, "SEQ ", 4)) {
			s->seed = strtoull(line + 4, NULL, 10);
			started = true;
			continue;
		}
		if (!strcmp(line, "END")) break;
		if (s->n == s->cap) {
			s->cap = s->cap ? 2 * s->cap : 32;
			s->lines = realloc(s->lines, s->cap * sizeof *s->lines);
		}
		s->lines[s->n++] = strdup(line);
	}
	free(line);
	return started;
}

/* The call a trace line belongs to, for the counts: sctp_sendv/peer is
 * sctp_sendv's; the harness's own lines (setup, peer-end) are "harness". */
static void call_of(const char *line, char *out, size_t n)
{
	size_t l = strcspn(line, "/\t");
	if (l >= n) l = n - 1;
	memcpy(out, line, l);
	out[l] = 0;
	if (strncmp(out, "sctp_", 5)) snprintf(out, n, "harness");
}

static void split(char *line, char **kind, char **args, char **result)
{
	*kind = line;
	char *t = strchr(line, '\t');
	*args = t ? (*t = 0, t + 1) : (char *)"";
	t = strchr(*args, '\t');
	*result = t ? (*t = 0, t + 1) : (char *)"";
}

#define MAX_CALLS 16
static const char *const calls[MAX_CALLS] = {"sctp_sendmsg",   "sctp_send",      "sctp_sendv",    "sctp_recvmsg",
					     "sctp_recvv",     "sctp_bindx",     "sctp_connectx", "sctp_getpaddrs",
					     "sctp_getladdrs", "sctp_opt_info",  "sctp_peeloff",  "harness"};
static int call_index(const char *c)
{
	for (int i = 0; i < MAX_CALLS && calls[i]; i++)
		if (!strcmp(calls[i], c)) return i;
	return MAX_CALLS - 1;
}

struct counts {
	unsigned long compared[MAX_CALLS], unlisted[MAX_CALLS], kept[MAX_CALLS];
};

/* A result's keys whose values differ from the other's (ret always), so
 * that a difference reads at a glance; "-" where the other has no such key. */
static void print_line(const char *who, const char *line, const char *other)
{
	if (line == NULL) {
		printf("#   %-14s (sequence ended before this call)\n", who);
		return;
	}
	char *copy = strdup(line), *ocopy = strdup(other ? other : ""), *k, *a, *r, *ok_, *oa, *or_;
	split(copy, &k, &a, &r);
	split(ocopy, &ok_, &oa, &or_);
	char out[24000];
	size_t n = 0;
	out[0] = 0;
	for (char *p = r; p && *p;) {
		char *sp = strchr(p, ' '), *eq = strchr(p, '=');
		size_t l = sp ? (size_t)(sp - p) : strlen(p);
		char key[128], va[20000], vb[20000];
		bool show = true;
		if (eq && (!sp || eq < sp) && other) {
			size_t kl = (size_t)(eq - p) < sizeof key ? (size_t)(eq - p) : sizeof key - 1;
			memcpy(key, p, kl);
			key[kl] = 0;
			show = !strcmp(key, "ret") || !result_field(or_, key, vb, sizeof vb) ||
			       !result_field(r, key, va, sizeof va) || strcmp(va, vb);
		}
		if (show && n + l + 2 < sizeof out) {
			memcpy(out + n, p, l);
			n += l;
			out[n++] = ' ';
			out[n] = 0;
		}
		p = sp ? sp + 1 : NULL;
	}
	printf("#   %-14s %s\n", who, out);
	free(copy);
	free(ocopy);
}

int compare_traces(const char *const names[], int nlibs, char paths[][MAX_JOBS][512], int jobs, uint64_t count,
		   uint64_t seed, bool show, int bad_workers)
{
	FILE *f[4][MAX_JOBS];
	for (int li = 0; li < nlibs; li++)
		for (int j = 0; j < jobs; j++) {
			f[li][j] = fopen(paths[li][j], "r");
			if (f[li][j] == NULL) {
				perror(paths[li][j]);
				return 2;
			}
		}
	struct sequence seq[4] = {{0}};
	struct counts c[4];
	memset(c, 0, sizeof c);
	unsigned long refs_differ[MAX_CALLS] = {0};
	unsigned long kept_hits[64] = {0};
	unsigned long failed_sequences[4] = {0}, shown = 0;
	unsigned long sequences = 0, not_up[4] = {0}, established[4] = {0};
	for (uint64_t i = 0; i < count; i++) {
		int j = (int)(i % (uint64_t)jobs);
		bool ok = true;
		for (int li = 0; li < nlibs; li++) ok = read_sequence(f[li][j], &seq[li]) && ok;
		if (!ok) {
			printf("# sequence %" PRIu64 " missing from a trace\n", seed + i);
			bad_workers++;
			break;
		}
		sequences++;
		for (int li = 0; li < nlibs; li++)
			for (size_t k = 0; k < seq[li].n; k++)
				if (!strcmp(seq[li].lines[k], "setup\tsetup\tup=1")) {
					established[li]++;
					break;
				}
		/* the references between themselves, for information */
		if (nlibs == 3) {
			for (size_t k = 0; k < seq[1].n && k < seq[2].n; k++)
				if (strcmp(seq[1].lines[k], seq[2].lines[k])) {
					char call[64];
					call_of(seq[1].lines[k], call, sizeof call);
					refs_differ[call_index(call)]++;
					break;
				}
		}
		for (int li = 1; li < nlibs; li++) {
			struct sequence *o = &seq[0], *t = &seq[li];
			size_t ko = 0, kt = 0;
			while (ko < o->n || kt < t->n) {
				size_t k = ko;
				const char *ol = ko < o->n ? o->lines[ko] : NULL, *tl = kt < t->n ? t->lines[kt] : NULL;
				ko++;
				kt++;
				char call[64];
				call_of(ol ? ol : tl, call, sizeof call);
				int ci = call_index(call);
				c[li].compared[ci]++;
				if (ol && tl && !strcmp(ol, tl)) continue;
				/* The association of the world not up in time in one run (the
				 * emulated guest now and then loses a handshake's chunk until
				 * T1 fires): the sequence is not compared further, and counted. */
				if (ol && tl && !strncmp(ol, "setup\tsetup\t", 12) && !strncmp(tl, "setup\tsetup\t", 12)) {
					not_up[li]++;
					break;
				}
				/* a difference: a kept row may cover it (a crash is offered as
				 * the result of the call ours made there) */
				const char *covered = NULL;
				bool crashed = tl && !strncmp(tl, "crash\t", 6), diverged = false;
				if (ol && tl) {
					char *oc = strdup(ol), *tc = strdup(tl), *ok_, *oa, *or_, *tk, *ta, *tr;
					split(oc, &ok_, &oa, &or_);
					split(tc, &tk, &ta, &tr);
					if (crashed || (!strcmp(ok_, tk) && !strcmp(oa, ta))) {
						struct difference d = {names[li], ok_, oa, or_, tr};
						/* (a different errno: one library made a system
						 * call the other did not, which may have taken
						 * the socket's pending error) */
						char ro[32] = "", rt[32] = "", eo[32] = "", et[32] = "";
						result_field(or_, "errno", eo, sizeof eo);
						result_field(tr, "errno", et, sizeof et);
						diverged = !result_field(or_, "ret", ro, sizeof ro) ||
							   !result_field(tr, "ret", rt, sizeof rt) ||
							   (strcmp(ro, "-1") == 0) != (strcmp(rt, "-1") == 0) || strcmp(eo, et) != 0;
						for (size_t r = 0; r < kept_row_count && !covered; r++)
							if (kept_rows[r].covers(&d)) {
								covered = kept_rows[r].id;
								if (r < 64) kept_hits[r]++;
							}
						/* a crash is also offered as the result of each
						 * earlier call ours made in the sequence: a heap
						 * block a library overran may abort it later */
						for (size_t e = 0; crashed && !covered && e + 1 < ko && e < o->n; e++) {
							char *ec = strdup(o->lines[e]), *ek, *ea, *er;
							split(ec, &ek, &ea, &er);
							struct difference ed = {names[li], ek, ea, er, tr};
							for (size_t r = 0; r < kept_row_count && !covered; r++)
								if (kept_rows[r].covers(&ed)) {
									covered = kept_rows[r].id;
									if (r < 64) kept_hits[r]++;
								}
							free(ec);
						}
					}
					/* a send one library made and the other refused: what
					 * the peer received after it is that row's too */
					if (covered) {
						char peer[80];
						snprintf(peer, sizeof peer, "%s/peer\t", ok_);
						bool op = ko < o->n && !strncmp(o->lines[ko], peer, strlen(peer));
						bool tp = kt < t->n && !strncmp(t->lines[kt], peer, strlen(peer));
						if (op && !tp) ko++;
						if (tp && !op) kt++;
					}
					free(oc);
					free(tc);
				}
				if (covered) {
					c[li].kept[ci]++;
					/* A call one library made and the other refused (or
					 * crashed in): the worlds differ from there on (a
					 * message more, an association less), so the rest of
					 * the sequence is not compared. */
					if (crashed || diverged) break;
					continue;
				}
				c[li].unlisted[ci]++;
				failed_sequences[li]++;
				if (show || shown < 30) {
					shown++;
					char *copy = strdup(ol ? ol : tl), *kk, *aa, *rr;
					split(copy, &kk, &aa, &rr);
					printf("# DIFFERENCE (%s vs %s) seed %" PRIu64 ", call %zu: %s(%s)\n", names[0],
					       names[li], o->seed, k, kk, aa);
					free(copy);
					print_line(names[0], ol, tl);
					print_line(names[li], tl, ol);
					printf("#   replay: make check-differential SEED=%" PRIu64 " COUNT=1\n", o->seed);
				}
				break;
			}
		}
	}
	printf("# %lu sequences compared\n", sequences);
	if (nlibs == 3) {
		printf("# %s vs %s (for information): sequences whose first difference is in:", names[1], names[2]);
		for (int ci = 0; ci < MAX_CALLS && calls[ci]; ci++)
			if (refs_differ[ci]) printf(" %s %lu", calls[ci], refs_differ[ci]);
		printf("\n");
	}
	for (size_t r = 0; r < kept_row_count && r < 64; r++)
		if (kept_hits[r]) printf("# kept row %s covered %lu differences\n", kept_rows[r].id, kept_hits[r]);
	int tests = nlibs, failed = 0;
	for (int li = 1; li < nlibs; li++)
		for (int ci = 0; ci < MAX_CALLS && calls[ci]; ci++) tests++;
	printf("1..%d\n", tests + 1);
	int n = 0;
	/* A run whose associations did not come up compared calls on nothing:
	 * nearly every sequence must reach an established association. */
	for (int li = 0; li < nlibs; li++) {
		bool pass = sequences > 0 && established[li] * 100 >= sequences * 95;
		if (!pass) failed++;
		printf("%s %d - %s: %lu of %lu sequences reached an established association (95%% needed)\n",
		       pass ? "ok" : "not ok", ++n, names[li], established[li], sequences);
	}
	for (int li = 1; li < nlibs; li++)
		for (int ci = 0; ci < MAX_CALLS && calls[ci]; ci++) {
			bool pass = c[li].unlisted[ci] == 0 && (c[li].compared[ci] > 0 || ci == MAX_CALLS - 1);
			if (!pass) failed++;
			printf("%s %d - %s vs %s: %s: %lu calls compared, %lu differences not in DIVERGENCES.md, %lu covered by "
			       "kept rows\n",
			       pass ? "ok" : "not ok", ++n, names[0], names[li], calls[ci], c[li].compared[ci],
			       c[li].unlisted[ci], c[li].kept[ci]);
		}
	printf("%s %d - every worker ran its sequences to the end\n", bad_workers ? "not ok" : "ok", ++n);
	if (bad_workers) failed++;
	for (int li = 1; li < nlibs; li++)
		printf("# %s vs %s: %lu of %lu sequences with a difference not in DIVERGENCES.md, %lu not compared after "
		       "the setup (the association up in one run only)\n",
		       names[0], names[li], failed_sequences[li], sequences, not_up[li]);
	return failed ? 1 : 0;
}

int check_rows(const char *divergences_md)
{
	FILE *f = fopen(divergences_md, "r");
	if (f == NULL) {
		perror(divergences_md);
		return 2;
	}
	char *text = NULL;
	size_t len = 0;
	{
		char buf[4096];
		size_t r;
		while ((r = fread(buf, 1, sizeof buf, f)) > 0) {
			text = realloc(text, len + r + 1);
			memcpy(text + len, buf, r);
			len += r;
		}
		fclose(f);
	}
	if (text == NULL) text = calloc(1, 1);
	text[len] = 0;
	printf("1..%zu\n", kept_row_count ? kept_row_count : 1);
	int failed = 0;
	if (kept_row_count == 0) printf("ok 1 - the harness has no kept-row predicates yet # no rows\n");
	for (size_t r = 0; r < kept_row_count; r++) {
		char pattern[256];
		snprintf(pattern, sizeof pattern, "\n| %s |", kept_rows[r].id);
		bool found = strstr(text, pattern) != NULL;
		if (!found) failed++;
		printf("%s %zu - the harness's kept row %s is a row of %s\n", found ? "ok" : "not ok", r + 1, kept_rows[r].id,
		       divergences_md);
	}
	free(text);
	return failed ? 1 : 0;
}
