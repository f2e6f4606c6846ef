# Tests/host/pkgconfig.sh: make install / make uninstall and the pkg-config
# file. Sourced by run.sh (ROOT, WORK, HOST, CC).
#
# Two installs, both into build/host-tests:
#   staged: make install PREFIX=/usr DESTDIR=$STAGE  (what a distro package does)
#   prefix: make install PREFIX=$PREFIX_DIR           (paths in the .pc are real)

STAGE=$WORK/stage
PREFIX_DIR=$WORK/prefix/usr

# Files and symlinks under a directory, one "PATH TYPE [TARGET]" a line.
installed_files() {
	(cd "$1" && find . -mindepth 1 \( -type f -o -type l \) -printf '%P %y %l\n' | sed 's/ *$//' | sort)
}

# The list an install of PREFIX (relative to the root, without its leading /)
# must produce.
expected_install() {
	local p=$1
	{ printf '%s\n' \
		"$p/include/netinet/sctp.h f" \
		"$p/lib/libsctp.so l libsctp.so.1" \
		"$p/lib/libsctp.so.1 l libsctp.so.1.1.0" \
		"$p/lib/libsctp.so.1.1.0 f" \
		"$p/lib/pkgconfig/libsctp.pc f" \
		"$p/lib/libsctp.a f" \
		"$p/bin/checksctp f" \
		"$p/bin/withsctp f" \
		"$p/lib/lksctp-tools/libwithsctp.so.1 l libwithsctp.so.1.1.0" \
		"$p/lib/lksctp-tools/libwithsctp.so.1.1.0 f" \
		"$p/share/doc/libsctp/DIVERGENCES.md f"
	# Every man page of man/, in its section.
	(cd "$ROOT/man" && for page in man1/*.1 man3/*.3 man7/*.7; do echo "$p/share/man/$page f"; done)
	} | sort
}

# The installed library and header are the built ones, with their modes, and
# the divergence table is the project's.
installed_copies_are_the_build() {
	local lib=$1/lib inc=$1/include
	cmp "$LIB_DIR/libsctp.so.1.1.0" "$lib/libsctp.so.1.1.0" || return 1
	cmp "$ROOT/include/netinet/sctp.h" "$inc/netinet/sctp.h" || return 1
	[ "$(stat -c %a "$lib/libsctp.so.1.1.0")" = 755 ] || fail "library mode $(stat -c %a "$lib/libsctp.so.1.1.0")" || return 1
	[ "$(stat -c %a "$inc/netinet/sctp.h")" = 644 ] || fail "header mode $(stat -c %a "$inc/netinet/sctp.h")" || return 1
	[ "$(stat -c %a "$lib/pkgconfig/libsctp.pc")" = 644 ] || fail ".pc mode $(stat -c %a "$lib/pkgconfig/libsctp.pc")" || return 1
	cmp "$LIB_DIR/libsctp.a" "$lib/libsctp.a" || return 1
	cmp "$LIB_DIR/tools/checksctp" "$1/bin/checksctp" || return 1
	cmp "$LIB_DIR/tools/libwithsctp.so.1.1.0" "$lib/lksctp-tools/libwithsctp.so.1.1.0" || return 1
	cmp "$ROOT/DIVERGENCES.md" "$1/share/doc/libsctp/DIVERGENCES.md"
}

# The installed withsctp preloads the installed library and runs the
# installed checksctp: the paths of the install, not of the tree.
installed_withsctp_names_the_installed_files() {
	local prefix=$1 script=$2 libdir bindir
	libdir=$(sed -n 's/^LIBDIR=//p' "$script")
	bindir=$(sed -n 's/^BINDIR=//p' "$script")
	[ "$libdir" = "$prefix/lib/lksctp-tools" ] && [ "$bindir" = "$prefix/bin" ] ||
		fail "withsctp: LIBDIR=$libdir BINDIR=$bindir for PREFIX=$prefix"
}

install_staged_puts_exactly_the_artefacts_under_destdir() {
	rm -rf "$STAGE" && mkdir -p "$STAGE"
	make -s -C "$ROOT" ${MAKE_ARCH:+ARCH=$MAKE_ARCH} install PREFIX=/usr DESTDIR="$STAGE" || fail "make install failed" || return 1
	installed_files "$STAGE" >"$WORK/stage.files"
	expected_install usr >"$WORK/stage.expected"
	same_lines "$WORK/stage.expected" "$WORK/stage.files" || return 1
	installed_copies_are_the_build "$STAGE/usr" || return 1
	installed_withsctp_names_the_installed_files /usr "$STAGE/usr/bin/withsctp"
}

# pkg-config on the staged .pc; system directories are not filtered out, so
# that the paths it was made with show.
staged_pkg_config() {
	local out
	out=$(PKG_CONFIG_PATH="$STAGE/usr/lib/pkgconfig" PKG_CONFIG_LIBDIR="$STAGE/usr/lib/pkgconfig" \
		PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 PKG_CONFIG_ALLOW_SYSTEM_LIBS=1 pkg-config "$@" libsctp) || return 1
	echo $out
}

pkgconfig_modversion_is_1_1_0() {
	local v
	v=$(staged_pkg_config --modversion) || fail "pkg-config does not find libsctp" || return 1
	[ "$v" = 1.1.0 ] || fail "--modversion is '$v'"
}

pkgconfig_libs_link_lsctp_from_prefix_lib() {
	local v
	v=$(staged_pkg_config --libs) || return 1
	echo "--libs: $v"
	[[ " $v " == *" -lsctp "* ]] || fail "no -lsctp" || return 1
	[ "$v" = "-L/usr/lib -lsctp" ] || fail "expected '-L/usr/lib -lsctp' for PREFIX=/usr"
}

pkgconfig_cflags_point_at_prefix_include() {
	local v
	v=$(staged_pkg_config --cflags) || return 1
	echo "--cflags: $v"
	[ "$v" = "-I/usr/include" ] || fail "expected '-I/usr/include' for PREFIX=/usr"
}

install_prefix_puts_exactly_the_artefacts_under_prefix() {
	rm -rf "$WORK/prefix" && mkdir -p "$WORK/prefix"
	make -s -C "$ROOT" ${MAKE_ARCH:+ARCH=$MAKE_ARCH} install PREFIX="$PREFIX_DIR" || fail "make install failed" || return 1
	installed_files "$WORK/prefix" >"$WORK/prefix.files"
	expected_install usr >"$WORK/prefix.expected"
	same_lines "$WORK/prefix.expected" "$WORK/prefix.files" || return 1
	installed_copies_are_the_build "$PREFIX_DIR" || return 1
	installed_withsctp_names_the_installed_files "$PREFIX_DIR" "$PREFIX_DIR/bin/withsctp"
}

# (echo $out: one line, no trailing blank.)
prefix_pkg_config() {
	local out
	out=$(PKG_CONFIG_PATH="$PREFIX_DIR/lib/pkgconfig" pkg-config "$@" libsctp) || return 1
	echo $out
}

pkgconfig_of_prefix_install_names_its_paths() {
	local cflags libs
	cflags=$(prefix_pkg_config --cflags) && libs=$(prefix_pkg_config --libs) ||
		fail "pkg-config does not find libsctp in $PREFIX_DIR/lib/pkgconfig" || return 1
	echo "--cflags: $cflags"
	echo "--libs: $libs"
	[ "$cflags" = "-I$PREFIX_DIR/include" ] && [ "$libs" = "-L$PREFIX_DIR/lib -lsctp" ] ||
		fail "expected -I$PREFIX_DIR/include and -L$PREFIX_DIR/lib -lsctp"
}

# A consumer built only with what pkg-config says compiles against the
# installed header, links against the installed library, and runs with it.
pkgconfig_consumer_builds_and_runs_with_installed_library() {
	local d flags out lib
	d=$(scratch pkgconfig-consumer)
	flags=$(prefix_pkg_config --cflags --libs) || fail "pkg-config does not find libsctp" || return 1
	echo "cc app.c $flags"
	$CC -std=gnu11 -Wall -Wextra -Werror -H -o "$d/app" "$HOST/c/pkgconfig_app.c" $flags -Wl,--trace \
		>"$d/build.out" 2>"$d/build.err" || { cat "$d/build.err"; return 1; }
	grep -q "^\. $PREFIX_DIR/include/netinet/sctp.h\$" "$d/build.err" ||
		fail "compiled against another header: $(grep 'netinet/sctp.h' "$d/build.err")" || return 1
	grep -q "$PREFIX_DIR/lib/libsctp.so" "$d/build.out" ||
		fail "linked against another library: $(grep libsctp "$d/build.out")" || return 1
	out=$(target_run LD_LIBRARY_PATH="$PREFIX_DIR/lib" "$d/app") || fail "it failed: $out" || return 1
	echo "$out"
	lib=$(readlink -f "$PREFIX_DIR/lib/libsctp.so.1")
	[ "$(readlink -f "$(echo "$out" | sed -n 's/^using //p')")" = "$lib" ] || fail "not using $lib" || return 1
	echo "$out" | grep -qx 'sctp_getaddrlen(AF_INET) = 16' || fail "sctp_getaddrlen(AF_INET) is not 16"
}

# A static consumer: pkg-config --static gives what a -static link needs
# (the library needs nothing but libc), and the link takes the installed
# libsctp.a.
pkgconfig_static_consumer_links_the_installed_archive() {
	local d flags out
	d=$(scratch pkgconfig-static-consumer)
	flags=$(prefix_pkg_config --static --libs) || fail "pkg-config does not find libsctp" || return 1
	echo "--static --libs: $flags"
	[ "$flags" = "-L$PREFIX_DIR/lib -lsctp" ] || fail "expected -L$PREFIX_DIR/lib -lsctp" || return 1
	$CC -std=gnu11 -Wall -Wextra -Werror -static -o "$d/app" "$HOST/c/static_pkgconfig_app.c" \
		$(prefix_pkg_config --static --cflags --libs) -Wl,--trace >"$d/build.out" 2>"$d/build.err" ||
		{ cat "$d/build.err"; return 1; }
	grep -q "$PREFIX_DIR/lib/libsctp.a" "$d/build.out" ||
		fail "linked against another library: $(grep libsctp "$d/build.out")" || return 1
	out=$(target_run "$d/app") || fail "it failed: $out" || return 1
	[ "$out" = "sctp_getaddrlen(AF_INET) = 16" ] || fail "it printed: $out"
}

# make uninstall removes every file and symlink make install put there.
uninstall_staged_leaves_no_file() {
	local left
	make -s -C "$ROOT" ${MAKE_ARCH:+ARCH=$MAKE_ARCH} uninstall PREFIX=/usr DESTDIR="$STAGE" || fail "make uninstall failed" || return 1
	left=$(installed_files "$STAGE")
	[ -z "$left" ] || fail "left behind: $left"
}

uninstall_prefix_leaves_no_file() {
	local left
	make -s -C "$ROOT" ${MAKE_ARCH:+ARCH=$MAKE_ARCH} uninstall PREFIX="$PREFIX_DIR" || fail "make uninstall failed" || return 1
	left=$(installed_files "$WORK/prefix")
	[ -z "$left" ] || fail "left behind: $left"
}

pkgconfig_checks() {
	check install_staged_puts_exactly_the_artefacts_under_destdir
	check pkgconfig_modversion_is_1_1_0
	check pkgconfig_libs_link_lsctp_from_prefix_lib
	check pkgconfig_cflags_point_at_prefix_include
	check uninstall_staged_leaves_no_file
	check install_prefix_puts_exactly_the_artefacts_under_prefix
	check pkgconfig_of_prefix_install_names_its_paths
	check pkgconfig_consumer_builds_and_runs_with_installed_library
	check pkgconfig_static_consumer_links_the_installed_archive
	check uninstall_prefix_leaves_no_file
}
