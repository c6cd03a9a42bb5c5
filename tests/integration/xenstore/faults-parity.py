#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Faults a hostile guest could use, and parity with Xen 4.17 (issue 11,
# items 4, 6, 7): the node quota holds across concurrent transactions
# (re-checked at commit: ENOSPC); permission domids at or above
# DOMID_FIRST_RESERVED (0x7ff0) are refused where they enter (EINVAL), so
# no per-domain table is indexed with them; a relative path of exactly
# 2048 characters after the domain's home is allowed, 2049 are not; READ
# with an extra argument is EINVAL.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

d = Daemon()
g = d.introduce(5)
d0 = d.dom0()

# Item 6: domids are validated where they enter.
g.write("p", "v")
for who, conn in (("dom0", d0), ("domain 5", g)):
    for bad in ("32752", "40000", "65535", "70000"):
        e = conn.err(SET_PERMS, args("/local/domain/5/p", "n5", "r" + bad))
        check(e == "EINVAL", "%s: SET_PERMS naming domain %s -> %s" % (who, bad, e))
e = d0.err(SET_PERMS, args("/local/domain/5/p", "n32752"))
check(e == "EINVAL", "dom0: owner 32752 -> %s" % e)
check(g.get_perms("p") == ["n5"], "perms unchanged: %s" % g.get_perms("p"))
d.assert_alive("out-of-range domids")

# Item 7: path length after /local/domain/<N>/ and READ's arguments.
seg = "a" * 31
rel = "/".join([seg] * 63 + ["b" * 32])
check(len(rel) == 2048, "test path is 2048 characters")
e = g.err(WRITE, args(rel) + b"x")
check(e is None, "a 2048-character relative path is allowed (%s)" % e)
check(g.read(rel) == b"x", "and reads back")
e = d0.err(READ, args("/local/domain/5/" + rel))
check(e is None, "dom0 reads it by its absolute path (%s)" % e)
e = g.err(WRITE, args(rel + "c") + b"x")
check(e == "EINVAL", "2049 characters are refused: %s" % e)
g.rm(seg)
e = g.err(READ, args("p", "extra"))
check(e == "EINVAL", "READ with an extra argument -> %s" % e)
check(g.read("p") == b"v", "READ with one argument still works")

# Item 4: five concurrent transactions may not create more than the quota.
# Each works in a directory of its own, so none conflicts with another.
for i in range(5):
    g.mkdir("q%d" % i)
before = capacity(g)
conns = [Conn(d.domsock(5)) for _ in range(5)]
txs = [c.tstart() for c in conns]
per = 300
for i, (c, t) in enumerate(zip(conns, txs)):
    for k in range(per):
        c.write("q%d/%02d/n%d" % (i, k // 30, k), "v", tx=t)
ok = 0
for c, t in zip(conns, txs):
    e = c.err(TRANSACTION_END, b"T\0", tx=t)
    check(e in (None, "ENOSPC"), "commit: %s" % e)
    ok += e is None
created = ok * (per + per // 30)
check(created <= before, "%d committed transactions created %d nodes, quota left %d"
      % (ok, created, before))
check(ok < 5, "not every transaction committed (%d did)" % ok)
d.assert_accounting([5], "concurrent transactions")
d.assert_alive("faults-parity")
log("PASS")
