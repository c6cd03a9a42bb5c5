#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Benchmark (make bench), informational, never asserts on time.  Two guests
# of the kit (TCG, PVH) on one bridge, in a network namespace of its own
# (tests/lib/netns.sh), each vif with its ip= and so its anti-spoofing
# rules (nft.h):
# 1. throughput guest -> host and guest -> guest (16 MiB through busybox
#    nc, timed in the sender by /proc/uptime), with our netdev table in
#    place against the same transfers with the table taken out by hand;
#    rounds alternate, medians, ratio with/without (the rules' cost);
# 2. attach-to-first-packet: `xl network-attach` (QMP, the vif script,
#    rules, XenStore) until the host's ping of the new address is
#    answered, against a tap made by hand on the same bridge and hot-added
#    with netdev_add/device_add through `xl qemu-monitor-command`.
# Each QEMU is pinned to a CPU of its own when there are two: under TCG the
# guests are CPU-bound and would otherwise share one by chance.
set -eu
. "$top_srcdir/tests/lib/netns.sh"
. "$top_srcdir/tests/lib/common.sh"
need_qemu
need_root "network namespaces, taps, nftables"
need_cmd xenstore-read xenstore-write nsenter nft ip busybox taskset
. "$top_srcdir/tests/lib/xlenv.sh"
. "$top_srcdir/tests/lib/netguest.sh"
t=$XK_TMP
rounds=${NET_BENCH_ROUNDS:-5}
mib=16

ip link add xenbr0 type bridge
ip addr add 10.0.0.1/24 dev xenbr0
ip link set xenbr0 up
netguest_create vm-a 'bridge=xenbr0,mac=00:16:3e:00:00:0a,ip=10.0.0.2' ||
	fail "create vm-a: $(cat "$t/vm-a.err")"
netguest_create vm-b 'bridge=xenbr0,mac=00:16:3e:00:00:0b,ip=10.0.0.3' ||
	fail "create vm-b: $(cat "$t/vm-b.err")"
cpu=0
for vm in vm-a vm-b; do
	[ "$(nproc)" -ge 2 ] || break
	taskset -a -p -c "$cpu" "$(sed -n 's/^qemu_pid=//p' \
		"$XEN_KVM_ROOT/var/run/xen-kvm/$("$xl" domid "$vm")/state")" \
		>/dev/null
	cpu=$((cpu + 1))
done
gx vm-a "ip addr add 10.0.0.2/24 dev eth0" || fail "vm-a: address"
gx vm-b "ip addr add 10.0.0.3/24 dev eth0" || fail "vm-b: address"

listening() {	# listening WHERE: port 5001 listens (host or a guest)
	if [ "$1" = host ]; then
		busybox netstat -ltn | grep -q ':5001 '
	else
		gx "$1" "netstat -ltn | grep -q ':5001 '"
	fi
}
# send FROM TO WHERE: $mib MiB from guest FROM to address TO, whose
# listener runs on WHERE, which must receive all of it (the listener's
# stdin is not the connection: nc would close it at its own stdin's EOF,
# so the count runs under -e); prints MB/s
send() {
	if [ "$3" = host ]; then
		rm -f "$t/recv"
		busybox nc -l -p 5001 -e sh -c "wc -c > $t/recv.part && mv $t/recv.part $t/recv" &
		cleanup_pid $!
	else
		gx "$3" "rm -f /tmp/recv; nc -l -p 5001 -e sh -c 'wc -c > /tmp/recv.part && mv /tmp/recv.part /tmp/recv' > /dev/null 2>&1 &" ||
			fail "$3: listener"
	fi
	wait_for 60 listening "$3" || fail "no listener on $3"
	gxo "$1" "s=\$(cut -d' ' -f1 /proc/uptime); dd if=/dev/zero bs=65536 count=$((mib * 16)) 2>/dev/null | nc $2 5001 && e=\$(cut -d' ' -f1 /proc/uptime) && echo \$s \$e" > "$t/times"
	if [ "$3" = host ]; then
		wait_for 60 test -s "$t/recv" || fail "the host's listener did not finish"
		got=$(cat "$t/recv")
	else
		wait_for 60 gx "$3" "test -s /tmp/recv" || fail "$3's listener did not finish"
		got=$(gxo "$3" "cat /tmp/recv")
	fi
	[ "$got" = $((mib * 1048576)) ] || fail "$3 received $got bytes of $((mib * 1048576))"
	awk -v m="$mib" '{ printf "%.2f\n", m * 1.048576 / ($2 - $1) }' "$t/times"
}
rules_out() { nft list table netdev xen-kvm > "$t/table"; nft delete table netdev xen-kvm; }
rules_in() { nft -f "$t/table"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

: > "$t/gh.on"; : > "$t/gh.off"; : > "$t/gg.on"; : > "$t/gg.off"
i=0
while [ "$i" -lt "$rounds" ]; do
	send vm-a 10.0.0.1 host >> "$t/gh.on"
	send vm-a 10.0.0.3 vm-b >> "$t/gg.on"
	rules_out
	send vm-a 10.0.0.1 host >> "$t/gh.off"
	send vm-a 10.0.0.3 vm-b >> "$t/gg.off"
	rules_in
	i=$((i + 1))
done
for k in gh gg; do
	on=$(median < "$t/$k.on"); off=$(median < "$t/$k.off")
	case $k in gh) what="guest -> host ";; gg) what="guest -> guest";; esac
	echo "$what: ${on} MB/s with the anti-spoofing rules, ${off} MB/s without; ratio $(awk -v a="$on" -v b="$off" 'BEGIN { printf "%.3f", a / b }') (medians of $rounds, $mib MiB each)"
