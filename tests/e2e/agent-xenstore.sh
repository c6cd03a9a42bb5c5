#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# agent-xenstore.sh: a real QEMU guest (TCG) runs xen-kvm-agent on its
# org.xenkvm.link virtio-serial port; xen-kvm-linkd relays it to the domain's
# XenStore socket. Proves, from the guest's own console output and from dom0:
# the guest's unmodified xenstore-read/-write/-ls/-chmod/-watch (no
# environment variable) read what dom0 wrote under /local/domain/N, write and
# share under it and see dom0's writes; the guest
# cannot write /local/domain/0; the agent comes back after the host end
# restarts; the agent publishes the guest's facts (data/os_uname equal to the
# guest's own `uname -r`, data/meminfo_total, data/updated); control/shutdown=
# poweroff written by dom0 is acknowledged (the node is cleared) and the guest
# powers off, so QEMU exits.
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_cmd xenstore-read xenstore-write xenstore-chmod timeout od
[ -x /usr/bin/python3 ] || skip "needs /usr/bin/python3 (python3-pyxs)"

agent=$top_builddir/tools/agent/xen-kvm-agent
linkd=$top_builddir/tools/agent/xen-kvm-linkd
xsd=$top_builddir/xenstored-kvm/xenstored-kvm
t=$XK_TMP
N=3

# ---------------------------------------------------------------- guest side
cat > "$t/guest.sh" <<'GUEST'
#!/bin/sh
# the kit's /init has started xen-kvm-agent
# read PATH, retrying while the link comes up
r() {
	i=0
	while [ $i -lt 150 ]; do
		v=$(timeout 5 xenstore-read "$1" 2>/dev/null) && { echo "$v"; return 0; }
		i=$((i + 1))
		sleep 0.2
	done
	return 1
}
echo "guest-read: $(r data/x)"
echo "guest-uname: $(uname -r)"
if xenstore-write /local/domain/0/x evil 2>/tmp/err; then
	echo "guest-write-dom0: allowed"
else
	echo "guest-write-dom0: denied: $(cat /tmp/err)"
fi
xenstore-write data/fromguest "echo-$(xenstore-read data/x)" && echo "guest-write-own: ok"
xenstore-ls data | sed 's/^/guest-ls: /'
echo "guest-phase: 1"
echo "guest-read2: $(r data/y)"
xenstore-write data/shared s && xenstore-chmod data/shared n3 r5 && echo "guest-chmod: ok"
timeout 60 xenstore-watch -n 2 data/w > /tmp/watch 2>&1 &
echo "guest-phase: 2"
wait $!
sed 's/^/guest-watch: /' /tmp/watch
echo "guest-phase: 3"
sleep 120
echo "guest: still running after 120 s"
GUEST

mkguest_kit "$t/kit" --run "$t/guest.sh" \
	--agent "$agent"
kernel=$(kit_get "$t/kit" kernel)
ramdisk=$(kit_get "$t/kit" ramdisk)

# ---------------------------------------------------------------- XenStore
[ -x "$xsd" ] || fail "xenstored-kvm not built: $xsd"
mkdir -p "$t/run" "$t/state"
"$xsd" -N --rundir "$t/run" --state-dir "$t/state" </dev/null 2>"$t/xsd.err" &
cleanup_pid $!
wait_for 20 test -S "$t/run/socket" || fail "xenstored-kvm did not start: $(cat "$t/xsd.err")"
/usr/bin/python3 -c "import pyxs, sys
c = pyxs.Client(unix_socket_path=sys.argv[1]); c.connect()
c.introduce_domain($N, 0, 0)" "$t/run/socket" || fail "INTRODUCE $N failed"
wait_for 20 test -S "$t/run/domain/$N" || fail "no domain socket for $N"
export XENSTORED_PATH="$t/run/socket"

# The layout libxl writes for a domain: home readable by it, data/ and the
# control nodes it answers owned by it.
dom=/local/domain/$N
tok=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
tok2=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
xenstore-write $dom/name agent-e2e $dom/data/x "$tok" $dom/control/shutdown "" \
	$dom/control/feature-poweroff "" $dom/control/feature-reboot "" ||
	fail "dom0 cannot write the domain's layout"
xenstore-chmod $dom n0 r$N && xenstore-chmod $dom/control n0 r$N &&
	xenstore-chmod -r $dom/data n$N && xenstore-chmod $dom/control/shutdown n$N &&
	xenstore-chmod $dom/control/feature-poweroff n$N &&
	xenstore-chmod $dom/control/feature-reboot n$N || fail "dom0 cannot set permissions"

# ---------------------------------------------------------------- the guest
start_linkd() {
	"$linkd" --link "$t/link.sock" --xenstore "$t/run/domain/$N" 2>>"$t/linkd.err" &
	linkd_pid=$!
	cleanup_pid $linkd_pid
}
timeout -k 5 240 "$QEMU" -accel tcg -machine q35 -m 256 -nographic -nodefaults \
	-serial stdio -no-reboot -kernel "$kernel" -initrd "$ramdisk" \
	-append "console=ttyS0 quiet" \
	-device virtio-serial-pci \
	-chardev socket,id=link,path="$t/link.sock",server=on,wait=off \
	-device virtserialport,chardev=link,name=org.xenkvm.link \
	< /dev/null > "$t/console.log" 2> "$t/qemu.err" &
