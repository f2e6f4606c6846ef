#!/bin/sh
# has-sctp.sh — exit 0 if the running kernel can open an SCTP socket (module built in or autoloaded),
# 1 otherwise. Uses a tiny C probe cached in build/vm/ (python3 as a fallback when there is no compiler).
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE="$HERE/../../build/vm"
PROBE="$CACHE/sctp-probe"

if [ ! -x "$PROBE" ] && command -v cc >/dev/null 2>&1 && mkdir -p "$CACHE" 2>/dev/null; then
    # Compile to a unique name and rename: concurrent callers never see a half-written probe.
    tmp="$PROBE.$$"
    cat <<'C' | cc -x c -o "$tmp" - 2>/dev/null && mv -f "$tmp" "$PROBE" || rm -f "$tmp"
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
int main(void) {
    int fd = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
    if (fd < 0) return 1;
    close(fd);
    return 0;
}
C
fi
if [ -x "$PROBE" ]; then
    "$PROBE" && exit 0
    exit 1
fi
if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM, 132).close()' 2>/dev/null && exit 0
    exit 1
fi
echo "has-sctp.sh: neither cc nor python3 to probe with" >&2
exit 1
