#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# pci-passthrough.sh: pci= at create and pci-attach/-detach/-list on a
# running guest (the kit under TCG), and the same for USB: usbctrl=/usbdev=
# at create, usbctrl-attach/-detach, usbdev-attach/-detach and usb-list.  This machine has no IOMMU and no
# device a test may hand over, so the host side is a fake sysfs tree
# (tests/integration/pci/fake_kernel.py) and QEMU emulates pci-testdev in
# place of each vfio-pci device (XEN_KVM_PCI_STANDIN); everything else is
# real: the guest sees the devices come and go at their slots (ACPI
# hotplug), XenStore holds libxl's nodes and the claims; USB host devices
# are fake sysfs entries with a usb-tablet standing in for each
# (XEN_KVM_USB_STANDIN), the controllers real ones the guest sees; a real
# vfio-pci device QEMU cannot open fails the create with QEMU's own error
# and leaves nothing behind.
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_root "QEMU's sandbox"
need_cmd python3 xenstore-read xenstore-list

t=$XK_TMP
cat > "$t/guest.sh" <<'GUEST'
#!/bin/sh
# print the pci-testdev functions (1b36:0005) whenever the set changes
seen=none
xhci=none
while true; do
	now=""
	for p in /sys/bus/pci/devices/*; do
		[ "$(cat "$p/vendor" "$p/device" 2>/dev/null | tr '\n' ' ')" = "0x1b36 0x0005 " ] &&
			now="$now ${p##*/}"
	done
	[ "$now" != "$seen" ] && echo "testdevs:$now." && seen=$now
	now=""
	for p in /sys/bus/pci/devices/*; do
		[ "$(cat "$p/class" 2>/dev/null)" = 0x0c0330 ] && now="$now ${p##*/}"
	done
	[ "$now" != "$xhci" ] && echo "xhci:$now." && xhci=$now
	sleep 0.2
done
GUEST
mkguest_kit "$t/kit" --run "$t/guest.sh"
kernel=$(kit_get "$t/kit" kernel)
ramdisk=$(kit_get "$t/kit" ramdisk)
. "$top_srcdir/tests/lib/xlenv.sh"

python3 "$top_srcdir/tests/integration/pci/fake_kernel.py" "$t/sys" "$t/sys.log" \
	--timeout 900 0000:03:00.0=nvme@7 0000:04:00.0=e1000e@8 \
	0000:04:00.1=e1000e@8 0000:04:00.2=e1000e@8 0000:0b:00.0=e1000e@10 &
cleanup_pid $!
wait_for 20 test -e "$t/sys/.ready" || fail "fake kernel did not start"
export XEN_KVM_SYSFS="$t/sys" XEN_KVM_PCI_STANDIN=pci-testdev XEN_KVM_USB_STANDIN=usb-tablet
# host USB devices (bus 3: 3-1 at address 4, 3-2 at 5, 3-1.1 at 6), a root
# hub and an interface, which are not devices to hand over
for u in 3-1:3:4 3-2:3:5 3-1.1:3:6 usb3:3:1; do
	d=$t/sys/bus/usb/devices/${u%%:*}
	mkdir -p "$d"
	echo "${u#*:}" | cut -d: -f1 > "$d/busnum"
	echo "${u##*:}" > "$d/devnum"
done
mkdir -p "$t/sys/bus/usb/devices/3-1:1.0"
# 04:00.0-2 share IOMMU group 8: made assignable together
for d in 03:00.0 '04:00.*'; do
	"$xl" pci-assignable-add "$d" || fail "pci-assignable-add $d"
done

cat > "$t/g.cfg" <<EOF
name = "pcidom"
type = "pvh"
kernel = "$kernel"
ramdisk = "$ramdisk"
extra = "console=hvc0"
memory = 128
pci = [ '0000:04:00.*@6' ]
usbctrl = [ 'version=3,ports=4' ]
usbdev = [ 'hostbus=3,hostaddr=4' ]
EOF
"$xl" create -q "$t/g.cfg" 2> "$t/err" || fail "create: $(cat "$t/err")"
id=$("$xl" domid pcidom)
# the three functions share guest slot 6, function 0 multifunction
xl_wait_console 90 pcidom '^testdevs: 0000:00:06.0 0000:00:06.1 0000:00:06.2\.$' ||
	fail "guest does not see 06.0-06.2: $(xl_console pcidom | grep testdevs | tail -3)"
