#!/bin/sh
# Debian's unmodified `xenstore-control check` against xenstored-kvm: the
# daemon verifies its tree, child lists and per-domain accounting and says
# "OK" on the first line when they agree. Many nodes, domains owning some of
# them, a release (ownership moves to dom0) and a restart from the state
# directory, each followed by a check. A damaged store cannot be reached
# from outside: the state files are checksummed and loaded by path, so the
# problems themselves are found by the unit test (test-store).
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/integration/xenstore/lib.sh"
need_xs_utils
# /usr/bin/xenstore-control is only Debian's wrapper: the program itself is
# in xen-utils-4.17, unpacked into the build tree as test-xenstore.sh does.
cache=$top_builddir/tests/cache/xen-utils-4.17
debian_unpack "$cache" xen-utils-4.17
XSCTL=$cache/root/usr/lib/xen-4.17/bin/xenstore-control
[ -x "$XSCTL" ] || fail "xen-utils-4.17 has no xenstore-control"
start_xenstored

expect_check_ok() {
	out=$("$XSCTL" check) || fail "$1: xenstore-control check failed"
	expect_eq "$1: first line" "$(echo "$out" | head -n 1)" OK
	echo "$out" | grep -q "^[0-9]* nodes, [0-9]* domains owning nodes" ||
		fail "$1: no summary in '$out'"
	echo "ok: $1: $(echo "$out" | sed -n 2p)"
}

expect_check_ok "fresh store"
for d in 1 2 3 4 5 6 7 8; do
	xenstore-write /local/domain/$d/name "dom$d" || fail "write dom$d"
	xenstore-chmod /local/domain/$d n$d || fail "chmod dom$d"
	introduce $d
	i=0; args=
	while [ $i -lt 50 ]; do
		args="$args data/k$i v$i"; i=$((i + 1))
	done
	# shellcheck disable=SC2086
	as_dom $d xenstore-write $args || fail "dom$d writes"
	as_dom $d xenstore-write /local/domain/$d/sub/a/b/c deep ||
		fail "dom$d deep write"
done
i=0; args=
while [ $i -lt 300 ]; do
	args="$args /tool/n$((i % 10))/k$i $i"; i=$((i + 1))
done
# shellcheck disable=SC2086
xenstore-write $args || fail "dom0 writes"
xenstore-chmod /tool/n3 n2 r5 || fail "chmod /tool/n3"
xenstore-rm /local/domain/4/data || fail "rm a domain's subtree"
expect_check_ok "after 8 domains wrote"
out=$("$XSCTL" check)
nodes=$(echo "$out" | sed -n 2p | cut -d' ' -f1)
owners=$(echo "$out" | sed -n 2p | cut -d' ' -f3)
[ "$nodes" -gt 700 ] || fail "check counted only $nodes nodes"
expect_eq "domains owning nodes" "$owners" 9

release 6
expect_check_ok "after releasing domain 6"

expect_fail_msg "check with an argument" "" "$XSCTL" check extra

kill "$XSD_PID"; wait "$XSD_PID" 2>/dev/null || true
start_xenstored
expect_check_ok "after a restart from the state directory"
grep -q "check: .* no problem" "$XK_TMP/xenstored.log" ||
	fail "the log does not record the check"
xsd_alive
