#!/usr/bin/env bash
# Tests/sanitizers/run.sh asan|valgrind: the C suite alone (its host checks,
# then its kernel tests on a real SCTP kernel) under AddressSanitizer and
# UBSan (build/asan, make check-asan) or under memcheck (make
# check-valgrind); a checker's report fails the test that made it (README.md
# here). Results in build/results-asan, -valgrind; the last line is
# "N passed, N failed".
#
# SCTP_CHECK_STAGES=host or kernel runs one of the two stages. Under valgrind
# the kernel stage is longer than a working session, so it runs a boot per
# kernel suite and can be finished in parts: SCTP_CHECK_RESUME=1 keeps the
# suites an earlier run of the same build finished, SCTP_CHECK_SUITES="A B"
# runs only the suites named (the count printed is then theirs alone).
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
. Tests/lib.sh
tool=${1:-}
stages=${SCTP_CHECK_STAGES:-all}
resume=${SCTP_CHECK_RESUME:-0}
only_suites=${SCTP_CHECK_SUITES:-}
case "$tool/$stages" in
asan/all | asan/host | asan/kernel | valgrind/all | valgrind/host | valgrind/kernel) ;;
*) echo "usage: SCTP_CHECK_STAGES=all|host|kernel $0 asan|valgrind" >&2; exit 2 ;;
esac
if [ -n "$only_suites" ] && { [ "$tool" != valgrind ] || [ "$stages" != kernel ]; }; then
	echo "run.sh: SCTP_CHECK_SUITES needs valgrind and SCTP_CHECK_STAGES=kernel" >&2
	exit 2
fi
RESULTS=build/results-$tool
mkdir -p "$RESULTS"
[ "$resume" = 1 ] || rm -f "$RESULTS"/*

case "$tool" in
asan)
	C_SUITE=build/asan/tests/suite
	C_SUITE_ENV="LD_LIBRARY_PATH=$ROOT/build/asan"
	C_SUITE_ENV="$C_SUITE_ENV ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1"
	C_SUITE_ENV="$C_SUITE_ENV LSAN_OPTIONS=suppressions=$ROOT/Tests/sanitizers/lsan.supp:print_suppressions=0"
	C_SUITE_ENV="$C_SUITE_ENV UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1"
	export KERNEL_RUN_TIMEOUT=${KERNEL_RUN_TIMEOUT:-3600}
	;;
valgrind)
	C_SUITE=build/tests/suite
	C_SUITE_ENV="LD_LIBRARY_PATH=$ROOT/build"
	# Criterion runs each test in a process of its own (exec'd by its
	# runner), hence --trace-children; it notices valgrind and runs one
	# test at a time. Tests/C/memcheck_exit.c turns a test process's
	# memcheck report into a crash in its teardown. nouserintercepts: the
	# suite's own malloc (the allocation counter) stays in place; it calls
	# glibc's __libc_malloc, which memcheck replaces.
	C_SUITE_RUNNER="valgrind --quiet --vgdb=no --soname-synonyms=somalloc=nouserintercepts --trace-children=yes --leak-check=full --show-leak-kinds=definite,indirect \
--errors-for-leak-kinds=definite,indirect --error-exitcode=97 --track-fds=no \
--suppressions=$ROOT/Tests/sanitizers/valgrind.supp"
	# In the emulated guest memcheck's start-up and each test are many times
	# slower than natively (README.md): both vCPUs, and (Tests/C/
	# valgrind_timeouts.c) the tests' timeouts stretched.
	C_SUITE_JOBS="--jobs=2"
	export KERNEL_RUN_TIMEOUT=${KERNEL_RUN_TIMEOUT:-7200}
	;;
esac

# Under a checker, Criterion still records a test whose process the checker
# ended after its body passed (a leak report at exit, memcheck's exit status)
# as passed, and prints "Warning! The test `suite::name` crashed (or exited)
# during its setup or teardown": such a test counts as failed. A report with
# no such test to pin it on fails the stage. Criterion's runner prints its
# synthesis once every test process has ended: what a checker reports after
# it is the runner's own exit (it runs no test and calls no library function;
# Criterion 2.4.1 leaks there), printed, not counted.
report_pattern='ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|ERROR SUMMARY: [1-9]|are (definitely|indirectly) lost in loss record|^==[0-9]+== (Invalid|Conditional jump|Use of uninitialised|Syscall param|Mismatched|Source and destination)'
c_suite_ran() {
	local log=$1 names reports after_synthesis runner_reports name
	names=$(sed -n 's/.*Warning! The test `\(.*\)` \(crashed\|exited\) during its setup or teardown.*/\1/p' "$log" | sort -u)
	reports=$(sed '/\[====\] Synthesis:/q' "$log" | grep -cE "$report_pattern")
	after_synthesis=$(sed '1,/\[====\] Synthesis:/d' "$log")
	runner_reports=$(printf '%s\n' "$after_synthesis" | grep -cE "$report_pattern")
	if [ "$runner_reports" -gt 0 ]; then
		printf '%s: %d reports from Criterion'"'"'s runner after its synthesis (not counted):\n' "$tool" "$runner_reports"
		printf '%s\n' "$after_synthesis" | grep -E "$report_pattern|^ *#[0-9]+ |SUMMARY" | head -n 20 | sed 's/^/    /'
	fi
	for name in $names; do
		printf '  FAILED (%s report after the test): %s\n' "$tool" "$name"
		PASSED=$((PASSED - 1))
		FAILED=$((FAILED + 1))
	done
	printf '%s: %d reports in %s, %d s\n' "$tool" "$reports" "$(basename "$log")" "$((SECONDS - started))"
	if [ "$reports" -gt 0 ] && [ -z "$names" ] && ! grep -qE '^not ok ' "${log%.log}.tap" 2>/dev/null; then
		stage_failed "$tool reported errors that no failed test accounts for (see $log)"
	fi
}

