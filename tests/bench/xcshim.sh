#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Benchmark (make bench), informational, never asserts on time: reading 50
# domains (real QEMUs created with `xl create -p': paused, 32 MiB, nothing
# faked) through libxenctrl-shim, against `xl list' reading the same facts
# in the same run (tests/bench/xcshim-bench.c says what is timed). Needs
# root (QEMU's sandbox, xentop's mount namespace) and Debian's xentop and
# libxenstat, unpacked in the build tree by tests/e2e/xcshim-xentop.sh or
# here.
set -eu
: "${top_builddir:?run through make bench}"
: "${top_srcdir:?run through make bench}"
. "$top_srcdir/tests/lib/common.sh"
need_qemu
need_root "QEMU's sandbox, xentop's mount namespace"
cache=$top_builddir/tests/cache/xen-utils-4.17
debian_unpack "$cache" xen-utils-4.17 libxenmisc4.17
stat=$(find "$cache/root/usr/lib" -name libxenstat.so.4.17 | head -1)
. "$top_srcdir/tests/lib/xlenv.sh"

mkguest_kit "$XK_TMP/kit"
for i in $(seq 50); do
	printf 'name = "b%s"\ntype = "pvh"\nkernel = "%s"\nramdisk = "%s"\nmemory = 32\nvcpus = 1\n' \
		"$i" "$(kit_get "$XK_TMP/kit" kernel)" "$(kit_get "$XK_TMP/kit" ramdisk)" > "$XK_TMP/b.cfg"
	"$xl" create -q -p "$XK_TMP/b.cfg" 2>>"$XK_TMP/create.err" ||
		fail "create b$i: $(tail -1 "$XK_TMP/create.err")"
done
[ "$("$xl" list | grep -c '^b[0-9]* .*--p---')" = 50 ] || fail "xl list does not show 50 paused domains"
XEN_KVM_SHIM_LIBDIR=$top_builddir/libxenctrl-shim XENTOP=$cache/root/usr/lib/xen-4.17/bin/xentop \
LD_LIBRARY_PATH=$top_builddir/libxenctrl-shim:$(dirname "$stat") \
	"$top_builddir/tests/bench/xcshim-bench" 21 "$xl" "$top_builddir/libxenctrl-shim/xen-kvm-xentop"
