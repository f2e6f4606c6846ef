#!/usr/bin/env bash
# make bench-arm64: instructions per call on arm64, ours (make ARCH=aarch64,
# build/aarch64/) against Debian's libsctp1:arm64, the base rows of the
# amd64 instruction table over UDP loopback (no SCTP kernel needed). Writes
# the "arm64" section of bench/RESULTS.md (between its markers; make bench
# keeps it).
#
# How: Debian's valgrind:arm64 is downloaded and unpacked (never installed:
# it cannot sit beside the amd64 one) into build/bench/arm64/valgrind, and
# its callgrind tool runs under qemu-aarch64 user mode. Callgrind counts the
# guest's instructions, so the emulation changes only the time it takes.
# Raw data: build/bench/arm64/.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/build/bench/arm64
OURS_DIR=$ROOT/build/aarch64
REF_DIR=$OUT/ref
REFERENCE=/usr/lib/aarch64-linux-gnu/libsctp.so.1
CALLS=${BENCH_ARM64_CALLS:-10000}
ROWS="sendmsg send recvmsg sendv-noinfo sendv-spa2 sendv-spa3 sendv-addrs recvv bindx connectx getpaddrs"

log() { printf '[bench-arm64 %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

. Tests/lib.sh
need_architecture arm64
ensure_packages --no-install-recommends gcc-aarch64-linux-gnu qemu-user libc6:arm64 libsctp1:arm64 python3
[ -e "$OURS_DIR/libsctp.so.1" ] || { echo "bench-arm64: build/aarch64/libsctp.so.1 missing: run make ARCH=aarch64" >&2; exit 1; }

VG=$OUT/valgrind
TOOL=$VG/usr/libexec/valgrind/callgrind-arm64-linux
if [ ! -x "$TOOL" ]; then
	log "fetching valgrind:arm64 (unpacked, not installed)"
	rm -rf "$VG" && mkdir -p "$VG"
	(cd "$OUT" && rm -f valgrind_*.deb && apt-get download -qq -o APT::Sandbox::User=root valgrind:arm64 >&2)
	dpkg-deb -x "$OUT"/valgrind_*_arm64.deb "$VG"
	rm -f "$OUT"/valgrind_*_arm64.deb
fi

rm -rf "$OUT/callgrind" && mkdir -p "$OUT/callgrind" "$REF_DIR"
ln -sf "$REFERENCE" "$REF_DIR/libsctp.so.1"
aarch64-linux-gnu-gcc -std=gnu11 -O2 -Wall -Wextra -Werror -I "$ROOT/include" \
	-o "$OUT/driver" bench/driver.c -L "$OURS_DIR" -lsctp -ldl

libdir() { if [ "$1" = ours ]; then echo "$OURS_DIR"; else echo "$REF_DIR"; fi; }
# valgrind's launcher execs the tool, which qemu-user cannot follow without
# binfmt_misc: the tool is started directly, with what the launcher passes it
# (--tool too, which callgrind_loop gives: without it the tool preloads
# memcheck's malloc replacement, which makes malloc return NULL here).
valgrind() {
	VALGRIND_LAUNCHER=$VG/usr/bin/valgrind.bin VALGRIND_LIB=$VG/usr/libexec/valgrind \
		qemu-aarch64 -L / "$TOOL" "$@"
}

log "callgrind under qemu-aarch64: $CALLS calls per row and library"
. bench/callgrind_loop.sh
# shellcheck disable=SC2086
callgrind_loop "$OUT/callgrind" "$OUT/driver" "$CALLS" $ROWS
{
	echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "calls=$CALLS"
	echo "ours=$(readlink -f "$OURS_DIR/libsctp.so.1")"
	echo "ref=$(readlink -f "$REFERENCE") ($(dpkg-query -W -f='${Package} ${Version}' libsctp1:arm64))"
	echo "valgrind=valgrind-$(strings "$TOOL" | grep -m1 -oE '^3\.[0-9]+\.[0-9]+$' || true) (Debian's valgrind:arm64, under $(qemu-aarch64 --version | head -1))"
	echo "cc=$(aarch64-linux-gnu-gcc --version | head -1)"
	echo "git=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)"
} > "$OUT/meta.txt"
python3 bench/report_arm64.py "$OUT" bench/RESULTS.md
