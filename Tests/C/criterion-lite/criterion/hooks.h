/* criterion-lite: report hooks are not run (valgrind_timeouts.c's is for
 * make check-valgrind on amd64); this keeps such a file compiling. */
#ifndef CRITERION_LITE_HOOKS_H
#define CRITERION_LITE_HOOKS_H
#define ReportHook(kind) __attribute__((unused)) static void crl_report_hook_##kind
#endif