[ "$("$xl" pci-list pcidom)" = "$(printf 'Vdev Device\n06.0 0000:04:00.0\n06.1 0000:04:00.1\n06.2 0000:04:00.2')" ] ||
	fail "pci-list: $("$xl" pci-list pcidom)"
[ "$(xenstore-read /libxl/pci/0000-04-00-1/domid)" = "$id" ] || fail "no claim of 04:00.1"
[ "$(xenstore-read "/local/domain/0/backend/pci/$id/0/opts-0")" = "msitranslate=0,power_mgmt=0,permissive=0,rdm_policy=strict" ] ||
	fail "opts-0: $(xenstore-read "/local/domain/0/backend/pci/$id/0/opts-0")"
[ "$("$xl" pci-assignable-list)" = "0000:03:00.0 " ] || fail "assigned devices still listed: $("$xl" pci-assignable-list)"
rc=0; "$xl" pci-assignable-remove 04:00.0 2> "$t/err" || rc=$?
[ "$rc" = 1 ] && grep -q "assigned to domain $id" "$t/err" || fail "remove of an assigned device: rc $rc $(cat "$t/err")"

# ---- attach: QMP device_add, the guest sees it at the vslot asked
"$xl" pci-attach pcidom 03:00.0@5 2> "$t/err" || fail "pci-attach: $(cat "$t/err")"
xl_wait_console 60 pcidom '^testdevs: 0000:00:05.0 0000:00:06.0' ||
	fail "guest does not see 05.0: $(xl_console pcidom | grep testdevs | tail -3)"
"$xl" pci-list pcidom | grep -qx "05.0 0000:03:00.0" || fail "pci-list after attach: $("$xl" pci-list pcidom)"
[ "$(xenstore-read "/local/domain/0/backend/pci/$id/0/num_devs")" = 4 ] || fail "num_devs after attach"
rc=0; "$xl" pci-attach pcidom 03:00.0 2> "$t/err" || rc=$?
[ "$rc" = 1 ] && grep -q "already assigned to domain $id" "$t/err" || fail "attach twice: rc $rc $(cat "$t/err")"
rc=0; "$xl" pci-attach pcidom 0b:00.0 2> "$t/err" || rc=$?
[ "$rc" = 1 ] && grep -q "not assignable" "$t/err" || fail "attach unassignable: rc $rc $(cat "$t/err")"
rc=0; "$xl" pci-attach pcidom zz 2> "$t/err" || rc=$?
[ "$rc" = 2 ] || fail "attach of a malformed spec: rc $rc"

# ---- detach: device_del, the guest lets go (ACPI eject), nodes renumbered;
# the guest ejects a slot whole, so one function of slot 6 cannot go alone
rc=0; "$xl" pci-detach pcidom 0000:04:00.1 2> "$t/err" || rc=$?
[ "$rc" = 1 ] && grep -q "shares guest slot 06" "$t/err" || fail "detach of one function of a shared slot: rc $rc $(cat "$t/err")"
"$xl" pci-detach pcidom 03:00.0 2> "$t/err" || fail "pci-detach 03:00.0: $(cat "$t/err")"
xl_wait_console 60 pcidom '^testdevs: 0000:00:06.0 0000:00:06.1 0000:00:06.2\.$' ||
	fail "guest still sees 05.0: $(xl_console pcidom | grep testdevs | tail -3)"
[ "$("$xl" pci-list pcidom)" = "$(printf 'Vdev Device\n06.0 0000:04:00.0\n06.1 0000:04:00.1\n06.2 0000:04:00.2')" ] ||
	fail "pci-list after detach: $("$xl" pci-list pcidom)"
