#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# XSA-418 regression: deep trees must not exhaust the daemon's stack
# (recursion on delete, on watch firing for removed subtrees, on domain
# teardown). A guest builds the deepest tree the path limits allow.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

d = Daemon()
dom0 = d.dom0()
g = d.introduce(5)
depth, path = 0, "d"
while True:
    nxt = path + "/d"
    if g.err(WRITE, nxt.encode() + b"\0") is not None:
        break
    path, depth = nxt, depth + 1
    if depth >= 1500:
        break
log("guest built depth %d" % depth)
check(depth > 500, "guest could build a deep tree (%d levels)" % depth)
g.watch("d", "top")
g.watch(path, "bottom")
g.drain_events()
g.rm("d")
ev = g.drain_events()
check(("d", "top") in ev or ("/local/domain/5/d", "top") in ev, "removal fired the top watch")
# dom0 can go deeper (3072): build one and remove it, then a domain teardown
p = "/x"
for i in range(1500):
    p += "/x"
    if len(p) > 3000:
        break
dom0.write(p, "deep")
dom0.rm("/x")
g.write("/local/domain/5/" + "/".join(["e"] * 900), "")
dom0.release(5)
check(wait_gone(d.domsock(5)), "domain with a deep tree released")
check(not dom0.exists("/local/domain/5"), "deep tree removed with the domain")
d.assert_accounting([5], "XSA-418")
d.assert_alive("XSA-418")
