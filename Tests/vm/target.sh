# Tests/vm/target.sh: which Debian kernel the VM boots, and how. Sourced by
# prepare.sh and kernel-run.sh; the one home of the architecture table.
#
# KERNEL_VM_ARCH: the kernel's Debian architecture (amd64, i386, arm64,
# armhf), default this machine's. KERNEL_VM_SUITE: the Debian release it comes
# from (bookworm, trixie, ...), default this machine's apt sources as they are.
# The default kernel (this machine's architecture and sources) is cached in
# build/vm, any other in build/vm/ARCH-SUITE, fetched through a private apt
# state (private_apt, Tests/lib.sh) that names no archive of its own.
# Sets: VM_ARCH VM_SUITE VM_TARGET (empty for the default) VM_CACHE
# VM_FLAVOUR (linux-image-FLAVOUR) VM_QEMU VM_QEMU_PKG VM_MACHINE (qemu
# options) VM_CONSOLE VM_BOOT (elf: the ELF inside the bzImage, booted by PVH;
# image: the kernel file as shipped) VM_FOREIGN (1: the host's programs cannot
# run on this kernel, the guest's shell is the architecture's busybox).
VM_HOST_ARCH=$(dpkg --print-architecture)
VM_ARCH=${KERNEL_VM_ARCH:-$VM_HOST_ARCH}
VM_SUITE=${KERNEL_VM_SUITE:-}
VM_TARGET=
if [ "$VM_ARCH" != "$VM_HOST_ARCH" ] || [ -n "$VM_SUITE" ]; then
	[ -n "$VM_SUITE" ] || VM_SUITE=$(. /etc/os-release && echo "$VERSION_CODENAME")
	VM_TARGET=$VM_ARCH-$VM_SUITE
fi
VM_CACHE=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build/vm${VM_TARGET:+/$VM_TARGET}
VM_FOREIGN=0
[ "$VM_ARCH" = "$VM_HOST_ARCH" ] || VM_FOREIGN=1
# TCG only (KVM guests hang on these machines). pauth-impdef: the pointer
# authentication of -cpu max with QEMU's cheap hash instead of QARMA, which
# TCG emulates many times slower; the guest sees the same instructions.
case $VM_ARCH in
amd64) VM_FLAVOUR=amd64 VM_QEMU=qemu-system-x86_64 VM_QEMU_PKG=qemu-system-x86 VM_CONSOLE=ttyS0 VM_BOOT=elf
	VM_MACHINE="-cpu max" ;;
i386) VM_FLAVOUR=686 VM_QEMU=qemu-system-i386 VM_QEMU_PKG=qemu-system-x86 VM_CONSOLE=ttyS0 VM_BOOT=image
	VM_MACHINE="-cpu max" ;;
arm64) VM_FLAVOUR=arm64 VM_QEMU=qemu-system-aarch64 VM_QEMU_PKG=qemu-system-arm VM_CONSOLE=ttyAMA0 VM_BOOT=image
	VM_MACHINE="-M virt -cpu max,pauth-impdef=on" ;;
armhf) VM_FLAVOUR=armmp-lpae VM_QEMU=qemu-system-arm VM_QEMU_PKG=qemu-system-arm VM_CONSOLE=ttyAMA0 VM_BOOT=image
	VM_MACHINE="-M virt,highmem=off -cpu cortex-a15" ;;
*) echo "target.sh: no kernel known for architecture $VM_ARCH (amd64, i386, arm64, armhf)" >&2; return 2 ;;
esac
