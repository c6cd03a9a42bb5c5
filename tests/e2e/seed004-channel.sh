#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# seed004-channel.sh: seed 004's pv channels with our xl (guest kit under
# TCG, tests/lib/xlenv.sh): a DomU writes 300 lines to /dev/hvc1 and a dom0
# reader on the channel's socket receives them in order, then dom0 answers
# and the DomU reads the answer on /dev/hvc1; the socket is 0600; a pty
# channel's tty is in XenStore where libxl puts it; `xl channel-list` in
# Xen's format; two DomUs exchange messages both ways over a
# backend=<domain> channel through the monitor's relay, with no dom0 program,
# also after the serving DomU restarts; that channel's XenStore nodes are
# libxl's for a backend in another domain (path, backend-id, perms, the BE
# column of `xl channel-list`), move to the serving DomU's new domid when
# it restarts, and destroying the frontend's domain leaves nothing of it in
# the backend domain's tree.
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_root "QEMU's sandbox"
need_cmd socat xenstore-read xenstore-write xenstore-ls xenstore-list timeout
. "$top_srcdir/tests/lib/xlenv.sh"
t=$XK_TMP

# kit SCRIPT: the guest kit running SCRIPT; prints its ramdisk
kit() {
	mkguest_kit "$t/kit" --run "$1"
	kit_get "$t/kit" ramdisk
}
# perms DIR CHILD: the perms xenstore-ls -p shows for DIR/CHILD ("n8,r9")
perms() {
	xenstore-ls -p "$1" | sed -n "s/^$2 = .*(\(.*\))\$/\1/p"
}
# cfg NAME RAMDISK CHANNELS: a PVH domain of the kit
cfg() {
	printf 'name = "%s"\ntype = "pvh"\nkernel = "%s"\nramdisk = "%s"\n' \
		"$1" "$kernel" "$2"
	printf 'extra = "console=hvc0"\nmemory = 256\nchannel = [ %s ]\n' "$3"
}

# The guest waits for data/go (dom0's reader is connected), writes its
# lines, then reads dom0's 3 lines back. hvc1 goes raw (no echo, no \r) on
# a descriptor held open: hvc resets its settings on the last close.
cat > "$t/guest.sh" <<'GUEST'
#!/bin/sh
until [ "$(xenstore-read data/go 2>/dev/null)" = 1 ]; do sleep 0.2; done
exec 4<>/dev/hvc1
stty raw -echo <&4
i=1
while [ $i -le 300 ]; do echo "line $i of the guest"; i=$((i + 1)); done >&4
echo "guest: sent"
head -n 3 <&4 | sed 's/^/guest-got: /'
echo "guest: done"
sleep 600
GUEST
ramdisk=$(kit "$t/guest.sh")
kernel=$(kit_get "$t/kit" kernel)

sock=$t/canal.sock
cfg chan-a "$ramdisk" "\"name=nom_du_canal, connection=socket, path=$sock\",
	\"name=journal, connection=pty\"" > "$t/a.cfg"
"$xl" create -q "$t/a.cfg" 2>"$t/create.err" || fail "create: $(cat "$t/create.err")"
id=$("$xl" domid chan-a)
wait_for 20 test -S "$sock" || fail "no channel socket at $sock"

# ------------------------------------------------------------ DomU -> dom0
# One connection both ways: dom0 writes through a fifo kept open on fd 3.
mkfifo "$t/to-guest"
socat -d -d UNIX-CONNECT:"$sock" STDIO < "$t/to-guest" > "$t/from-guest" 2>"$t/socat.err" &
cleanup_pid $!
exec 3> "$t/to-guest"
wait_for 20 grep -q "starting data transfer loop" "$t/socat.err" ||
	fail "socat did not connect: $(cat "$t/socat.err")"
xenstore-write "/local/domain/$id/data/go" 1
xl_wait_console 90 chan-a '^guest: sent$' || fail "guest never sent: $(xl_console chan-a | tail -5)"
i=1
: > "$t/want"
while [ $i -le 300 ]; do echo "line $i of the guest" >> "$t/want"; i=$((i + 1)); done
wait_for 20 sh -c "[ \$(wc -l < '$t/from-guest') -ge 300 ]" ||
	fail "dom0 got $(wc -l < "$t/from-guest") of 300 lines"
