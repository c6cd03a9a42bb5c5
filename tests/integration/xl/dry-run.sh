#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# dry-run.sh: `xl -N create' makes the checks `xl create' makes and stops
# only before starting anything. A table of configs: each one create
# refuses, -N refuses too with the same message and exit code (1) and
# prints no model; each one create accepts, -N prints the model and exits
# 0, and create gets past its checks (here it then fails at XenStore,
# which this test does not run: nothing may be created).
. "$top_srcdir/tests/lib/common.sh"

XL="$top_builddir/xl-compat/xl"
[ -x "$XL" ] || fail "no $XL"
export XL_CONF="$XK_TMP/xl.conf" XEN_KVM_ROOT="$XK_TMP/root"
export XENSTORED_PATH="$XK_TMP/no-xenstored" XEN_KVM_ACCEL=tcg
: >"$XL_CONF"
k="kernel = \"$XK_TMP/vmlinuz\""
: >"$XK_TMP/vmlinuz"

# NAME|TYPE|CONFIG LINES (\n-separated)|what the refusal says ("" accepted)
table() {
	cat <<EOF
pygrub|pv|bootloader = "pygrub"|bootloader="pygrub" is not supported yet
vtpm|hvm|vtpm = [ "backend=0" ]|vtpm is not implemented yet
gfx|hvm|gfx_passthru = 1|gfx_passthru is not implemented
script|hvm|disk = [ "/tmp/a.img,raw,xvda,w,script=block-iscsi" ]|disk xvda: script=block-iscsi
diskbe|hvm|disk = [ "backend=dd,vdev=xvda,target=/tmp/a.img" ]|disk xvda: backend=dd (a driver domain)
p9be|pvh|$k\np9 = [ "tag=t,path=/tmp,security_model=none,backend=dd" ]|p9 t: backend=dd
soundhw|hvm|soundhw = "gus"|soundhw="gus"
usbdev|hvm|usb = 1\nusbdevice = "wacom-tablet"|usbdevice="wacom-tablet"
vcpus|hvm|vcpus = 4\nmaxvcpus = 2|error: maxvcpus < vcpus
boot|hvm|boot = "z"|boot="z": boot devices are letters a to p
usbconflict|hvm|usb = 1\nusbversion = 2|usbversion and/or usbredirection cannot be enabled
colo|hvm|disk = [ "/tmp/a.img,raw,xvda,w,colo,colo-host=h,colo-port=1,colo-export=e,active-disk=a,hidden-disk=h" ]|COLO does not exist on KVM
hvm|hvm|serial = "pty"|
pvh|pvh|$k|
pv|pv|$k|
pciwild|hvm|pci = [ "01:00.*" ]|
EOF
}

table >"$XK_TMP/table"
n=0
while IFS='|' read -r name type lines want; do
	printf 'name = "%s"\ntype = "%s"\nmemory = 128\n' "$name" "$type" >"$XK_TMP/$name.cfg"
	[ -z "$lines" ] || printf '%b\n' "$lines" >>"$XK_TMP/$name.cfg"
	rc=0; "$XL" -N create "$XK_TMP/$name.cfg" >"$XK_TMP/out" 2>"$XK_TMP/nerr" || rc=$?
	crc=0; "$XL" create -q "$XK_TMP/$name.cfg" >/dev/null 2>"$XK_TMP/cerr" || crc=$?
	if [ -n "$want" ]; then
		[ $rc = 1 ] && [ ! -s "$XK_TMP/out" ] ||
			fail "$name: xl -N create: exit $rc, $(wc -c < "$XK_TMP/out") bytes on stdout"
		grep -qF -- "$want" "$XK_TMP/nerr" ||
			fail "$name: xl -N create does not say '$want': $(cat "$XK_TMP/nerr")"
		[ $crc = 1 ] && grep -qF -- "$want" "$XK_TMP/cerr" ||
			fail "$name: xl create: exit $crc: $(cat "$XK_TMP/cerr")"
		diff "$XK_TMP/nerr" "$XK_TMP/cerr" >/dev/null ||
			fail "$name: -N and create say different things: $(cat "$XK_TMP/nerr") / $(cat "$XK_TMP/cerr")"
		echo "ok: $name refused by both: $want"
	else
		[ $rc = 0 ] && grep -q '"c_info"' "$XK_TMP/out" ||
			fail "$name: xl -N create: exit $rc: $(cat "$XK_TMP/nerr")"
		# past the checks: create fails only where it needs xenstored
		[ $crc = 1 ] && grep -q "cannot create domain $name: .*xenstore" "$XK_TMP/cerr" ||
			fail "$name: xl create did not get past its checks: $(cat "$XK_TMP/cerr")"
		echo "ok: $name accepted by both"
	fi
	n=$((n + 1))
done <"$XK_TMP/table"
[ $n -ge 16 ] || fail "only $n configs checked"

# in xen mode a bare PV guest needs the PV shim: refused by both alike
printf 'name = "pvx"\ntype = "pv"\n%s\n' "$k" >"$XK_TMP/pvx.cfg"
rc=0; XEN_KVM_ACCEL=xen "$XL" -N create "$XK_TMP/pvx.cfg" >/dev/null 2>"$XK_TMP/nerr" || rc=$?
[ $rc = 1 ] && grep -q "a PV guest runs in xen mode only inside Xen's PV shim" "$XK_TMP/nerr" ||
	fail "pv in xen mode under -N: exit $rc: $(cat "$XK_TMP/nerr")"
echo "ok: the accelerator's own refusals apply under -N"
# nothing was created anywhere
[ ! -e "$XK_TMP/root/var/run/xen-kvm" ] || [ -z "$(ls "$XK_TMP/root/var/run/xen-kvm" | grep -v '^domid$')" ] ||
	fail "a domain dir was left: $(ls "$XK_TMP/root/var/run/xen-kvm")"
