#!/usr/bin/env bash
# Tests/reference/run.sh: the C suite (its host checks and its kernel tests)
# against lksctp instead of this library (make check-reference), once per
# version in build/reference (fetch.sh here): SCTP_CHECK_REFERENCE_VERSIONS,
# default 1.0.19 (Debian bookworm's) and 1.0.21 (trixie's), results in
# build/results-reference-VERSION. The tests of DIVERGENCES.md's kept
# divergences are skipped there; each version's summary names their rows.
#
# With SCTP_CHECK_RUN_DIVERGENCES=1 (make check-divergences) the suite built
# with -DSCTP_TEST_RUN_DIVERGENCES runs them against lksctp instead
# (build/results-divergences-VERSION), and the summary says per row whether
# the harm showed (a test of the row failed or crashed); those tests fail by
# design, and the run's status is that of the stages alone.
# The last line is "N passed, N failed" over every version.
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
. Tests/lib.sh
run_divergences=${SCTP_CHECK_RUN_DIVERGENCES:-0}
versions=${SCTP_CHECK_REFERENCE_VERSIONS:-1.0.19 1.0.21}
kind=reference
C_SUITE=build/tests/suite
if [ "$run_divergences" = 1 ]; then
	kind=divergences
	C_SUITE=build/divergences/tests/suite
fi
COUNT_SKIPS=skipped

# against VERSION: both stages against lksctp VERSION; its summary in
# RESULTS/summary. Runs in a subshell of its own (the totals are its own).
against() {
	local version=$1 line
	RESULTS=build/results-$kind-$version
	rm -rf "$RESULTS" && mkdir -p "$RESULTS"
	C_SUITE_ENV="SCTP_TEST_REFERENCE=1 SCTP_TEST_REFERENCE_VERSION=$version LD_LIBRARY_PATH=$ROOT/build/reference/$version/lib"
	[ -e "build/reference/$version/lib/libsctp.so.1" ] ||
		stage_failed "no lksctp $version in build/reference (Tests/reference/fetch.sh $version)"
	stage "host: C suite, checks that need no SCTP kernel"
	c_suite_host
	stage "kernel: C suite on a real SCTP kernel"
	c_suite_kernel '*_kernel' kernel-suite
	# What the suite skipped against lksctp: a known upstream divergence (its
	# test and row), a test of what lksctp lacks, or what this machine could
	# not run.
	sed -n 's/^ok - \([^ ]*\) *# SKIP known upstream divergence\( in 1\.0\.19\)\{0,1\}: \(.*\)$/\1 \3/p' \
		"$RESULTS"/*.tap > "$RESULTS/divergences"
	grep -hE '^ok .*# SKIP not in lksctp: ' "$RESULTS"/*.tap > "$RESULTS/not-in-lksctp"
	{
		if [ "$run_divergences" = 1 ]; then
			# Each test of a row logged "suite::test: known upstream divergence...: id";
			# a row's harm showed where one of its tests failed or crashed.
			sed -n 's/^\[WARN\] \([^ ]*\): known upstream divergence\( in 1\.0\.19\)\{0,1\}: \(.*\) (run against lksctp)$/\3\t\1/p' \
				"$RESULTS"/*.log | sort -u > "$RESULTS/divergence-tests"
			printf 'lksctp %s, the tests of each kept divergence run against it:\n' "$version"
			# (the "-" first, so that awk's first input is never empty)
			{ echo -; sed -n 's/^not ok - \([^ ]*\).*/\1/p' "$RESULTS"/*.tap; } |
				awk -F'\t' 'NR == FNR { failed[$1] = 1; next }
					{ tests[$1]++; if ($2 in failed) harmed[$1]++ }
					END { for (id in tests)
						if (harmed[id]) printf "  %s: harm shown (%d of %d tests failed or crashed)\n", id, harmed[id], tests[id]
						else printf "  %s: harm not shown (%d tests passed)\n", id, tests[id] }' \
					- "$RESULTS/divergence-tests" | sort
		else
			printf 'lksctp %s (%s): %d tests skipped as known upstream divergences, %d as not in lksctp, %d otherwise\n' \
				"$version" "$(readlink -f "build/reference/$version/lib/libsctp.so.1")" "$(wc -l < "$RESULTS/divergences")" \
				"$(wc -l < "$RESULTS/not-in-lksctp")" \
				"$((SKIPPED - $(wc -l < "$RESULTS/divergences") - $(wc -l < "$RESULTS/not-in-lksctp")))"
			cut -d' ' -f2- "$RESULTS/divergences" | sort | uniq -c | sed 's/^ *\([0-9]*\) \(.*\)$/  row \2: \1 skipped/'
		fi
		printf 'lksctp %s: %d passed, %d failed\n' "$version" "$PASSED" "$FAILED"
	} > "$RESULTS/summary"
	# Against lksctp the tests of kept divergences fail by design: only a
	# stage that could not run fails the demonstration.
	[ "$run_divergences" = 1 ] && return "$STAGES_FAILED"
	[ "$FAILED" -eq 0 ]
}

status=0
for version in $versions; do
	printf '\n##### lksctp %s\n' "$version"
	(against "$version") || status=1
done
echo
all_passed=0
all_failed=0
for version in $versions; do
	summary=build/results-$kind-$version/summary
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
