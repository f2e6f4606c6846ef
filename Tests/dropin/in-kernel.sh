#!/usr/bin/env bash
# Tests/dropin/in-kernel.sh: the drop-in cases, on a kernel that has SCTP (run.sh starts it through
# Tests/vm/kernel-run.sh: one VM boot for all of them). Real programs built against Debian's libsctp1
# run unchanged, with our build/libsctp.so.1 substituted in the two ways users do it:
#
#   libpath   LD_LIBRARY_PATH=<project>/build     (the dynamic linker finds our file by its SONAME)
#   preload   LD_PRELOAD=<project>/build/libsctp.so.1
#   debian    no substitution: the control, Debian's /usr/lib/x86_64-linux-gnu/libsctp.so.1
#
# A case passes only if the program did its job (its exit status and output checked) AND the library
# the process used is the expected one, as the process itself shows it: every process runs with
# LD_DEBUG=files,bindings (its dynamic linker reports which libsctp file it loaded and initialised,
# and where each sctp_* symbol was bound; LD_BIND_NOW=1, as these programs are linked -z now anyway,
# makes all bindings show at start), and for the servers /proc/PID/maps is read while they run.
#
#   in-kernel.sh            run every case; results to build/dropin/results.txt, logs to build/dropin/logs/
#   in-kernel.sh --list     the result ids, one a line, in order (run.sh's plan)
#   in-kernel.sh --only RE  only the cases whose id matches the extended regex RE (for debugging;
#                           DROPIN_XTRACE=1 also traces every command with a timestamp)
#
# results.txt lines: "ID<TAB>ok<TAB>description", "ID<TAB>not ok<TAB>description", "ID<TAB>#<TAB>diagnostic".
# Progress goes to stdout (the VM console). Every process runs under timeout; ports are distinct per run.
#
# In the VM every process start costs a good fraction of a second (TCG, a loaded host), so the checks
# use bash builtins and one awk where they can; what the host can tell (the sctp_* symbols each program
# imports, the real paths of the two libraries) run.sh passes in the environment (DROPIN_*).
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

# id  modes
# (checksctp has no control run: it links no libsctp, so its LD_LIBRARY_PATH run is one already.)
CASES=(
	"checksctp        libpath preload"
	"sctp_test        libpath preload debian"
	"sctp_test_bindx  libpath preload debian"
	"sctp_darn        libpath preload debian"
	"iperf3           libpath preload debian"
	"sipp             libpath preload debian"
	"dlopen_runtime   libpath preload debian"
)

if [ "${1:-}" = --list ]; then
	for c in "${CASES[@]}"; do
		read -r name modes <<<"$c"
		for m in $modes; do echo "$name.$m"; done
	done
	exit 0
fi
ONLY=.
[ "${1:-}" = --only ] && ONLY=${2:-.}
if [ "${DROPIN_XTRACE:-0}" = 1 ]; then
	PS4='+ ${EPOCHREALTIME} '
	set -x
fi

OUT=$ROOT/build/dropin
LOGS=$OUT/logs
RESULTS=$OUT/results.txt
OURS=$ROOT/build/libsctp.so.1
DEBIAN=/usr/lib/x86_64-linux-gnu/libsctp.so.1
OURS_REAL=${DROPIN_OURS_REAL:-$(readlink -f "$OURS")}
DEBIAN_REAL=${DROPIN_DEBIAN_REAL:-$(readlink -f "$DEBIAN")}
# The names each library goes by in the dynamic linker's report and in maps (/lib is /usr/lib).
OURS_NAMES="$OURS $OURS_REAL"
DEBIAN_NAMES="$DEBIAN /lib/x86_64-linux-gnu/libsctp.so.1 $DEBIAN_REAL /lib/x86_64-linux-gnu/${DEBIAN_REAL##*/}"
DLOPEN_RUNTIME=$OUT/dlopen_runtime
export LC_ALL=C
unset LD_LIBRARY_PATH LD_PRELOAD LD_DEBUG LD_DEBUG_OUTPUT LD_BIND_NOW LD_BIND_NOT
# LD_DEBUG output (sipp's is ~400 KB a process) goes to a local directory, only its libsctp lines to
# the logs. In the VM /tmp is the guest's own tmpfs.
WORK=$(mktemp -d /tmp/dropin.XXXXXX) || exit 1
mkdir -p "$LOGS"
: > "$RESULTS"
JOBS=()
cleanup() {
	local j
	for j in "${JOBS[@]}"; do kill "$j" 2>/dev/null; done
	rm -rf "$WORK"
}
trap cleanup EXIT
# A sleep without a process: read with a timeout on a FIFO nobody writes to. (No process
# substitution in this script: the guest has no /dev/fd.)
mkfifo "$WORK/nap" && exec {NAP_FD}<> "$WORK/nap"
nap() { read -r -t "${1:-0.1}" -u "$NAP_FD"; }

