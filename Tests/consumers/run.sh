#!/usr/bin/env bash
# Tests/consumers/run.sh: libsctp as the build systems of its consumers find
# it. Needs no SCTP kernel. `make install PREFIX=<scratch>/prefix/usr`, then
# one tiny consumer built with each of
#
#   cc $(pkg-config --cflags --libs libsctp)
#   autotools: AC_SEARCH_LIBS([sctp_bindx], [sctp]) with CPPFLAGS/LDFLAGS
#   autotools: PKG_CHECK_MODULES([SCTP], [libsctp >= 1.0.17]), linked by libtool
#   meson:     dependency('libsctp')
#   CMake:     pkg_check_modules(SCTP REQUIRED IMPORTED_TARGET libsctp)
#   g++ and clang++, C++17, with pkg-config's flags
#
# and run (src/consumer.c, src/consumer.cpp): each must have compiled against
# the installed header (its dependency file says which), and must run with
# the installed library (dladdr says which file sctp_getaddrlen came from),
# where this library's answers hold: sctp_getaddrlen 16 and 28, sctp_bindx and
# sctp_sendx with a NULL list -1 with EFAULT (lksctp crashes, and has no
# sctp_sendx). A program runs with LD_LIBRARY_PATH=<prefix>/usr/lib, and,
# when its build system gave it a RUNPATH, without it too.
#
# Installs what it lacks through apt-get (autoconf automake libtool meson
# ninja-build cmake pkg-config g++ libsctp-dev; clang when no clang++ is
# found). Prints TAP version 13 on stdout (the plan last); each consumer's
# build log goes to build/consumers/logs/NAME.log. Scratch files go to
# build/consumers/run-PID, removed after a run that passed (CONSUMERS_KEEP=1
# keeps them). Exits non-zero if any check failed.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CC=${CC:-cc}
export LC_ALL=C
# What the environment may have pointed elsewhere.
unset LD_LIBRARY_PATH LD_PRELOAD PKG_CONFIG_PATH PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR \
	CPATH C_INCLUDE_PATH CPLUS_INCLUDE_PATH LIBRARY_PATH CPPFLAGS CFLAGS CXXFLAGS LDFLAGS LIBS \
	CMAKE_PREFIX_PATH CMAKE_GENERATOR
cd "$ROOT" || exit 1

. "$ROOT/Tests/lib.sh"

CXX_CLANG=$(command -v clang++ || echo /opt/swift/usr/bin/clang++)

tap_begin

clang=""
command -v clang++ >/dev/null || [ -x /opt/swift/usr/bin/clang++ ] || clang=clang
ensure_packages autoconf automake libtool meson ninja-build cmake pkg-config g++ libsctp-dev binutils make $clang &&
	make -s -C "$ROOT" >&2 && [ -e "$ROOT/build/libsctp.so.1" ] ||
	tap_give_up "the library builds and the build systems are installed" "see stderr: make or apt-get failed"

fresh_run_dir "$ROOT/build/consumers"
LOGS=$WORK/logs
PREFIX_DIR=$WORK/prefix/usr
PC_DIR=$PREFIX_DIR/lib/pkgconfig
mkdir -p "$LOGS"
keep_build_pc

# --- helpers -------------------------------------------------------------------

# step NAME COMMAND...: one build step of consumer NAME, its output appended
# to its log; on failure, the command and the end of its output.
step() {
	local log=$LOGS/$1.log
	shift
	echo "\$ $*" >>"$log"
	"$@" >>"$log" 2>&1 && return 0
	echo "failed: $*"
	tail -n 9 "$log"
	return 1
}

# log_has NAME PATTERN WHY: consumer NAME's log has a line matching PATTERN
# (grep's basic regular expression), else the check fails with WHY.
log_has() {
	grep -q -- "$2" "$LOGS/$1.log" || fail "$3"
}

# built_right NAME BINARY DEPS: consumer NAME was compiled against the
# installed header (DEPS: its dependency information) and BINARY runs with
# the installed library.
built_right() {
	compiled_against_installed_header "$3" || return 1
	runs_with_installed_library "$1" "$2"
}

