#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# net-vif.sh: vifs as Xen sets them up, with our xl and real guests of the
# kit under TCG, in a network namespace of the test's own
# (tests/lib/netns.sh): the hotplug scripts run with Xen's contract
# (tools/hotplug/), two guests on one bridge ping each other and the host;
# a guest in route mode reaches an "uplink" namespace through its host
# route, and one in NAT mode through vif-nat's masquerade; a guest saved
# and restored is back on its bridge and reachable; the per-vif
# nftables rules drop what a guest sends from an IP or
# MAC its vif does not carry, and let it through once the config grants
# the address; a failing custom script fails the create and leaves
# nothing; destroy and a killed monitor leave no tap and no rule.
set -eu
. "$top_srcdir/tests/lib/netns.sh"
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_root "network namespaces, taps, nftables"
need_cmd xenstore-read xenstore-write nsenter nft ip busybox
. "$top_srcdir/tests/lib/xlenv.sh"
. "$top_srcdir/tests/lib/netguest.sh"
t=$XK_TMP
scripts=$netguest_scripts
create() { netguest_create "$@"; }

ip link add xenbr0 type bridge
ip addr add 10.0.0.1/24 dev xenbr0
ip link set xenbr0 up

# Bridge mode: two guests and the host on xenbr0
create vm-a 'bridge=xenbr0,mac=00:16:3e:00:00:0a,ip=10.0.0.2' ||
	fail "create vm-a: $(cat "$t/vm-a.err")"
create vm-b 'bridge=xenbr0,mac=00:16:3e:00:00:0b,ip=10.0.0.3' ||
	fail "create vm-b: $(cat "$t/vm-b.err")"
a=$("$xl" domid vm-a)
b=$("$xl" domid vm-b)
[ "$(cat /sys/class/net/vif$a.0/master/uevent | sed -n 's/^INTERFACE=//p')" = xenbr0 ] ||
	fail "vif$a.0 is not on xenbr0"
[ "$(xenstore-read /local/domain/0/backend/vif/$a/0/hotplug-status)" = connected ] ||
	fail "vif-bridge did not report connected"
chains | grep -qx "vif$a.0" || fail "no firewall chain for vif$a.0: $(chains)"
nft list chain netdev xen-kvm "vif$a.0" | grep -q "devices = { vif$a.0 }\|device \"vif$a.0\"" ||
	fail "vif$a.0's chain is not on its tap: $(nft list chain netdev xen-kvm "vif$a.0")"
echo "vm-a's rules:"; nft list table netdev xen-kvm | grep -A12 "chain vif$a.0"
gx vm-a "ip addr add 10.0.0.2/24 dev eth0" || fail "vm-a: address"
gx vm-b "ip addr add 10.0.0.3/24 dev eth0" || fail "vm-b: address"
gx vm-a "ping -c 2 -W 5 10.0.0.3" || fail "vm-a cannot ping vm-b"
gx vm-b "ping -c 2 -W 5 10.0.0.2" || fail "vm-b cannot ping vm-a"
gx vm-a "ping -c 2 -W 5 10.0.0.1" || fail "vm-a cannot ping the host"
busybox ping -c 2 -W 5 10.0.0.3 >/dev/null || fail "the host cannot ping vm-b"
[ "$(cat /sys/class/net/vif$a.0/address)" = fe:ff:ff:ff:ff:ff ] ||
	fail "vif$a.0 has MAC $(cat /sys/class/net/vif$a.0/address), not Xen's fe:ff:ff:ff:ff:ff"
br_mac=$(cat /sys/class/net/xenbr0/address)
echo "ok: two guests on xenbr0 ping each other and the host"

# Save and restore: vm-b comes back under a new domid with its vif on the
# bridge, its firewall chain and its own address (its memory is restored,
# its network set-up with it); the old vif and chain are gone
"$xl" save vm-b "$t/vm-b.save" 2> "$t/save.err" || fail "save vm-b: $(cat "$t/save.err")"
has_link "vif$b.0" && fail "vif$b.0 outlived the save"
chains | grep -q "^vif$b\." && fail "vm-b's chain outlived the save: $(chains)"
"$xl" restore "$t/vm-b.save" 2> "$t/restore.err" || fail "restore vm-b: $(cat "$t/restore.err")"
old_b=$b
b=$("$xl" domid vm-b)
[ "$b" != "$old_b" ] || fail "vm-b restored as domain $b, its old domid"
[ "$(cat /sys/class/net/vif$b.0/master/uevent | sed -n 's/^INTERFACE=//p')" = xenbr0 ] ||
	fail "restored: vif$b.0 is not on xenbr0"
[ "$(xenstore-read /local/domain/0/backend/vif/$b/0/hotplug-status)" = connected ] ||
	fail "restored: vif-bridge did not report connected"