say() { local t=${EPOCHREALTIME#*.}; printf '[dropin %(%T)T.%s] %s\n' -1 "${t:0:3}" "$*"; }

# The sctp_* symbols a program imports: from run.sh (nm on the host), e.g. "sctp_test:2 sipp:5 ...";
# nm here otherwise.
imports() {
	local w
	for w in ${DROPIN_IMPORTS:-}; do
		[ "${w%%:*}" = "$1" ] && { echo "${w#*:}"; return; }
	done
	nm -D --undefined-only "$2" 2>/dev/null | grep -c ' sctp_'
}

# --- results -------------------------------------------------------------------------------------
ID= DIAG=()
diag() { DIAG+=("$*"); }
# result ok|notok DESCRIPTION: the result of the current case ($ID), with its diagnostics.
result() {
	local status=ok d
	[ "$1" = ok ] || status="not ok"
	{
		printf '%s\t%s\t%s\n' "$ID" "$status" "$2"
		for d in "${DIAG[@]}"; do printf '%s\t#\t%s\n' "$ID" "$d"; done
	} >> "$RESULTS"
	say "$status - $ID: $2"
	DIAG=()
}
# report OK GOOD-DESCRIPTION BAD-DESCRIPTION: the result, with where the logs are.
report() {
	diag "logs: ${CASE_LOGS#"$ROOT"/}/"
	if [ "$1" = 1 ]; then result ok "$2"; else result notok "$3"; fi
}

# --- processes -----------------------------------------------------------------------------------
# Starts a case: ID, MODE, its log and work directories, its ports (PORT, PORT+1, ...: distinct for
# every run), the variables of the mode.
NEXT_PORT=40000
begin() {
	ID=$1.$2
	MODE=$2
	DIAG=()
	CASE_LOGS=$LOGS/$ID
	CASE_WORK=$WORK/$ID
	mkdir -p "$CASE_LOGS" "$CASE_WORK"
	PORT=$NEXT_PORT
	NEXT_PORT=$((NEXT_PORT + 10))
	case $MODE in
		libpath) MODE_ENV=("LD_LIBRARY_PATH=$ROOT/build") LABEL="LD_LIBRARY_PATH=build"
			WANT_NAMES=$OURS_NAMES OTHER_NAMES=$DEBIAN_NAMES WANT=$OURS_REAL WHO="ours in both processes" ;;
		preload) MODE_ENV=("LD_PRELOAD=$OURS") LABEL="LD_PRELOAD=build/libsctp.so.1"
			WANT_NAMES=$OURS_NAMES OTHER_NAMES=$DEBIAN_NAMES WANT=$OURS_REAL WHO="ours in both processes" ;;
		debian) MODE_ENV=() LABEL="control, no substitution: Debian's libsctp.so.1"
			WANT_NAMES=$DEBIAN_NAMES OTHER_NAMES=$OURS_NAMES WANT=$DEBIAN_REAL WHO="Debian's in both processes, not ours" ;;
	esac
	say "start $ID (ports $PORT..)"
}

