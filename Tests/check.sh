#!/usr/bin/env bash
# make check: every test of the project, in this order, with one count at the end.
#   1. Swift unit tests of the internals (swift test)
#   2. host tests: ABI, header matrix, pkg-config/install (Tests/host), and the
#      C suite's checks that need no SCTP kernel
#   3. the C suite's kernel tests on a real SCTP kernel: natively when this
#      kernel has SCTP, else in a qemu VM (Tests/vm)
#   4. Debian's SCTP programs (sctp_test, sctp_darn, iperf3, sipp, checksctp) and a
#      dlopen runtime, built against Debian's libsctp1, run with this library
#      substituted by LD_LIBRARY_PATH and LD_PRELOAD (Tests/dropin)
# The last line is "N passed, N failed"; the exit status is non-zero on any failure.
#
# SCTP_CHECK_LIBRARY=reference runs stages 2-3 of the C suite against lksctp
# instead (make check-reference), once per version in build/reference
# (Tests/reference/fetch.sh): SCTP_CHECK_REFERENCE_VERSIONS, default 1.0.19
# (Debian bookworm's) and 1.0.21 (trixie's), each a run of this script with
# SCTP_CHECK_REFERENCE_VERSION set, results in build/results-reference-VERSION.
# The tests of DIVERGENCES.md's kept divergences are skipped there; each
# version's summary names their rows. With SCTP_CHECK_RUN_DIVERGENCES=1 (make
# check-divergences) the suite built with -DSCTP_TEST_RUN_DIVERGENCES runs
# them against lksctp instead, and the summary says per row whether the harm
# showed (a test of the row failed or crashed); those tests fail by design,
# and the run's status is that of the stages alone.
#
# SCTP_CHECK_TOOL=asan (make check-asan) or valgrind (make check-valgrind) runs
# the C suite alone (host and kernel stages) under AddressSanitizer and UBSan
# (build/asan) or under memcheck; a report fails the test that made it (see
# Tests/sanitizers/README.md). Results in build/results-asan, -valgrind.
# SCTP_CHECK_STAGES=kernel runs only the C suite's kernel stage (to run it
# again under a tool without the host stage before it); with it,
# SCTP_CHECK_RESUME=1 under valgrind runs only the kernel suites that an
# earlier run of the same build has not finished, and SCTP_CHECK_SUITES="A B"
# runs only the kernel suites named (the stage is longer than a working
# session: it can be finished in parts, each part's count printed as such).
# SCTP_CHECK_STAGES=host runs only the C suite's host stage (its complement).
set -u
cd "$(dirname "$0")/.."
tool=${SCTP_CHECK_TOOL:-}
reference=0
[ "${SCTP_CHECK_LIBRARY:-ours}" = reference ] && reference=1
run_divergences=${SCTP_CHECK_RUN_DIVERGENCES:-0}
version=${SCTP_CHECK_REFERENCE_VERSION:-}
if [ "$reference" = 1 ] && [ -z "$version" ]; then
	all_passed=0
	all_failed=0
	status=0
	versions=${SCTP_CHECK_REFERENCE_VERSIONS:-1.0.19 1.0.21}
	for version in $versions; do
		printf '\n##### lksctp %s\n' "$version"
		SCTP_CHECK_REFERENCE_VERSION=$version "$0" || status=1
	done
	echo
	for version in $versions; do
		summary=build/results-$([ "$run_divergences" = 1 ] && echo divergences || echo reference)-$version/summary
		if [ -s "$summary" ]; then
			cat "$summary"
			line=$(tail -n 1 "$summary")
			all_passed=$((all_passed + $(echo "$line" | sed -n 's/^lksctp .*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')))
			all_failed=$((all_failed + $(echo "$line" | sed -n 's/^lksctp .*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')))
		else
			printf 'lksctp %s: no summary (the run did not finish)\n' "$version"
			all_failed=$((all_failed + 1))
		fi
	done
	printf '%d passed, %d failed\n' "$all_passed" "$all_failed"
	exit "$status"
fi
results=build/results${tool:+-$tool}
if [ "$reference" = 1 ]; then
	results=build/results-$([ "$run_divergences" = 1 ] && echo divergences || echo reference)-$version
