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
PUMP_COUNT=${BENCH_PUMP_COUNT:-5000}
PUMP_PAIRS=${BENCH_PUMP_PAIRS:-10}
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

# Message pump: 1 KB messages over one association, in pairs (ours and
# Debian's back to back, the order alternating), both processes on vCPU 0:
# across vCPUs, a TCG guest on a busy host spends most of the run waiting for
# wake-ups (runs of the same binary then differ tenfold).
: > "$OUT/pump.txt"
for i in $(seq "$PUMP_PAIRS"); do
	if [ $((i % 2)) = 1 ]; then order="ours ref"; else order="ref ours"; fi
	for lib in $order; do
		result=$(LD_LIBRARY_PATH=$(libdir $lib) timeout 120 taskset -c 0 "$BIN/pump" "$PUMP_COUNT" 1024 2>&1) ||
			result="failed: $result"
		echo "$i $lib $result" >> "$OUT/pump.txt"
	done
done

# iperf3 --sctp, server and client both on the library under test and on
# vCPU 0, in pairs as the pump.
port=5301
for i in $(seq "$IPERF_PAIRS"); do
	if [ $((i % 2)) = 1 ]; then order="ours ref"; else order="ref ours"; fi
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
for row in recvmsg recvv getpaddrs; do
	for lib in ours ref; do
		status=0
		(BENCH_TRANSPORT=sctp LD_LIBRARY_PATH=$(libdir $lib) timeout 120 \
			valgrind --tool=callgrind --toggle-collect=bench_loop \
			--compress-strings=no --compress-pos=no \
			--callgrind-out-file="$OUT/callgrind/$row.$lib.out" \
			"$BIN/driver" "$row" "$VM_CALLS" count; exit $?) \
			> "$OUT/callgrind/$row.$lib.log" 2>&1 || status=$?
		echo "$status" > "$OUT/callgrind/$row.$lib.status"
	done
done
echo done > "$OUT/done"
