#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# python3-pyxs watches against xenstored-kvm: the initial event, events for
# children and removal, unwatch, duplicate watch -> EEXIST, and events from a
# transaction only at commit.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403
try:
    import pyxs
except ImportError:
    skip("python3-pyxs not importable from /usr/bin/python3")

d = Daemon()


with pyxs.Client(unix_socket_path=d.socket) as w, pyxs.Client(unix_socket_path=d.socket) as c:
    c.write(b"/wt", b"")
    m = PyxsEvents(w)
    m.watch(b"/wt", b"tok")
    ev = m.take(1)
    check([(e.path, e.token) for e in ev] == [(b"/wt", b"tok")], "initial event (%r)" % ev)
    c.write(b"/wt/a", b"1")
    c.write(b"/wt/a/b", b"2")
    c.delete(b"/wt/a")
    ev = [e.path for e in m.take(3)]
    check(ev == [b"/wt/a", b"/wt/a/b", b"/wt/a"], "child write, grandchild write, removal (%r)" % ev)
    try:
        w.ack(pyxs._internal.Op.WATCH, b"/wt\0", b"tok\0")
        fail("duplicate watch accepted")
    except pyxs.PyXSError as e:
        check(e.args[0] == 17, "duplicate watch -> EEXIST (%r)" % (e.args,))
    c.transaction()
    c.write(b"/wt/in-tx", b"x")
    check(m.settle() == [], "no event before commit")
    check(c.commit(), "commit")
    ev = [e.path for e in m.take(1)]
    check(ev == [b"/wt/in-tx"], "event delivered at commit (%r)" % ev)
    c.transaction()
    c.write(b"/wt/aborted", b"x")
    c.rollback()
    check(m.settle() == [], "no event for an aborted transaction")
    m.unwatch(b"/wt", b"tok")
    c.write(b"/wt/after", b"x")
    check(m.settle() == [], "no event after unwatch")
    c.set_perms(b"/wt/after", [b"n0", b"r3"])
d.assert_alive("pyxs watches")
