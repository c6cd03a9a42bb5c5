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
mkdir -p "$cache"
# One fetch at a time (sanitizers.sh runs this script too, maybe in parallel).
if command -v flock >/dev/null 2>&1; then
	exec 9>"$cache/.lock"
	flock 9
fi
if [ ! -x "$bin" ]; then
	need_cmd apt-get dpkg-deb
	# apt-get download writes into the current directory.
	fetch() { (cd "$cache" && rm -f ./*.deb && apt-get download -q xen-utils-4.17 >"$cache/download.log" 2>&1); }
	# Without apt lists (a machine where dist/setup found every package
	# installed and skipped apt-get update), root may refresh them once.
	fetch || { [ "$(id -u)" = 0 ] && apt-get update -q >>"$cache/download.log" 2>&1 && fetch; } ||
		skip "apt-get download xen-utils-4.17 failed (no apt lists or no network?): $(tail -1 "$cache/download.log")"
	deb=$(ls "$cache"/xen-utils-4.17_*.deb 2>/dev/null | head -1)
	[ -n "$deb" ] || skip "apt-get download xen-utils-4.17 produced no .deb"
	rm -rf "$cache/root"
	dpkg-deb -x "$deb" "$cache/root" || fail "dpkg-deb -x $deb"
	[ -x "$bin" ] || fail "$deb has no test-xenstore"
fi
exec 9>&-
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
