#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# xc_evtchn_status / xc_evtchn_notify of libxenctrl-shim on libxenvchan-shim's
# vchans (tests/integration/xcshim/evtchn.c), both shared libraries loaded
# as Xen's would be, through a real xenstored-kvm; vchan files in a private
# run dir, none left behind.
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/integration/xenstore/lib.sh"
start_xenstored
XEN_KVM_RUN_DIR=$XK_TMP/xk-run
export XEN_KVM_RUN_DIR
LD_LIBRARY_PATH=$top_builddir/libxenctrl-shim:$top_builddir/libxenvchan-shim \
	"$top_builddir/tests/integration/xcshim/evtchn" || fail "xcshim evtchn"
left=$(ls "$XEN_KVM_RUN_DIR/vchan" 2>/dev/null)
[ -z "$left" ] || fail "vchan files left behind: $left"
echo "ok: xc_evtchn_status and xc_evtchn_notify on vchan event objects"
xsd_alive
