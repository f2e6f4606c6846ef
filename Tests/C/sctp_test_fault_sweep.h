/* Every error on every call: the sweep of the fault tests (the injector is
 * sctp_test_fault.h).
 *
 * sctp_test_fault_sweep runs a library call once with no fault, recording
 * which system calls and allocations it makes; then once for each of them
 * and each error of forced_errors (ENOMEM alone for an allocation), with
 * that one failing with that error. After each run `expect` tells what the
 * call must have returned, and `check` (optional) checks what it handed
 * over and releases it; the sweep asserts that the fault was injected, that
 * the call returned what `expect` said (by default -1 with the forced errno)
 * and that nothing the call allocated is left once `check` released what it
 * hands over: on error -1 is returned and nothing is allocated. */
#ifndef SCTP_TEST_FAULT_SWEEP_H
#define SCTP_TEST_FAULT_SWEEP_H

#include "sctp_test.h"
#include "sctp_test_alloc.h"
#include "sctp_test_fault.h"

/* What the kernel is made to say, on each system call in turn. */
static const int forced_errors[] = { ENOMEM, EINTR, EFAULT, EINVAL };

/* What a call must return: `rc`, and when it is -1, errno `error`. */
struct fault_outcome {
	long rc;
	int error;
};

struct fault_case {
	/* Before each run, not recorded (may be NULL). */
	void (*setup)(void *context);
	/* After arming, before the call: more faults, which every run has
	 * (sctp_test_fault_add, sctp_test_fault_on_option; may be NULL). */
	void (*also)(void *context);
	/* The library call: its result, errno as it left it. */
	long (*call)(void *context);
	/* What the call must return when `faulted` failed with `error`, given
	 * what it returned without a fault (`clean`); NULL: -1 with `error`,
	 * and `clean` is asserted to be a success (>= 0). */
	struct fault_outcome (*expect)(void *context, const struct sctp_test_fault_step *faulted, int error,
				       struct fault_outcome clean);
	/* After a run that returned `rc` >= 0: checks and releases what the call
	 * handed over (may be NULL). */
	void (*check)(void *context, long rc);
	/* After each run (may be NULL). */
	void (*cleanup)(void *context);
	void *context;
	const char *name;
	/* Set by the sweep: what the call returned without a fault. */
	struct fault_outcome clean;
};

/* One run with `site`'s `nth` call failing with `error` (nth 0: none). */
static inline long fault_run(const struct fault_case *c, enum sctp_test_fault_site site, unsigned nth, int error,
			     int *call_errno)
{
	if (c->setup != NULL)
		c->setup(c->context);
	sctp_test_alloc_start();
	sctp_test_fault_arm(site, nth, error);
	if (c->also != NULL)
		c->also(c->context);
	errno = 0;
	long rc = c->call(c->context);
	*call_errno = errno;
	sctp_test_fault_disarm();
	unsigned fired = sctp_test_fault_hits(site, nth);
	if (rc >= 0 && c->check != NULL)
		c->check(c->context, rc);
	sctp_test_alloc_stop();
	size_t live = sctp_test_alloc_live(NULL, NULL, 0);
	if (c->cleanup != NULL)
		c->cleanup(c->context);
	cr_assert_eq(fired, nth == 0 ? 0u : 1u, "%s: %s call %u was to fail with %s but was not made", c->name,
		     sctp_test_fault_site_name(site), nth, strerror(error));
	cr_assert_eq(live, 0, "%s: %zu allocations left behind with %s call %u failing with %s (returned %ld)",
		     c->name, live, sctp_test_fault_site_name(site), nth, strerror(error), rc);
	return rc;
}

/* Runs `c` without a fault, then with each error on each call it made;
 * returns the number of faulted runs. */
static inline size_t sctp_test_fault_sweep(struct fault_case *c)
{
	int clean_errno;
	long clean = fault_run(c, FAULT_MALLOC, 0, 0, &clean_errno);
	c->clean = (struct fault_outcome){ clean, clean < 0 ? clean_errno : 0 };
	struct sctp_test_fault_step steps[64];
	size_t n = sctp_test_fault_trace(steps, 64);
	cr_assert_leq(n, 64, "%s made %zu calls", c->name, n);
	cr_assert_gt(n, 0, "%s made no system call and no allocation", c->name);
	if (c->expect == NULL)
		cr_assert_geq(clean, 0, "%s failed without a fault: %ld (%s)", c->name, clean, strerror(clean_errno));
	size_t runs = 0;
	for (size_t i = 0; i < n; i++) {
		for (size_t e = 0; e < sizeof forced_errors / sizeof *forced_errors; e++) {
			int error = forced_errors[e];
			if (steps[i].site == FAULT_MALLOC && error != ENOMEM)
				continue;
			struct fault_outcome want = { -1, error };
			if (c->expect != NULL)
				want = c->expect(c->context, &steps[i], error, c->clean);
			int got_errno;
			long rc = fault_run(c, steps[i].site, steps[i].nth, error, &got_errno);
			cr_assert_eq(rc, want.rc, "%s with %s call %u (option %d) failing with %s returned %ld (%s), expected %ld",
				     c->name, sctp_test_fault_site_name(steps[i].site), steps[i].nth, steps[i].option,
				     strerror(error), rc, strerror(got_errno), want.rc);
			if (rc == -1)
				cr_assert_eq(got_errno, want.error,
					     "%s with %s call %u (option %d) failing with %s: errno %s, expected %s",
					     c->name, sctp_test_fault_site_name(steps[i].site), steps[i].nth,
					     steps[i].option, strerror(error), strerror(got_errno), strerror(want.error));
			runs++;
		}
	}
	cr_log_info("%s: %zu calls, %zu faulted runs", c->name, n, runs);
	return runs;
}

static inline void fault_drain_udp(void *context)
{
	udp_drain(context);
}

/* The sweep of `call` on an IPv4 UDP pair (its context), where Linux ignores
 * the SCTP ancillary data so that a send or receive runs the library's whole
 * path: `setup` (may be NULL) before each run, the receiver drained after;
 * without a fault the call returns `clean`. */
static inline void sctp_test_fault_sweep_udp(void (*setup)(void *), long (*call)(void *), const char *name, long clean)
{
	struct udp_pair u = udp_pair_open(AF_INET);
	struct fault_case c = { setup, NULL, call, NULL, NULL, fault_drain_udp, &u, name, { 0, 0 } };
	sctp_test_fault_sweep(&c);
	cr_assert_eq(c.clean.rc, clean, "%s returned %ld without a fault, expected %ld", name, c.clean.rc, clean);
	udp_pair_close(&u);
}

#endif
