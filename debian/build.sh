#!/usr/bin/env bash
# debian/build.sh VERSION ARCH (make deb): libsctp1 and libsctp-dev for ARCH
# (the Makefile's name: x86_64, aarch64, armv7, i686) into build/deb/DEBARCH/,
# built by dpkg-buildpackage (debhelper, this debian/ directory) in a copy of
# the tree there, then checked by lintian (build/deb/DEBARCH/lintian.txt):
# an error fails, warnings are listed in the README.
set -eu
cd "$(dirname "$0")/.."
version=$1
arch=$2
ROOT=$PWD
. Tests/lib.sh
if [ "$arch" = "$(uname -m)" ]; then
	debarch=$(dpkg --print-architecture)
else
	debarch=$(debian_arch "$arch") || exit 2
fi
package_version=$(dpkg-parsechangelog -S Version)
# The packages carry the Makefile's version: the changelog's must follow it.
case $package_version in
"$version"+swift*) ;;
*) echo "debian/build.sh: debian/changelog's version $package_version is not the Makefile's $version+swiftN" >&2; exit 1 ;;
esac
out=build/deb/$debarch
tree=$out/libsctp-swift-$package_version
rm -rf "$out" && mkdir -p "$tree"
# The tree as git sees it (tracked and new files, build/ and other ignored
# files left out), so that a build of the working tree packages its changes.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$tree"
else
	tar --exclude=./build --exclude='./.build*' -cf - . | tar -xf - -C "$tree"
fi
host=$(dpkg-architecture -qDEB_BUILD_ARCH)
cross=()
if [ "$debarch" != "$host" ]; then
	# A cross build: no test run (there are none in the package build), the
	# cross compiler named as dpkg-architecture expects.
	cross=(-a "$debarch" -Pcross,nocheck)
	export DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:+$DEB_BUILD_OPTIONS }nocheck"
	export CC=$(dpkg-architecture -a "$debarch" -qDEB_HOST_GNU_TYPE 2>/dev/null)-gcc
fi
(cd "$tree" && dpkg-buildpackage -b -uc -us "${cross[@]}") > "$out/build.log" 2>&1 || {
	tail -n 40 "$out/build.log" >&2
	echo "debian/build.sh: dpkg-buildpackage failed (build/deb/$debarch/build.log)" >&2
	exit 1
}
rm -rf "$tree"
changes=$out/libsctp-swift_${package_version}_$debarch.changes
# lintian advises against running as root: as nobody then.
as_user=()
[ "$(id -u)" != 0 ] || as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME=/nonexistent)
status=0
"${as_user[@]}" lintian --fail-on error --display-info "$changes" > "$out/lintian.txt" 2>&1 || status=$?
echo "lintian $(lintian --version | sed 's/^Lintian v//') on $(basename "$changes"):"
if [ -s "$out/lintian.txt" ]; then sed 's/^/  /' "$out/lintian.txt"; else echo "  (nothing to report)"; fi
ls "$out"/*.deb
[ "$status" = 0 ] || { echo "debian/build.sh: lintian found errors" >&2; exit 1; }
