/* criterion-lite: the part of Criterion's API the C suite uses, for the
 * architectures Debian builds no Criterion for (armhf). Registration through
 * a linker section as Criterion's; runner.c runs each test in a forked
 * child and writes TAP as Criterion does, so Tests/lib.sh counts it alike. */
#ifndef CRITERION_LITE_H
#define CRITERION_LITE_H

#include <stddef.h>
#include <string.h>

struct criterion_test_extra_data {
	void (*init)(void);
	void (*fini)(void);
	double timeout;
};

struct criterion_test {
	const char *name;
	const char *category;
	void (*test)(void);
	struct criterion_test_extra_data *data;
};

extern const struct criterion_test *criterion_current_test;

void crl_assert_failed(const char *file, int line, const char *expression, const char *format, ...);
void crl_skip(const char *format, ...) __attribute__((noreturn));
void crl_log(const char *prefix, const char *format, ...) __attribute__((format(printf, 2, 3)));

#define Test(suite, name, ...)                                                          \
	static void crl_test_##suite##_##name(void);                                    \
	static struct criterion_test_extra_data crl_data_##suite##_##name = {__VA_ARGS__}; \
	static const struct criterion_test crl_entry_##suite##_##name = {              \
		#name, #suite, crl_test_##suite##_##name, &crl_data_##suite##_##name};  \
	__attribute__((used, section("crl_tests"))) static const struct criterion_test  \
		*const crl_pointer_##suite##_##name = &crl_entry_##suite##_##name;       \
	static void crl_test_##suite##_##name(void)

/* The message: the caller's, if any, else the expression that was false.
 * A string literal first ("" ...) keeps the caller's format a literal. */
#define crl_check(condition, expression, ...)                                           \
	do {                                                                            \
		if (!(condition))                                                       \
			crl_assert_failed(__FILE__, __LINE__, expression, "" __VA_ARGS__); \
	} while (0)

#define cr_assert(e, ...) crl_check((e), #e, ##__VA_ARGS__)
#define cr_assert_not(e, ...) crl_check(!(e), "!(" #e ")", ##__VA_ARGS__)
#define cr_assert_eq(a, b, ...) crl_check((a) == (b), "(" #a ") == (" #b ")", ##__VA_ARGS__)
#define cr_assert_neq(a, b, ...) crl_check((a) != (b), "(" #a ") != (" #b ")", ##__VA_ARGS__)
#define cr_assert_lt(a, b, ...) crl_check((a) < (b), "(" #a ") < (" #b ")", ##__VA_ARGS__)
#define cr_assert_leq(a, b, ...) crl_check((a) <= (b), "(" #a ") <= (" #b ")", ##__VA_ARGS__)
#define cr_assert_gt(a, b, ...) crl_check((a) > (b), "(" #a ") > (" #b ")", ##__VA_ARGS__)
#define cr_assert_geq(a, b, ...) crl_check((a) >= (b), "(" #a ") >= (" #b ")", ##__VA_ARGS__)
#define cr_assert_not_null(p, ...) crl_check((p) != NULL, "(" #p ") != NULL", ##__VA_ARGS__)
#define cr_assert_str_eq(a, b, ...) crl_check(strcmp((a), (b)) == 0, "strcmp(" #a ", " #b ") == 0", ##__VA_ARGS__)
#define cr_assert_arr_eq(a, b, size, ...)                                               \
	crl_check(memcmp((a), (b), (size)) == 0, "memcmp(" #a ", " #b ", " #size ") == 0", ##__VA_ARGS__)
#define cr_assert_fail(...) crl_check(0, "cr_assert_fail", ##__VA_ARGS__)
#define cr_skip_test(...) crl_skip("" __VA_ARGS__)
#define cr_log_info(...) crl_log("[----] ", __VA_ARGS__)
#define cr_log_warn(...) crl_log("[WARN] ", __VA_ARGS__)

#endif
