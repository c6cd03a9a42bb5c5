#!/bin/sh
# Xen's own xenstored test program, test-xenstore from Debian's unmodified
# xen-utils-4.17 (unpacked into the build tree, not installed), run against
# xenstored-kvm through the system libxenstore: every test must pass, over
# several iterations, plus a few seconds of its random mode. It is the
# closest thing to "Xen's own conformance suite" for the daemon.
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/integration/xenstore/lib.sh"

cache=$top_builddir/tests/cache/xen-utils-4.17
bin=$cache/root/usr/lib/xen-4.17/bin/test-xenstore
debian_unpack "$cache" xen-utils-4.17
[ -x "$bin" ] || fail "xen-utils-4.17 has no test-xenstore"
echo "using $bin"
# It links against the system libxenstore.so.4 (libxenstore4).
ldd "$bin" | grep -q 'libxenstore.so.4 => /' || skip "libxenstore4 not installed (needed by test-xenstore)"

start_xenstored
tests=$("$bin" -l | sed 's/ *:.*//')
n=$(printf '%s\n' "$tests" | wc -l)
[ "$n" -ge 10 ] || fail "test-xenstore -l listed only $n tests"
echo "test-xenstore lists $n tests"
# Each test on its own first, so a failure names its test.
printf '%s\n' "$tests" | while IFS= read -r t; do
	"$bin" -t "$t" >"$XK_TMP/one" 2>&1 || { cat "$XK_TMP/one"; fail "test-xenstore -t '$t' exit $?"; }
	echo "ok: $(grep -v '^$' "$XK_TMP/one" | head -1)"
done || exit 1
"$bin" -i 20 >"$XK_TMP/all" 2>&1 || { cat "$XK_TMP/all"; fail "test-xenstore -i 20 failed"; }
cat "$XK_TMP/all"
grep -q failed "$XK_TMP/all" && fail "test-xenstore reported a failure"
"$bin" -r 3 >"$XK_TMP/rnd" 2>&1 || { cat "$XK_TMP/rnd"; fail "test-xenstore -r 3 failed"; }
tail -3 "$XK_TMP/rnd"
# The test cleans up after itself: no test nodes left behind.
left=$(xenstore-ls -f / 2>/dev/null | grep -c xenstore-test || true)
[ "$left" = 0 ] || fail "test-xenstore left $left nodes behind"
echo "ok: no test nodes left behind"
xsd_alive
