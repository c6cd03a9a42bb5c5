#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# XSA-353 regression: the root node has permissions like any other: a guest
# can neither create nodes at top level, nor change or remove "/".
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

d = Daemon()
g = d.introduce(5)
dom0 = d.dom0()
top = sorted(dom0.ls("/"))
perms = dom0.get_perms("/")
for op, payload in ((WRITE, b"/evil\0x"), (MKDIR, b"/evil\0"),
                    (SET_PERMS, args("/", "n5")), (SET_PERMS, args("/", "n0", "b5")),
                    (RM, b"/\0"), (RM, b"/local\0"), (WRITE, b"/local/evil\0x"),
                    (SET_PERMS, args("/local", "n5"))):
    r = g.err(op, payload)
    check(r in ("EACCES", "EINVAL", "EPERM"), "guest %d %r refused (%s)" % (op, payload[:20], r))
check(sorted(dom0.ls("/")) == top, "top level unchanged")
check(dom0.get_perms("/") == perms, "perms of / unchanged (%r)" % perms)
check(dom0.err(RM, b"/\0") is not None, "even dom0 cannot remove /")
d.assert_accounting([5], "XSA-353")
d.assert_alive("XSA-353")
