#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# XSA-322 regression: permissions granted to a domain must die with it; a new
# domain reusing the domid must not inherit access (nor ownership).
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

d = Daemon()
dom0 = d.dom0()
g = d.introduce(7)
dom0.write("/xsa322/shared", "for-7-only")
dom0.set_perms("/xsa322/shared", ["n0", "r7"])
check(g.read("/xsa322/shared") == b"for-7-only", "domain 7 may read the node granted to it")
dom0.write("/xsa322/w", "")
dom0.set_perms("/xsa322/w", ["n0", "w7"])
g.write("/xsa322/w/mine", "created by 7")
dom0.release(7)
check(wait_gone(d.domsock(7)), "domain socket removed on RELEASE")
g.close()

g2 = d.introduce(7)
check(g2.err(READ, args("/xsa322/shared")) == "EACCES",
      "the reincarnated domain 7 cannot read what the old one was granted")
r = g2.err(READ, args("/xsa322/w/mine"))
check(r in ("EACCES", "ENOENT"), "nor the node the old domain 7 created (%s)" % r)
r = g2.err(WRITE, b"/xsa322/w/new\0x")
check(r == "EACCES", "nor write where the old one could (%s)" % r)
perms = dom0.get_perms("/xsa322/shared")
log("perms now: %r" % perms)
d.assert_accounting([7], "XSA-322")
d.assert_alive("XSA-322")