fi
mkdir -p "$results"
stages=${SCTP_CHECK_STAGES:-all}
case "$stages" in
all | kernel | host) ;;
*) echo "check.sh: SCTP_CHECK_STAGES must be all, kernel or host, not $stages" >&2; exit 2 ;;
esac
only_suites=${SCTP_CHECK_SUITES:-}
if [ -n "$only_suites" ] && { [ "$tool" != valgrind ] || [ "$stages" != kernel ]; }; then
	echo "check.sh: SCTP_CHECK_SUITES needs SCTP_CHECK_TOOL=valgrind and SCTP_CHECK_STAGES=kernel" >&2
	exit 2
fi
# SCTP_CHECK_RESUME=1 (under valgrind): keep the kernel suites' results of an
# earlier run of the same build (below) instead of starting afresh.
resume=${SCTP_CHECK_RESUME:-0}
[ "$resume" = 1 ] || rm -f "$results"/*

passed=0
failed=0
skipped=0

stage() { printf '\n=== %s\n' "$*"; }

# Adds a TAP file's results to the totals. Criterion marks the tests its
# --filter left out as "# SKIP test was skipped": those did not run here and
# count nowhere. Any other skip is a test that did not prove anything: it
# counts as failed in make check; against the reference it is a known upstream
# divergence (its test and row go to $results/divergences), a test of what
# lksctp lacks (not-in-lksctp), or one this machine cannot run (skipped).
count_tap() {
	local file=$1 p f s
	p=$(grep -E '^ok ' "$file" | grep -vc '# SKIP')
	f=$(grep -cE '^not ok ' "$file")
	s=$(grep -E '^ok .*# SKIP' "$file" | grep -vc '# SKIP test was skipped$')
	grep -E '^not ok ' "$file" | sed 's/^/  FAILED: /'
	if [ "$reference" = 1 ]; then
		grep -E '^ok .*# SKIP' "$file" | grep -v '# SKIP test was skipped$' | sed 's/^/  SKIPPED: /'
		sed -n 's/^ok - \([^ ]*\) *# SKIP known upstream divergence\( in 1\.0\.19\)\{0,1\}: \(.*\)$/\1 \3/p' \
			"$file" >> "$results/divergences"
		grep -E '^ok .*# SKIP not in lksctp: ' "$file" >> "$results/not-in-lksctp"
		skipped=$((skipped + s))
	else
		grep -E '^ok .*# SKIP' "$file" | grep -v '# SKIP test was skipped$' | sed 's/^/  SKIPPED (counted as failed): /'
		f=$((f + s))
	fi
	printf '%s: %d passed, %d failed\n' "$(basename "$file" .tap)" "$p" "$f"
	passed=$((passed + p))
	failed=$((failed + f))
}

# A stage that could not run at all is one failure, never a silent pass.
stages_failed=0
stage_failed() {
	printf 'STAGE FAILED: %s\n' "$*"
	failed=$((failed + 1))
	stages_failed=1
}

if [ "$reference" = 1 ]; then
	library_env="SCTP_TEST_REFERENCE=1 SCTP_TEST_REFERENCE_VERSION=$version LD_LIBRARY_PATH=$PWD/build/reference/$version/lib"
	[ -e "build/reference/$version/lib/libsctp.so.1" ] ||
		stage_failed "no lksctp $version in build/reference (Tests/reference/fetch.sh $version)"
	: > "$results/divergences"
	: > "$results/not-in-lksctp"
else
	library_env="LD_LIBRARY_PATH=$PWD/build"
fi

# The C suite, and what runs it. Under a tool the kernel stage runs many
# times slower in the emulated VM: its limit defaults to an hour, and under
# memcheck (where each suite boots on its own) to two hours a suite.
# Measured in the guest (TCG): memcheck's start-up alone takes 5.6-9 s
# (valgrind /bin/true; 0.2 s natively), a kernel test 20-45 s, so the 495
# take hours even with both vCPUs: there Criterion runs 2 jobs under memcheck
# too (and Tests/C/valgrind_timeouts.c stretches the tests' timeouts).
[ "$tool" = valgrind ] && export KERNEL_RUN_TIMEOUT=${KERNEL_RUN_TIMEOUT:-7200}
[ -n "$tool" ] && export KERNEL_RUN_TIMEOUT=${KERNEL_RUN_TIMEOUT:-3600}
kernel_jobs=""
[ "$tool" = valgrind ] && kernel_jobs="--jobs=2"
# The emulated guest runs the kernel suite in some 3 minutes on an idle
# machine and four times that on a loaded one: a limit for hangs, not speed.
export KERNEL_RUN_TIMEOUT=${KERNEL_RUN_TIMEOUT:-1500}
suite=build/tests/suite
[ "$run_divergences" = 1 ] && suite=build/divergences/tests/suite
runner=""
case "$tool" in
asan)
	suite=build/asan/tests/suite
	library_env="LD_LIBRARY_PATH=$PWD/build/asan"
	library_env="$library_env ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1"
	library_env="$library_env LSAN_OPTIONS=suppressions=$PWD/Tests/sanitizers/lsan.supp:print_suppressions=0"
	library_env="$library_env UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1"
	;;
valgrind)
	# Criterion runs each test in a process of its own (exec'd by its
	# runner), hence --trace-children; it notices valgrind and runs one
	# test at a time. Tests/C/memcheck_exit.c turns a test process's
	# memcheck report into a crash in its teardown. nouserintercepts: the
	# suite's own malloc (the allocation counter) stays in place; it calls
	# glibc's __libc_malloc, which memcheck replaces.
	runner="valgrind --quiet --vgdb=no --soname-synonyms=somalloc=nouserintercepts --trace-children=yes --leak-check=full --show-leak-kinds=definite,indirect \
--errors-for-leak-kinds=definite,indirect --error-exitcode=97 --track-fds=no \
--suppressions=$PWD/Tests/sanitizers/valgrind.supp"
	;;
esac

# Under a tool, Criterion still records a test whose process the tool ended
# after its body passed (a leak report at exit, memcheck's exit status) as
# passed, and prints "Warning! The test `suite::name` crashed (or exited)
# during its setup or teardown": such a test counts as failed. A report with
# no such test to pin it on fails the stage.
# Criterion's runner prints its synthesis once every test process has ended:
# what a tool reports after it is the runner's own exit (it runs no test and
# calls no library function; Criterion 2.4.1 leaks there), printed, not counted.
tool_report_pattern='ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|ERROR SUMMARY: [1-9]|are (definitely|indirectly) lost in loss record|^==[0-9]+== (Invalid|Conditional jump|Use of uninitialised|Syscall param|Mismatched|Source and destination)'
count_tool_reports() {
	local log=$1 names reports after_synthesis runner_reports
	[ -n "$tool" ] || return 0
	names=$(sed -n 's/.*Warning! The test `\(.*\)` \(crashed\|exited\) during its setup or teardown.*/\1/p' "$log" | sort -u)
	reports=$(sed '/\[====\] Synthesis:/q' "$log" | grep -cE "$tool_report_pattern")
	after_synthesis=$(sed '1,/\[====\] Synthesis:/d' "$log")
	runner_reports=$(printf '%s\n' "$after_synthesis" | grep -cE "$tool_report_pattern")
	if [ "$runner_reports" -gt 0 ]; then
		printf '%s: %d reports from Criterion'"'"'s runner after its synthesis (not counted):\n' "$tool" "$runner_reports"
		printf '%s\n' "$after_synthesis" | grep -E "$tool_report_pattern|^ *#[0-9]+ |SUMMARY" | head -n 20 | sed 's/^/    /'
	fi
	for name in $names; do
		printf '  FAILED (%s report after the test): %s\n' "$tool" "$name"
		passed=$((passed - 1))
		failed=$((failed + 1))
	done
	printf '%s: %d reports in %s\n' "$tool" "$reports" "$(basename "$log")"
	if [ "$reports" -gt 0 ] && [ -z "$names" ] && ! grep -qE '^not ok ' "${log%.log}.tap" 2>/dev/null; then
		stage_failed "$tool reported errors that no failed test accounts for (see $log)"
	fi
}

