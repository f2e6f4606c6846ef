#!/usr/bin/env bash
# Tests/dropin/run.sh: the drop-in proof. Programs built against Debian's libsctp1 (lksctp-tools'
# checksctp, sctp_test, sctp_darn; iperf3 --sctp; sipp -t s1) and a program that reaches libsctp.so.1
# the way OpenJDK and Erlang do (dlopen/dlsym/dlvsym: dlopen_runtime.c) run unchanged on a real SCTP
# kernel with our build/libsctp.so.1 substituted by LD_LIBRARY_PATH and by LD_PRELOAD, and each run
# proves from inside its processes that ours was the library in use (see in-kernel.sh); control runs
# without substitution show Debian's library in use then.
#
# Runs on the host: installs what is missing with apt-get (lksctp-tools, iperf3, sip-tester, libsctp1,
# libsctp-dev, gcc, binutils), builds the library (make) and build/dropin/dlopen_runtime, checks that
# the programs really link libsctp.so.1, then boots ONE VM (Tests/vm/kernel-run.sh) that runs every
# case (Tests/dropin/in-kernel.sh).
#
# Prints TAP version 13 on stdout (diagnostics as "# " lines, the plan last); exits non-zero if any
# check failed. Nothing is skipped: what could not run is "not ok". Logs: build/dropin/logs/
# (setup.log, console.log: the VM's console, and a directory per case with each process's output,
# the libsctp lines of its LD_DEBUG report and its /proc/PID/maps).
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$ROOT/build/dropin
LOGS=$OUT/logs
RESULTS=$OUT/results.txt
OURS=$ROOT/build/libsctp.so.1
DEBIAN=/usr/lib/x86_64-linux-gnu/libsctp.so.1
export LC_ALL=C
# Whatever the caller's environment says about libraries must not reach the runs (kernel-run.sh
# passes the environment through to the guest).
unset LD_LIBRARY_PATH LD_PRELOAD LD_DEBUG LD_DEBUG_OUTPUT LD_BIND_NOW LD_BIND_NOT
cd "$ROOT" || exit 1
started=$SECONDS

mkdir -p "$OUT"
rm -rf "$LOGS" "$RESULTS"
mkdir -p "$LOGS"
SETUP_LOG=$LOGS/setup.log
: > "$SETUP_LOG"

. "$ROOT/Tests/lib.sh"
tap_begin

# --- 1. what the stage needs -------------------------------------------------------------------------
PACKAGES="lksctp-tools iperf3 sip-tester libsctp1 libsctp-dev gcc binutils"
if ensure_packages $PACKAGES >> "$SETUP_LOG" 2>&1; then
	tap ok "prerequisites installed: $PACKAGES"
	have_packages=1
else
	tap notok "prerequisites installed: $PACKAGES" "apt-get failed: see ${SETUP_LOG#"$ROOT"/}"
	have_packages=0
fi

# --- 2. our library ----------------------------------------------------------------------------------
if make -s -C "$ROOT" >> "$SETUP_LOG" 2>&1 && [ -e "$OURS" ] &&
	readelf -d "$OURS" | grep -q 'SONAME.*\[libsctp\.so\.1\]'; then
	tap ok "our library is built: build/libsctp.so.1 -> $(readlink "$OURS"), SONAME libsctp.so.1"
	have_library=1
else
	tap notok "our library is built: build/libsctp.so.1, SONAME libsctp.so.1" "make failed or no SONAME: see ${SETUP_LOG#"$ROOT"/}"
	have_library=0
fi

# --- 3. the dlopen runtime stand-in ------------------------------------------------------------------
rm -f "$OUT/dlopen_runtime"
if gcc -std=gnu11 -Wall -Wextra -Werror -O1 -g -o "$OUT/dlopen_runtime" "$HERE/dlopen_runtime.c" -ldl \
	>> "$SETUP_LOG" 2>&1 && ! readelf -d "$OUT/dlopen_runtime" | grep -q 'NEEDED.*libsctp'; then
	tap ok "dlopen_runtime.c builds against Debian's <netinet/sctp.h>, not linked with libsctp (it only dlopen's it)"
else
	tap notok "dlopen_runtime.c builds, not linked with libsctp" "see ${SETUP_LOG#"$ROOT"/}"
fi

