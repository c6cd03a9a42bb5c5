#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# python3-pyxs (an independent pure-Python client) against xenstored-kvm:
# transactions commit atomically, stay invisible until commit, abort cleanly,
# and a conflicting concurrent write makes the commit fail (EAGAIN) so the
# usual retry loop converges; also as an introduced domain.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403
try:
    import pyxs
except ImportError:
    skip("python3-pyxs not importable from /usr/bin/python3")

d = Daemon()
with pyxs.Client(unix_socket_path=d.socket) as a, pyxs.Client(unix_socket_path=d.socket) as b:
    a.write(b"/tx/counter", b"0")
    a.transaction()
    a.write(b"/tx/counter", b"1")
    a.write(b"/tx/new", b"n")
    check(b.read(b"/tx/counter") == b"0", "uncommitted write invisible to others")
    check(not b.exists(b"/tx/new"), "uncommitted create invisible to others")
    check(a.commit() is True, "commit succeeds")
    check(b.read(b"/tx/counter") == b"1" and b.read(b"/tx/new") == b"n", "committed values visible")

    a.transaction()
    a.write(b"/tx/counter", b"99")
    a.rollback()
    check(b.read(b"/tx/counter") == b"1", "rollback discards the write")

    # Conflict: a reads then writes in a transaction, b changes it meanwhile.
    a.transaction()
    v = int(a.read(b"/tx/counter"))
    b.write(b"/tx/counter", b"10")
    a.write(b"/tx/counter", str(v + 1).encode())
    check(a.commit() is False, "commit after a conflicting write fails (EAGAIN)")
    check(b.read(b"/tx/counter") == b"10", "the failed transaction changed nothing")

    # Retry loop from two clients incrementing concurrently.
    def incr(c, n):
        retries = 0
        for _ in range(n):
            while True:
                c.transaction()
                v = int(c.read(b"/tx/counter"))
                c.write(b"/tx/counter", str(v + 1).encode())
                if c.commit():
                    break
                retries += 1
        return retries

    import threading
    res = {}
    ta = threading.Thread(target=lambda: res.__setitem__("a", incr(a, 200)))
    tb = threading.Thread(target=lambda: res.__setitem__("b", incr(b, 200)))
    ta.start(); tb.start(); ta.join(); tb.join()
    log("retries: %r" % res)
    check(a.read(b"/tx/counter") == b"410", "400 concurrent increments with retry: no lost update")

    # Read-only transaction over an unrelated change still commits.
    a.transaction()
    a.read(b"/tx/new")
    b.write(b"/tx/other", b"x")
    check(a.commit() is True, "unrelated write does not conflict")

# As an introduced domain, relative paths in a transaction.
g = d.introduce(5)
with pyxs.Client(unix_socket_path=d.domsock(5)) as c:
    c.transaction()
    c.write(b"data/k", b"v")
    check(c.commit(), "domain transaction commits")
    check(c.read(b"/local/domain/5/data/k") == b"v", "domain wrote relative path in its home")
    c.transaction()
    try:
        c.write(b"/outside", b"x")
        fail("domain wrote outside its tree in a transaction")
    except pyxs.PyXSError as e:
        check(e.args[0] == 13, "write outside in a transaction: EACCES (%r)" % (e.args,))
    c.rollback()
d.assert_alive("pyxs transactions")
