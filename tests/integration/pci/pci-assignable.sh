#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# pci-assignable.sh: xl pci-assignable-add/-remove/-list and the pci= checks
# of xl create, on a fake sysfs tree (XEN_KVM_SYSFS) whose kernel part
# fake_kernel.py plays: this machine has no IOMMU and no device a test may
# hand over.  A real xenstored-kvm holds the state, as on Xen.  Asserted:
# the bind sequence and its XenStore record, names, -r rebinding, that a
# refusal (IOMMU group peer, no IOMMU, no device, malformed BDF) writes
# nothing to sysfs, rollback when vfio-pci does not take the device, a
# device vanishing half way, state across a xenstored-kvm restart, and
# create refusing a device that is not assignable before anything exists.
set -eu
. "$top_srcdir/tests/lib/common.sh"
need_cmd python3 xenstore-read xenstore-ls xenstore-list
. "$top_srcdir/tests/lib/xlenv.sh"

t=$XK_TMP
fk=$top_srcdir/tests/integration/pci/fake_kernel.py

# fake_tree NAME ARGS...: a fake sysfs at $t/NAME served in the background
fake_tree() {
	_n=$1; shift
	python3 "$fk" "$t/$_n" "$t/$_n.log" --timeout 600 "$@" &
	cleanup_pid $!
	wait_for 20 test -e "$t/$_n/.ready" || fail "fake kernel $_n did not start"
	XEN_KVM_SYSFS=$t/$_n
	export XEN_KVM_SYSFS
}
drv() { basename "$(readlink "$XEN_KVM_SYSFS/bus/pci/devices/$1/driver" 2>/dev/null)" 2>/dev/null || true; }
writes() { wc -l < "$XEN_KVM_SYSFS.log"; }
xsr() { xenstore-read "$@" 2>/dev/null || true; }

fake_tree sys \
	0000:03:00.0=nvme@7 \
	0000:02:00.0=snd_hda_intel@6 0000:02:00.1=@6 \
	0000:00:1f.0=e1000e@- \
	0000:04:00.0=e1000e@8 0000:04:00.1=e1000e@8 0000:04:00.2=e1000e@8 \
	0000:05:00.0=pcieport@9 0000:05:00.1=igb@9

# ---- add: override, unbind from the original driver, probe; recorded
"$xl" pci-assignable-add 03:00.0 || fail "pci-assignable-add 03:00.0"
[ "$(drv 0000:03:00.0)" = vfio-pci ] || fail "vfio-pci does not hold 03:00.0: $(drv 0000:03:00.0)"
grep -q '^bus/pci/devices/0000:03:00.0/driver_override vfio-pci$' "$t/sys.log" || fail "no driver_override write: $(cat "$t/sys.log")"
grep -q '^bus/pci/drivers/nvme/unbind 0000:03:00.0$' "$t/sys.log" || fail "not unbound from nvme"
grep -q '^bus/pci/drivers_probe 0000:03:00.0$' "$t/sys.log" || fail "no drivers_probe"
[ "$(xsr /libxl/pci/0000-03-00-0/driver_path)" = "$t/sys/bus/pci/drivers/nvme" ] ||
	fail "driver_path not recorded: $(xsr /libxl/pci/0000-03-00-0/driver_path)"
[ "$("$xl" pci-assignable-list)" = "0000:03:00.0 " ] || fail "list: $("$xl" pci-assignable-list)"

# ---- already assignable: a warning, and the name is set
"$xl" pci-assignable-add -n disk0 0000:03:00.0 2> "$t/err" || fail "add -n on an assignable device"
grep -q "already assignable" "$t/err" || fail "no already-assignable warning: $(cat "$t/err")"
[ "$("$xl" pci-assignable-list -n)" = "0000:03:00.0 disk0" ] || fail "list -n: $("$xl" pci-assignable-list -n)"
[ "$("$xl" pci-assignable-list --show-names)" = "0000:03:00.0 disk0" ] || fail "list --show-names"

# ---- the state lives in XenStore: it survives a restart of xenstored-kvm
kill "$xl_xsd_pid"; wait "$xl_xsd_pid" 2>/dev/null || true
rm -f "$XK_TMP/xs-run/socket"
xl_xenstored_start
[ "$("$xl" pci-assignable-list -n)" = "0000:03:00.0 disk0" ] || fail "list -n after a xenstored-kvm restart"

