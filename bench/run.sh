#!/usr/bin/env bash
# make bench: our libsctp.so.1 (build/) against Debian's libsctp1, in the same
# run, on the same machine. Prints one table and writes it to
# bench/RESULTS.md. Not part of make check: no timing here decides a test.
#
#   bench/run.sh            (what `make bench` runs, after `make all`)
#   BENCH_SKIP_VM=1 bench/run.sh      without the real-SCTP-kernel part
#
# What it measures and how: bench/METHOD.md (also appended to RESULTS.md).
# Raw data: build/bench/. Takes some 6-10 minutes (4-8 of them in the VM).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/build/bench
BIN=$OUT/bin
OURS_DIR=$ROOT/build
REF_DIR=$OUT/ref                      # holds libsctp.so.1 -> Debian's
REFERENCE=/usr/lib/x86_64-linux-gnu/libsctp.so.1

# Sizes of the runs.
CALLS=${BENCH_CALLS:-10000}           # callgrind: calls per row
ALLOC_CALLS=${BENCH_ALLOC_CALLS:-1000}
WALL_CALLS=${BENCH_WALL_CALLS:-640}   # per library per round (10 batches)
WALL_ROUNDS=${BENCH_WALL_ROUNDS:-300} # per process (each library once a round)
WALL_PROCESSES=${BENCH_WALL_PROCESSES:-5} # per row (which library loads first alternates)
STARTUP_RUNS=${BENCH_STARTUP_RUNS:-100}   # per library per round
STARTUP_ROUNDS=${BENCH_STARTUP_ROUNDS:-30} # hyperfine runs, the order alternating
VM_TIMEOUT=${BENCH_VM_TIMEOUT:-1200}
# The VM part's (bench/vm.sh reads them; kernel-run.sh keeps the environment).
export BENCH_PUMP_COUNT=${BENCH_PUMP_COUNT:-1000} BENCH_PUMP_ROUNDS=${BENCH_PUMP_ROUNDS:-30}
export BENCH_IPERF_SECONDS=${BENCH_IPERF_SECONDS:-2} BENCH_IPERF_PAIRS=${BENCH_IPERF_PAIRS:-6}
export BENCH_VM_CALLS=${BENCH_VM_CALLS:-1000}

BASE_ROWS="sendmsg send recvmsg sendv-noinfo sendv-spa2 sendv-spa3 sendv-addrs recvv bindx connectx getpaddrs"
WALL_ROWS="$BASE_ROWS raw-sendmsg raw-recvmsg"
# The sends to addresses (bench/driver.c): instructions and allocations only.
ADDRESS_ROWS=""
for count in 1 2 3 8; do
	for family in v4 v6 mixed; do
		[ "$count" = 1 ] && [ "$family" = mixed ] && continue
		for info in noinfo sndinfo prinfo authinfo spa; do ADDRESS_ROWS="$ADDRESS_ROWS sendv-$count-$family-$info"; done
		for info in none sinfo sinfo0; do ADDRESS_ROWS="$ADDRESS_ROWS sendx-$count-$family-$info"; done
	done
done
ROWS="$BASE_ROWS$ADDRESS_ROWS"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# --- what it needs --------------------------------------------------------------
. Tests/lib.sh
ensure_packages libsctp1 valgrind hyperfine iperf3 python3 binutils gcc libc6-dev
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=python3

# The reference must be Debian's file as shipped (dpkg --verify lists a
# changed file as "??5??????" or similar).
if dpkg --verify libsctp1 2>/dev/null | grep -q libsctp; then
	echo "bench: $REFERENCE differs from Debian's libsctp1 package (dpkg --verify libsctp1)" >&2
	exit 1
fi
[ -e "$OURS_DIR/libsctp.so.1" ] || { echo "bench: build/libsctp.so.1 missing: run make" >&2; exit 1; }

rm -rf "$OUT/host" "$OUT/vm"
mkdir -p "$BIN" "$REF_DIR" "$OUT/host/callgrind" "$OUT/host/allocs" "$OUT/host/wall" \
	"$OUT/host/startup" "$OUT/host/size" "$OUT/vm"
