#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# net-attach.sh: vifs of a running guest of the kit under TCG, in a
# network namespace of the test's own (tests/lib/netns.sh): xl
# network-attach gives it a second interface on another bridge, with its
# script run, its rules and its XenStore nodes, that works (a ping) and
# that network-list shows in Xen's format; network-detach (by MAC, then by
# devid for one attached again) removes the device, the tap, the rules and
# the nodes; a failing script fails the attach and leaves nothing; a save
# with an attached vif is refused; a vif comes back after xl save and
# restore.
set -eu
. "$top_srcdir/tests/lib/netns.sh"
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_root "network namespaces, taps, nftables"
need_cmd xenstore-read xenstore-write xenstore-ls nft ip busybox
. "$top_srcdir/tests/lib/xlenv.sh"
. "$top_srcdir/tests/lib/netguest.sh"
t=$XK_TMP

for br in 0 1; do
	ip link add xenbr$br type bridge
	ip addr add 10.0.$br.1/24 dev xenbr$br
	ip link set xenbr$br up
done
netguest_create vm 'bridge=xenbr0,mac=00:16:3e:00:01:0a,ip=10.0.0.2' ||
	fail "create: $(cat "$t/vm.err")"
d=$("$xl" domid vm)
gx vm "ip addr add 10.0.0.2/24 dev eth0 && ping -c 1 -W 5 10.0.0.1" || fail "eth0 does not work"

# network-list: Xen's header and one row per vif
"$xl" network-list vm > "$t/list1"
printf '%-3s %-2s %-17s %-6s %-5s %-6s %5s/%-5s %-30s\n' Idx BE 'Mac Addr.' \
	handle state evt-ch tx- rx-ring-ref BE-path > "$t/want1"
printf '%-3d %-2d %-17s%6d %5d %6d %5d/%-11d %-30s\n' 0 0 00:16:3e:00:01:0a \
	0 4 -1 -1 -1 "/local/domain/0/backend/vif/$d/0" >> "$t/want1"
cmp "$t/list1" "$t/want1" || fail "network-list: $(cat "$t/list1")"

# attach: a second interface on xenbr1
"$xl" network-attach vm bridge=xenbr1 mac=00:16:3e:00:01:0b ip=10.0.1.2 ||
	fail "network-attach failed"
has_link "vif$d.1" || fail "no tap vif$d.1"
[ "$(sed -n 's/^INTERFACE=//p' /sys/class/net/vif$d.1/master/uevent)" = xenbr1 ] ||
	fail "vif$d.1 is not on xenbr1"
chains | grep -qx "vif$d.1" || fail "no chain for vif$d.1: $(chains)"
[ "$(xenstore-read /local/domain/0/backend/vif/$d/1/hotplug-status)" = connected ] ||
	fail "the attached vif's script did not report connected"
[ "$(xenstore-read /local/domain/$d/device/vif/1/state)" = 4 ] || fail "vif 1 not connected"
printf '%-3d %-2d %-17s%6d %5d %6d %5d/%-11d %-30s\n' 1 0 00:16:3e:00:01:0b \
	1 4 -1 -1 -1 "/local/domain/0/backend/vif/$d/1" >> "$t/want1"
"$xl" network-list vm > "$t/list2"
cmp "$t/list2" "$t/want1" || fail "network-list with vif 1: $(cat "$t/list2")"
gx vm "for i in \$(seq 100); do [ -e /sys/class/net/eth1 ] && break; sleep 0.1; done; ip link set eth1 up && ip addr add 10.0.1.2/24 dev eth1 && ping -c 2 -W 5 10.0.1.1" ||
	fail "the attached interface does not work"
if gx vm "ip addr add 10.0.1.99/24 dev eth1 && ping -c 2 -W 3 -I 10.0.1.99 10.0.1.1"; then
	fail "the attached vif let a spoofed address through"
fi
echo "ok: network-attach: a second working interface, on its bridge, firewalled, in network-list"

