#!/usr/bin/env bash
# Tests/static/run.sh: the static library, build/libsctp.a (what libsctp-dev
# ships as libsctp.a). Prints TAP version 13 on stdout (the plan last);
# exits non-zero if any check failed. The checks (Tests/lib.sh's
# harness):
#   - its global symbols are the API alone (expected-globals.txt), and what
#     it needs is libc's;
#   - a plain sctp_connectx in a static program is bound to sctp_connectx3
#     (the VERS_3 default), as with Debian's libsctp.a;
#   - a static program that defines, itself, every other name the Embedded
#     Swift code defines links, and the library calls none of them
#     (clash_app.c), with the same answers as the shared build; the same
#     program against the object before its names were made local does not
#     link (the check can fail);
#   - static_app.c, which calls every exported function on real
#     associations, built against libsctp.so, with -static and with
#     -Wl,-Bstatic -lsctp -Wl,-Bdynamic, prints the same on a real SCTP
#     kernel (Tests/vm/kernel-run.sh: one boot).
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$ROOT/build/static
WORK=$OUT/work
CC=${CC:-cc}
CLANG=$(dirname "$(command -v "${SWIFTC:-swiftc}")")/clang
DEBIAN_ARCHIVE=/usr/lib/x86_64-linux-gnu/libsctp.a
CFLAGS="-std=gnu11 -Wall -Wextra -Werror -O1 -I $ROOT/include"
export LC_ALL=C
unset LD_LIBRARY_PATH LD_PRELOAD LIBRARY_PATH CPATH C_INCLUDE_PATH
cd "$ROOT" || exit 1
. "$ROOT/Tests/lib.sh"
rm -rf "$OUT" && mkdir -p "$WORK"

tap_begin
# Debian's libsctp.a (the control of the connectx check), libc.a.
ensure_packages libsctp-dev libc6-dev binutils gcc >/dev/null ||
	tap_give_up "what the checks need is installed" "apt-get failed"
make -s -C "$ROOT" >&2 || tap_give_up "the library builds" "make failed"

# link WAY OUTPUT SOURCE... : a program linked with libsctp the way named:
# shared (libsctp.so), static (-static), bstatic (-Bstatic for libsctp alone).
link() {
	local way=$1 output=$2
	shift 2
	case $way in
	shared) $CC $CFLAGS -o "$output" "$@" -L"$ROOT/build" -lsctp ;;
	static) $CC $CFLAGS -static -o "$output" "$@" -L"$ROOT/build" -lsctp ;;
	bstatic) $CC $CFLAGS -o "$output" "$@" -L"$ROOT/build" -Wl,-Bstatic -lsctp -Wl,-Bdynamic ;;
	esac
}

# The names of what an object or archive defines globally, one a line.
globals_of() { nm --defined-only --extern-only "$1" | awk 'NF == 3 { print $3 }' | sort -u; }

static_archive_defines_the_api_alone() {
	[ -s build/libsctp.a ] || fail "no build/libsctp.a (make)" || return 1
	globals_of build/libsctp.a >"$WORK/ours.globals"
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$HERE/expected-globals.txt" | sort -u >"$WORK/expected.globals"
	note "libsctp.a: $(wc -l <"$WORK/ours.globals") global symbols; local: $(nm --defined-only build/libsctp.a | grep -c ' [a-z] ')"
	same_lines "$WORK/expected.globals" "$WORK/ours.globals"
}

# Every symbol the archive leaves undefined is one libc defines.
static_archive_needs_only_libc() {
	local name missing=""
	for name in $(nm --undefined-only build/libsctp.a | awk 'NF == 2 { print $2 }' | sort -u); do
		nm -D --defined-only /lib/x86_64-linux-gnu/libc.so.6 | awk '{ print $3 }' | sed 's/@.*//' |
			grep -qx "$name" || missing="$missing $name"
	done
	[ -z "$missing" ] || fail "not in libc:$missing"
}

# calls_in OBJECT FUNCTION: the functions FUNCTION calls, per its disassembly.
calls_in() {
	objdump -d --no-show-raw-insn "$1" |
		awk -v f="<$2>:" '$2 == f { on = 1; next } on && /^$/ { exit } on && /(call|jmp) / { print $NF }' |
		sed -n 's/^<\(.*\)>$/\1/p'
}

