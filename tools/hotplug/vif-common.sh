# SPDX-License-Identifier: GPL-2.0-or-later
# What every vif script starts with (tools/hotplug/README): the command
# and KEY=VALUE arguments, $vif (the tap, $dev too), $ip and $mtu from the
# backend node, and the helpers Xen's vif scripts call.

dir=${dir:-$(dirname "$0")}
. "$dir/xen-hotplug-common.sh"
. "$dir/xen-network-common.sh"

findCommand "$@"
evalVariables "$@"
case "$command" in
online|offline|add|remove) ;;
*) fatal "invalid command: $command (online, offline, add or remove)" ;;
esac
[ -n "${XENBUS_PATH:-}" ] || fatal "XENBUS_PATH is not set"

type_if=${type_if:-vif}
if [ "$type_if" = tap ] && [ -n "${INTERFACE:-}" ]; then
	vif=$INTERFACE
fi
[ -n "${vif:-}" ] || fatal "vif is not set"
dev=$vif

ip=$(xenstore_read_default "$XENBUS_PATH/ip" "${ip:-}")
mtu=$(xenstore_read_default "$XENBUS_PATH/mtu" "")

# Anti-spoofing is the toolstack's here: it installs the vif's nftables
# rules (table netdev xen-kvm) before the script runs and removes them
# after offline, so Xen's iptables hooks have nothing to do.
handle_iptable() { :; }
frob_iptable() { :; }

# ip_of DEV: its first IPv4 address
ip_of() {
	ip -4 -o addr show dev "$1" 2>/dev/null |
		sed -n 's/.* inet \([0-9.]*\)\/.*/\1/p' | head -n 1
}

# dom0_ip: the address of $netdev (gatewaydev=, default eth0)
dom0_ip() {
	_nd=${netdev:-eth0}
	_addr=$(ip_of "$_nd")
	[ -n "$_addr" ] ||
		fatal "$_nd has no IPv4 address: set gatewaydev= to the uplink"
	echo "$_addr"
}

# is_ipv6 ADDR
is_ipv6() {
	case $1 in
	*:*) return 0 ;;
	*) return 1 ;;
	esac
}