# detach by MAC: device, tap, rules, nodes go; eth0 still works
"$xl" network-detach vm 00:16:3e:00:01:0B || fail "network-detach by MAC failed"
gx vm "[ ! -e /sys/class/net/eth1 ]" || fail "the guest still has eth1"
has_link "vif$d.1" && fail "vif$d.1 outlived network-detach"
chains | grep -q "^vif$d\.1" && fail "vif$d.1's chains outlived network-detach: $(chains)"
xenstore-read "/local/domain/$d/device/vif/1/mac" 2>/dev/null && fail "frontend of vif 1 left"
xenstore-read "/local/domain/0/backend/vif/$d/1/mac" 2>/dev/null && fail "backend of vif 1 left"
[ "$("$xl" network-list vm | wc -l)" = 2 ] || fail "network-list after detach: $("$xl" network-list vm)"
gx vm "ping -c 1 -W 5 10.0.0.1" || fail "eth0 stopped working"
if "$xl" network-detach vm 7 2> "$t/unknown"; then fail "detached an unknown vif"; fi
grep -q "Unknown device 7." "$t/unknown" || fail "unknown vif: $(cat "$t/unknown")"
echo "ok: network-detach removes the device, its tap, rules and nodes"

# a failing script fails the attach and leaves nothing
cat > "$netguest_scripts/vif-refuse" <<'SCRIPT'
#!/bin/sh
dir=$(dirname "$0")
. "$dir/vif-common.sh"
[ "$command" != online ] || fatal "no room on this bridge"
SCRIPT
chmod +x "$netguest_scripts/vif-refuse"
if "$xl" network-attach vm script=vif-refuse bridge=xenbr1 2> "$t/refuse"; then
	fail "an attach whose script fails succeeded"
fi
grep -q "no room on this bridge" "$t/refuse" || fail "the script's error is not shown: $(cat "$t/refuse")"
has_link "vif$d.1" && fail "a failed attach left its tap"
chains | grep -q "^vif$d\.1" && fail "a failed attach left chains: $(chains)"
xenstore-read "/local/domain/0/backend/vif/$d/1/mac" 2>/dev/null && fail "a failed attach left its backend"
# xl waited for QEMU's DEVICE_DELETED, which follows the guest's eject
"$xl" qemu-monitor-command vm "info network" | grep -q "net1\|nic1" &&
	fail "a failed attach left QEMU a NIC: $("$xl" qemu-monitor-command vm "info network")"
gx vm "[ ! -e /sys/class/net/eth1 ]" || fail "a failed attach left the guest a NIC"
echo "ok: a failing script fails network-attach and leaves nothing"

# attach again, detach by devid
"$xl" network-attach vm bridge=xenbr1 || fail "second network-attach failed"
mac=$(xenstore-read "/local/domain/$d/device/vif/1/mac")
case $mac in 00:16:3e:*) ;; *) fail "random MAC $mac is not in Xen's 00:16:3e" ;; esac
# the restored device model is built from the config: a save with an
# attached vif is refused before the guest stops, and nothing is lost
if "$xl" save vm "$t/vm.refused" 2> "$t/save-refused"; then
	fail "saved a domain with a vif from network-attach"
fi
grep -q "vif 1 of domain $d was attached with network-attach" "$t/save-refused" ||
	fail "save with an attached vif: $(cat "$t/save-refused")"
[ ! -e "$t/vm.refused" ] || fail "a refused save left $t/vm.refused"
gx vm "ping -c 1 -W 5 10.0.0.1" || fail "the guest stopped working after a refused save"
"$xl" network-detach vm 1 || fail "network-detach by devid failed"
has_link "vif$d.1" && fail "vif$d.1 outlived network-detach by devid"
echo "ok: a random MAC in 00:16:3e; detach by devid"

# save and restore: the vif, its script and its rules come back
"$xl" save vm "$t/vm.save" || fail "xl save"
has_link "vif$d.0" && fail "vif$d.0 outlived xl save"
chains | grep -q "^vif$d\." && fail "rules outlived xl save: $(chains)"
"$xl" restore "$t/vm.save" || fail "xl restore"
d=$("$xl" domid vm)
has_link "vif$d.0" || fail "no tap after restore"
chains | grep -qx "vif$d.0" || fail "no rules after restore: $(chains)"
gx vm "ip neigh flush dev eth0; ping -c 2 -W 5 10.0.0.1" || fail "eth0 does not work after restore"
echo "ok: after save and restore the vif works again, firewalled"

"$xl" destroy vm
[ -z "$(chains)" ] || fail "rules left after destroy: $(chains)"
ip -o link | grep -q vif && fail "taps left: $(ip -o link | grep vif)"
echo "ok: nothing left after destroy"