if [ "$reference" = 0 ] && [ -z "$tool" ] && [ "$stages" = all ]; then
	stage "Swift unit tests (swift test)"
	swift test --parallel 2>&1 | tee "$results/swift.log" | grep -E '^(✘|✔ Test run|Test Suite .* (passed|failed))|error:' || true
	# Swift Testing prints one line per test, ✔ passed or ✘ failed.
	sp=$(grep -E '^✔ Test .* passed after' "$results/swift.log" | grep -vc '^✔ Test run with')
	sf=$(grep -E '^✘ Test .* failed after' "$results/swift.log" | grep -vc '^✘ Test run with')
	if [ "$sp" -eq 0 ] && [ "$sf" -eq 0 ]; then
		stage_failed "swift test ran no test"
	else
		printf 'swift: %d passed, %d failed\n' "$sp" "$sf"
		passed=$((passed + sp))
		failed=$((failed + sf))
	fi

	stage "host: ABI, header matrix, pkg-config and install"
	if Tests/host/run.sh > "$results/host-packaging.tap" 2> "$results/host-packaging.log"; then :; fi
	if grep -q '^1\.\.' "$results/host-packaging.tap"; then
		count_tap "$results/host-packaging.tap"
	else
		cat "$results/host-packaging.log"
		stage_failed "Tests/host/run.sh produced no TAP plan"
	fi

	stage "host: consumers built with pkg-config, autotools, meson, CMake, C++"
	if Tests/consumers/run.sh > "$results/consumers.tap" 2> "$results/consumers.log"; then :; fi
	if grep -q '^1\.\.' "$results/consumers.tap"; then
		count_tap "$results/consumers.tap"
	else
		tail -n 20 "$results/consumers.log"
		stage_failed "Tests/consumers/run.sh produced no TAP plan"
	fi
