#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Durability with real clients: every write the daemon acknowledged (plain,
# in a committed transaction, by dom0 and by a domain, pipelined) survives
# kill -9 at an arbitrary moment and a restart; an aborted or uncommitted
# transaction leaves nothing; a clean SIGTERM restart keeps perms and
# ownership (so quotas stay right). Watches end with their connection.
import os
import signal
import sys
import threading
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

d = Daemon()
g = d.introduce(5)
dom0 = d.dom0()
g.write("owned", "by-5")
g.set_perms("owned", ["n5", "r6"])
t = g.tstart()
g.write("intx", "committed", tx=t)
g.tend(t)
t = g.tstart()
g.write("aborted", "x", tx=t)
g.tend(t, False)
t_open = g.tstart()
g.write("uncommitted", "x", tx=t_open)

for rnd in range(3):
    acked = {}
    stop = threading.Event()

    def writer(n0):
        c = d.dom0()
        i = 0
        try:
            while not stop.is_set():
                # pipeline 16 writes, then collect their acks
                reqs = []
                for k in range(16):
                    p = "/dur/r%d/n%d" % (rnd, i)
                    reqs.append((c.send(WRITE, p.encode() + b"\0" + str(i).encode()), p, str(i)))
                    i += 1
                for req, p, v in reqs:
                    op, rreq, tx, data = c.recv_reply()
                    if op == WRITE:
                        acked[p] = v
        except (Closed, OSError):
            pass

    th = threading.Thread(target=writer, args=(0,), daemon=True)
    th.start()
    # kill at different points of the stream
    wait_until(lambda: len(acked) >= (50, 500, 2000)[rnd] or not th.is_alive())
    pid = d.proc.pid
    os.kill(pid, signal.SIGKILL)
    d.proc.wait()
    stop.set()
    th.join(5)
    check(len(acked) > 0, "round %d: %d writes acknowledged before kill -9" % (rnd, len(acked)))
    d.start()
    c = d.dom0()
    missing = [p for p, v in acked.items() if not c.exists(p) or c.read(p) != v.encode()]
    check(missing == [], "round %d: every acknowledged write survived kill -9 (%d checked, missing %r)"
          % (rnd, len(acked), missing[:5]))
    c.close()

c = d.dom0()
check(c.read("/local/domain/5/owned") == b"by-5", "domain's write survived")
check(c.get_perms("/local/domain/5/owned") == ["n5", "r6"], "its perms survived")
check(c.read("/local/domain/5/intx") == b"committed", "committed transaction survived")
check(not c.exists("/local/domain/5/aborted"), "aborted transaction left nothing")
check(not c.exists("/local/domain/5/uncommitted"), "uncommitted transaction left nothing")
u1 = d.usage(5)
d.stop(signal.SIGTERM)
d.start()
u2 = d.usage(5)
check(u2["nodes"] == u1["nodes"], "domain 5's node count survives a clean restart (%r)" % u2)
c = d.dom0()
c.watch("/dur", "w")
c.drain_events()
c.close()
c = d.dom0()
c.write("/dur/after", "x")
check(c.drain_events() == [], "watches ended with their connection")
d.assert_accounting([5], "durability")
d.assert_alive("durability")
