#!/bin/busybox sh
# init.sh — PID 1 of the kernel-run.sh guest. prepare.sh copies it into the initramfs as /init.
#
# It loads the SCTP/9p modules, mounts the host's root (read-only 9p share "hostroot") and the project's
# build/ directory (writable 9p share "build") at their host paths, chroots into the host root and runs the
# run.sh that kernel-run.sh wrote into its run directory. The host learns the exit status from the
# "@@KRUN-END-<token>:<status>@@" line on the serial console (and from <run dir>/status).
# Parameters come on the kernel command line: krun_build, krun_dir, krun_host, krun_keep (base64), krun_tok,
# krun_bb (1: the host's programs are of another architecture; the initramfs's busybox, this kernel's, is
# put into the guest's /tmp/.krun-bin as the shell and the commands the run finds first, and over /bin/sh).
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# Kernel messages must not mix with the command's output on the console.
dmesg -n 1

BUILD= RUN= TOK= KEEP= BB= HOSTNAME=sctp-guest
for arg in $(cat /proc/cmdline); do
    case "$arg" in
        krun_build=*) BUILD=$(echo "${arg#*=}" | base64 -d) ;;
        krun_dir=*)   RUN=$(echo "${arg#*=}" | base64 -d) ;;
        krun_host=*)  HOSTNAME=$(echo "${arg#*=}" | base64 -d) ;;
        krun_keep=*)  KEEP=$(echo "${arg#*=}" | base64 -d) ;;
        krun_tok=*)   TOK=${arg#*=} ;;
        krun_bb=*)    BB=${arg#*=} ;;
    esac
done

# Any failure before the start marker: say why and power off; the host sees no end marker and reports
# a failed boot together with these lines.
fail() {
    echo "kernel-run guest: $*"
    poweroff -f
    sleep 10
}
[ -n "$BUILD" ] && [ -n "$RUN" ] && [ -n "$TOK" ] || fail "missing krun_* parameters on the kernel command line"

while read -r m; do
    insmod "/modules/$m" || echo "kernel-run guest: insmod $m failed"
done </modules/list

# Loopback only (no NIC): 127.0.0.0/8 is all local; ::1 comes with lo as long as IPv6 is not disabled.
echo 0 >/proc/sys/net/ipv6/conf/all/disable_ipv6 2>/dev/null
echo 0 >/proc/sys/net/ipv6/conf/lo/disable_ipv6 2>/dev/null
ip link set lo up || fail "cannot bring lo up"
hostname "$HOSTNAME"

# msize: bigger 9p messages read binaries and libraries faster. cache=loose on the read-only root lets the
# guest keep what it read in its page cache (python starts ~3x faster); the build share stays uncached so
# every write reaches the host at once.
opts=trans=virtio,version=9p2000.L,msize=262144
mount -t 9p -o "$opts,ro,cache=loose" hostroot /host || fail "cannot mount the host root (9p hostroot)"
# /tmp and /var/tmp become guest tmpfs (the share is read-only). Host paths under them that the run needs
# (project root, cwd: krun_keep) are set aside first and put back on top of the tmpfs afterwards.
n=0
echo "$KEEP" | while IFS= read -r p; do
    [ -n "$p" ] || continue
    n=$((n + 1)); mkdir -p "/keep/$n"
    mount --bind "/host$p" "/keep/$n" && echo "$p" >"/keep/$n.path"
done
mount -t tmpfs -o mode=1777 tmpfs /host/tmp
mount -t tmpfs -o mode=1777 tmpfs /host/var/tmp 2>/dev/null
for f in /keep/*.path; do
    [ -f "$f" ] || continue
    p=$(cat "$f")
    mkdir -p "/host$p" && mount --move "${f%.path}" "/host$p"
done
mount -t 9p -o "$opts" build "/host$BUILD" || fail "cannot mount $BUILD (9p build)"
shell=/bin/sh
if [ "$BB" = 1 ]; then
    mkdir -p /host/tmp/.krun-bin
    cp /bin/busybox /host/tmp/.krun-bin/busybox
    for a in $(busybox --list); do ln -s busybox "/host/tmp/.krun-bin/$a" 2>/dev/null; done
    shell=/tmp/.krun-bin/sh
    # Scripts name /bin/sh on their first line: it is the busybox too (bound over the host's shell).
    mount --bind /host/tmp/.krun-bin/busybox /host/bin/sh || fail "cannot bind busybox over /bin/sh"
fi
# The chroot gets its own proc/sys/dev (with pts and a tmpfs /dev/shm for POSIX shm and semaphores).
mount -t proc proc /host/proc
mount -t sysfs sysfs /host/sys
mount -t devtmpfs devtmpfs /host/dev
mkdir -p /host/dev/pts /host/dev/shm
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /host/dev/pts
mount -t tmpfs -o mode=1777 tmpfs /host/dev/shm
[ -f "/host$RUN/run.sh" ] || fail "no $RUN/run.sh on the build share"

# The command writes into a fifo copied to the console by cat, so that its stdout/stderr are a pipe
# (as under make or a CI log: no tty line discipline, no colour) rather than the serial tty.
mkfifo /out
cat /out &
catpid=$!
printf '\n@@KRUN-START-%s@@\n' "$TOK"
env -i chroot /host "$shell" "$RUN/run.sh" >/out 2>&1 </dev/null
status=$?

# Background processes the command left behind would keep the fifo open (and the guest up): stop them,
# but let cat drain what is already in the pipe. Several rounds, since a stray may fork while we scan.
# User processes have /proc/PID/exe (kernel threads and zombies do not).
# strays runs in a $(...) subshell: skip that subshell itself too (read is a builtin: /proc/self is it).
strays() {
    read -r me _ </proc/self/stat
    for p in /proc/[0-9]*; do
        p=${p#/proc/}
        [ "$p" != 1 ] && [ "$p" != "$catpid" ] && [ "$p" != "$me" ] && [ -e "/proc/$p/exe" ] && echo "$p"
    done
}
for round in 1 2 3 4 5; do
    left=$(strays)
    [ -n "$left" ] || break
    kill -TERM $left 2>/dev/null
    sleep 0.1
    kill -KILL $left 2>/dev/null
done
wait "$catpid"

echo "$status" >"/host$RUN/status"
printf '\n@@KRUN-END-%s:%s@@\n' "$TOK" "$status"
sync
umount "/host$BUILD" 2>/dev/null
poweroff -f
sleep 10
