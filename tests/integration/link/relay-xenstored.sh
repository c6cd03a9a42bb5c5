#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Two "guests" on the host, each the real agent behind its own cable.py and
# xen-kvm-linkd, against the real xenstored-kvm: Debian's unmodified
# xenstore tools through the link act as the domain whose socket linkd was
# given, whatever they ask for. Checks reads and writes both ways, EACCES
# outside the domain's tree, sharing between domains with xenstore-chmod (and
# EACCES without the grant), watches, the shutdown acknowledgement, and the
# guest info the agent publishes (data/, attr/vif/) with the values of this
# host, whose /proc, /etc/os-release and NICs the agent reads.
. "$top_srcdir/tests/lib/common.sh"
need_cmd xenstore-read xenstore-write xenstore-chmod xenstore-watch python3 ip awk
[ -x /usr/bin/python3 ] || skip "needs /usr/bin/python3 (python3-pyxs)"

here=$top_srcdir/tests/integration/link
agent=$top_builddir/tools/agent/xen-kvm-agent
linkd=$top_builddir/tools/agent/xen-kvm-linkd
xsd=$top_builddir/xenstored-kvm/xenstored-kvm
[ -x "$xsd" ] || fail "xenstored-kvm not built: $xsd"
T=$XK_TMP

mkdir -p "$T/run" "$T/state"
"$xsd" -N --rundir "$T/run" --state-dir "$T/state" </dev/null 2>"$T/xsd.err" &
cleanup_pid $!
wait_for 20 test -S "$T/run/socket" || fail "xenstored-kvm did not start: $(cat "$T/xsd.err")"
export XENSTORED_PATH=$T/run/socket

# guest D: introduce it, give it libxl's layout, and link an agent to it
# (further arguments go to the agent)
guest_up() {
	d=$1
	shift
	/usr/bin/python3 -c "import pyxs, sys
c = pyxs.Client(unix_socket_path=sys.argv[1]); c.connect()
c.introduce_domain($d, 0, 0)" "$T/run/socket" || fail "INTRODUCE $d"
	wait_for 10 test -S "$T/run/domain/$d" || fail "no domain socket for $d"
	xenstore-write /local/domain/$d/name g$d /local/domain/$d/data "" \
		/local/domain/$d/control/shutdown "" /local/domain/$d/control/feature-poweroff "" \
		/local/domain/$d/control/feature-balloon "" /local/domain/$d/attr "" \
		/local/domain/$d/device/vif/0/mac "$host_mac" \
		/local/domain/$d/device/vif/1/mac 00:16:3e:00:00:01 &&
	xenstore-chmod /local/domain/$d n0 r$d && xenstore-chmod /local/domain/$d/control n0 r$d &&
	xenstore-chmod /local/domain/$d/data n$d && xenstore-chmod /local/domain/$d/control/shutdown n$d &&
	xenstore-chmod /local/domain/$d/control/feature-poweroff n$d &&
	xenstore-chmod /local/domain/$d/control/feature-balloon n$d &&
	xenstore-chmod /local/domain/$d/attr n$d && xenstore-chmod -r /local/domain/$d/device n$d ||
		fail "layout of $d"
	python3 "$here/cable.py" "$T/link$d.sock" "$T/port$d.sock" 2>"$T/cable$d.err" &
	cleanup_pid $!
	wait_for 10 test -S "$T/port$d.sock" || fail "cable $d did not start"
	"$linkd" --link "$T/link$d.sock" --xenstore "$T/run/domain/$d" 2>"$T/linkd$d.err" &
	cleanup_pid $!
	cat >"$T/power$d" <<EOP
#!/bin/sh
echo "\$1" >>"$T/power$d.log"
EOP
	chmod +x "$T/power$d"
	"$agent" --foreground --port "$T/port$d.sock" --socket "$T/g$d/socket" \
		--power-command "$T/power$d" "$@" 2>"$T/agent$d.err" &
	cleanup_pid $!
	wait_for 10 test -S "$T/g$d/socket" || fail "agent $d did not listen"
}
as_guest() { d=$1; shift; XENSTORED_PATH=$T/g$d/socket timeout 10 "$@"; }
pyxs_errno() {
	/usr/bin/python3 - "$@" <<'EOP'
import errno, sys, pyxs
c = pyxs.Client(unix_socket_path=sys.argv[1])
c.connect()
try:
    if sys.argv[2] == "write":
        c.write(sys.argv[3].encode(), b"x")
    else:
        c.read(sys.argv[3].encode())
    print("ok")
except pyxs.PyXSError as e:
    print(errno.errorcode.get(e.args[0], e.args[0]))
EOP
}

