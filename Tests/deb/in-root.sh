#!/bin/bash
# Tests/deb/in-root.sh PHASE RESULTS: inside the clean Debian root (in-vm.sh chroots into it on the
# real SCTP kernel), Debian's programs that link libsctp.so.1 run as installed, with no LD_* variable:
# sctp_test and sctp_darn (lksctp-tools), iperf3 --sctp (libiperf0), sipp -t s1 (sip-tester),
# stress-ng --sctp.
# Each must do its job, and each of its processes must have mapped, as /proc/PID/maps shows it, the
# file the installed libsctp1 package put behind /usr/lib/<multiarch>/libsctp.so.1: its path, and its
# contents (sha256 of /proc/PID/map_files/RANGE, the very file the process mapped) equal to
# EXPECT_SHA256, the library of the package run.sh installed (ours or Debian's, by PHASE).
#
# RESULTS lines: "ID<TAB>ok<TAB>description", "ID<TAB>not ok<TAB>description", "ID<TAB>#<TAB>diagnostic".
# Only bash builtins in the loops: every process start is slow in the emulated guest.
set -u
phase=$1
RESULTS=$2
: "${EXPECT_SHA256:?}" "${EXPECT_PACKAGE:?}"
export LC_ALL=C
cd /tmp || exit 1
: > "$RESULTS"
mkfifo /tmp/nap && exec {NAP_FD}<> /tmp/nap
nap() { read -r -t "${1:-0.05}" -u "$NAP_FD"; }
say() { printf '[deb %(%T)T] %s\n' -1 "$*"; }
JOBS=()
trap 'for j in "${JOBS[@]}"; do kill "$j" 2>/dev/null; done' EXIT

ID= DIAG=()
diag() { DIAG+=("$*"); }
result() {  # result 1|0 DESCRIPTION
	local status=ok d
	[ "$1" = 1 ] || status="not ok"
	{
		printf '%s\t%s\t%s\n' "$ID" "$status" "$2"
		for d in "${DIAG[@]}"; do printf '%s\t#\t%s\n' "$ID" "$d"; done
	} >> "$RESULTS"
	say "$status - $ID: $2"
	DIAG=()
}

# The library file behind the SONAME link, as the package installed it.
LINK=$(dpkg -L libsctp1 | while read -r f; do [[ $f == */libsctp.so.1 ]] && echo "$f"; done)
FILE=$(readlink -f "$LINK")

bg() {  # bg SECONDS TAG PROGRAM ARGS...: in the background under timeout, its input $IN (default
	# /dev/null); BG_PID is timeout's
	local secs=$1 tag=$2
	shift 2
	timeout -k 3 "$secs" "$@" > "/tmp/$ID.$tag.out" 2>&1 < "${IN:-/dev/null}" &
	BG_PID=$!
	JOBS+=("$BG_PID")
}
finish() {  # finish PID SECONDS: waits for a job to end by itself; its exit status (124: timed out)
	local pid=$1 end=$((SECONDS + $2))
	while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $end ]; do nap; done
	kill "$pid" 2>/dev/null
	wait "$pid"
}
# child_named PID NAME: the child of timeout PID once it runs NAME (after its exec), in CHILD.
child_named() {
	local c k comm
	CHILD=
	for c in /proc/"$1"/task/*/children; do
		read -r -a k 2>/dev/null < "$c"
		for c in "${k[@]}"; do
			comm=
			read -r comm 2>/dev/null < "/proc/$c/comm"
			[ "$comm" = "${2:0:15}" ] && { CHILD=$c; return 0; }
		done
	done
	return 1
}
# bound TAG PID NAME: process NAME (started by bg as PID) maps libsctp: the package's file and no
# other. Read as soon as the program runs, and the mapped file opened at once through map_files (a
# client may be short-lived: the descriptor outlives it); the maps lines go to the diagnostics with
# the sha256 of that file.
bound() {
	local tag=$1 end=$((SECONDS + 20)) a b c d e path range paths fd= sum
	while :; do
		if child_named "$2" "$3"; then
			range= paths=
			while read -r a b c d e path; do
				[[ $path == *libsctp* ]] || continue
				[[ " $paths " == *" $path "* ]] || paths="$paths $path"
				[ -n "$range" ] || range=$a
			done 2>/dev/null < "/proc/$CHILD/maps"
			[ -n "$range" ] && { exec {fd}< "/proc/$CHILD/map_files/$range"; } 2>/dev/null && break
		fi
		if [ $SECONDS -ge $end ] || ! kill -0 "$2" 2>/dev/null; then
			diag "$tag: $3 not seen running with libsctp mapped"
			return 1
		fi
		nap 0.01
	done
	sum=$(sha256sum <&"$fd")
	exec {fd}<&-
	sum=${sum%% *}
	diag "$tag: /proc/$CHILD/maps ($3) maps libsctp from [${paths# }]; sha256 of the mapped file (map_files/$range): $sum"
	[ "${paths# }" = "$FILE" ] && [ "$sum" = "$EXPECT_SHA256" ]
}
# client_and_server NAME: the client bg just started maps the package's file; it and then the
# server ($server) run to their end: their exit statuses in rc and src.
client_and_server() {
	local client=$BG_PID
	bound client "$client" "$1" || ok=0
	finish "$client" 90
	rc=$?
	finish "$server" 20
	src=$?
}
eps_port() {  # eps_port PORT: an SCTP endpoint listens on PORT (/proc/net/sctp/eps)
	local f
	while read -r -a f; do [ "${f[5]}" = "$1" ] && return 0; done < /proc/net/sctp/eps
	return 1
}
tcp_port() {  # tcp_port PORT: a TCP socket listens on PORT, IPv4
	local hex f
	printf -v hex ':%04X' "$1"
	while read -r -a f; do [ "${f[1]: -5}" = "$hex" ] && [ "${f[3]}" = 0A ] && return 0; done < /proc/net/tcp
	return 1
}
until_true() {  # until_true SECONDS COMMAND...
	local end=$((SECONDS + $1))
	shift
	until "$@"; do [ $SECONDS -ge $end ] && return 1; nap; done
	return 0
}
count() {  # count FILE SUBSTRING: lines of FILE that contain it, in COUNT
	local l
	COUNT=0
	while IFS= read -r l; do [[ $l == *"$2"* ]] && COUNT=$((COUNT + 1)); done < "$1"
}
WHO="libsctp.so.1 -> ${FILE##*/} of $EXPECT_PACKAGE in every process"

