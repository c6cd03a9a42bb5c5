#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# XSA-326 regression: a guest must not be able to grow the daemon's memory
# without bound: (1) requests whose replies it never reads, (2) a flood of
# watch events it never consumes, (3) transactions full of maximum-size nodes.
# The daemon's RSS growth must stay bounded (well below what the attacks
# would cost if buffered), and dom0 keeps being served. (4) transactions
# that read many large nodes.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

LIMIT_KIB = 96 * 1024   # the attacks below would cost > 400 MiB if unbounded

d = Daemon()
dom0 = d.dom0()
rss0 = d.rss_kib()


def push(conn, blob, total, deadline=8.0):
    """Send `blob` repeatedly without reading; stop when the daemon stops
    reading us (send blocks), drops us, or `total` bytes went out."""
    conn.sock.settimeout(0.5)
    sent, end = 0, time.time() + deadline
    while sent < total and time.time() < end:
        try:
            conn.sock.sendall(blob)
            sent += len(blob)
        except socket.timeout:
            continue
        except OSError:
            break
    return sent


# (1) unread replies: READs of a 2000-byte node, 200k of them = 400 MB.
g = d.introduce(5)
g.write("big", "B" * 2000)
req = HDR.pack(READ, 0, 0, 4) + b"big\0"
sent = push(g, req * 256, 200000 * len(req))
rss1 = d.rss_kib()
log("(1) sent %d READ requests, RSS %d -> %d KiB" % (sent // len(req), rss0, rss1))
check(rss1 - rss0 < LIMIT_KIB, "(1) unread replies: RSS growth bounded (%d KiB)" % (rss1 - rss0))
check(dom0.alive(), "(1) dom0 still served")

# (2) event flood: 2 watchers in domain 6 on a node dom0 rewrites.
h = d.introduce(6)
dom0.write("/xsa326/ev", "")
dom0.set_perms("/xsa326/ev", ["n0", "r6"])
for i in range(2):
    h.watch("/xsa326/ev", "t%04d" % i + "K" * 3000)
big = "E" * 3000
for i in range(30000):
    dom0.send(WRITE, ("/xsa326/ev/" + "p" * 900).encode() + b"\0" + big.encode())
    if i % 64 == 63:
        for _ in range(64):
            dom0.recv_reply()
        dom0.events = []
for _ in range(30000 % 64):
    dom0.recv_reply()
dom0.sock.settimeout(10)
rss2 = d.rss_kib()
log("(2) RSS after event flood %d KiB" % rss2)
check(rss2 - rss0 < LIMIT_KIB, "(2) event flood: RSS growth bounded (%d KiB)" % (rss2 - rss0))

# (3) transactions with maximum-size nodes (a fresh domain).
k = d.introduce(8)
txs = []
for i in range(64):
    try:
        txs.append(k.tstart())
    except XsError as e:
        log("(3) transaction %d refused: %s" % (i, e.name))
        break
check(len(txs) < 64, "(3) transactions per domain are limited (%d)" % len(txs))
made = 0
for t in txs:
    for j in range(2000):
        try:
            k.write("d%d/n%d" % (j // 30, j % 30), "M" * 2000, tx=t)
            made += 1
        except XsError as e:
            log("(3) tx %d stopped after %d nodes: %s" % (t, j, e.name))
            break
rss3 = d.rss_kib()
log("(3) %d max-size nodes in transactions, RSS %d KiB" % (made, rss3))
check(rss3 - rss0 < LIMIT_KIB, "(3) transaction nodes: RSS growth bounded (%d KiB)" % (rss3 - rss0))
for t in txs:
    k.tend(t, False)
# (4) huge read sets: transactions that only READ many large nodes (the
# copies a transaction keeps of what it read must be bounded too).
m = d.introduce(9)
big = "R" * 2000
for i in range(3000):
    dom0.send(WRITE, ("/xsa326/rs/d%d/n%d" % (i // 100, i % 100)).encode() + b"\0" + big.encode())
for i in range(3000):
    dom0.recv_reply()
dom0.set_perms("/xsa326/rs", ["n0", "r9"])
for i in range(30):
    dom0.set_perms("/xsa326/rs/d%d" % i, ["n0", "r9"])
for i in range(3000):
    dom0.send(SET_PERMS, args("/xsa326/rs/d%d/n%d" % (i // 100, i % 100), "n0", "r9"))
for i in range(3000):
    dom0.recv_reply()
rtx, reads, refused = [], 0, None
for _ in range(10):
    try:
        rtx.append(m.tstart())
    except XsError:
        break
for t in rtx:
    for i in range(3000):
        try:
            m.read("/xsa326/rs/d%d/n%d" % (i // 100, i % 100), tx=t)
            reads += 1
        except XsError as e:
            refused = e.name
            break
rss4 = d.rss_kib()
log("(4) %d transactions read %d large nodes in all (stopped by %s), RSS %d KiB"
    % (len(rtx), reads, refused, rss4))
check(rss4 - rss0 < LIMIT_KIB, "(4) read sets: RSS growth bounded (%d KiB)" % (rss4 - rss0))
for t in rtx:
    m.tend(t, False)
check(dom0.alive(), "dom0 still served after all four attacks")
for c in (g, h, k, m):
    c.close()
check(d.usage(8)["transactions"] == 0, "aborted transactions are no longer counted")
d.assert_accounting([5, 6, 8], "XSA-326")
d.assert_alive("XSA-326")