# A plain sctp_connectx in a static program reaches sctp_connectx3 (VERS_3,
# with the id), with -static and -Bstatic, and so it does with Debian's
# libsctp.a (the control: the check reads the call it means to).
static_link_binds_sctp_connectx_to_sctp_connectx3() {
	local way calls status=0
	for way in static bstatic; do
		link $way "$WORK/connectx.$way" "$HERE/connectx_call.c" || fail "$way link failed" || return 1
		calls=$(calls_in "$WORK/connectx.$way" call_sctp_connectx)
		echo "$way: call_sctp_connectx calls ${calls:-nothing}"
		[ "$calls" = sctp_connectx3 ] || status=1
	done
	if [ -e "$DEBIAN_ARCHIVE" ]; then
		$CC -std=gnu11 -O1 -static -o "$WORK/connectx.debian" "$HERE/connectx_call.c" "$DEBIAN_ARCHIVE" ||
			fail "the link with Debian's libsctp.a failed" || return 1
		calls=$(calls_in "$WORK/connectx.debian" call_sctp_connectx)
		echo "Debian's libsctp.a: call_sctp_connectx calls ${calls:-nothing}"
		[ "$calls" = sctp_connectx3 ] || status=1
	else
		echo "no $DEBIAN_ARCHIVE (libsctp-dev)"
		status=1
	fi
	[ $status = 0 ] && note "static links bind sctp_connectx to sctp_connectx3, as Debian's libsctp.a"
	return $status
}

# clash_definitions.c: a function (T, W) or an object (others) of each name
# OBJECT defines globally beyond the API, and of the extra names given. The
# toolchain's clang quotes names such as $e4SCTP... for the assembler.
write_clash_definitions() {
	local object=$1 out=$2 n=0 kind name
	shift 2
	{
		echo "extern int clash_calls;"
		{
			nm --defined-only --extern-only "$object" | awk 'NF == 3 { print $2, $3 }' |
				grep -vxF -f <(sed 's/^/T /' "$WORK/expected.globals")
			for name in "$@"; do echo "T $name"; done
		} | sort -u -k2,2 | while read -r kind name; do
			n=$((n + 1))
			case $kind in
			[TW]) printf 'void clash_%d(void) __asm__("%s");\nvoid clash_%d(void) { clash_calls++; }\n' \
				$n "$name" $n ;;
			*) printf 'char clash_%d[64] __asm__("%s");\n' $n "$name" ;;
			esac
		done
	} >"$out"
}

# Names a static program could well define beside those of the object: the
# Swift runtime's commonest, and the plain names of the two additions.
EXTRA_CLASH_NAMES="swift_retain swift_release swift_allocObject swift_deallocObject swift_once
swift_slowAlloc swift_slowDealloc swift_beginAccess swift_endAccess swift_willThrow
_swift_exceptionPersonality swift_initStackObject swift_isUniquelyReferenced_native
sctp_sendx sctp_peeloff_flags"

static_program_with_the_swift_names_links_and_runs_as_the_shared() {
	local way out
	write_clash_definitions build/obj/libsctp.o "$WORK/clash_definitions.c" $EXTRA_CLASH_NAMES
	"$CLANG" -O1 -c -o "$WORK/clash_definitions.o" "$WORK/clash_definitions.c" ||
		fail "clash_definitions.c does not compile" || return 1
	note "clash_app.c defines $(grep -c '__asm__' "$WORK/clash_definitions.c") names of its own"
	link shared "$WORK/clash.shared" "$HERE/clash_app.c" "$WORK/clash_definitions.o" ||
		fail "the shared link failed" || return 1
	LD_LIBRARY_PATH=$ROOT/build "$WORK/clash.shared" >"$WORK/clash.shared.out" ||
		{ cat "$WORK/clash.shared.out"; fail "the shared build failed"; return 1; }
	for way in static bstatic; do
		link $way "$WORK/clash.$way" "$HERE/clash_app.c" "$WORK/clash_definitions.o" ||
			fail "the $way link failed" || return 1
		"$WORK/clash.$way" >"$WORK/clash.$way.out" || { cat "$WORK/clash.$way.out"; fail "$way: it failed"; return 1; }
		diff "$WORK/clash.shared.out" "$WORK/clash.$way.out" || fail "$way answers otherwise than the shared build" || return 1
	done
	grep -qx 'clash definitions called: 0' "$WORK/clash.static.out"
}

