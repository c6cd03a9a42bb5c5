#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The real agent and xen-kvm-linkd on the host, joined by cable.py (standing
# in for QEMU's virtio-serial port), relaying Debian's unmodified xenstore
# tools to fakexs.py (standing in for xenstored-kvm's per-domain socket).
# Checks: reads and writes both ways, identity fixed by the host, watches,
# the shutdown handshake, many clients at once, host and agent restarts, and
# a hostile guest that breaks the protocol.
. "$top_srcdir/tests/lib/common.sh"
need_cmd xenstore-read xenstore-write xenstore-ls xenstore-watch python3

here=$top_srcdir/tests/integration/link
agent=$top_builddir/tools/agent/xen-kvm-agent
linkd=$top_builddir/tools/agent/xen-kvm-linkd
T=$XK_TMP
D=5

python3 "$here/fakexs.py" "$T/xs" $D "$T/xs.log" 2>"$T/fakexs.err" &
cleanup_pid $!
python3 "$here/cable.py" "$T/link.sock" "$T/port.sock" 2>"$T/cable.err" &
cleanup_pid $!
wait_for 10 test -S "$T/xs/domain/$D" || fail "fake xenstored did not start"
wait_for 10 test -S "$T/port.sock" || fail "cable did not start"

start_linkd() {
	"$linkd" --link "$T/link.sock" --xenstore "$T/xs/domain/$D" 2>>"$T/linkd.err" &
	linkd_pid=$!
	cleanup_pid $linkd_pid
}
cat >"$T/power" <<EOP
#!/bin/sh
echo "\$1" >>"$T/power.log"
EOP
chmod +x "$T/power"
start_agent() {
	"$agent" --foreground --port "$T/port.sock" --socket "$T/guest/socket" \
		--power-command "$T/power" 2>>"$T/agent.err" &
	agent_pid=$!
	cleanup_pid $agent_pid
}
dom0() { XENSTORED_PATH=$T/xs/socket "$@"; }
guest() { XENSTORED_PATH=$T/guest/socket timeout 10 "$@"; }

start_linkd
start_agent
wait_for 10 test -S "$T/guest/socket" || fail "agent did not listen"
[ "$(stat -c %a "$T/guest/socket")" = 600 ] || fail "agent socket is not 0600"

# dom0 -> guest, relative path, no identity chosen by the guest
dom0 xenstore-write /local/domain/$D/data/x "hello from dom0"
out=$(guest xenstore-read data/x) || fail "guest xenstore-read failed: $(cat "$T/agent.err" "$T/linkd.err")"
[ "$out" = "hello from dom0" ] || fail "guest read '$out'"
echo "guest read data/x: $out"

# guest -> dom0
guest xenstore-write data/y "from the guest" || fail "guest write failed"
[ "$(dom0 xenstore-read /local/domain/$D/data/y)" = "from the guest" ] || fail "dom0 did not see data/y"

# the host decides who the guest is: it cannot write as dom0
if guest xenstore-write /local/domain/0/x evil 2>"$T/denied"; then
	fail "guest wrote /local/domain/0/x"
fi
dom0 xenstore-read /local/domain/0/x 2>/dev/null && fail "/local/domain/0/x exists"
# xenstore-write does not print errno; an independent client shows EACCES
err=$(/usr/bin/python3 - "$T/guest/socket" <<'EOP'
import errno, sys, pyxs
c = pyxs.Client(unix_socket_path=sys.argv[1])
c.connect()
try:
    c.write(b"/local/domain/0/x", b"evil")
    print("written")
except pyxs.PyXSError as e:
    print(errno.errorcode.get(e.args[0], e.args[0]))
EOP
)
[ "$err" = EACCES ] || fail "guest write outside its tree: $err"
echo "guest denied outside its tree: $(cat "$T/denied") ($err)"

# the shutdown driver advertised its features over its own stream
wait_for 10 sh -c "XENSTORED_PATH=$T/xs/socket xenstore-read /local/domain/$D/control/feature-poweroff 2>/dev/null | grep -qx 1" ||
	fail "control/feature-poweroff not advertised"

# listing and watching through the link
guest xenstore-ls data >"$T/ls" || fail "guest xenstore-ls failed"
grep -q '^x = "hello from dom0"' "$T/ls" || fail "xenstore-ls: $(cat "$T/ls")"
XENSTORED_PATH=$T/guest/socket xenstore-watch -n 2 data/w >"$T/watch" 2>&1 &
watch_pid=$!
cleanup_pid $watch_pid
# the event every watch fires once registered says it is armed
wait_for 10 grep -qx "data/w" "$T/watch" || fail "xenstore-watch never armed: $(cat "$T/watch")"
dom0 xenstore-write /local/domain/$D/data/w/k v
wait_for 10 sh -c "! kill -0 $watch_pid 2>/dev/null" || fail "xenstore-watch saw no event: $(cat "$T/watch")"
grep -q "data/w" "$T/watch" || fail "watch output: $(cat "$T/watch")"