[ "$(xenstore-read "/local/domain/0/backend/pci/$id/0/dev-2")" = 0000:04:00.2 ] || fail "not renumbered"
rc=0; "$xl" pci-detach pcidom 03:00.0 2> "$t/err" || rc=$?
[ "$rc" = 1 ] && grep -q "not assigned to domain" "$t/err" || fail "detach twice: rc $rc"
"$xl" pci-detach pcidom '04:00.*' 2> "$t/err" || fail "pci-detach 04:00.*: $(cat "$t/err")"
xl_wait_console 60 pcidom '^testdevs:\.$' ||
	fail "guest still sees slot 6: $(xl_console pcidom | grep testdevs | tail -3)"
[ -z "$("$xl" pci-list pcidom)" ] || fail "pci-list after the last detach: $("$xl" pci-list pcidom)"
[ -z "$(xenstore-list "/local/domain/0/backend/pci/$id" 2>/dev/null)" ] || fail "pci backend left"
[ -z "$(xenstore-list "/local/domain/$id/device/pci" 2>/dev/null)" ] || fail "pci frontend left"
[ "$("$xl" pci-assignable-list | wc -l)" = 4 ] || fail "detached devices not assignable again: $("$xl" pci-assignable-list | tr '\n' '|')"
"$xl" pci-attach pcidom 04:00.2 2> "$t/err" || fail "pci-attach after detach: $(cat "$t/err")"

# ---- USB: what create made, then hot-plugged devices and controllers
usblist() { "$xl" usb-list pcidom; }
hdr=$(printf '%-6s %-12s %-3s %-5s %-7s %-5s' Devid Type BE state usb-ver ports)
ctl() { printf '%-6d %-12s %-3d %-5d %-7d %-5d' "$1" devicemodel 0 0 "$2" "$3"; }
xl_wait_console 60 pcidom '^xhci: 0000:00:[0-9a-f.:]*\.$' || fail "guest has no xHCI: $(xl_console pcidom | grep xhci)"
[ "$(usblist)" = "$(printf '%s\n%s\n  Port 1: Bus 003 Device 004\n  Port 2:\n  Port 3:\n  Port 4:' "$hdr" "$(ctl 0 3 4)")" ] ||
	fail "usb-list after create: $(usblist)"
"$xl" qemu-monitor-command pcidom "qom-get /machine/peripheral/xenusb-3-4 port" | grep -q '"1"' ||
	fail "QEMU's usb-host not on port 1: $("$xl" qemu-monitor-command pcidom "qom-get /machine/peripheral/xenusb-3-4 port")"
"$xl" usbdev-attach pcidom hostbus=3 hostaddr=5 || fail "usbdev-attach 3.5"
usblist | grep -qx "  Port 2: Bus 003 Device 005" || fail "usb-list after usbdev-attach: $(usblist)"
[ "$(xenstore-read "/libxl/$id/device/vusb/0/port/2")" = 3-2 ] || fail "port 2 busid"
rc=0; "$xl" usbdev-attach pcidom hostbus=3 hostaddr=5 2> "$t/err" || rc=$?
[ "$rc" = 1 ] && grep -q "already attached" "$t/err" || fail "usbdev-attach twice: rc $rc $(cat "$t/err")"
rc=0; "$xl" usbdev-attach pcidom hostbus=9 hostaddr=9 2> "$t/err" || rc=$?
[ "$rc" = 1 ] && grep -q "no such USB device" "$t/err" || fail "usbdev-attach of no device: rc $rc $(cat "$t/err")"
rc=0; "$xl" usbdev-attach pcidom hostbus=3 hostaddr=6 controller=0 port=1 2> "$t/err" || rc=$?
[ "$rc" = 1 ] && grep -q "port isn't available" "$t/err" || fail "usbdev-attach on a taken port: rc $rc $(cat "$t/err")"
"$xl" usbctrl-attach pcidom version=1 || fail "usbctrl-attach"
xl_wait_console 60 pcidom '^xhci: 0000:00:[0-9a-f.:]* 0000:00:[0-9a-f.:]*\.$' ||
	fail "guest does not see the second controller: $(xl_console pcidom | grep xhci | tail -2)"
