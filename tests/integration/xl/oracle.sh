#!/bin/sh
# Differential test against Debian's real libxlutil.so.4.17 and
# libxenlight: Debian's example configs (xen-utils-common), the configs
# taken from the seed documents, and 5000 generated configs plus as many
# disk specs (fixed seed) must be accepted or rejected alike and parse to
# the same values; only our documented extensions may differ (see
# xl-compat/README). Our domain and disk JSON must be libxl's own.
. "$top_srcdir/tests/lib/common.sh"

ORACLE="$top_builddir/tests/integration/xl/xlcfg-oracle"
MODEL_ORACLE="$top_builddir/tests/integration/xl/model-oracle"
XL="$top_builddir/xl-compat/xl"
[ -x "$ORACLE" ] && [ -x "$MODEL_ORACLE" ] || fail "no $ORACLE or $MODEL_ORACLE"
export XL_CONF="$XK_TMP/xl.conf"
: >"$XL_CONF"

# Debian's example configs: installed, or from the .deb kept in a cache
examples=/etc/xen
if [ ! -f "$examples/xlexample.hvm" ]; then
	cache="$top_builddir/tests/cache/xen-utils-common"
	debian_unpack "$cache" xen-utils-common
	examples="$cache/root/etc/xen"
fi
set -- "$examples"/xlexample.* "$examples/xl.conf"
[ $# -ge 4 ] || fail "expected at least three xlexample.* and xl.conf in $examples"

out=$("$ORACLE" "$@" "$top_srcdir"/tests/integration/xl/configs/*.cfg) ||
	fail "example and seed configs differ from libxlutil: $out"
echo "examples and seeds: $out"
echo "$out" | grep -q ' 0 mismatches' || fail "mismatches: $out"
echo "$out" | grep -q '^configs: [1-9][0-9]* agree ([1-9][0-9]* accepted by both' ||
	fail "nothing was accepted by both parsers: $out"

# our model's JSON must be what libxl's own generator prints for the same
# values (examples, seeds and the full-* configs that set every field)
out=$("$MODEL_ORACLE" "$examples"/xlexample.* "$top_srcdir"/tests/integration/xl/configs/*.cfg 2>/dev/null) ||
	fail "JSON differs from libxl's: $out"
same=$(echo "$out" | grep -c 'same JSON as libxl$')
echo "domain JSON identical to libxl's for $same configs"
[ "$same" -ge 10 ] || fail "too few configs compared with libxl's JSON: $out"

# the examples must also build a domain model
for f in "$examples"/xlexample.*; do
	"$XL" -N create "$f" >"$XK_TMP/out.json" 2>"$XK_TMP/err" ||
		fail "xl -N create $f failed: $(cat "$XK_TMP/err")"
	grep -q '"c_info"' "$XK_TMP/out.json" || fail "no c_info for $f"
done

out=$("$ORACLE" -g 5000 20261121) || fail "generated configs differ from libxlutil: $out"
echo "generated: $out"
set -- $(echo "$out" | sed -n 's/^configs: \([0-9]*\) agree (\([0-9]*\) accepted by both, \([0-9]*\) rejected by both), \([0-9]*\) documented.*/\1 \2 \3 \4/p')
[ $# = 4 ] || fail "cannot read the oracle's summary: $out"
[ "$2" -ge 1000 ] || fail "only $2 generated configs accepted by both"
[ "$3" -ge 500 ] || fail "only $3 broken configs rejected by both"
[ "$4" -ge 1 ] || fail "the generator never exercised a documented extension"
json=$(echo "$out" | sed -n "s/^disk specs: [0-9]* agree (\([0-9]*\) accepted with JSON.*/\1/p")
[ "${json:-0}" -ge 200 ] || fail "only ${json:-0} generated disks compared with libxl's JSON"
