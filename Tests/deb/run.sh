#!/usr/bin/env bash
# Tests/deb/run.sh: our Debian packages as a Debian user installs them. make deb builds libsctp1 and
# libsctp-dev (lintian: no error); a clean Debian bookworm root (mmdebstrap, from this machine's own
# archive entry) gets them with apt together with iperf3, sip-tester, lksctp-tools and stress-ng, and
# the other reverse dependencies of libsctp1 stay installable; then, on the real SCTP kernel (a VM
# boot a phase, always a VM: in-vm.sh mounts into the root and chroots into it), those programs run
# as installed and each of their processes maps the libsctp1 package's file (in-root.sh). The same
# after apt goes back to Debian's libsctp1 (the programs then map Debian's file), and again after
# apt installs ours anew.
#
# Tests/deb/run.sh --arch ARCH... (make check-arch, in each architecture's row): only make deb ARCH=
# for those the Makefile cross-builds (aarch64, armv7, i686): lintian-clean packages of that
# architecture holding make ARCH='s library. Logs then in build/deb/logs-arch/.
#
# Tests/deb/run.sh --install ARCH (make check-deb-arch: Tests/deb/arch.sh): all of the above for
# make deb ARCH='s packages, in a clean bookworm root of that architecture (mmdebstrap
# --architectures; arm64's and armhf's programs run there under qemu-user-static through
# binfmt_misc, i386's natively), with gcc, libc6-dev and pkgconf in it to build a program against
# libsctp-dev, and the programs on that architecture's Debian kernel (kernel-run.sh --arch). Root
# cached as build/deb/cache/bookworm-ARCH-root.tar, unpacked into build/deb/root-ARCH, logs in
# build/deb/logs-ARCH.
#
# Prints TAP version 13 on stdout, the plan last; exits non-zero if any check failed. The clean root
# is cached as build/deb/cache/bookworm-root.tar (made again when its recipe changes: rm it to
# refresh); each run unpacks it afresh into build/deb/root. Logs: build/deb/logs/.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT" || exit 1
export LC_ALL=C
unset LD_LIBRARY_PATH LD_PRELOAD LD_DEBUG LD_DEBUG_OUTPUT LD_BIND_NOW LD_BIND_NOT
. "$ROOT/Tests/lib.sh"
SUITE=bookworm
DEBARCH=amd64
MAKE_ARCH=
if [ "${1:-}" = --install ]; then
	MAKE_ARCH=${2:?--install needs one architecture: aarch64, armv7 or i686}
	DEBARCH=$(debian_arch "$MAKE_ARCH") || exit 2
fi
# FOREIGN: the suffix of another architecture's root, cache and logs; Q: its packages' :ARCH.
FOREIGN=${MAKE_ARCH:+-$DEBARCH}
Q=${MAKE_ARCH:+:$DEBARCH}
DEBS=$ROOT/build/deb/$DEBARCH
CACHE=$ROOT/build/deb/cache
TARBALL=$CACHE/$SUITE$FOREIGN-root.tar
R=$ROOT/build/deb/root$FOREIGN
LOGS=$ROOT/build/deb/logs$FOREIGN
[ "${1:-}" != --arch ] || LOGS=$ROOT/build/deb/logs-arch
PROGRAMS="iperf3 sip-tester lksctp-tools stress-ng"
# The other reverse dependencies of libsctp1 (apt-cache rdepends), tried with apt-get -s.
OTHERS="erlang-base kamailio-sctp-modules libosmo-sigtran7 libosmonetif8 libosmocore19"
rm -rf "$LOGS"
mkdir -p "$LOGS" "$CACHE"
fresh_run_dir "$ROOT/build/deb/work"

tap_begin
ensure_packages debhelper lintian mmdebstrap dpkg-dev binutils 2>"$LOGS/packages.log" ||
	tap_give_up "the packaging tools are installed" "apt-get failed: see ${LOGS#"$ROOT"/}/packages.log"

