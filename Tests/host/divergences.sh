# Tests/host/divergences.sh: DIVERGENCES.md's table of kept divergences and
# the C suite's tests of it name the same rows. Sourced by run.sh (ROOT, WORK,
# HOST).
#
#   - a test that make check-reference skips as a known upstream divergence
#     names its row by id (KNOWN_UPSTREAM_DIVERGENCE("id"), or
#     KNOWN_UPSTREAM_DIVERGENCE_IN_1_0_19 for a row that says "1.0.19 only"),
#     never by a sentence of its own;
#   - every such id is a row of the kept table, and every row has a test
#     (or, where no C test can show it, a host test that names it);
#   - the 1.0.19-only rows and the tests skipped only against 1.0.19 are the
#     same.
# The ids come from Tests/host/divergence_ids.pl, which also follows a macro
# or a table field that holds them.

DIVERGENCE_TABLE=$ROOT/DIVERGENCES.md
# An id: lower-case words and numbers joined by "-".
DIVERGENCE_ID='^[a-z0-9]+(-[a-z0-9]+)*$'

# "KIND FILE:LINE ID" of every id the C suite names (tab-separated).
divergence_uses() {
	perl "$HOST/divergence_ids.pl" "$ROOT"/Tests/C/*.c "$ROOT"/Tests/C/*.h | sed "s|$ROOT/||"
}

# The kept table's rows (its part per API family included), "ID<tab>ROW",
# without the headings and rules.
divergence_rows() {
	awk '/^## / { kept = ($0 == "## Kept divergences") } kept && /^\|/' "$DIVERGENCE_TABLE" |
		awk -F'|' '{ id = $2; gsub(/[ `]/, "", id) } id != "id" && id !~ /^-+$/ { print id "\t" $0 }'
}

divergence_ids_are_row_ids_not_free_text() {
	local bad
	bad=$(divergence_uses | awk -F'\t' -v id="$DIVERGENCE_ID" '$1 == "unresolved" || $3 !~ id') || return 1
	[ -z "$bad" ] || fail "$(printf 'not a row id (%d):\n%s' "$(echo "$bad" | wc -l)" "$bad")"
}

the_kept_table_has_one_row_per_id() {
	local ids
	ids=$(divergence_rows | cut -f1)
	[ -n "$ids" ] || fail "no row in the kept table of $DIVERGENCE_TABLE" || return 1
	echo "$ids" | grep -vE "$DIVERGENCE_ID" | sed 's/^/not an id: /' | grep . && return 1
	echo "$ids" | sort | uniq -d | sed 's/^/two rows: /' | grep . && return 1
	note "$(echo "$ids" | wc -l) rows in the kept table"
}

every_known_upstream_divergence_is_a_row_of_the_kept_table() {
	local missing
	missing=$(divergence_uses | awk -F'\t' -v id="$DIVERGENCE_ID" '$1 != "unresolved" && $3 ~ id' |
		awk -F'\t' -v rows="$(divergence_rows | cut -f1)" '
			BEGIN { n = split(rows, r, "\n"); for (i = 1; i <= n; i++) row[r[i]] = 1 }
			!($3 in row) { print $2 ": " $3 }') || return 1
	[ -z "$missing" ] || fail "$(printf 'no such row in the kept table:\n%s' "$missing")"
}

# A row's test is in the C suite, or, for what no C test can show (the
# header's include orders), a host test that names the row.
every_row_of_the_kept_table_has_a_test() {
	local untested
	untested=$(divergence_rows | cut -f1 | grep -vxF -f <(divergence_uses | cut -f3 | sort -u; echo '-') |
		while read -r id; do
			grep -lw -e "$id" "$HOST"/*.sh | grep -qv '/divergences\.sh$' || echo "$id"
		done)
	[ -z "$untested" ] || fail "$(printf 'rows no test names:\n%s' "$untested")"
}

rows_that_say_1_0_19_only_are_the_ones_skipped_only_against_1_0_19() {
	local bad
	bad=$(divergence_uses | awk -F'\t' '$1 != "unresolved"' |
		awk -F'\t' -v only="$(divergence_rows | grep '1\.0\.19 only' | cut -f1)" -v rows="$(divergence_rows | cut -f1)" '
			BEGIN {
				n = split(rows, r, "\n"); for (i = 1; i <= n; i++) row[r[i]] = 1
				n = split(only, r, "\n"); for (i = 1; i <= n; i++) in_1_0_19[r[i]] = 1
			}
			($3 in row) && ($3 in in_1_0_19) != ($1 == "1.0.19") {
				if ($3 in in_1_0_19) why = "says 1.0.19 only, and the test is skipped against 1.0.21 too"
				else why = "does not say 1.0.19 only, and the test runs against 1.0.21"
				print $2 ": " $3 " " why
			}') || return 1
	[ -z "$bad" ] || fail "$bad"
}

divergence_checks() {
	check divergence_ids_are_row_ids_not_free_text
	check the_kept_table_has_one_row_per_id
	check every_known_upstream_divergence_is_a_row_of_the_kept_table
	check every_row_of_the_kept_table_has_a_test
	check rows_that_say_1_0_19_only_are_the_ones_skipped_only_against_1_0_19
}
