# Tests/lib.sh: the shell library the test scripts source (Tests/check.sh,
# the sanitizer and reference drivers, Tests/host, Tests/consumers,
# Tests/dropin, Tests/vm/prepare.sh, bench/run.sh). Needs bash and ROOT (the
# top of the tree).
#
#   packages       ensure_packages
#   architectures  debian_arch, gnu_type, multiarch_dir, arch_packages, install_arch
#   private apt    machine_source, private_apt
#   run directory  fresh_run_dir, keep_build_pc, finish_tap_run
#   TAP out        tap_begin, tap, tap_give_up, check, check_as, note, fail, scratch, same_lines
#   TAP in         count_tap, count_swift_xunit, stage, stage_failed, tap_stage, print_totals
#   the C suite    c_suite_host, c_suite_kernel

# --- packages ------------------------------------------------------------------

# need_architecture ARCH: dpkg knows ARCH as a foreign architecture (multiarch).
need_architecture() {
	dpkg --print-foreign-architectures | grep -qx "$1" && return 0
	[ "$(id -u)" = 0 ] || { echo "dpkg --add-architecture $1 needs root" >&2; return 1; }
	dpkg --add-architecture "$1" && apt-get update -qq >&2
}

# ensure_packages [--no-install-recommends] PACKAGE...: installs with apt-get
# (as root) those of the Debian packages that are not installed; apt's output
# goes to stderr. The package lists are updated only when an install fails.
ensure_packages() {
	local p missing="" apt="apt-get -y -qq -o DPkg::Lock::Timeout=300"
	if [ "${1:-}" = --no-install-recommends ]; then
		apt="$apt $1"
		shift
	fi
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	echo "installing:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	# shellcheck disable=SC2086
	$apt install $missing >&2 || { $apt update >&2 && $apt install $missing >&2; }
}

# --- the architectures of make ARCH= ------------------------------------------------

# debian_arch ARCH, gnu_type ARCH: Debian's name of the architecture the
# Makefile calls ARCH (aarch64, armv7, i686), and its cross toolchain's
# prefix; multiarch_dir ARCH: where its libraries live (/usr/lib/DIR).
debian_arch() {
	case $1 in
	aarch64) echo arm64 ;;
	armv7) echo armhf ;;
	i686) echo i386 ;;
	*) echo "lib.sh: no architecture $1 (aarch64, armv7, i686)" >&2; return 1 ;;
	esac
}
gnu_type() {
	case $1 in
	aarch64) echo aarch64-linux-gnu ;;
	armv7) echo arm-linux-gnueabihf ;;
	i686) echo i686-linux-gnu ;;
	*) debian_arch "$1" ;;
	esac
}
multiarch_dir() {
	case $1 in
	i686) echo i386-linux-gnu ;;
	*) gnu_type "$1" ;;
	esac
}

# arch_packages ARCH: Debian's cross compiler and C library for it, its
# libsctp1 and libsctp-dev (multiarch: the reference the host tests compare
# against, as libsctp1 is for amd64) and qemu-user to run their programs.
arch_packages() {
	local arch gnu
	arch=$(debian_arch "$1") && gnu=$(gnu_type "$1") || return 1
	echo "gcc-$gnu libc6-dev-$arch-cross linux-libc-dev-$arch-cross libsctp1:$arch libsctp-dev:$arch qemu-user"
}

# install_arch ARCH: adds Debian's architecture to dpkg if need be, then
# installs arch_packages.
install_arch() {
	local arch packages
	arch=$(debian_arch "$1") && packages=$(arch_packages "$1") || return 1
	if [ "$arch" != "$(dpkg --print-architecture)" ] && ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
		echo "dpkg --add-architecture $arch" >&2
		dpkg --add-architecture "$arch"
		apt-get -qq -o DPkg::Lock::Timeout=300 update >&2
	fi
	# shellcheck disable=SC2086
	ensure_packages $packages
}

# --- another Debian release or architecture ----------------------------------------
# apt-get reaching another Debian release or architecture than this machine's,
# without touching its apt state (Tests/reference/fetch.sh, Tests/vm/prepare.sh,
# the architectures' Criterion). The only source is this machine's own Debian
# archive entry (its URI and Signed-By, from /etc/apt/sources.list and
# sources.list.d) with the suite switched, so the project names no archive of
# its own.

# machine_source: the machine's Debian archive entry, as "URI SIGNED-BY": the
# deb entry whose suite is this release's codename itself (not -updates or
# -security) and which has the main component, from one-line .list files or
# deb822 .sources.
machine_source() {
	local codename
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ -n "$codename" ] || { echo "lib.sh: /etc/os-release names no release" >&2; return 1; }
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
	} | head -n 1 | grep . || { echo "lib.sh: no deb entry for $codename main in this machine's apt sources" >&2; return 1; }
}

