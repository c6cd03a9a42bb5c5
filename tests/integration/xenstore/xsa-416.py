#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# XSA-416 regression: memory a request needs temporarily must not be held
# until the guest reads the reply. A guest pipelines many large DIRECTORY and
# GET_PERMS requests without reading; the daemon's RSS stays bounded and,
# once the guest reads, the replies that were accepted come back in order.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

d = Daemon()
g = d.introduce(5)
rss0 = d.rss_kib()
for i in range(30):
    g.write("dir/%s%03d" % ("c" * 50, i), "")
pkt = b""
for i in range(64):
    pkt += HDR.pack(DIRECTORY, i, 0, 4) + b"dir\0"
g.sock.settimeout(0.5)
sent = 0
end = time.time() + 8
while sent < 40000 and time.time() < end:
    try:
        g.sock.sendall(pkt)
        sent += 64
    except socket.timeout:
        break
    except OSError:
        break
rss1 = d.rss_kib()
log("pipelined %d DIRECTORY requests, RSS %d -> %d KiB" % (sent, rss0, rss1))
check(rss1 - rss0 < 64 * 1024, "RSS growth bounded (%d KiB)" % (rss1 - rss0))
dom0 = d.dom0()
check(dom0.alive(), "dom0 served while the guest does not read")
# Now read: replies must be DIRECTORY replies with increasing req ids.
g.sock.settimeout(5)
n, last, dropped = 0, -1, False
try:
    while n < sent:
        op, req, tx, data = g.recv_msg()
        if op == WATCH_EVENT:
            continue
        if op != DIRECTORY or req != (last + 1) % 64:
            fail("reply %d out of order: type %d req %d" % (n, op, req))
        last = req
        n += 1
except (Closed, socket.timeout, OSError) as e:
    dropped = True
    log("stopped after %d replies (%s)" % (n, type(e).__name__))
check(n > 0, "the guest got %d in-order replies (connection dropped: %s)" % (n, dropped))
d.assert_accounting([5], "XSA-416")
d.assert_alive("XSA-416")
