#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# XSA-323 regression: path length limits must be checked on the absolute
# path, after a relative path got the /local/domain/N prefix, so a guest
# cannot slip an over-long path past the check.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

d = Daemon()
g = d.introduce(5)
dom0 = d.dom0()


def seg_path(n):
    # n characters made of 100-char segments
    parts, left = [], n
    while left > 0:
        k = min(100, left)
        parts.append("a" * k)
        left -= k + 1
    return "/".join(parts)[:n]


ok = seg_path(1000)
g.write(ok, "fine")
check(g.read(ok) == b"fine", "a 1000-char relative path works")
g.rm(seg_path(100))
for n in (2049, 2500, 3060, 3100, 4000):
    p = seg_path(n)
    r = g.err(WRITE, p.encode() + b"\0x")
    check(r in ("EINVAL", "E2BIG"), "relative path of %d chars refused (%s)" % (n, r))
    r = g.err(READ, args(p))
    check(r in ("EINVAL", "E2BIG"), "read of relative path of %d chars refused (%s)" % (n, r))
p = "/" + seg_path(3072)
r = dom0.err(WRITE, p.encode() + b"\0x")
check(r in ("EINVAL", "E2BIG"), "absolute path of 3073 chars refused even for dom0 (%s)" % r)
for n in (2100, 3000):
    p = "/local/domain/5/" + seg_path(n)
    r = g.err(WRITE, p.encode() + b"\0x")
    check(r in ("EINVAL", "E2BIG"), "absolute own-tree path of %d chars refused (%s)" % (len(p), r))
check(dom0.ls("/local/domain/5") == [], "nothing partial was left behind")
d.assert_accounting([5], "XSA-323")
d.assert_alive("XSA-323")
