#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The guest's own XenStore nodes across a save or a migration
# (xl-compat/runtime/xs_guest.h) against a real xenstored-kvm:
# tests/integration/xlrt/test_xs_guest.c says what is checked.
set -eu
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/integration/xenstore/lib.sh"
start_xenstored
timeout 120 "$top_builddir/tests/integration/xlrt/test_xs_guest" || fail "xs_guest"
echo "ok: carried nodes saved, restored, refused outside their places, updated after a migration"
xsd_alive
