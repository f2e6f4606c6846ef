# Tests/host/abi.sh: the dynamic ABI of build/libsctp.so.1, alone and next to
# Debian's libsctp1 (the reference it replaces). Sourced by run.sh, which sets
# ROOT, WORK, OURS (build/libsctp.so.1, absolute), DEBIAN (Debian's
# libsctp.so.1), HOST (this directory) and CC; and by arch.sh, for another
# architecture's build (build/ARCH, Debian's libsctp1:ARCH, its cross
# compiler), which also sets TARGET_EMULATOR: qemu-user, to run its programs.

# The directory of the library under test.
LIB_DIR=$(dirname "$OURS")

# target_run [VAR=VALUE]... PROGRAM [ARGUMENT]...: runs a program built for
# the library's architecture, with those variables set for it alone (under
# the emulator, not for the emulator's own dynamic linker).
target_run() {
	if [ -z "${TARGET_EMULATOR:-}" ]; then
		env "$@"
		return
	fi
	local variables=()
	while [[ $1 == *=* ]]; do
		variables+=(-E "$1")
		shift
	done
	$TARGET_EMULATOR "${variables[@]}" "$@"
}

# target_ldd PROGRAM: ldd's answer for it (under the emulator, the dynamic
# linker's own trace, which is what ldd prints).
target_ldd() {
	if [ -z "${TARGET_EMULATOR:-}" ]; then
		ldd "$1"
	else
		target_run LD_TRACE_LOADED_OBJECTS=1 "$1"
	fi
}

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

# The shared objects the dynamic linker loads for it, one a line.
needed_of() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort; }

# On arm64 and armhf, gcc's code reads the stack protector's guard from
# ld.so, so Debian's libsctp1 needs ld-linux there too.
abi_needed_is_no_more_than_debians() {
	local extra
	needed_of "$OURS" >"$WORK/ours.needed"
	needed_of "$DEBIAN" >"$WORK/debian.needed"
	echo "Debian's: $(echo $(cat "$WORK/debian.needed"))"
	echo "ours:     $(echo $(cat "$WORK/ours.needed"))"
	extra=$(comm -23 "$WORK/ours.needed" "$WORK/debian.needed")
	[ -z "$extra" ] || fail "needed by ours, not by Debian's: $extra"
}

# The library's own functions, "ADDRESS NAME" (hex, without 0x) a line: the
# sized functions of its symbol table, less what the C runtime's start
# files add (crti, crtbeginS: _init, frame_dummy, i386's
# __x86.get_pc_thunk.bx, ...) and armhf's EHABI stubs (abi/arm-ehabi.s: a
# trap that no unwinder walks through).
own_functions() {
	readelf -sW "$1" | awk '
		/^Symbol table / { symtab = ($3 == "'"'"'.symtab'"'"'") }
		symtab && $4 == "FUNC" && $7 != "UND" && $3 > 0 { sub(/@.*/, "", $8); print $2, $8 }' |
		grep -vE ' (_init|_fini|call_weak_fn|deregister_tm_clones|register_tm_clones|__do_global_dtors_aux|frame_dummy|__x86\.get_pc_thunk\.[a-z]+|__aeabi_unwind_cpp_pr[0-2])$' |
		sed 's/^0*//' | sort -u
}

# "START END" (hex, without 0x) of each unwind entry: the FDEs of .eh_frame,
# or on ARM the .ARM.exidx entries that are not cantunwind, each from its
# function to the next entry.
unwind_ranges() {
	if readelf -SW "$1" | grep -q '\.ARM\.exidx'; then
		readelf -u "$1" | awk '
			/^0x[0-9a-f]+ </ { if (start != "") print start, $1, cant; start = $1; cant = ($0 ~ /cantunwind/) }
			END { if (start != "") print start, "0xffffffff", cant }' |
			awk '!$3 { sub(/^0x/, "", $1); sub(/^0x/, "", $2); print $1, $2 }'
	else
		readelf --debug-dump=frames "$1" 2>/dev/null |
			sed -n 's/.* FDE .*pc=\([0-9a-f]*\)\.\.\([0-9a-f]*\).*/\1 \2/p'
	fi
}

