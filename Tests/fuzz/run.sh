#!/usr/bin/env bash
# make fuzz: runs each libFuzzer harness given for SECONDS, from a fresh copy
# of its committed seed corpus (Tests/fuzz/corpus/<harness>) in
# build/fuzz/corpus/<harness>, where the inputs it finds are kept until the
# next run. Prints per harness the runs it reached (libFuzzer's "Done N runs")
# and its final coverage; a crash or violated invariant fails it, with the
# input written to build/fuzz/artifacts/.
#   Tests/fuzz/run.sh SECONDS HARNESS...
set -u
cd "$(dirname "$0")/../.."
seconds=$1
shift
fuzz=build/fuzz
mkdir -p "$fuzz/artifacts"
# A small quarantine: the machine is shared, and the harnesses free at once.
export ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=64:detect_leaks=1}

failed=0
summary=()
for harness in "$@"; do
	corpus=$fuzz/corpus/$harness
	rm -rf "$corpus"
	mkdir -p "$corpus"
	cp Tests/fuzz/corpus/"$harness"/* "$corpus"/
	log=$fuzz/$harness.log
	printf '=== %s: %s s from %d seeds\n' "$harness" "$seconds" "$(ls Tests/fuzz/corpus/"$harness" | wc -l)"
	"$fuzz/$harness" -max_total_time="$seconds" -print_final_stats=1 \
		-artifact_prefix="$fuzz/artifacts/$harness-" "$corpus" > "$log" 2>&1
	status=$?
	done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -n 1)
	final=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 | sed -E 's/^#[0-9]+[[:space:]]+DONE[[:space:]]+//')
	if [ "$status" -ne 0 ] || [ -z "$done_line" ]; then
		failed=$((failed + 1))
		grep -E 'invariant failed|ERROR: AddressSanitizer|ERROR: libFuzzer|SUMMARY|^artifact_prefix|Test unit written' "$log" | head -n 20
		summary+=("$harness: FAILED (exit $status), log $log")
	else
		summary+=("$harness: $done_line; $final; corpus $(ls "$corpus" | wc -l) inputs")
	fi
done

echo
for line in "${summary[@]}"; do
	echo "$line"
done
if [ "$failed" -ne 0 ]; then
	echo "fuzz: $failed harness(es) failed"
	exit 1
fi
echo "fuzz: $# harness(es), no crash"