ln -sf "$REFERENCE" "$REF_DIR/libsctp.so.1"

# --- the programs ---------------------------------------------------------------------
log "building the driver, the allocation counter, the start-up program and the pump"
CFLAGS="-std=gnu11 -O2 -Wall -Wextra -Werror -I $ROOT/include"
cc $CFLAGS -o "$BIN/driver" bench/driver.c -L "$OURS_DIR" -lsctp -ldl
cc $CFLAGS -DSIDE_BY_SIDE -o "$BIN/driver-side-by-side" bench/driver.c -ldl
cc $CFLAGS -o "$BIN/pump" bench/pump.c -ldl
cc -O2 -Wall -Wextra -Werror -shared -fPIC -o "$BIN/malloc_count.so" bench/malloc_count.c
# Two copies of the start-up program, each finding its library through its
# RUNPATH (no LD_LIBRARY_PATH, no wrapper process in what hyperfine times).
cc $CFLAGS -o "$BIN/startup-ours" bench/startup.c -L "$OURS_DIR" -lsctp \
	-Wl,--enable-new-dtags -Wl,-rpath,"$OURS_DIR"
cc $CFLAGS -o "$BIN/startup-ref" bench/startup.c -L "$OURS_DIR" -lsctp \
	-Wl,--enable-new-dtags -Wl,-rpath,"$REF_DIR"
# The control: the same program against the same library, under another name.
cp "$BIN/startup-ref" "$BIN/startup-ref-again"

libdir() { if [ "$1" = ours ]; then echo "$OURS_DIR"; else echo "$REF_DIR"; fi; }

# Each program must load the library it is meant to.
for lib in ours ref; do
	loaded=$(LD_LIBRARY_PATH=$(libdir $lib) ldd "$BIN/driver" | awk '/libsctp/ {print $3}')
	case "$lib:$(readlink -f "$loaded")" in
	ours:"$(readlink -f "$OURS_DIR/libsctp.so.1")" | ref:"$(readlink -f "$REFERENCE")") ;;
	*) echo "bench: the driver loads $loaded for $lib" >&2; exit 1 ;;
	esac
done

# --- meta ---------------------------------------------------------------------------------
{
	echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "nproc=$(nproc)"
	echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
	echo "kernel=$(uname -srm)"
	echo "load=$(cut -d' ' -f1-3 /proc/loadavg)"
	if [ -n "${MAKELEVEL:-}" ]; then echo "command=make bench"; else echo "command=bench/run.sh"; fi
	echo "ours=$(readlink -f "$OURS_DIR/libsctp.so.1")"
	echo "ref=$(readlink -f "$REFERENCE") ($(dpkg-query -W -f='${Package} ${Version}' "libsctp1:$(dpkg --print-architecture)"))"
	echo "swiftc=$(swiftc --version 2>/dev/null | head -1 || true)"
	echo "cc=$(cc --version | head -1)"
	echo "valgrind=$(valgrind --version)"
	echo "hyperfine=$(hyperfine --version)"
	echo "calls=$CALLS"
	echo "vm_calls=$BENCH_VM_CALLS"
	echo "pump_count=$BENCH_PUMP_COUNT"
	echo "iperf_seconds=$BENCH_IPERF_SECONDS"
	iperf_library=$(ldd "$(command -v iperf3)" | awk '/libiperf/ {print $3}')
	echo "iperf3_libsctp_imports=$(nm -D --undefined-only "$iperf_library" | awk '/ sctp_/ {print $2}' | tr '\n' ' ' | sed 's/ $//')"
	echo "git=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)"
} > "$OUT/meta.txt"

# --- instructions per call (callgrind) --------------------------------------------------
log "callgrind: $CALLS calls per row and library"
. bench/callgrind_loop.sh
callgrind_loop "$OUT/host/callgrind" "$BIN/driver" "$CALLS" $ROWS