# many clients at once, each a stream of its own
i=0; pids=""
while [ $i -lt 24 ]; do
	(out=$(guest xenstore-read data/x) && [ "$out" = "hello from dom0" ] && echo ok >"$T/par.$i") &
	pids="$pids $!"
	i=$((i + 1))
done
for p in $pids; do wait $p; done
[ "$(ls "$T"/par.* 2>/dev/null | wc -l)" = 24 ] || fail "parallel clients: $(ls "$T"/par.* | wc -l)/24"
n=$(grep -c "connect dom$D" "$T/xs.log")
[ "$n" -ge 28 ] || fail "each guest client must get its own domain connection (saw $n)"
echo "24 parallel guest clients ok; $n domain connections"

# shutdown: dom0 asks, the guest acknowledges by clearing the node and acts
dom0 xenstore-write /local/domain/$D/control/shutdown poweroff
wait_for 10 test -s "$T/power.log" || fail "agent did not act on control/shutdown"
[ "$(cat "$T/power.log")" = poweroff ] || fail "power action: $(cat "$T/power.log")"
[ -z "$(dom0 xenstore-read /local/domain/$D/control/shutdown)" ] || fail "shutdown not acknowledged"
echo "control/shutdown=poweroff acknowledged and carried out"

# the host end restarts: the agent reconnects
kill $linkd_pid; wait $linkd_pid 2>/dev/null
start_linkd
wait_for 15 sh -c "[ \"\$(XENSTORED_PATH=$T/guest/socket timeout 2 xenstore-read data/x 2>/dev/null)\" = 'hello from dom0' ]" ||
	fail "no service after linkd restart: $(tail -n 5 "$T/agent.err" "$T/linkd.err" "$T/cable.err")"
echo "service back after a linkd restart"

# the agent restarts: the host resynchronises
kill $agent_pid; wait $agent_pid 2>/dev/null
start_agent
wait_for 15 sh -c "[ \"\$(XENSTORED_PATH=$T/guest/socket timeout 2 xenstore-read data/x 2>/dev/null)\" = 'hello from dom0' ]" ||
	fail "no service after agent restart: $(tail -n 5 "$T/agent.err" "$T/linkd.err" "$T/cable.err")"
echo "service back after an agent restart"

# a hostile guest: a valid HELLO, then an oversized frame; linkd drops the
# link, survives, and serves the next guest. The hostile end stays connected
# until linkd has said so.
kill $agent_pid; wait $agent_pid 2>/dev/null
python3 - "$T/port.sock" <<'EOP' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
s.sendall(bytes([1, 0, 0, 16, 0, 0, 0, 0]) + b"XENKVMLK" + bytes([0, 0, 0, 1, 0, 0, 0, 0]))
s.sendall(bytes([3, 0, 0xff, 0xff, 0, 0, 0, 1]) + b"x" * 100)
s.settimeout(60)
try:
    while s.recv(4096):
        pass
except OSError:
    pass
EOP
hostile=$!
cleanup_pid $hostile
wait_for 30 grep -q "protocol error" "$T/linkd.err" || fail "linkd did not report the protocol error"
kill $hostile 2>/dev/null; wait $hostile 2>/dev/null
kill -0 $linkd_pid || fail "linkd died on a hostile guest"
start_agent
wait_for 15 sh -c "[ \"\$(XENSTORED_PATH=$T/guest/socket timeout 2 xenstore-read data/x 2>/dev/null)\" = 'hello from dom0' ]" ||
	fail "no service after a hostile guest: $(tail -n 5 "$T/agent.err" "$T/linkd.err" "$T/cable.err")"
echo "linkd survived a hostile guest and served the next one"

# linkd stops cleanly on SIGTERM; nothing in its log from sanitizers
# (build with -fsanitize=address,undefined to make that check bite)
kill $linkd_pid
rc=0; wait $linkd_pid || rc=$?
[ "$rc" = 0 ] || fail "linkd exited with $rc on SIGTERM"
if grep -E "Sanitizer|runtime error" "$T/linkd.err"; then fail "sanitizer reports in linkd"; fi
echo "ok: linkd exits 0 on SIGTERM"