cmp "$t/want" "$t/from-guest" || fail "lines differ: $(diff "$t/want" "$t/from-guest" | head -5)"
echo "ok: 300 lines DomU -> dom0 in order"

# ------------------------------------------------------------ dom0 -> DomU
printf 'cmd reboot-usb\ncmd list /mnt/usb\ncmd quit\n' >&3
xl_wait_console 30 chan-a '^guest: done$' || fail "guest did not read dom0's lines: $(xl_console chan-a | tail -5)"
[ "$(xl_console chan-a | sed -n 's/^guest-got: //p' | tr '\n' '|')" = "cmd reboot-usb|cmd list /mnt/usb|cmd quit|" ] ||
	fail "guest read: $(xl_console chan-a | grep guest-got)"
echo "ok: 3 lines dom0 -> DomU"
exec 3>&-

# ------------------------------------------------------------ modes, pty, list
[ "$(stat -c %a "$sock")" = 600 ] || fail "channel socket mode $(stat -c %a "$sock"), not 600"
tty=$(xenstore-read "/local/domain/$id/device/console/2/tty") || fail "no tty node for the pty channel"
[ -c "$tty" ] || fail "tty node '$tty' is not a character device"
"$xl" channel-list chan-a > "$t/list" || fail "channel-list failed"
{
	printf '%-3s %-2s %-5s %-6s %8s %-10s %-30s\n' Idx BE state evt-ch ring-ref connection ""
	printf '%-3d %-2d %-5s %-6d %-8d %-10s \n' 0 0 X -1 -1 socket
	printf '%-3d %-2d %-5s %-6d %-8d %-10s %-30s \n' 1 0 X -1 -1 pty "$tty"
} > "$t/want"
# the frontend's state is the device's (1 or 4): compare the rest exactly
sed 's/^\(... .. \)[0-9] /\1X /' "$t/list" > "$t/list.n"
cmp "$t/want" "$t/list.n" || fail "channel-list: $(cat "$t/list")"
echo "ok: socket 0600, pty $tty in XenStore, channel-list"
"$xl" destroy chan-a

# ------------------------------------------------------------ DomU <-> DomU
# B serves the channel (its QEMU listens at path=); A names B as backend:
# A's monitor relays A's hvc1 to it. Each round A sends 3 lines, B reads
# them and answers one; then B is destroyed and created again (a new
# domain, a new QEMU) and the next round goes through the same relay.
cat > "$t/b.sh" <<'GUEST'
#!/bin/sh
exec 4<>/dev/hvc1
stty raw -echo <&4
echo "b: ready"
head -n 3 <&4 | sed 's/^/b-got: /'
echo "ack from $(xenstore-read domid)" >&4
echo "b: done"
sleep 600
GUEST
cat > "$t/a2.sh" <<'GUEST'
#!/bin/sh
exec 4<>/dev/hvc1
stty raw -echo <&4
n=1
while :; do
	until [ "$(xenstore-read data/go 2>/dev/null)" = $n ]; do sleep 0.2; done
	printf 'rpc %s.1\nrpc %s.2\nrpc %s.3\n' $n $n $n >&4
	head -n 1 <&4 | sed "s/^/a-got-$n: /"
	n=$((n + 1))
done
GUEST
pair=$t/rpc.sock
cfg vm-b "$(kit "$t/b.sh")" "\"name=rpc, connection=socket, path=$pair\"" > "$t/pb.cfg"
cfg vm-a "$(kit "$t/a2.sh")" "\"name=rpc, connection=socket, path=$pair, backend=vm-b\"" > "$t/pa.cfg"
"$xl" create -q "$t/pb.cfg" 2>"$t/create.err" || fail "create vm-b: $(cat "$t/create.err")"
"$xl" create -q "$t/pa.cfg" 2>"$t/create.err" || fail "create vm-a: $(cat "$t/create.err")"
ida=$("$xl" domid vm-a)
idb1=$("$xl" domid vm-b)

