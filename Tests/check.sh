#!/usr/bin/env bash
# make check: every test of the project, stage by stage, with one count at the
# end: its last line is "N passed, N failed"; the exit status is non-zero on
# any failure. Results in build/results (RESULTS/STAGE.tap, .log).
#
# SCTP_CHECK_STAGES=host runs only the C suite's checks that need no SCTP
# kernel, SCTP_CHECK_STAGES=kernel only its kernel tests (all: every stage).
# The same C suite under AddressSanitizer or valgrind: Tests/sanitizers/run.sh
# (make check-asan, check-valgrind); against lksctp: Tests/reference/run.sh
# (make check-reference, check-divergences). Tests/lib.sh has the stages'
# helpers.
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
. Tests/lib.sh
stages=${SCTP_CHECK_STAGES:-all}
case "$stages" in
all | kernel | host) ;;
*) echo "check.sh: SCTP_CHECK_STAGES must be all, kernel or host, not $stages" >&2; exit 2 ;;
esac
RESULTS=build/results
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
C_SUITE=build/tests/suite
C_SUITE_ENV="LD_LIBRARY_PATH=$ROOT/build"

# swift_tests: the unit tests of the internals, counted from their JUnit
# reports.
swift_tests() {
	swift test --parallel --xunit-output "$RESULTS/swift.xml" > "$RESULTS/swift.log" 2>&1
	grep -E '^(✘|✔ Test run)|error:' "$RESULTS/swift.log"
	count_swift_xunit swift "$RESULTS"/swift*.xml
}

# make deb's packages in a clean Debian root: which file each process mapped,
# and the times.
deb() {
	tap_stage deb Tests/deb/run.sh
	grep -E 'maps \(|^# (clean root|(ours|debian|ours-again): VM)|^# [0-9]+ passed' "$RESULTS/deb.tap"
}

# The dynamic linker's word on which library each drop-in process loaded.
dropin() {
	tap_stage dropin Tests/dropin/run.sh
	grep -E 'bound to|maps \[' "$RESULTS/dropin.tap"
}

# The differential harness (Tests/differential/README.md): its seed and
# count (to replay), pace, associations reached and findings in the log. A
# fixed range, so that make check's verdict does not change with the day;
# make check-differential explores new ones.
differential() {
	SEED=${SEED:-20261206} tap_stage differential Tests/differential/run.sh
	grep -E '^# (DIFFERENCE|  |differential: seed|sequences run in|[0-9]+ sequences compared|kept row|.* vs .*: [0-9]+ of)|reached an established' \
		"$RESULTS/differential.tap"
}

if [ "$stages" = all ]; then
	stage "Swift unit tests (swift test)"
	swift_tests
	stage "host: ABI, header matrix, pkg-config and install"
	tap_stage host-packaging Tests/host/run.sh
	stage "host: consumers built with pkg-config, autotools, meson, CMake, C++"
	tap_stage consumers Tests/consumers/run.sh
fi
if [ "$stages" != kernel ]; then
	stage "host: C suite, checks that need no SCTP kernel"
	c_suite_host
fi
if [ "$stages" != host ]; then
	stage "kernel: C suite on a real SCTP kernel"
	c_suite_kernel '*_kernel' kernel-suite
fi
if [ "$stages" = all ]; then
	stage "kernel: Debian's own SCTP programs and dlopen runtimes, with this library substituted"
	dropin
	stage "host and kernel: the static library, libsctp.a (Tests/static)"
	tap_stage static Tests/static/run.sh
	stage "host and kernel: withsctp and checksctp against Debian's (Tests/tools)"
	tap_stage tools Tests/tools/run.sh
	stage "host and kernel: make deb's packages installed by apt in a clean Debian root, Debian's programs on them (Tests/deb)"
	deb
	stage "kernel: the differential harness, this library against lksctp 1.0.19 and 1.0.21"
	differential
fi
print_totals
