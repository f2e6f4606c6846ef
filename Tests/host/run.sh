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
OURS=$ROOT/build/libsctp.so.1
DEBIAN=/usr/lib/x86_64-linux-gnu/libsctp.so.1
CC=${CC:-cc}
export LC_ALL=C
# What the environment may have pointed elsewhere.
unset LD_LIBRARY_PATH LD_PRELOAD PKG_CONFIG_PATH PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR \
	CPATH C_INCLUDE_PATH CPLUS_INCLUDE_PATH LIBRARY_PATH
cd "$ROOT" || exit 1

. "$ROOT/Tests/lib.sh"
tap_begin

ensure_packages libsctp1 libsctp-dev pkg-config g++ binutils perl && make -s -C "$ROOT" >&2 &&
	[ -e "$OURS" ] && [ -e "$DEBIAN" ] ||
	tap_give_up "the library builds and the tools and Debian's libsctp1 are installed" \
		"see stderr: make or apt-get failed, or $OURS / $DEBIAN is missing"

fresh_run_dir "$ROOT/build/host-tests"
keep_build_pc
# The checks (they name their scratch files after WORK).
. "$HOST/abi.sh"
. "$HOST/headers.sh"
. "$HOST/pkgconfig.sh"
. "$HOST/man.sh"
. "$HOST/divergences.sh"

abi_checks
header_checks
pkgconfig_checks
man_checks
divergence_checks

finish_tap_run "${HOST_TESTS_KEEP:-0}"
