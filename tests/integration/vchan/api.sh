#!/bin/sh
# libxenvchan's calls and states (tests/unit/vchan/test-vchan.c) through a
# real xenstored-kvm, with domains 5 and 6 introduced for the permission
# checks; vchan files in a private run dir.
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/integration/xenstore/lib.sh"
[ -x /usr/bin/python3 ] || skip "needs /usr/bin/python3"
start_xenstored
introduce 5
introduce 6
xenstore-write /local/domain/5/domid 5 /local/domain/6/domid 6 ||
	fail "writing the domains' domid nodes"
XEN_KVM_RUN_DIR=$XK_TMP/xk-run
export XEN_KVM_RUN_DIR
"$top_builddir/tests/unit/vchan/test-vchan" || fail "test-vchan"
[ "$(stat -c %a "$XEN_KVM_RUN_DIR/vchan")" = 700 ] || fail "vchan dir not 0700"
left=$(ls "$XEN_KVM_RUN_DIR/vchan")
[ -z "$left" ] || fail "vchan files left behind: $left"
echo "ok: nothing left in the vchan directory"
xsd_alive
