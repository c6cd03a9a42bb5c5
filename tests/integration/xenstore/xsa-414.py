#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# XSA-414/415 regression: a create that fails half way (quota reached while
# creating missing parents), inside or outside a transaction, must leave no
# orphan nodes, no crash, and the node accounting exact.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

d = Daemon()
g = d.introduce(5)
dom0 = d.dom0()
base = capacity(g)
check(base > 3, "domain can create nodes (%d)" % base)
# Leave room for exactly 2 nodes, then ask for 4 new ones.
g.mkdir("fill")
for i in range(base - 3):      # spread so no directory hits the size quota
    if i % 33 == 0:
        g.mkdir("fill/d%d" % (i // 33))
    else:
        g.write("fill/d%d/n%d" % (i // 33, i % 33), "")
deep = "a/b/c/d"
r = g.err(WRITE, deep.encode() + b"\0x")
check(r == "ENOSPC", "deep create over quota refused (%s)" % r)
check(not g.exists("a"), "no orphan parents left outside a transaction")
for attempt in range(3):
    t = g.tstart()
    r = g.err(WRITE, deep.encode() + b"\0x", tx=t)
    check(r == "ENOSPC", "deep create over quota refused in a transaction (%s)" % r)
    r = g.err(TRANSACTION_END, b"T\0", tx=t)
    log("commit after failed create: %s" % (r or "OK"))
    check(not g.exists("a"), "no orphan parents after the transaction")
g.write("a", "two-left")          # exactly 2 nodes are still available
g.write("b", "one-left")
check(g.err(WRITE, b"c\0x") == "ENOSPC", "and then the quota is reached exactly")
g.rm("fill")
g.rm("a")
g.rm("b")
check(capacity(g) == base, "accounting back to the start")
check(dom0.ls("/local/domain/5") == [], "domain tree empty")
d.assert_accounting([5], "XSA-414/415")
d.assert_alive("XSA-414/415")
