# Sourced by bench/run.sh, bench/arm64.sh and bench/vm.sh.
# callgrind_loop DIR DRIVER CALLS ROW...: each row's callgrind run of the
# driver with each library (libdir ours|ref names its directory; valgrind may
# be a function), into DIR/ROW.LIB.out, .log and .status.
callgrind_loop() {
	local dir=$1 driver=$2 calls=$3 row lib status
	shift 3
	for row in "$@"; do
		for lib in ours ref; do
			# (In a subshell whose stderr is the log, so that bash's "Aborted"
			# for Debian's crashing sendv rows lands there too.)
			status=0
			(LD_LIBRARY_PATH=$(libdir $lib) valgrind --tool=callgrind --toggle-collect=bench_loop \
				--compress-strings=no --compress-pos=no \
				--callgrind-out-file="$dir/$row.$lib.out" \
				"$driver" "$row" "$calls" count; exit $?) \
				> "$dir/$row.$lib.log" 2>&1 || status=$?
			echo "$status" > "$dir/$row.$lib.status"
		done
	done
}
