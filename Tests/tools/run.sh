#!/usr/bin/env bash
# Tests/tools/run.sh: withsctp(1) and checksctp(1), ours (build/tools)
# against Debian's (lksctp-tools). Prints TAP version 13 on stdout (the plan
# last); exits non-zero if any check failed.
#   on this machine's kernel: libwithsctp.so.1's exports and NEEDED, the
#     script, socket_probe.c under both libraries, checksctp and withsctp's
#     exit statuses and messages (this kernel has no SCTP on the machines
#     this project is built on: then both fail, alike);
#   on a real SCTP kernel (Tests/vm/kernel-run.sh, one boot: in-kernel.sh):
#     unmodified TCP servers and clients (a C pair, nc, socat) under each
#     withsctp talk over SCTP, with the association in /proc/net/sctp/assocs
#     while they run, and the same results under both; checksctp and the
#     probe the same under both.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$ROOT/build/tools-tests
BIN=$OUT/bin
WORK=$OUT/work
TOOLS=$ROOT/build/tools
DEBIAN_LIB=/usr/lib/x86_64-linux-gnu/lksctp-tools/libwithsctp.so.1
export LC_ALL=C
unset LD_PRELOAD LD_LIBRARY_PATH
cd "$ROOT" || exit 1
. "$ROOT/Tests/lib.sh"
rm -rf "$OUT" && mkdir -p "$BIN" "$WORK"

tap_begin
ensure_packages lksctp-tools netcat-openbsd socat gcc binutils >/dev/null ||
	tap_give_up "lksctp-tools, netcat-openbsd and socat are installed" "apt-get failed"
make -s -C "$ROOT" tools >&2 || tap_give_up "withsctp and checksctp build" "make tools failed"
for program in tcp_echo_server tcp_echo_client socket_probe; do
	gcc -std=gnu11 -Wall -Wextra -Werror -O1 -o "$BIN/$program" "$HERE/$program.c" ||
		tap_give_up "$program.c builds" "gcc failed"
done
gcc -std=gnu11 -Wall -Wextra -Werror -O1 -shared -fPIC -o "$BIN/socket_wrapper.so" "$HERE/socket_wrapper.c" ||
	tap_give_up "socket_wrapper.c builds" "gcc failed"

# --- this machine's kernel ------------------------------------------------------

# The functions each library defines and exports.
exported_functions() { nm -D --defined-only "$1" | awk '$2 == "T" { print $3 }' | sort; }

