#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# XSA-417 regression: when a domain dies its nodes must go (or pass to dom0);
# a new domain reusing the domid must find nothing of the old one and get a
# full quota.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

d = Daemon()
dom0 = d.dom0()
g = d.introduce(8)
fresh = capacity(g)
dom0.mkdir("/xsa417")
dom0.set_perms("/xsa417", ["n0", "w8"])
for i in range(50):
    g.write("home/n%d" % i, "old")
    g.write("/xsa417/n%d" % i, "old")
check(capacity(g) == fresh - 101, "old domain 8 used 101 nodes")
dom0.release(8)
check(wait_gone(d.domsock(8)), "domain socket removed")
g.close()
check(not dom0.exists("/local/domain/8"), "dead domain's home removed")
left = [n for n in dom0.ls("/xsa417")]
for n in left:
    p = dom0.get_perms("/xsa417/" + n)
    check(not p[0].startswith(("n8", "r8", "w8", "b8")), "/xsa417/%s no longer owned by 8 (%r)" % (n, p))
g2 = d.introduce(8)
for n in left[:5]:
    r = g2.err(WRITE, ("/xsa417/" + n).encode() + b"\0new")
    check(r == "EACCES", "new domain 8 cannot modify the old one's node %s (%s)" % (n, r))
check(g2.err(READ, b"home/n0\0") == "ENOENT", "old home contents gone")
check(capacity(g2) == fresh, "new domain 8 gets the full quota (%d)" % fresh)
d.assert_accounting([8], "XSA-417")
d.assert_alive("XSA-417")
