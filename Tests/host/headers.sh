# Tests/host/headers.sh: include/netinet/sctp.h compiles cleanly in every
# language mode and include order, and is a superset of lksctp's header
# (Debian's libsctp-dev). Sourced by run.sh (ROOT, WORK, HOST, CC).

# The header always comes from -I include; the body uses all of it.
HEADER_FLAGS="-Wall -Wextra -Werror -pedantic"
HEADER_BODY=$HOST/c/header_use.inc

# The C and C++ compilers, one "LABEL COMMAND LANGUAGE STANDARD" a line.
header_compilers() {
	local clang clangxx
	clang=$(command -v clang || echo /opt/swift/usr/bin/clang)
	clangxx=$(command -v clang++ || echo /opt/swift/usr/bin/clang++)
	cat <<-LIST
	gcc gcc c c99
	gcc gcc c c11
	clang $clang c c99
	clang $clang c c11
	g++ g++ c++ c++11
	g++ g++ c++ c++17
	clang++ $clangxx c++ c++11
	clang++ $clangxx c++ c++17
	LIST
}

# The include orders of a variant, one a line (headers separated by spaces).
#   alone, netinet_in_before, netinet_in_after: what they say;
#   orders: for each subset of <sys/socket.h> <netinet/in.h> <arpa/inet.h>
#   <linux/sctp.h>, that subset before ours and the others after it, each
#   side once in the listed order and once reversed (32 orders);
#   kernel: what programs that use the kernel's headers write: each of
#   <linux/in.h> <linux/in6.h> <linux/socket.h> <arpa/inet.h> before ours and
#   after it, and with each other header of these and <sys/socket.h>
#   <netinet/in.h> <linux/sctp.h>, the three in every order (116 orders).
include_orders() {
	local others=(sys/socket.h netinet/in.h arpa/inet.h linux/sctp.h)
	local kernel=(linux/in.h linux/in6.h linux/socket.h arpa/inet.h)
	local more=(sys/socket.h netinet/in.h linux/sctp.h)
	local mask i j k h before after before_rev after_rev
	case $1 in
	alone) echo "netinet/sctp.h" ;;
	netinet_in_before) echo "netinet/in.h netinet/sctp.h" ;;
	netinet_in_after) echo "netinet/sctp.h netinet/in.h" ;;
	orders)
		for mask in $(seq 0 15); do
			before="" after="" before_rev="" after_rev=""
			for i in 0 1 2 3; do
				if (((mask >> i) & 1)); then
					before="$before ${others[i]}" before_rev="${others[i]} $before_rev"
				else
					after="$after ${others[i]}" after_rev="${others[i]} $after_rev"
				fi
			done
			echo $before netinet/sctp.h $after_rev
			echo $before_rev netinet/sctp.h $after
		done | awk '!seen[$0]++'
		;;
	kernel)
		for i in 0 1 2 3; do
			k=${kernel[i]}
			echo "$k netinet/sctp.h"
			echo "netinet/sctp.h $k"
			for h in "${kernel[@]:i+1}" "${more[@]}"; do
				for j in "$k $h netinet/sctp.h" "$h $k netinet/sctp.h" "$k netinet/sctp.h $h" \
					"$h netinet/sctp.h $k" "netinet/sctp.h $k $h" "netinet/sctp.h $h $k"; do
					echo "$j"
				done
			done
		done
		;;
	esac
}

# A copy of lksctp's header (Debian's libsctp-dev; 1.0.19's and 1.0.21's are
# the same text) in a directory of its own, for -I: found first, whatever
# else is installed in /usr/local/include.
LKSCTP_INCLUDE=$WORK/lksctp-include
lksctp_header_copy() {
	mkdir -p "$LKSCTP_INCLUDE/netinet" &&
		cp /usr/include/netinet/sctp.h "$LKSCTP_INCLUDE/netinet/sctp.h" &&
		grep -q 'Linux Kernel SCTP' "$LKSCTP_INCLUDE/netinet/sctp.h"
}