# Every function of the library has unwind tables (swiftc gives none: the
# Makefile adds them), so that pthread_cancel, backtrace(3) and debuggers
# walk through it; on armhf, Debian's libsctp1 has none.
abi_every_function_has_unwind_tables() {
	local functions missing
	own_functions "$OURS" >"$WORK/functions"
	unwind_ranges "$OURS" >"$WORK/unwind"
	functions=$(wc -l <"$WORK/functions")
	[ "$functions" -gt 20 ] || fail "only $functions functions found: $(cat "$WORK/functions")" || return 1
	# (Thumb addresses have their low bit set.)
	missing=$(perl -e '
		open(my $u, "<", $ARGV[0]) or die; my @r = map { [map { hex } split] } <$u>;
		open(my $f, "<", $ARGV[1]) or die;
		while (<$f>) { my ($a, $name) = split; $a = hex($a) & ~1;
			print "$name\n" unless grep { $a >= $_->[0] && $a < $_->[1] } @r }' "$WORK/unwind" "$WORK/functions") ||
		fail "could not compare the functions with the unwind entries" || return 1
	echo "$functions functions, $(wc -l <"$WORK/unwind") unwind entries"
	[ -z "$missing" ] || fail "without unwind tables: $missing"
}

# Class, byte order, machine, OS ABI and flags (armhf: "Version5 EABI,
# hard-float ABI") of the ELF header.
elf_identity() { readelf -h "$1" | grep -E '^ *(Class|Data|Machine|OS/ABI|Flags):' | sed 's/  */ /g'; }

abi_elf_header_is_debians() {
	diff <(elf_identity "$DEBIAN") <(elf_identity "$OURS")
}

# The kinds of dynamic relocations, one a line.
relocation_kinds() { readelf -rW "$1" | awk '$3 ~ /^R_/ { print $3 }' | sort -u; }

# Position-independent code: no relocation of the text (a text relocation
# makes the loader write into code, and fails under SELinux or PaX), and no
# kind of dynamic relocation that Debian's gcc-built library does without.
abi_no_text_relocations_and_only_debians_relocation_kinds() {
	local extra
	! readelf -dW "$OURS" | grep -E '\(TEXTREL\)|TEXTREL' || fail "the library has text relocations" || return 1
	relocation_kinds "$OURS" >"$WORK/ours.relocs"
	relocation_kinds "$DEBIAN" >"$WORK/debian.relocs"
	echo "ours: $(echo $(cat "$WORK/ours.relocs"))"
	extra=$(comm -23 "$WORK/ours.relocs" "$WORK/debian.relocs")
	[ -z "$extra" ] || fail "relocation kinds Debian's has none of: $extra"
}

# Thread-local storage (a PT_TLS segment or TLS relocations) only where
# Debian's has it: errno is glibc's, reached through __errno_location.
abi_thread_local_storage_as_debians() {
	local ours debian
	ours=$({ readelf -lW "$OURS" | grep -c '^ *TLS '; readelf -rW "$OURS" | grep -c '_TLS'; } | tr '\n' ' ')
	debian=$({ readelf -lW "$DEBIAN" | grep -c '^ *TLS '; readelf -rW "$DEBIAN" | grep -c '_TLS'; } | tr '\n' ' ')
	echo "TLS segments and relocations: ours $ours, Debian's $debian"
	[ "$ours" = "$debian" ]
}

# The stack protector: both call __stack_chk_fail, and read the guard where
# Debian's does (from ld.so's __stack_chk_guard on arm64 and armhf, from the
# thread control block on amd64 and i386).
abi_stack_protector_reads_the_guard_as_debians_does() {
	local ours debian
	ours=$(nm -D --undefined-only "$OURS" | awk '$2 ~ /^__stack_chk_/ { print $2 }' | sort | tr '\n' ' ')
	debian=$(nm -D --undefined-only "$DEBIAN" | awk '$2 ~ /^__stack_chk_/ { print $2 }' | sort | tr '\n' ' ')
	echo "Debian's: $debian"
	echo "ours:     $ours"
	[[ $ours == *__stack_chk_fail@* ]] || fail "ours has no stack protector" || return 1
	[ "$ours" = "$debian" ]
}

# Each C library function both libraries call is bound at the same version
# (an armhf fcntl is fcntl@GLIBC_2.28, the others GLIBC_2.4).
abi_undefined_symbols_have_debians_versions() {
	local name theirs bad=0
	nm -D --undefined-only "$DEBIAN" | awk '{ print $2 }' >"$WORK/debian.undefined"
	while read -r name; do
		theirs=$(grep -E "^${name%%@*}(@|\$)" "$WORK/debian.undefined")
		[ -z "$theirs" ] && continue
		[ "$theirs" = "$name" ] || { echo "ours $name, Debian's $theirs"; bad=1; }
	done < <(nm -D --undefined-only "$OURS" | awk '{ print $2 }')
	return $bad
}

# ARM's build attributes (readelf -A): the calling convention of floating
# point (Tag_ABI_VFP_args: VFP registers on armhf), the FPU and SIMD the code
# may use (Debian's baseline: VFPv3-D16, no NEON), alignment, enum and
# wchar_t sizes. Every attribute Debian's declares, ours declares alike;
# what ours adds is noted.
abi_build_attributes_are_debians() {
	local missing
	readelf -A "$DEBIAN" | grep -E '^ *Tag_' | sort >"$WORK/debian.attributes"
	readelf -A "$OURS" | grep -E '^ *Tag_' | sort >"$WORK/ours.attributes"
	[ -s "$WORK/debian.attributes" ] || fail "Debian's declares no build attribute" || return 1
	missing=$(comm -23 "$WORK/debian.attributes" "$WORK/ours.attributes")
	note "build attributes ours adds: $(echo $(comm -13 "$WORK/debian.attributes" "$WORK/ours.attributes"))"
	[ -z "$missing" ] || fail "Debian's declares, ours does not or otherwise: $missing"
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
	[ "$(readlink -f "$(target_ldd "$d/prog" | awk '$1 == "libsctp.so.1" { print $3 }')")" = \
		"$(readlink -f "$DEBIAN")" ] || fail "the program did not resolve to Debian's: $(target_ldd "$d/prog")"
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
	out=$(target_run LD_LIBRARY_PATH="$LIB_DIR" "$d/prog") || fail "it failed: $out" || return 1
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
	out=$(target_run "$d/prog") || fail "it failed: $out" || return 1
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
		out=$(target_run LD_LIBRARY_PATH="$lib_dir" "$d/prog")
	else
		out=$(target_run "$d/prog")
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
	connectx_versions_match "$LIB_DIR" "$OURS" yes
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
		-L"$LIB_DIR" -lsctp || fail "does not link with -L build -lsctp" || return 1
	nm -D --undefined-only "$d/prog" | grep -q ' __libsctp_peeloff_flags@VERS_4$' ||
		fail "the program does not ask for __libsctp_peeloff_flags@VERS_4" || return 1
	out=$(target_run LD_LIBRARY_PATH="$LIB_DIR" "$d/prog") || fail "it failed: $out"
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
	out=$(target_run LD_DEBUG=bindings LD_DEBUG_OUTPUT="$d/bindings" LD_PRELOAD="$OURS" LD_LIBRARY_PATH="$d" "$d/prog") ||
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
		-L"$LIB_DIR" -lsctp -L"$d" -lown || fail "could not build the program" || return 1
	readelf -d "$d/prog" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | head -n 2 | tr '\n' ' ' |
		grep -qx 'libsctp.so.1 libown.so ' || fail "NEEDED: $(readelf -d "$d/prog" | grep NEEDED)" || return 1
	out=$(target_run LD_DEBUG=bindings LD_DEBUG_OUTPUT="$d/bindings" LD_LIBRARY_PATH="$LIB_DIR:$d" "$d/prog") ||
		fail "it failed: $out" || return 1
	cat "$d"/bindings.* >"$d/bindings.all" 2>/dev/null
	grep -q "$LIB_DIR/libsctp.so.1" "$d/bindings.all" || fail "ours was not loaded" || return 1
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
	out=$(target_run LD_PRELOAD="$d/old/libsctp.so.1" LD_LIBRARY_PATH="$d" "$d/prog") || fail "it failed: $out" || return 1
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
		-Wl,--no-as-needed -L"$d" -lown -L"$LIB_DIR" -lsctp || fail "could not build the program" || return 1
	refs=$(nm -D --undefined-only "$d/prog" | awk '/sctp/ { print $2 }' | sort | tr '\n' ' ')
	[ "$refs" = "__libsctp_peeloff_flags@VERS_4 __libsctp_sendx@VERS_4 " ] ||
		fail "the program asks for: $refs" || return 1
	out=$(target_run LD_DEBUG=bindings LD_DEBUG_OUTPUT="$d/bindings" LD_LIBRARY_PATH="$LIB_DIR:$d" "$d/prog") ||
		fail "it failed: $out" || return 1
	echo "$out"
	[ "$(additions_result "$out" sctp_sendx)" = "-1 14" ] || fail "sctp_sendx did not reach ours" || return 1
	[ "$(additions_result "$out" sctp_peeloff_flags)" = "-1 9" ] ||
		fail "sctp_peeloff_flags did not reach ours" || return 1
	cat "$d"/bindings.* | grep -q "to $LIB_DIR/libsctp.so.1 .* symbol .__libsctp_sendx' \[VERS_4\]" ||
		fail "LD_DEBUG=bindings: $(cat "$d"/bindings.* | grep sendx)"
}

# A program built against this library before (asking for sctp_sendx@VERS_4
# and sctp_peeloff_flags@VERS_4) still runs with it and reaches them.
abi_program_built_before_reaches_our_additions() {
	local d out refs
	d=$(scratch additions-prebuilt)
	$CC -std=gnu11 -Wall -Wextra -Werror -DBUILT_BEFORE -o "$d/prog" "$HOST/c/additions_user.c" \
		-L"$LIB_DIR" -lsctp ||
		fail "could not build the program" || return 1
	refs=$(nm -D --undefined-only "$d/prog" | awk '/sctp/ { print $2 }' | sort | tr '\n' ' ')
	[ "$refs" = "sctp_peeloff_flags@VERS_4 sctp_sendx@VERS_4 " ] || fail "the program asks for: $refs" || return 1
	out=$(target_run LD_LIBRARY_PATH="$LIB_DIR" "$d/prog") || fail "it failed: $out" || return 1
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
	out=$(target_run LD_LIBRARY_PATH="$LIB_DIR" "$d/prog") || fail "it failed: $out" || return 1
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

# The unwind tables at work: pthread_cancel of a thread waiting in
# sctp_recvmsg runs its caller's cleanup handler. What Debian's library does
# with the same program is noted (on armhf it has no unwind tables, and the
# handler is skipped).
abi_cancelled_receive_unwinds_through_ours() {
	local d out debian
	d=$(scratch cancel-unwinds)
	$CC -std=gnu11 -Wall -Wextra -Werror -fexceptions -pthread -I"$ROOT/include" -o "$d/prog" \
		"$HOST/c/cancel_unwinds.c" -L"$LIB_DIR" -lsctp || fail "could not build c/cancel_unwinds.c" || return 1
	debian=$(target_run "$d/prog" 2>&1)
	note "Debian's libsctp1, the same program: $debian"
	out=$(target_run LD_LIBRARY_PATH="$LIB_DIR" "$d/prog") || fail "it failed: $out" || return 1
	echo "$out"
	[ "$out" = "cancelled 1 cleaned_up 1 returned 0" ]
}

# Another architecture's build, under the emulator: c/calls_over_udp.c
# gives the same lines as with this machine's build, the calls having
# worked (Debian's libsctp1 1.0.19 is no reference there: its sctp_sendv
# with SCTP_SENDV_SPA overflows its stack buffer, DIVERGENCES.md).
abi_calls_over_udp_as_on_this_machine() {
	local d
	d=$(scratch calls-over-udp)
	make -s -C "$ROOT" build/libsctp.so.1 >&2 &&
		cc -std=gnu11 -Wall -Wextra -Werror -I"$ROOT/include" -o "$d/native" "$HOST/c/calls_over_udp.c" \
			-L"$ROOT/build" -lsctp && LD_LIBRARY_PATH="$ROOT/build" "$d/native" >"$d/native.out" ||
		fail "could not run c/calls_over_udp.c with this machine's build" || return 1
	grep -qx "sctp_recvmsg 18 errno 0 fromlen 16 from_sender 1 payload 'calling convention' msg_flags 0x0" \
		"$d/native.out" || fail "the calls did not work here: $(cat "$d/native.out")" || return 1
	$CC -std=gnu11 -Wall -Wextra -Werror -I"$ROOT/include" -o "$d/target" "$HOST/c/calls_over_udp.c" \
		-L"$LIB_DIR" -lsctp || fail "could not build c/calls_over_udp.c" || return 1
	target_run LD_LIBRARY_PATH="$LIB_DIR" "$d/target" >"$d/target.out" 2>&1 || fail "it failed: $(cat "$d/target.out")" ||
		return 1
	echo "(< this machine's build, > $(basename "$(dirname "$LIB_DIR")")/$(basename "$LIB_DIR"))"
	diff "$d/native.out" "$d/target.out"
}

abi_stripped_size_note() {
	local d
	d=$WORK/strip && mkdir -p "$d"
	${STRIP:-strip} -o "$d/ours.so" "$OURS" && ${STRIP:-strip} -o "$d/debian.so" "$DEBIAN" &&
		note "stripped size: ours $(stat -c %s "$d/ours.so") bytes, Debian's libsctp1 $(stat -c %s "$d/debian.so") bytes"
}

# What is checked for every architecture, this machine's included (arch.sh).
abi_target_checks() {
	check abi_soname_is_libsctp_so_1
	check abi_needed_is_no_more_than_debians
	check abi_elf_header_is_debians
	check abi_no_text_relocations_and_only_debians_relocation_kinds
	check abi_thread_local_storage_as_debians
	check abi_stack_protector_reads_the_guard_as_debians_does
	check abi_undefined_symbols_have_debians_versions
	check abi_undefined_symbols_all_from_glibc
	check abi_has_no_rpath_or_runpath
	check abi_exports_exactly_expected_symbols
	check abi_sctp_connectx_has_debians_four_versions
	check abi_version_nodes_chain_vers1_to_vers4
	check abi_shared_symbols_have_debians_versions
	check abi_additions_plain_names_are_only_non_default_versions
	check abi_debian_linked_program_requires_connectx_vers_3
	check abi_debian_linked_program_runs_with_ours
	check abi_debian_linked_program_runs_with_debians_without_ld_library_path
	check abi_dlvsym_connectx_faces_of_ours
	check abi_dlvsym_connectx_faces_of_debians_alike
	check abi_peeloff_flags_links_against_ours
	check abi_another_librarys_sctp_sendx_is_its_own_with_ours_preloaded
	check abi_another_librarys_sctp_sendx_is_its_own_with_ours_linked_first
	check abi_another_librarys_sctp_sendx_is_taken_by_default_versions
	check abi_dlsym_finds_additions_by_the_headers_names_only
	check abi_every_function_has_unwind_tables
	check abi_cancelled_receive_unwinds_through_ours
}

# This machine's library: the above, and what needs its own tools or the
# kernel's answers (under qemu-user a getsockopt of level SOL_SCTP is
# answered EOPNOTSUPP by the emulator, not EBADF by the kernel).
abi_checks() {
	check abi_needed_is_exactly_libc
	check abi_ldd_shows_only_libc
	check abi_header_declares_exactly_the_exported_functions
	check abi_peeloff_flags_fails_to_link_against_debians
	check abi_program_built_with_our_header_reaches_our_additions
	check abi_program_built_before_reaches_our_additions
	abi_target_checks
	abi_stripped_size_note
}
