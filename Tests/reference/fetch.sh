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

# The machine's Debian archive entry, as "URI SIGNED-BY": the deb entry whose
# suite is this release's codename itself (not -updates or -security) and
# which has the main component, from one-line .list files or deb822 .sources.
machine_source() {
	local codename
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ -n "$codename" ] || { echo "fetch.sh: /etc/os-release names no release" >&2; return 1; }
	{
		for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
			[ -f "$f" ] || continue
			sed -e 's/#.*//' "$f" | awk -v codename="$codename" '
				$1 == "deb" {
					options = ""; i = 2
					if ($2 ~ /^\[/) {
						while (i <= NF) { options = options " " $i; if ($i ~ /\]$/) { i++; break } i++ }
					}
					uri = $i; suite = $(i + 1); main = 0
					for (j = i + 2; j <= NF; j++) if ($j == "main") main = 1
					if (suite != codename || !main) next
					key = "-"
					if (match(options, /signed-by=[^] ]*/)) key = substr(options, RSTART + 10, RLENGTH - 10)
					print uri, key
				}'
		done
		for f in /etc/apt/sources.list.d/*.sources; do
			[ -f "$f" ] || continue
			awk -v codename="$codename" '
				function flush() {
					if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " codename " ") &&
					    (" " components " ") ~ / main / && enabled != "no")
						for (n = split(uris, u, " "); n > 0; n--) print u[n], (key == "" ? "-" : key)
					types = suites = components = uris = key = enabled = ""
				}
				/^#/ { next }
				/^[ \t]*$/ { flush(); next }
				/^[A-Za-z-]+:/ {
					field = tolower(substr($0, 1, index($0, ":") - 1))
					value = substr($0, index($0, ":") + 1); gsub(/^[ \t]+|[ \t]+$/, "", value)
					if (field == "types") types = value
					else if (field == "uris") uris = value
					else if (field == "suites") suites = value
					else if (field == "components") components = value
					else if (field == "signed-by") key = value
					else if (field == "enabled") enabled = tolower(value)
				}
				END { flush() }' "$f"
		done
	} | head -n 1 | grep . || { echo "fetch.sh: no deb entry for $codename main in this machine's apt sources" >&2; return 1; }
}

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
	local version=$1 suite=$2 dir=$ROOT/$1 state=$ROOT/apt/$2 source uri key exact deb
	source=$(machine_source)
	uri=${source% *}
	key=${source#* }
	rm -rf "$state" && mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$state/sources.list.d" "$state/preferences.d"
	: > "$state/status"
	if [ "$key" = - ]; then
		echo "deb $uri $suite main" > "$state/sources.list"
	else
		echo "deb [signed-by=$key] $uri $suite main" > "$state/sources.list"
	fi
	local apt=(-o Dir::State="$state" -o Dir::State::Lists="$state/lists" -o Dir::State::status="$state/status"
		-o Dir::Cache="$state/cache" -o Dir::Etc::SourceList="$state/sources.list"
		-o Dir::Etc::SourceParts="$state/sources.list.d" -o Dir::Etc::Preferences="$state/preferences"
		-o Dir::Etc::PreferencesParts="$state/preferences.d" -o Acquire::Languages=none
		-o APT::Sandbox::User=root -o Debug::NoLocking=true)
	echo "$version: apt-get update of $suite main from this machine's archive ($uri)"
	apt-get "${apt[@]}" -qq update >&2
	exact=$(apt-cache "${apt[@]}" show --no-all-versions libsctp1 | sed -n 's/^Version: //p')
	case $exact in
	"$version"[+-]*) ;;
	*) echo "fetch.sh: $suite has libsctp1 '$exact', not $version" >&2; return 1 ;;
	esac
	rm -rf "$dir.new" && mkdir -p "$dir.new/deb"
	(cd "$dir.new/deb" && apt-get "${apt[@]}" -qq download "libsctp1=$exact" "libsctp-dev=$exact" >&2)
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
