#!/usr/bin/env bash
# Installs, through apt-get, what make check needs and this machine lacks:
# Criterion for the C suite, Debian's libsctp1/libsctp-dev as the reference the
# host tests compare against, compilers for the header matrix, and what the
# real-kernel VM is made of (Tests/vm/prepare.sh fetches the kernel itself),
# nc and socat for withsctp's tests, debhelper and lintian for make deb, mmdebstrap for its clean-root test;
# then lksctp 1.0.19 and 1.0.21, which make check-reference and the
# differential harness run against, into build/reference (Tests/reference/fetch.sh).
#
# Tests/deps.sh ARCH... (aarch64 armv7 i686) installs instead what make
# ARCH=ARCH and the host tests of that build need (install_arch, Tests/lib.sh).
set -eu
cd "$(dirname "$0")/.."
. Tests/lib.sh
if [ $# -gt 0 ]; then
	for arch; do install_arch "$arch"; done
	exit 0
fi
ensure_packages libcriterion-dev libsctp1 libsctp-dev lksctp-tools pkg-config g++ \
	autoconf automake libtool meson ninja-build cmake man-db groff-base mandoc \
	iperf3 sip-tester netcat-openbsd socat debhelper lintian mmdebstrap \
	qemu-system-x86 busybox-static cpio xz-utils kmod
Tests/reference/fetch.sh
