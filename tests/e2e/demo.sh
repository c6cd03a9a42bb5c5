#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The main job as a test: dist/demo boots dist/examples/demo.cfg with xl
# create and must show the channel, the p9 share and XenStore crossing in
# both directions, the guest agent's reports (data/os_uname as the guest's
# own uname -r), the domain going away with its XenStore nodes, and no
# process of the demo's left running.
. "$top_srcdir/tests/lib/common.sh"
need_root "the demo uses /var/run/xen-kvm and starts QEMU"
need_qemu
need_cmd socat xenstore-read xenstore-write

out=$XK_TMP/demo.out
timeout -k 5 300 "$top_srcdir/dist/demo" "$top_builddir" >"$out" 2>&1 ||
	fail "dist/demo failed: $(tail -n 20 "$out")"
cat "$out"
grep -q '^dom0: channel: the guest said: hello dom0, the demo domain got: ping from dom0$' "$out" ||
	fail "the channel did not cross both ways"
grep -q '^dom0: xenstore-read .*/data/reply -> the guest read: hello from dom0$' "$out" ||
	fail "XenStore did not cross both ways"
grep -q '^dom0: p9: from-guest.txt says: written by the demo domain$' "$out" ||
	fail "the p9 share did not cross both ways"
grep -q 'demo-guest: xenstore-write /local/domain/0/intrusion -> refused' "$out" ||
	fail "the guest's write into dom0's tree was not refused"
uname=$(sed -n 's/.*demo-guest: uname -r -> //p' "$out" | tr -d '\r')
[ -n "$uname" ] || fail "the guest did not print its uname -r"
grep -q "^dom0: the guest agent reports os_uname=$uname meminfo_total=[1-9][0-9]* KiB feature-poweroff=1\$" "$out" ||
	fail "the guest agent's data/ keys were not reported (guest uname -r: $uname)"
grep -q '^no /local/domain/[0-9]* left in XenStore$' "$out" ||
	fail "the domain's XenStore nodes were not removed"
left=$(pgrep -f "xl-monitor: demo|qemu-system-x86_64 .*-name demo" || true)
[ -z "$left" ] || fail "processes left behind: $left"
echo "PASS: the demo ran end to end and left nothing behind"
