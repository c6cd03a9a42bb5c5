#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# XSA-330 regression: RESET_WATCHES must free the watch quota it held, so a
# guest can set exactly as many watches again (and no more).
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

d = Daemon()
g = d.introduce(5)


def fill():
    n = 0
    while n < 10000:
        r = g.err(WATCH, args("w%d" % n, "tok"))
        if r is not None:
            check(r in ("E2BIG", "ENOSPC"), "watch quota error is %s" % r)
            return n
        n += 1
    return n


first = fill()
check(0 < first < 10000, "watches per domain are limited (%d)" % first)
g.drain_events()
for i in range(5):
    g.request(RESET_WATCHES, b"")
    g.drain_events()
    again = fill()
    g.drain_events()
    check(again == first, "round %d: after RESET_WATCHES the full quota is back (%d)" % (i, again))
g.request(RESET_WATCHES, b"")
g.write("after", "x")
check(g.drain_events() == [], "no watch fires after RESET_WATCHES")
check(d.usage(5)["watches"] == 0, "watch count is 0 after RESET_WATCHES (%r)" % d.usage(5))
d.assert_accounting([5], "XSA-330")
d.assert_alive("XSA-330")
