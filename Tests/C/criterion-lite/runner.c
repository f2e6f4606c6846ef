/* criterion-lite's runner: the command line Tests/lib.sh gives Criterion
 * (--filter=GLOB on "suite/test", --tap=FILE, --jobs=N) and its TAP, each test
 * in a child process of its own with its .timeout. A test's failed assertion
 * or skip is written to a file the runner reads when the child has ended. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern const struct criterion_test *const __start_crl_tests[];
extern const struct criterion_test *const __stop_crl_tests[];

const struct criterion_test *criterion_current_test;
static FILE *report; /* the child's: what the runner reads back */

void crl_log(const char *prefix, const char *format, ...)
{
	va_list arguments;
	va_start(arguments, format);
	fputs(prefix, stderr);
	vfprintf(stderr, format, arguments);
	fputc('\n', stderr);
	va_end(arguments);
}

static void report_message(char tag, const char *format, va_list arguments)
{
	fputc(tag, report);
	vfprintf(report, format, arguments);
	fputc('\n', report);
	fflush(report);
}

void crl_assert_failed(const char *file, int line, const char *expression, const char *format, ...)
{
	va_list arguments;
	fprintf(report, "F%s:%d: ", file, line);
	if (format[0] == '\0') {
		fprintf(report, "The expression %s is false.\n", expression);
		fflush(report);
	} else {
		va_start(arguments, format);
		vfprintf(report, format, arguments);
		va_end(arguments);
		fputc('\n', report);
		fflush(report);
	}
	fflush(NULL);
	_exit(1);
}

void crl_skip(const char *format, ...)
{
	va_list arguments;
	va_start(arguments, format);
	report_message('S', format, arguments);
	va_end(arguments);
	fflush(NULL);
	_exit(0);
}

struct running {
	const struct criterion_test *test;
	pid_t pid;
	FILE *report;
	struct timespec started;
};

static double since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static int by_name(const void *a, const void *b)
{
	const struct criterion_test *x = *(const struct criterion_test *const *)a;
	const struct criterion_test *y = *(const struct criterion_test *const *)b;
	int order = strcmp(x->category, y->category);
	return order != 0 ? order : strcmp(x->name, y->name);
}

static FILE *tap;
static int passed, failed, crashed, skipped;

static void finish(struct running *run, int status, int timed_out)
{
	char line[4096];
	char skip[4096] = "";
	int is_skip = 0, messages = 0;
	double seconds = since(&run->started);
	const char *category = run->test->category, *name = run->test->name;
	rewind(run->report);
	/* first pass: a skip? */
	while (fgets(line, sizeof line, run->report) != NULL) {
		if (line[0] == 'S') {
			is_skip = 1;
			line[strcspn(line, "\n")] = '\0';
			snprintf(skip, sizeof skip, "%s", line + 1);
		} else if (line[0] == 'F') {
			messages++;
		}
	}
	if (!timed_out && is_skip && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		fprintf(tap, "ok - %s::%s  # SKIP %s\n", category, name, skip);
		skipped++;
	} else if (!timed_out && messages == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		fprintf(tap, "ok - %s::%s  (%.2fs)\n", category, name, seconds);
		passed++;
	} else {
		fprintf(tap, "not ok - %s::%s  (%.2fs)\n", category, name, seconds);
		rewind(run->report);
		while (fgets(line, sizeof line, run->report) != NULL)
			if (line[0] == 'F')
				fprintf(tap, "  %s", line + 1);
		if (timed_out) {
			fprintf(tap, "  test timed out after %.0f s\n", run->test->data->timeout);
			crashed++;
		} else if (WIFSIGNALED(status)) {
			fprintf(tap, "  test crashed: signal %d (%s)\n", WTERMSIG(status), strsignal(WTERMSIG(status)));
			crashed++;
		} else {
			if (messages == 0)
				fprintf(tap, "  test exited with status %d\n", WEXITSTATUS(status));
			failed++;
		}
		fprintf(stderr, "[FAIL] %s::%s\n", category, name);
	}
	fflush(tap);
	fclose(run->report);
	run->pid = 0;
}

