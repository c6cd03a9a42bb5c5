#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# XSA-325 regression: @releaseDomain fires when a domain is released, never
# merely because one of its connections closed.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

d = Daemon()
dom0 = d.dom0()
dom0.watch("@releaseDomain", "rel")
dom0.drain_events()
g = d.introduce(5)
g.write("x", "1")
g.close()
for i in range(5):
    c = Conn(d.domsock(5))
    c.read("x")
    c.close()
ev = dom0.drain_events(0.5)
check(not any(p == "@releaseDomain" for p, t in ev),
      "no @releaseDomain on connection close (got %r)" % ev)
check(os.path.exists(d.domsock(5)), "domain socket stays while the domain lives")
c = Conn(d.domsock(5))
check(c.read("x") == b"1", "domain 5 reachable again over its socket")
dom0.release(5)
ev = dom0.drain_events(1.0)
check(("@releaseDomain", "rel") in ev, "@releaseDomain fires on RELEASE (got %r)" % ev)
d.assert_accounting([5], "XSA-325")
d.assert_alive("XSA-325")
