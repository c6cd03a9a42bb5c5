#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The name index (xl-compat/runtime/xs_path.h) against a real xenstored-kvm:
# tests/integration/xlrt/test_xs_names.c says what is checked.
set -eu
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/integration/xenstore/lib.sh"
start_xenstored
mkdir -p "$XK_TMP/root" "$XK_TMP/cfg"
XEN_KVM_ROOT=$XK_TMP/root XS_NAMES_DIR=$XK_TMP/cfg timeout 120 \
	"$top_builddir/tests/integration/xlrt/test_xs_names" || fail "xs_names"
echo "ok: names claimed, refused, dropped, renamed, stale, and indexed on a store from before"
xsd_alive
