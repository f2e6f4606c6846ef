#!/bin/bash
# prepare.sh — cache a Debian kernel with SCTP and an initramfs for kernel-run.sh.
#
# Which kernel: KERNEL_VM_ARCH and KERNEL_VM_SUITE (Tests/vm/target.sh).
# Everything lands in <project>/build/vm/ (never committed; another kernel than the default in
# build/vm/ARCH-SUITE/, with its private apt state in apt/ and the architecture's busybox):
#   kernel/<KVER>/tree/     the kernel .deb unpacked with dpkg -x (not installed)
#   kernel/<KVER>/vmlinux   ELF extracted from the bzImage (qemu boots it by PVH), or the
#                           kernel file as shipped where qemu boots that (target.sh)
#   kernel/<KVER>/initrd.gz busybox + sctp/9p/virtio modules + Tests/vm/init.sh
#   kernel.env              KVER/VMLINUX/INITRD of the current kernel, and how qemu boots it
#                           (read by kernel-run.sh)
# Idempotent: a second run only resolves the kernel version (apt-cache) and compares a stamp.
# Usage: prepare.sh [-q]
#   -q (used by kernel-run.sh): quiet, and keep the cached kernel without asking apt whether a newer
#      one exists (the initrd is still rebuilt when init.sh or this script changed).
set -euo pipefail

QUIET=0
[ "${1:-}" = -q ] && QUIET=1

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=target.sh
. "$HERE/target.sh"
CACHE=$VM_CACHE

# Modules the guest needs (their dependencies are resolved by modprobe --show-depends):
# SCTP itself, sctp_diag (ss --sctp), 9p over virtio for the shared host root, virtio-rng for entropy.
MODULES="sctp sctp_diag 9p 9pnet_virtio virtio_pci virtio_rng ${KERNEL_VM_EXTRA_MODULES:-}"

log() { echo "prepare.sh: $*" >&2; }
die() { echo "prepare.sh: error: $*" >&2; exit 1; }

mkdir -p "$CACHE"
# Several kernel-run.sh may call us at once: serialise on a lock in the cache.
exec 9>"$CACHE/.lock"
flock 9
# Run directories of kernel-run.sh calls that were killed before they could clean up (a day old: no run
# lasts that long).
find "$CACHE" -maxdepth 1 -name 'run.*' -mmin +1440 -exec rm -rf {} + 2>/dev/null || true

# --- host tools --------------------------------------------------------------------------------
APT_UPDATED=0
# apt-get update only once, and only when something cannot be found without it.
apt_update_once() {
    [ "$APT_UPDATED" = 1 ] && return 0
    log "apt-get update"
    apt-get update -qq >&2 || return 1
    APT_UPDATED=1
}
# The initramfs needs a *static* busybox (package busybox-static, which also provides /bin/busybox).
. "$ROOT/Tests/lib.sh"
ensure_packages --no-install-recommends "$VM_QEMU_PKG" cpio xz-utils zstd kmod busybox-static ||
    die "cannot install $VM_QEMU_PKG cpio xz-utils zstd kmod busybox-static (as root)"

# The initramfs depends on the init script, this script and the module list: stamp them.
STAMP=$(cat "$HERE/init.sh" "$0" "$HERE/target.sh" | sha256sum | cut -c1-16)-$(echo "$MODULES" | sha256sum | cut -c1-8)

# -q (kernel-run.sh): a cached kernel whose initrd is current is good enough; asking apt which kernel is
# current costs ~0.5 s per run. A plain prepare.sh run does ask, and moves to a newer kernel if any.
if [ "$QUIET" = 1 ] && [ -f "$CACHE/kernel.env" ]; then
    KVER=$(sed -n 's/^KVER=//p' "$CACHE/kernel.env")
    if [ -n "$KVER" ] && [ -f "$CACHE/kernel/$KVER/vmlinux" ] && [ -f "$CACHE/kernel/$KVER/initrd.gz" ] \
       && [ "$(cat "$CACHE/kernel/$KVER/initrd.stamp" 2>/dev/null)" = "$STAMP" ]; then
        exit 0
    fi
fi

