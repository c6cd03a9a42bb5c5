# SPDX-License-Identifier: GPL-2.0-or-later
#
# demo-guest.sh: what the demo domain runs after boot (tools/mkguest --run).
# It uses the three things demo.cfg gives it, as a Xen guest would:
#   - the p9 share "share" (trans=virtio in kvm mode, trans=xen on Xen)
#   - the channel org.xenkvm.demo, which is /dev/hvc1 (hvc0 is the console)
#   - XenStore, through Debian's unmodified xenstore-read when the guest
#     agent serves it (issue 6); until then the step says it is not there.
mkdir -p /mnt/share
mount -t 9p -o trans=virtio,version=9p2000.L share /mnt/share
echo "demo-guest: the p9 share holds: $(ls /mnt/share | tr '\n' ' ')"
echo "demo-guest: from-dom0.txt says: $(cat /mnt/share/from-dom0.txt)"
echo "demo-guest: hello dom0, this is the demo domain on its channel" > /dev/hvc1
echo "demo-guest: wrote a line to /dev/hvc1"
if [ -S /var/run/xenstored/socket ]; then
	echo "demo-guest: xenstore-read data/greeting -> $(xenstore-read data/greeting)"
else
	echo "demo-guest: no XenStore link in this guest yet (the guest agent is issue 6)"
fi
