#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# xcshim-qubes-vchan.sh: Qubes' libvchan-xen (qubes-core-vchan-xen, built
# unmodified from the shared third-party tree into a scratch dir with its
# own Makefile.linux, make variables only, against Xen's headers) linked
# with libxenctrl-shim and libxenvchan-shim: as a client it reports a live
# peer domain alive (xc_domain_getinfo) and a destroyed one dead (getinfo,
# then xc_evtchn_status's ESRCH), both Xen 4.17's way and Xen 4.18's
# (xc_domain_getinfo_single).
set -eu
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/lib/qubes.sh"

need_qemu
need_root "QEMU's sandbox"
need_cmd make cc pkg-config
qubes_find
alive=$top_builddir/tests/e2e/xcshim-vchan-alive
[ -x "$alive" ] || fail "tests/e2e/xcshim-vchan-alive not built"

# build VARIANT [CFLAGS]: libvchan-xen in $XK_TMP/VARIANT
build() {
	CFLAGS=${2:-} qubes_build_vchan "$XK_TMP/$1"
	objdump -p "$XK_TMP/$1/libvchan-xen.so.1" | grep -q 'NEEDED.*libxenctrl.so.4.17' ||
		fail "libvchan-xen ($1) does not need libxenctrl.so.4.17"
}
# Xen 4.17's headers (Debian's), as our xencontrol.pc's version says
build x417
# Xen 4.18's call, which our header declares: the path newer Qubes take
build x418 "-I$top_srcdir/libxenctrl-shim -DHAVE_XC_DOMAIN_GETINFO_SINGLE"
calls() { nm -D --undefined-only "$XK_TMP/$1/libvchan-xen.so.1" | grep -o 'xc_domain_getinfo[a-z_]*' | sort -u | tr '\n' ' '; }
[ "$(calls x417)" = "xc_domain_getinfo " ] || fail "x417 calls $(calls x417)"
[ "$(calls x418)" = "xc_domain_getinfo_single " ] || fail "x418 calls $(calls x418)"

. "$top_srcdir/tests/lib/xlenv.sh"
xl_create_paused vpeer
peer=$("$xl" domid vpeer)
export LD_LIBRARY_PATH="$qubes_shim_libs"
ask() { "$alive" "$XK_TMP/$1/libvchan-xen.so.1" "$peer" 4711 2>>"$XK_TMP/ask.err"; }
for v in x417 x418; do
	[ "$(ask $v)" = alive ] || fail "$v: live peer $peer not alive: $(cat "$XK_TMP/ask.err")"
	echo "ok: $v: domain $peer alive"
done
"$xl" destroy vpeer || fail "destroy"
for v in x417 x418; do
	[ "$(ask $v)" = dead ] || fail "$v: destroyed peer $peer not dead: $(cat "$XK_TMP/ask.err")"
	echo "ok: $v: domain $peer dead once destroyed"
done
grep -q "domain dead" "$XK_TMP/ask.err" || fail "libvchan did not say why: $(cat "$XK_TMP/ask.err")"