# ---- remove -r by name: the original driver takes it back, nothing left
"$xl" pci-assignable-remove -r disk0 || fail "pci-assignable-remove -r disk0"
[ "$(drv 0000:03:00.0)" = nvme ] || fail "03:00.0 not back on nvme: $(drv 0000:03:00.0)"
[ -z "$("$xl" pci-assignable-list)" ] || fail "still listed after remove"
[ -z "$(xenstore-ls /libxl/pci 2>/dev/null)" ] || fail "state left: $(xenstore-ls /libxl/pci)"

# ---- refusals write nothing to sysfs
n=$(writes)
rc=0; "$xl" pci-assignable-add 02:00.1 2> "$t/err" || rc=$?
[ "$rc" = 1 ] || fail "group peer with a host driver: rc $rc"
grep -q "IOMMU group 6 with 0000:02:00.0 (driver snd_hda_intel)" "$t/err" || fail "peer not named: $(cat "$t/err")"
rc=0; "$xl" pci-assignable-add 00:1f.0 2> "$t/err" || rc=$?
[ "$rc" = 1 ] && grep -q "no IOMMU group" "$t/err" || fail "no IOMMU: rc $rc $(cat "$t/err")"
rc=0; "$xl" pci-assignable-add 0000:09:00.0 2> "$t/err" || rc=$?
[ "$rc" = 1 ] && grep -q "no such PCI device" "$t/err" || fail "missing device: rc $rc $(cat "$t/err")"
rc=0; "$xl" pci-assignable-add 03:00 2> "$t/err" || rc=$?
[ "$rc" = 2 ] && grep -q 'malformed BDF "03:00"' "$t/err" || fail "malformed BDF: rc $rc $(cat "$t/err")"
rc=0; "$xl" pci-assignable-add -n 'two words' 03:00.0 2> "$t/err" || rc=$?
[ "$rc" = 1 ] || fail "a name with a space: rc $rc"
[ "$(writes)" = "$n" ] || fail "a refusal wrote to sysfs: $(tail -n +$((n + 1)) "$t/sys.log")"
[ "$(drv 0000:02:00.0)" = snd_hda_intel ] && [ -z "$(drv 0000:02:00.1)" ] || fail "refusal changed a driver"

# ---- the functions of one device in one group: one alone is refused, all
# of them at once (BB:DD.*) are made assignable together
rc=0; "$xl" pci-assignable-add 04:00.1 2> "$t/err" || rc=$?
[ "$rc" = 1 ] && grep -q "IOMMU group 8 with 0000:04:00." "$t/err" || fail "one function of group 8: rc $rc $(cat "$t/err")"
[ "$(writes)" = "$n" ] || fail "refused function wrote to sysfs"
"$xl" pci-assignable-add '04:00.*' || fail "pci-assignable-add 04:00.*"
for f in 0 1 2; do [ "$(drv 0000:04:00.$f)" = vfio-pci ] || fail "04:00.$f not on vfio-pci"; done
"$xl" pci-assignable-remove -r '0000:04:00.*' || fail "pci-assignable-remove -r 04:00.*"
for f in 0 1 2; do [ "$(drv 0000:04:00.$f)" = e1000e ] || fail "04:00.$f not back on e1000e"; done

# ---- a peer that is assignable, or a bridge, does not block
"$xl" pci-assignable-add 02:00.0 && "$xl" pci-assignable-add 02:00.1 || fail "group 6 device by device"
"$xl" pci-assignable-add 05:00.1 || fail "a device beside its PCIe port"
[ "$("$xl" pci-assignable-list | tr '\n' ' ')" = "0000:02:00.0  0000:02:00.1  0000:05:00.1  " ] ||
	fail "list order: $("$xl" pci-assignable-list | tr '\n' '|')"
# without -r the device stays without a driver, and its driver is kept
"$xl" pci-assignable-remove 0000:02:00.0 || fail "remove without -r"
[ -z "$(drv 0000:02:00.0)" ] || fail "remove without -r rebound: $(drv 0000:02:00.0)"
[ -n "$(xsr /libxl/pci/0000-02-00-0/driver_path)" ] || fail "remove without -r lost the original driver"
"$xl" pci-assignable-remove -r 0000:02:00.1 2> "$t/err" || fail "remove -r of a device that had no driver"
grep -q "no original driver" "$t/err" || fail "no warning for nothing to rebind: $(cat "$t/err")"

