#!/usr/bin/env bash
# make check-arch: the C suite (host and kernel stages) built for each other
# architecture Debian ships libsctp1 for, run on a real SCTP kernel of that
# architecture (Tests/vm/kernel-run.sh --arch, Debian's kernel under qemu's
# system emulator), and the amd64 kernel stage on the next Debian release's
# kernel. Results in build/results-arch/ROW; the last line is
# "N passed, N failed".
#
#   arm64    make ARCH=aarch64; both stages on linux-image-arm64 (qemu-system-aarch64 -M virt)
#   i386     make ARCH=i686; host stage here (the amd64 kernel runs i386 programs), kernel stage
#            on the amd64 kernel (32-bit compat syscalls) and on linux-image-686 (qemu-system-i386)
#   armhf    make ARCH=armv7; both stages, and the echo demo, on linux-image-armmp-lpae (qemu-system-arm
#            -M virt); the suite's runner is Tests/C/criterion-lite (Debian has no Criterion for armhf)
#   trixie   the amd64 suite's kernel stage on Debian 13's linux-image-amd64
# Each architecture's row first runs the host packaging tests of its build
# against Debian's libsctp1 of it (Tests/host/arch.sh, under qemu-user), and
# its Debian packages (make deb ARCH=, lintian: Tests/deb/run.sh --arch).
#
# SCTP_ARCH_ROWS="arm64 i386 armhf trixie" (the default) chooses rows.
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
. Tests/lib.sh

rows=${SCTP_ARCH_ROWS:-arm64 i386 armhf trixie}
# A limit for hangs, not speed: an emulated arm64 or i386 guest runs the
# kernel stage several times slower than the amd64 one, on a loaded machine
# more still.
export KERNEL_RUN_TIMEOUT=${KERNEL_RUN_TIMEOUT:-3600}
codename=$(. /etc/os-release && echo "$VERSION_CODENAME")

# --- what the rows need ------------------------------------------------------------
# The cross compilers, the architectures' C libraries (the guests run the
# host's root: /lib/ld-linux-aarch64.so.1 and the rest must be there) and the
# other libraries Criterion needs, installed through multiarch.
for arch in arm64 armhf i386; do need_architecture "$arch"; done
ensure_packages --no-install-recommends gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf gcc-i686-linux-gnu \
	libc6:arm64 libc6:armhf libc6:i386 libgit2-1.5:arm64 libgit2-1.5:i386 libffi8:arm64 libffi8:i386 \
	qemu-system-arm qemu-system-x86 zstd file ||
	echo "check-arch: the packages the rows need could not all be installed" >&2

