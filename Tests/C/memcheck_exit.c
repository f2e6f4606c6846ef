/* make check-valgrind: a test's memcheck report fails that test. No tests of
 * its own.
 *
 * memcheck reports leaks at the end of each test's process, after Criterion
 * recorded the test as passed, and Criterion ignores the exit status
 * --error-exitcode gives then. So when the process of a test ends under
 * valgrind, this runs memcheck's leak check itself and, on any error or
 * definite or indirect leak, aborts: Criterion then reports the test as
 * crashed during its teardown, which Tests/sanitizers/run.sh counts as a failure
 * (Tests/sanitizers/README.md). Without valgrind, and in Criterion's runner
 * process (which runs no test), it does nothing. */
#include <criterion/criterion.h>
#include <stdlib.h>

#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>

__attribute__((destructor)) static void fail_the_test_on_a_memcheck_report(void)
{
	if (!RUNNING_ON_VALGRIND || criterion_current_test == NULL)
		return;
	VALGRIND_DO_LEAK_CHECK;
	unsigned long leaked = 0, dubious = 0, reachable = 0, suppressed = 0;
	VALGRIND_COUNT_LEAKS(leaked, dubious, reachable, suppressed);
	(void)dubious;
	(void)reachable;
	(void)suppressed;
	if (VALGRIND_COUNT_ERRORS > 0 || leaked > 0)
		abort();
}
#endif