# run_fg TAG SECONDS PROGRAM ARGS...: runs it in the case's mode to its end; output to $CASE_LOGS/TAG.out,
# the dynamic linker's report to $CASE_WORK/TAG.ld.PID.
run_fg() {
	local tag=$1 secs=$2
	shift 2
	timeout -k 3 "$secs" env "${MODE_ENV[@]}" LD_BIND_NOW=1 LD_DEBUG=files,bindings LD_DEBUG_OUTPUT="$CASE_WORK/$tag.ld" \
		"$@" > "$CASE_LOGS/$tag.out" 2>&1
}
# run_bg TAG SECONDS PROGRAM ARGS...: the same in the background; BG_PID is timeout's PID.
run_bg() {
	local tag=$1 secs=$2
	shift 2
	timeout -k 3 "$secs" env "${MODE_ENV[@]}" LD_BIND_NOW=1 LD_DEBUG=files,bindings LD_DEBUG_OUTPUT="$CASE_WORK/$tag.ld" \
		"$@" > "$CASE_LOGS/$tag.out" 2>&1 < /dev/null &
	BG_PID=$!
	JOBS+=("$BG_PID")
}
# run_bg_pty: run_bg on a pseudo-terminal (script(1)), for a program that flushes its stdio only to a
# terminal and is stopped by a signal (sctp_darn -l).
run_bg_pty() {
	local tag=$1 secs=$2
	shift 2
	timeout -k 3 "$secs" script -qfec "$(printf '%q ' env "${MODE_ENV[@]}" LD_BIND_NOW=1 LD_DEBUG=files,bindings \
		LD_DEBUG_OUTPUT="$CASE_WORK/$tag.ld" "$@")" /dev/null > "$CASE_LOGS/$tag.out" 2>&1 < /dev/null &
	BG_PID=$!
	JOBS+=("$BG_PID")
}
# find_pid ROOT NAME: the PID of the process called NAME (comm) among ROOT's descendants (timeout ->
# program, or timeout -> script -> shell -> program), in FOUND_PID.
find_pid() {
	local queue=("$1") p c comm kids k
	FOUND_PID=
	while [ ${#queue[@]} -gt 0 ]; do
		p=${queue[0]}
		queue=("${queue[@]:1}")
		comm=
		read -r comm 2>/dev/null < "/proc/$p/comm"
		[ "$comm" = "${2:0:15}" ] && { FOUND_PID=$p; return 0; }
		kids=""
		# "PID PID " without a newline: read fills k and says end of file.
		for c in /proc/"$p"/task/*/children; do read -r -a k 2>/dev/null < "$c"; kids="$kids ${k[*]}"; done
		# shellcheck disable=SC2206
		queue+=($kids)
	done
	return 1
}
# stop PID: stops a background job started here (timeout passes the signal on), waits for it.
stop() {
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}
# wait_bg PID SECONDS: waits for a job that ends by itself; its exit status (143: had to be stopped).
wait_bg() {
	local pid=$1 end=$((SECONDS + $2))
	while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $end ]; do nap; done
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}
# until_true SECONDS COMMAND...: polls COMMAND every 0.1 s; its status at the end.
until_true() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -ge $end ] && return 1
		nap
	done
	return 0
}
# The addresses of the SCTP endpoint on PORT, in EP_ADDRS (/proc/net/sctp/eps: ENDPT SOCK STY SST
# HBKT LPORT UID INODE LADDRS...).
sctp_endpoint() {
	local f
	EP_ADDRS=
	while read -r -a f; do
		[ "${f[5]}" = "$1" ] && { EP_ADDRS="${f[*]:8}"; return 0; }
	done < /proc/net/sctp/eps
	return 1
}
tcp_listening() {  # PORT, on IPv4 (iperf3 -4)
	local hex f
	printf -v hex ':%04X' "$1"
	while read -r -a f; do
		[ "${f[1]: -5}" = "$hex" ] && [ "${f[3]}" = 0A ] && return 0
	done < /proc/net/tcp
	return 1
}
# count_lines FILE SUBSTRING: lines of FILE containing SUBSTRING, in COUNT.
count_lines() {
	local l
	COUNT=0
	while IFS= read -r l; do [[ $l == *"$2"* ]] && COUNT=$((COUNT + 1)); done 2>/dev/null < "$1"
}
has() { local l; while IFS= read -r l; do [[ $l == *"$2"* ]] && return 0; done 2>/dev/null < "$1"; return 1; }
first_line() { local l=; IFS= read -r l < "$1"; printf '%s' "${l:0:200}"; }

# --- proof of the library in use -------------------------------------------------------------------
# proof TAG NSYMS [dlsym]: what the dynamic linker of the process TAG reported (LD_DEBUG=files,bindings), its
# libsctp lines kept in $CASE_LOGS/TAG.ld.txt. True if the process initialised the mode's library and
# only it (ours: build/libsctp.so.1; debian: Debian's), the other one appears nowhere, and exactly the
# NSYMS sctp_* symbols the program imports were bound, all to it. A diagnostic tells what was seen.
# Bindings from a libsctp to itself are not the program's imports (Debian's binds its own sctp_peeloff),
# except with "dlsym": the dynamic linker reports a dlsym(handle, ...) as a binding from the handle's
# object, the library itself.
proof() {
	local tag=$1 nsyms=$2 dl=${3:-} files summary rc
	files=("$CASE_WORK/$tag.ld".*)
	if [ ! -e "${files[0]}" ]; then
		diag "$tag: no LD_DEBUG output"
		return 1
	fi
	summary=$(awk -v raw="$CASE_LOGS/$tag.ld.txt" -v want="$WANT_NAMES" -v other="$OTHER_NAMES" -v nsyms="$nsyms" -v tag="$tag" -v dl="$dl" '
		BEGIN { nw = split(want, w, " "); no = split(other, o, " ") }
		function wanted(p,   i) { for (i = 1; i <= nw; i++) if (p == w[i]) return 1; return 0 }
		!/libsctp|symbol `sctp_/ { next }
		{ print > raw }
		{ for (i = 1; i <= no; i++) if (index($0, o[i])) seen_other = 1 }
		/calling init: / {
			p = substr($0, index($0, "calling init: ") + 14)
			if (!(p in inits)) { inits[p] = 1; initlist = initlist (initlist ? " " : "") p; if (!wanted(p)) bad = bad " " p }
		}
		/normal symbol `sctp_/ {
			rest = substr($0, index($0, " to ") + 4); t = substr(rest, 1, index(rest, " [") - 1)
			s = substr($0, index($0, "symbol `") + 8); s = substr(s, 1, index(s, "'\''") - 1)
			# The program'\''s imports; a library binding its own symbols (Debian'\''s binds sctp_peeloff) is not one.
			from = substr($0, index($0, "binding file ") + 13); from = substr(from, 1, index(from, " [") - 1)
			if ((dl != "" || from !~ /libsctp/) && !(s in syms)) { syms[s] = 1; n++; symlist = symlist (symlist ? " " : "") s }
			if (!(t in targets)) { targets[t] = 1; tlist = tlist (tlist ? " " : "") t; if (!wanted(t)) bad = bad " " t }
		}
		END {
			msg = tag ": initialised [" initlist "]; " n + 0 " sctp_* symbol(s) [" symlist "] bound to [" tlist "]"
			ok = 1
			if (bad != "") { msg = msg "; NOT the expected library:" bad; ok = 0 }
			if (initlist == "") { msg = msg "; no libsctp was loaded"; ok = 0 }
			if (n + 0 != nsyms) { msg = msg "; " nsyms " imported sctp_* symbol(s) expected"; ok = 0 }
			if (seen_other) { msg = msg "; the other library (" other ") appears too"; ok = 0 }
			print msg
			exit !ok
		}' "${files[@]}")
	rc=$?
	diag "$summary"
	return $rc
}
# maps_now TAG PROGRAM: /proc/PID/maps of the running server TAG (PROGRAM among the descendants of
# BG_PID) names the mode's library and not the other; read as soon as it listens (a server that ends
# by itself may be gone by the end of the case). Kept in $CASE_LOGS/TAG.maps.txt.
maps_now() {
	local tag=$1 a b c d e path seen="" good=0 bad=0 n
	if ! find_pid "$BG_PID" "$2"; then
		diag "$tag: no process $2 under PID $BG_PID to read the maps of"
		return 1
	fi
	while read -r a b c d e path; do
		[[ $path == *libsctp* ]] || continue
		echo "$a $b $c $d $e $path"
		[[ " $seen " == *" $path "* ]] || seen="$seen $path"
		for n in $WANT_NAMES; do [ "$path" = "$n" ] && good=1; done
		for n in $OTHER_NAMES; do [ "$path" = "$n" ] && bad=1; done
	done < "/proc/$FOUND_PID/maps" > "$CASE_LOGS/$tag.maps.txt"
	diag "$tag: /proc/$FOUND_PID/maps maps [${seen# }]"
	[ $good = 1 ] && [ $bad = 0 ]
}

# --- the cases -----------------------------------------------------------------------------------

# checksctp: prints "SCTP supported" when the kernel has SCTP. It links no libsctp at all (its only
# NEEDED is libc), so LD_LIBRARY_PATH has nothing to substitute: that run proves it works and that no
# libsctp, Debian's or ours, is loaded. LD_PRELOAD loads ours into it regardless.
case_checksctp() {
	local rc ok=1
	begin checksctp "$1"
	run_fg prog 20 checksctp
	rc=$?
	has "$CASE_LOGS/prog.out" 'SCTP supported' && [ $rc = 0 ] || ok=0
	diag "checksctp: exit $rc, \"$(first_line "$CASE_LOGS/prog.out")\""
	if [ "$MODE" = libpath ]; then
		# Nothing of any libsctp may show: proof fails with "no libsctp was loaded" and nothing else.
		proof prog 0 && ok=0
		[[ ${DIAG[-1]} == *"initialised []; 0 sctp_* symbol(s) [] bound to []; no libsctp was loaded" ]] || ok=0
		diag "checksctp's NEEDED: ${DROPIN_CHECKSCTP_NEEDED:-?} (no libsctp.so.1: nothing to substitute)"
		[[ " ${DROPIN_CHECKSCTP_NEEDED:-libsctp} " == *libsctp* ]] && ok=0
		report $ok "checksctp [$LABEL]: exit 0, 'SCTP supported'; it links no libsctp.so.1 (NEEDED: ${DROPIN_CHECKSCTP_NEEDED:-?}), so nothing is substituted and no libsctp is loaded" \
			"checksctp [$LABEL]: exit 0, 'SCTP supported', no libsctp loaded"
		return
	fi
	proof prog 0 || ok=0
	report $ok "checksctp [$LABEL]: exit 0, 'SCTP supported'; ours loaded into the process and initialised" \
		"checksctp [$LABEL]: exit 0, 'SCTP supported', ours loaded"
}

# sctp_test: a server (-l) and a client (-s -x 3) exchanging messages; with bindx=1 the server also
# binds 127.0.0.2 with -B (sctp_bindx), the client reaches it there, /proc/net/sctp/eps shows both.
case_sctp_test() {
	local rc ok=1 sent recvd srv cli n what spid to=127.0.0.1
	n=$(imports sctp_test /usr/bin/sctp_test)
	if [ "$2" = 1 ]; then
		begin sctp_test_bindx "$1"
		srv=(sctp_test -H 127.0.0.1 -B 127.0.0.2 -P "$PORT" -l)
		to=127.0.0.2
	else
		begin sctp_test "$1"
		srv=(sctp_test -H 127.0.0.1 -P "$PORT" -l)
	fi
	cli=(sctp_test -H 127.0.0.1 -P $((PORT + 1)) -h $to -p "$PORT" -s -x 3)
	run_bg server 40 "${srv[@]}"
	spid=$BG_PID
	until_true 15 sctp_endpoint "$PORT" || { ok=0; diag "the server did not listen on SCTP port $PORT within 15 s"; }
	maps_now server sctp_test || ok=0
	run_fg client 30 "${cli[@]}"
	rc=$?
	count_lines "$CASE_LOGS/client.out" 'sendmsg(sk='
	sent=$COUNT
	# The server's "recvmsg(sk=N) Data" lines, up to the number the client sent.
	until_true 10 eval 'count_lines "$CASE_LOGS/server.out" ") Data "; [ "$COUNT" -ge "$sent" ]'
	recvd=$COUNT
	sctp_endpoint "$PORT"
	proof server "$n" || ok=0
	stop "$spid"
	proof client "$n" || ok=0
	[ $rc = 0 ] && [ "$sent" -ge 3 ] && [ "$recvd" = "$sent" ] || ok=0
	diag "client: ${cli[*]} -> exit $rc, $sent sendmsg; the server printed $recvd received data messages"
	[ $rc = 0 ] || diag "client output: $(tail -3 "$CASE_LOGS/client.out" | tr '\n' ' ')"
	what="$sent messages sent and received"
	if [ "$2" = 1 ]; then
		[[ " $EP_ADDRS " == *" 127.0.0.1 "* && " $EP_ADDRS " == *" 127.0.0.2 "* ]] || ok=0
		diag "/proc/net/sctp/eps, port $PORT: ${EP_ADDRS:-nothing} (127.0.0.1 and 127.0.0.2 expected)"
		what="server bound to 127.0.0.1 + 127.0.0.2 (-B: sctp_bindx; eps shows both), client reached it on 127.0.0.2, $what"
	fi
	report $ok "${ID%.*} [$LABEL]: $what; $WHO" "${ID%.*} [$LABEL]: messages exchanged, $WHO"
}

# sctp_darn: a listening server (bound to 127.0.0.1 + 127.0.0.2 with -B) and an interactive client
# driven by commands on stdin: snd=10, snd=33, then end of input. The client prints the peer addresses
# (sctp_getpaddrs) at COMM_UP; sctp_darn -I exits with the length the last sendmsg returned (33).
case_sctp_darn() {
	local rc ok=1 n spid peers l c s
	n=$(imports sctp_darn /usr/bin/sctp_darn)
	begin sctp_darn "$1"
	run_bg_pty server 40 sctp_darn -H 127.0.0.1 -B 127.0.0.2 -P "$PORT" -l
	spid=$BG_PID
	until_true 15 sctp_endpoint "$PORT" || { ok=0; diag "the server did not listen on SCTP port $PORT within 15 s"; }
	maps_now server sctp_darn || ok=0
	printf 'snd=10\nsnd=33\n' > "$CASE_LOGS/client.in"
	run_fg client 30 sctp_darn -H 127.0.0.1 -P $((PORT + 1)) -h 127.0.0.1 -p "$PORT" -s -I < "$CASE_LOGS/client.in"
	rc=$?
	until_true 10 has "$CASE_LOGS/server.out" 'DATA(33)'
	sctp_endpoint "$PORT"
	proof server "$n" || ok=0
	stop "$spid"
	proof client "$n" || ok=0
	c=$CASE_LOGS/client.out s=$CASE_LOGS/server.out
	# The addresses listed after "New connection, peer addresses", up to the next prompt.
	peers=$(awk '/New connection, peer addresses/ { p = 1; next } p && /Interactive mode/ { exit } p && /^127\.[0-9.]+:[0-9]+$/ { print }' "$c" | sort | tr '\n' ' ')
	[ "$rc" = 33 ] || ok=0
	has "$c" 'Received SCTP_COMM_UP' || ok=0
	[ "$peers" = "127.0.0.1:$PORT 127.0.0.2:$PORT " ] || ok=0
	has "$s" 'DATA(10)' && has "$s" 'DATA(33)' || ok=0
	diag "client: snd=10, snd=33 -> exit $rc (33 expected: sctp_darn -I exits with the last send's length); peer addresses it printed: ${peers:-none}"
	diag "server printed: $(grep -oE 'DATA\([0-9]+\)' "$s" | tr '\n' ' ')(DATA(10) and DATA(33) expected); eps port $PORT: $EP_ADDRS"
	report $ok "sctp_darn -I [$LABEL]: snd=10, snd=33 received by the server (DATA(10), DATA(33)); peer addresses 127.0.0.1+127.0.0.2 (sctp_getpaddrs, server -B sctp_bindx); $WHO" \
		"sctp_darn -I [$LABEL]: messages received, peer addresses, $WHO"
}

# iperf3 --sctp: 1 MiB from client to server. -X makes libiperf call sctp_bindx: the server binds its
# SCTP listener to 127.0.0.1 + 127.0.0.2 with it, and the client (-c 127.0.0.2) reaches the server's
# SCTP port only on the address sctp_bindx added. -4: with its default AF_INET6 socket iperf3 refuses
# IPv4 -X addresses before calling anything.
case_iperf3() {
	local rc src ok=1 n sent rcvd err spid
	n=$(imports iperf3 /usr/lib/x86_64-linux-gnu/libiperf.so.0)
	begin iperf3 "$1"
	run_bg server 60 iperf3 -4 -s -1 -p "$PORT" -X 127.0.0.1 -X 127.0.0.2
	spid=$BG_PID
	until_true 15 tcp_listening "$PORT" || { ok=0; diag "the server did not listen on TCP port $PORT within 15 s"; }
	maps_now server iperf3 || ok=0
	run_fg client 45 iperf3 -4 -c 127.0.0.2 -p "$PORT" --sctp -n 1M -X 127.0.0.1 -X 127.0.0.3 -J
	rc=$?
	wait_bg "$spid" 15
	src=$?
	proof server "$n" || ok=0
	proof client "$n" || ok=0
	read -r sent rcvd <<<"$(awk '/"sum_sent"/ { s = 1 } /"sum_received"/ { r = 1 }
		s && /"bytes"/ { gsub(/[^0-9]/, "", $2); sent = $2; s = 0 }
		r && /"bytes"/ { gsub(/[^0-9]/, "", $2); rcvd = $2; r = 0 }
		END { print sent + 0, rcvd + 0 }' "$CASE_LOGS/client.out")"
	err=$(grep -o '"error":.*' "$CASE_LOGS/client.out" | head -1)
	[ "$rc" = 0 ] && [ "$src" = 0 ] && [ -z "$err" ] && [ "$sent" -ge 1048576 ] && [ "$rcvd" -gt 0 ] || ok=0
	diag "client exit $rc, server exit $src; JSON: end.sum_sent.bytes=$sent end.sum_received.bytes=$rcvd${err:+, $err}"
	report $ok "iperf3 --sctp -X [$LABEL]: $sent bytes sent, $rcvd received, to an address the server added with sctp_bindx; $WHO (through libiperf.so.0)" \
		"iperf3 --sctp -X [$LABEL]: 1 MiB transferred, $WHO"
}

# sipp over SCTP (-t s1): the built-in uas and uac scenarios, 5 calls at 5 calls/s; both stop by
# themselves after 5 calls (-m 5) and exit 0 only if all their calls were successful. (Once the uac
# has gone, the uas logs "Unable to receive SCTP message: Success" until it stops: sipp's own way with
# the end of an association, the same with Debian's library.)
case_sipp() {
	local rc src ok=1 n okc failc spid
	n=$(imports sipp /usr/bin/sipp)
	begin sipp "$1"
	run_bg server 60 sipp -sn uas -t s1 -i 127.0.0.1 -p "$PORT" -m 5 -nostdin \
		-cp $((PORT + 2)) -mp $((PORT + 1000)) -trace_err -error_file "$CASE_LOGS/uas-errors.log" -max_log_size 100000
	spid=$BG_PID
	until_true 20 sctp_endpoint "$PORT" || { ok=0; diag "the uas did not listen on SCTP port $PORT within 20 s"; }
	maps_now server sipp || ok=0
	run_fg client 45 sipp -sn uac -t s1 "127.0.0.1:$PORT" -m 5 -r 5 -i 127.0.0.1 -p $((PORT + 1)) -nostdin \
		-cp $((PORT + 3)) -mp $((PORT + 2000)) -timeout 35 -timeout_error \
		-trace_err -error_file "$CASE_LOGS/uac-errors.log" -max_log_size 100000
	rc=$?
	wait_bg "$spid" 15
	src=$?
	proof server "$n" || ok=0
	proof client "$n" || ok=0
	read -r okc failc <<<"$(awk -F'|' '/Successful call/ { gsub(/ /, "", $3); s = $3 } /Failed call/ { gsub(/ /, "", $3); f = $3 }
		END { print (s == "" ? "?" : s), (f == "" ? "?" : f) }' "$CASE_LOGS/client.out")"
	[ "$rc" = 0 ] && [ "$src" = 0 ] && [[ $okc =~ ^[0-9]+$ ]] && [ "$okc" -ge 5 ] && [ "$failc" = 0 ] || ok=0
	diag "uac exit $rc, uas exit $src; the uac's final screen: $okc successful calls, $failc failed (at least 5 and 0 expected)"
	report $ok "sipp -t s1 uac/uas [$LABEL]: $okc calls successful, 0 failed, both exit 0; $WHO" \
		"sipp -t s1 uac/uas [$LABEL]: 5 successful calls, $WHO"
}

# dlopen_runtime: libsctp.so.1 through dlopen/dlsym/dlvsym, as OpenJDK's jdk.sctp and Erlang's inet_drv
# use it (see dlopen_runtime.c). dladdr and /proc/self/maps, from inside, name the file; its
# dlsym/dlvsym lookups show in LD_DEBUG=bindings too (7 names, sctp_connectx at 4 versions).
case_dlopen_runtime() {
	local rc ok=1 lib o nok nfail who l
	begin dlopen_runtime "$1"
	o=$CASE_LOGS/prog.out
	run_fg prog 60 "$DLOPEN_RUNTIME" "$PORT"
	rc=$?
	lib=$(sed -n 's/^library realpath: //p' "$o")
	[ "$rc" = 0 ] && has "$o" 'result: 0 failure(s)' || ok=0
	[ "$lib" = "$WANT" ] || ok=0
	has "$o" " $WANT" || ok=0
	count_lines "$o" 'ok:   '
	nok=$COUNT
	count_lines "$o" 'FAIL: '
	nfail=$COUNT
	diag "exit $rc; $nok steps ok, $nfail failed; dladdr: $(sed -n 's/^library: //p' "$o") = ${lib:-?} (expected $WANT)"
	while IFS= read -r l; do [[ $l == FAIL:* ]] && diag "$l"; done 2>/dev/null < "$o"
	proof prog 7 dlsym || ok=0
	who="ours (dladdr, /proc/self/maps, LD_DEBUG)"
	[ "$MODE" = debian ] && who="Debian's (dladdr, /proc/self/maps, LD_DEBUG), the reference"
	report $ok "dlopen_runtime, JDK/Erlang-style dlopen+dlsym, dlvsym sctp_connectx@VERS_1/2/3 [$LABEL]: bindx, connectx, getpaddrs/getladdrs, peeloff, messages on real associations all worked; library $who" \
		"dlopen_runtime [$LABEL]: all steps worked, library $who"
}

# --- main ----------------------------------------------------------------------------------------
say "kernel $(uname -r); ours: $OURS_REAL; Debian's: $DEBIAN_REAL"
[ -r /proc/net/sctp/eps ] || say "this kernel has no SCTP (no /proc/net/sctp/eps): every case fails"
start=$SECONDS
for c in "${CASES[@]}"; do
	read -r name modes <<<"$c"
	for m in $modes; do
		[[ $name.$m =~ $ONLY ]] || continue
		case $name in
			sctp_test) case_sctp_test "$m" 0 ;;
			sctp_test_bindx) case_sctp_test "$m" 1 ;;
			*) "case_$name" "$m" ;;
		esac
	done
done
say "all cases done in $((SECONDS - start)) s"
