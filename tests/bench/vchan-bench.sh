#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark (make bench): dom0-local vchan against a raw Unix socket pair,
# throughput and round trips for 64 B, 4 KiB and 1 MiB, through a private
# xenstored-kvm for the rendezvous. VCHAN_BENCH_SECS: seconds per figure.
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/integration/xenstore/lib.sh"
start_xenstored
XEN_KVM_RUN_DIR=$XK_TMP/xk-run
export XEN_KVM_RUN_DIR
echo "vchan-bench: $(nproc) CPUs, ends pinned to CPUs 0 and 1"
"$top_builddir/tests/bench/vchan-bench" "${VCHAN_BENCH_SECS:-1}"