# The control: the object as the compiler left it, in an archive, clashes.
static_program_with_the_swift_names_does_not_link_with_the_unlocalised_object() {
	local d=$WORK/unlocalised
	mkdir -p "$d"
	cp build/obj/libsctp.o "$d/libsctp.o" && ar rcs "$d/libsctp.a" "$d/libsctp.o" || return 1
	[ -s "$WORK/clash_definitions.o" ] || fail "no clash_definitions.o (the check before failed)" || return 1
	if $CC $CFLAGS -static -o "$d/clash" "$HERE/clash_app.c" "$WORK/clash_definitions.o" -L"$d" -lsctp \
		2>"$d/link.err"; then
		fail "it linked"
		return 1
	fi
	grep -m 3 'multiple definition' "$d/link.err"
}

check static_archive_defines_the_api_alone
check static_archive_needs_only_libc
check static_link_binds_sctp_connectx_to_sctp_connectx3
check static_program_with_the_swift_names_links_and_runs_as_the_shared
check static_program_with_the_swift_names_does_not_link_with_the_unlocalised_object

# --- on a real SCTP kernel ----------------------------------------------------
ways="shared static bstatic"
built=1
for way in $ways; do
	link $way "$OUT/static_app.$way" "$HERE/static_app.c" 2>>"$WORK/build.log" || built=0
done
vm_status=none
if [ $built = 1 ]; then
	# One boot for the three; each run on ports of its own.
	KERNEL_RUN_TIMEOUT=${KERNEL_RUN_TIMEOUT:-300} Tests/vm/kernel-run.sh sh -c "
		cat /proc/net/sctp/assocs >/dev/null && echo 'SCTP: present in this kernel'
		port=20510
		for way in $ways; do
			LD_LIBRARY_PATH=$ROOT/build timeout 60 $OUT/static_app.\$way \$port > $OUT/static_app.\$way.out 2>&1
			echo \$? > $OUT/static_app.\$way.status
			port=\$((port + 2))
		done" >"$WORK/kernel.log" 2>&1
	vm_status=$?
fi

static_app_builds_three_ways() {
	[ $built = 1 ] || { cat "$WORK/build.log"; return 1; }
	# -static: no dynamic section; -Bstatic: libc alone.
	! readelf -d "$OUT/static_app.static" | grep -q NEEDED || fail "-static: $(readelf -d "$OUT/static_app.static" | grep NEEDED)" || return 1
	[ "$(readelf -d "$OUT/static_app.bstatic" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')" = libc.so.6 ] ||
		fail "-Bstatic: NEEDED $(readelf -d "$OUT/static_app.bstatic" | grep NEEDED)"
}

static_app_calls_every_function_with_the_same_results_as_the_shared_build() {
	local way
	grep -q '^SCTP: present' "$WORK/kernel.log" || { tail -5 "$WORK/kernel.log"; fail "no SCTP kernel (kernel-run.sh: $vm_status)"; return 1; }
	for way in $ways; do
		[ "$(cat "$OUT/static_app.$way.status" 2>/dev/null)" = 0 ] ||
			{ cat "$OUT/static_app.$way.out"; fail "$way: exit status $(cat "$OUT/static_app.$way.status" 2>/dev/null)"; return 1; }
	done
	diff "$OUT/static_app.shared.out" "$OUT/static_app.static.out" || fail "-static differs" || return 1
	diff "$OUT/static_app.shared.out" "$OUT/static_app.bstatic.out" || fail "-Bstatic differs" || return 1
	grep -qx 'sctp_connectx: 0, id written' "$OUT/static_app.static.out" || fail "sctp_connectx left the id alone" || return 1
	note "static_app: $(grep -c '^sctp_' "$OUT/static_app.shared.out") lines the same in the three builds"
}

check static_app_builds_three_ways
check static_app_calls_every_function_with_the_same_results_as_the_shared_build

echo "1..$TAP_COUNT"
[ "$TAP_FAILED" -eq 0 ]