# ninja_builds_and_runs NAME DIR: ninja builds DIR/build against the
# installed header, and its consumer runs with the installed library.
ninja_builds_and_runs() {
	local name=$1 d=$2
	step "$name" ninja -C "$d/build" || return 1
	ninja -C "$d/build" -t deps >"$d/deps.txt" || return 1
	built_right "$name" "$d/build/consumer" "$d/deps.txt"
}

# autotools_configure NAME CONFIGURE...: in a fresh project NAME (the shell
# stays in it), autoreconf, then CONFIGURE... . m4 is where libtool's macros
# go when configure.ac names it (AC_CONFIG_MACRO_DIRS).
autotools_configure() {
	local name=$1 d
	shift
	d=$(project "$name") && cd "$d" && mkdir -p m4 || return 1
	step "$name" autoreconf -fi || return 1
	step "$name" "$@"
}

# make_builds_and_runs NAME: make builds the configured project in this
# directory against the installed header (its .deps say), and its consumer
# runs with the installed library.
make_builds_and_runs() {
	step "$1" make || return 1
	built_right "$1" "$PWD/consumer" <(cat .deps/*.Po)
}

# project NAME: a fresh copy of projects/NAME (when there is one) with the
# consumer's source, in $WORK/NAME; prints the directory.
project() {
	local d=$WORK/$1
	rm -rf "$d" && mkdir -p "$d" || return 1
	[ ! -d "$HERE/projects/$1" ] || cp -R "$HERE/projects/$1/." "$d/" || return 1
	cp "$HERE/src/consumer.c" "$HERE/src/consumer.cpp" "$d/" && echo "$d"
}

# compiled_against_installed_header FILE: the build's dependency information
# (a .d file, or ninja -t deps) names the installed netinet/sctp.h and no other.
compiled_against_installed_header() {
	local seen
	seen=$(grep -o '[^ :]*netinet/sctp\.h' "$1" | sort -u)
	[ "$seen" = "$PREFIX_DIR/include/netinet/sctp.h" ] ||
		fail "compiled against '${seen:-no netinet/sctp.h}', not $PREFIX_DIR/include/netinet/sctp.h"
}

# library_it_ran_with OUTPUT: the file the consumer said sctp_getaddrlen
# came from, with its symlinks resolved.
library_it_ran_with() {
	local lib
	lib=$(sed -n 's/^library: //p' <<<"$1")
	[ -n "$lib" ] && readlink -f "$lib"
}

# runs_with_installed_library NAME BINARY: the consumer passes its own checks
# with the installed library; with LD_LIBRARY_PATH, and without it when the
# build system gave the program a run path.
runs_with_installed_library() {
	local name=$1 bin=$2 lib runpath
	ran_with_installed_library "$name" "run with LD_LIBRARY_PATH=$PREFIX_DIR/lib" \
		env LD_LIBRARY_PATH="$PREFIX_DIR/lib" "$bin" || return 1
	case $lib in /usr/lib/* | /lib/*) fail "ran with the system's $lib" || return 1 ;; esac
	runpath=$(readelf -d "$bin" | sed -n 's/.*(R\(UN\)\{0,1\}PATH).*\[\(.*\)\]$/\2/p')
	if [ -z "$runpath" ]; then
		note "$name: no RUNPATH; runs with LD_LIBRARY_PATH: ${lib/$WORK/<scratch>}"
		return 0
	fi
	ran_with_installed_library "$name" "without LD_LIBRARY_PATH, RUNPATH $runpath" "$bin" || return 1
	note "$name: RUNPATH ${runpath/$WORK/<scratch>}; runs with and without LD_LIBRARY_PATH: ${lib/$WORK/<scratch>}"
}

# ran_with_installed_library NAME HOW COMMAND...: COMMAND, the consumer run as
# HOW says, exits 0 and ran with the installed library (its path left in the
# caller's lib); its output goes to consumer NAME's log.
ran_with_installed_library() {
	local name=$1 how=$2 want out status
	shift 2
	want=$(readlink -f "$PREFIX_DIR/lib/libsctp.so.1.1.0")
	out=$("$@" 2>&1)
	status=$?
	echo "($how)" >>"$LOGS/$name.log"
	echo "$out" >>"$LOGS/$name.log"
	[ "$status" -eq 0 ] || fail "$how: status $status" "$out" || return 1
	lib=$(library_it_ran_with "$out")
	[ "$lib" = "$want" ] || fail "$how: ran with '$lib', not $want"
}

# --- checks --------------------------------------------------------------------

make_install_into_a_temporary_prefix() {
	make -s -C "$ROOT" install PREFIX="$PREFIX_DIR" || fail "make install PREFIX=$PREFIX_DIR failed" || return 1
	cmp "$ROOT/build/libsctp.so.1.1.0" "$PREFIX_DIR/lib/libsctp.so.1.1.0" || return 1
	[ "$(readlink -f "$PREFIX_DIR/lib/libsctp.so")" = "$PREFIX_DIR/lib/libsctp.so.1.1.0" ] ||
		fail "lib/libsctp.so does not lead to lib/libsctp.so.1.1.0" || return 1
	cmp "$ROOT/include/netinet/sctp.h" "$PREFIX_DIR/include/netinet/sctp.h" || return 1
	[ -f "$PC_DIR/libsctp.pc" ] || fail "no $PC_DIR/libsctp.pc"
}

pkg_config_finds_the_installed_libsctp() {
	local version cflags libs
	version=$(PKG_CONFIG_PATH=$PC_DIR pkg-config --modversion libsctp) &&
		cflags=$(PKG_CONFIG_PATH=$PC_DIR pkg-config --cflags libsctp) &&
		libs=$(PKG_CONFIG_PATH=$PC_DIR pkg-config --libs libsctp) || fail "pkg-config does not find libsctp" || return 1
	echo "version $version; --cflags $cflags; --libs $libs"
	[ "$version" = 1.1.0 ] || fail "version $version, not 1.1.0" || return 1
	PKG_CONFIG_PATH=$PC_DIR pkg-config --atleast-version=1.0.17 libsctp || fail "not >= 1.0.17" || return 1
	[ "$(echo $cflags)" = "-I$PREFIX_DIR/include" ] || fail "--cflags: $cflags" || return 1
	[ "$(echo $libs)" = "-L$PREFIX_DIR/lib -lsctp" ] || fail "--libs: $libs"
}

# The control of the header checks: lksctp's own header (Debian's
# libsctp-dev, in /usr/include) fails to compile the consumer, at its
# reference to sctp_sendx. So a consumer that compiles has had ours.
consumer_rejects_lksctps_header() {
	local d
	d=$(project lksctp-header) || return 1
	[ -f /usr/include/netinet/sctp.h ] || fail "no /usr/include/netinet/sctp.h (libsctp-dev)" || return 1
	if "$CC" -std=gnu11 -c -o "$d/consumer.o" "$d/consumer.c" >"$d/build.log" 2>&1; then
		fail "consumer.c compiles against /usr/include/netinet/sctp.h: its header checks prove nothing"
		return 1
	fi
	grep -q "sctp_sendx" "$d/build.log" || fail "it failed, but not at sctp_sendx:" "$(head -n 5 "$d/build.log")"
}

plain_cc_with_pkg_config() {
	local d flags
	d=$(project plain-cc) || return 1
	flags=$(PKG_CONFIG_PATH=$PC_DIR pkg-config --cflags --libs libsctp) || fail "pkg-config failed" || return 1
	step plain-cc "$CC" -std=gnu11 -Wall -Wextra -Werror -pedantic -MD -MF "$d/consumer.d" \
		-DCONSUMER_BUILD='"cc $(pkg-config --cflags --libs libsctp)"' \
		-o "$d/consumer" "$d/consumer.c" $flags || return 1
	compiled_against_installed_header "$d/consumer.d" || return 1
	runs_with_installed_library plain-cc "$d/consumer"
}

autotools_ac_search_libs() {
	autotools_configure autotools-search ./configure CPPFLAGS="-I$PREFIX_DIR/include" LDFLAGS="-L$PREFIX_DIR/lib" ||
		return 1
	log_has autotools-search '^checking for library containing sctp_bindx... -lsctp$' \
		"configure did not find sctp_bindx in -lsctp" || return 1
	log_has autotools-search '^checking for sctp_sendx and sctp_peeloff_flags through <netinet/sctp.h>... yes$' \
		"configure did not find sctp_sendx through the header" || return 1
	# The plain name is only a non-default version: nothing that declares
	# it itself, as AC_CHECK_FUNCS does, links to ours.
	log_has autotools-search '^checking for sctp_sendx... no$' \
		"AC_CHECK_FUNCS found sctp_sendx: the plain name binds" || return 1
	make_builds_and_runs autotools-search
}

autotools_pkg_check_modules_with_libtool() {
	autotools_configure autotools-pkg env PKG_CONFIG_PATH="$PC_DIR" ./configure || return 1
	log_has autotools-pkg '^checking for libsctp >= 1.0.17... yes$' \
		"PKG_CHECK_MODULES did not find libsctp >= 1.0.17" || return 1
	make_builds_and_runs autotools-pkg
}

meson_dependency() {
	local d
	d=$(project meson) || return 1
	step meson env PKG_CONFIG_PATH="$PC_DIR" meson setup "$d/build" "$d" || return 1
	log_has meson "Run-time dependency libsctp found: YES 1.1.0" "meson did not find libsctp 1.1.0" || return 1
	ninja_builds_and_runs meson "$d"
}

cmake_pkg_check_modules_imported_target() {
	local d
	d=$(project cmake) || return 1
	step cmake env PKG_CONFIG_PATH="$PC_DIR" cmake -G Ninja -S "$d" -B "$d/build" || return 1
	log_has cmake "Checking for module 'libsctp>=1.0.17'" "pkg_check_modules did not find libsctp 1.1.0" &&
		log_has cmake "-- *Found libsctp, version 1.1.0" "pkg_check_modules did not find libsctp 1.1.0" || return 1
	ninja_builds_and_runs cmake "$d"
}

# cxx_with_pkg_config NAME COMPILER
cxx_with_pkg_config() {
	local name=$1 cxx=$2 d flags
	command -v "$cxx" >/dev/null || fail "no $cxx" || return 1
	d=$(project "$name") || return 1
	flags=$(PKG_CONFIG_PATH=$PC_DIR pkg-config --cflags --libs libsctp) || fail "pkg-config failed" || return 1
	step "$name" "$cxx" -std=c++17 -Wall -Wextra -Werror -pedantic -MD -MF "$d/consumer.d" \
		-DCONSUMER_BUILD="\"$name\"" -o "$d/consumer" "$d/consumer.cpp" $flags || return 1
	compiled_against_installed_header "$d/consumer.d" || return 1
	runs_with_installed_library "$name" "$d/consumer"
}

check make_install_into_a_temporary_prefix
check pkg_config_finds_the_installed_libsctp
check consumer_rejects_lksctps_header
check plain_cc_with_pkg_config
check autotools_ac_search_libs
check autotools_pkg_check_modules_with_libtool
check meson_dependency
check cmake_pkg_check_modules_imported_target
check_as cxx_gxx_cxx17_with_pkg_config cxx_with_pkg_config g++ g++
check_as cxx_clangxx_cxx17_with_pkg_config cxx_with_pkg_config clang++ "$CXX_CLANG"

# The logs of the last run that finished, where the header says.
rm -rf "$WORK_ROOT/logs" && cp -R "$LOGS" "$WORK_ROOT/logs"
finish_tap_run "${CONSUMERS_KEEP:-0}"
