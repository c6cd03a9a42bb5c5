#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# XSA-421 regression: creating and deleting nodes in one transaction must not
# bypass (or corrupt) the node accounting, however often it is repeated.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

d = Daemon()
g = d.introduce(5)
base = capacity(g)
for rnd in range(30):
    t = g.tstart()
    for i in range(20):
        g.write("tmp/n%d" % i, "x", tx=t)
    g.rm("tmp", tx=t)
    g.write("keep%d" % rnd, "y", tx=t)
    g.tend(t)
check(capacity(g) == base - 30, "30 kept nodes counted, 30x21 create+delete pairs not")
t = g.tstart()
for rnd in range(30):
    g.rm("keep%d" % rnd, tx=t)
    g.write("keep%d" % rnd, "again", tx=t)
    g.rm("keep%d" % rnd, tx=t)
g.tend(t)
check(capacity(g) == base, "delete+recreate+delete in one transaction: back to start")
# Trying to exceed the quota through transactions fails.
t = g.tstart()
made = 0
for i in range(base + 10):
    if g.err(WRITE, ("q/n%d" % i).encode() + b"\0", tx=t) is not None:
        break
    made += 1
g.tend(t, False)
check(made < base, "quota enforced inside a transaction (%d of %d)" % (made, base))
check(capacity(g) == base, "aborted transaction left accounting intact")
d.assert_accounting([5], "XSA-421")
d.assert_alive("XSA-421")