fi

if [ "$stages" = kernel ]; then
	make -s "$suite" || stage_failed "the C suite did not build"
else
	stage "host: C suite, checks that need no SCTP kernel${tool:+ (under $tool)}"
	if make -s "$suite"; then
		start=$(date +%s)
		env $library_env $runner $suite --filter='!(*_kernel)/*' --tap="$results/host-suite.tap" \
			> "$results/host-suite.log" 2>&1
		tail -n 3 "$results/host-suite.log"
		[ -n "$tool" ] && printf 'host stage: %d s\n' $(($(date +%s) - start))
		count_tap "$results/host-suite.tap"
		count_tool_reports "$results/host-suite.log"
	else
		stage_failed "the C suite did not build"
	fi
fi

if [ "$stages" != host ]; then
	stage "kernel: C suite on a real SCTP kernel${tool:+ (under $tool)}"
	# Runs the kernel tests of the suites matching $1 (a glob) in one boot;
	# results in $results/$2.{log,tap}.
	run_kernel_tests() {
		local filter=$1 name=$2 start status
		start=$(date +%s)
		Tests/vm/kernel-run.sh sh -c "uname -r; cat /proc/net/sctp/assocs >/dev/null && echo 'SCTP: present in this kernel'; \
			env $library_env $runner $suite $kernel_jobs --filter='$filter/*' --tap=$results/$name.tap" \
			> "$results/$name.log" 2>&1
		status=$?
		grep -E '^[0-9]+\.[0-9]+\.[0-9]+|^SCTP:|Synthesis' "$results/$name.log"
		[ -n "$tool" ] && printf '%s: %d s\n' "$name" $(($(date +%s) - start))
		if [ -s "$results/$name.tap" ] && grep -q '^1\.\.' "$results/$name.tap"; then
			count_tap "$results/$name.tap"
			count_tool_reports "$results/$name.log"
		else
			tail -n 30 "$results/$name.log"
			stage_failed "no results from the real SCTP kernel for $filter (kernel-run.sh exited $status)"
		fi
	}
	if [ -x "$suite" ]; then
		if [ "$tool" = valgrind ]; then
			# Under memcheck the stage takes hours in the emulated guest: a boot
			# per suite, so that what has run is kept (in its own TAP file) and
			# one runner's failure costs one suite, not the stage.
			start=$(date +%s)
			kernel_suites=$(env $library_env $suite --list 2>/dev/null |
				sed -n 's/^\([a-z0-9_]*_kernel\): [0-9]* tests\{0,1\}$/\1/p')
			if [ -n "$only_suites" ]; then
				for kernel_suite in $only_suites; do
					printf '%s\n' $kernel_suites | grep -qx "$kernel_suite" ||
						{ echo "check.sh: no kernel suite $kernel_suite (SCTP_CHECK_SUITES)" >&2; exit 2; }
				done
				printf 'SCTP_CHECK_SUITES: %d of the %d kernel suites, the count below is theirs alone\n' \
					"$(printf '%s\n' $only_suites | sort -u | wc -l)" "$(printf '%s\n' $kernel_suites | wc -l)"
				kernel_suites=$(printf '%s\n' $kernel_suites | grep -xF "$(printf '%s\n' $only_suites)")
			fi
			for kernel_suite in $kernel_suites; do
				name=kernel-suite.$kernel_suite
				# Resuming: a suite whose results are newer than the suite, the
				# library and the suppressions was run on this very build.
				if [ "$resume" = 1 ] && grep -qs '^1\.\.' "$results/$name.tap" &&
					[ -z "$(find "$suite" "$(readlink -f build/libsctp.so.1)" Tests/sanitizers/valgrind.supp \
						-newer "$results/$name.tap" 2>/dev/null)" ]; then
					printf '%s: kept from an earlier run of this build\n' "$name"
					count_tap "$results/$name.tap"
					count_tool_reports "$results/$name.log"
					continue
				fi
				rm -f "$results/$name.tap" "$results/$name.log"
				run_kernel_tests "$kernel_suite" "$name"
			done
			printf 'kernel stage: %d s\n' $(($(date +%s) - start))
		else
			run_kernel_tests '*_kernel' kernel-suite
		fi
	else
		stage_failed "no C suite to run on the kernel"
	fi
