#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# XSA-115 regression: a guest must not learn about nodes it cannot read
# through watch events, must not receive @introduceDomain events (special
# nodes default to n0), must not call IS_DOMAIN_INTRODUCED, and a tx_id
# smuggled into WATCH must not confuse the daemon.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

d = Daemon()
g = d.introduce(5)
dom0 = d.dom0()

# The guest watches the whole store; it gets the initial event only.
g.watch("/", "all")
g.drain_events()
dom0.write("/xsa115/secret", "s3cr3t")           # inherits n0 from /: unreadable
dom0.write("/xsa115/public", "x")
dom0.set_perms("/xsa115/public", ["n0", "r5"])   # readable by domain 5
ev = [p for p, t in g.drain_events()]
check(not any(p.startswith("/xsa115/secret") for p in ev),
      "no event for a node domain 5 cannot read (got %r)" % ev)
check("/xsa115/public" in ev, "event for the node domain 5 may read (positive control)")

# Special watches: watching is allowed, but events are filtered by the
# special node's perms (n0 by default).
g.watch("@introduceDomain", "intro")
g.watch("@releaseDomain", "rel")
g.drain_events()
h = d.introduce(6)
dom0.release(6)
ev = g.drain_events()
check(not any(p.startswith("@") for p, t in ev),
      "no @introduceDomain/@releaseDomain events for unprivileged domain 5 (got %r)" % ev)

# IS_DOMAIN_INTRODUCED is privileged.
check(g.err(IS_DOMAIN_INTRODUCED, args(5)) == "EACCES",
      "IS_DOMAIN_INTRODUCED from a guest -> EACCES")
check(dom0.request(IS_DOMAIN_INTRODUCED, args(5)).rstrip(b"\0") == b"T",
      "IS_DOMAIN_INTRODUCED from dom0 works (T)")

# WATCH with a bogus tx_id: must not crash or leak; any reply is fine.
req = g.send(WATCH, args("txw", "tok"), tx=0xdeadbeef)
op, rreq, tx, data = g.recv_reply()
check(op in (WATCH, ERROR) and rreq == req, "WATCH with bogus tx_id answered (%d %r)" % (op, data))
t = g.tstart()
req = g.send(WATCH, args("txw2", "tok2"), tx=t)
op, rreq, tx, data = g.recv_reply()
check(op in (WATCH, ERROR), "WATCH inside a transaction answered (%d %r)" % (op, data))
g.tend(t, False)
check(g.read("/local/domain/5") == b"", "guest connection still usable")
d.assert_accounting([5, 6], "XSA-115")
d.assert_alive("XSA-115")