# criterion_of ARCH: sets CRITERION_LIB, the directory of Debian's libcriterion3
# for ARCH. It cannot be installed beside the build machine's (its libnanomsg5
# is not Multi-Arch: same), so it and libnanomsg5 are downloaded and unpacked
# into build/criterion/ARCH; the guests see it there (the build share).
criterion_of() {
	local arch=$1 dir=$ROOT/build/criterion/$1 deb
	if [ ! -e "$dir/.done" ]; then
		rm -rf "$dir" && mkdir -p "$dir/root"
		private_apt "$dir/apt" "$codename" "$arch" &&
			(cd "$dir" && apt-get "${APT_PRIVATE[@]}" -qq download libcriterion3 libnanomsg5 >&2) || return 1
		for deb in "$dir"/*.deb; do dpkg-deb -x "$deb" "$dir/root" || return 1; done
		rm -f "$dir"/*.deb
		touch "$dir/.done"
	fi
	CRITERION_LIB=$(dirname "$(find "$dir/root" -name libcriterion.so.3 | head -n 1)")
	[ "$CRITERION_LIB" != . ]
}

# --- a row ---------------------------------------------------------------------------
# cross_suite MAKE_ARCH DEBIAN_ARCH: builds the library and the suite for the
# architecture; sets C_SUITE, C_SUITE_MAKEFLAGS and C_SUITE_ENV for Tests/lib.sh.
cross_suite() {
	local march=$1 arch=$2
	make -s ARCH="$march" >"$RESULTS/make.log" 2>&1 ||
		{ tail -n 20 "$RESULTS/make.log"; stage_failed "make ARCH=$march failed"; return 1; }
	file -L "build/$march/libsctp.so.1" | sed "s|^$ROOT/||"
	C_SUITE=build/$march/tests/suite
	if [ "$arch" = armhf ]; then
		# Debian builds Criterion (and BoxFort, which it runs its tests
		# in) for amd64, arm64 and i386 only: the suite's runner there is
		# Tests/C/criterion-lite.
		C_SUITE_MAKEFLAGS="ARCH=$march CRITERION_LITE=1"
		C_SUITE_ENV="LD_LIBRARY_PATH=$ROOT/build/$march"
	else
		criterion_of "$arch" || { stage_failed "no Criterion for $arch (libcriterion3:$arch)"; return 1; }
		C_SUITE_MAKEFLAGS="ARCH=$march CRITERION_DIR=$CRITERION_LIB"
		C_SUITE_ENV="LD_LIBRARY_PATH=$ROOT/build/$march:$CRITERION_LIB"
	fi
	# shellcheck disable=SC2086
	make -s $C_SUITE_MAKEFLAGS "$C_SUITE" >>"$RESULTS/make.log" 2>&1 ||
		{ tail -n 20 "$RESULTS/make.log"; stage_failed "the $arch C suite did not build"; return 1; }
}

# armhf_demo: the echo demo in the armhf guest, as TAP.
armhf_demo() {
	echo 1..1
	KERNEL_RUN_TIMEOUT=${KERNEL_RUN_TIMEOUT:-900} Tests/vm/kernel-run.sh sh -c "uname -r -m; \
		cat /proc/net/sctp/assocs >/dev/null && echo 'SCTP: present in this kernel'; \
		env LD_LIBRARY_PATH=$ROOT/build/armv7 examples/run-demo.sh build/armv7/examples" >"$RESULTS/demo-run.log" 2>&1
	local status=$?
	if [ "$status" = 0 ]; then
		echo "ok 1 - armhf: the echo demo's every echo came back on the stream it was sent on"
	else
		echo "not ok 1 - armhf: the echo demo (kernel-run.sh exited $status; $RESULTS/demo-run.log)"
	fi
}

# in_vm ARCH SUITE: the kernel the next c_suite_kernel runs on (empty: this
# machine's own, as make check's).
in_vm() {
	if [ -n "$1" ]; then export KERNEL_VM_ARCH=$1; else unset KERNEL_VM_ARCH; fi
	if [ -n "$2" ]; then export KERNEL_VM_SUITE=$2; else unset KERNEL_VM_SUITE; fi
}

row_begin() {
	ROW=$1 ROW_STARTED=$SECONDS
	RESULTS=build/results-arch/$ROW
	rm -rf "$RESULTS" && mkdir -p "$RESULTS"
	stage "$ROW: $2"
}
row_end() { printf '%s: %d s\n' "$ROW" $((SECONDS - ROW_STARTED)); }

# cross_row ROW MAKE_ARCH WHAT: the row of Debian's architecture ROW: the host
# packaging tests of make ARCH=MAKE_ARCH's build and its packages, then, when
# its suite builds, the suite's runs of ROW_runs.
cross_row() {
	local row=$1 march=$2
	row_begin "$row" "$3"
	tap_stage host-packaging Tests/host/arch.sh "$march"
	tap_stage deb Tests/deb/run.sh --arch "$march"
	if cross_suite "$march" "$row"; then "${row}_runs"; fi
	row_end
}

# both_stages_in_vm ARCH: the host and the kernel stage on ARCH's kernel.
both_stages_in_vm() {
	in_vm "$1" ""
	c_suite_kernel '!(*_kernel)' host-suite
	c_suite_kernel '*_kernel' kernel-suite
}

arm64_runs() { both_stages_in_vm arm64; }

i386_runs() {
	C_SUITE_RUNNER=""
	c_suite_host
	in_vm "" ""
	c_suite_kernel '*_kernel' kernel-suite-amd64
	in_vm i386 ""
	c_suite_kernel '*_kernel' kernel-suite-686
}

# Debian has no Criterion for armhf: the suite runs on Tests/C/criterion-lite
# (cross_suite). The echo demo (examples/) runs there too, a real
# multi-homed association end to end.
armhf_runs() {
	both_stages_in_vm armhf
	if make -s ARCH=armv7 build/armv7/examples/echo_server build/armv7/examples/echo_client \
		>>"$RESULTS/make.log" 2>&1; then
		tap_stage demo armhf_demo
		grep -E '^[0-9]+\.[0-9]+\.[0-9]+|^SCTP:|^---' "$RESULTS/demo-run.log"
	else
		tail -n 20 "$RESULTS/make.log"
		stage_failed "the armhf echo demo did not build"
	fi
}

for row in $rows; do
	case $row in
	arm64) cross_row arm64 aarch64 "the C suite on Debian's arm64 kernel (both stages in the VM)" ;;
	i386) cross_row i386 i686 "the C suite for i386: host stage here, kernel stage on the amd64 and the 686 kernel" ;;
	armhf) cross_row armhf armv7 "the C suite on Debian's armhf kernel (both stages in the VM), and the echo demo" ;;
	trixie)
		row_begin trixie "the amd64 C suite's kernel stage on Debian 13's kernel"
		C_SUITE=build/tests/suite C_SUITE_MAKEFLAGS="" C_SUITE_ENV="LD_LIBRARY_PATH=$ROOT/build"
		make -s all >"$RESULTS/make.log" 2>&1 || { tail -n 20 "$RESULTS/make.log"; stage_failed "make failed"; }
		in_vm "" trixie
		c_suite_kernel '*_kernel' kernel-suite
		row_end ;;
	*) echo "check-arch: no row $row (arm64 i386 armhf trixie)" >&2; exit 2 ;;
	esac
done
print_totals
