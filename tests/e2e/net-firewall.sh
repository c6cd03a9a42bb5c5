#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# net-firewall.sh: a domain's own firewall in Qubes' rule language, kept by
# dom0 under /local/domain/<domid>/firewall (xl-compat/runtime/vif_fw.h),
# with our xl and a real guest of the kit under TCG in a network namespace
# of the test's own: without the directory nothing is filtered; a policy
# and rules apply on the running domain and follow every change; the
# domain cannot write its own firewall; a rule we cannot honour fails
# closed and says why; taking the directory away lets everything through.
set -eu
. "$top_srcdir/tests/lib/netns.sh"
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_root "network namespaces, taps, nftables"
need_cmd xenstore-read xenstore-write xenstore-rm nsenter nft ip busybox
. "$top_srcdir/tests/lib/xlenv.sh"
. "$top_srcdir/tests/lib/netguest.sh"
t=$XK_TMP

ip link add xenbr0 type bridge
ip addr add 10.0.0.1/24 dev xenbr0
ip link set xenbr0 up
# two TCP services on the host, each accepting any number of connections
for port in 5001 5002; do
	busybox nc -ll -p "$port" -e true &
	cleanup_pid $!
done
wait_for 30 sh -c "busybox netstat -ltn | grep -q ':5002 '" ||
	fail "the host's services did not come up"

netguest_create vm 'bridge=xenbr0,mac=00:16:3e:00:00:0a,ip=10.0.0.2' ||
	fail "create vm: $(cat "$t/vm.err")"
d=$("$xl" domid vm)
fwdir=/local/domain/$d/firewall
be=/local/domain/0/backend/vif/$d/0
gx vm "ip addr add 10.0.0.2/24 dev eth0" || fail "vm: address"
fwchain() { nft list chain netdev xen-kvm "vif$d.0-fw"; }
# reach WHAT: the guest reaches the host by ping or a TCP port
reach() {
	case $1 in
	ping) gx vm "ping -c 1 -W 3 10.0.0.1" ;;
	*) gx vm "echo x | nc -w 3 10.0.0.1 $1" ;;
	esac
}
expect() {	# expect yes|no WHAT...
	_want=$1
	shift
	for _w in "$@"; do
		if reach "$_w"; then
			[ "$_want" = yes ] || fail "$_w got through: $(fwchain)"
		else
			[ "$_want" = no ] || fail "$_w is blocked: $(fwchain)"
		fi
	done
}

fwchain > /dev/null || fail "vif$d.0 has no firewall chain"
fwchain | grep -q "accept\|drop" && fail "the firewall chain is not empty without a firewall: $(fwchain)"
expect yes ping 5001 5002
echo "ok: no firewall directory, nothing filtered"

xenstore-write "$fwdir/0000" "action=accept proto=tcp dst4=10.0.0.1 dstports=5001" \
	"$fwdir/policy" drop
wait_for 60 sh -c "nft list chain netdev xen-kvm vif$d.0-fw | grep -q 5001" ||
	fail "the rule was not applied: $(fwchain)"
# its first rule came before its policy: the moment between failed closed
wait_for 60 sh -c "! xenstore-read $be/firewall-error 2>/dev/null" ||
	fail "firewall-error for a good firewall: $(xenstore-read "$be/firewall-error")"
expect yes 5001
expect no 5002 ping
echo "ok: policy drop with one accept rule, on the running domain"

xenstore-write "$fwdir/0001" "action=accept proto=icmp icmptype=8"
wait_for 60 sh -c "nft list chain netdev xen-kvm vif$d.0-fw | grep -q 'icmp type'" ||
	fail "the icmp rule was not applied: $(fwchain)"
expect yes ping 5001
expect no 5002
echo "ok: a rule added later applies"

gx vm "xenstore-write $fwdir/0000 action=accept" &&
	fail "the guest rewrote its own firewall"
gx vm "xenstore-rm $fwdir" && fail "the guest removed its own firewall"
[ "$(xenstore-read "$fwdir/0000")" = "action=accept proto=tcp dst4=10.0.0.1 dstports=5001" ] ||
	fail "the guest changed its firewall: $(xenstore-read "$fwdir/0000")"
echo "ok: the domain cannot change its own firewall"

xenstore-write "$fwdir/0002" "action=accept dsthost=example.org"
wait_for 60 sh -c "xenstore-read $be/firewall-error 2>/dev/null | grep -q dsthost" ||
	fail "no firewall-error for a rule we cannot honour"
expect no ping 5001 5002
echo "ok: a rule we cannot honour fails closed: $(xenstore-read "$be/firewall-error")"

xenstore-rm "$fwdir"
wait_for 60 sh -c "! xenstore-read $be/firewall-error 2>/dev/null" ||
	fail "firewall-error outlived the firewall"
wait_for 60 sh -c "! nft list chain netdev xen-kvm vif$d.0-fw | grep -q 'accept\|drop'" ||
	fail "rules outlived the firewall: $(fwchain)"
expect yes ping 5001 5002
echo "ok: without the directory everything gets through again"

"$xl" destroy vm
[ -z "$(chains)" ] || fail "chains left after destroy: $(chains)"
echo "ok: nothing left after destroy"
