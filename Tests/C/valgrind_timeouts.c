/* make check-valgrind: the tests' timeouts, stretched. No tests of its own.
 *
 * A test's .timeout guards against a hang at native speed (20-180 s). Under
 * memcheck in the emulated guest a test process takes 20-50 s just to start
 * and run, so a 30 s guard fired on tests that were not hung, and Criterion
 * 2.4.1's runner, running several jobs, then aborted on its own state ("The
 * test has already ended, invalid state 'timeout'") and wrote no results at
 * all. Under valgrind, before the runner starts any test, every timeout is
 * multiplied by SCTP_TEST_TIMEOUT_SCALE (default 20); without valgrind this
 * does nothing. */
#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <criterion/internal/ordered-set.h>
#include <stdlib.h>

#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>

static double timeout_scale(void)
{
	const char *text = getenv("SCTP_TEST_TIMEOUT_SCALE");
	double scale = text ? strtod(text, NULL) : 0;
	return scale > 0 ? scale : 20;
}

ReportHook(PRE_ALL)(struct criterion_test_set *set)
{
	if (!RUNNING_ON_VALGRIND)
		return;
	double scale = timeout_scale();
	struct criterion_suite_set *suite;
	FOREACH_SET(suite, set->suites) {
		if (suite->suite.data && suite->suite.data->timeout > 0)
			suite->suite.data->timeout *= scale;
		struct criterion_test *test;
		if (suite->tests == NULL)
			continue;
		FOREACH_SET(test, suite->tests) {
			if (test->data->timeout > 0)
				test->data->timeout *= scale;
		}
	}
}
#endif