# vif 0 of each guest has the MAC of this host's first NIC with an IPv4
# address, so the agent publishes that NIC's addresses; vif 1 matches no NIC
host_nic=$(ip -o -4 addr show scope global | awk '{ print $2; exit }')
[ -n "$host_nic" ] || skip "needs a NIC with a global IPv4 address"
host_mac=$(cat "/sys/class/net/$host_nic/address")

guest_up 7 --guest-info-interval 1
guest_up 8 --no-guest-info

xenstore-write /local/domain/7/data/x "for seven"
[ "$(as_guest 7 xenstore-read data/x)" = "for seven" ] || fail "guest 7 relative read"
echo "ok: guest 7 reads data/x through the link"
as_guest 7 xenstore-write data/y "from seven" || fail "guest 7 write"
[ "$(xenstore-read /local/domain/7/data/y)" = "from seven" ] || fail "dom0 read of guest 7's write"
echo "ok: dom0 reads guest 7's write"

[ "$(pyxs_errno "$T/g7/socket" write /local/domain/0/x)" = EACCES ] || fail "guest 7 wrote /local/domain/0/x"
[ "$(pyxs_errno "$T/g7/socket" write /local/domain/8/data/z)" = EACCES ] || fail "guest 7 wrote into guest 8"
echo "ok: guest 7 gets EACCES writing /local/domain/0 and into guest 8"

# sharing, as seed 004 does it: 7 writes, grants 8 read, 8 reads
as_guest 7 xenstore-write data/shared secret || fail "guest 7 write data/shared"
[ "$(pyxs_errno "$T/g8/socket" read /local/domain/7/data/shared)" = EACCES ] || fail "guest 8 read without a grant"
echo "ok: guest 8 gets EACCES reading guest 7's node without a grant"
as_guest 7 xenstore-chmod data/shared n7 r8 || fail "guest 7 xenstore-chmod"
[ "$(as_guest 8 xenstore-read /local/domain/7/data/shared)" = secret ] || fail "guest 8 read after the grant"
echo "ok: after guest 7's xenstore-chmod n7 r8, guest 8 reads it"

# a watch through the link
XENSTORED_PATH=$T/g8/socket xenstore-watch -n 2 data/w >"$T/watch" 2>&1 &
wpid=$!
cleanup_pid $wpid
# the event every watch fires once registered says it is armed
wait_for 10 grep -qx "data/w" "$T/watch" || fail "xenstore-watch never armed: $(cat "$T/watch")"
xenstore-write /local/domain/8/data/w v
wait_for 10 sh -c "! kill -0 $wpid 2>/dev/null" || fail "no watch event: $(cat "$T/watch")"
grep -q "data/w" "$T/watch" || fail "watch output: $(cat "$T/watch")"
echo "ok: guest 8's xenstore-watch fired"

# credit isolation end to end: a client of guest 7 that asks for 2 MB of
# replies and does not read them fills its own window only; the guest's other
# clients are served meanwhile, and the stalled client still gets every reply
# once it reads
xenstore-write /local/domain/7/data/big "$(head -c 3000 /dev/zero | tr '\0' b)"
/usr/bin/python3 - "$T/g7/socket" "$T" <<'EOP' &
import fcntl, os, socket, struct, sys, termios, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
req = b"data/big\0"
for i in range(700):
    s.sendall(struct.pack("<IIII", 2, i, 0, len(req)) + req)
def unread():
    return struct.unpack("i", fcntl.ioctl(s, termios.FIONREAD, b"\0" * 4))[0]
# stalled once a full link window (32 KiB) of replies waits here unread
end = time.monotonic() + 60
while unread() < 32768 and time.monotonic() < end:
    time.sleep(0.05)
open(sys.argv[2] + "/stalled", "w").write("%d\n" % unread())
end = time.monotonic() + 120
while not os.path.exists(sys.argv[2] + "/drain") and time.monotonic() < end:
    time.sleep(0.05)