# in_root COMMAND...: COMMAND in the root, with proc and dev, in a mount namespace of its own
# (nothing stays mounted after it).
in_root() {
	unshare --mount --propagation private sh -c 'mount -t proc proc "$0/proc" && mount --rbind /dev "$0/dev" &&
		exec chroot "$0" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root DEBIAN_FRONTEND=noninteractive "$@"' "$R" "$@"
}
build_id() { readelf -n "$1" | sed -n 's/^ *Build ID: //p'; }
# deb_library DEB: the libsctp.so.1.* a libsctp1 .deb holds, extracted to $WORK/DEB's name.
deb_library() {
	[ -f "$1" ] || fail "no such package: '$1'" || return 1
	local d=$WORK/$(basename "$1" .deb)
	rm -rf "$d" && mkdir -p "$d" && dpkg-deb -x "$1" "$d" && ls "$d"/usr/lib/*/libsctp.so.1.*
}

# The other architectures make ARCH= builds: their packages, lintian-clean, hold make ARCH='s library.
# cross_debs ARCH DEBARCH MACHINE (readelf -h's name of the CPU). make check-arch runs them, in each
# architecture's row (Tests/deb/run.sh --arch ARCH), where the cross toolchain and the
# architecture's libc6 (which dpkg-shlibdeps reads) are installed.
machine_of() {
	case $1 in
	aarch64) echo AArch64 ;;
	armv7) echo ARM ;;
	i686) echo 'Intel 80386' ;;
	esac
}
cross_debs() {
	local lib ours deb
	make -s deb ARCH="$1" > "$LOGS/make-deb-$1.log" 2>&1 || { tail -n 20 "$LOGS/make-deb-$1.log"; return 1; }
	sed -n '/^lintian /,/\.deb$/{/\.deb$/d;s/^/lintian: /;p}' "$LOGS/make-deb-$1.log" | while IFS= read -r l; do note "$l"; done
	for deb in "$ROOT/build/deb/$2"/libsctp1_*_$2.deb "$ROOT/build/deb/$2"/libsctp-dev_*_$2.deb; do
		[ -f "$deb" ] || fail "no $deb" || return 1
		[ "$(dpkg-deb -f "$deb" Architecture)" = "$2" ] || fail "$deb: Architecture $(dpkg-deb -f "$deb" Architecture)" || return 1
	done
	lib=$(deb_library "$ROOT/build/deb/$2"/libsctp1_*_$2.deb) || return 1
	[[ $lib == */usr/lib/$(dpkg-architecture -a "$2" -qDEB_HOST_MULTIARCH 2>/dev/null)/* ]] || fail "$lib: not in $2's multiarch directory" || return 1
	readelf -h "$lib" | grep -q "Machine: *$3" || fail "$lib: $(readelf -h "$lib" | grep Machine:)" || return 1
	make -s ARCH="$1" >> "$LOGS/make-deb-$1.log" 2>&1 || fail "make ARCH=$1 failed" || return 1
	ours=$(readlink -f "build/$1/libsctp.so.1")
	note "libsctp1 $2: ${lib#"$WORK"/*/}, $(dpkg-deb -f "$ROOT/build/deb/$2"/libsctp1_*_$2.deb Depends), build id $(build_id "$lib") (make ARCH=$1: $(build_id "$ours"))"
	[ -n "$(build_id "$lib")" ] && [ "$(build_id "$lib")" = "$(build_id "$ours")" ] || fail "not make ARCH=$1's library"
}
if [ "${1:-}" = --arch ]; then
	shift
	for arch; do
		debarch=$(debian_arch "$arch") || exit 2
		check_as "make deb ARCH=$arch: libsctp1 and libsctp-dev for $debarch with make ARCH=$arch's library, lintian reports no error" \
			cross_debs "$arch" "$debarch" "$(machine_of "$arch")"
	done
	finish_tap_run
	exit
fi

