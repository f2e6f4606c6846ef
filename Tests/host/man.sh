# Tests/host/man.sh: the manual pages of man/ (man3: a page per exported
# function, or a .so link to the page that documents it; man7/libsctp.7).
# Sourced by run.sh (ROOT, WORK, HOST, CC).
#
#   - each page renders without a warning: man-db at 80 columns in UTF-8
#     (man --warnings), groff -ww (every warning), mandoc -Tlint (every
#     message but ".so is fragile", which a .so link page is by design), and
#     no rendered line is wider than 80 columns;
#   - every function libsctp.so.1 exports has its page, and every man3 page
#     documents exported functions;
#   - each SYNOPSIS declares the header's own prototypes: the same text, and a
#     C file that includes the header and declares them again compiles (a
#     type or parameter count of its own would be a conflicting declaration);
#   - the sections each man3 page has, and what libsctp.7 must name;
#   - references to this library's pages resolve.
#
# Pages are rendered from man/, as from a directory of the manual path, so
# that ".so man3/x.3" finds this tree's page (from elsewhere man-db would
# find the system's lksctp page of that name).

MAN_DIR=$ROOT/man
MAN_PACKAGES="man-db groff-base mandoc"
# The sections of a man3 page, in this order (others may come between).
MAN3_SECTIONS="NAME|SYNOPSIS|DESCRIPTION|RETURN VALUE|ERRORS|NOTES|DIFFERENCES FROM LKSCTP|CONFORMING TO|SEE ALSO"

# The pages, relative to man/, one a line.
man_pages() {
	(cd "$MAN_DIR" && ls man1/*.1 man3/*.3 man7/*.7)
}

# man_so_target PAGE: the page a .so link page names (relative to man/);
# nothing for a page of its own.
man_so_target() {
	sed -n '1s/^\.so[ \t][ \t]*\([^ \t]*\)[ \t]*$/\1/p' "$MAN_DIR/$1"
}

# The functions libsctp.so.1 exports, one a line, without their versions;
# one the header calls by an asm label, by the name it declares.
man_exported_functions() {
	nm -D --defined-only "$ROOT/build/libsctp.so.1" | awk '$2 ~ /^[TtWi]$/ { sub(/@.*/, "", $3); print $3 }' |
		awk 'NR == FNR { name[$2] = $1; next } { print ($1 in name) ? name[$1] : $1 }' \
			<(asm_labels_of "$ROOT/include/netinet/sctp.h") - | sort -u
}

