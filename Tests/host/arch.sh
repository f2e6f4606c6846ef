#!/usr/bin/env bash
# Tests/host/arch.sh ARCH: the host packaging tests of make ARCH=ARCH's
# library (build/ARCH; aarch64, armv7 or i686, or this machine's own, in
# build/), next to Debian's libsctp1 of that architecture (multiarch:
# Tests/deps.sh ARCH installs it, the cross compiler and qemu-user): the
# exported symbols and their versions, SONAME, NEEDED no more than Debian's,
# no RPATH, the ELF header and build attributes, relocations, TLS and stack
# protector as Debian's, programs built against Debian's running with ours
# (under qemu-user, with the architecture's own C library), and make
# install with its .pc. Prints TAP version 13 (the plan last), like run.sh.
#
# Tests/host/arch.sh ARCH ARCH... (make check-arch-host) runs it for each,
# into build/results-arch-host/host-ARCH.tap, and ends with "N passed, N failed".
set -u
[ $# -ge 1 ] || { echo "usage: $0 ARCH... (aarch64, armv7, i686)" >&2; exit 2; }
ARCH=$1
HOST=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HOST/../.." && pwd)
. "$ROOT/Tests/lib.sh"
if [ $# -gt 1 ]; then
	RESULTS=$ROOT/build/results-arch-host
	mkdir -p "$RESULTS"
	for arch; do tap_stage "host-$arch" "$0" "$arch"; done
	print_totals
	exit
fi
export LC_ALL=C
unset LD_LIBRARY_PATH LD_PRELOAD PKG_CONFIG_PATH PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR \
	CPATH C_INCLUDE_PATH CPLUS_INCLUDE_PATH LIBRARY_PATH
cd "$ROOT" || exit 1

# Debian's multiarch directory, and the emulator, of each architecture.
if [ "$ARCH" = "$(uname -m)" ]; then
	OURS=$ROOT/build/libsctp.so.1
	DEBIAN=/usr/lib/$(gcc -dumpmachine)/libsctp.so.1
	CC=${CC:-cc}
	TARGET_EMULATOR=""
else
	case $ARCH in
	aarch64) TARGET_EMULATOR=qemu-aarch64 ;;
	armv7) TARGET_EMULATOR=qemu-arm ;;
	i686) TARGET_EMULATOR=qemu-i386 ;;
	*) echo "arch.sh: no architecture $ARCH (aarch64, armv7, i686)" >&2; exit 2 ;;
	esac
	OURS=$ROOT/build/$ARCH/libsctp.so.1
	DEBIAN=/usr/lib/$(multiarch_dir "$ARCH")/libsctp.so.1
	CC=$(gnu_type "$ARCH")-gcc
	STRIP=$(gnu_type "$ARCH")-strip
fi
MAKE_ARCH=$ARCH

tap_begin
if [ "$ARCH" != "$(uname -m)" ]; then
	install_arch "$ARCH" ||
		tap_give_up "Debian's cross compiler, libsctp1:$ARCH and qemu-user are installed" "see stderr: apt-get failed"
fi
make -s -C "$ROOT" ARCH="$ARCH" >&2 && [ -e "$OURS" ] && [ -e "$DEBIAN" ] ||
	tap_give_up "make ARCH=$ARCH builds, and Debian's libsctp1 of $ARCH is installed" \
		"see stderr: make failed, or $OURS / $DEBIAN is missing"

fresh_run_dir "$ROOT/build/host-tests/$ARCH"
# The checks (they name their scratch files after WORK).
. "$HOST/abi.sh"
. "$HOST/headers.sh"
. "$HOST/pkgconfig.sh"
keep_build_pc "$LIB_DIR"
note "$ARCH: $(file -L "$OURS" | cut -d: -f2-)"

abi_target_checks
readelf -A "$DEBIAN" | grep -q Tag_ && check abi_build_attributes_are_debians
[ -n "$TARGET_EMULATOR" ] && check abi_calls_over_udp_as_on_this_machine
pkgconfig_checks
abi_stripped_size_note

finish_tap_run "${HOST_TESTS_KEEP:-0}"