static void start(struct running *run, const struct criterion_test *test)
{
	fflush(NULL);
	run->test = test;
	run->report = tmpfile();
	if (run->report == NULL) {
		perror("criterion-lite: tmpfile");
		exit(2);
	}
	clock_gettime(CLOCK_MONOTONIC, &run->started);
	run->pid = fork();
	if (run->pid < 0) {
		perror("criterion-lite: fork");
		exit(2);
	}
	if (run->pid == 0) {
		/* its own process group: a timeout ends what the test started too */
		setpgid(0, 0);
		report = run->report;
		criterion_current_test = test;
		if (test->data->init)
			test->data->init();
		test->test();
		if (test->data->fini)
			test->data->fini();
		exit(0);
	}
	setpgid(run->pid, run->pid);
}

static void usage(const char *self)
{
	fprintf(stderr, "usage: %s [--filter=GLOB] [--tap[=FILE]] [--jobs=N|-jN] [--list]\n", self);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *filter = NULL, *tap_file = NULL;
	int jobs = (int)sysconf(_SC_NPROCESSORS_ONLN), list = 0;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (strncmp(arg, "--filter=", 9) == 0)
			filter = arg + 9;
		else if (strcmp(arg, "--tap") == 0)
			tap_file = "-";
		else if (strncmp(arg, "--tap=", 6) == 0)
			tap_file = arg + 6;
		else if (strncmp(arg, "--jobs=", 7) == 0)
			jobs = atoi(arg + 7);
		else if (strncmp(arg, "-j", 2) == 0 && arg[2] != '\0')
			jobs = atoi(arg + 2);
		else if (strcmp(arg, "--list") == 0 || strcmp(arg, "-l") == 0)
			list = 1;
		else if (strcmp(arg, "--verbose") == 0 || strcmp(arg, "--ascii") == 0)
			continue;
		else
			usage(argv[0]);
	}
	if (jobs < 1)
		jobs = 1;

	size_t count = (size_t)(__stop_crl_tests - __start_crl_tests);
	const struct criterion_test **tests = malloc(count * sizeof *tests);
	if (tests == NULL)
		return 2;
	memcpy(tests, __start_crl_tests, count * sizeof *tests);
	qsort(tests, count, sizeof *tests, by_name);

	if (list) {
		for (size_t i = 0; i < count; i++)
			printf("%s::%s\n", tests[i]->category, tests[i]->name);
		return 0;
	}
	tap = stdout;
	if (tap_file != NULL && strcmp(tap_file, "-") == 0)
		tap = stderr;
	else if (tap_file != NULL && (tap = fopen(tap_file, "w")) == NULL) {
		perror(tap_file);
		return 2;
	}
	fprintf(tap, "TAP version 13\n1..%zu\n# criterion-lite\n", count);

	struct running *runs = calloc((size_t)jobs, sizeof *runs);
	if (runs == NULL)
		return 2;
	char path[1024];
	size_t next = 0;
	int active = 0;
	for (;;) {
		while (active < jobs && next < count) {
			const struct criterion_test *test = tests[next++];
			snprintf(path, sizeof path, "%s/%s", test->category, test->name);
			if (filter != NULL && fnmatch(filter, path, FNM_EXTMATCH) != 0) {
				fprintf(tap, "ok - %s::%s  # SKIP test was skipped\n", test->category, test->name);
				continue;
			}
			for (int j = 0; j < jobs; j++)
				if (runs[j].pid == 0) {
					start(&runs[j], test);
					break;
				}
			active++;
		}
		if (active == 0)
			break;
		int status;
		pid_t pid = waitpid(-1, &status, WNOHANG);
		if (pid < 0 && errno != EINTR) {
			perror("criterion-lite: waitpid");
			return 2;
		}
		for (int j = 0; pid > 0 && j < jobs; j++)
			if (runs[j].pid == pid) {
				kill(-pid, SIGKILL); /* what the test left running */
				finish(&runs[j], status, 0);
				active--;
			}
		if (pid > 0)
			continue;
		for (int j = 0; j < jobs; j++) {
			struct running *run = &runs[j];
			if (run->pid != 0 && run->test->data->timeout > 0 && since(&run->started) > run->test->data->timeout) {
				pid_t late = run->pid;
				kill(-late, SIGKILL);
				waitpid(late, &status, 0);
				finish(run, status, 1);
				active--;
			}
		}
		struct timespec pause = {0, 5 * 1000 * 1000};
		nanosleep(&pause, NULL);
	}
	int tested = passed + failed + crashed;
	fprintf(stderr, "[====] Synthesis: Tested: %d | Passing: %d | Failing: %d | Crashing: %d\n", tested, passed,
		failed + crashed, crashed);
	if (tap != stdout && tap != stderr)
		fclose(tap);
	return failed + crashed > 0;
}