"$xl" usbdev-attach pcidom hostbus=3 hostaddr=6 controller=1 port=2 || fail "usbdev-attach on controller 1"
[ "$(usblist | tail -n 4)" = "$(printf '%s\n%s\n  Port 1:\n  Port 2: Bus 003 Device 006' "$hdr" "$(ctl 1 1 2)")" ] ||
	fail "usb-list with two controllers: $(usblist)"
"$xl" usbdev-detach pcidom 0 2 || fail "usbdev-detach 0 2"
usblist | grep -qx "  Port 2:" || fail "port 2 not free after usbdev-detach: $(usblist)"
rc=0; "$xl" usbdev-detach pcidom 0 3 2> "$t/err" || rc=$?
[ "$rc" = 1 ] && grep -q "Unknown device at controller 0 port 3" "$t/err" || fail "usbdev-detach of nothing: rc $rc"
"$xl" usbctrl-detach pcidom 1 || fail "usbctrl-detach 1"
xl_wait_console 60 pcidom '^xhci: 0000:00:[0-9a-f.:]*\.$' || fail "guest still sees controller 1"
[ "$(usblist | grep -c '^Devid')" = 1 ] || fail "controller 1 still listed: $(usblist)"
[ -z "$(xenstore-list "/libxl/$id/device/vusb/1" 2>/dev/null)" ] || fail "controller 1's nodes left"
"$xl" qemu-monitor-command pcidom "qom-list /machine/peripheral" | grep -q "xenusb-3-6" && fail "controller 1's device left in QEMU"

# ---- destroy drops the claims
"$xl" destroy pcidom || fail "destroy"
[ -z "$(xenstore-list /libxl/pci/0000-04-00-0 2>/dev/null | grep domid)" ] || fail "claim left after destroy"
[ -z "$(xenstore-list /libxl/pci/0000-04-00-2 2>/dev/null | grep domid)" ] || fail "hot-attached claim left after destroy"
[ "$("$xl" pci-assignable-list | wc -l)" = 4 ] || fail "not all assignable after destroy"

# ---- a real vfio-pci device QEMU cannot open: QEMU's error, nothing left
unset XEN_KVM_PCI_STANDIN
sed -i "s/'0000:04:00.\*@6'/'03:00.0'/" "$t/g.cfg"
rc=0; "$xl" create -q "$t/g.cfg" > "$t/out" 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "create with a device QEMU cannot open: rc $rc"
grep -q "vfio-pci" "$t/out" && grep -q "0000:03:00.0" "$t/out" || fail "QEMU's error not shown: $(cat "$t/out")"
[ -z "$(xenstore-list /local/domain 2>/dev/null | grep -vx 0)" ] || fail "failed create left a domain"
[ -z "$(xenstore-list /libxl/pci/0000-03-00-0 2>/dev/null | grep domid)" ] || fail "failed create left its claim"
[ -z "$(ls "$XEN_KVM_ROOT/var/run/xen-kvm" | grep -vx domid)" ] || fail "failed create left a run dir"
! pgrep -f "$XEN_KVM_ROOT/var/run/xen-kvm" > /dev/null || fail "failed create left QEMU running"
# ---- a host USB device QEMU cannot find: QEMU's error, nothing left
unset XEN_KVM_USB_STANDIN
sed -i "s/'03:00.0'/'0000:04:00.*'/" "$t/g.cfg"
export XEN_KVM_PCI_STANDIN=pci-testdev
rc=0; "$xl" create -q "$t/g.cfg" > "$t/out" 2>&1 || rc=$?
[ "$rc" = 1 ] && grep -q "failed to find host usb device 3:4" "$t/out" || fail "usb-host error: rc $rc $(cat "$t/out")"
[ -z "$(xenstore-list /local/domain 2>/dev/null | grep -vx 0)" ] || fail "failed create left a domain"
[ "$("$xl" pci-assignable-list | wc -l)" = 4 ] || fail "failed create kept PCI claims"
echo "PASS: pci-passthrough"
