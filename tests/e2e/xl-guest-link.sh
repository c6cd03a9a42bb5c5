#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# xl-guest-link.sh: xl.conf's kvm.guest_link on this host, with a fake
# vhost-vsock device (XEN_KVM_VHOST_VSOCK): vsock without the device fails
# the create with a clear message and leaves nothing (no domain, run dir,
# XenStore node or QEMU); auto without it and serial with it give QEMU no
# vsock device, and the domain runs; auto with the device gives QEMU
# vhost-vsock-pci with guest CID kvm.vsock_cid_base + domid.  The host has
# no /dev/vhost-vsock, so that last QEMU cannot start: the create fails
# cleanly, as QEMU's log shows; a guest over vsock is not booted here.
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_cmd pgrep xenstore-list
mkguest_kit "$XK_TMP/kit" --run /bin/true
. "$top_srcdir/tests/lib/xlenv.sh"
kernel=$(kit_get "$XK_TMP/kit" kernel)
ramdisk=$(kit_get "$XK_TMP/kit" ramdisk)

cfg="$XK_TMP/g.cfg"
cat > "$cfg" <<CFG
name = "gl"
type = "pvh"
kernel = "$kernel"
ramdisk = "$ramdisk"
memory = 128
CFG
dev=$XK_TMP/vhost-vsock
XEN_KVM_VHOST_VSOCK=$dev
export XEN_KVM_VHOST_VSOCK
run=$XEN_KVM_ROOT/var/run/xen-kvm

nothing_left() {	# $1: what failed
	! "$xl" domid gl 2>/dev/null || fail "$1: domain gl exists"
	left=$(find "$run" -mindepth 1 -maxdepth 1 -type d 2>/dev/null)
	[ -z "$left" ] || fail "$1: run dirs left: $left"
	doms=$(xenstore-list /local/domain 2>/dev/null | grep -vx 0 || true)
	[ -z "$doms" ] || fail "$1: XenStore still has domains $doms"
	! pgrep -f "$run" >/dev/null || fail "$1: a QEMU is left: $(pgrep -af "$run")"
}
qemu_args() {	# the running domain's QEMU command line, one per line
	_p=$(sed -n 's/^qemu_pid=//p' "$run"/*/state)
	tr '\0' '\n' < "/proc/$_p/cmdline"
}

# ---------------------------------------------------------------- vsock, no device
echo 'kvm.guest_link = "vsock"' > "$XL_CONF"
rc=0
"$xl" create -p "$cfg" 2> "$XK_TMP/create.err" || rc=$?
[ "$rc" = 1 ] || fail "vsock without the device: exit $rc: $(cat "$XK_TMP/create.err")"
grep -q "cannot create domain gl: kvm.guest_link is vsock, but $dev cannot be opened: No such file or directory" \
	"$XK_TMP/create.err" || fail "vsock without the device: message: $(cat "$XK_TMP/create.err")"
nothing_left "vsock without the device"
echo "vsock without the device: $(cat "$XK_TMP/create.err")"

# ---------------------------------------------------------------- auto, no device
: > "$XL_CONF"
"$xl" create -p "$cfg" 2> "$XK_TMP/create.err" || fail "auto: $(cat "$XK_TMP/create.err")"
qemu_args > "$XK_TMP/args"
grep -qx "virtserialport,bus=vser0.0,chardev=link,name=org.xenkvm.link" "$XK_TMP/args" ||
	fail "auto: no serial link port: $(cat "$XK_TMP/args")"
! grep -q vsock "$XK_TMP/args" || fail "auto without the device: QEMU got vsock"
"$xl" destroy gl || fail "destroy"
nothing_left "auto, destroyed"
echo "auto without the device: the serial port only"

# ---------------------------------------------------------------- serial, device
: > "$dev"
echo 'kvm.guest_link = "serial"' > "$XL_CONF"
"$xl" create -p "$cfg" 2> "$XK_TMP/create.err" || fail "serial: $(cat "$XK_TMP/create.err")"
qemu_args > "$XK_TMP/args"
! grep -q vsock "$XK_TMP/args" || fail "serial with the device: QEMU got vsock"
"$xl" destroy gl || fail "destroy"
echo "serial with the device: no vsock"

# ---------------------------------------------------------------- auto, device
printf 'kvm.vsock_cid_base = 0x20000\n' > "$XL_CONF"
rc=0
"$xl" create -p "$cfg" 2> "$XK_TMP/create.err" || rc=$?
qlog=$XEN_KVM_ROOT/var/log/xen/qemu-dm-gl.log
if [ "$rc" = 0 ]; then	# a host with vhost-vsock after all
	qemu_args > "$XK_TMP/args"
	"$xl" destroy gl
	grep -Eq '^vhost-vsock-pci,id=vsock0,guest-cid=1310[0-9][0-9]$' "$XK_TMP/args" ||
		fail "auto with the device: $(cat "$XK_TMP/args")"
else
	grep -Eq -- '-device vhost-vsock-pci,id=vsock0,guest-cid=1310[0-9][0-9]' "$qlog" ||
		grep -q 'vhost-vsock-pci,id=vsock0,guest-cid=1310' "$XK_TMP/create.err" ||
		fail "auto with the device: QEMU did not get vhost-vsock-pci: $(cat "$XK_TMP/create.err"; tail -5 "$qlog")"
	grep -q 'vhost-vsock' "$XK_TMP/create.err" ||
		fail "auto with the device: the failure does not name vhost-vsock: $(cat "$XK_TMP/create.err")"
	nothing_left "auto with a fake device"
	echo "auto with the fake device: QEMU got vhost-vsock-pci and, with no real device, failed cleanly:"
	grep 'cannot create' "$XK_TMP/create.err"
fi
: > "$XL_CONF"
echo PASS
