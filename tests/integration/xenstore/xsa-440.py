#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# XSA-440 regression: two transactions deleting the same nodes must not
# subtract them twice (negative accounting would let the guest exceed its
# quota afterwards).
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

d = Daemon()
g = d.introduce(5)
base = capacity(g)
for rnd in range(5):
    for i in range(10):
        g.write("t/n%d" % i, "v")
    c2 = Conn(d.domsock(5))
    ta, tb = g.tstart(), c2.tstart()
    g.rm("t", tx=ta)
    c2.rm("t", tx=tb)
    ra = g.err(TRANSACTION_END, b"T\0", tx=ta)
    rb = c2.err(TRANSACTION_END, b"T\0", tx=tb)
    check(ra is None, "round %d: first delete commits" % rnd)
    check(rb == "EAGAIN", "round %d: the second conflicts (%s)" % (rnd, rb))
    c2.close()
    check(capacity(g) == base, "round %d: accounting back to start, not beyond" % rnd)
d.assert_accounting([5], "XSA-440")
d.assert_alive("XSA-440")