libwithsctp_exports_the_wrappers_of_lksctps_and_needs_only_libc() {
	local needed
	exported_functions "$DEBIAN_LIB" | grep -vx _sctp_load_libs >"$WORK/debian.functions"
	exported_functions "$TOOLS/libwithsctp.so.1" >"$WORK/ours.functions"
	same_lines "$WORK/debian.functions" "$WORK/ours.functions" || return 1
	needed=$(readelf -d "$TOOLS/libwithsctp.so.1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
	[ "$needed" = "libc.so.6 " ] || fail "NEEDED: $needed" || return 1
	[ "$(readelf -d "$TOOLS/libwithsctp.so.1" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')" = libwithsctp.so.1 ] ||
		fail "SONAME is not libwithsctp.so.1"
}

checksctp_needs_only_libc() {
	local needed
	needed=$(readelf -d "$TOOLS/checksctp" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
	[ "$needed" = "libc.so.6 " ] || fail "NEEDED: $needed"
}

# The script is Debian's but for its paths and version and its comments.
withsctp_script_is_lksctps() {
	local normalise='/^#/d; /^$/d; s/^\(LIBDIR\|BINDIR\|LIBVER\)=.*/\1=.../'
	diff <(sed "$normalise" /usr/bin/withsctp) <(sed "$normalise" "$TOOLS/withsctp")
}

socket_and_setsockopt_under_libwithsctp_answer_as_debians() {
	"$BIN/socket_probe" >"$WORK/probe.none"
	LD_PRELOAD=$DEBIAN_LIB "$BIN/socket_probe" >"$WORK/probe.debian" || return 1
	LD_PRELOAD=$TOOLS/libwithsctp.so.1 "$BIN/socket_probe" >"$WORK/probe.ours" || return 1
	diff "$WORK/probe.debian" "$WORK/probe.ours" || return 1
	# Without either, the answers differ: the check sees what the library changes.
	! cmp -s "$WORK/probe.none" "$WORK/probe.ours" || fail "the same answers with no library preloaded"
}

# run_both NAME COMMAND-OURS COMMAND-DEBIAN: exit status, stdout and stderr of
# each into $WORK/NAME.{ours,debian}, then compared.
run_both() {
	local name=$1
	$2 >"$WORK/$name.ours.out" 2>"$WORK/$name.ours.err"
	echo "status $?" >>"$WORK/$name.ours.out"
	$3 >"$WORK/$name.debian.out" 2>"$WORK/$name.debian.err"
	echo "status $?" >>"$WORK/$name.debian.out"
	note "$name on this kernel: $(tail -n 1 "$WORK/$name.ours.out"), stderr: $(head -n 1 "$WORK/$name.ours.err")"
	diff "$WORK/$name.debian.out" "$WORK/$name.ours.out" && diff "$WORK/$name.debian.err" "$WORK/$name.ours.err"
}

# DIVERGENCES.md, withsctp: ours hands socket(2) on to the next definition,
# so another preloaded wrapper after it still runs (with SCTP's protocol);
# lksctp's calls libc's own and leaves that wrapper out.
socket_goes_on_to_the_next_preloaded_wrapper_lksctps_to_libc() {
	local ours debian
	ours=$(LD_PRELOAD="$TOOLS/libwithsctp.so.1 $BIN/socket_wrapper.so" "$BIN/tcp_echo_client" 9 </dev/null 2>&1 |
		grep -c '^socket_wrapper: socket(2, 1, 132)$')
	debian=$(LD_PRELOAD="$DEBIAN_LIB $BIN/socket_wrapper.so" "$BIN/tcp_echo_client" 9 </dev/null 2>&1 |
		grep -c '^socket_wrapper: socket(')
	echo "the wrapper ran: under ours $ours time(s), under Debian's $debian"
	[ "$ours" = 1 ] && [ "$debian" = 0 ]
}

this_kernel_has_sctp() { "$ROOT/Tests/vm/has-sctp.sh"; }

checksctp_on_this_kernel_says_what_debians_says() {
	run_both checksctp "$TOOLS/checksctp" /usr/bin/checksctp || return 1
	this_kernel_has_sctp || ! grep -qx 'status 0' "$WORK/checksctp.ours.out" || fail "status 0 with no SCTP"
}

withsctp_on_this_kernel_says_what_debians_says() {
	run_both withsctp "$TOOLS/withsctp true" "/usr/bin/withsctp true" || return 1
	this_kernel_has_sctp || ! grep -qx 'status 0' "$WORK/withsctp.ours.out" || fail "status 0 with no SCTP"
}

check libwithsctp_exports_the_wrappers_of_lksctps_and_needs_only_libc
check checksctp_needs_only_libc
check withsctp_script_is_lksctps
check socket_and_setsockopt_under_libwithsctp_answer_as_debians
check socket_goes_on_to_the_next_preloaded_wrapper_lksctps_to_libc
check checksctp_on_this_kernel_says_what_debians_says
check withsctp_on_this_kernel_says_what_debians_says

# --- a real SCTP kernel -----------------------------------------------------------
KERNEL_RUN_TIMEOUT=${KERNEL_RUN_TIMEOUT:-420} Tests/vm/kernel-run.sh bash "$HERE/in-kernel.sh" >"$WORK/kernel.log" 2>&1
vm_status=$?

# same_case CASE FILE...: the files of CASE.ours and CASE.debian are equal.
same_case() {
	local case=$1 file
	shift
	grep -q '^SCTP: present' "$OUT/kernel" 2>/dev/null ||
		{ tail -n 5 "$WORK/kernel.log"; fail "no SCTP kernel (kernel-run.sh: $vm_status)"; return 1; }
	for file in "$@"; do
		[ -e "$OUT/$case.ours/$file" ] || fail "$case: no $file from ours" || return 1
		diff "$OUT/$case.debian/$file" "$OUT/$case.ours/$file" || fail "$case: $file differs from Debian's" || return 1
	done
}

# An association on the pair's port was in /proc/net/sctp/assocs while they ran.
had_association() { [ -s "$OUT/pair.$1.$2/assocs" ] || fail "$1 under $2's withsctp: no association"; }

# tcp_pair_talks_over_sctp NAME: both exit 0, the server got the line, the
# association showed, the same under Debian's withsctp.
tcp_pair_talks_over_sctp() {
	local which d
	same_case "pair.$1" server.status client.status server.out client.out || return 1
	for which in ours debian; do
		d=$OUT/pair.$1.$which
		had_association "$1" "$which" || return 1
		grep -q 'hello over sctp' "$d/server.out" || fail "$which: the server did not receive the line" || return 1
		[ "$(cat "$d/server.status") $(cat "$d/client.status")" = "0 0" ] ||
			fail "$which: exit statuses $(cat "$d/server.status") $(cat "$d/client.status")" || return 1
	done
	note "pair $1: $(wc -l <"$OUT/pair.$1.ours/assocs") association(s) on its port while it ran: $(awk '{ print "state", $5, "ports", $12, $13 }' "$OUT/pair.$1.ours/assocs" | head -n 1)"
}

c_pair_talks_over_sctp_and_sets_sctp_nodelay() {
	tcp_pair_talks_over_sctp c || return 1
	grep -qx 'server: accepted socket protocol 132' "$OUT/pair.c.ours/server.out" || fail "not SCTP" || return 1
	grep -qx 'client: TCP_NODELAY: 0 ' "$OUT/pair.c.ours/client.out" || fail "TCP_NODELAY failed"
}

nc_server_and_socat_client_talk_over_sctp() { tcp_pair_talks_over_sctp nc-socat; }
socat_server_and_client_talk_over_sctp() { tcp_pair_talks_over_sctp socat; }

# nc's client opens its socket SOCK_STREAM | SOCK_NONBLOCK: TCP under both.
nc_client_nonblocking_socket_stays_tcp_as_under_debians() {
	same_case pair.nc-client client.status client.out || return 1
	[ "$(cat "$OUT/pair.nc-client.ours/client.status")" != 0 ] || fail "nc's client connected"
}

checksctp_on_an_sctp_kernel_says_what_debians_says() {
	same_case checksctp status stdout stderr || return 1
	[ "$(cat "$OUT/checksctp.ours/status")" = 0 ] && grep -qx 'SCTP supported' "$OUT/checksctp.ours/stderr"
}

checksctp_with_stdin_closed_says_what_debians_says() {
	same_case checksctp-stdin-closed status stdout stderr || return 1
	note "checksctp with its standard input closed: status $(cat "$OUT/checksctp-stdin-closed.ours/status"), $(cat "$OUT/checksctp-stdin-closed.ours/stderr")"
}

withsctp_exits_with_the_programs_status() {
	same_case withsctp-exit-status status stdout stderr || return 1
	[ "$(cat "$OUT/withsctp-exit-status.ours/status")" = 7 ]
}

socket_and_setsockopt_on_an_sctp_kernel_answer_as_debians() {
	same_case probe status stdout stderr || return 1
	grep -qx 'socket(AF_INET, SOCK_STREAM, 0): protocol 132' "$OUT/probe.ours/stdout"
}

check c_pair_talks_over_sctp_and_sets_sctp_nodelay
check nc_server_and_socat_client_talk_over_sctp
check socat_server_and_client_talk_over_sctp
check nc_client_nonblocking_socket_stays_tcp_as_under_debians
check checksctp_on_an_sctp_kernel_says_what_debians_says
check checksctp_with_stdin_closed_says_what_debians_says
check withsctp_exits_with_the_programs_status
check socket_and_setsockopt_on_an_sctp_kernel_answer_as_debians

echo "1..$TAP_COUNT"
[ "$TAP_FAILED" -eq 0 ]
