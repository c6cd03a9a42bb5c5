#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# seed004-p9.sh: seed 004's 9p file exchange with our xl (guest kit under
# TCG, tests/lib/xlenv.sh). The guest mounts two shares with the one-line
# xen-kvm-mount-p9 TAG DIR: "usb" (the seed's /mnt/usb with "1-Maclé" and
# "2-NO NAME"), exported read-only, and "xfer", writable. It lists, reads and
# copies files from usb, copies one into xfer (dom0 checks the bytes), and
# cannot write to usb. Xen's p9 spec has no read-only key; usb is exported
# with our extension `readonly=1' (xl-compat/README), on a host directory
# that is itself writable, so only the key keeps the guest out.
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_root "QEMU's sandbox"
need_cmd xenstore-read timeout md5sum
. "$top_srcdir/tests/lib/xlenv.sh"
t=$XK_TMP

mkdir -p "$t/usb-src/1-Maclé" "$t/usb-src/2-NO NAME"
xl_p9_share "$t/xfer"
echo "rapport du 21 novembre" > "$t/usb-src/1-Maclé/rapport.txt"
head -c 3000000 /dev/urandom > "$t/usb-src/1-Maclé/big.bin"
echo "photo" > "$t/usb-src/2-NO NAME/img.txt"

cat > "$t/guest.sh" <<'GUEST'
#!/bin/sh
xen-kvm-mount-p9 usb /mnt/usb && echo "p9-mount: ok"
xen-kvm-mount-p9 xfer /mnt/xfer && echo "p9-mount-xfer: ok"
# busybox ls shows non-ASCII names as '?': list through the shell's glob
for f in /mnt/usb/*; do echo "p9-ls: ${f##*/}"; done
echo "p9-cat: $(cat '/mnt/usb/1-Maclé/rapport.txt')"
cp '/mnt/usb/1-Maclé/big.bin' /tmp/big.bin && echo "p9-md5: $(md5sum < /tmp/big.bin | cut -d' ' -f1)"
cp /tmp/big.bin /mnt/xfer/copy.bin && sync && echo "p9-copied: ok"
if echo x 2>/dev/null > /mnt/usb/new.txt; then echo "p9-ro-write: allowed"; else echo "p9-ro-write: refused"; fi
if rm '/mnt/usb/2-NO NAME/img.txt' 2>/dev/null; then echo "p9-ro-rm: allowed"; else echo "p9-ro-rm: refused"; fi
echo "guest: done"
sleep 600
GUEST
mkguest_kit "$t/kit" --run "$t/guest.sh"
cat > "$t/g.cfg" <<EOF
name = "vm-files"
type = "pvh"
kernel = "$(kit_get "$t/kit" kernel)"
ramdisk = "$(kit_get "$t/kit" ramdisk)"
extra = "console=hvc0"
memory = 256
p9 = [ "tag=usb, path=$t/usb-src, security_model=none, readonly=1",
       "tag=xfer, path=$t/xfer, security_model=none" ]
EOF
"$xl" create -q "$t/g.cfg" 2>"$t/create.err" || fail "create: $(cat "$t/create.err")"
xl_wait_console 120 vm-files '^guest: done$' || fail "guest did not finish: $(xl_console vm-files | tail -5)"
con() { xl_console vm-files | sed -n "s/^$1: //p"; }

[ "$(con p9-mount)" = ok ] && [ "$(con p9-mount-xfer)" = ok ] || fail "mount failed: $(xl_console vm-files | tail -12)"
[ "$(con p9-ls | tr '\n' '|')" = "1-Maclé|2-NO NAME|" ] || fail "ls: $(con p9-ls)"
[ "$(con p9-cat)" = "rapport du 21 novembre" ] || fail "cat: $(con p9-cat)"
want=$(md5sum < "$t/usb-src/1-Maclé/big.bin" | cut -d' ' -f1)
[ "$(con p9-md5)" = "$want" ] || fail "the copy in the guest differs: $(con p9-md5) != $want"
echo "ok: the DomU lists, reads and copies files from the share"
[ "$(con p9-copied)" = ok ] || fail "copy into xfer failed"
[ "$(md5sum < "$t/xfer/copy.bin" | cut -d' ' -f1)" = "$want" ] || fail "dom0 sees a different copy"
echo "ok: the DomU copies a file into a writable share"
[ "$(con p9-ro-write)" = refused ] && [ "$(con p9-ro-rm)" = refused ] ||
	fail "the read-only share was written: write $(con p9-ro-write), rm $(con p9-ro-rm)"
[ ! -e "$t/usb-src/new.txt" ] && [ -e "$t/usb-src/2-NO NAME/img.txt" ] || fail "the host directory changed"
echo "ok: the DomU cannot write the read-only share"
echo PASS