done

# ------------------------------------------------ attach to first packet
ip link add xenbr1 type bridge
ip addr add 10.0.1.1/24 dev xenbr1
ip link set xenbr1 up
# waiter MAC ADDR: in vm-a, in the background: once an interface with MAC
# appears, give it ADDR
waiter() {
	gx vm-a "(while :; do for n in /sys/class/net/*; do [ \"\$(cat \$n/address)\" = $1 ] && break 2; done; sleep 0.02; done; ip link set \${n##*/} up; ip addr add $2/24 dev \${n##*/}) > /dev/null 2>&1 &" ||
		fail "vm-a: waiter"
}
# answered ADDR: the host's ping of ADDR is answered; prints milliseconds
# from $t0
answered() {
	wait_for 120 busybox ping -c 1 -W 1 "$1" > /dev/null || fail "$1 never answered"
	echo $(( ($(date +%s%N) - t0) / 1000000 ))
}
hand_gone() { ! "$xl" qemu-monitor-command vm-a "info pci" | grep -q "\"$1\""; }
: > "$t/att.xl"; : > "$t/att.hand"
i=0
while [ "$i" -lt "$rounds" ]; do
	n=$((10 + i))
	mac=00:16:3e:00:01:$n
	waiter "$mac" "10.0.1.$n"
	t0=$(date +%s%N)
	"$xl" network-attach vm-a bridge=xenbr1 "mac=$mac" "ip=10.0.1.$n" \
		2> "$t/attach.err" || fail "network-attach failed: $(cat "$t/attach.err")"
	answered "10.0.1.$n" >> "$t/att.xl"
	"$xl" network-detach vm-a "$mac" 2> "$t/detach.err" ||
		fail "network-detach failed: $(cat "$t/detach.err")"

	n=$((50 + i))
	mac=00:16:3e:00:01:$n
	waiter "$mac" "10.0.1.$n"
	t0=$(date +%s%N)
	ip tuntap add "hand$i" mode tap
	ip link set "hand$i" master xenbr1 up
	"$xl" qemu-monitor-command vm-a "netdev_add tap,id=hand$i,ifname=hand$i,script=no,downscript=no" > /dev/null
	"$xl" qemu-monitor-command vm-a "device_add virtio-net-pci,netdev=hand$i,id=handdev$i,mac=$mac" > /dev/null
	answered "10.0.1.$n" >> "$t/att.hand"
	"$xl" qemu-monitor-command vm-a "device_del handdev$i" > /dev/null
	wait_for 60 hand_gone "handdev$i" || fail "handdev$i was not unplugged"
	"$xl" qemu-monitor-command vm-a "netdev_del hand$i" > /dev/null || true
	ip link del "hand$i" 2>/dev/null || true
	i=$((i + 1))
done
xm=$(median < "$t/att.xl"); hm=$(median < "$t/att.hand")
echo "attach to first packet: xl network-attach ${xm} ms, by hand (tap + netdev_add/device_add) ${hm} ms; ratio $(awk -v a="$xm" -v b="$hm" 'BEGIN { printf "%.2f", a / b }') (medians of $rounds)"