say "phase $phase: libsctp1 $(dpkg-query -W -f='${Version}' libsctp1), $LINK -> $FILE"
ID=kernel
diag "$(uname -r); checksctp: $(checksctp 2>&1)"
[ -e /proc/net/sctp/eps ]
result $((! $?)) "$phase: the kernel has SCTP (checksctp)"

# lksctp-tools: a sctp_test server, and an interactive sctp_darn client that waits for its commands
# on a FIFO until its maps have been read (a client that ran on its own could be gone by then).
ID=lksctp-tools
ok=1
bg 60 server sctp_test -H 127.0.0.1 -P 5001 -l
server=$BG_PID
until_true 20 eps_port 5001 || { ok=0; diag "the server did not listen on SCTP port 5001"; }
bound server "$server" sctp_test || ok=0
mkfifo /tmp/darn.in
IN=/tmp/darn.in bg 60 client sctp_darn -H 127.0.0.1 -P 5002 -h 127.0.0.1 -p 5001 -s -I
client=$BG_PID
exec {commands}> /tmp/darn.in
bound client "$client" sctp_darn || ok=0
printf 'snd=10\nsnd=33\n' >&"$commands"
exec {commands}>&-
finish "$client" 60
rc=$?
until_true 10 eval 'count "/tmp/$ID.server.out" ") Data "; [ "$COUNT" -ge 2 ]'
received=$COUNT
kill "$server" 2>/dev/null
diag "sctp_darn snd=10, snd=33: exit $rc (33 expected: the last send's length); the sctp_test server received $received messages"
[ "$rc" = 33 ] && [ "$received" = 2 ] || ok=0
result $ok "$phase: lksctp-tools: sctp_darn sends 2 messages to sctp_test, which receives them; $WHO"

ID=iperf3
ok=1
bg 90 server iperf3 -4 -s -1 -p 5101
server=$BG_PID
until_true 20 tcp_port 5101 || { ok=0; diag "the server did not listen on TCP port 5101"; }
bound server "$server" iperf3 || ok=0
bg 90 client iperf3 -4 -c 127.0.0.1 -p 5101 --sctp -t 3
client_and_server iperf3
count "/tmp/$ID.client.out" 'receiver'
diag "client exit $rc, server exit $src; client's last lines: $(tail -n 3 "/tmp/$ID.client.out" | tr -s ' \n' ' ')"
[ "$rc" = 0 ] && [ "$src" = 0 ] && [ "$COUNT" -ge 1 ] || ok=0
result $ok "$phase: iperf3 --sctp (libiperf0) transfers for 3 s, client and server exit 0; $WHO"

ID=sipp
ok=1
bg 90 server sipp -sn uas -t s1 -i 127.0.0.1 -p 5201 -m 5 -nostdin -cp 5203 -mp 6201
server=$BG_PID
until_true 30 eps_port 5201 || { ok=0; diag "the uas did not listen on SCTP port 5201"; }
bound server "$server" sipp || ok=0
bg 90 client sipp -sn uac -t s1 127.0.0.1:5201 -m 5 -r 5 -i 127.0.0.1 -p 5202 -nostdin -cp 5204 -mp 7201 \
	-timeout 60 -timeout_error
client_and_server sipp
calls=$(while IFS='|' read -r a b c d; do [[ $a == *"Successful call"* ]] && echo "${c// /}"; done < "/tmp/$ID.client.out" | tail -n 1)
failed=$(while IFS='|' read -r a b c d; do [[ $a == *"Failed call"* ]] && echo "${c// /}"; done < "/tmp/$ID.client.out" | tail -n 1)
diag "uac exit $rc, uas exit $src; the uac's final screen: ${calls:-?} successful calls, ${failed:-?} failed"
[ "$rc" = 0 ] && [ "$src" = 0 ] && [ "${calls:-0}" -ge 5 ] 2>/dev/null && [ "$failed" = 0 ] || ok=0
result $ok "$phase: sipp -t s1 (sip-tester) uac and uas complete ${calls:-?} calls, none failed; $WHO"

ID=stress-ng
ok=1
bg 120 run stress-ng --sctp 1 --sctp-port 5301 --sctp-ops 200 --timeout 60s --metrics-brief
run=$BG_PID
bound stress-ng "$run" stress-ng || ok=0
finish "$run" 120
rc=$?
ops=$(while read -r -a f; do [[ ${f[*]} == *"] sctp "* ]] && echo "${f[4]}"; done < "/tmp/$ID.run.out" | tail -n 1)
diag "stress-ng exit $rc; sctp bogo ops: ${ops:-none reported}; last lines: $(tail -n 2 "/tmp/$ID.run.out" | tr -s ' \n' ' ')"
[ "$rc" = 0 ] && [ "${ops:-0}" -gt 0 ] 2>/dev/null || ok=0
result $ok "$phase: stress-ng --sctp runs ${ops:-no} SCTP bogo ops and exits 0; $WHO"
say "phase $phase done"
