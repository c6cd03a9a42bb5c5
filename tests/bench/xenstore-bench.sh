#!/bin/sh
# Benchmark of xenstored-kvm (run by `make bench`): round-trip latency and
# pipelined throughput of READ/WRITE/DIRECTORY/TRANSACTION and watch fan-out
# against a minimal server on the same kind of Unix socket measured in the
# same run (ratios), then RSS with 1,000 domains, bytes per node with
# 1,000,000 nodes and restart time. Prints numbers; never fails on a time.
# XS_BENCH_QUICK=1 uses 100,000 nodes and fewer iterations.
: "${top_builddir:?run through make bench}"
bin=$top_builddir/tests/bench/xenstore-bench
daemon=${XENSTORED_KVM:-$top_builddir/xenstored-kvm/xenstored-kvm}
[ -x "$bin" ] || { echo "xenstore-bench not built" >&2; exit 1; }
[ -x "$daemon" ] || { echo "xenstored-kvm not built" >&2; exit 1; }
echo "xenstore-bench: $(nproc) CPUs, $(uname -r)"
if [ "${XS_BENCH_QUICK:-0}" = 1 ]; then
	exec "$bin" "$daemon" --quick
fi
exec "$bin" "$daemon"
