#!/bin/sh
# Tests/deb/in-vm.sh ROOT PHASE: on the real SCTP kernel (run.sh starts it with Tests/vm/kernel-run.sh,
# which runs it in the host's root), gives the clean Debian root ROOT (under build/, the guest's
# writable share) the guest's proc, sys and dev, an empty /tmp and /run, this directory at
# /srv/libsctp-test, and runs in-root.sh PHASE in it with an empty environment: no LD_* variable
# reaches the programs. Results: ROOT/srv/libsctp/results-PHASE.txt.
set -eu
root=$1
phase=$2
here=$(cd "$(dirname "$0")" && pwd)
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --rbind /dev "$root/dev"
mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
mount -t tmpfs tmpfs "$root/run"
mkdir -p "$root/srv/libsctp-test" "$root/srv/libsctp"
mount --bind "$here" "$root/srv/libsctp-test"
exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
	EXPECT_SHA256="$EXPECT_SHA256" EXPECT_PACKAGE="$EXPECT_PACKAGE" \
	/bin/bash /srv/libsctp-test/in-root.sh "$phase" "/srv/libsctp/results-$phase.txt"