chains | grep -qx "vif$b.0" || fail "restored: no firewall chain for vif$b.0: $(chains)"
gx vm-a "ping -c 2 -W 5 10.0.0.3" || fail "vm-a cannot ping the restored vm-b"
gx vm-b "ping -c 2 -W 5 10.0.0.2" || fail "the restored vm-b cannot ping vm-a"
echo "ok: vm-b saved and restored (domain $old_b -> $b): its vif is back on xenbr0 with its chain, and it pings vm-a"

# Anti-spoofing: an address or a MAC the vif does not carry is dropped
gx vm-a "ip addr add 10.0.0.99/24 dev eth0" || fail "vm-a: second address"
if gx vm-a "ping -c 2 -W 3 -I 10.0.0.99 10.0.0.3"; then
	fail "vm-a sent from 10.0.0.99, which its vif does not carry"
fi
nft list chain netdev xen-kvm "vif$a.0-ip" | grep -q "counter packets [1-9].* drop" ||
	fail "vif$a.0-ip dropped nothing: $(nft list chain netdev xen-kvm "vif$a.0-ip")"
gx vm-a "ping -c 1 -W 5 -I 10.0.0.2 10.0.0.3" || fail "vm-a's own address stopped working"
gx vm-a "ip link set eth0 address 00:16:3e:00:00:99 && ip neigh flush dev eth0" ||
	fail "vm-a: MAC change"
if gx vm-a "ping -c 2 -W 3 10.0.0.3"; then
	fail "vm-a sent from MAC 00:16:3e:00:00:99, which its vif does not carry"
fi
nft list chain netdev xen-kvm "vif$a.0" | grep -q "@ll,48,48 != 0x163e00000a counter packets [1-9]" ||
	fail "vif$a.0 dropped nothing by MAC: $(nft list chain netdev xen-kvm "vif$a.0")"
gx vm-a "ip link set eth0 address 00:16:3e:00:00:0a && ip neigh flush dev eth0" ||
	fail "vm-a: MAC back"
gx vm-a "ping -c 2 -W 5 10.0.0.3" || fail "vm-a's own MAC stopped working"
echo "ok: a source IP and a MAC the vif does not carry are dropped"

"$xl" destroy vm-a
has_link "vif$a.0" && fail "vif$a.0 outlived destroy"
chains | grep -q "^vif$a\." && fail "chains of vm-a outlived destroy: $(chains)"
create vm-a 'bridge=xenbr0,mac=00:16:3e:00:00:0a,ip=10.0.0.2 10.0.0.99 fd00::2,rate=400Kb/s@20ms' ||
	fail "create vm-a again: $(cat "$t/vm-a.err")"
# the bridge kept its MAC while a port came and went, so vm-b's ARP cache
# still holds the host's
[ "$(cat /sys/class/net/xenbr0/address)" = "$br_mac" ] ||
	fail "xenbr0's MAC changed from $br_mac to $(cat /sys/class/net/xenbr0/address) as vm-a came and went"
a=$("$xl" domid vm-a)
gx vm-a "ip addr add 10.0.0.2/24 dev eth0 && ip addr add 10.0.0.99/24 dev eth0" ||
	fail "vm-a: addresses"
gx vm-a "ping -c 2 -W 5 -I 10.0.0.99 10.0.0.3" ||
	fail "vm-a cannot send from 10.0.0.99 once ip= grants it"
# IPv6: the granted address works (neighbour discovery included), another
# is dropped by the vif's IPv6 chain (busybox's ip has no nodad: the
# guest skips duplicate address detection instead)
ip -6 addr add fd00::1/64 dev xenbr0 nodad
gx vm-a "echo 0 > /proc/sys/net/ipv6/conf/eth0/accept_dad && ip -6 addr add fd00::2/64 dev eth0 && ping6 -c 2 -W 5 fd00::1" ||
	fail "vm-a cannot reach the host from its IPv6 address fd00::2"
if gx vm-a "ip -6 addr add fd00::99/64 dev eth0 && ping6 -c 2 -W 3 -I fd00::99 fd00::1"; then
	fail "vm-a sent from fd00::99, which its vif does not carry"
fi
nft list chain netdev xen-kvm "vif$a.0-ip6" | grep -q "counter packets [1-9].* drop" ||
	fail "vif$a.0-ip6 dropped nothing: $(nft list chain netdev xen-kvm "vif$a.0-ip6")"
echo "ok: the addresses are let through once the config grants them (IPv6 too, and no other); destroy left no tap and no rule"

