# SPDX-License-Identifier: GPL-2.0-or-later
#
# demo-guest.sh: what the demo domain runs after boot (tools/mkguest --run).
# It uses what demo.cfg gives it exactly as a Xen guest would, and talks to
# dom0 (dist/demo) in both directions over each:
#   - the p9 share "share" (trans=virtio on KVM, trans=xen on Xen)
#   - the channel org.xenkvm.demo, which is /dev/hvc1 (hvc0 is the console)
#   - XenStore, with Debian's unmodified xenstore-read/-write, served in the
#     guest by xen-kvm-agent
set -eu
echo "demo-guest: uname -r -> $(uname -r)"
mkdir -p /mnt/share
mount -t 9p -o trans=virtio,version=9p2000.L share /mnt/share
echo "demo-guest: p9: the share holds: $(ls /mnt/share | tr '\n' ' ')"
echo "demo-guest: p9: from-dom0.txt says: $(cat /mnt/share/from-dom0.txt)"
echo "written by the demo domain" > /mnt/share/from-guest.txt

# The channel is a tty: keep it open on one descriptor (each open and close
# is a port connect/disconnect) and make it raw, so dom0 reads only what we
# write.
exec 4<>/dev/hvc1
stty raw -echo <&4
echo "demo domain ready" >&4
read -r line <&4
echo "demo-guest: channel: dom0 said: $line"
echo "hello dom0, the demo domain got: $line" >&4

i=0
until greeting=$(xenstore-read data/greeting 2>/dev/null); do
	i=$((i + 1)); [ $i -lt 300 ] || { echo "demo-guest: no data/greeting"; exit 1; }
	sleep 0.1
done
echo "demo-guest: xenstore-read data/greeting -> $greeting"
xenstore-write data/reply "the guest read: $greeting"
if xenstore-write /local/domain/0/intrusion x 2>/dev/null; then
	echo "demo-guest: WRONG: could write into dom0's tree"; exit 1
fi
echo "demo-guest: xenstore-write /local/domain/0/intrusion -> refused, as on Xen"

# Wait for dom0's last word, then power off (on_poweroff = destroy).
read -r line <&4
echo "demo-guest: channel: dom0 said: $line"
