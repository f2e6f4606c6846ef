#!/usr/bin/env bash
# Tests/differential/run.sh: the differential harness (README.md here) on a
# real SCTP kernel (Tests/vm/kernel-run.sh), ours against lksctp 1.0.19 and
# 1.0.21. TAP on stdout (one test per reference and call, one for the kept
# rows' ids), the differences found as comments.
#   SEED   the first sequence's seed (default: today's date, YYYYMMDD)
#   COUNT  how many sequences (default 10000)
#   JOBS   processes per library (default 4)
#   LKSCTP_1_0_19, LKSCTP_1_0_21  the reference libraries (default: those
#          Tests/reference/fetch.sh put in build/reference)
set -u
cd "$(dirname "$0")/../.."
seed=${SEED:-$(date -u +%Y%m%d)}
count=${COUNT:-10000}
jobs=${JOBS:-4}
reference() {  # reference VERSION: its libsctp.so.1
	local dir=build/reference/$1/lib
	[ -e "$dir/libsctp.so.1" ] && { echo "$PWD/$dir/libsctp.so.1"; return; }
	[ "$1" = 1.0.19 ] && [ -e /usr/lib/x86_64-linux-gnu/libsctp.so.1.0.19 ] &&
		{ echo /usr/lib/x86_64-linux-gnu/libsctp.so.1.0.19; return; }
	echo "run.sh: no lksctp $1 (Tests/reference/fetch.sh $1, or LKSCTP_${1//./_}=path)" >&2
	echo "/nonexistent/lksctp-$1/libsctp.so.1"
}
lksctp_1_0_19=${LKSCTP_1_0_19:-$(reference 1.0.19)}
lksctp_1_0_21=${LKSCTP_1_0_21:-$(reference 1.0.21)}
harness=build/differential/differential
[ -x "$harness" ] || { echo "run.sh: $harness not built (make $harness)" >&2; exit 2; }
out=build/differential/run.tap
mkdir -p build/differential
{
	# The kept rows' ids are rows of DIVERGENCES.md.
	$harness --check-rows DIVERGENCES.md
	# A limit for hangs, not for pace: well above what a loaded machine takes.
	KERNEL_RUN_TIMEOUT=${KERNEL_RUN_TIMEOUT:-$((900 + count / 3))} Tests/vm/kernel-run.sh "$harness" \
		--seed "$seed" --count "$count" --jobs "$jobs" \
		ours="$PWD/build/libsctp.so.1" lksctp-1.0.19="$lksctp_1_0_19" lksctp-1.0.21="$lksctp_1_0_21"
	status=$?
	[ "$status" -le 1 ] || echo "not ok - the harness ran to its end (kernel-run.sh exited $status)"
} | sed '/^1\.\./d; s/^\(ok\|not ok\) [0-9]* /\1 - /' > "$out"
cat "$out"
echo "1..$(grep -cE '^(ok|not ok) ' "$out")"
! grep -q '^not ok ' "$out"