# --- 4. the programs really link libsctp.so.1 (else substituting it would prove nothing) ------------
# links OBJECT...: every OBJECT resolves libsctp.so.1 to Debian's file (ldd, no substitution).
links() {
	local o r bad=0
	for o in "$@"; do
		r=$(ldd "$o" 2>&1 | awk '$1 == "libsctp.so.1" { print $3 }')
		echo "$o: libsctp.so.1 => ${r:-not linked}"
		[ -n "$r" ] && [ "$(readlink -f "$r")" = "$(readlink -f "$DEBIAN")" ] || bad=1
	done
	return $bad
}
path_of() { command -v "$1" || echo "/usr/bin/$1"; }
d=$(links "$(path_of sctp_test)" "$(path_of sctp_darn)")
[ $? = 0 ] && s=ok || s=notok
tap $s "sctp_test and sctp_darn link libsctp.so.1 (ldd: Debian's)" "$(echo $d)"
d=$(links /usr/lib/x86_64-linux-gnu/libiperf.so.0)
r=$?
iperf_iperf=$(ldd "$(path_of iperf3)" 2>&1 | awk '$1 == "libiperf.so.0" { print $3 }')
d="$d; $(path_of iperf3): libiperf.so.0 => ${iperf_iperf:-not linked}"
[ $r = 0 ] && [ -n "$iperf_iperf" ] && ldd "$(path_of iperf3)" | grep -q 'libsctp\.so\.1 ' && s=ok || s=notok
tap $s "iperf3 links libsctp.so.1 through libiperf.so.0 (libiperf0) (ldd)" "$d"
d=$(links "$(path_of sipp)")
[ $? = 0 ] && s=ok || s=notok
tap $s "sipp (sip-tester) links libsctp.so.1 (ldd)" "$d"

# --- 5. every case, in one VM ------------------------------------------------------------------------
ids=$("$HERE/in-kernel.sh" --list)
# What the host tells faster than the VM: the sctp_* symbols each program imports (all must be bound
# to the library under test), checksctp's NEEDED, the real paths of the two libraries.
imports_of() { nm -D --undefined-only "$1" 2>/dev/null | grep -c ' sctp_'; }
export DROPIN_IMPORTS="sctp_test:$(imports_of "$(path_of sctp_test)") sctp_darn:$(imports_of "$(path_of sctp_darn)") iperf3:$(imports_of /usr/lib/x86_64-linux-gnu/libiperf.so.0) sipp:$(imports_of "$(path_of sipp)")"
DROPIN_CHECKSCTP_NEEDED=$(readelf -d "$(path_of checksctp)" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
export DROPIN_CHECKSCTP_NEEDED=${DROPIN_CHECKSCTP_NEEDED% }
export DROPIN_OURS_REAL=$(readlink -f "$OURS")
export DROPIN_DEBIAN_REAL=$(readlink -f "$DEBIAN")
echo "DROPIN_IMPORTS=$DROPIN_IMPORTS DROPIN_CHECKSCTP_NEEDED=$DROPIN_CHECKSCTP_NEEDED" >> "$SETUP_LOG"
vm_rc=""
vm_started=$SECONDS
if [ "$have_packages" = 1 ] && [ "$have_library" = 1 ]; then
	# The stage's own bound: the cases take about a minute in the guest.
	KERNEL_RUN_TIMEOUT=${KERNEL_RUN_TIMEOUT:-420} "$ROOT/Tests/vm/kernel-run.sh" bash "$HERE/in-kernel.sh" \
		> "$LOGS/console.log" 2>&1
	vm_rc=$?
fi
vm_time=$((SECONDS - vm_started))
for id in $ids; do
	line=$(awk -F'\t' -v id="$id" '$1 == id && $2 != "#" { print; exit }' "$RESULTS" 2>/dev/null)
	mapfile -t diags < <(awk -F'\t' -v id="$id" '$1 == id && $2 == "#" { print $3 }' "$RESULTS" 2>/dev/null)
	if [ -n "$line" ]; then
		status=$(cut -f2 <<<"$line")
		desc=$(cut -f3- <<<"$line")
		[ "$status" = ok ] && s=ok || s=notok
		tap $s "$desc" "${diags[@]}"
	elif [ -z "$vm_rc" ]; then
		tap notok "$id: not run (prerequisites or the library missing)" "see ${SETUP_LOG#"$ROOT"/}"
	else
		tap notok "$id: no result (kernel-run.sh exited $vm_rc)" "see ${LOGS#"$ROOT"/}/console.log (last line: $(tail -1 "$LOGS/console.log" 2>/dev/null))"
	fi
done

echo "# stage time: $((SECONDS - started)) s (the VM run, boot included: $vm_time s, kernel-run.sh exit status ${vm_rc:-none}); logs: ${LOGS#"$ROOT"/}/"
echo "1..$TAP_COUNT"
[ "$TAP_FAILED" = 0 ]