# A's channel as libxl writes it for a backend in B: B's tree, B's nodes
fe=/local/domain/$ida/device/console/1
be=/local/domain/$idb1/backend/console/$ida/1
[ "$(xenstore-read "$fe/backend")" = "$be" ] || fail "backend: $(xenstore-read "$fe/backend")"
[ "$(xenstore-read "$fe/backend-id")" = "$idb1" ] || fail "backend-id: $(xenstore-read "$fe/backend-id")"
[ "$(xenstore-read "$be/frontend")" = "$fe" ] || fail "frontend: $(xenstore-read "$be/frontend")"
[ "$(xenstore-read "$be/connection")" = socket ] || fail "no connection node under $be"
[ "$(perms "${be%/1}" 1)" = "n$idb1,r$ida" ] || fail "backend perms: $(perms "${be%/1}" 1)"
[ "$(perms "${fe%/1}" 1)" = "n$ida,r$idb1" ] || fail "frontend perms: $(perms "${fe%/1}" 1)"
! xenstore-read "/local/domain/0/backend/console/$ida/1/name" 2>/dev/null ||
	fail "A's channel also has a backend under dom0"
"$xl" channel-list vm-a > "$t/list" || fail "channel-list vm-a failed"
{
	printf '%-3s %-2s %-5s %-6s %8s %-10s %-30s\n' Idx BE state evt-ch ring-ref connection ""
	printf '%-3d %-2d %-5s %-6d %-8d %-10s \n' 0 "$idb1" X -1 -1 socket
} > "$t/want"
sed 's/^\(... .. \)[0-9] /\1X /' "$t/list" > "$t/list.n"
cmp "$t/want" "$t/list.n" || fail "channel-list vm-a: $(cat "$t/list")"
echo "ok: backend in vm-b's tree ($be), backend-id, perms, channel-list BE $idb1"

# C (paused, never runs) also names B: destroying C removes its nodes from
# B's tree and leaves A's
cfg vm-c "$(kit_get "$t/kit" ramdisk)" "\"name=rpc, connection=socket, path=$t/none.sock, backend=vm-b\"" > "$t/pc.cfg"
"$xl" create -q -p "$t/pc.cfg" 2>"$t/create.err" || fail "create vm-c: $(cat "$t/create.err")"
idc=$("$xl" domid vm-c)
[ "$(xenstore-read "/local/domain/$idc/device/console/1/backend-id")" = "$idb1" ] || fail "vm-c: backend-id"
[ "$(xenstore-list "/local/domain/$idb1/backend/console" | sort -n | tr '\n' ' ')" = "$(printf '%s\n' "$ida" "$idc" | sort -n | tr '\n' ' ')" ] ||
	fail "vm-b's backends: $(xenstore-list "/local/domain/$idb1/backend/console")"
"$xl" destroy vm-c
[ "$(xenstore-list "/local/domain/$idb1/backend/console" | tr '\n' ' ')" = "$ida " ] ||
	fail "after destroying vm-c, vm-b's backends: $(xenstore-list "/local/domain/$idb1/backend/console" | tr '\n' ' ')"
xenstore-ls -f /local/domain | grep -E "/backend/[^/]+/$idc(/| )" &&
	fail "nodes of vm-c left after its destroy"
echo "ok: destroying vm-c removed its nodes from vm-b's tree"

