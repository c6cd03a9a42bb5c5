# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0-or-later
# For the network tests: source first (before common.sh's trap matters).
# It re-runs the test in a network namespace of its own (unshare -n), so
# every tap, bridge, route and nftables rule it makes, and every packet,
# stays there and goes with it; QEMU and the hotplug scripts run inside.
# As `ip netns exec` does, it mounts a sysfs of that namespace on /sys (in
# a private mount namespace), so /sys/class/net shows its interfaces.
# netns_peer NAME: a second namespace (a sleeping process) for an
# "uplink", its pid in $NAME_pid; netns_in NAME CMD...: run CMD there.
if [ -z "${XK_IN_NETNS:-}" ]; then
	[ "$(id -u)" = 0 ] || { echo "SKIP: needs root: network namespaces"; [ "${XEN_KVM_NO_SKIP:-0}" = 1 ] && exit 99; exit 77; }
	XK_IN_NETNS=1 exec unshare -n -m --propagation private \
		"${SHELL:-/bin/sh}" "$0" "$@"
fi
mount -t sysfs sysfs /sys
ip link set lo up
netns_peer() {
	unshare -n sleep 3600 &
	eval "${1}_pid=$!"
	cleanup_pid $!
	wait_for 10 sh -c "[ \"\$(readlink /proc/$!/ns/net)\" != \"\$(readlink /proc/self/ns/net)\" ]" ||
		fail "namespace $1 did not come up"
}
netns_in() {
	eval "_p=\$${1}_pid"
	shift
	nsenter -t "$_p" -n "$@"
}
