#!/bin/sh
# Runs the echo demo on a kernel with SCTP: the server in the background, the
# client against it, three messages (one per stream), then both stop.
# Usage: examples/run-demo.sh BUILD_DIR   (where make demo put the programs)
set -u
bin=$1
port=$((20000 + $$ % 20000))
echo "--- The server binds two addresses with sctp_bindx; the client connects to both"
echo "--- with sctp_connectx, and sends one message on each of 3 streams."
timeout 60 "$bin/echo_server" "$port" 3 &
server=$!
timeout 60 "$bin/echo_client" "$port"
client=$?
wait "$server"
server_status=$?
if [ "$client" -eq 0 ] && [ "$server_status" -eq 0 ]; then
	echo "--- demo finished: every echo came back on the stream it was sent on"
	exit 0
fi
echo "--- demo failed (client $client, server $server_status)"
exit 1
