#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# qemu-accepts.sh: real QEMU accepts the command lines xlrt_dm_build makes.
# Each config's QEMU is started paused (-S) under TCG through the real
# launcher (dm-argv -s: -qmp, -sandbox) and must answer query-status with
# "prelaunch"; then it is stopped. Configs: dist/examples/demo.cfg, the
# seed 004 configs (spice+qxl, gtk, virtio-gpu-gl+gtk, a PVH guest with a
# pty channel and SDL, sys-usb with a w! disk, channel, 9p and PCI), and
# our own with several channels and 9p shares, every disk kind, and nics.
#
# Host paths in the configs (kernels, images, shares, sockets) are replaced
# by scratch ones in the final argv (dm-argv -p). What this host's QEMU or
# hardware cannot provide (a gtk/sdl display, spice, qxl, virgl, a PCI
# device to give) is detected first; such a config must then FAIL with
# exactly that reason (so every option before it was accepted), and is
# run again with only that piece replaced, which must be accepted. The
# replacement is printed as "partial: CONFIG: ...", for that config only.
#
# Also: two QEMUs open the same w! image at once (share-rw=on on both), and
# without share-rw the second one is refused; xen mode's argv is parsed by
# QEMU up to the accelerator, which this host cannot give, and its Xen PV
# devices and their properties exist in this QEMU.

. "$top_srcdir/tests/lib/common.sh"

need_qemu
helper=$top_builddir/tests/integration/dm/dm-argv
[ -x "$helper" ] || fail "missing $helper (make check builds it)"
cfgs=$top_srcdir/tests/integration/xl/configs
export XEN_KVM_ROOT="$XK_TMP/root"
export XEN_KVM_QEMU="$QEMU"
mkdir -p "$XEN_KVM_ROOT" "$XK_TMP/share" "$XK_TMP/usb"

mkguest_kit "$XK_TMP/kit"
kernel=$(kit_get "$XK_TMP/kit" kernel)
ramdisk=$(kit_get "$XK_TMP/kit" ramdisk)
if [ ! -f "$kernel" ] || [ ! -f "$ramdisk" ]; then
	fail "mkguest gave no kernel/ramdisk"
fi
need_cmd qemu-img
for img in disk.raw shared.raw cd.iso; do
	truncate -s 16M "$XK_TMP/$img"
done
qemu-img create -q -f qcow2 "$XK_TMP/disk.qcow2" 16M ||
	fail "qemu-img cannot make a qcow2 image"

# --- what this host lacks: name, how to swap it, the error QEMU gives ---
devices=$("$QEMU" -device help 2>&1)
displays=$("$QEMU" -display help 2>&1)
has_device() { printf '%s\n' "$devices" | grep -q "name \"$1\""; }
has_display() {
	printf '%s\n' "$displays" | grep -qx "$1" &&
		{ [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }
}
lacks=""
lack() { lacks="$lacks
$1#$2#$3"; }
has_display gtk || lack gtk "-r gtk=none" \
	"Display 'gtk' is not available|gtk initialization failed|cannot open display"
has_display sdl || lack sdl "-r sdl=none" \
	"Display 'sdl' is not available|Could not initialize SDL"
"$QEMU" -spice help > /dev/null 2>&1 || lack spice "-x -spice" \
	"There is no option group 'spice'"
has_device qxl-vga || lack qxl "-r qxl-vga=VGA" \
	"'qxl-vga' is not a valid device model name"
if ! has_device virtio-gpu-gl-pci || ! ls /dev/dri/renderD* > /dev/null 2>&1
then
	lack virgl "-r virtio-gpu-gl=virtio-gpu-pci" \
		"'virtio-gpu-gl'.* is not a valid device model name|OpenGL|opengl|virgl"
fi
# seed-sys-usb gives the guest the host's 0000:00:04.0
case $(readlink /sys/bus/pci/devices/0000:00:04.0/driver 2>/dev/null) in
*/vfio-pci) ;;
*) lack vfio "-x vfio-pci" "vfio 0000:00:04.0" ;;
esac
echo "this host lacks:$(printf '%s\n' "$lacks" | cut -d'#' -f1 | tr '\n' ' ')"

# Host paths of the configs -> scratch ones (in the final argv).
paths="-p /var/lib/xen-kvm/demo/kit/vmlinuz=$kernel
-p /var/lib/xen-kvm/demo/kit/initrd.gz=$ramdisk
-p /var/lib/xen-kvm/demo/disk.img=$XK_TMP/disk.raw
-p /var/lib/xen-kvm/demo/share=$XK_TMP/share
-p /var/run/xen-kvm/demo/channel.sock=$XK_TMP/demo-channel.sock
-p /var/run/spice.sock=$XK_TMP/spice.sock
-p /boot/vmlinuz-virt=$kernel
-p /boot/initramfs-virt=$ramdisk
-p /chemin/du/fichier.raw=$XK_TMP/shared.raw
-p /mnt/usb=$XK_TMP/usb
-p /var/run/canal.sock=$XK_TMP/canal.sock
-p /tmp/dom0shell=$XK_TMP/dom0shell"

