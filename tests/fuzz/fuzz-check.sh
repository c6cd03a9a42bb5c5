#!/bin/sh
# The fuzzing job of `make check`: builds tests/fuzz/xsd-fuzz.c with the
# daemon library's sources using clang -fsanitize=fuzzer,address,undefined
# (independently of how the tree itself was configured), then runs it for a
# fixed number of executions (XSD_FUZZ_RUNS, default 100000) from the
# generated seed corpus. Any crash, sanitizer report, leak or malformed
# output the harness detects fails the test and leaves the reproducer in
# BUILDDIR/tests/fuzz-check/.
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
# shellcheck disable=SC2086
clang -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -D_GNU_SOURCE -I"$top_builddir" -I"$top_srcdir" \
	-I"$top_srcdir/xenstored-kvm" -o "$out/xsd-fuzz" "$top_srcdir/tests/fuzz/xsd-fuzz.c" $srcs \
	$(pkg-config --libs zlib) >"$out/build.log" 2>&1 || { cat "$out/build.log"; fail "building the fuzz target"; }
echo "ok: built $out/xsd-fuzz"
rm -rf "$out/seeds" "$out/corpus" "$out"/crash-* "$out"/leak-* "$out"/timeout-*
mkdir -p "$out/corpus"
/usr/bin/python3 "$top_srcdir/tests/fuzz/gen-corpus.py" "$out/seeds" || fail "seed generator"
runs=${XSD_FUZZ_RUNS:-100000}
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=1 \
	"$out/xsd-fuzz" -runs="$runs" -max_len=16384 -timeout=30 -seed=1 -print_final_stats=1 \
	-artifact_prefix="$out/" "$out/corpus" "$out/seeds" >"$out/fuzz.log" 2>&1
rc=$?
tail -8 "$out/fuzz.log"
if [ $rc != 0 ]; then
	grep -m1 -E 'ERROR|runtime error|SUMMARY' "$out/fuzz.log"
	fail "fuzzing found a problem after $(grep -c '^#' "$out/fuzz.log") lines of progress (exit $rc); reproducer: $(ls "$out"/crash-* "$out"/leak-* "$out"/timeout-* 2>/dev/null | head -1)"
fi
grep -q "Done $runs runs" "$out/fuzz.log" || fail "libFuzzer did not complete $runs runs"
echo "ok: $runs executions, no crash, no sanitizer report"