# man_render PAGE: the page as plain ASCII text at 80 columns, rendered by
# man-db from man/; once a run (the checks run in subshells: the text is
# kept in $WORK/man-text).
man_render() {
	local text=$WORK/man-text/${1//\//_}.txt
	if [ ! -s "$text" ]; then
		mkdir -p "$WORK/man-text" &&
			(cd "$MAN_DIR" && LC_ALL=C MANWIDTH=80 MANPAGER=cat PAGER=cat MAN_KEEP_FORMATTING= man -l "$1") >"$text.$$" &&
			mv "$text.$$" "$text" || { rm -f "$text.$$"; return 1; }
	fi
	cat "$text"
}

# man_section TEXT_FILE NAME: the lines of a section of a rendered page.
man_section() {
	awk -v want="$2" '/^[A-Z]/ { on = ($0 == want); next } on' "$1"
}

# man_names TEXT_FILE: the names a rendered page's NAME section gives, one a line.
man_names() {
	man_section "$1" NAME | tr '\n' ' ' | sed 's/ - .*//' | tr -s ', ' '\n\n' | sed '/^$/d'
}

# A prototype with its blanks squeezed, and none after "(" or "*", nor
# before ")" or ",": the form the page and the header are compared in.
man_normalize_prototype() {
	sed -e 's/[[:space:]][[:space:]]*/ /g' -e 's/^ //' -e 's/ $//' \
		-e 's/( /(/g' -e 's/ )/)/g' -e 's/ ,/,/g' -e 's/\* /*/g'
}

# man_synopsis_prototypes TEXT_FILE: the prototypes a rendered page's
# SYNOPSIS declares, one a line, normalized.
man_synopsis_prototypes() {
	man_section "$1" SYNOPSIS | grep -v '^ *#include' | tr '\n' ' ' | tr ';' '\n' |
		grep '(' | sed 's/$/;/' | man_normalize_prototype
}

# man_renders_cleanly PAGE: the checks of one page's rendering.
man_renders_cleanly() {
	local page=$1 d out target
	d=$(scratch "man/${page//\//_}")
	cd "$MAN_DIR" || return 1
	[ -s "$page" ] || fail "$page is empty" || return 1
	LC_ALL=C.UTF-8 MANWIDTH=80 MANPAGER=cat PAGER=cat man --warnings -l "$page" >"$d/utf8.txt" 2>"$d/man.err" ||
		fail "man -l $page failed:" "$(cat "$d/man.err")" || return 1
	[ ! -s "$d/man.err" ] || fail "man --warnings:" "$(cat "$d/man.err")" || return 1
	[ -s "$d/utf8.txt" ] || fail "man rendered nothing" || return 1
	groff -man -ww -z "$page" >"$d/groff.err" 2>&1 || fail "groff -man -ww -z failed:" "$(cat "$d/groff.err")" || return 1
	[ ! -s "$d/groff.err" ] || fail "groff -ww:" "$(cat "$d/groff.err")" || return 1
	mandoc -Tlint "$page" >"$d/mandoc.out" 2>&1
	target=$(man_so_target "$page")
	# A .so link page is fragile by design; every other message counts.
	if [ -n "$target" ]; then
		grep -v -F "WARNING: .so is fragile, better use ln(1): so $target" "$d/mandoc.out" >"$d/mandoc.err"
	else
		cp "$d/mandoc.out" "$d/mandoc.err"
	fi
	[ ! -s "$d/mandoc.err" ] || fail "mandoc -Tlint:" "$(cat "$d/mandoc.err")" || return 1
	man_render "$page" >"$d/ascii.txt" 2>"$d/ascii.err" && [ ! -s "$d/ascii.err" ] ||
		fail "man -l $page in the C locale:" "$(cat "$d/ascii.err")" || return 1
	! grep -q "$(printf '\b')" "$d/ascii.txt" || fail "the rendered text has overstrikes" || return 1
	out=$(awk 'length($0) > 80 { printf "%d columns: %s\n", length($0), $0 }' "$d/ascii.txt")
	[ -z "$out" ] || fail "lines wider than 80 columns:" "$out" || return 1
	grep -q 'libsctp 1\.1\.0' "$d/ascii.txt" || fail "not this library's page (no 'libsctp 1.1.0' in its title or footer)" || return 1
	if [ -n "$target" ]; then
		# The link renders as the page it names, in this tree.
		[ "$(sed -n '$=' "$page")" = 1 ] || fail "$page: a .so link page has one line" || return 1
		[ -f "$target" ] && [ -z "$(man_so_target "$target")" ] ||
			fail "$page: .so $target is not a page of man/" || return 1
		man_render "$target" | cmp -s - "$d/ascii.txt" || fail "$page does not render as $target" || return 1
	fi
}

# Every exported function has a page in man3 (its own, or a .so link that
# resolves), whose NAME and SYNOPSIS name it; every man3 page is of an
# exported function.
man_every_exported_function_has_a_page() {
	local f page target d bad=0 n=0
	d=$(scratch man-functions)
	man_exported_functions >"$d/exported"
	[ -s "$d/exported" ] || fail "nm found no exported function in build/libsctp.so.1" || return 1
	while read -r f; do
		n=$((n + 1))
		page=man3/$f.3
		[ -f "$MAN_DIR/$page" ] || { echo "$f: no $page"; bad=1; continue; }
		target=$(man_so_target "$page")
		[ -z "$target" ] || page=$target
		[ -f "$MAN_DIR/$page" ] || { echo "$f: $page does not exist"; bad=1; continue; }
		man_render "$page" >"$d/$f.txt" 2>/dev/null
		man_names "$d/$f.txt" | grep -qx "$f" || { echo "$f: not in the NAME of $page"; bad=1; }
		man_synopsis_prototypes "$d/$f.txt" | grep -q "[ *]$f(" || { echo "$f: not in the SYNOPSIS of $page"; bad=1; }
	done <"$d/exported"
	(cd "$MAN_DIR/man3" && ls *.3) | sed 's/\.3$//' >"$d/pages"
	comm -13 "$d/exported" <(sort "$d/pages") | sed 's/^/a page of no exported function: man3\//; s/$/.3/'
	[ -z "$(comm -13 "$d/exported" <(sort "$d/pages"))" ] || bad=1
	note "$n exported functions, $(wc -l <"$d/pages") pages in man3 ($(grep -l '^\.so' "$MAN_DIR"/man3/*.3 | wc -l) of them .so links)"
	[ "$bad" -eq 0 ]
}

# The prototypes of every man3 page's SYNOPSIS, one a line.
man_all_synopsis_prototypes() {
	local page d=$1
	for page in $(man_pages | grep '^man3/'); do
		[ -z "$(man_so_target "$page")" ] || continue
		man_render "$page" >"$d/${page#man3/}.txt" 2>/dev/null
		man_synopsis_prototypes "$d/${page#man3/}.txt"
	done
}

# Each SYNOPSIS prototype is the header's, word for word (parameter names
# included), and every function appears in one SYNOPSIS only.
man_synopsis_prototypes_are_the_headers() {
	local d
	d=$(scratch man-synopsis-text)
	man_all_synopsis_prototypes "$d" >"$d/pages"
	[ -s "$d/pages" ] || fail "no prototype in any SYNOPSIS" || return 1
	prototypes_of "$ROOT/include/netinet/sctp.h" | man_normalize_prototype | sort >"$d/header"
	sed 's/(.*//; s/.*[ *]//' "$d/pages" | sort | uniq -d | sed 's/^/declared by more than one page: /' >"$d/dups"
	[ ! -s "$d/dups" ] || fail "$(cat "$d/dups")" || return 1
	same_lines "$d/header" "$d/pages"
}

# The SYNOPSIS prototypes, declared again after the header in a C file that
# must compile: a type or parameter count of their own is a conflicting
# declaration, an error.
man_synopsis_prototypes_compile_against_the_header() {
	local d
	d=$(scratch man-synopsis-compile)
	{
		echo '#include <netinet/sctp.h>'
		man_all_synopsis_prototypes "$d"
		echo 'int main(void) { return 0; }'
	} >"$d/synopsis.c"
	[ "$(grep -c '(' "$d/synopsis.c")" -gt 1 ] || fail "no prototype in any SYNOPSIS" || return 1
	"$CC" -std=c11 -Wall -Wextra -Werror -pedantic -I "$ROOT/include" -fsyntax-only "$d/synopsis.c" 2>"$d/cc.err" ||
		fail "the SYNOPSIS prototypes conflict with the header:" "$(grep -E 'error|note' "$d/cc.err")"
}

# Every man3 page of its own has the sections of the list, in its order.
man3_pages_have_every_section() {
	local page d bad=0 want got
	d=$(scratch man-sections)
	for page in $(man_pages | grep '^man3/'); do
		[ -z "$(man_so_target "$page")" ] || continue
		man_render "$page" 2>/dev/null | grep -E "^($MAN3_SECTIONS)\$" >"$d/got"
		tr '|' '\n' <<<"$MAN3_SECTIONS" >"$d/want"
		cmp -s "$d/want" "$d/got" || {
			echo "$page: sections $(paste -sd, "$d/got"), expected $(paste -sd, "$d/want")"
			bad=1
		}
	done
	[ "$bad" -eq 0 ]
}

# libsctp.7 names every exported function, every version node, and the soname.
man_libsctp_7_names_the_functions_versions_and_soname() {
	local d f missing=""
	d=$(scratch man-libsctp7)
	man_render man7/libsctp.7 >"$d/text" 2>/dev/null && [ -s "$d/text" ] || fail "man7/libsctp.7 does not render" || return 1
	tr -s ' \n' '  ' <"$d/text" >"$d/flat"
	for f in $(man_exported_functions) \
		$(nm -D --defined-only "$ROOT/build/libsctp.so.1" | awk '$2 == "A" { print $3 }') \
		$(readelf -d "$ROOT/build/libsctp.so.1" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p'); do
		grep -qw -- "$f" "$d/flat" || missing="$missing $f"
	done
	[ -z "$missing" ] || fail "libsctp.7 does not name:$missing"
}

# Every reference to this library's pages (sctp_*(3), libsctp(7)) names a
# page of man/.
man_references_resolve() {
	local page ref bad=0
	for page in $(man_pages); do
		[ -z "$(man_so_target "$page")" ] || continue
		for ref in $(man_render "$page" 2>/dev/null | tr -s ' \n' '  ' |
			grep -oE '\b(sctp_[a-z_]+\(3\)|libsctp\(7\))' | sort -u); do
			ref=${ref%)}
			[ -f "$MAN_DIR/man${ref##*(}/${ref%(*}.${ref##*(}" ] || { echo "$page: ${ref})"; bad=1; }
		done
	done
	[ "$bad" -eq 0 ] || echo "(references to pages man/ does not have)"
	[ "$bad" -eq 0 ]
}

man_checks() {
	local page
	ensure_packages $MAN_PACKAGES || echo "# apt-get could not install all of: $MAN_PACKAGES" >&2
	for page in $(man_pages); do
		check_as "man_page_renders_without_warnings[$page]" man_renders_cleanly "$page"
	done
	check man_every_exported_function_has_a_page
	check man_synopsis_prototypes_are_the_headers
	check man_synopsis_prototypes_compile_against_the_header
	check man3_pages_have_every_section
	check man_libsctp_7_names_the_functions_versions_and_soname
	check man_references_resolve
}