open(sys.argv[2] + "/unread", "w").write("%d\n" % unread())
buf, n = b"", 0
while n < 700:
    chunk = s.recv(65536)
    if not chunk:
        break
    buf += chunk
    while len(buf) >= 16:
        typ, req_id, tx, ln = struct.unpack("<IIII", buf[:16])
        if len(buf) < 16 + ln:
            break
        if typ == 2 and req_id == n and ln == 3000:
            n += 1
        buf = buf[16 + ln:]
open(sys.argv[2] + "/drained", "w").write("%d\n" % n)
EOP
stalled=$!
cleanup_pid $stalled
wait_for 60 test -s "$T/stalled" || fail "the stalling client could not send its requests"
[ "$(cat "$T/stalled")" -ge 32768 ] || fail "the stalling client got only $(cat "$T/stalled") bytes of replies"
i=0
while [ $i -lt 20 ]; do
	[ "$(as_guest 7 xenstore-read data/x)" = "for seven" ] || fail "guest 7 starved by a stalled client"
	i=$((i + 1))
done
touch "$T/drain"
# still held back when the others were served: far less than the 2 MB asked
wait_for 10 test -s "$T/unread" || fail "the stalled client did not wake up"
[ "$(cat "$T/unread")" -lt 1048576 ] || fail "the stalled client was not held back ($(cat "$T/unread") bytes unread)"
wait_for 30 test -s "$T/drained" || fail "the stalled client never got its replies"
[ "$(cat "$T/drained")" = 700 ] || fail "the stalled client got $(cat "$T/drained")/700 replies"
echo "ok: a client sitting on 2 MB of unread replies ($(cat "$T/unread") bytes reached it) stalls no other; it gets all 700 later"

# guest -> host bulk: 16 clients at once each pipeline 200 writes of 2 KB
# (6.4 MB through one link, past its shared output limit); every reply arrives
/usr/bin/python3 - "$T/g7/socket" <<'EOP' || fail "pipelined writes from 16 clients failed"
import socket, struct, sys, threading
ok = []
def client(k):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sys.argv[1])
    msgs = b""
    for i in range(200):
        body = b"data/bulk/%d/%d\0" % (k, i % 8) + b"v" * 2000
        msgs += struct.pack("<IIII", 11, i, 0, len(body)) + body
    threading.Thread(target=s.sendall, args=(msgs,)).start()
    buf, n = b"", 0
    while n < 200:
        chunk = s.recv(65536)
        if not chunk:
            return
        buf += chunk
        while len(buf) >= 16:
            typ, req, tx, ln = struct.unpack("<IIII", buf[:16])
            if len(buf) < 16 + ln:
                break
            if typ != 11 or req != n:
                return
            n += 1
            buf = buf[16 + ln:]
    ok.append(k)
ts = [threading.Thread(target=client, args=(k,)) for k in range(16)]
for t in ts: t.start()
for t in ts: t.join(60)
print("bulk clients done: %d/16" % len(ok))
sys.exit(0 if len(ok) == 16 else 1)
EOP
[ "$(xenstore-read /local/domain/7/data/bulk/15/7 | wc -c)" = 2001 ] || fail "bulk value not stored"
echo "ok: 16 clients pipelining 6.4 MB of writes through one link all got their replies"

# the shutdown driver against the real daemon
wait_for 10 sh -c "[ \"\$(xenstore-read /local/domain/7/control/feature-poweroff)\" = 1 ]" ||
	fail "feature-poweroff not advertised: $(cat "$T/agent7.err")"
xenstore-write /local/domain/7/control/shutdown reboot
wait_for 10 test -s "$T/power7.log" || fail "agent 7 did not act: $(cat "$T/agent7.err")"
[ "$(cat "$T/power7.log")" = reboot ] || fail "power action $(cat "$T/power7.log")"
[ -z "$(xenstore-read /local/domain/7/control/shutdown)" ] || fail "reboot not acknowledged"
[ ! -e "$T/power8.log" ] || fail "guest 8 acted on guest 7's request"
echo "ok: control/shutdown=reboot acknowledged by guest 7 only"