# --- heap allocations per call (LD_PRELOAD counter) ----------------------------------
log "allocations: $ALLOC_CALLS calls per row and library"
for row in $ROWS; do
	for lib in ours ref; do
		(LD_LIBRARY_PATH=$(libdir $lib) LD_PRELOAD=$BIN/malloc_count.so \
			"$BIN/driver" "$row" "$ALLOC_CALLS" count; exit $?) \
			> "$OUT/host/allocs/$row.$lib.txt" 2>&1 || echo "status=$?" >> "$OUT/host/allocs/$row.$lib.txt"
	done
done

# --- wall time per call (clock_gettime in the driver, both libraries in one process) -----
log "wall time: side by side, $WALL_PROCESSES processes of $WALL_ROUNDS rounds per row"
for row in $WALL_ROWS; do
	: > "$OUT/host/wall/$row.txt"
	for i in $(seq "$WALL_PROCESSES"); do
		# Which library is loaded first alternates from process to process.
		# Debian's sctp_sendv aborts on sendv-spa3: ours takes both turns.
		if [ "$row" = sendv-spa3 ]; then first=ours second=ours
		elif [ $((i % 2)) = 1 ]; then first=ours second=ref
		else first=ref second=ours; fi
		if "$BIN/driver-side-by-side" "$row" "$WALL_CALLS" "$WALL_ROUNDS" \
			"$(libdir $first)/libsctp.so.1" "$(libdir $second)/libsctp.so.1" \
			> "$OUT/host/wall/$row.$i.raw" 2> "$OUT/host/wall/$row.$i.log"; then
			# "process lib ns lib ns", a line a round.
			awk -v i="$i" -v a="$first" -v b="$second" '{print i, a, $1, b, $2}' \
				"$OUT/host/wall/$row.$i.raw" >> "$OUT/host/wall/$row.txt"
		else
			echo "$i failed" >> "$OUT/host/wall/$row.txt"
		fi
	done
done

# --- start-up (hyperfine) and start-up instructions (callgrind) -----------------------
log "start-up: hyperfine, $STARTUP_ROUNDS rounds of $STARTUP_RUNS runs per library, and the control"
# Short rounds, the order alternating: the machine's drift between the two
# libraries' runs stays within a round, and each round's ratio is kept.
for round in $(seq "$STARTUP_ROUNDS"); do
	for pair in "ours ref" "ref ref-again"; do
		read -r one other <<< "$pair"
		if [ $((round % 2)) = 1 ]; then first=$one second=$other; else first=$other second=$one; fi
		hyperfine -N --warmup 20 --runs "$STARTUP_RUNS" --style none \
			--export-json "$OUT/host/startup/$one-$other.round$round.json" \
			"$BIN/startup-$first" "$BIN/startup-$second" > /dev/null 2>&1
	done
done
for lib in ours ref; do
	valgrind --tool=callgrind --callgrind-out-file="$OUT/host/startup/startup-$lib.cg.out" \
		"$BIN/startup-$lib" > "$OUT/host/startup/startup-$lib.cg.log" 2>&1
done

# --- size ------------------------------------------------------------------------------------
strip -o "$OUT/host/size/ours.so" "$(readlink -f "$OURS_DIR/libsctp.so.1")"
strip -o "$OUT/host/size/ref.so" "$(readlink -f "$REFERENCE")"

# --- the real SCTP kernel (one VM boot) ---------------------------------------------------
if [ "${BENCH_SKIP_VM:-0}" = 1 ]; then
	log "VM part skipped (BENCH_SKIP_VM=1)"
	echo skipped > "$OUT/vm/status"
else
	log "real SCTP kernel: pump, iperf3 --sctp, allocations and callgrind (one VM boot)"
	status=0
	KERNEL_RUN_TIMEOUT=$VM_TIMEOUT Tests/vm/kernel-run.sh bench/vm.sh \
		> "$OUT/vm/console.log" 2>&1 || status=$?
	echo "$status" > "$OUT/vm/status"
	[ "$status" = 0 ] || log "the VM part failed (status $status): see build/bench/vm/console.log"
fi

# --- the table -------------------------------------------------------------------------------
"$PYTHON" bench/report.py "$OUT" "$ROOT/bench/RESULTS.md"
