# Tests/host/abi.sh: the dynamic ABI of build/libsctp.so.1, alone and next to
# Debian's libsctp1 (the reference it replaces). Sourced by run.sh, which sets
# ROOT, WORK, OURS (build/libsctp.so.1, absolute), DEBIAN (Debian's
# libsctp.so.1), HOST (this directory) and CC.

# The defined dynamic symbols, one name a line, as nm -D prints them
# (name@@VERSION for a default version, name@VERSION for a hidden one).
defined_symbols() { nm -D --defined-only "$1" | awk 'NF >= 3 { print $3 }' | sort -u; }

# The expected list without its comments and blank lines.
expected_symbols() { sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$HOST/expected-symbols.txt" | sort -u; }

abi_soname_is_libsctp_so_1() {
	local soname
	soname=$(readelf -d "$OURS" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
	[ "$soname" = libsctp.so.1 ] || fail "SONAME is '$soname'"
}

abi_needed_is_exactly_libc() {
	local needed
	needed=$(readelf -d "$OURS" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
	[ "$needed" = "libc.so.6 " ] || fail "NEEDED: $needed"
}

abi_has_no_rpath_or_runpath() {
	! readelf -d "$OURS" | grep -E '\((RPATH|RUNPATH)\)'
}

abi_ldd_shows_only_libc() {
	local out others
	out=$(ldd "$OURS") || fail "ldd failed: $out" || return 1
	echo "$out" | grep -q '^[[:space:]]*libc\.so\.6 => /' || fail "no libc.so.6 in: $out" || return 1
	others=$(echo "$out" | grep -vE '^[[:space:]]*(linux-vdso\.so\.1|libc\.so\.6 =>|/lib(64|/x86_64-linux-gnu)?/ld-linux[^ ]*\.so\.[0-9])')
	[ -z "$others" ] || fail "ldd lists more than libc: $others"
}

abi_exports_exactly_expected_symbols() {
	defined_symbols "$OURS" >"$WORK/ours.syms"
	expected_symbols >"$WORK/expected.syms"
	[ -s "$WORK/expected.syms" ] || fail "Tests/host/expected-symbols.txt lists nothing" || return 1
	same_lines "$WORK/expected.syms" "$WORK/ours.syms"
}

abi_sctp_connectx_has_debians_four_versions() {
	local ours debian
	ours=$(defined_symbols "$OURS" | grep -E '^sctp_connectx(@|$)')
	debian=$(defined_symbols "$DEBIAN" | grep -E '^sctp_connectx(@|$)')
	echo "Debian's: $(echo $debian)"
	echo "ours:     $(echo $ours)"
	[ "$(echo "$debian" | wc -l)" -eq 4 ] || fail "Debian's should have 4 faces" || return 1
	[ "$ours" = "$debian" ]
}

# "NODE PARENT" per version definition ("NODE -" for none; BASE is the file).
version_definitions() {
	readelf -V "$1" | awk '
		/^Version definition section/ { on = 1; next }
		/^Version (needs|symbols) section/ { on = 0 }
		on && /Name:/ {
			if (name != "") print name, parent
			name = $NF; parent = "-"
			if ($0 ~ /Flags: BASE/) parent = "BASE"
		}
		on && /Parent 1:/ { parent = $NF }
		END { if (name != "") print name, parent }'
}

abi_version_nodes_chain_vers1_to_vers4() {
	version_definitions "$OURS" >"$WORK/ours.verdefs"
	printf '%s\n' "libsctp.so.1 BASE" "VERS_1 -" "VERS_2 VERS_1" "VERS_3 VERS_2" "VERS_4 VERS_3" \
		>"$WORK/expected.verdefs"
	same_lines "$WORK/expected.verdefs" "$WORK/ours.verdefs" || return 1
	# Debian's nodes are ours less VERS_4: the same names, the same parents.
	version_definitions "$DEBIAN" | sort >"$WORK/debian.verdefs"
	grep -v '^VERS_4 ' "$WORK/ours.verdefs" | sort | diff - "$WORK/debian.verdefs" ||
		fail "version nodes differ from Debian's (besides VERS_4)"
}

# Every symbol of ours that Debian's library exports too carries exactly the
# same version(s) there; what Debian exports and we do not yet is only noted.
abi_shared_symbols_have_debians_versions() {
	local name ours debian bad=0 missing=""
	defined_symbols "$DEBIAN" >"$WORK/debian.syms"
	for name in $(expected_symbols | grep -v '^VERS_' | sed 's/@.*//' | sort -u); do
		debian=$(grep -E "^$name(@|\$)" "$WORK/debian.syms" | tr '\n' ' ')
		[ -n "$debian" ] || continue
		ours=$(defined_symbols "$OURS" | grep -E "^$name(@|\$)" | tr '\n' ' ')
		if [ "$ours" != "$debian" ]; then
			echo "$name: Debian's [$debian] ours [$ours]"
			bad=1
		fi
	done
	for name in $(grep -v '^VERS_' "$WORK/debian.syms" | sed 's/@.*//' | sort -u); do
		expected_symbols | grep -qE "^$name(@|\$)" || missing="$missing $name"
	done
	[ -z "$missing" ] || note "exported by Debian's libsctp1, not (yet) by ours:$missing"
	return $bad
}

# Every function include/netinet/sctp.h declares is in the library, under
# its name and its asm label if it has one, and every function the library
# exports is declared there.
abi_header_declares_exactly_the_exported_functions() {
	{
		prototypes_of "$ROOT/include/netinet/sctp.h" | sed 's/.*\(sctp_[A-Za-z0-9_]*\)(.*/\1/'
		asm_labels_of "$ROOT/include/netinet/sctp.h" | awk '{ print $2 }'
	} | sort -u >"$WORK/declared.funcs"
	[ -s "$WORK/declared.funcs" ] || fail "found no prototype in include/netinet/sctp.h" || return 1
	defined_symbols "$OURS" | grep -v '^VERS_' | sed 's/@.*//' | sort -u >"$WORK/exported.funcs"
	echo "(missing: declared, not exported; unexpected: exported, not declared)"
	same_lines "$WORK/declared.funcs" "$WORK/exported.funcs"
}

abi_undefined_symbols_all_from_glibc() {
	# The weak, unversioned references crt files put in every shared object.
	local crt='^(_ITM_deregisterTMCloneTable|_ITM_registerTMCloneTable|__gmon_start__)$'
	local bad
	bad=$(nm -D --undefined-only "$OURS" | awk '{ print $1, $2 }' | while read -r kind name; do
		case $name in
		*@GLIBC_[0-9]*) ;;
		*) if [ "$kind" = w ] && [[ $name =~ $crt ]]; then :; else echo "$kind $name"; fi ;;
		esac
	done)
	[ -z "$bad" ] || fail "undefined, not from GLIBC_*: $bad"
}

# Built against Debian's header and library, so what it asks the dynamic
# linker for is exactly what lksctp's users' binaries ask for.
build_debian_linked_program() {
	local d=$1
	$CC -std=gnu11 -Wall -Wextra -Werror -fPIE -pie -o "$d/prog" "$HOST/c/bound_library.c" -lsctp ||
		fail "could not build against Debian's libsctp" || return 1
	readelf -d "$d/prog" | grep -qE '\((RPATH|RUNPATH)\)' && fail "the program has an RPATH" && return 1
	[ "$(readlink -f "$(env -u LD_LIBRARY_PATH ldd "$d/prog" | awk '$1 == "libsctp.so.1" { print $3 }')")" = \
		"$(readlink -f "$DEBIAN")" ] || fail "the program did not resolve to Debian's: $(ldd "$d/prog")"
}

abi_debian_linked_program_requires_connectx_vers_3() {
	local d refs
	d=$(scratch debian-linked-refs) && build_debian_linked_program "$d" || return 1
	refs=$(nm -D --undefined-only "$d/prog" | awk '/sctp_/ { print $2 }' | sort | tr '\n' ' ')
	echo "the program needs: $refs"
	[ "$refs" = "sctp_bindx@VERS_1 sctp_connectx@VERS_3 " ]
}

abi_debian_linked_program_runs_with_ours() {
	local d out lib
	d=$(scratch debian-linked-ours) && build_debian_linked_program "$d" || return 1
	out=$(LD_LIBRARY_PATH="$ROOT/build" "$d/prog") || fail "it failed: $out" || return 1
	echo "$out"
	lib=$(readlink -f "$OURS")
	for f in sctp_bindx sctp_connectx; do
		[ "$(readlink -f "$(echo "$out" | awk -v f=$f '$1 == f { print $2 }')")" = "$lib" ] ||
			fail "$f is not bound to $lib" || return 1
	done
	echo "$out" | grep -qx 'sctp_connectx_is_VERS_3 1' || fail "sctp_connectx is not our VERS_3 face"
}

# The control of the one above: without LD_LIBRARY_PATH the same binary runs
# with Debian's, so the check above does tell the two apart.
abi_debian_linked_program_runs_with_debians_without_ld_library_path() {
	local d out
	d=$(scratch debian-linked-debian) && build_debian_linked_program "$d" || return 1
	out=$(env -u LD_LIBRARY_PATH "$d/prog") || fail "it failed: $out" || return 1
	[ "$(readlink -f "$(echo "$out" | awk '$1 == "sctp_bindx" { print $2 }')")" = "$(readlink -f "$DEBIAN")" ] ||
		fail "not bound to Debian's: $out"
}

# Runs c/connectx_versions.c against the library LIB_DIR provides (or the
# system's when empty) and checks what dlvsym finds against nm -D of FILE;
# PEELOFF_FLAGS says whether sctp_peeloff_flags@VERS_4 should be found.
connectx_versions_match() {
	local lib_dir=$1 file=$2 peeloff_flags=$3 d out v expect
	d=$(scratch "connectx-versions-$(basename "$(dirname "$file")")")
	$CC -std=gnu11 -Wall -Wextra -Werror -o "$d/prog" "$HOST/c/connectx_versions.c" -ldl ||
		fail "could not build c/connectx_versions.c" || return 1
	if [ -n "$lib_dir" ]; then
		out=$(LD_LIBRARY_PATH="$lib_dir" "$d/prog")
	else
		out=$(env -u LD_LIBRARY_PATH "$d/prog")
	fi || fail "it failed: $out" || return 1
	echo "$out"
	got() { echo "$out" | awk -v k="$1" '$1 == k { print $2 }'; }
	nm_off() { nm -D --defined-only "$file" | awk -v s="$1" '$3 == s { sub(/^0+/, "", $1); print $1 }'; }
	[ "$(readlink -f "$(got file)")" = "$(readlink -f "$file")" ] || fail "dlopen loaded $(got file)" || return 1
	for v in VERS_1 VERS_2 VERS_3; do
		[ "$(got $v)" != none ] || fail "dlvsym(sctp_connectx, $v) is NULL" || return 1
	done
	[ "$(got VERS_1)" != "$(got VERS_2)" ] && [ "$(got VERS_2)" != "$(got VERS_3)" ] &&
		[ "$(got VERS_1)" != "$(got VERS_3)" ] || fail "the faces are not distinct" || return 1
	# glibc's dlsym (no version) takes an unversioned base definition over
	# the @@ default: lksctp's binary answers VERS_1 here, and so must ours.
	[ "$(got dlsym)" = "$(got VERS_1)" ] || fail "dlsym does not give the unversioned base" || return 1
	[ "$(got VERS_4)" = none ] || fail "sctp_connectx has a VERS_4 face" || return 1
	# VERS_1 is the unversioned base; each face is where nm -D puts it.
	for v in "VERS_1 sctp_connectx" "VERS_1 sctp_connectx@VERS_1" "VERS_2 sctp_connectx@VERS_2" \
		"VERS_3 sctp_connectx@@VERS_3"; do
		set -- $v
		expect=$(nm_off "$2")
		[ -n "$expect" ] && [ "$(got "$1")" = "$expect" ] ||
			fail "dlvsym $1 at $(got "$1"), nm -D has $2 at '$expect'" || return 1
	done
	if [ "$peeloff_flags" = yes ]; then
		[ "$(got peeloff_flags_VERS_4)" != none ] || fail "dlvsym(sctp_peeloff_flags, VERS_4) is NULL"
	else
		[ "$(got peeloff_flags_VERS_4)" = none ] || fail "dlvsym(sctp_peeloff_flags, VERS_4) found"
	fi
}

abi_dlvsym_connectx_faces_of_ours() {
	connectx_versions_match "$ROOT/build" "$OURS" yes
}

# The same program and expectations hold on Debian's (the reference), which
# lacks sctp_peeloff_flags.
abi_dlvsym_connectx_faces_of_debians_alike() {
	connectx_versions_match "" "$DEBIAN" no
}

abi_peeloff_flags_links_against_ours() {
	local d out
	d=$(scratch peeloff-ours)
	$CC -std=gnu11 -Wall -Wextra -Werror -I"$ROOT/include" -o "$d/prog" "$HOST/c/peeloff_flags.c" \
		-L"$ROOT/build" -lsctp || fail "does not link with -L build -lsctp" || return 1
	nm -D --undefined-only "$d/prog" | grep -q ' __libsctp_peeloff_flags@VERS_4$' ||
		fail "the program does not ask for __libsctp_peeloff_flags@VERS_4" || return 1
	out=$(LD_LIBRARY_PATH="$ROOT/build" "$d/prog") || fail "it failed: $out"
}

# --- sctp_sendx and sctp_peeloff_flags: ours, and another library's --------
# lksctp exports neither, so other libraries define their own (Debian's
# librsplib has its sctp_sendx). Their plain names are only non-default
# versions here (sctp_sendx@VERS_4), which an unversioned reference never
# binds to; this library's header calls them __libsctp_sendx and
# __libsctp_peeloff_flags, exported at VERS_4.

# The plain names only as non-default versions, the header's names as the
# default ones, at the same addresses.
abi_additions_plain_names_are_only_non_default_versions() {
	local f plain label
	for f in sctp_sendx sctp_peeloff_flags; do
		plain=$(nm -D --defined-only "$OURS" | awk -v s="$f@VERS_4" '$3 == s { print $1 }')
		label=$(nm -D --defined-only "$OURS" | awk -v s="__lib${f}@@VERS_4" '$3 == s { print $1 }')
		[ -n "$plain" ] || fail "no $f@VERS_4" || return 1
		[ -n "$label" ] || fail "no __lib${f}@@VERS_4" || return 1
		[ "$plain" = "$label" ] || fail "$f@VERS_4 at $plain, __lib${f}@@VERS_4 at $label" || return 1
		! nm -D --defined-only "$OURS" | awk '{ print $3 }' | grep -qE "^$f(@@|\$)" ||
			fail "$f has a default version or none" || return 1
	done
	asm_labels_of "$ROOT/include/netinet/sctp.h" | sort >"$WORK/labels"
	printf '%s\n' "sctp_peeloff_flags __libsctp_peeloff_flags" "sctp_sendx __libsctp_sendx" |
		diff - "$WORK/labels" || fail "the header's asm labels differ"
}

# The library of own_additions.c and its program, in directory D.
build_own_additions() {
	local d=$1
	$CC -std=gnu11 -Wall -Wextra -Werror -shared -fPIC -Wl,-soname,libown.so -o "$d/libown.so" \
		"$HOST/c/own_additions.c" || fail "could not build c/own_additions.c" || return 1
	nm -D --defined-only "$d/libown.so" | grep -q ' sctp_sendx$' ||
		fail "libown.so does not export an unversioned sctp_sendx" || return 1
}

# own_markers_reached OUTPUT BINDINGS: the library's calls came back with its
# markers, and the dynamic linker bound them to the library itself.
own_markers_reached() {
	local out=$1 bindings=$2 f
	echo "$out"
	echo "$out" | grep -qx 'own_send 4242' || fail "its sctp_sendx call reached another definition" || return 1
	echo "$out" | grep -qx 'own_peeloff 4343' ||
		fail "its sctp_peeloff_flags call reached another definition" || return 1
	for f in sctp_sendx sctp_peeloff_flags; do
		grep -E "binding file [^ ]*libown\.so .* symbol \`$f'" "$bindings" | grep -q "to [^ ]*libown\.so " ||
			fail "LD_DEBUG=bindings: $(grep "\`$f'" "$bindings")" || return 1
	done
}

# Under LD_PRELOAD ours comes first in every lookup.
abi_another_librarys_sctp_sendx_is_its_own_with_ours_preloaded() {
	local d out
	d=$(scratch own-additions-preload) && build_own_additions "$d" || return 1
	$CC -std=gnu11 -Wall -Wextra -Werror -o "$d/prog" "$HOST/c/own_additions_user.c" -L"$d" -lown ||
		fail "could not build the program" || return 1
	out=$(LD_DEBUG=bindings LD_DEBUG_OUTPUT="$d/bindings" LD_PRELOAD="$OURS" LD_LIBRARY_PATH="$d" "$d/prog") ||
		fail "it failed: $out" || return 1
	cat "$d"/bindings.* >"$d/bindings.all" 2>/dev/null
	grep -q "to $OURS " "$d/bindings.all" || grep -q "libsctp.so.1" "$d/bindings.all" ||
		fail "ours was not loaded" || return 1
	own_markers_reached "$out" "$d/bindings.all"
}

# A program linked with ours before the library (-lsctp -lown): ours comes
# first in the search scope, as for librsplib's programs under
# LD_LIBRARY_PATH or a system install.
abi_another_librarys_sctp_sendx_is_its_own_with_ours_linked_first() {
	local d out
	d=$(scratch own-additions-linked) && build_own_additions "$d" || return 1
	$CC -std=gnu11 -Wall -Wextra -Werror -o "$d/prog" "$HOST/c/own_additions_user.c" -Wl,--no-as-needed \
		-L"$ROOT/build" -lsctp -L"$d" -lown || fail "could not build the program" || return 1
	readelf -d "$d/prog" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | head -n 2 | tr '\n' ' ' |
		grep -qx 'libsctp.so.1 libown.so ' || fail "NEEDED: $(readelf -d "$d/prog" | grep NEEDED)" || return 1
	out=$(LD_DEBUG=bindings LD_DEBUG_OUTPUT="$d/bindings" LD_LIBRARY_PATH="$ROOT/build:$d" "$d/prog") ||
		fail "it failed: $out" || return 1
	cat "$d"/bindings.* >"$d/bindings.all" 2>/dev/null
	grep -q "$ROOT/build/libsctp.so.1" "$d/bindings.all" || fail "ours was not loaded" || return 1
	own_markers_reached "$out" "$d/bindings.all"
}

# The control of the two above: a libsctp.so.1 exporting the plain names as
# default versions (sctp_sendx@@VERS_4, as this library did) takes the
# library's calls, so those checks do tell the two exports apart.
abi_another_librarys_sctp_sendx_is_taken_by_default_versions() {
	local d out
	d=$(scratch own-additions-control) && build_own_additions "$d" || return 1
	mkdir -p "$d/old" && printf 'VERS_4 { global: sctp_sendx; sctp_peeloff_flags; local: *; };\n' >"$d/old.map"
	$CC -std=gnu11 -Wall -Wextra -Werror -shared -fPIC -Wl,-soname,libsctp.so.1 -Wl,--version-script="$d/old.map" \
		-o "$d/old/libsctp.so.1" "$HOST/c/additions_old_abi.c" || fail "could not build the stand-in" || return 1
	nm -D --defined-only "$d/old/libsctp.so.1" | grep -q ' sctp_sendx@@VERS_4$' || fail "no sctp_sendx@@VERS_4" ||
		return 1
	$CC -std=gnu11 -Wall -Wextra -Werror -o "$d/prog" "$HOST/c/own_additions_user.c" -L"$d" -lown ||
		fail "could not build the program" || return 1
	out=$(LD_PRELOAD="$d/old/libsctp.so.1" LD_LIBRARY_PATH="$d" "$d/prog") || fail "it failed: $out" || return 1
	echo "$out"
	echo "$out" | grep -qx 'own_send -1' && echo "$out" | grep -qx 'own_peeloff -1' ||
		fail "the stand-in did not take the calls"
}

# additions_result OUTPUT FUNCTION: "RESULT ERRNO" of a line of additions_*.c.
additions_result() { echo "$1" | awk -v f="$2" '$1 == f { print $2, $3 }'; }

# A program built with our header, linked with the other library first
# (-lown -lsctp): its sctp_sendx and sctp_peeloff_flags are ours all the same
# (-1 with EFAULT: no address list; -1 with EBADF), by the header's names.
abi_program_built_with_our_header_reaches_our_additions() {
	local d out refs
	d=$(scratch own-additions-header) && build_own_additions "$d" || return 1
	$CC -std=gnu11 -Wall -Wextra -Werror -I"$ROOT/include" -o "$d/prog" "$HOST/c/additions_user.c" \
		-Wl,--no-as-needed -L"$d" -lown -L"$ROOT/build" -lsctp || fail "could not build the program" || return 1
	refs=$(nm -D --undefined-only "$d/prog" | awk '/sctp/ { print $2 }' | sort | tr '\n' ' ')
	[ "$refs" = "__libsctp_peeloff_flags@VERS_4 __libsctp_sendx@VERS_4 " ] ||
		fail "the program asks for: $refs" || return 1
	out=$(LD_DEBUG=bindings LD_DEBUG_OUTPUT="$d/bindings" LD_LIBRARY_PATH="$ROOT/build:$d" "$d/prog") ||
		fail "it failed: $out" || return 1
	echo "$out"
	[ "$(additions_result "$out" sctp_sendx)" = "-1 14" ] || fail "sctp_sendx did not reach ours" || return 1
	[ "$(additions_result "$out" sctp_peeloff_flags)" = "-1 9" ] ||
		fail "sctp_peeloff_flags did not reach ours" || return 1
	cat "$d"/bindings.* | grep -q "to $ROOT/build/libsctp.so.1 .* symbol .__libsctp_sendx' \[VERS_4\]" ||
		fail "LD_DEBUG=bindings: $(cat "$d"/bindings.* | grep sendx)"
}

# A program built against this library before (asking for sctp_sendx@VERS_4
# and sctp_peeloff_flags@VERS_4) still runs with it and reaches them.
abi_program_built_before_reaches_our_additions() {
	local d out refs
	d=$(scratch additions-prebuilt)
	$CC -std=gnu11 -Wall -Wextra -Werror -DBUILT_BEFORE -o "$d/prog" "$HOST/c/additions_user.c" \
		-L"$ROOT/build" -lsctp ||
		fail "could not build the program" || return 1
	refs=$(nm -D --undefined-only "$d/prog" | awk '/sctp/ { print $2 }' | sort | tr '\n' ' ')
	[ "$refs" = "sctp_peeloff_flags@VERS_4 sctp_sendx@VERS_4 " ] || fail "the program asks for: $refs" || return 1
	out=$(LD_LIBRARY_PATH="$ROOT/build" "$d/prog") || fail "it failed: $out" || return 1
	echo "$out"
	[ "$(additions_result "$out" sctp_sendx)" = "-1 14" ] && [ "$(additions_result "$out" sctp_peeloff_flags)" = "-1 9" ]
}

# dlsym with no version finds neither plain name in ours (another object's
# would be found); dlvsym at VERS_4 finds them, and dlsym the header's names,
# at the same address.
abi_dlsym_finds_additions_by_the_headers_names_only() {
	local d out
	d=$(scratch additions-dlsym)
	$CC -std=gnu11 -Wall -Wextra -Werror -o "$d/prog" "$HOST/c/additions_lookup.c" -ldl ||
		fail "could not build c/additions_lookup.c" || return 1
	out=$(LD_LIBRARY_PATH="$ROOT/build" "$d/prog") || fail "it failed: $out" || return 1
	echo "$out"
	printf '%s\n' "sctp_sendx dlsym none" "sctp_sendx dlvsym_VERS_4 label" "sctp_sendx label found" \
		"sctp_peeloff_flags dlsym none" "sctp_peeloff_flags dlvsym_VERS_4 label" "sctp_peeloff_flags label found" |
		diff - <(echo "$out" | grep -v '^file ')
}

# lksctp's gap: its header declares sctp_peeloff_flags, its library has none.
abi_peeloff_flags_fails_to_link_against_debians() {
	local d
	d=$(scratch peeloff-debian)
	$CC -std=gnu11 -Wall -Wextra -Werror -c -o "$d/prog.o" "$HOST/c/peeloff_flags.c" ||
		fail "does not even compile with Debian's header" || return 1
	if $CC -o "$d/prog" "$d/prog.o" -lsctp >"$d/link.log" 2>&1; then
		fail "it linked against Debian's libsctp: has lksctp gained sctp_peeloff_flags?"
		return 1
	fi
	grep -q "undefined reference to .sctp_peeloff_flags" "$d/link.log" ||
		fail "failed for another reason: $(cat "$d/link.log")"
}

abi_stripped_size_note() {
	local d
	d=$WORK/strip && mkdir -p "$d"
	strip -o "$d/ours.so" "$OURS" && strip -o "$d/debian.so" "$DEBIAN" &&
		note "stripped size: ours $(stat -c %s "$d/ours.so") bytes, Debian's libsctp1 $(stat -c %s "$d/debian.so") bytes"
}

abi_checks() {
	check abi_soname_is_libsctp_so_1
	check abi_needed_is_exactly_libc
	check abi_has_no_rpath_or_runpath
	check abi_ldd_shows_only_libc
	check abi_exports_exactly_expected_symbols
	check abi_sctp_connectx_has_debians_four_versions
	check abi_version_nodes_chain_vers1_to_vers4
	check abi_shared_symbols_have_debians_versions
	check abi_header_declares_exactly_the_exported_functions
	check abi_undefined_symbols_all_from_glibc
	check abi_debian_linked_program_requires_connectx_vers_3
	check abi_debian_linked_program_runs_with_ours
	check abi_debian_linked_program_runs_with_debians_without_ld_library_path
	check abi_dlvsym_connectx_faces_of_ours
	check abi_dlvsym_connectx_faces_of_debians_alike
	check abi_peeloff_flags_links_against_ours
	check abi_peeloff_flags_fails_to_link_against_debians
	check abi_additions_plain_names_are_only_non_default_versions
	check abi_another_librarys_sctp_sendx_is_its_own_with_ours_preloaded
	check abi_another_librarys_sctp_sendx_is_its_own_with_ours_linked_first
	check abi_another_librarys_sctp_sendx_is_taken_by_default_versions
	check abi_program_built_with_our_header_reaches_our_additions
	check abi_program_built_before_reaches_our_additions
	check abi_dlsym_finds_additions_by_the_headers_names_only
	abi_stripped_size_note
}
