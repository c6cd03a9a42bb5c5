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
# each connection holds a watch, so the daemon's watch count says when it
# has seen the close
g.watch("x", "w")
g.close()
for i in range(5):
    check(wait_until(lambda: d.usage(5)["watches"] == 0), "close %d processed" % i)
    c = Conn(d.domsock(5))
    c.read("x")
    c.watch("x", "w")
    c.close()
check(wait_until(lambda: d.usage(5)["watches"] == 0), "last close processed")
ev = dom0.drain_events()
check(not any(p == "@releaseDomain" for p, t in ev),
      "no @releaseDomain on connection close (got %r)" % ev)
check(os.path.exists(d.domsock(5)), "domain socket stays while the domain lives")
c = Conn(d.domsock(5))
check(c.read("x") == b"1", "domain 5 reachable again over its socket")
dom0.release(5)
ev = dom0.drain_events()
check(("@releaseDomain", "rel") in ev, "@releaseDomain fires on RELEASE (got %r)" % ev)
d.assert_accounting([5], "XSA-325")
d.assert_alive("XSA-325")
