#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# XSA-233 regression: tearing a domain down while its connections still hold
# watches, open transactions and pending requests must free everything once
# (no double free / use after free); repeated many times over a reused domid.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

d = Daemon()
dom0 = d.dom0()
for round_ in range(20):
    conns = [d.introduce(7)]
    conns.append(Conn(d.domsock(7)))
    for i, c in enumerate(conns):
        c.watch("/local/domain/7", "w%d" % i)
        c.watch("/local/domain/7/x", "x%d" % i)
        t = c.tstart()
        c.write("data%d" % i, "v", tx=t)
        c.write("plain%d" % i, "v")
    # a request left unanswered-for at release time
    conns[0].send(READ, args("plain0"))
    dom0.release(7)
    check(wait_gone(d.domsock(7)), "round %d: domain socket removed on RELEASE" % round_)
    for c in conns:
        try:
            while True:
                c.recv_msg()
        except (Closed, OSError):
            pass
        c.close()
    check(not dom0.exists("/local/domain/7"), "round %d: domain's nodes gone" % round_)
u = d.usage(7)
check(u["watches"] == 0 and u["transactions"] == 0, "released domain 7 holds no watches or transactions (%r)" % u)
d.assert_accounting([7], "XSA-233")
d.assert_alive("XSA-233")