xl_wait_console 90 vm-a 'xen-kvm-guest: init ready' || fail "vm-a did not boot"
for round in 1 2; do
	idb=$("$xl" domid vm-b)
	xl_wait_console 90 vm-b '^b: ready$' || fail "vm-b did not open hvc1 (round $round)"
	xenstore-write "/local/domain/$ida/data/go" $round
	xl_wait_console 60 vm-b '^b: done$' || fail "vm-b did not get A's lines (round $round): $(xl_console vm-b | tail -5)"
	[ "$(xl_console vm-b | sed -n 's/^b-got: //p' | tr '\n' '|')" = "rpc $round.1|rpc $round.2|rpc $round.3|" ] ||
		fail "vm-b read (round $round): $(xl_console vm-b | grep b-got)"
	xl_wait_console 30 vm-a "^a-got-$round: " || fail "vm-a got no answer (round $round)"
	[ "$(xl_console vm-a | sed -n "s/^a-got-$round: //p")" = "ack from $idb" ] ||
		fail "vm-a read (round $round): $(xl_console vm-a | grep a-got)"
	echo "ok: round $round: vm-a <-> vm-b (domain $idb) over backend=vm-b, no dom0 program"
	[ $round = 2 ] && break
	"$xl" destroy vm-b
	rm -f "$XEN_KVM_ROOT/var/log/xen/console/guest-vm-b.log"
	"$xl" create -q "$t/pb.cfg" 2>"$t/create.err" || fail "re-create vm-b: $(cat "$t/create.err")"
done
echo "ok: the relay survived the peer's restart"
# A's channel followed vm-b to its new domid once the relay reconnected to
# it (README.channels): the nodes are as at create, with B's new domid
[ "$idb" != "$idb1" ] || fail "vm-b kept domid $idb1 across its restart"
be2=/local/domain/$idb/backend/console/$ida/1
moved() {
	[ "$(xenstore-read "$fe/backend-id" 2>/dev/null)" = "$idb" ] &&
		xenstore-read "$be2/frontend" >/dev/null 2>&1
}
wait_for 30 moved || fail "after vm-b's restart as $idb: backend-id $(xenstore-read "$fe/backend-id"), $be2: $(xenstore-ls "$be2" 2>&1 | head -3)"
[ "$(xenstore-read "$fe/backend")" = "$be2" ] || fail "backend after the restart: $(xenstore-read "$fe/backend")"
[ "$(xenstore-read "$be2/frontend")" = "$fe" ] || fail "frontend after the restart: $(xenstore-read "$be2/frontend")"
[ "$(xenstore-read "$be2/frontend-id")" = "$ida" ] || fail "frontend-id after the restart"
[ "$(xenstore-read "$be2/connection")" = socket ] || fail "no connection node under $be2"
[ "$(xenstore-read "$be2/path")" = "$pair" ] || fail "path under $be2: $(xenstore-read "$be2/path")"
[ "$(xenstore-read "$be2/state")" = 4 ] || fail "state under $be2: $(xenstore-read "$be2/state")"
[ "$(perms "${be2%/1}" 1)" = "n$idb,r$ida" ] || fail "backend perms after the restart: $(perms "${be2%/1}" 1)"
[ "$(perms "$be2" name)" = "n$idb,r$ida" ] || fail "perms of $be2/name: $(perms "$be2" name)"
[ "$(perms "${fe%/1}" 1)" = "n$ida,r$idb" ] || fail "frontend perms after the restart: $(perms "${fe%/1}" 1)"
[ "$(perms "$fe" backend-id)" = "n$ida,r$idb" ] || fail "perms of $fe/backend-id: $(perms "$fe" backend-id)"
! xenstore-read "$be/frontend" 2>/dev/null || fail "the old backend $be is still there"
xenstore-ls -f /local/domain | grep "^/local/domain/$idb1/" &&
	fail "nodes of the first vm-b left"
! xenstore-read "/local/domain/0/backend/console/$ida/1/name" 2>/dev/null ||
	fail "A's channel has a backend under dom0 after the restart"
"$xl" channel-list vm-a > "$t/list" || fail "channel-list vm-a failed after the restart"
{
	printf '%-3s %-2s %-5s %-6s %8s %-10s %-30s\n' Idx BE state evt-ch ring-ref connection ""
	printf '%-3d %-2d %-5d %-6d %-8d %-10s \n' 0 "$idb" 4 -1 -1 socket
} > "$t/want"
cmp "$t/want" "$t/list" || fail "channel-list vm-a after the restart: $(cat "$t/list")"
echo "ok: A's backend moved to the new vm-b's tree ($be2), perms, channel-list BE $idb"
# vm-a goes first, so its backend in the running vm-b's tree ($be2, checked
# above) must be removed by vm-a's own cleanup.
"$xl" destroy vm-a
xenstore-ls -f /local/domain | grep -E "/backend/[^/]+/$ida(/| )" &&
	fail "nodes of vm-a left after its destroy"
! xenstore-read "/local/domain/$idb/backend" >/dev/null 2>&1 ||
	fail "vm-b's emptied backend directory is still there"
echo "ok: no backend node of vm-a left in the running vm-b"
"$xl" destroy vm-b
echo PASS
