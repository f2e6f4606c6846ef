# Tests/host/lib.sh: the TAP harness the host packaging tests share.
# Sourced by run.sh. A check is a shell function that returns 0 when what it
# proves holds; whatever it prints (stdout and stderr) is its diagnostic, shown
# as "# ..." lines only when it fails. It runs in a subshell of its own, so it
# may cd, set variables or exit. To print a TAP comment whether or not the
# check passes (a measurement), write "# ..." lines to fd 3: note "text".

TAP_COUNT=0
TAP_FAILED=0

# check FUNCTION: a check named after its function.
check() { check_as "$1" "$1"; }

# check_as NAME FUNCTION [ARGS...]: a check of a function with arguments.
check_as() {
	local name=$1 log
	shift
	TAP_COUNT=$((TAP_COUNT + 1))
	log=$WORK/check-$TAP_COUNT.log
	if ( "$@" ) >"$log" 2>&1; then
		echo "ok $TAP_COUNT - $name"
	else
		echo "not ok $TAP_COUNT - $name"
		TAP_FAILED=$((TAP_FAILED + 1))
		if [ -s "$log" ]; then
			sed -n '1,12{s/^/# /;p}' "$log"
			[ "$(wc -l <"$log")" -le 12 ] || echo "# ... (full log: $log)"
		else
			echo "# (the check printed nothing)"
		fi
	fi
}

# note TEXT: a TAP comment printed in any case (fd 3 is the TAP stream).
note() { echo "# $*" >&3; }

# fail TEXT: print a diagnostic and return non-zero, for "cond || fail ..." .
fail() { echo "$*"; return 1; }

# A scratch directory of one check: $WORK/NAME, made anew.
scratch() {
	local d=$WORK/$1
	rm -rf "$d" && mkdir -p "$d" && echo "$d"
}

# same_lines EXPECTED_FILE ACTUAL_FILE: equal as sorted sets of lines;
# prints what is missing and what is extra.
same_lines() {
	local missing extra
	missing=$(comm -23 <(sort -u "$1") <(sort -u "$2"))
	extra=$(comm -13 <(sort -u "$1") <(sort -u "$2"))
	[ -z "$missing" ] && [ -z "$extra" ] && return 0
	[ -z "$missing" ] || sed 's/^/missing: /' <<<"$missing"
	[ -z "$extra" ] || sed 's/^/unexpected: /' <<<"$extra"
	return 1
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
