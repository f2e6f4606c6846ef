#!/usr/bin/env bash
# Installs, through apt-get, what make check needs and this machine lacks:
# Criterion for the C suite, Debian's libsctp1/libsctp-dev as the reference the
# host tests compare against, compilers for the header matrix, and what the
# real-kernel VM is made of (Tests/vm/prepare.sh fetches the kernel itself),
# debhelper and lintian for make deb, mmdebstrap for its clean-root test;
# then lksctp 1.0.19 and 1.0.21, which make check-reference and the
# differential harness run against, into build/reference (Tests/reference/fetch.sh).
set -eu
cd "$(dirname "$0")/.."
packages="libcriterion-dev libsctp1 libsctp-dev lksctp-tools pkg-config g++ \
	autoconf automake libtool meson ninja-build cmake man-db groff-base mandoc \
	iperf3 sip-tester debhelper lintian mmdebstrap \
	qemu-system-x86 busybox-static cpio xz-utils kmod"
missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exec Tests/reference/fetch.sh
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq $missing >/dev/null 2>&1 || {
	apt-get update -qq >/dev/null
	apt-get install -y -qq $missing >/dev/null
}
Tests/reference/fetch.sh