# guest info: the keys and this host's values, computed here independently
xs7() { xenstore-read /local/domain/7/"$1" 2>/dev/null; }
wait_for 10 sh -c "[ \"\$(xenstore-read /local/domain/7/data/updated 2>/dev/null)\" = 1 ]" ||
	fail "data/updated not written: $(cat "$T/agent7.err")"
os_field() {
	for f in /etc/os-release /usr/lib/os-release; do
		[ -r "$f" ] && { (. "$f"; eval "echo \"\${$1:-}\""); return; }
	done
}
name=$(os_field PRETTY_NAME)
ver=$(os_field VERSION_ID)
[ "$(xs7 data/os_name)" = "${name:-Linux}" ] || fail "os_name '$(xs7 data/os_name)', want '${name:-Linux}'"
[ "$(xs7 data/os_distro)" = "$(os_field ID)" ] || fail "os_distro '$(xs7 data/os_distro)'"
[ "$(xs7 data/os_majorver)" = "${ver%%.*}" ] || fail "os_majorver '$(xs7 data/os_majorver)', VERSION_ID $ver"
case $ver in
*.*) [ "$(xs7 data/os_minorver)" = "${ver#*.}" ] || fail "os_minorver '$(xs7 data/os_minorver)'" ;;
*) xs7 data/os_minorver >/dev/null && fail "os_minorver written for VERSION_ID '$ver'" ;;
esac
[ "$(xs7 data/os_uname)" = "$(uname -r)" ] || fail "os_uname '$(xs7 data/os_uname)', want $(uname -r)"
total=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
[ "$(xs7 data/meminfo_total)" = "$total" ] || fail "meminfo_total '$(xs7 data/meminfo_total)', want $total"
free=$(xs7 data/meminfo_free)
[ "$free" -gt 0 ] && [ "$free" -le "$total" ] || fail "meminfo_free '$free' (total $total)"
echo "ok: data/ holds '$(xs7 data/os_name)', $(xs7 data/os_uname), $total KiB, $free KiB free"
if ls /sys/bus/virtio/drivers/virtio_balloon/virtio* >/dev/null 2>&1; then
	[ "$(xs7 control/feature-balloon)" = 1 ] || fail "feature-balloon not advertised"
else
	[ -z "$(xs7 control/feature-balloon)" ] || fail "feature-balloon advertised without a balloon"
fi
echo "ok: control/feature-balloon = '$(xs7 control/feature-balloon)' as this host's virtio_balloon says"

# vif 0: the host NIC's addresses, in the kernel's order; vif 1: nothing
want=$(ip -o addr show dev "$host_nic" |
	awk '{ sub(/\/.*/, "", $4); print ($3 == "inet" ? "ipv4" : "ipv6"), $4 }')
got=$(for fam in ipv4 ipv6; do
	for n in $(xenstore-list /local/domain/7/attr/vif/0/$fam 2>/dev/null | sort -n); do
		echo "$fam $(xs7 attr/vif/0/$fam/$n)"
	done
done)
[ "$got" = "$want" ] || fail "attr/vif/0: '$got', want '$want'"
xenstore-exists /local/domain/7/attr/vif/1 2>/dev/null && fail "attr/vif/1 published for an unmatched MAC"
echo "ok: attr/vif/0 lists $host_nic's addresses:" $got

# every round rewrites the kick; a NIC that stops matching loses its entries
xenstore-write /local/domain/7/data/updated 0
wait_for 10 sh -c "[ \"\$(xenstore-read /local/domain/7/data/updated)\" = 1 ]" ||
	fail "no periodic round: $(cat "$T/agent7.err")"
xenstore-write /local/domain/7/device/vif/0/mac 00:16:3e:00:00:02
wait_for 10 sh -c "! xenstore-exists /local/domain/7/attr/vif/0 2>/dev/null" ||
	fail "stale attr/vif/0 not removed: $(xenstore-ls /local/domain/7/attr)"
echo "ok: each round ends with data/updated = 1; stale attr/vif/0 removed"
xenstore-exists /local/domain/8/data/os_name 2>/dev/null && fail "guest 8 published with --no-guest-info"
grep -E "XenStore|getifaddrs" "$T/agent7.err" | grep -v "control/feature-reboot: EACCES" &&
	fail "agent 7 logged errors publishing guest info"
echo "ok: --no-guest-info publishes nothing; no error publishing guest info"