fi

if [ "$reference" = 0 ] && [ -z "$tool" ] && [ "$stages" = all ]; then
	stage "kernel: Debian's own SCTP programs and dlopen runtimes, with this library substituted"
	if Tests/dropin/run.sh > "$results/dropin.tap" 2> "$results/dropin.log"; then :; fi
	if grep -q '^1\.\.' "$results/dropin.tap"; then
		# Which library each process loaded, as its dynamic linker reported it.
		grep -E '^(ok|not ok) |bound to|maps \[' "$results/dropin.tap"
		count_tap "$results/dropin.tap"
	else
		tail -n 20 "$results/dropin.log"
		stage_failed "Tests/dropin/run.sh produced no TAP plan"
	fi
fi

echo
if [ "$reference" = 1 ]; then
	# This version's summary, which the run over all versions prints again.
	{
		if [ "$run_divergences" = 1 ]; then
			# Each test of a row logged "suite::test: known upstream divergence...: id";
			# a row's harm showed where one of its tests failed or crashed.
			sed -n 's/^\[WARN\] \([^ ]*\): known upstream divergence\( in 1\.0\.19\)\{0,1\}: \(.*\) (run against lksctp)$/\3\t\1/p' \
				"$results"/*.log | sort -u > "$results/divergence-tests"
			printf 'lksctp %s, the tests of each kept divergence run against it:\n' "$version"
			# (the "-" first, so that awk's first input is never empty)
			{ echo -; sed -n 's/^not ok - \([^ ]*\).*/\1/p' "$results"/*.tap; } |
				awk -F'\t' 'NR == FNR { failed[$1] = 1; next }
					{ tests[$1]++; if ($2 in failed) harmed[$1]++ }
					END { for (id in tests)
						if (harmed[id]) printf "  %s: harm shown (%d of %d tests failed or crashed)\n", id, harmed[id], tests[id]
						else printf "  %s: harm not shown (%d tests passed)\n", id, tests[id] }' \
					- "$results/divergence-tests" | sort
		else
			printf 'lksctp %s (%s): %d tests skipped as known upstream divergences, %d as not in lksctp, %d otherwise\n' \
				"$version" "$(readlink -f "build/reference/$version/lib/libsctp.so.1")" "$(wc -l < "$results/divergences")" \
				"$(wc -l < "$results/not-in-lksctp")" \
				"$((skipped - $(wc -l < "$results/divergences") - $(wc -l < "$results/not-in-lksctp")))"
			cut -d' ' -f2- "$results/divergences" | sort | uniq -c | sed 's/^ *\([0-9]*\) \(.*\)$/  row \2: \1 skipped/'
		fi
		printf 'lksctp %s: %d passed, %d failed\n' "$version" "$passed" "$failed"
	} > "$results/summary"
	# Against lksctp the tests of kept divergences fail by design: only a
	# stage that could not run fails the demonstration.
	[ "$run_divergences" = 1 ] && exit "$stages_failed"
	exit $((failed > 0))
fi
printf '%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
