#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Scale benchmark of xenstored-kvm (run by `make bench`; issue #17): with
# 10, 1,000 and 10,000 introduced domains, each with xl's layout and a
# connected guest watching its control/shutdown, the cost of INTRODUCE,
# RELEASE, a guest's READ, a watch firing and a @releaseDomain fan-out to
# 1,000 watchers, as ratios to their cost at 10 domains (target 1.2), and
# the daemon's RSS per domain. Prints numbers; never fails on a time. It
# stops by itself (an alarm bounds it) and removes its daemon and files.
# XS_SCALE_QUICK=1 uses 10, 100 and 1,000 domains.
: "${top_builddir:?run through make bench}"
bin=$top_builddir/tests/bench/xenstored-scale
daemon=${XENSTORED_KVM:-$top_builddir/xenstored-kvm/xenstored-kvm}
[ -x "$bin" ] || { echo "xenstored-scale not built" >&2; exit 1; }
[ -x "$daemon" ] || { echo "xenstored-kvm not built" >&2; exit 1; }
echo "xenstored-scale: $(nproc) CPUs, $(uname -r)"
if [ "${XS_SCALE_QUICK:-0}" = 1 ]; then
	exec "$bin" "$daemon" --quick
fi
exec "$bin" "$daemon"