# --- which kernel ------------------------------------------------------------------------------
# The default kernel comes through this machine's apt as it is; another (architecture or release)
# through a private apt state in the cache, whose one source is this machine's archive.
APT_PRIVATE=()
if [ -n "$VM_TARGET" ]; then
    private_apt "$CACHE/apt" "$VM_SUITE" "$VM_ARCH" || die "apt-get update ($VM_TARGET) failed"
    APT_UPDATED=1
fi
# linux-image-FLAVOUR is the metapackage; its dependency names the real image package.
resolve_pkg() {
    apt-cache ${APT_PRIVATE[@]+"${APT_PRIVATE[@]}"} depends "linux-image-$VM_FLAVOUR" 2>/dev/null \
        | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n1
}
PKG=$(resolve_pkg || true)
if [ -z "$PKG" ]; then
    # Fresh machine without package lists: update and retry. Offline with a cache: keep the cache.
    if ! apt_update_once; then
        [ -f "$CACHE/kernel.env" ] || die "apt-get update failed"
        log "cannot resolve the kernel package (offline?); keeping the cached kernel"
        exit 0
    fi
    PKG=$(resolve_pkg || true)
    [ -n "$PKG" ] || die "cannot resolve the package behind linux-image-$VM_FLAVOUR"
fi
KVER=${PKG#linux-image-}
KDIR="$CACHE/kernel/$KVER"
TREE="$KDIR/tree"


if [ -f "$KDIR/vmlinux" ] && [ -f "$KDIR/initrd.gz" ] && [ "$(cat "$KDIR/initrd.stamp" 2>/dev/null)" = "$STAMP" ] \
   && grep -qx "KVER=$KVER" "$CACHE/kernel.env" 2>/dev/null; then
    [ "$QUIET" = 1 ] || log "up to date (kernel $KVER, $CACHE)"
    exit 0
fi

# --- kernel package: download + unpack, never install ------------------------------------------
if [ ! -f "$TREE/.done" ]; then
    log "downloading $PKG"
    rm -rf "$KDIR" && mkdir -p "$KDIR"
    ( cd "$KDIR" && apt-get ${APT_PRIVATE[@]+"${APT_PRIVATE[@]}"} download -qq -o APT::Sandbox::User=root "$PKG" >&2 ) || {
        apt_update_once || die "apt-get update failed"
        ( cd "$KDIR" && apt-get ${APT_PRIVATE[@]+"${APT_PRIVATE[@]}"} download -qq -o APT::Sandbox::User=root "$PKG" >&2 ) || die "apt-get download $PKG failed"
    }
    log "unpacking $PKG"
    mkdir -p "$TREE"
    dpkg -x "$KDIR"/"$PKG"_*.deb "$TREE"
    rm -f "$KDIR"/*.deb
    # Another architecture's userland cannot run the host's programs: its busybox is the guest's
    # shell and init (downloaded, not installed: it would replace the host's /bin/busybox).
    if [ "$VM_FOREIGN" = 1 ]; then
        ( cd "$KDIR" && apt-get "${APT_PRIVATE[@]}" download -qq busybox-static >&2 ) || die "apt-get download busybox-static ($VM_ARCH) failed"
        dpkg -x "$KDIR"/busybox-static_*.deb "$KDIR/busybox-static"
        rm -f "$KDIR"/*.deb
    fi
    touch "$TREE/.done"
fi

# Modules live in lib/modules or (merged-/usr packages) usr/lib/modules; modprobe -d wants lib/.
if [ ! -d "$TREE/lib/modules/$KVER" ] && [ -d "$TREE/usr/lib/modules/$KVER" ]; then
    mkdir -p "$TREE/lib" && ln -sfn ../usr/lib/modules "$TREE/lib/modules"
fi
[ -d "$TREE/lib/modules/$KVER" ] || die "no modules for $KVER in $TREE"

# --- vmlinux: the xz (bookworm) or zstd (trixie) payload inside the bzImage ---------------------
# Booting the ELF by PVH skips the bzImage's self-decompression (12 s boot instead of 17 s).
if [ "$VM_BOOT" = image ]; then
    [ -f "$TREE/boot/vmlinuz-$KVER" ] || die "no $TREE/boot/vmlinuz-$KVER"
    ln -sfn "tree/boot/vmlinuz-$KVER" "$KDIR/vmlinux"
elif [ ! -f "$KDIR/vmlinux" ]; then
    BZ="$TREE/boot/vmlinuz-$KVER"
    [ -f "$BZ" ] || die "no $BZ"
    log "extracting vmlinux"
    ok=0
    # Try every xz magic (FD 37 7A 58 5A 00) and zstd magic (28 B5 2F FD) in the file until one
    # decompresses to an ELF.
    for off in $(LC_ALL=C grep -obUaP '\xFD7zXZ\x00|\x28\xB5\x2F\xFD' "$BZ" | cut -d: -f1); do
        # (tail dies of SIGPIPE when xz stops after the first stream: not an error, hence "|| true";
        # zstd complains of the bytes after its frame, but has written the frame by then)
        if [ "$(tail -c +$((off + 1)) "$BZ" | head -c 4 | od -An -tx1 | tr -d ' ')" = 28b52ffd ]; then
            unpack="zstd -qdc"
        else
            unpack="xz -dc --single-stream"
        fi
        { tail -c +$((off + 1)) "$BZ" || true; } | $unpack >"$KDIR/vmlinux.tmp" 2>/dev/null || true
        if [ "$(head -c4 "$KDIR/vmlinux.tmp" | od -An -tx1 | tr -d ' ')" = 7f454c46 ]; then
            ok=1; break
        fi
    done
    [ "$ok" = 1 ] || die "no xz- or zstd-compressed ELF found in $BZ"
    mv "$KDIR/vmlinux.tmp" "$KDIR/vmlinux"
fi

# --- initramfs ---------------------------------------------------------------------------------
log "building initrd for $KVER"
depmod -b "$TREE" "$KVER"
STAGE=$(mktemp -d "$CACHE/initrd.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,host,modules,tmp}
if [ "$VM_FOREIGN" = 1 ]; then
    cp "$KDIR/busybox-static/bin/busybox" "$STAGE/bin/busybox"
else
    cp /bin/busybox "$STAGE/bin/busybox"
fi
cp "$HERE/init.sh" "$STAGE/init"
chmod 755 "$STAGE/init"
# --show-depends prints "insmod PATH [options]" in load order (softdeps included), "builtin NAME" for
# built-in ones; -a because several names without it mean one module plus parameters. Each module is
# copied flat (decompressed: busybox insmod may not read .ko.xz).
: >"$STAGE/modules/list"
# shellcheck disable=SC2086
modprobe -d "$TREE" -S "$KVER" --show-depends -a $MODULES | awk '$1 == "insmod" { print $2 }' | awk '!seen[$0]++' |
while read -r path; do
    name=$(basename "$path")
    case "$name" in
        *.ko.xz)  name=${name%.xz};  xz -dc "$path" >"$STAGE/modules/$name" ;;
        *.ko.zst) name=${name%.zst}; zstd -qdc "$path" >"$STAGE/modules/$name" ;;
        *.ko.gz)  name=${name%.gz};  gzip -dc "$path" >"$STAGE/modules/$name" ;;
        *)        cp "$path" "$STAGE/modules/$name" ;;
    esac
    echo "$name" >>"$STAGE/modules/list"
done
grep -q '^sctp\.ko$' "$STAGE/modules/list" || grep -qx 'builtin sctp' <(modprobe -d "$TREE" -S "$KVER" --show-depends sctp) \
    || die "sctp module not found for $KVER"
( cd "$STAGE" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 ) | gzip -1 >"$KDIR/initrd.gz.tmp"
mv "$KDIR/initrd.gz.tmp" "$KDIR/initrd.gz"
echo "$STAMP" >"$KDIR/initrd.stamp"

# kernel.env is replaced atomically: a concurrent kernel-run.sh reads either the old or the new one.
printf 'KVER=%s\nVMLINUX=%s\nINITRD=%s\n' "$KVER" "$KDIR/vmlinux" "$KDIR/initrd.gz" >"$CACHE/kernel.env.tmp"
mv "$CACHE/kernel.env.tmp" "$CACHE/kernel.env"
# Drop kernels an older prepare left behind (a running qemu has already read its files).
for old in "$CACHE"/kernel/*; do
    [ "$old" = "$KDIR" ] || rm -rf "$old"
done
log "ready: kernel $KVER ($(du -h "$KDIR/initrd.gz" | cut -f1) initrd, modules: $(tr '\n' ' ' <"$STAGE/modules/list"))"
