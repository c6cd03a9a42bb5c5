#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# XSA-481 regression: malformed paths around the domain prefix
# ("/local/domain/", trailing slashes, empty components, missing domid) must
# be refused cleanly, never hit an assertion.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

d = Daemon()
g = d.introduce(5)
dom0 = d.dom0()
bad = ["/local/domain/", "/local/domain//", "/local/domain//5", "/local/domain/5/",
       "/local//domain/5", "/local/domain/5//x", "", "/local/domain/5/x/", "a//b",
       "/local/domain/x5", "/local/domain/-1", "/local/domain/99999999999999999999",
       "@", "@/x", "/local/domain/5/\xff".encode("latin-1").decode("latin-1")]
for c, who in ((g, "guest"), (dom0, "dom0")):
    for p in bad:
        raw = p.encode("latin-1")
        for op in (READ, WRITE, MKDIR, RM, DIRECTORY, GET_PERMS, WATCH):
            payload = raw + b"\0" + (b"tok\0" if op == WATCH else b"")
            if op == WRITE:
                payload = raw + b"\0v"
            try:
                c.request(op, payload)
            except XsError:
                pass
        check(c.alive() if c is dom0 else c.read("/local/domain/5") == b"",
              "%s: daemon answered every request on %r" % (who, p))
for p in ("/local/domain/", "/local/domain/5/", "a//b"):
    r = g.err(WRITE, p.encode() + b"\0v")
    check(r in ("EINVAL", "EACCES"), "write %r refused (%s)" % (p, r))
for arg in (b"\0", b"x\0", b"-5\0", b"99999999999999999999\0", b""):
    try:
        dom0.request(GET_DOMAIN_PATH, arg)
    except XsError:
        pass
check(dom0.request(GET_DOMAIN_PATH, b"5\0").rstrip(b"\0") == b"/local/domain/5",
      "GET_DOMAIN_PATH still right")
d.assert_accounting([5], "XSA-481")
d.assert_alive("XSA-481")
