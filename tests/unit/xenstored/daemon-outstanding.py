#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# The outstanding-requests quota (Xen 4.17: 20, none for dom0; counted per
# connection here, see xenstored-kvm/README):
# a domain that pipelines requests without reading the replies is served
# only up to its quota, then waits (no error, no drop) until it reads; other
# domains and dom0 are served meanwhile; a SET_QUOTA override applies.
import os
import sys
sys.path.insert(0, os.path.join(os.environ.get("top_srcdir", "."),
                                "tests", "integration", "xenstore"))
from xstest import *  # noqa: E402,F403


def pipeline(conn, base, n):
    conn.send_raw(b"".join(HDR.pack(WRITE, i + 1, 0, len(p)) + p
                           for i, p in enumerate(b"%s/%d\0v" % (base, i)
                                                 for i in range(n))))


def served(dom0, path):
    return len(dom0.ls(path)) if dom0.exists(path) else 0


def read_all(conn, n, what):
    for i in range(n):
        op, req, _, data = conn.recv_reply()
        if op != WRITE or req != i + 1:
            fail("%s: reply %d is type %d req %d (%r)" % (what, i, op, req, data))
    log("ok: %s: all %d replies, in order" % (what, n))


d = Daemon()
dom0 = d.dom0()
a = d.introduce(5)
b = d.introduce(6)

# Proving that nothing more is served needs a time: HOLD s, many times the
# 5-80 ms after which the daemon looks at a held connection again.
HOLD = 0.5

pipeline(a, b"q", 100)
check(wait_until(lambda: served(dom0, "/local/domain/5/q") >= 1), "domain 5 is served")
time.sleep(HOLD)
n = served(dom0, "/local/domain/5/q")
check(1 <= n <= 20, "a domain that reads nothing is served at most 20 (%d)" % n)

b.write("x", "1")
check(b.read("x") == b"1", "another domain is served meanwhile")

flood0 = d.dom0()
pipeline(flood0, b"/d0", 100)
check(wait_until(lambda: served(dom0, "/d0") == 100), "dom0 has no outstanding quota")
read_all(flood0, 100, "dom0")

check(served(dom0, "/local/domain/5/q") == n, "still held while it reads nothing")
read_all(a, 100, "domain 5 once it reads")
check(served(dom0, "/local/domain/5/q") == 100, "all 100 requests were served")

dom0.request(SET_QUOTA, args(6, "outstanding", 3))
check(dom0.request(GET_QUOTA, args(6, "outstanding")) == b"3\0",
      "SET_QUOTA sets domain 6's outstanding quota")
pipeline(b, b"q", 10)
check(wait_until(lambda: served(dom0, "/local/domain/6/q") >= 3), "domain 6 is served")
time.sleep(HOLD)
check(served(dom0, "/local/domain/6/q") == 3, "domain 6 is served 3 at a time")
read_all(b, 10, "domain 6 once it reads")
d.assert_accounting([5, 6], "outstanding")
d.assert_alive("outstanding")