# The matrix compares with one lksctp header for both versions users run:
# 1.0.19's and 1.0.21's (build/reference, Tests/reference/fetch.sh) are the
# same text but for the comment configure writes first. Without
# build/reference, said so in a note.
headers_lksctp_1_0_19_and_1_0_21_headers_are_the_one_compared_with() {
	local v h n=0
	for v in 1.0.19 1.0.21; do
		h=$ROOT/build/reference/$v/usr/include/netinet/sctp.h
		[ -f "$h" ] || continue
		n=$((n + 1))
		diff <(grep -v '^/\* src/include/netinet/sctp.h.  Generated from sctp.h.in by configure.  \*/$' "$h") \
			<(grep -v '^/\* src/include/netinet/sctp.h.  Generated' "$LKSCTP_INCLUDE/netinet/sctp.h") ||
			fail "lksctp $v's header differs from the one the matrix compiles" || return 1
	done
	[ "$n" -gt 0 ] || note "no build/reference (Tests/reference/fetch.sh): lksctp 1.0.21's header not compared"
}

# header_compiles COMMAND LANGUAGE STANDARD VARIANT: every include order of
# the variant, with the body, compiles with -Wall -Wextra -Werror -pedantic
# wherever it compiles with lksctp's header (the body less what lksctp's
# lacks, -DHEADER_USE_LKSCTP). For the variants other than kernel, every
# order compiles with ours, save one whose headers before ours do not
# compile by themselves (the kernel's <linux/sctp.h> needs <sys/socket.h>
# and <stdint.h> before it): broken whatever follows, it is left out, and
# said so in a note. Each order's outcome goes to
# $WORK/header-outcomes/LABEL-STD-VARIANT, "OURS LKSCTP ORDER" a line (ok
# or bad; na for an order left out), for headers_where_only_lksctps_breaks.
header_compiles() {
	local label=$1 cc=$2 lang=$3 std=$4 variant=$5 d n=0 i order f bad=0 na=0 both=0 out
	command -v "$cc" >/dev/null || fail "no compiler $cc" || return 1
	[ -f "$LKSCTP_INCLUDE/netinet/sctp.h" ] || fail "no copy of lksctp's header (libsctp-dev)" || return 1
	d=$(scratch "headers/$label-$std-$variant")
	out=$WORK/header-outcomes/$label-$std-$variant
	mkdir -p "$WORK/header-outcomes" && : >"$out"
	while read -r order; do
		n=$((n + 1))
		for f in $order; do echo "#include <$f>"; done >"$d/t$n.c"
		cat "$HEADER_BODY" >>"$d/t$n.c"
		cp "$d/t$n.c" "$d/l$n.c"
		for f in $order; do
			[ "$f" = netinet/sctp.h ] && break
			echo "#include <$f>"
		done >"$d/p$n.c"
		echo 'int main(void) { return 0; }' >>"$d/p$n.c"
		echo "$order" >"$d/t$n.order"
	done < <(include_orders "$variant")
	[ "$n" -gt 0 ] || fail "no include order for $variant" || return 1
	[ "$variant" != kernel ] || rm -f "$d"/p*.c
	ls "$d"/[tpl]*.c | xargs -n 1 -P "$(nproc)" sh -c '
		case ${7##*/} in
		l*) include=$6 lksctp=-DHEADER_USE_LKSCTP ;;
		*) include=$5 lksctp= ;;
		esac
		"$1" -x "$2" -std="$3" $4 $lksctp -I"$include" -fsyntax-only "$7" 2>"$7.err" || touch "$7.failed"' \
		sh "$cc" "$lang" "$std" "$HEADER_FLAGS" "$ROOT/include" "$LKSCTP_INCLUDE"
	for f in "$d"/t*.c; do
		i=${f##*/t} i=${i%.c}
		order=$(cat "$d/t$i.order")
		if [ -e "$d/p$i.c.failed" ]; then
			na=$((na + 1))
			echo "na na $order" >>"$out"
			continue
		fi
		echo "$([ -e "$f.failed" ] && echo bad || echo ok) $([ -e "$d/l$i.c.failed" ] && echo bad || echo ok) $order" >>"$out"
		[ -e "$f.failed" ] || continue
		if [ "$variant" = kernel ] && [ -e "$d/l$i.c.failed" ]; then
			both=$((both + 1))
			continue
		fi
		bad=$((bad + 1))
		echo "order: $order$([ -e "$d/l$i.c.failed" ] || echo " (compiles with lksctp's header)")"
		grep -m 2 -E 'error|warning' "$f.err" | sed 's/^/  /'
	done
	[ "$na" -eq 0 ] || note "$label -std=$std: $((n - na)) of $n include orders tried;" \
		"$na left out, as the headers before ours do not compile alone there"
	[ "$both" -eq 0 ] || note "$label -std=$std, $variant: $both of $n include orders break with lksctp's header" \
		"and ours alike (the kernel's headers and glibc's clash there)"
	[ $((n - na)) -ge $(((n + 1) / 2)) ] || fail "only $((n - na)) of $n orders could be tried" || return 1
	[ "$bad" -eq 0 ] || fail "$bad of $((n - na)) include orders failed (sources in $d)"
}

# The include orders where lksctp's header does not compile and ours does,
# from the outcomes header_compiles wrote: a note each, with the compilers
# (a kept divergence, header-include-orders in DIVERGENCES.md). Fails if an
# order compiles with lksctp's and not with ours, or if there is no outcome.
headers_where_only_lksctps_breaks() {
	local outcomes=$WORK/header-outcomes
	ls "$outcomes"/* >/dev/null 2>&1 || fail "no outcomes: the matrix did not run" || return 1
	awk '
		FNR == 1 { n = split(FILENAME, p, "/"); label = p[n]; sub(/-(alone|netinet_in_before|netinet_in_after|orders|kernel)$/, "", label) }
		{ order = $3; for (i = 4; i <= NF; i++) order = order " " $i }
		$1 == "ok" && $2 == "bad" { if (!(order in only)) { only[order] = label; k[++m] = order } else if (index("," only[order] ",", "," label ",") == 0) only[order] = only[order] "," label }
		$1 == "bad" && $2 == "ok" { print "ours breaks, lksctp compiles: " order " (" label ")"; worse = 1 }
		END {
			for (i = 1; i <= m; i++) printf "NOTE %s [%s]\n", k[i], only[k[i]]
			exit worse
		}' "$outcomes"/* >"$WORK/only-lksctp-breaks" || { grep -v '^NOTE' "$WORK/only-lksctp-breaks"; return 1; }
	note "include orders where lksctp's header breaks and ours compiles: $(grep -c '^NOTE' "$WORK/only-lksctp-breaks")"
	sed -n 's/^NOTE /  /p' "$WORK/only-lksctp-breaks" | while read -r line; do note "  $line"; done
}

# lksctp's bug, which ours fixes: its header defines IPPROTO_SCTP as a macro
# when <netinet/in.h> has not been included yet, and glibc's enum then reads
# "132 = 132". The same program compiles with ours.
headers_debians_fails_with_netinet_in_after() {
	local d
	d=$(scratch headers-debian-in-after)
	[ -f /usr/include/netinet/sctp.h ] || fail "no Debian header (libsctp-dev)" || return 1
	printf '%s\n' '#include <netinet/sctp.h>' '#include <netinet/in.h>' \
		'int main(void) { return IPPROTO_SCTP == 132 ? 0 : 1; }' >"$d/t.c"
	$CC -std=gnu11 -I"$ROOT/include" -c -o "$d/ours.o" "$d/t.c" ||
		fail "the program does not compile with ours either" || return 1
	if $CC -std=gnu11 -c -o "$d/debian.o" "$d/t.c" >"$d/debian.err" 2>&1; then
		fail "Debian's header compiled with <netinet/in.h> after it: fixed upstream?"
		return 1
	fi
	grep -q 'IPPROTO_SCTP' "$d/debian.err" || fail "failed for another reason: $(head -5 "$d/debian.err")"
}

# Issue 15's program: <linux/in.h> before <netinet/sctp.h> (38 redefinition
# errors with the header that included <netinet/in.h> whatever came
# before). It compiles with lksctp's header and with ours, C and C++, and
# runs with ours.
headers_kernel_header_program_builds_and_runs_with_ours() {
	local d out c
	d=$(scratch headers-kernel-program)
	[ -f "$LKSCTP_INCLUDE/netinet/sctp.h" ] || fail "no copy of lksctp's header" || return 1
	for c in "$CC -x c -std=gnu11" "g++ -x c++ -std=gnu++17"; do
		$c -Wall -Wextra -Werror -I"$LKSCTP_INCLUDE" -fsyntax-only "$HOST/c/kernel_headers_program.c" ||
			fail "($c) it does not compile with lksctp's header: not the program of the issue" || return 1
		$c -Wall -Wextra -Werror -I"$ROOT/include" -fsyntax-only "$HOST/c/kernel_headers_program.c" ||
			fail "($c) it does not compile with ours" || return 1
	done
	$CC -std=gnu11 -Wall -Wextra -Werror -I"$ROOT/include" -o "$d/prog" "$HOST/c/kernel_headers_program.c" \
		-L"$ROOT/build" -lsctp || fail "it does not build with ours" || return 1
	out=$(LD_LIBRARY_PATH="$ROOT/build" "$d/prog") || fail "it failed: $out" || return 1
	echo "$out"
	printf '%s\n' "IPPROTO_SCTP 132" "sctp_getaddrlen 16 28" "sctp_bindx -1 9" | diff - <(echo "$out")
}

# The HAVE_*SCTP* macros a header defines, as "#define NAME VALUE" lines.
sctp_have_macros() {
	echo '#include <netinet/sctp.h>' | $CC -std=gnu11 -dM -E "$@" -x c - | grep -E '^#define HAVE_[A-Z_]*SCTP' | sort
}

headers_define_every_have_sctp_macro_of_debians() {
	local missing
	sctp_have_macros >"$WORK/debian.have" && sctp_have_macros -I"$ROOT/include" >"$WORK/ours.have" ||
		fail "could not preprocess the headers" || return 1
	[ -s "$WORK/debian.have" ] || fail "found no HAVE_SCTP* in Debian's header" || return 1
	missing=$(comm -23 "$WORK/debian.have" "$WORK/ours.have")
	note "HAVE_*SCTP* macros: Debian's $(wc -l <"$WORK/debian.have"), ours $(wc -l <"$WORK/ours.have")"
	[ -z "$missing" ] || fail "missing or with another value in ours: $missing"
}

# Each prototype of Debian's header is declared by ours (typedef of
# __typeof__ fails on an undeclared name) with the same type (Debian's text
# redeclared after ours: "conflicting types" in C, "conflicting declaration
# of C function" in C++).
headers_declare_every_prototype_of_debians_alike() {
	local d names lang
	d=$(scratch headers-prototypes)
	prototypes_of /usr/include/netinet/sctp.h >"$d/debian.protos"
	[ -s "$d/debian.protos" ] || fail "found no prototype in Debian's header" || return 1
	names=$(sed 's/.*\(sctp_[A-Za-z0-9_]*\)(.*/\1/' "$d/debian.protos")
	note "prototypes of Debian's header checked: $(echo $names)"
	{
		echo '#include <netinet/sctp.h>'
		for n in $names; do echo "typedef __typeof__($n) declared_$n;"; done
		echo '#ifdef __cplusplus'
		echo 'extern "C" {'
		echo '#endif'
		cat "$d/debian.protos"
		echo '#ifdef __cplusplus'
		echo '}'
		echo '#endif'
	} >"$d/t.c"
	for lang in "$CC -x c -std=gnu11" "g++ -x c++ -std=gnu++17"; do
		$lang -Wall -Wextra -Werror -I"$ROOT/include" -c -o "$d/t.o" "$d/t.c" ||
			fail "($lang) ours lacks a prototype of Debian's or gives it another type" || return 1
	done
}

# The sendv/recvv types and constants have Debian's sizes, offsets and values.
headers_sendv_recvv_layout_is_debians() {
	local d
	d=$(scratch headers-layout)
	cat >"$d/t.c" <<-'C'
	#include <stddef.h>
	#include <stdio.h>
	#include <netinet/in.h>
	#include <netinet/sctp.h>
	#define P(x) printf("%s = %ld\n", #x, (long)(x))
	int main(void)
	{
		P(sizeof(struct sctp_sendv_spa)); P(_Alignof(struct sctp_sendv_spa));
		P(offsetof(struct sctp_sendv_spa, sendv_flags));
		P(offsetof(struct sctp_sendv_spa, sendv_sndinfo));
		P(offsetof(struct sctp_sendv_spa, sendv_prinfo));
		P(offsetof(struct sctp_sendv_spa, sendv_authinfo));
		P(sizeof(struct sctp_recvv_rn)); P(_Alignof(struct sctp_recvv_rn));
		P(offsetof(struct sctp_recvv_rn, recvv_rcvinfo));
		P(offsetof(struct sctp_recvv_rn, recvv_nxtinfo));
		P(SCTP_SENDV_NOINFO); P(SCTP_SENDV_SNDINFO); P(SCTP_SENDV_PRINFO);
		P(SCTP_SENDV_AUTHINFO); P(SCTP_SENDV_SPA);
		P(SCTP_SEND_SNDINFO_VALID); P(SCTP_SEND_PRINFO_VALID); P(SCTP_SEND_AUTHINFO_VALID);
		P(SCTP_RECVV_NOINFO); P(SCTP_RECVV_RCVINFO); P(SCTP_RECVV_NXTINFO); P(SCTP_RECVV_RN);
		P(IPPROTO_SCTP); P(SOL_SCTP);
		return 0;
	}
	C
	$CC -std=gnu11 -Wall -Werror -o "$d/debian" "$d/t.c" && $CC -std=gnu11 -Wall -Werror \
		-I"$ROOT/include" -o "$d/ours" "$d/t.c" || fail "the layout program does not build" || return 1
	"$d/debian" >"$d/debian.out" && "$d/ours" >"$d/ours.out" || return 1
	diff "$d/debian.out" "$d/ours.out"
}

header_checks() {
	local label cc lang std variant name
	check_as "lksctp's header (libsctp-dev) is there to compare with" lksctp_header_copy
	check headers_lksctp_1_0_19_and_1_0_21_headers_are_the_one_compared_with
	while read -r label cc lang std; do
		for variant in alone netinet_in_before netinet_in_after orders kernel; do
			# The kernel's headers read alike in every standard: the
			# latest C and C++ one of each compiler is enough.
			[ "$variant" != kernel ] || [ "$std" = c11 ] || [ "$std" = c++17 ] || continue
			name=$variant
			[ "$variant" = orders ] && name="$(include_orders orders | wc -l) include orders"
			[ "$variant" = kernel ] && name="$(include_orders kernel | wc -l) kernel-header include orders"
			check_as "header_compiles[$label -std=$std, $name]" header_compiles "$label" "$cc" "$lang" "$std" \
				"$variant"
		done
	done < <(header_compilers)
	check headers_where_only_lksctps_breaks
	check headers_kernel_header_program_builds_and_runs_with_ours
	check headers_debians_fails_with_netinet_in_after
	check headers_define_every_have_sctp_macro_of_debians
	check headers_declare_every_prototype_of_debians_alike
	check headers_sendv_recvv_layout_is_debians
}

# prototypes_of HEADER: the sctp_* prototypes a header declares, one a line
# with its blanks squeezed: "RETURN-TYPE NAME(PARAMETERS);" (an asm label
# left out: see asm_labels_of).
prototypes_of() {
	perl -0777 -ne '
		s{/\*.*?\*/}{ }gs;          # comments
		s{^[ \t]*#.*$}{}mg;         # preprocessor lines
		while (/^[ \t]*([A-Za-z_][\w \t*]*?)\b(sctp_\w+)\s*\(([^()]*)\)\s*(?:__asm__\s*\(\s*"\w+"\s*\)\s*)?;/mg) {
			my ($ret, $name, $args) = ($1, $2, $3);
			s/\s+/ /g, s/^ | $//g for $ret, $args;
			print "$ret $name($args);\n";
		}' "$1"
}

# asm_labels_of HEADER: "NAME LABEL" for each sctp_* function a header
# declares under another symbol name (__asm__("LABEL")), one a line.
asm_labels_of() {
	perl -0777 -ne '
		s{/\*.*?\*/}{ }gs;
		s{^[ \t]*#.*$}{}mg;
		while (/\b(sctp_\w+)\s*\([^()]*\)\s*__asm__\s*\(\s*"(\w+)"\s*\)\s*;/mg) {
			print "$1 $2\n";
		}' "$1"
}
