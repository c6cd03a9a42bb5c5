#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# xcshim-xentop.sh: Debian's unmodified xentop (xen-utils-4.17, with
# libxenstat from libxenmisc4.17, unpacked in the build tree, never
# installed) on libxenctrl-shim, through xen-kvm-xentop: it lists Domain-0
# and a running guest with its memory, vCPUs and a CPU time that grows and
# agrees with `xl list', and shows the guest paused after `xl pause'.
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_root "xentop's private mount namespace, QEMU's sandbox"
need_cmd unshare
cache=$top_builddir/tests/cache/xen-utils-4.17
debian_unpack "$cache" xen-utils-4.17 libxenmisc4.17
xentop=$cache/root/usr/lib/xen-4.17/bin/xentop
stat=$(find "$cache/root/usr/lib" -name libxenstat.so.4.17 | head -1)
[ -x "$xentop" ] && [ -n "$stat" ] || fail "no xentop or libxenstat.so.4.17 in $cache/root"
. "$top_srcdir/tests/lib/xlenv.sh"

shim=$top_builddir/libxenctrl-shim
XEN_KVM_SHIM_LIBDIR=$shim XENTOP=$xentop LD_LIBRARY_PATH=$(dirname "$stat")
export XEN_KVM_SHIM_LIBDIR XENTOP LD_LIBRARY_PATH
top() { "$top_builddir/libxenctrl-shim/xen-kvm-xentop" -b "$@"; }
# the shim, not Debian's libxenctrl (libxenmisc4.17 may be installed too)
LD_LIBRARY_PATH=$shim:$LD_LIBRARY_PATH ldd "$xentop" | grep -q "libxenctrl.so.4.17 => $shim/" ||
	fail "xentop would not load the shim: $(LD_LIBRARY_PATH=$shim:$LD_LIBRARY_PATH ldd "$xentop" | grep xenctrl)"

cat > "$XK_TMP/guest.sh" <<'GUEST'
#!/bin/sh
i=0
while true; do echo "tick $i"; i=$((i + 1)); sleep 1; done
GUEST
mkguest_kit "$XK_TMP/kit" --run "$XK_TMP/guest.sh"
cat > "$XK_TMP/top.cfg" <<CFG
name = "xctop"
type = "pvh"
kernel = "$(kit_get "$XK_TMP/kit" kernel)"
ramdisk = "$(kit_get "$XK_TMP/kit" ramdisk)"
extra = "console=hvc0"
memory = 128
vcpus = 2
CFG
"$xl" create -q "$XK_TMP/top.cfg" || fail "create"
xl_wait_console 120 xctop '^tick 1$' || fail "guest never ticked: $(xl_console xctop | tail -3)"

# two iterations: the header and both domains each time
top -i 2 -d 1 > "$XK_TMP/top" 2> "$XK_TMP/top.err" || fail "xentop failed: $(cat "$XK_TMP/top.err")"
cat "$XK_TMP/top"
[ "$(grep -c '^ *NAME  STATE   CPU(sec)' "$XK_TMP/top")" = 2 ] || fail "not two iterations"
[ "$(grep -c '^ *Domain-0 -----r ' "$XK_TMP/top")" = 2 ] || fail "Domain-0 not listed running"
row=$(grep '^ *xctop ' "$XK_TMP/top" | tail -1)
# NAME STATE CPU(sec) CPU(%) MEM(k) MEM(%) MAXMEM(k) MAXMEM(%) VCPUS
set -- $row
[ "$5" = 131072 ] && [ "$7" = 131072 ] || fail "memory: $row"
[ "$9" = 2 ] || fail "vCPUs: $row"
case $2 in --b---|-----r) ;; *) fail "state of a running guest: $row" ;; esac
first=$3
# CPU(sec) agrees with xl list and grows (bounded poll)
xltime=$("$xl" list xctop | awk 'NR == 2 { print int($6) }')
[ $((xltime - first)) -le 1 ] && [ $((first - xltime)) -le 1 ] || fail "xentop $first s, xl list $xltime s"
grows() { [ "$(top -i 1 | awk '$1 == "xctop" { print $3 }')" -gt "$first" ]; }
wait_for 180 grows || fail "CPU(sec) stayed at $first"
echo "ok: CPU(sec) grew past $first"

"$xl" pause xctop || fail "xl pause"
top -i 1 | grep -Eq '^ *xctop ----p- ' || fail "paused guest: $(top -i 1 | grep xctop)"
"$xl" unpause xctop
top -i 1 | grep -Eq '^ *xctop (--b---|-----r) ' || fail "unpaused guest: $(top -i 1 | grep xctop)"
echo "ok: xentop lists Domain-0 and the guest, and sees xl pause"
