#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# chan-host.sh: runs test_chan_host (the channels' host ends against real
# QEMUs) with a private xenstored-kvm and XEN_KVM_ROOT.
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_root "QEMU's sandbox"
xsd=$top_builddir/xenstored-kvm/xenstored-kvm
mkdir -p "$XK_TMP/run" "$XK_TMP/state" "$XK_TMP/root" "$XK_TMP/cfg"
"$xsd" -N --rundir "$XK_TMP/run" --state-dir "$XK_TMP/state" </dev/null 2>"$XK_TMP/xsd.err" &
cleanup_pid $!
wait_for 20 test -S "$XK_TMP/run/socket" || fail "xenstored-kvm did not start: $(cat "$XK_TMP/xsd.err")"
XENSTORED_PATH=$XK_TMP/run/socket XEN_KVM_ROOT=$XK_TMP/root CHAN_TEST_DIR=$XK_TMP/cfg \
	"$top_builddir/tests/integration/chan/test_chan_host"