qpid=$!
cleanup_pid $qpid
wait_for 20 test -S "$t/link.sock" || fail "QEMU did not create link.sock: $(cat "$t/qemu.err")"
start_linkd

console() { tr -d '\r' < "$t/console.log"; }
guest_says() { console | sed -n "s/^$1: //p" | head -1; }
wait_phase() {
	wait_for "$2" sh -c "tr -d '\r' < '$t/console.log' | grep -q '^guest-phase: $1'" || {
		console >&2
		cat "$t/linkd.err" >&2
		fail "the guest did not reach phase $1"
	}
}

wait_phase 1 120
[ "$(guest_says guest-read)" = "$tok" ] || fail "guest read '$(guest_says guest-read)', want '$tok'"
echo "ok: the guest's xenstore-read data/x printed dom0's value $tok"
case $(guest_says guest-write-dom0) in
denied:*) echo "ok: the guest's write to /local/domain/0/x was refused: $(guest_says guest-write-dom0)" ;;
*) fail "guest write to /local/domain/0/x: $(guest_says guest-write-dom0)" ;;
esac
xenstore-exists /local/domain/0/x 2>/dev/null && fail "/local/domain/0/x exists after the guest's write"
[ "$(guest_says guest-write-own)" = ok ] || fail "the guest could not write under its own tree"
[ "$(xenstore-read $dom/data/fromguest)" = "echo-$tok" ] || fail "dom0 read '$(xenstore-read $dom/data/fromguest)'"
echo "ok: dom0 reads what the guest wrote: echo-$tok"
console | grep -q "^guest-ls: x = \"$tok\"" || fail "guest xenstore-ls data: $(console | grep guest-ls)"
echo "ok: the guest's xenstore-ls lists data/"
[ "$(xenstore-read $dom/control/feature-poweroff)" = 1 ] || fail "control/feature-poweroff not advertised"
echo "ok: the agent advertised control/feature-poweroff"
wait_for 20 sh -c "[ \"\$(xenstore-read $dom/data/updated 2>/dev/null)\" = 1 ]" ||
	fail "data/updated not written: $(console | grep xen-kvm-agent)"
guest_uname=$(guest_says guest-uname)
[ -n "$guest_uname" ] && [ "$(xenstore-read $dom/data/os_uname)" = "$guest_uname" ] ||
	fail "data/os_uname '$(xenstore-read $dom/data/os_uname)', the guest's uname -r '$guest_uname'"
mem=$(xenstore-read $dom/data/meminfo_total)
[ "$mem" -gt 0 ] || fail "data/meminfo_total '$mem'"
echo "ok: dom0 reads data/os_uname $guest_uname (the guest's uname -r), data/meminfo_total $mem KiB, data/updated 1"

# The host end goes away and comes back: the agent reconnects.
# (linkd is gone once waited for: the guest can read data/y only through
# the one started next)
kill $linkd_pid
wait $linkd_pid 2>/dev/null || true
xenstore-write $dom/data/y "$tok2"
start_linkd
wait_phase 2 60
[ "$(guest_says guest-read2)" = "$tok2" ] || fail "after the host end restarted the guest read '$(guest_says guest-read2)'"
echo "ok: service resumed after xen-kvm-linkd restarted"
[ "$(guest_says guest-chmod)" = ok ] || fail "the guest's xenstore-chmod failed"
perms=$(xenstore-ls -p $dom/data | sed -n 's/^shared = "s".*\((.*)\)$/\1/p')
[ "$perms" = "(n3,r5)" ] || fail "perms after the guest's xenstore-chmod: '$perms'"
echo "ok: the guest's xenstore-chmod data/shared n3 r5 took effect: $perms"

# The guest's xenstore-watch sees dom0's write (repeated until it is armed).
i=0
until console | grep -q '^guest-phase: 3'; do
	xenstore-write $dom/data/w/k "$i"
	i=$((i + 1))
	[ $i -lt 120 ] || fail "the guest's xenstore-watch saw nothing: $(console | tail -5)"
	sleep 0.5
done
console | grep -q '^guest-watch: data/w/k' || fail "guest watch output: $(console | grep guest-watch)"
echo "ok: the guest's xenstore-watch data/w fired on dom0's write: $(console | grep '^guest-watch: data/w/k' | head -1)"

# xl shutdown: dom0 asks, the guest acknowledges and powers off.
start=$(date +%s%N)
xenstore-write $dom/control/shutdown poweroff
qrc=0
wait $qpid || qrc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$qrc" = 0 ] || fail "QEMU exited with $qrc (124: the guest did not power off): $(console | tail -5)"
console | grep -q "xen-kvm-agent: poweroff requested by the host" || fail "no poweroff message from the agent"
console | grep -q "guest: still running" && fail "the guest outlived its script"
ack=$(xenstore-read $dom/control/shutdown) || fail "control/shutdown vanished"
[ -z "$ack" ] || fail "control/shutdown not acknowledged: '$ack'"
echo "ok: control/shutdown=poweroff acknowledged (cleared) and QEMU exited ${ms} ms later"
