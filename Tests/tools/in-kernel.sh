#!/usr/bin/env bash
# Tests/tools/in-kernel.sh: withsctp and checksctp on a kernel that has SCTP
# (run.sh starts it through Tests/vm/kernel-run.sh: one boot). Each case runs
# under our withsctp (build/tools) and Debian's (lksctp-tools), and writes
# what it saw to build/tools-tests/CASE.WHICH/ for run.sh to compare:
#
#   pair.*      a TCP server and client, unmodified, talk under withsctp: the
#               line the server received, the client's echo, both exit
#               statuses, and /proc/net/sctp/assocs read while they were
#               connected (the association on the server's port)
#   checksctp*  exit status, standard output and error
#   probe       socket_probe under the preloaded library alone
#
# Every process has a timeout; a wait for an event is bounded (30 s) and ends
# early when the process it waits on has ended.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$ROOT/build/tools-tests
BIN=$OUT/bin
export LC_ALL=C
unset LD_PRELOAD LD_LIBRARY_PATH
cat /proc/net/sctp/assocs >/dev/null && echo 'SCTP: present in this kernel' > "$OUT/kernel"
# The clients' standard input, fifos: on a local file system (the guest's
# /tmp is its own tmpfs; the shared folder has no fifos).
FIFOS=$(mktemp -d /tmp/tools-tests.XXXXXX) || exit 1
trap 'rm -rf "$FIFOS"' EXIT

declare -A WITHSCTP=([ours]=$ROOT/build/tools/withsctp [debian]=/usr/bin/withsctp)
declare -A CHECKSCTP=([ours]=$ROOT/build/tools/checksctp [debian]=/usr/bin/checksctp)
declare -A LIBWITHSCTP=([ours]=$ROOT/build/tools/libwithsctp.so.1 [debian]=/usr/lib/x86_64-linux-gnu/lksctp-tools/libwithsctp.so.1)

# until SECONDS_LIMIT PID COMMAND...: runs COMMAND every tenth of a second
# until it succeeds (0), PID has ended or the limit passed (1).
until_true() {
	local limit=$1 pid=$2 i
	shift 2
	for ((i = 0; i < limit * 10; i++)); do
		"$@" && return 0
		kill -0 "$pid" 2>/dev/null || { "$@"; return; }
		sleep 0.1
	done
	return 1
}
listening() { awk -v p="$1" 'NR > 1 && $6 == p { found = 1 } END { exit !found }' /proc/net/sctp/eps; }
received() { grep -q 'hello over sctp' "$1"; }

# pair NAME PORT SERVER CLIENT: SERVER and CLIENT are command lines (PORT in
# them as @PORT@), each run under both withsctp scripts.
pair() {
	local name=$1 port=$2 server=${3//@PORT@/$2} client=${4//@PORT@/$2} which d spid cpid
	for which in ours debian; do
		d=$OUT/pair.$name.$which
		mkdir -p "$d"
		# shellcheck disable=SC2086
		timeout 60 "${WITHSCTP[$which]}" $server </dev/null >"$d/server.out" 2>"$d/server.err" &
		spid=$!
		until_true 30 "$spid" listening "$port"
		mkfifo "$FIFOS/$name.$which"
		# shellcheck disable=SC2086
		timeout 60 "${WITHSCTP[$which]}" $client <"$FIFOS/$name.$which" >"$d/client.out" 2>"$d/client.err" &
		cpid=$!
		exec 7>"$FIFOS/$name.$which"
		echo 'hello over sctp' >&7
		until_true 30 "$cpid" received "$d/server.out"
		# While they are connected: the association, seen by the kernel.
		awk -v p="$port" 'NR > 1 && ($12 == p || $13 == p)' /proc/net/sctp/assocs >"$d/assocs"
		exec 7>&-
		wait "$cpid"
		echo $? >"$d/client.status"
		# A server left waiting (its client never reached it) is ended.
		if [ "$(cat "$d/client.status")" = 0 ]; then
			until_true 30 "$spid" false
		fi
		kill "$spid" 2>/dev/null
		wait "$spid"
		echo $? >"$d/server.status"
		port=$((port + 1))
		server=${3//@PORT@/$port}
		client=${4//@PORT@/$port}
	done
}

SERVER=$BIN/tcp_echo_server
CLIENT=$BIN/tcp_echo_client
pair c 21000 "$SERVER @PORT@" "$CLIENT @PORT@"
pair nc-socat 21010 "nc -l 127.0.0.1 @PORT@" "socat -u STDIN TCP:127.0.0.1:@PORT@"
pair socat 21020 "socat -u TCP-LISTEN:@PORT@,bind=127.0.0.1,reuseaddr STDOUT" "socat -u STDIN TCP:127.0.0.1:@PORT@"
# nc's client asks for SOCK_STREAM | SOCK_NONBLOCK, which withsctp leaves TCP.
pair nc-client 21030 "$SERVER @PORT@" "nc -N 127.0.0.1 @PORT@"

for which in ours debian; do
	d=$OUT/checksctp.$which
	mkdir -p "$d"
	"${CHECKSCTP[$which]}" >"$d/stdout" 2>"$d/stderr"
	echo $? >"$d/status"
	# Standard input closed: the socket is descriptor 0.
	d=$OUT/checksctp-stdin-closed.$which
	mkdir -p "$d"
	"${CHECKSCTP[$which]}" <&- >"$d/stdout" 2>"$d/stderr"
	echo $? >"$d/status"
	d=$OUT/withsctp-exit-status.$which
	mkdir -p "$d"
	"${WITHSCTP[$which]}" sh -c 'exit 7' >"$d/stdout" 2>"$d/stderr"
	echo $? >"$d/status"
	d=$OUT/probe.$which
	mkdir -p "$d"
	LD_PRELOAD=${LIBWITHSCTP[$which]} "$BIN/socket_probe" >"$d/stdout" 2>"$d/stderr"
	echo $? >"$d/status"
done
echo "in-kernel.sh: done"