# ---- pci= at create: refused before anything exists, naming the device
cat > "$t/pci.cfg" <<EOF
name = "pcidom"
type = "pvh"
kernel = "/nonexistent"
memory = 64
pci = [ '04:00.0' ]
EOF
rc=0; "$xl" create "$t/pci.cfg" > "$t/out" 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "create with an unassignable device: rc $rc"
grep -q "pci 0000:04:00.0 is not assignable (e1000e)" "$t/out" || fail "create error: $(cat "$t/out")"
[ -z "$(ls "$XEN_KVM_ROOT/var/run/xen-kvm" 2>/dev/null | grep -v '^domid$')" ] || fail "create left a run dir"
[ -z "$(xenstore-list /local/domain 2>/dev/null | grep -vx 0)" ] || fail "create left XenStore nodes"
sed -i "s/'04:00.0'/'name=nosuch'/" "$t/pci.cfg"
rc=0; "$xl" create "$t/pci.cfg" > "$t/out" 2>&1 || rc=$?
[ "$rc" = 1 ] && grep -q "name=nosuch: no assignable device has that name" "$t/out" || fail "unknown name: rc $rc $(cat "$t/out")"
sed -i "s/'name=nosuch'/'0000:0a:00.*'/" "$t/pci.cfg"
rc=0; "$xl" create "$t/pci.cfg" > "$t/out" 2>&1 || rc=$?
[ "$rc" = 1 ] && grep -q "0000:0a:00.\*: no such PCI device" "$t/out" || fail "missing slot: rc $rc $(cat "$t/out")"

# ---- usbdev= of a device the host does not have: refused the same way
sed -i "s/pci = .*/usbdev = [ 'hostbus=9,hostaddr=9' ]/" "$t/pci.cfg"
rc=0; "$xl" create "$t/pci.cfg" > "$t/out" 2>&1 || rc=$?
[ "$rc" = 1 ] && grep -q "usbdev hostbus=9,hostaddr=9: no such USB device" "$t/out" || fail "missing usbdev: rc $rc $(cat "$t/out")"
[ -z "$(xenstore-list /local/domain 2>/dev/null | grep -vx 0)" ] || fail "create left XenStore nodes"

# ---- rollback: vfio-pci does not take the device; it goes back to e1000e
fake_tree refuse --refuse-vfio 0000:06:00.0=e1000e@3
rc=0; "$xl" pci-assignable-add 06:00.0 2> "$t/err" || rc=$?
[ "$rc" = 1 ] && grep -q "vfio-pci did not take the device" "$t/err" || fail "refused probe: rc $rc $(cat "$t/err")"
[ "$(drv 0000:06:00.0)" = e1000e ] || fail "not rolled back to e1000e: $(drv 0000:06:00.0)"
[ "$(tail -n 2 "$t/refuse.log" | head -n 1)" = "bus/pci/devices/0000:06:00.0/driver_override " ] ||
	fail "driver_override not cleared: $(cat "$t/refuse.log")"
[ -z "$(xsr /libxl/pci/0000-06-00-0/driver_path)" ] || fail "a failed add left its record"

# ---- the device vanishes once unbound (hot removal half way)
fake_tree vanish --vanish 0000:07:00.0 0000:07:00.0=e1000e@4
rc=0; "$xl" pci-assignable-add 07:00.0 2> "$t/err" || rc=$?
[ "$rc" = 1 ] && grep -q "went away" "$t/err" || fail "vanished device: rc $rc $(cat "$t/err")"
[ -z "$(xsr /libxl/pci/0000-07-00-0/driver_path)" ] || fail "a vanished device left its record"

# ---- no vfio-pci driver, and a fake tree cannot load one
fake_tree novfio --no-vfio 0000:08:00.0=e1000e@2
rc=0; "$xl" pci-assignable-add 08:00.0 2> "$t/err" || rc=$?
[ "$rc" = 1 ] && grep -q "vfio-pci driver is not loaded" "$t/err" || fail "no vfio-pci: rc $rc $(cat "$t/err")"
[ "$(drv 0000:08:00.0)" = e1000e ] || fail "no vfio-pci: driver changed"
echo "PASS: pci-assignable"
