#!/bin/sh
# The real-SCTP-kernel part of make bench, run by bench/run.sh through
# Tests/vm/kernel-run.sh (one boot: both libraries in the same guest). Writes
# its raw results under build/bench/vm/ (writable from the guest); the host's
# bench/report.py reads them.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/build/bench/vm
BIN=$ROOT/build/bench/bin
PUMP_COUNT=${BENCH_PUMP_COUNT:-1000}
PUMP_ROUNDS=${BENCH_PUMP_ROUNDS:-30}
IPERF_SECONDS=${BENCH_IPERF_SECONDS:-2}
IPERF_PAIRS=${BENCH_IPERF_PAIRS:-6}
VM_CALLS=${BENCH_VM_CALLS:-1000}
mkdir -p "$OUT/allocs" "$OUT/callgrind"

libdir() { if [ "$1" = ours ]; then echo "$ROOT/build"; else echo "$ROOT/build/bench/ref"; fi; }

# Room for the pump's 8 MB socket buffers: in the guest only (which is
# thrown away), never on a host that runs this natively.
if [ "${KERNEL_RUN_GUEST:-0}" = 1 ]; then
	sysctl -qw net.core.rmem_max=16777216 net.core.wmem_max=16777216
fi

echo "kernel=$(uname -r)" > "$OUT/meta.txt"
echo "nproc=$(nproc)" >> "$OUT/meta.txt"

# Message pump: 1 KB messages over one association, ours and Debian's side by
# side (bench/pump.c: the two take turns on the same association, the order
# alternating), and the control: Debian's against itself. Both processes on
# vCPU 0: across vCPUs, a TCG guest on a busy host spends most of the run
# waiting for wake-ups (runs of the same binary then differ tenfold).
pump() {
	timeout 300 taskset -c 0 "$BIN/pump" "$PUMP_COUNT" 1024 "$PUMP_ROUNDS" \
		"$(libdir $1)/libsctp.so.1" "$(libdir $2)/libsctp.so.1" > "$OUT/pump.$1-$2.txt" 2>&1 ||
		echo failed >> "$OUT/pump.$1-$2.txt"
}
pump ours ref
pump ref ref

# iperf3 --sctp, server and client both on the library under test and on
# vCPU 0, in back-to-back pairs (ours and Debian's, the order alternating),
# then as many control pairs (Debian's twice: "ref" and "ref-again"). iperf3
# can only be measured a process at a time.
port=5301
for i in $(seq "$((2 * IPERF_PAIRS))"); do
	if [ "$i" -le "$IPERF_PAIRS" ]; then one=ours other=ref; else one=ref other=ref-again; fi
	if [ $((i % 2)) = 1 ]; then order="$one $other"; else order="$other $one"; fi
	for lib in $order; do
		port=$((port + 1))
		LD_LIBRARY_PATH=$(libdir $lib) timeout 60 taskset -c 0 iperf3 -s -1 -B 127.0.0.1 -p $port \
			> "$OUT/iperf3-server.$lib.$i.txt" 2>&1 &
		server=$!
		# Wait until the server listens (the client fails at once otherwise).
		n=0
		while [ $n -lt 50 ] && ! grep -q "Server listening" "$OUT/iperf3-server.$lib.$i.txt" 2>/dev/null; do
			sleep 0.1
			n=$((n + 1))
		done
		LD_LIBRARY_PATH=$(libdir $lib) timeout 60 taskset -c 0 iperf3 --sctp -c 127.0.0.1 -p $port \
			-w 8M -t "$IPERF_SECONDS" -J > "$OUT/iperf3.$lib.$i.json" 2>&1
		wait $server
	done
done

# Heap allocations on the success paths (a real association).
for row in sendmsg send recvmsg sendv-noinfo sendv-spa2 sendv-spa3 sendv-addrs recvv getpaddrs; do
	for lib in ours ref; do
		(BENCH_TRANSPORT=sctp LD_LIBRARY_PATH=$(libdir $lib) LD_PRELOAD=$BIN/malloc_count.so \
			timeout 60 "$BIN/driver" "$row" "$VM_CALLS" count; exit $?) \
			> "$OUT/allocs/$row.$lib.txt" 2>&1 || echo "status=$?" >> "$OUT/allocs/$row.$lib.txt"
	done
done

# Instructions on the success paths the host's UDP cannot show: the receive
# paths parsing real SCTP ancillary data, and getpaddrs handing over a list.
# (timeout runs the valgrind on PATH, not this function.)
valgrind() { timeout 120 valgrind "$@"; }
. bench/callgrind_loop.sh
BENCH_TRANSPORT=sctp callgrind_loop "$OUT/callgrind" "$BIN/driver" "$VM_CALLS" recvmsg recvv getpaddrs
echo done > "$OUT/done"