# --- the packages ----------------------------------------------------------------------------------
makes_debs() {
	make -s deb > "$LOGS/make-deb.log" 2>&1 || { tail -n 20 "$LOGS/make-deb.log"; return 1; }
	sed -n '/^lintian /,/\.deb$/{/\.deb$/d;s/^/lintian: /;p}' "$LOGS/make-deb.log" | while IFS= read -r l; do note "$l"; done
	ls "$DEBS"/libsctp1_*_$DEBARCH.deb "$DEBS"/libsctp-dev_*_$DEBARCH.deb
}
# binfmt_ready QEMU: the kernel runs the root's arm64 or armhf programs through binfmt_misc and
# qemu-user-static (static: it runs inside the root, which has no amd64 libraries; i386's run
# natively).
binfmt_ready() {
	local q=$1
	ensure_packages --no-install-recommends qemu-user-static binfmt-support || return 1
	[ -e /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || return 1
	[ -e "/proc/sys/fs/binfmt_misc/$q" ] || update-binfmts --enable "$q" || return 1
	grep -q '^flags: .*F' "/proc/sys/fs/binfmt_misc/$q" || fail "$q: $(cat "/proc/sys/fs/binfmt_misc/$q")" || return 1
	note "binfmt_misc: $q runs $(sed -n 's/^interpreter //p' "/proc/sys/fs/binfmt_misc/$q")"
}
if [ -n "$MAKE_ARCH" ]; then
	install_arch "$MAKE_ARCH" 2>>"$LOGS/packages.log" ||
		tap_give_up "the cross compiler and libsctp1$Q are installed" "apt-get failed: see ${LOGS#"$ROOT"/}/packages.log"
	case $DEBARCH in
	arm64) check_as "the kernel runs arm64 programs through binfmt_misc and qemu-user-static" binfmt_ready qemu-aarch64 ;;
	armhf) check_as "the kernel runs armhf programs through binfmt_misc and qemu-user-static" binfmt_ready qemu-arm ;;
	esac
	check_as "make deb ARCH=$MAKE_ARCH: libsctp1 and libsctp-dev for $DEBARCH with make ARCH=$MAKE_ARCH's library, lintian reports no error" \
		cross_debs "$MAKE_ARCH" "$DEBARCH" "$(machine_of "$MAKE_ARCH")"
else
	check_as "make deb builds libsctp1 and libsctp-dev for $DEBARCH, lintian reports no error" makes_debs
fi
OURS_DEB=$(ls "$DEBS"/libsctp1_*_$DEBARCH.deb 2>/dev/null)
DEV_DEB=$(ls "$DEBS"/libsctp-dev_*_$DEBARCH.deb 2>/dev/null)
OURS_VERSION=$(dpkg-deb -f "$OURS_DEB" Version 2>/dev/null)

package_is_the_build() {
	local lib ours
	lib=$(deb_library "$OURS_DEB") || return 1
	ours=$(readlink -f build/libsctp.so.1)
	note "libsctp1 $OURS_VERSION: ${lib##*/}, build id $(build_id "$lib"), sha256 $(sha256sum < "$lib" | cut -d' ' -f1)"
	note "make's $ours: build id $(build_id "$ours")"
	[ -n "$(build_id "$lib")" ] && [ "$(build_id "$lib")" = "$(build_id "$ours")" ] ||
		fail "the package's library is not make's build (build ids differ)"
}
[ -n "$MAKE_ARCH" ] || check_as "the package's libsctp.so.1.* is make's build/libsctp.so.1 (same build id)" package_is_the_build

# Debian's symbols file (installed with its libsctp1) is the start of ours: every symbol at the same
# minimal version, so that what is built against ours asks for no more than Debian's would give.
symbols_extend_debians() {
	local theirs=/var/lib/dpkg/info/libsctp1:$DEBARCH.symbols
	[ -s "$theirs" ] || fail "no $theirs (Debian's libsctp1 is not installed)"
	dpkg-deb --ctrl-tarfile "$OURS_DEB" | tar -xOf - ./symbols | grep -v '@VERS_4 ' > "$WORK/symbols" || return 1
	same_lines "$WORK/symbols" "$theirs"
}
check_as "libsctp1's symbols file is Debian's libsctp1.symbols (same versions) plus the VERS_4 symbols" symbols_extend_debians