# rate=400Kb/s@20ms: 50000 bytes/s; the policer's bucket holds its 128 KiB
# burst and one second of rate (nft.h), so 512 KiB take at least 6.86 s;
# its counter shows it acted
send() {	# send NAME: 512 KiB to the host's port 5001; prints milliseconds
	sleep 300 | busybox nc -l -p 5001 | wc -c > "$t/recv" &
	wait_for 30 sh -c "busybox netstat -ltn | grep -q ':5001 '" ||
		fail "the host's listener did not come up"
	_s=$(date +%s%N)
	gx "$1" "dd if=/dev/zero bs=1024 count=512 2>/dev/null | nc 10.0.0.1 5001" ||
		fail "$1 could not send"
	_e=$(date +%s%N)
	wait_for 30 sh -c "[ -s '$t/recv' ]" || fail "the host received nothing from $1"
	[ "$(cat "$t/recv")" = 524288 ] || fail "the host received $(cat "$t/recv") bytes from $1"
	rm -f "$t/recv"
	echo $(( (_e - _s) / 1000000 ))
}
ms_b=$(send vm-b)
ms_a=$(send vm-a)
[ "$ms_a" -ge 6500 ] ||
	fail "vm-a sent 512 KiB in $ms_a ms (vm-b: $ms_b ms), faster than its rate=400Kb/s allows"
nft list chain netdev xen-kvm "vif$a.0" | grep -q "limit rate over 50000 bytes/second burst 128 kbytes counter packets [1-9]" ||
	fail "vm-a's policer did not act ($ms_a ms, vm-b $ms_b ms): $(nft list chain netdev xen-kvm "vif$a.0")"
echo "ok: rate=400Kb/s@20ms: 512 KiB took $ms_a ms (vm-b without rate=: $ms_b ms)"

# Route mode: vif-route gives the tap the host's uplink address, proxy ARP
# and a host route; the guest reaches the uplink namespace through it
netns_peer uplink
ip link add up0 type veth peer name up1 netns "$uplink_pid"
ip addr add 192.168.77.1/24 dev up0
ip link set up0 up
netns_in uplink ip addr add 192.168.77.2/24 dev up1
netns_in uplink ip link set up1 up
netns_in uplink ip route add 10.1.0.0/24 via 192.168.77.1
echo 1 > /proc/sys/net/ipv4/ip_forward
create vm-r 'script=vif-route,mac=00:16:3e:00:00:0c,ip=10.1.0.5,gatewaydev=up0' ||
	fail "create vm-r: $(cat "$t/vm-r.err")"
r=$("$xl" domid vm-r)
ip route show 10.1.0.5 | grep -q "dev vif$r.0" || fail "no host route to 10.1.0.5: $(ip route)"
[ "$(cat /proc/sys/net/ipv4/conf/vif$r.0/proxy_arp)" = 1 ] || fail "no proxy ARP on vif$r.0"
gx vm-r "ip addr add 10.1.0.5/32 dev eth0 && ip route add 192.168.77.1 dev eth0 && ip route add default via 192.168.77.1" ||
	fail "vm-r: addresses"
gx vm-r "ping -c 2 -W 5 192.168.77.2" || fail "vm-r cannot reach the uplink"
if gx vm-r "ip addr add 10.1.0.6/32 dev eth0 && ping -c 2 -W 3 -I 10.1.0.6 192.168.77.2"; then
	fail "vm-r sent from 10.1.0.6 in route mode"
fi
echo "ok: route mode: host route, proxy ARP, the uplink reached, spoofing dropped"

# NAT mode: vif-nat gives the tap the router address of the guest's /24 and
# masquerades what it sends elsewhere; the uplink has no route back to
# 10.2.0.0/24, so only the masquerade lets the answer come back
nat_rules() { nft list chain ip xen-kvm-nat postrouting 2>/dev/null | grep -c masquerade; }
# (with vifname= and mtu=: the tap's name, the MTU on both ends)
create vm-n 'script=vif-nat,vifname=natvif,mtu=1400,mac=00:16:3e:00:00:10,ip=10.2.0.5' ||
	fail "create vm-n: $(cat "$t/vm-n.err")"
n=$("$xl" domid vm-n)
ip -4 addr show dev natvif | grep -q "inet 10.2.0.1/24" ||
	fail "natvif lacks the router address: $(ip -4 addr show dev natvif 2>&1)"
[ "$(cat /sys/class/net/natvif/mtu)" = 1400 ] || fail "natvif's MTU: $(cat /sys/class/net/natvif/mtu)"
[ "$(gxo vm-n "cat /sys/class/net/eth0/mtu")" = 1400 ] || fail "vm-n's eth0 does not have mtu=1400"
nft list chain ip xen-kvm-nat postrouting | grep -q "ip saddr 10.2.0.5 oifname != \"natvif\" masquerade" ||
	fail "no masquerade for vm-n: $(nft list table ip xen-kvm-nat)"
