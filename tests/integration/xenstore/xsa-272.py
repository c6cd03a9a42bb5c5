#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# XSA-272 regression: the per-domain node quota must be enforced and kept in
# step when nodes change hands or are removed by someone else: removal by
# dom0 gives the nodes back, a chown to dom0 releases one, and the count never
# drifts.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

d = Daemon()
g = d.introduce(5)
dom0 = d.dom0()
base = capacity(g)
check(0 < base < 5000, "domain has a finite node quota (%d more nodes)" % base)
for i in range(10):
    g.write("t/n%d" % i, "v")
check(capacity(g) == base - 11, "11 new nodes count against the quota")
dom0.rm("/local/domain/5/t")
check(capacity(g) == base, "removal by dom0 returns the nodes to the domain")
g.write("c", "v")
dom0.set_perms("/local/domain/5/c", ["n0", "b5"])
check(capacity(g) == base, "chown to dom0 releases the domain's node")
dom0.rm("/local/domain/5/c")
check(capacity(g) == base, "still exact after removal of the dom0-owned node")
d.assert_accounting([5], "XSA-272")
d.assert_alive("XSA-272")