# --- the clean root --------------------------------------------------------------------------------
# Its recipe: this machine's archive entry for $SUITE, minbase, apt's lists kept, and the packages the
# test installs downloaded (not installed) so that apt needs no network afterwards. Debian's libsctp1
# and libsctp-dev are among them: apt goes back to them.
source=$(machine_source 2>"$LOGS/source.log")
uri=${source% *}
key=${source#* }
if [ "$key" = - ]; then entry="deb $uri $SUITE main"; else entry="deb [signed-by=$key] $uri $SUITE main"; fi
download="apt-get install --download-only -y -q $PROGRAMS libsctp1 libsctp-dev"
# Another architecture's root has a compiler, installed: under qemu-user apt would take minutes
# to install it on each run.
ROOT_OPTIONS=${MAKE_ARCH:+--architectures=$DEBARCH --include=gcc,libc6-dev,pkgconf}
recipe="mmdebstrap --variant=minbase${ROOT_OPTIONS:+ $ROOT_OPTIONS} $SUITE ($entry); $download"
clean_root() {
	local t=$SECONDS
	if [ -s "$TARBALL" ] && [ "$(cat "$TARBALL.recipe" 2>/dev/null)" = "$recipe" ]; then
		note "clean root: cached ${TARBALL#"$ROOT"/} ($(du -m "$TARBALL" | cut -f1) MB)"
	else
		[ -n "$source" ] || { cat "$LOGS/source.log"; return 1; }
		rm -f "$TARBALL" "$TARBALL.recipe"
		# shellcheck disable=SC2086
		timeout -k 10 2400 mmdebstrap --variant=minbase $ROOT_OPTIONS --format=tar --skip=cleanup/apt/lists --skip=cleanup/apt/cache \
			--customize-hook='chroot "$1" apt-get clean' --customize-hook="chroot \"\$1\" $download" \
			"$SUITE" "$TARBALL.new" "$entry" > "$LOGS/mmdebstrap.log" 2>&1 ||
			{ tail -n 20 "$LOGS/mmdebstrap.log"; return 1; }
		mv "$TARBALL.new" "$TARBALL" && echo "$recipe" > "$TARBALL.recipe"
		note "clean root: made by mmdebstrap in $((SECONDS - t)) s ($(du -m "$TARBALL" | cut -f1) MB)"
	fi
	t=$SECONDS
	rm -rf "$R" && mkdir -p "$R" && tar -xf "$TARBALL" -C "$R" || return 1
	note "clean root: unpacked in $((SECONDS - t)) s into ${R#"$ROOT"/}"
	! in_root dpkg-query -W libsctp1 2>/dev/null || fail "the clean root has a libsctp1 installed already"
}
check_as "a clean Debian $SUITE root (minbase) from this machine's archive entry: $uri" clean_root

# consistent: apt and dpkg agree the root is sound: apt-get check, dpkg --audit says nothing, every
# installed file of libsctp1, libsctp-dev and the programs is as its package shipped it (dpkg -V),
# and the programs are all still installed.
consistent() {
	local a
	in_root apt-get check > "$WORK/check.log" 2>&1 || { cat "$WORK/check.log"; return 1; }
	a=$(in_root dpkg --audit 2>&1)
	[ -z "$a" ] || fail "dpkg --audit: $a"
	a=$(in_root dpkg -V libsctp1 libsctp-dev $PROGRAMS 2>&1)
	[ -z "$a" ] || fail "dpkg -V: $a"
	in_root dpkg-query -W -f='${Package} ${Version} ${Status}\n' libsctp1 libsctp-dev $PROGRAMS > "$WORK/versions" 2>&1
	grep -v ' install ok installed$' "$WORK/versions" && return 1
	note "installed: $(cut -d' ' -f1,2 "$WORK/versions" | tr '\n' ',' | sed 's/,$//; s/,/, /g')"
}
# installed VERSION: libsctp1 and libsctp-dev are at VERSION, the root is consistent.
installed() {
	local v
	for p in libsctp1 libsctp-dev; do
		v=$(in_root dpkg-query -W -f='${Version}' "$p" 2>&1)
		[ "$v" = "$1" ] || fail "$p is at ${v:-nothing}, not $1"
	done
	consistent
}

install_ours_and_programs() {
	mkdir -p "$R/srv/libsctp" && cp "$OURS_DEB" "$DEV_DEB" "$R/srv/libsctp/" || return 1
	in_root apt-get install -y -q --no-install-recommends "/srv/libsctp/${OURS_DEB##*/}" "/srv/libsctp/${DEV_DEB##*/}" \
		$PROGRAMS > "$LOGS/apt-install.log" 2>&1 || { tail -n 20 "$LOGS/apt-install.log"; return 1; }
	note "apt-get install: $(grep -E '^[0-9]+ upgraded' "$LOGS/apt-install.log")"
	installed "$OURS_VERSION"
}
check_as "apt installs ./libsctp1 and ./libsctp-dev $OURS_VERSION$Q with $PROGRAMS into the clean root" install_ours_and_programs

# installed_library: the file behind the root's libsctp.so.1 (in LIB, its sha256 in SUM) is the one
# the libsctp1 package holds, with make ARCH='s build id.
installed_library() {
	local theirs
	theirs=$(deb_library "$OURS_DEB") || return 1
	LIB=$(in_root readlink -f "/usr/lib/$(multiarch_dir "$MAKE_ARCH")/libsctp.so.1") || return 1
	SUM=$(sha256sum < "$R$LIB" | cut -d' ' -f1)
	[ "$SUM" = "$(sha256sum < "$theirs" | cut -d' ' -f1)" ] || fail "$LIB is not the package's ${theirs##*/}" || return 1
	[ "$(build_id "$R$LIB")" = "$(build_id "build/$MAKE_ARCH/libsctp.so.1")" ] || fail "$LIB: build id $(build_id "$R$LIB"), not make ARCH=$MAKE_ARCH's"
}
installed_is_the_package() {
	installed_library && note "$LIB: build id $(build_id "$R$LIB"), sha256 $SUM"
}
# A program built in the root by its gcc against the installed libsctp-dev, as a user builds one,
# runs there (under qemu-user on arm64 and armhf: no SCTP kernel; it only asks dladdr which file
# its sctp_bindx is in).
built_program_runs() {
	installed_library || return 1
	cat > "$R/srv/libsctp/uses-libsctp.c" <<-'EOF'
	#define _GNU_SOURCE
	#include <dlfcn.h>
	#include <stdio.h>
	#include <netinet/sctp.h>
	int main(void)
	{
		Dl_info info;
		if (!dladdr((void *)sctp_bindx, &info) || !info.dli_fname)
			return 1;
		printf("%s\n", info.dli_fname);
		return 0;
	}
	EOF
	in_root sh -c 'cd /srv/libsctp && cc -o uses-libsctp uses-libsctp.c $(pkg-config --cflags --libs libsctp) && echo "cc $(pkg-config --cflags --libs libsctp)" && ./uses-libsctp' > "$WORK/uses.out" 2>&1 ||
		{ cat "$WORK/uses.out"; return 1; }
	note "$(head -n 1 "$WORK/uses.out"): sctp_bindx in $(tail -n 1 "$WORK/uses.out")"
	[ "$(in_root readlink -f "$(tail -n 1 "$WORK/uses.out")")" = "$LIB" ] || fail "sctp_bindx is in $(tail -n 1 "$WORK/uses.out"), not $LIB"
}
if [ -n "$MAKE_ARCH" ]; then
	check_as "the root's libsctp.so.1 is the package's file, make ARCH=$MAKE_ARCH's build id" installed_is_the_package
	check_as "a program built in the root against libsctp-dev (cc, pkg-config libsctp) links and runs with it" built_program_runs
fi

# Besides the library's files, Debian's libsctp-dev ships lksctp's sctp(7) and its example programs:
# ours replaces it, so a user who had them keeps them. Debian's package is the one the root's recipe
# downloaded; the installed files must belong to our libsctp-dev and be this tree's.
DEBIAN_DEV_DEB=$(ls "$R"/var/cache/apt/archives/libsctp-dev_*_$DEBARCH.deb 2>/dev/null | head -n 1)
# debian_dev_ships PATH: Debian's libsctp-dev holds PATH (a directory ends in /).
debian_dev_ships() {
	[ -f "$DEBIAN_DEV_DEB" ] || fail "no Debian libsctp-dev in the root's apt cache" || return 1
	dpkg-deb -c "$DEBIAN_DEV_DEB" | awk '{ print $6 }' | grep -qxF -- ".$1" || fail "Debian's ${DEBIAN_DEV_DEB##*/} has no $1"
}
# dev_installed PATH: the installed libsctp-dev lists PATH, and the root has it.
dev_installed() {
	in_root dpkg -L libsctp-dev | grep -qxF -- "$1" || fail "dpkg -L libsctp-dev does not list $1" || return 1
	[ -e "$R$1" ] || fail "the root has no $1"
}
dev_installs_sctp_7() {
	local page=/usr/share/man/man7/sctp.7.gz
	debian_dev_ships "$page" && dev_installed "$page" || return 1
	zcat "$R$page" | cmp -s - man/man7/sctp.7 || fail "$page is not this tree's man/man7/sctp.7: $(zcat "$R$page" | sed -n '/^\.TH/{p;q}')" || return 1
	note "$page: $(zcat "$R$page" | sed -n '/^\.TH/{p;q}') (Debian's ${DEBIAN_DEV_DEB##*/} has lksctp's)"
}
check_as "libsctp-dev installs sctp(7), as Debian's libsctp-dev does" dev_installs_sctp_7
dev_installs_examples() {
	local dir=/usr/share/doc/libsctp-dev/examples f n=0
	debian_dev_ships "$dir/" || return 1
	for f in examples/*.c examples/*.h; do
		dev_installed "$dir/${f##*/}" || return 1
		cmp -s "$f" "$R$dir/${f##*/}" || fail "$dir/${f##*/} is not this tree's $f" || return 1
		n=$((n + 1))
	done
	[ "$n" -gt 0 ] || fail "no examples/*.c or *.h in this tree"
	note "$dir: $n files of examples/ ($(cd "$R$dir" && echo *)); Debian's ${DEBIAN_DEV_DEB##*/} has $(dpkg-deb -c "$DEBIAN_DEV_DEB" | awk '{ print $6 }' | grep -F "./${dir#/}/" | grep -vc '/$') files there"
}
check_as "libsctp-dev installs the examples under /usr/share/doc/libsctp-dev/examples, as Debian's does" dev_installs_examples

# The reverse dependencies not installed here: apt would install them with ours in place (no
# libsctp1 line in the simulation: kept, neither replaced nor removed).
others_installable() {
	in_root apt-get -s install --no-install-recommends $OTHERS > "$WORK/others.log" 2>&1 || { tail "$WORK/others.log"; return 1; }
	grep -E '^(Inst|Remv|Conf) libsctp' "$WORK/others.log" && fail "apt would change libsctp1 to install them"
	for p in $OTHERS; do grep -q "^Inst $p " "$WORK/others.log" || fail "apt would not install $p" || return 1; done
	note "apt-get -s install $OTHERS: $(grep -E '^[0-9]+ upgraded' "$WORK/others.log"), libsctp1 $OURS_VERSION kept"
}
check_as "the other reverse dependencies ($OTHERS) stay installable with ours" others_installable

# --- the programs on the real SCTP kernel ----------------------------------------------------------
CASES="kernel lksctp-tools iperf3 sipp stress-ng"
# vm_phase PHASE DEB: boots the SCTP kernel once and runs in-root.sh PHASE in the root; every process
# must map the library that the libsctp1 package DEB holds. A TAP line per case.
vm_phase() {
	local phase=$1 lib expect id name results=$R/srv/libsctp/results-$1.txt t=$SECONDS rc=
	lib=$(deb_library "$2") || lib=
	expect=
	[ -f "$lib" ] && expect=$(sha256sum < "$lib" | cut -d' ' -f1)
	rm -f "$results"
	if [ -n "$expect" ]; then
		# shellcheck disable=SC2086
		EXPECT_SHA256=$expect EXPECT_PACKAGE="libsctp1 $(dpkg-deb -f "$2" Version)" KERNEL_RUN_TIMEOUT=${KERNEL_RUN_TIMEOUT:-${MAKE_ARCH:+2}900} \
			"$ROOT/Tests/vm/kernel-run.sh" --vm ${MAKE_ARCH:+--arch $DEBARCH} "$HERE/in-vm.sh" "$R" "$phase" > "$LOGS/vm-$phase.log" 2>&1
		rc=$?
	fi
	note "$phase: VM run ${rc:+exit $rc }in $((SECONDS - t)) s; the package's ${lib##*/}: sha256 ${expect:-?}, build id $([ -f "$lib" ] && build_id "$lib")"
	for id in $CASES; do
		name=$(awk -F'\t' -v id="$id" '$1 == id && $2 != "#" { print $3; exit }' "$results" 2>/dev/null)
		check_as "${name:-$phase: $id}" phase_case "$results" "$id" "$phase"
	done
}
# phase_case RESULTS ID PHASE: the case's result; its diagnostics (the maps lines) printed always.
phase_case() {
	local status
	status=$(awk -F'\t' -v id="$2" '$1 == id && $2 != "#" { print $2; exit }' "$1" 2>/dev/null)
	[ -n "$status" ] || fail "$3: $2: no result (see ${LOGS#"$ROOT"/}/vm-$3.log: $(tail -n 1 "$LOGS/vm-$3.log" 2>/dev/null))"
	awk -F'\t' -v id="$2" '$1 == id && $2 == "#" { print $3 }' "$1" | while IFS= read -r l; do note "  $l"; done
	[ "$status" = ok ]
}

vm_phase ours "$OURS_DEB"

DEBIAN_DEB=$(ls "$R"/var/cache/apt/archives/libsctp1_*_$DEBARCH.deb 2>/dev/null | head -n 1)
DEBIAN_VERSION=$(dpkg-deb -f "$DEBIAN_DEB" Version 2>/dev/null)
downgrade() {
	in_root apt install -y -q --allow-downgrades libsctp1/$SUITE libsctp-dev/$SUITE > "$LOGS/apt-downgrade.log" 2>&1 ||
		{ tail -n 20 "$LOGS/apt-downgrade.log"; return 1; }
	note "apt install libsctp1/$SUITE libsctp-dev/$SUITE: $(grep -E '^[0-9]+ upgraded' "$LOGS/apt-downgrade.log")"
	installed "$DEBIAN_VERSION"
}
check_as "apt install libsctp1/$SUITE libsctp-dev/$SUITE goes back to Debian's $DEBIAN_VERSION$Q, nothing removed, apt and dpkg consistent" downgrade
vm_phase debian "$DEBIAN_DEB"

upgrade() {
	in_root apt install -y -q "/srv/libsctp/${OURS_DEB##*/}" "/srv/libsctp/${DEV_DEB##*/}" > "$LOGS/apt-upgrade.log" 2>&1 ||
		{ tail -n 20 "$LOGS/apt-upgrade.log"; return 1; }
	note "apt install ./${OURS_DEB##*/} ./${DEV_DEB##*/}: $(grep -E '^[0-9]+ upgraded' "$LOGS/apt-upgrade.log")"
	installed "$OURS_VERSION"
}
check_as "apt install ./libsctp1 ./libsctp-dev upgrades Debian's to ours again, apt and dpkg consistent" upgrade
vm_phase ours-again "$OURS_DEB"

echo "# logs: ${LOGS#"$ROOT"/}/"
finish_tap_run
