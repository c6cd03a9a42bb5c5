#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# XSA-484 regression: RESET_WATCHES sent with a transaction id (inside or
# outside a live transaction) must not crash the daemon nor leak the watch
# quota; the transaction stays usable or fails cleanly.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

d = Daemon()
g = d.introduce(5)


def fill():
    n = 0
    while n < 10000 and g.err(WATCH, args("w%d" % n, "t")) is None:
        n += 1
    g.drain_events()
    return n


quota = fill()
check(0 < quota < 10000, "watch quota is finite (%d)" % quota)
for rnd in range(5):
    t = g.tstart()
    g.write("in-tx", "v", tx=t)
    req = g.send(RESET_WATCHES, b"", tx=t)
    op, rreq, tx, data = g.recv_reply()
    check(op in (RESET_WATCHES, ERROR) and rreq == req,
          "round %d: RESET_WATCHES in a transaction answered (%d %r)" % (rnd, op, data))
    r = g.err(TRANSACTION_END, b"T\0", tx=t)
    log("round %d: commit after it: %s" % (rnd, r or "OK"))
    if op == RESET_WATCHES:
        again = fill()
    else:
        g.request(RESET_WATCHES, b"")
        again = fill()
    check(again == quota, "round %d: watch quota intact (%d)" % (rnd, again))
req = g.send(RESET_WATCHES, b"", tx=0x7fffffff)
op, rreq, tx, data = g.recv_reply()
check(op in (RESET_WATCHES, ERROR), "RESET_WATCHES with a bogus tx id answered")
g.request(RESET_WATCHES, b"")
check(d.usage(5)["watches"] == 0 and d.usage(5)["transactions"] == 0, "no watches or transactions counted after reset (%r)" % d.usage(5))
d.assert_accounting([5], "XSA-484")
d.assert_alive("XSA-484")
