#!/usr/bin/env bash
# make check-deb-arch: Tests/deb/run.sh --install for each architecture make ARCH= cross-builds:
# its packages installed by apt in a clean bookworm root of that architecture, a program built
# there against libsctp-dev, and Debian's programs run from that root on the architecture's own
# Debian kernel (qemu-system), with ours, Debian's and ours again. Not in make check nor in
# make check-arch's rows: each architecture takes longer than a row can spare (Tests/deb/README.md).
# SCTP_DEB_ARCHS="aarch64 i686 armv7" (the default) chooses them. TAP of each in
# build/results-deb-arch/ARCH.tap; the last line is "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
. Tests/lib.sh
RESULTS=build/results-deb-arch
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
PASSED=0 FAILED=0
for arch in ${SCTP_DEB_ARCHS:-aarch64 i686 armv7}; do
	stage "$arch: Tests/deb/run.sh --install $arch"
	started=$SECONDS
	tap_stage "$arch" Tests/deb/run.sh --install "$arch"
	echo "$arch: $((SECONDS - started)) s"
done
print_totals
