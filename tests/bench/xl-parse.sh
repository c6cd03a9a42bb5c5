#!/bin/sh
# Benchmark: parse a generated 10,000-line xl config with libxlcfg and
# report time per line against a bare read loop over the same file, as a
# ratio. Informational: it never asserts on time.
set -eu
: "${top_builddir:?run through make bench}"
bin="$top_builddir/tests/bench/xl-parse-bench"
[ -x "$bin" ] || { echo "no $bin (make check builds it)"; exit 1; }
cfg=$(mktemp "${TMPDIR:-/tmp}/xl-parse.XXXXXX")
trap 'rm -f "$cfg"' EXIT
# 10,000 lines: scalars, strings with escapes, comments, += and
# multi-line device lists, as real configs mix them
awk 'BEGIN {
	n = 0
	while (n < 10000) {
		i = n
		print "# guest block " i; n++
		print "name = \"guest-" i "\""; n++
		print "memory = " (512 + i % 7) "; vcpus = 0x" (i % 8 + 1); n++
		print "extra = \"console=hvc0 \\\"quoted\\\" root=/dev/xvda" i "\""; n++
		print "disk = [ \x27phy:/dev/vg/d" i ",xvda,w\x27,"; n++
		print "         \x27/srv/img" i ".qcow2,qcow2,xvdb,ro\x27, # data"; n++
		print "]"; n++
		print "vif += [ \"mac=00:16:3e:00:" sprintf("%02x", i % 256) ":01,bridge=br0\" ]"; n++
		print "k" i " = [ [ 1, 2 ], [ \x27a\x27, \"b\" ], ]"; n++
		print ""; n++
	}
}' >"$cfg"
"$bin" "$cfg" 30
