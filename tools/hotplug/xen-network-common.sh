# SPDX-License-Identifier: GPL-2.0-or-later
# Network helpers Xen's scripts share (tools/hotplug/README), on iproute2.

# create_bridge BRIDGE: make it (up) unless it exists
create_bridge() {
	if [ ! -d "/sys/class/net/$1/bridge" ]; then
		ip link add name "$1" type bridge || fatal "cannot create bridge $1"
	fi
	ip link set dev "$1" up
}

# setup_virtual_bridge_port DEV: a vif never needs an address of its own.
# Its MAC is Xen's fe:ff:ff:ff:ff:ff, the highest there is: a bridge takes
# the lowest of its ports' MACs as its own, and one that changed whenever a
# domain came or went would leave the other guests' ARP caches pointing at
# a MAC the host no longer has (a minute of lost packets).
setup_virtual_bridge_port() {
	ip link set dev "$1" down
	ip link set dev "$1" address fe:ff:ff:ff:ff:ff ||
		log debug "cannot set the MAC of $1"
	if [ -e "/proc/sys/net/ipv6/conf/$1/disable_ipv6" ]; then
		echo 1 >"/proc/sys/net/ipv6/conf/$1/disable_ipv6"
	fi
}

# add_to_bridge BRIDGE DEV
add_to_bridge() {
	_br=$1
	_dev=$2
	[ -d "/sys/class/net/$_br/bridge" ] ||
		fatal "Could not find bridge device $_br"
	setup_virtual_bridge_port "$_dev"
	ip link set dev "$_dev" master "$_br" ||
		fatal "cannot add $_dev to bridge $_br"
	ip link set dev "$_dev" up || fatal "cannot bring $_dev up"
}

# remove_from_bridge BRIDGE DEV
remove_from_bridge() {
	do_without_error ip link set dev "$2" nomaster
}

# set_mtu DEV MTU
set_mtu() {
	[ -z "$2" ] || ip link set dev "$1" mtu "$2" ||
		fatal "cannot set the MTU of $1 to $2"
}
