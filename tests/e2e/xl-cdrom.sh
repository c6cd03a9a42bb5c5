#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# xl-cdrom.sh: cd-insert and cd-eject on a (paused) HVM domain from the
# guest kit: QEMU's drive holds the new medium or none (QMP, as `info
# block' shows it), the vbd backend's params follow; Xen's refusals (not
# HVM, no such device, not a cdrom, no such file). button-press power and
# sleep as Xen's deprecated form of trigger. xl list -Z, -c, -n columns,
# vm-list, dump-core (an ELF core of the guest's memory, owner-only),
# vncviewer and create -A with a stand-in $VNCVIEWER; migrate -p's target
# command.
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_cmd xenstore-read xenstore-ls timeout
. "$top_srcdir/tests/lib/xlenv.sh"
t=$XK_TMP

mkguest_kit "$t/kit" --no-agent
kernel=$(kit_get "$t/kit" kernel)
ramdisk=$(kit_get "$t/kit" ramdisk)
printf 'first medium' > "$t/one.iso"
printf 'second medium' > "$t/two.iso"
truncate -s 1M "$t/hd.img"
cat > "$t/h.cfg" <<EOF2
name = "cd"
type = "hvm"
memory = 128
vnc = 0
disk = [ "$t/hd.img,raw,hda,w", "format=raw, vdev=hdc, access=ro, devtype=cdrom, target=$t/one.iso" ]
EOF2
printf 'name = "pv"\ntype = "pvh"\nmemory = 128\nkernel = "%s"\nramdisk = "%s"\n' \
	"$kernel" "$ramdisk" > "$t/p.cfg"
"$xl" create -q -p "$t/h.cfg" 2> "$t/err" || fail "create cd: $(cat "$t/err")"
"$xl" create -q -p "$t/p.cfg" 2> "$t/err" || fail "create pv: $(cat "$t/err")"
d=$("$xl" domid cd)
params() { xenstore-read "/local/domain/0/backend/qdisk/$d/5632/params"; }
block() { "$xl" qemu-monitor-command cd "info block" | tr -d '\r' | grep '^disk1'; }
# A restricted QEMU gets an inserted medium as an fd (/dev/fdset/N): that
# its drive holds FILE is that it has a medium and FILE open.
qpid=$(sed -n 's/^qemu_pid=//p' "$XEN_KVM_ROOT/var/run/xen-kvm/$d/state")
holds() {
	block | grep -qv "not inserted" &&
		find "/proc/$qpid/fd" -lname "$1" 2>/dev/null | grep -q .
}

holds "$t/one.iso" || fail "the cdrom does not hold its medium: $(block)"
"$xl" cd-insert cd hdc "$t/two.iso" 2> "$t/err" || fail "cd-insert: $(cat "$t/err")"
holds "$t/two.iso" || fail "cd-insert: QEMU's drive: $(block)"
[ "$(params)" = "$t/two.iso" ] || fail "cd-insert: params $(params)"
echo "ok: cd-insert gives the drive the new medium; the backend's params follow"
"$xl" cd-eject cd hdc 2> "$t/err" || fail "cd-eject: $(cat "$t/err")"
block | grep -q "not inserted" || fail "cd-eject: QEMU's drive: $(block)"
! holds "$t/two.iso" || fail "cd-eject: QEMU still has two.iso open"
[ -z "$(params)" ] || fail "cd-eject: params $(params)"
"$xl" cd-insert cd hdc "$t/one.iso" || fail "cd-insert after an eject"
holds "$t/one.iso" || fail "cd-insert after eject: $(block)"
echo "ok: cd-eject empties it, cd-insert fills it again"

refuse() {	# WHAT EXPECTED-MESSAGE ARGS...
	what=$1 msg=$2; shift 2
	rc=0; "$xl" "$@" > /dev/null 2> "$t/err" || rc=$?
	[ $rc = 1 ] && grep -qF -- "$msg" "$t/err" || fail "$what: rc $rc: $(cat "$t/err")"
}
refuse "PVH" "cdrom-insert requires an HVM domain" cd-insert pv hdc "$t/two.iso"
refuse "no device" "Virtual device not found" cd-insert cd hdd "$t/two.iso"
refuse "a disk" "Virtual device is not a cdrom" cd-eject cd hda
refuse "no file" "Cannot stat file: $t/nosuch.iso" cd-insert cd hdc "$t/nosuch.iso"
holds "$t/one.iso" || fail "a refused cd-insert changed the drive: $(block)"
echo "ok: Xen's refusals, the drive untouched"

"$xl" button-press cd power 2> "$t/err" || fail "button-press power: $(cat "$t/err")"
grep -q 'WARNING: "button-press" is deprecated. Please use "trigger"' "$t/err" || fail "no deprecation warning"
"$xl" dmesg | grep -q "domain $d: trigger power" || fail "button-press power did not trigger"
refuse "sleep" "trigger sleep is not supported on KVM" button-press cd sleep
refuse "bad button" "lid is an invalid button identifier" button-press cd lid
echo "ok: button-press is trigger power/sleep, with Xen's warning"

