#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# A full state directory (issue 11, item 2): the daemon keeps running. A
# change that cannot be made durable is refused with ENOSPC and nothing of
# it is applied (no node, no watch event, a refused commit ends its
# transaction); reads, directory listings and watches go on being served,
# to dom0 and to a domain; once there is room again changes are accepted.
# A change bigger than the space kept ahead (dom0's) that meets a full
# disk is answered only once it is durable. The log says so once per
# episode, not once per request. Every
# acknowledged write survives kill -9 and a restart. The state directory
# is on a small tmpfs in a mount namespace of the test's own.
import os
import re
import signal
import socket
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

private_mounts("mounts a small tmpfs as the state directory")

d = Daemon(state_fs=32 << 20)
filler = os.path.join(d.fs, "filler")
g = d.introduce(5)
c = d.dom0()
w = d.dom0()
c.write("/full/a", "1")
g.write("mine", "1")
w.watch("/full", "tok")
w.drain_events()
acked = {"/full/a": b"1", "/local/domain/5/mine": b"1"}

# Fill the filesystem, then write until the daemon refuses.
fill_fs(filler, 0)
value = b"v" * 3000
refused = None
for i in range(20000):
    p = "/full/n%d" % i
    e = c.err(WRITE, p.encode() + b"\0" + value)
    if e is not None:
        refused = (p, e)
        break
    acked[p] = value
check(refused is not None and refused[1] == "ENOSPC",
      "writes on a full state directory end in ENOSPC after %d: %s" % (len(acked), refused))
check(not c.exists(refused[0]), "the refused write left no node")
check(w.drain_events() == [("/full/n%d" % i, "tok") for i in range(len(acked) - 2)],
      "the watcher saw the acknowledged writes and nothing of the refused one")

# Every kind of change is refused, by dom0 and by a domain; nothing applied.
for who, conn, base in (("dom0", c, "/full/a"), ("domain 5", g, "mine")):
    for op, payload in ((WRITE, base.encode() + b"\0" + b"2"),
                        (WRITE, (base + "/new").encode() + b"\0" + b"2"),
                        (MKDIR, args(base + "/dir")),
                        (RM, args(base)),
                        (SET_PERMS, args(base, "n5", "r0"))):
        e = conn.err(op, payload)
        check(e == "ENOSPC", "%s: request %d on a full state directory -> %s" % (who, op, e))
    check(conn.read(base) == b"1" and conn.ls(base) == [],
          "%s: %s unchanged and served" % (who, base))
    t = conn.tstart()
    conn.write(base, "in-tx", tx=t)
    check(conn.read(base, tx=t) == b"in-tx", "%s: a transaction works in memory" % who)
    e = conn.err(TRANSACTION_END, b"T\0", tx=t)
    check(e == "ENOSPC", "%s: its commit -> %s" % (who, e))
    e = conn.err(READ, args(base), tx=t)
    check(e == "ENOENT", "%s: the refused commit ended the transaction (%s)" % (who, e))
    check(conn.read(base) == b"1", "%s: nothing of it applied" % who)
e = c.err(INTRODUCE, args(7, 0, 0))
check(e == "ENOSPC", "INTRODUCE on a full state directory -> %s" % e)
check(c.request(IS_DOMAIN_INTRODUCED, args(7)) == b"F\0", "domain 7 not introduced")
check(w.drain_events() == [], "no watch event for anything refused")

# Reads and watches are served meanwhile.
check(len(c.ls("/full")) == len(acked) - 1, "DIRECTORY served")
g2 = Conn(d.domsock(5))
g2.watch("mine", "t2")
check(g2.drain_events() == [("mine", "t2")], "a new watch fires its first event")
check(d.running(), "the daemon is still running")

# Room again: changes are accepted, and seen.
os.unlink(filler)
c.write("/full/after", "ok")
acked["/full/after"] = b"ok"
g.write("mine", "2")
acked["/local/domain/5/mine"] = b"2"
check(w.drain_events() == [("/full/after", "tok")], "the watcher sees the next write")
check(g2.drain_events() == [("mine", "t2")], "and the domain's watch its own")
t = g.tstart()
g.write("txd", "1", tx=t)
g.tend(t)
acked["/local/domain/5/txd"] = b"1"

with open(d.logfile) as f:
    text = f.read()
full = re.findall(r"state directory full", text)
back = re.findall(r"has room again", text)
check(len(full) == 1 and len(back) == 1,
      "the log says it once each (full %d, room again %d)" % (len(full), len(back)))

# A second episode is logged again, once.
fill_fs(filler, 0)
n = 0
while c.err(WRITE, ("/full/m%d" % n).encode() + b"\0" + value) is None:
    acked["/full/m%d" % n] = value
    n += 1
errs = [c.err(WRITE, b"/full/again\0x") for _ in range(50)]
check(errs == ["ENOSPC"] * 50, "50 more writes refused")
os.unlink(filler)
with open(d.logfile) as f:
    text = f.read()
check(len(re.findall(r"state directory full", text)) == 2,
      "a second episode is logged once more, not per request")

# Everything acknowledged survives kill -9.
for conn in (c, w, g, g2):
    conn.close()
d.stop(signal.SIGKILL)
d.start()
c = d.dom0()
lost = [p for p, v in acked.items() if not c.exists(p) or c.read(p) != v]
check(not lost, "all %d acknowledged writes survived kill -9 (lost %s)" % (len(acked), lost[:5]))
check(not c.exists(refused[0]) and not c.exists("/full/again"), "no refused write appeared")

# A change bigger than the room kept ahead (dom0's may be: it has no
# quota) that meets a full disk is not acknowledged until it is durable:
# replies wait, the daemon tries again, and answers once there is room.
d.stop()
d = Daemon(state_fs=48 << 20)
filler = os.path.join(d.fs, "filler")
c = d.dom0()
c.write("/before-big", "1")             # room is allocated ahead
fill_fs(filler, 0)
t = c.tstart()
for n in range(6000):                   # 18 MB: more than the room ahead
    c.write("/big/n%d" % n, value, tx=t)
req = c.send(TRANSACTION_END, b"T\0", tx=t)


def logged(what):
    with open(d.logfile) as f:
        return f.read().count(what)


check(wait_until(lambda: logged("journal write failed") > 0, 120),
      "the daemon says its journal write failed")
c.sock.settimeout(0.5)
try:
    c.recv_reply()
    fail("the big commit was acknowledged before it was durable")
except socket.timeout:
    pass
check(d.running(), "the daemon holds the reply back and keeps running")
os.unlink(filler)
c.sock.settimeout(30.0)
op, rreq, _, data = c.recv_reply()
check(op == TRANSACTION_END and rreq == req and data == b"OK\0",
      "once there is room the commit is answered: %d %r" % (op, data[:16]))
check(logged("journal write failed") == 1 and logged("journal written again") == 1,
      "the held episode is logged once at each end")
c.close()
d.stop(signal.SIGKILL)
d.start()
c = d.dom0()
check(c.read("/big/n5999") == value and len(c.ls("/big")) == 6000,
      "the held commit survived kill -9 once answered")
log("PASS")