# domids (and tap names vif<domid>.N) apart from a concurrent run
domid=$(( 1000 + ($$ % 500) * 10 ))
# accept NAME CONFIG...: started paused, each says "prelaunch"
accept() {
	name=$1
	shift
	domid=$((domid + 10))
	edits=""
	done_lacks=""
	tries=0
	while :; do
		tries=$((tries + 1))
		# shellcheck disable=SC2086 # $paths and $edits are word lists
		if "$helper" -a tcg -d "$domid" -q "$QEMU" $paths $edits -s "$@" \
			> "$XK_TMP/out" 2> "$XK_TMP/err"; then
			n=$(grep -c 'accepted, status prelaunch' "$XK_TMP/out")
			[ "$n" = "$#" ] || fail "$name: $n of $# QEMUs prelaunch: $(cat "$XK_TMP/out")"
			if [ -n "$done_lacks" ]; then
				echo "partial: $name: accepted up to$done_lacks, which this host lacks; ran with:$edits"
			else
				echo "ok: $name"
			fi
			return 0
		fi
		why=$(grep -v '^[^ ]*: warning: ' "$XK_TMP/err")
		[ "$tries" -le 6 ] || fail "$name: still refused: $why"
		found=""
		old_ifs=$IFS
		IFS='
'
		for l in $lacks; do
			IFS=$old_ifs
			[ -n "$l" ] || continue
			pat=${l#*#}; pat=${pat#*#}
			swap=${l#*#}; swap=${swap%%#*}
			if printf '%s\n' "$why" | grep -Eq "$pat"; then
				case "$edits" in *"$swap"*) continue ;; esac
				found=${l%%#*}
				edits="$edits $swap"
				done_lacks="$done_lacks $found"
				break
			fi
		done
		IFS=$old_ifs
		[ -n "$found" ] || fail "$name: QEMU refused the command line: $why"
	done
}

# --- our own configs ---
cat > "$XK_TMP/channels.cfg" <<EOF
name = "chans"
type = "pvh"
kernel = "$kernel"
ramdisk = "$ramdisk"
extra = "console=hvc0"
memory = 128
maxmem = 256
vcpus = 1
maxvcpus = 2
channel = [ "name=org.a, connection=socket, path=$XK_TMP/a.sock",
	    "name=b, connection=pty",
	    "name=c, connection=socket, path=$XK_TMP/c.sock",
	    "name=d, connection=socket, path=/nowhere/d.sock, backend=other" ]
p9 = [ "tag=share, path=$XK_TMP/share, security_model=none",
       "tag=usb, path=$XK_TMP/usb, security_model=mapped" ]
vfb = [ "vnc=1, vnclisten=127.0.0.1, keymap=fr, vncpasswd=pw" ]
EOF
cat > "$XK_TMP/disks.cfg" <<EOF
name = "disks"
type = "hvm"
memory = 128
boot = "dc"
disk = [ "$XK_TMP/disk.raw,raw,hda,w",
	 "$XK_TMP/disk.qcow2,qcow2,xvdb,w",
	 "$XK_TMP/cd.iso,raw,hdc,r,devtype=cdrom",
	 "direct-io-safe,vdev=sda,target=$XK_TMP/shared.raw",
	 ",raw,hdd,r,devtype=cdrom" ]
serial = "pty"
usb = 1
usbdevice = "tablet"
vga = "stdvga"
vnc = 1
vncpasswd = "not-in-argv"
soundhw = "hda"
acpi_s3 = 0
acpi_s4 = 0
EOF
cat > "$XK_TMP/ahci.cfg" <<EOF
name = "ahci"
type = "hvm"
memory = 128
hdtype = "ahci"
disk = [ "$XK_TMP/disk.raw,raw,hda,w",
	 "$XK_TMP/cd.iso,raw,xvdc,r,devtype=cdrom" ]
EOF
cat > "$XK_TMP/nics.cfg" <<EOF
name = "nics"
type = "hvm"
memory = 128
vif = [ "mac=00:16:3e:11:22:33", "model=e1000,mac=00:16:3e:11:22:34",
	"model=virtio,mac=00:16:3e:11:22:35,mtu=9000" ]
EOF

accept demo "$top_srcdir/dist/examples/demo.cfg"
accept seed-spice-qxl "$cfgs/seed-spice-qxl.cfg"
accept seed-gtk-stdvga "$cfgs/seed-gtk-stdvga.cfg"
accept seed-virtio-gpu "$cfgs/seed-virtio-gpu.cfg"
accept seed-pvh-modloop "$cfgs/seed-pvh-modloop.cfg"
accept seed-sys-usb "$cfgs/seed-sys-usb.cfg"
accept channels-and-p9 "$XK_TMP/channels.cfg"
accept disks "$XK_TMP/disks.cfg"
accept ahci "$XK_TMP/ahci.cfg"
if [ -w /dev/net/tun ] && [ "$(id -u)" = 0 ]; then
	accept nics "$XK_TMP/nics.cfg"
elif [ "${XEN_KVM_NO_SKIP:-0}" = 1 ]; then
	fail "nics: QEMU needs root and /dev/net/tun to create taps"
else
	echo "partial: nics: not run (QEMU needs root and /dev/net/tun to create taps)"
fi

# The vnc password went to a file, never to argv.
"$helper" -d 7 "$XK_TMP/disks.cfg" > "$XK_TMP/disks.argv" 2>/dev/null ||
	fail "disks.cfg: no argv"
! grep -q not-in-argv "$XK_TMP/disks.argv" || fail "vnc password in argv"
grep -qx 'secret,id=vnc,file=.*/7/vnc.secret,format=raw' "$XK_TMP/disks.argv" ||
	fail "no vnc secret object: $(cat "$XK_TMP/disks.argv")"

# --- a w! disk: two QEMUs open it at once ---
for g in a b; do
	cat > "$XK_TMP/shared-$g.cfg" <<EOF
name = "shared-$g"
type = "pvh"
kernel = "$kernel"
memory = 64
disk = [ "$XK_TMP/shared.raw,raw,xvda,w!" ]
EOF
done
accept shared-disk-both "$XK_TMP/shared-a.cfg" "$XK_TMP/shared-b.cfg"
# without share-rw the second opener is refused: the test can fail
domid=$((domid + 10))
if "$helper" -a tcg -d "$domid" -p ",share-rw=on=" -s "$XK_TMP/shared-a.cfg" \
	"$XK_TMP/shared-b.cfg" > "$XK_TMP/out" 2> "$XK_TMP/err"; then
	fail "two writers without share-rw were both accepted"
fi
grep -q 'Failed to get "write" lock' "$XK_TMP/err" ||
	fail "no write-lock refusal without share-rw: $(cat "$XK_TMP/err")"
echo "ok: without share-rw the second writer is refused"

# --- xen mode: this host has no KVM_CAP_XEN_HVM. QEMU must parse every
# option and stop at the accelerator, with the reason.
domid=$((domid + 10))
# shellcheck disable=SC2086 # $paths is a word list
if "$helper" -a xen -d "$domid" $paths -s "$XK_TMP/channels.cfg" \
	> "$XK_TMP/out" 2> "$XK_TMP/err"; then
	echo "ok: xen mode accepted (this host has Xen emulation)"
else
	grep -Eq "Xen HVM guest support not present or insufficient|xen-version=0x40013,kernel-irqchip=split: failed to initialize kvm" "$XK_TMP/err" ||
		fail "xen mode refused for another reason: $(cat "$XK_TMP/err")"
	echo "ok: xen mode parsed up to the accelerator: $(grep -o 'qemu-system[^;]*' "$XK_TMP/err" | tail -n 1)"
fi

# QEMU creates devices only after the accelerator: check that every Xen PV
# device of the xen-mode argv and each property it is given exist here.
for cfg in channels disks nics; do
	"$helper" -a xen -d 7 "$XK_TMP/$cfg.cfg" > "$XK_TMP/xen.argv" \
		2>/dev/null || fail "xen mode: no argv for $cfg.cfg"
	grep -A1 -x -- -device "$XK_TMP/xen.argv" | grep '^xen-' |
		sort -u > "$XK_TMP/xen.devs"
	[ -s "$XK_TMP/xen.devs" ] || fail "xen mode: no Xen device for $cfg.cfg"
	while IFS= read -r dev; do
		drv=${dev%%,*}
		props=$("$QEMU" -device "$drv,help" 2>&1) ||
			fail "xen mode: this QEMU has no $drv: $props"
		for kv in $(printf '%s\n' "${dev#*,}" | tr ',' ' '); do
			# id= is qdev's own option, taken by every device and
			# never listed among a driver's properties.
			[ "${kv%%=*}" = id ] && continue
			printf '%s\n' "$props" | grep -Eq "^ +${kv%%=*}=" ||
				fail "xen mode: $drv has no property ${kv%%=*}"
		done
		echo "ok: xen mode device $dev"
	done < "$XK_TMP/xen.devs"
done

# nothing may stay behind
! pgrep -f "$XEN_KVM_ROOT" > /dev/null || fail "a QEMU is still running"
[ -z "$(ls "$XEN_KVM_ROOT/var/run/xen-kvm" 2>/dev/null)" ] ||
	fail "domain dirs left: $(ls "$XEN_KVM_ROOT/var/run/xen-kvm")"
echo "PASS"
