#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# guest-boot.sh: the guest kit boots under QEMU TCG and its init runs a test
# script. Proves, from the guest's own console output and from what reaches
# the host: the kernel and initramfs boot to /init, the modules mkguest chose
# are loaded, the real xenstore-read and its shared libraries run (it cannot
# connect: no xenstore here, so we assert on its specific error), a virtio-9p
# share is writable, a virtconsole at hvc1 reaches a host Unix socket, the
# disk image carries its contents, and the run script's exit status comes back.
#
# The guest script is constant so the kit stays cached across runs; the random
# token travels on the kernel command line, so every boot proves fresh output.
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_cmd socat timeout od

mkguest=$top_srcdir/tools/mkguest
t=$XK_TMP

cat > "$t/guest.sh" <<'GUEST'
#!/bin/sh
tok=$(sed -n 's/.*xkguest_test\.token=\([0-9a-f]*\).*/\1/p' /proc/cmdline)
echo "guest-token: $tok"
echo "guest-uptime: $(cut -d' ' -f1 /proc/uptime)"
for m in virtio_pci virtio_console virtio_blk 9p ext4 vmw_vsock_virtio_transport; do
	grep -q "^$m " /proc/modules && echo "guest-module: $m"
done
xenstore-read /local/domain/0/name 2>&1
echo "guest-xenstore-read: rc=$?"
mkdir -p /mnt/share
mount -t 9p -o trans=virtio,version=9p2000.L share /mnt/share &&
	echo "9p:$tok" > /mnt/share/from-guest && umount /mnt/share && echo "guest-9p: ok"
printf 'hvc1:%s\n' "$tok" > /dev/hvc1 && echo "guest-hvc1: ok"
mkdir -p /mnt/disk
mount -t ext4 -o ro /dev/vda /mnt/disk && echo "guest-disk: $(cat /mnt/disk/hello.txt)"
exit 7
GUEST
mkdir -p "$t/diskdir" "$t/share"
echo "hello from the disk image" > "$t/diskdir/hello.txt"

rc=0
"$mkguest" --run "$t/guest.sh" --disk "16M:$t/diskdir" > "$t/kit" 2> "$t/mkguest.err" || rc=$?
cat "$t/mkguest.err" >&2
[ "$rc" != 69 ] || skip "mkguest: $(cat "$t/mkguest.err")"
[ "$rc" = 0 ] || fail "mkguest failed ($rc)"
cat "$t/kit"
kernel=$(kit_get "$t/kit" kernel)
ramdisk=$(kit_get "$t/kit" ramdisk)
disk=$(kit_get "$t/kit" disk)
[ -f "$kernel" ] && [ -f "$ramdisk" ] && [ -f "$disk" ] || fail "mkguest printed paths that do not exist"

tok=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')

# The host end of hvc1: QEMU connects to this listener as a client.
socat -u UNIX-LISTEN:"$t/hvc1.sock" CREATE:"$t/hvc1.out" &
cleanup_pid $!
wait_for 10 test -S "$t/hvc1.sock" || fail "socat did not listen"

# This guest has no guest link, so xkguest.noagent: xenstore-read must find no
# socket at all (below) rather than wait for a host that never comes.
start=$(date +%s%N)
timeout -k 5 120 "$QEMU" -accel tcg -machine q35 -m 256 -nographic -nodefaults \
	-serial stdio -no-reboot \
	-kernel "$kernel" -initrd "$ramdisk" \
	-append "console=ttyS0 quiet xkguest.noagent xkguest_test.token=$tok" \
	-device virtio-serial-pci,id=vser0 \
	-chardev file,id=con0,path="$t/hvc0.out" -device virtconsole,chardev=con0 \
	-chardev socket,id=ch1,path="$t/hvc1.sock" -device virtconsole,chardev=ch1 \
	-fsdev local,id=fs0,path="$t/share",security_model=none \
	-device virtio-9p-pci,fsdev=fs0,mount_tag=share \
	-drive file="$disk",format=raw,if=none,id=d0,readonly=on \
	-device virtio-blk-pci,drive=d0 \
	< /dev/null > "$t/console.log" 2> "$t/qemu.err" &
qpid=$!
cleanup_pid $qpid
qrc=0
wait $qpid || qrc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))

echo "--- guest console"
tr -d '\r' < "$t/console.log" | sed 's/^/  | /'
echo "--- qemu stderr"
sed 's/^/  | /' "$t/qemu.err"
[ "$qrc" != 124 ] || fail "guest did not power off within 120 s"
[ "$qrc" = 0 ] || fail "QEMU exited with $qrc"

has() { tr -d '\r' < "$t/console.log" | grep -qF -- "$1" || fail "console lacks: $1"; }
has "xen-kvm-guest: init ready"
has "guest-token: $tok"
has "guest-module: virtio_console"
has "guest-module: 9p"
has "guest-module: ext4"
has "guest-module: vmw_vsock_virtio_transport"
# The binary, libxenstore, libxentoolcore, libc and ld.so all loaded: the
# failure is libxenstore's own, finding neither a socket nor /dev/xen/xenbus.
has "xenstore-read: xs_open: No such file or directory"
has "guest-xenstore-read: rc=1"
! grep -q "error while loading shared libraries" "$t/console.log" ||
	fail "xenstore-read could not load its libraries"
has "guest-9p: ok"
has "guest-hvc1: ok"
has "guest-disk: hello from the disk image"
has "xen-kvm-guest: run exit=7"

grep -qx "9p:$tok" "$t/share/from-guest" || fail "the 9p share did not receive the guest's file"
# hvc1 is a tty: its line discipline turns "\n" into "\r\n".
hvc1_arrived() { tr -d '\r' < "$t/hvc1.out" | grep -qx "hvc1:$tok"; }
wait_for 10 hvc1_arrived || fail "hvc1 bytes did not arrive on the host socket: $(od -c "$t/hvc1.out" | head -3)"

echo "boot, checks and power-off took $ms ms under TCG (guest uptime at its run script: $(tr -d '\r' < "$t/console.log" | sed -n 's/^guest-uptime: //p') s)"
echo "PASS"
