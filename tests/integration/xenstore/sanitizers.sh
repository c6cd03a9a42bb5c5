#!/bin/sh
# The xenstore real-client suite against a xenstored-kvm built with
# AddressSanitizer and UndefinedBehaviorSanitizer: this is the sanitizer job
# of `make check`. It compiles the daemon's sources again (into the build
# tree, with -fsanitize=address,undefined and no UB recovery), then runs every
# test of tests/integration/xenstore with XENSTORED_KVM pointing at it; the
# tests fail on any sanitizer report in the daemon's stderr (xstest.py and
# lib.sh check it), on a leak at exit, or on a crash.
. "$top_srcdir/tests/lib/common.sh"
need_cmd gcc pkg-config xenstore-read xenstore-write xenstore-ls xenstore-rm \
	xenstore-chmod xenstore-watch xenstore-exists xenstore-list
/usr/bin/python3 -c 'import pyxs' 2>/dev/null || skip "needs python3-pyxs for /usr/bin/python3"
pkg-config --exists libevent_core || skip "needs libevent-dev"

out=$top_builddir/tests/sanitizers
mkdir -p "$out"
srcs=$(ls "$top_srcdir"/xenstored-kvm/*.c)
flags="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined"
# shellcheck disable=SC2086
gcc $flags -D_GNU_SOURCE -I"$top_builddir" -I"$top_srcdir/xenstored-kvm" \
	$(pkg-config --cflags libevent_core) -o "$out/xenstored-kvm" $srcs \
	$(pkg-config --libs libevent_core zlib) >"$out/build.log" 2>&1 ||
	{ cat "$out/build.log"; fail "sanitizer build of xenstored-kvm failed"; }
echo "ok: built $out/xenstored-kvm with $flags"
XENSTORED_KVM=$out/xenstored-kvm
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export XENSTORED_KVM ASAN_OPTIONS UBSAN_OPTIONS

# First: it starts and serves at all (a report at start-up fails fast).
"$XENSTORED_KVM" --help >/dev/null 2>"$XK_TMP/help.err" || { cat "$XK_TMP/help.err"; fail "--help"; }

failed=""
n=0
for t in "$top_srcdir"/tests/integration/xenstore/utils-*.sh \
	"$top_srcdir"/tests/integration/xenstore/pyxs-*.py \
	"$top_srcdir"/tests/integration/xenstore/xsa-*.py \
	"$top_srcdir"/tests/integration/xenstore/durability.py \
	"$top_srcdir"/tests/integration/xenstore/faults-*.py \
	"$top_srcdir"/tests/integration/xenstore/test-xenstore.sh; do
	name=$(basename "$t")
	case $t in
	*.py) /usr/bin/python3 "$t" >"$out/$name.log" 2>&1 ;;
	*) sh "$t" >"$out/$name.log" 2>&1 ;;
	esac
	rc=$?
	n=$((n + 1))
	if [ $rc = 0 ]; then
		echo "ok: $name under ASan/UBSan"
	elif [ $rc = 77 ]; then
		echo "skipped: $name: $(grep SKIP "$out/$name.log")"
		failed="$failed $name(skipped)"
	else
		echo "FAIL: $name under ASan/UBSan (exit $rc), log $out/$name.log:"
		tail -15 "$out/$name.log"
		failed="$failed $name"
	fi
done
[ -z "$failed" ] || fail "failed under sanitizers:$failed"
echo "ok: all $n xenstore tests pass against the sanitized daemon"