# valgrind_kernel_suites: a boot per kernel suite, so that what has run is
# kept (in its own TAP file) and one runner's failure costs one suite, not
# the stage.
valgrind_kernel_suites() {
	local all suites suite name
	make -s "$C_SUITE" || { stage_failed "the C suite did not build"; return; }
	# shellcheck disable=SC2086
	all=$(env $C_SUITE_ENV "$C_SUITE" --list 2>/dev/null |
		sed -n 's/^\([a-z0-9_]*_kernel\): [0-9]* tests\{0,1\}$/\1/p')
	suites=$all
	if [ -n "$only_suites" ]; then
		for suite in $only_suites; do
			printf '%s\n' $all | grep -qx "$suite" ||
				{ echo "run.sh: no kernel suite $suite (SCTP_CHECK_SUITES)" >&2; exit 2; }
		done
		printf 'SCTP_CHECK_SUITES: %d of the %d kernel suites, the count below is theirs alone\n' \
			"$(printf '%s\n' $only_suites | sort -u | wc -l)" "$(printf '%s\n' $all | wc -l)"
		suites=$(printf '%s\n' $all | grep -xF "$(printf '%s\n' $only_suites)")
	fi
	for suite in $suites; do
		name=kernel-suite.$suite
		started=$SECONDS
		# Resuming: a suite whose results are newer than the suite, the
		# library and the suppressions was run on this very build.
		if [ "$resume" = 1 ] && grep -qs '^1\.\.' "$RESULTS/$name.tap" &&
			[ -z "$(find "$C_SUITE" "$(readlink -f build/libsctp.so.1)" Tests/sanitizers/valgrind.supp \
				-newer "$RESULTS/$name.tap" 2>/dev/null)" ]; then
			printf '%s: kept from an earlier run of this build\n' "$name"
			count_tap "$RESULTS/$name.tap"
			c_suite_ran "$RESULTS/$name.log"
			continue
		fi
		rm -f "$RESULTS/$name.tap" "$RESULTS/$name.log"
		c_suite_kernel "$suite" "$name"
	done
}

if [ "$stages" != kernel ]; then
	stage "host: C suite, checks that need no SCTP kernel (under $tool)"
	started=$SECONDS
	c_suite_host
fi
if [ "$stages" != host ]; then
	stage "kernel: C suite on a real SCTP kernel (under $tool)"
	started=$SECONDS
	if [ "$tool" = valgrind ]; then
		valgrind_kernel_suites
	else
		c_suite_kernel '*_kernel' kernel-suite
	fi
fi
print_totals
