#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The pipelined XenStore batch (xl-compat/runtime/xs_batch.h) against a real
# xenstored-kvm: tests/integration/xlrt/test_xs_batch.c says what is checked.
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/integration/xenstore/lib.sh"
start_xenstored
XS_RUN=$XS_RUN timeout 120 "$top_builddir/tests/integration/xlrt/test_xs_batch" ||
	fail "xs_batch"
echo "ok: pipelined reads, errors, rounds, fallback, no daemon"
xsd_alive
