#!/bin/sh
# The fuzzing job of `make check`: builds each target, tests/fuzz/xsd-fuzz.c
# (the wire protocol) and tests/fuzz/xsd-fuzz-state.c (the state files),
# with the daemon library's sources using clang
# -fsanitize=fuzzer,address,undefined (independently of how the tree itself
# was configured), then runs it for a fixed number of executions
# (XSD_FUZZ_RUNS, default 100000; XSD_FUZZ_STATE_RUNS, default 500) from
# its generated seed corpus. Any crash, sanitizer report, leak or failed
# check of the harness fails the test and leaves the reproducer in
# BUILDDIR/tests/fuzz-check/TARGET/.
. "$top_srcdir/tests/lib/common.sh"
need_cmd clang
[ -x /usr/bin/python3 ] || skip "needs /usr/bin/python3 for the seed generator"
out=$top_builddir/tests/fuzz-check
mkdir -p "$out"
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' >"$XK_TMP/probe.c"
clang -fsanitize=fuzzer "$XK_TMP/probe.c" -o "$XK_TMP/probe" 2>/dev/null ||
	skip "clang has no libFuzzer runtime (Debian: libclang-rt-14-dev)"

# The library's sources, as xenstored-kvm/local.mk lists them for libxsd.a.
srcs=$(awk '/^xenstored_kvm_libxsd_a_SOURCES *=/ { on = 1 }
	on { for (i = 1; i <= NF; i++) if ($i ~ /\.c$/) print ENVIRON["top_srcdir"] "/" $i
	     if ($NF != "\\") on = 0 }' "$top_srcdir/xenstored-kvm/local.mk")
[ -n "$srcs" ] || fail "no libxsd sources found in xenstored-kvm/local.mk"
# fuzz TARGET RUNS SEED-GENERATOR: build tests/fuzz/TARGET.c, write its
# seeds, run it RUNS times; any finding fails with its reproducer.
fuzz() {
	t=$1 runs=$2 gen=$3 dir=$out/$1
	rm -rf "$dir"
	mkdir -p "$dir/corpus"
	# shellcheck disable=SC2086
	clang -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -D_GNU_SOURCE -I"$top_builddir" -I"$top_srcdir" \
		-I"$top_srcdir/xenstored-kvm" -o "$dir/$t" "$top_srcdir/tests/fuzz/$t.c" $srcs \
		$(pkg-config --libs zlib) >"$dir/build.log" 2>&1 ||
		{ cat "$dir/build.log"; fail "building the fuzz target $t"; }
	echo "ok: built $dir/$t"
	/usr/bin/python3 "$top_srcdir/tests/fuzz/$gen" "$dir/seeds" || fail "seed generator $gen"
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=1 \
		"$dir/$t" -runs="$runs" -max_len=16384 -timeout=30 -seed=1 -print_final_stats=1 \
		-artifact_prefix="$dir/" "$dir/corpus" "$dir/seeds" >"$dir/fuzz.log" 2>&1
	rc=$?
	tail -8 "$dir/fuzz.log"
	if [ $rc != 0 ]; then
		grep -m1 -E 'ERROR|runtime error|SUMMARY' "$dir/fuzz.log"
		fail "$t found a problem after $(grep -c '^#' "$dir/fuzz.log") lines of progress (exit $rc); reproducer: $(ls "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* 2>/dev/null | head -1)"
	fi
	grep -q "Done $runs runs" "$dir/fuzz.log" || fail "libFuzzer did not complete $runs runs of $t"
	echo "ok: $t: $runs executions, no crash, no sanitizer report"
}

fuzz xsd-fuzz "${XSD_FUZZ_RUNS:-100000}" gen-corpus.py
# Each execution opens a state directory twice (files, fsyncs, 16 MiB
# allocated ahead): about 50 per second, hence fewer runs.
fuzz xsd-fuzz-state "${XSD_FUZZ_STATE_RUNS:-500}" gen-state-corpus.py