# private_apt STATE SUITE [ARCH]: sets APT_PRIVATE, the options that make
# apt-get and apt-cache use the state directory STATE (created, emptied) whose
# one source is the machine's archive at SUITE main, for ARCH (default this
# machine's), and runs its apt-get update.
private_apt() {
	local state=$1 suite=$2 arch=${3:-} source uri key
	source=$(machine_source) || return 1
	uri=${source% *}
	key=${source#* }
	rm -rf "$state" && mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$state/sources.list.d" "$state/preferences.d"
	: > "$state/status"
	if [ "$key" = - ]; then
		echo "deb $uri $suite main" > "$state/sources.list"
	else
		echo "deb [signed-by=$key] $uri $suite main" > "$state/sources.list"
	fi
	APT_PRIVATE=(-o Dir::State="$state" -o Dir::State::Lists="$state/lists" -o Dir::State::status="$state/status"
		-o Dir::Cache="$state/cache" -o Dir::Etc::SourceList="$state/sources.list"
		-o Dir::Etc::SourceParts="$state/sources.list.d" -o Dir::Etc::Preferences="$state/preferences"
		-o Dir::Etc::PreferencesParts="$state/preferences.d" -o Acquire::Languages=none
		-o APT::Sandbox::User=root -o Debug::NoLocking=true)
	[ -z "$arch" ] || APT_PRIVATE+=(-o APT::Architecture="$arch" -o APT::Architectures="$arch")
	echo "apt-get update of $suite main${arch:+ ($arch)} from this machine's archive ($uri)" >&2
	apt-get "${APT_PRIVATE[@]}" -qq update >&2
}

# --- run directory -------------------------------------------------------------

# fresh_run_dir WORK_ROOT: makes WORK=$WORK_ROOT/run-$$ anew (one directory per
# run, as several people may run the same tree at once) and removes those of
# runs no longer alive.
fresh_run_dir() {
	local old
	WORK_ROOT=$1
	WORK=$WORK_ROOT/run-$$
	mkdir -p "$WORK_ROOT"
	for old in "$WORK_ROOT"/run-*; do
		[ -d "$old" ] && ! kill -0 "${old##*/run-}" 2>/dev/null && rm -rf "$old"
	done
	rm -rf "$WORK" && mkdir -p "$WORK"
}

# keep_build_pc [DIR]: make install may rewrite DIR/libsctp.pc (default
# build/; build/ARCH for make ARCH=) for its PREFIX; the tree gets it back
# as it was, however the run ends.
keep_build_pc() {
	KEPT_PC_DIR=${1:-$ROOT/build}
	cp -p "$KEPT_PC_DIR/libsctp.pc" "$WORK/libsctp.pc.saved"
	trap restore_build_pc EXIT
	trap 'exit 130' INT TERM
}
restore_build_pc() {
	[ -f "$WORK/libsctp.pc.saved" ] && ! cmp -s "$WORK/libsctp.pc.saved" "$KEPT_PC_DIR/libsctp.pc" &&
		cp -p "$WORK/libsctp.pc.saved" "$KEPT_PC_DIR/libsctp.pc"
	return 0
}

# finish_tap_run KEEP: the end of a run of checks in $WORK: build/libsctp.pc
# restored, the count and the plan, the scratch files removed after a run
# that passed unless KEEP is 1. Returns whether every check passed.
finish_tap_run() {
	restore_build_pc
	echo "# $((TAP_COUNT - TAP_FAILED)) passed, $TAP_FAILED failed, in $((SECONDS - TAP_STARTED)) s"
	echo "1..$TAP_COUNT"
	if [ "$TAP_FAILED" -eq 0 ] && [ "${1:-0}" != 1 ]; then
		rm -rf "$WORK"
		rmdir "$WORK_ROOT" 2>/dev/null
	else
		echo "# scratch files kept in $WORK" >&2
	fi
	[ "$TAP_FAILED" -eq 0 ]
}

# --- TAP out -------------------------------------------------------------------
# A check is a shell function that returns 0 when what it proves holds;
# whatever it prints (stdout and stderr) is its diagnostic, shown as "# ..."
# lines only when it fails. It runs in a subshell of its own, so it may cd,
# set variables or exit. To print a TAP comment whether or not the check
# passes (a measurement), write "# ..." lines to fd 3: note "text".

TAP_COUNT=0
TAP_FAILED=0
TAP_STARTED=$SECONDS

# tap_begin: the TAP header on stdout, which fd 3 then also is.
tap_begin() {
	echo "TAP version 13"
	exec 3>&1
}

# tap ok|notok NAME [DIAGNOSTIC...]: one result, its diagnostics as comments.
tap() {
	local status=$1 name=$2 d
	shift 2
	TAP_COUNT=$((TAP_COUNT + 1))
	if [ "$status" = ok ]; then
		echo "ok $TAP_COUNT - $name"
	else
		echo "not ok $TAP_COUNT - $name"
		TAP_FAILED=$((TAP_FAILED + 1))
	fi
	for d in "$@"; do [ -n "$d" ] && echo "# $d"; done
	return 0
}

# tap_give_up NAME DIAGNOSTIC: a run that cannot start: one failure, the plan, exit.
tap_give_up() {
	tap notok "$1" "$2"
	echo "1..$TAP_COUNT"
	exit 1
}

# check FUNCTION: a check named after its function.
check() { check_as "$1" "$1"; }

# check_as NAME FUNCTION [ARGS...]: a check of a function with arguments.
check_as() {
	local name=$1 log
	shift
	log=$WORK/check-$((TAP_COUNT + 1)).log
	if ( "$@" ) >"$log" 2>&1; then
		tap ok "$name"
	elif [ -s "$log" ]; then
		tap notok "$name"
		sed -n '1,12{s/^/# /;p}' "$log"
		[ "$(wc -l <"$log")" -le 12 ] || echo "# ... (full log: $log)"
	else
		tap notok "$name" "(the check printed nothing)"
	fi
}

# note TEXT: a TAP comment printed in any case (fd 3 is the TAP stream).
note() { echo "# $*" >&3; }

# fail TEXT: print a diagnostic and return non-zero, for "cond || fail ..." .
fail() { echo "$*"; return 1; }

# A scratch directory of one check: $WORK/NAME, made anew.
scratch() {
	local d=$WORK/$1
	rm -rf "$d" && mkdir -p "$d" && echo "$d"
}

# same_lines EXPECTED_FILE ACTUAL_FILE: equal as sorted sets of lines;
# prints what is missing and what is extra.
same_lines() {
	local missing extra
	missing=$(comm -23 <(sort -u "$1") <(sort -u "$2"))
	extra=$(comm -13 <(sort -u "$1") <(sort -u "$2"))
	[ -z "$missing" ] && [ -z "$extra" ] && return 0
	[ -z "$missing" ] || sed 's/^/missing: /' <<<"$missing"
	[ -z "$extra" ] || sed 's/^/unexpected: /' <<<"$extra"
	return 1
}

# --- TAP in: the totals of a driver ----------------------------------------------
# A driver (Tests/check.sh, Tests/sanitizers/run.sh, Tests/reference/run.sh)
# runs stages that write RESULTS/NAME.tap and NAME.log, and adds each TAP file
# to PASSED and FAILED. A stage that could not run at all is one failure,
# never a silent pass.

PASSED=0
FAILED=0
SKIPPED=0
STAGES_FAILED=0
# COUNT_SKIPS: "failed" (make check: a skipped test proved nothing) or
# "skipped" (against lksctp, where the tests of what it lacks are skipped).
COUNT_SKIPS=failed

stage() { printf '\n=== %s\n' "$*"; }

stage_failed() {
	printf 'STAGE FAILED: %s\n' "$*"
	FAILED=$((FAILED + 1))
	STAGES_FAILED=1
}

# count_tap FILE: adds a TAP file's results to the totals. Criterion marks
# the tests its --filter left out as "# SKIP test was skipped": those did not
# run here and count nowhere.
count_tap() {
	local file=$1 p f s
	p=$(grep -E '^ok ' "$file" | grep -vc '# SKIP')
	f=$(grep -cE '^not ok ' "$file")
	s=$(grep -E '^ok .*# SKIP' "$file" | grep -vc '# SKIP test was skipped$')
	grep -E '^not ok ' "$file" | sed 's/^/  FAILED: /'
	if [ "$COUNT_SKIPS" = skipped ]; then
		grep -E '^ok .*# SKIP' "$file" | grep -v '# SKIP test was skipped$' | sed 's/^/  SKIPPED: /'
		SKIPPED=$((SKIPPED + s))
	else
		grep -E '^ok .*# SKIP' "$file" | grep -v '# SKIP test was skipped$' | sed 's/^/  SKIPPED (counted as failed): /'
		f=$((f + s))
	fi
	printf '%s: %d passed, %d failed\n' "$(basename "$file" .tap)" "$p" "$f"
	PASSED=$((PASSED + p))
	FAILED=$((FAILED + f))
}

# count_swift_xunit NAME FILE...: adds swift test's JUnit XML reports
# (--xunit-output: one for XCTest, one for Swift Testing) to the totals; a
# skipped test counts as failed.
count_swift_xunit() {
	local name=$1 tests=0 bad=0 file t b
	shift
	for file in "$@"; do
		[ -s "$file" ] || continue
		t=$(grep -oE '<testsuite [^>]*' "$file" | grep -oE ' tests="[0-9]+"' |
			tr -dc '0-9\n' | awk '{ n += $1 } END { print n + 0 }')
		b=$(grep -oE '<testsuite [^>]*' "$file" | grep -oE '(failures|errors|skipped)="[0-9]+"' |
			tr -dc '0-9\n' | awk '{ n += $1 } END { print n + 0 }')
		tests=$((tests + t))
		bad=$((bad + b))
	done
	if [ "$tests" -eq 0 ]; then
		stage_failed "$name ran no test"
		return
	fi
	printf '%s: %d passed, %d failed\n' "$name" "$((tests - bad))" "$bad"
	PASSED=$((PASSED + tests - bad))
	FAILED=$((FAILED + bad))
}

# tap_stage NAME COMMAND...: a script that prints TAP, its output in
# RESULTS/NAME.tap and .log, counted.
tap_stage() {
	local name=$1
	shift
	"$@" > "$RESULTS/$name.tap" 2> "$RESULTS/$name.log"
	if grep -q '^1\.\.' "$RESULTS/$name.tap"; then
		count_tap "$RESULTS/$name.tap"
	else
		tail -n 20 "$RESULTS/$name.log"
		stage_failed "$* produced no TAP plan"
	fi
}

# print_totals: the last line of a driver, and its status.
print_totals() {
	echo
	printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
	[ "$FAILED" -eq 0 ]
}

# --- the C suite (Tests/C) ---------------------------------------------------------
# C_SUITE: the Criterion executable (a make target); C_SUITE_ENV: VAR=value
# words for env (the library it runs with); C_SUITE_RUNNER: words before it
# (a checker); C_SUITE_MAKEFLAGS: make's arguments that build it (another
# architecture's); C_SUITE_JOBS: Criterion's --jobs in the VM, if any. After each
# run, c_suite_ran LOG (a driver may define it: the sanitizer driver counts
# the checker's reports there).
C_SUITE_RUNNER=""
C_SUITE_JOBS=""
C_SUITE_MAKEFLAGS=""
c_suite_ran() { :; }

# c_suite_host: the suite's checks that need no SCTP kernel, on this host.
c_suite_host() {
	# shellcheck disable=SC2086
	make -s $C_SUITE_MAKEFLAGS "$C_SUITE" || { stage_failed "the C suite did not build"; return; }
	# shellcheck disable=SC2086
	env $C_SUITE_ENV $C_SUITE_RUNNER "$C_SUITE" --filter='!(*_kernel)/*' --tap="$RESULTS/host-suite.tap" \
		> "$RESULTS/host-suite.log" 2>&1
	tail -n 3 "$RESULTS/host-suite.log"
	count_tap "$RESULTS/host-suite.tap"
	c_suite_ran "$RESULTS/host-suite.log"
}

# c_suite_kernel GLOB NAME: the kernel tests of the suites matching GLOB on a
# real SCTP kernel (Tests/vm/kernel-run.sh: natively, or in one boot of the
# VM); results in RESULTS/NAME.tap and .log.
c_suite_kernel() {
	local filter=$1 name=$2 status
	# shellcheck disable=SC2086
	make -s $C_SUITE_MAKEFLAGS "$C_SUITE" || { stage_failed "the C suite did not build"; return; }
	# The emulated guest runs the kernel suite in some 3 minutes on an idle
	# machine and four times that on a loaded one: a limit for hangs, not speed.
	KERNEL_RUN_TIMEOUT=${KERNEL_RUN_TIMEOUT:-1500} Tests/vm/kernel-run.sh sh -c "uname -r -m; \
		cat /proc/net/sctp/assocs >/dev/null && echo 'SCTP: present in this kernel'; \
		env $C_SUITE_ENV $C_SUITE_RUNNER $C_SUITE $C_SUITE_JOBS --filter='$filter/*' --tap=$RESULTS/$name.tap" \
		> "$RESULTS/$name.log" 2>&1
	status=$?
	grep -E '^[0-9]+\.[0-9]+\.[0-9]+|^SCTP:|Synthesis' "$RESULTS/$name.log"
	if [ -s "$RESULTS/$name.tap" ] && grep -q '^1\.\.' "$RESULTS/$name.tap"; then
		count_tap "$RESULTS/$name.tap"
		c_suite_ran "$RESULTS/$name.log"
	else
		tail -n 30 "$RESULTS/$name.log"
		stage_failed "no results from the real SCTP kernel for $filter (kernel-run.sh exited $status)"
	fi
}