gx vm-n "ip addr add 10.2.0.5/24 dev eth0 && ip route add default via 10.2.0.1" ||
	fail "vm-n: addresses"
gx vm-n "ping -c 2 -W 10 192.168.77.2" ||
	fail "vm-n cannot reach the uplink through NAT: $(xenstore-read /local/domain/$n/data/output; nft list table ip xen-kvm-nat; ip route)"
"$xl" destroy vm-n
[ "$(nat_rules)" = 0 ] || fail "vm-n's masquerade outlived destroy: $(nft list table ip xen-kvm-nat)"
has_link natvif && fail "natvif outlived destroy"
ip route show 10.2.0.5 | grep -q . && fail "vm-n's host route outlived destroy"
echo "ok: NAT mode (vifname=, mtu=): router address, masquerade to the uplink, nothing left after destroy"

# A custom script written for Xen: it sources Xen's helpers and gets Xen's
# arguments and environment; one that fails fails the create cleanly
cat > "$scripts/vif-custom" <<'SCRIPT'
#!/bin/sh
dir=$(dirname "$0")
. "$dir/vif-common.sh"
echo "$command $type_if vif=$vif path=$XENBUS_PATH ip=$ip mac=$(xenstore_read "$XENBUS_PATH/mac") bridge=$(xenstore_read "$XENBUS_PATH/bridge")" >> "$XEN_KVM_ROOT/custom.log"
case $command in
online)
	[ "$(xenstore_read_default "$XENBUS_PATH/bridge" none)" != nobridge ] ||
		fatal "the uplink is unplugged"
	add_to_bridge xenbr0 "$vif"
	success ;;
esac
SCRIPT
chmod +x "$scripts/vif-custom"
create vm-c 'script=vif-custom,bridge=xenbr0,mac=00:16:3e:00:00:0d,ip=10.0.0.7' ||
	fail "create vm-c: $(cat "$t/vm-c.err")"
c=$("$xl" domid vm-c)
grep -qx "online vif vif=vif$c.0 path=backend/vif/$c/0 ip=10.0.0.7 mac=00:16:3e:00:00:0d bridge=xenbr0" "$XEN_KVM_ROOT/custom.log" ||
	fail "the custom script's view: $(cat "$XEN_KVM_ROOT/custom.log")"
gx vm-c "ip addr add 10.0.0.7/24 dev eth0 && ping -c 2 -W 5 10.0.0.2" || fail "vm-c cannot ping vm-a"
"$xl" destroy vm-c
grep -q "^offline vif vif=vif$c.0 " "$XEN_KVM_ROOT/custom.log" || fail "destroy did not run offline: $(cat "$XEN_KVM_ROOT/custom.log")"
before=$(ip -o link | wc -l)
if paused=1 create vm-f 'script=vif-custom,bridge=nobridge,mac=00:16:3e:00:00:0e'; then
	fail "a failing script did not fail the create"
fi
grep -q "the uplink is unplugged" "$t/vm-f.err" || fail "the script's hotplug-error is not shown: $(cat "$t/vm-f.err")"
"$xl" list vm-f >/dev/null 2>&1 && fail "vm-f exists after its failed create"
[ "$(ip -o link | wc -l)" = "$before" ] || fail "a failed create left a link: $(ip -o link)"
chains | grep -q "^vif$((c + 1))\." && fail "a failed create left chains: $(chains)"
[ -e "$XEN_KVM_ROOT/var/run/xen-kvm/$((c + 1))" ] && fail "a failed create left its domain dir"
pgrep -f "$XEN_KVM_ROOT/var/run/xen-kvm/$((c + 1))/" >/dev/null && fail "a failed create left QEMU"
echo "ok: a custom Xen script gets Xen's arguments; a failing one fails the create and leaves nothing"

# A killed monitor: its QEMU and tap go with it, its rules at the next start
mon=$(sed -n 's/^monitor_pid=//p' "$XEN_KVM_ROOT/var/run/xen-kvm/$b/state")
kill -9 "$mon"
wait_for 20 sh -c "! ip link show vif$b.0 >/dev/null 2>&1" || fail "vif$b.0 outlived its monitor"
paused=1 create vm-d 'bridge=xenbr0,mac=00:16:3e:00:00:0f' || fail "create vm-d: $(cat "$t/vm-d.err")"
chains | grep -q "^vif$b\." && fail "the killed monitor's chains survived the next start: $(chains)"
"$xl" destroy vm-b
echo "ok: kill -9 of a monitor: no tap, and no rule after the next start"

for n in vm-a vm-r vm-d; do "$xl" destroy $n; done
[ -z "$(chains)" ] || fail "chains left after every destroy: $(chains)"
ip -o link | grep -q "vif" && fail "taps left: $(ip -o link | grep vif)"
echo "ok: no tap and no rule after every destroy"