# ------------------------------------------------ xl list -Z -c -n, as Xen
hdr='Name                                        ID   Mem VCPUs	State	Time(s)'
"$xl" list -Z cd > "$t/l"
[ "$(head -1 "$t/l")" = "$hdr   Security Label" ] || fail "list -Z header: $(head -1 "$t/l")"
grep -Eq "^cd {38} +$d +128 +1     --p---  +[0-9]+\.[0-9] {16}-$" "$t/l" || fail "list -Z row: $(tail -1 "$t/l")"
"$xl" list -c cd > "$t/l"
[ "$(head -1 "$t/l")" = "$hdr         Cpupool" ] || fail "list -c header: $(head -1 "$t/l")"
grep -Eq "^cd .*[0-9]\.[0-9] {10}Pool-0$" "$t/l" || fail "list -c row: $(tail -1 "$t/l")"
"$xl" list -n > "$t/l"
[ "$(head -1 "$t/l")" = "$hdr NODE Affinity" ] || fail "list -n header: $(head -1 "$t/l")"
[ "$(grep -c ' all$' "$t/l")" = 3 ] || fail "list -n rows (one node here: all): $(cat "$t/l")"
"$xl" list -v -Z cd > "$t/l"
[ "$(grep -o ' \{16\}-' "$t/l" | wc -l)" = 1 ] || fail "list -v -Z prints the label twice: $(cat "$t/l")"
echo "ok: list -Z, -c and -n add Xen's columns"

# ------------------------------------------------ vm-list, dump-core
"$xl" vm-list > "$t/vm"
[ "$(head -1 "$t/vm")" = "UUID                                  ID    name" ] || fail "vm-list header: $(head -1 "$t/vm")"
p=$("$xl" domid pv)
grep -Eq "^[0-9a-f-]{36}  $d    cd {28}$" "$t/vm" && grep -Eq "^[0-9a-f-]{36}  $p    pv {28}$" "$t/vm" &&
	[ "$(wc -l < "$t/vm")" = 3 ] || fail "vm-list rows: $(cat "$t/vm")"
echo "ok: vm-list lists the guests, not Domain-0, in Xen's format"
(cd "$t" && "$xl" dump-core cd cd.core) 2> "$t/err" || fail "dump-core: $(cat "$t/err")"
[ "$(head -c 4 "$t/cd.core" | od -An -c | tr -d ' ')" = '177ELF' ] || fail "dump-core: not an ELF file"
case $(stat -c %a "$t/cd.core") in ?00) ;; *) fail "dump-core: mode $(stat -c %a "$t/cd.core"): others may read the guest's memory" ;; esac
[ "$(stat -c %s "$t/cd.core")" -gt $((100 * 1024 * 1024)) ] || fail "dump-core: $(stat -c %s "$t/cd.core") bytes for 128 MiB of RAM"
rm -f "$t/cd.core"
"$xl" list cd | grep -q "^cd .* --p--- " || fail "dump-core left the domain other than paused"
echo "ok: dump-core writes the guest's memory as an ELF core, its owner's alone"

# ------------------------------------------------ vncviewer, create -V/-A
printf '#!/bin/sh\n{ echo "args: $*"; cat; } > "%s.tmp" && mv "%s.tmp" "%s"\n' \
	"$t/viewer.out" "$t/viewer.out" "$t/viewer.out" > "$t/viewer"
chmod +x "$t/viewer"
export VNCVIEWER="$t/viewer"
cat > "$t/v.cfg" <<EOF2
name = "vn"
type = "hvm"
memory = 128
vnc = 1
vnclisten = "127.0.0.1"
vncunused = 1
vncpasswd = "s3cret"
EOF2
"$xl" create -q -p -A "$t/v.cfg" 2> "$t/err" || fail "create -A: $(cat "$t/err")"
wait_for 30 test -s "$t/viewer.out" || fail "create -A started no viewer"
v=$("$xl" domid vn)
port=$("$xl" qemu-monitor-command vn "info vnc" | tr -d '\r' | sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' | head -1)
[ -n "$port" ] || fail "QEMU has no VNC server: $("$xl" qemu-monitor-command vn "info vnc")"
printf 'args: 127.0.0.1:%d -autopass\ns3cret' $((port - 5900)) > "$t/want"
cmp -s "$t/want" "$t/viewer.out" || fail "create -A: the viewer got $(cat "$t/viewer.out")"
rm -f "$t/viewer.out"
"$xl" vncviewer vn < /dev/null || fail "vncviewer"
[ "$(cat "$t/viewer.out")" = "args: 127.0.0.1:$((port - 5900))" ] || fail "vncviewer: $(cat "$t/viewer.out")"
rm -f "$t/viewer.out"
"$xl" vncviewer --autopass vn < /dev/null || fail "vncviewer --autopass"
cmp -s "$t/want" "$t/viewer.out" || fail "vncviewer --autopass: $(cat "$t/viewer.out")"
! xenstore-ls -f "/local/domain/$v" 2>/dev/null | grep -q s3cret || fail "the VNC password is in the guest's XenStore tree"
refuse "no vnc" "Cannot get vnc-port" vncviewer cd
echo "ok: vncviewer and create -A hand QEMU's VNC display (and the password on stdin) to \$VNCVIEWER"

# ------------------------------------------------ migrate -p reaches the target
printf '#!/bin/sh\necho "$*" > "%s"\nexit 1\n' "$t/ssh.args" > "$t/fakessh"
chmod +x "$t/fakessh"
rc=0; "$xl" migrate -p -e -s "$t/fakessh" cd otherhost > /dev/null 2> "$t/err" || rc=$?
[ $rc = 1 ] || fail "migrate to a failing target: exit $rc"
[ "$(cat "$t/ssh.args")" = "otherhost xl migrate-receive -p" ] || fail "migrate -p ran: $(cat "$t/ssh.args")"
grep -q "^xl migrate -e: ignored" "$t/err" || fail "migrate -e said nothing: $(cat "$t/err")"
"$xl" list cd | grep -q "^cd .* --p--- " || fail "a failed migration changed the domain: $("$xl" list cd)"
echo "ok: migrate -p asks the target's migrate-receive for -p; a failed target leaves the domain"
