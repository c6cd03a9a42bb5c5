#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# XSA-324 regression: a watch with a huge token on a short path, fired by a
# long path below it, would make a WATCH_EVENT longer than 4096 bytes. The
# daemon must never send such a message (Conn.recv_msg asserts it) and must
# not crash.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

d = Daemon()
g = d.introduce(5)
dom0 = d.dom0()
longest = None
for tl in (4000, 4080, 4085, 4090, 4093):
    tok = "T" * tl
    try:
        g.request(WATCH, args("w", tok))
        longest = tl
    except XsError as e:
        log("token of %d refused: %s" % (tl, e.name))
g.drain_events()
check(True, "daemon accepted tokens up to %s chars" % longest)
child = "w/" + "/".join(["c" * 200] * 9)
g.write(child, "x")
dom0.write("/local/domain/5/" + child + "/z", "y")
try:
    evs = g.drain_events()
except Closed:
    evs = None
    log("daemon closed the watcher instead of sending an over-long event")
if evs is not None:
    for p, t in evs:
        check(len(p) + len(t) + 2 <= PAYLOAD_MAX, "event payload within 4096 (%d)" % (len(p) + len(t) + 2))
    check(g.read("w") == b"", "watcher connection still works")
d.assert_accounting([5], "XSA-324")
d.assert_alive("XSA-324")
