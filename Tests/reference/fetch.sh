#!/usr/bin/env bash
# Tests/reference/fetch.sh [VERSION...]: lksctp's library (Debian's libsctp1)
# and its header and pages (libsctp-dev) of each upstream version the project
# is compared against, in build/reference/VERSION/: the packages' files under
# usr/, and lib/, the directory that holds libsctp.so.1 (for LD_LIBRARY_PATH).
# The versions are 1.0.19 (Debian bookworm) and 1.0.21 (trixie), both by
# default.
#
# A version whose packages this machine has installed is copied from them.
# Another is fetched with apt-get download from the Debian release that ships
# it, through a private apt state (build/reference/apt): its only source is
# this machine's own Debian archive entry (its URI and Signed-By, from
# /etc/apt/sources.list and sources.list.d) with the suite switched, so the
# project names no archive of its own. A version already in place is kept.
set -eu
cd "$(dirname "$0")/../.."
ROOT=$PWD/build/reference
export LC_ALL=C

suite_of() {
	case $1 in
	1.0.19) echo bookworm ;;
	1.0.21) echo trixie ;;
	*) echo "fetch.sh: no Debian release known for lksctp $1" >&2; return 1 ;;
	esac
}

. Tests/lib.sh

# Copies the installed packages' files of version $1 into its directory.
copy_installed() {
	local version=$1 dir=$ROOT/$1 f
	rm -rf "$dir.new" && mkdir -p "$dir.new"
	dpkg-query -L libsctp1 libsctp-dev | while read -r f; do
		if [ -f "$f" ] || [ -L "$f" ]; then
			mkdir -p "$dir.new$(dirname "$f")" && cp -a "$f" "$dir.new$f"
		fi
	done
	echo "$version: copied from the installed libsctp1 and libsctp-dev $(dpkg-query -W -f='${Version}' libsctp1)"
}

# Downloads version $1 from the Debian release $2 into its directory.
download() {
	local version=$1 suite=$2 dir=$ROOT/$1 state=$ROOT/apt/$2 exact deb
	private_apt "$state" "$suite"
	exact=$(apt-cache "${APT_PRIVATE[@]}" show --no-all-versions libsctp1 | sed -n 's/^Version: //p')
	case $exact in
	"$version"[+-]*) ;;
	*) echo "fetch.sh: $suite has libsctp1 '$exact', not $version" >&2; return 1 ;;
	esac
	rm -rf "$dir.new" && mkdir -p "$dir.new/deb"
	(cd "$dir.new/deb" && apt-get "${APT_PRIVATE[@]}" -qq download "libsctp1=$exact" "libsctp-dev=$exact" >&2)
	for deb in "$dir.new"/deb/*.deb; do
		dpkg-deb -x "$deb" "$dir.new"
	done
	echo "$version: downloaded libsctp1 and libsctp-dev $exact from $suite"
}

[ $# -gt 0 ] || set -- 1.0.19 1.0.21
for version in "$@"; do
	suite=$(suite_of "$version")
	dir=$ROOT/$version
	[ -e "$dir/lib/libsctp.so.1" ] && continue
	mkdir -p "$ROOT"
	if dpkg-query -W -f='${Status} ${Version}\n' libsctp1 libsctp-dev 2>/dev/null |
		grep -c "^install ok installed $version[+-]" | grep -qx 2; then
		copy_installed "$version"
	else
		download "$version" "$suite"
	fi
	library=$(cd "$dir.new" && find usr/lib -name libsctp.so.1 | head -n 1)
	[ -n "$library" ] || { echo "fetch.sh: no libsctp.so.1 in lksctp $version's package" >&2; exit 1; }
	ln -s "$(dirname "$library")" "$dir.new/lib"
	rm -rf "$dir" && mv "$dir.new" "$dir"
done
