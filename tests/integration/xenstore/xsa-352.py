#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# XSA-352 regression: only a node's owner may change its permissions, and an
# unprivileged owner may not give the node away (change the owner).
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

d = Daemon()
a = d.introduce(5)
b = d.introduce(6)
dom0 = d.dom0()
a.write("shared", "v")
a.set_perms("shared", ["n5", "b6"])   # 6 may read and write, not own
before = dom0.get_perms("/local/domain/5/shared")
r = b.err(SET_PERMS, args("/local/domain/5/shared", "n6"))
check(r == "EACCES", "non-owner with write access cannot take ownership (%s)" % r)
r = b.err(SET_PERMS, args("/local/domain/5/shared", "n5", "b6", "r7"))
check(r == "EACCES", "non-owner cannot change the perms list (%s)" % r)
r = a.err(SET_PERMS, args("shared", "n6"))
check(r == "EPERM", "unprivileged owner cannot hand the node to another domain (%s)" % r)
check(dom0.get_perms("/local/domain/5/shared") == before,
      "perms unchanged: %r" % before)
b.write("/local/domain/5/shared", "w")
check(a.read("shared") == b"w", "the granted write access itself still works")
d.assert_accounting([5, 6], "XSA-352")
d.assert_alive("XSA-352")
