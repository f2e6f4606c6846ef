#!/usr/bin/env bash
# Tests/host/run.sh: the host packaging tests of libsctp.so.1, which need no
# SCTP kernel. Prints TAP version 13 on stdout (the plan last), build and
# install chatter on stderr; exits non-zero if any check failed.
#
#   abi.sh        the dynamic ABI, next to Debian's libsctp1
#   headers.sh    include/netinet/sctp.h: compile matrix, lksctp's header as reference
#   pkgconfig.sh  make install / uninstall, libsctp.pc, a pkg-config consumer
#   man.sh        man/: pages render without warnings, one per exported function, SYNOPSIS = header
#   divergences.sh DIVERGENCES.md's kept table and the C suite's KNOWN_UPSTREAM_DIVERGENCE ids agree
#
# Scratch files go to build/host-tests/run-PID (one directory per run, as
# several people may run this in the same tree at once), removed after a run
# that passed and kept after one that failed (HOST_TESTS_KEEP=1 keeps them
# always); the next run removes those of runs no longer alive.
set -u
HOST=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HOST/../.." && pwd)
WORK_ROOT=$ROOT/build/host-tests
WORK=$WORK_ROOT/run-$$
OURS=$ROOT/build/libsctp.so.1
DEBIAN=/usr/lib/x86_64-linux-gnu/libsctp.so.1
CC=${CC:-cc}
export LC_ALL=C
# What the environment may have pointed elsewhere.
unset LD_LIBRARY_PATH LD_PRELOAD PKG_CONFIG_PATH PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR \
	CPATH C_INCLUDE_PATH CPLUS_INCLUDE_PATH LIBRARY_PATH
cd "$ROOT" || exit 1
started=$(date +%s)

. "$HOST/lib.sh"
. "$HOST/abi.sh"
. "$HOST/headers.sh"
. "$HOST/pkgconfig.sh"
. "$HOST/man.sh"
. "$HOST/divergences.sh"

# What the checks use, from Debian's packages when this machine lacks it.
ensure_packages() {
	local p missing=""
	for p in libsctp1 libsctp-dev pkg-config g++ binutils perl; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	echo "installing:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -qq $missing >&2 || { apt-get update -qq >&2 && apt-get install -y -qq $missing >&2; }
}

echo "TAP version 13"
exec 3>&1

if ! ensure_packages || ! make -s -C "$ROOT" >&2 || [ ! -e "$OURS" ] || [ ! -e "$DEBIAN" ]; then
	echo "not ok 1 - the library builds and the tools and Debian's libsctp1 are installed"
	echo "# see stderr: make or apt-get failed, or $OURS / $DEBIAN is missing"
	echo "1..1"
	exit 1
fi

mkdir -p "$WORK_ROOT"
for old in "$WORK_ROOT"/run-*; do
	[ -d "$old" ] && ! kill -0 "${old##*/run-}" 2>/dev/null && rm -rf "$old"
done
rm -rf "$WORK" && mkdir -p "$WORK"

# make install may rewrite build/libsctp.pc for its PREFIX: give the tree
# back as it was, however the run ends.
cp -p "$ROOT/build/libsctp.pc" "$WORK/libsctp.pc.saved"
restore_pc() {
	[ -f "$WORK/libsctp.pc.saved" ] && ! cmp -s "$WORK/libsctp.pc.saved" "$ROOT/build/libsctp.pc" &&
		cp -p "$WORK/libsctp.pc.saved" "$ROOT/build/libsctp.pc"
	return 0
}
trap restore_pc EXIT
trap 'exit 130' INT TERM

abi_checks
header_checks
pkgconfig_checks
man_checks
divergence_checks

restore_pc
echo "# $((TAP_COUNT - TAP_FAILED)) passed, $TAP_FAILED failed, in $(($(date +%s) - started)) s"
echo "1..$TAP_COUNT"
if [ "$TAP_FAILED" -eq 0 ] && [ "${HOST_TESTS_KEEP:-0}" != 1 ]; then
	rm -rf "$WORK"
	rmdir "$WORK_ROOT" 2>/dev/null
else
	echo "# scratch files kept in $WORK" >&2
fi
[ "$TAP_FAILED" -eq 0 ]
