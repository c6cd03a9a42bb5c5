#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# XSA-419 regression: cooperating guests must not escape accounting: nodes
# domain 10 creates in domain 9's tree (granted write) count against 10, and
# when 10 dies they are removed or handed to dom0; nothing of it survives to
# a new domain 10, and both quotas are exact afterwards.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

d = Daemon()
dom0 = d.dom0()
a = d.introduce(9)
b = d.introduce(10)
cap_a, cap_b = capacity(a), capacity(b)
a.mkdir("pub")
a.set_perms("pub", ["n9", "b10"])
for i in range(100):
    b.write("/local/domain/9/pub/n%d" % i, "by-10")
check(capacity(b) == cap_b - 100, "nodes 10 made in 9's tree count against 10")
check(capacity(a) == cap_a - 1, "and not against 9")
dom0.release(10)
check(wait_gone(d.domsock(10)), "domain 10 released")
b.close()
left = a.ls("pub")
for n in left:
    p = dom0.get_perms("/local/domain/9/pub/" + n)
    check(not p[0].startswith("n10"), "node %s of dead 10 not owned by 10 any more (%r)" % (n, p))
check(capacity(a) == cap_a - 1 - sum(1 for n in left if dom0.get_perms("/local/domain/9/pub/" + n)[0] == "n9"),
      "domain 9's count is exact after 10 died")
b2 = d.introduce(10)
check(capacity(b2) == cap_b, "new domain 10 starts with the full quota")
a.rm("pub")
check(capacity(a) == cap_a, "domain 9 back to its start")
d.assert_accounting([9, 10], "XSA-419")
d.assert_alive("XSA-419")
