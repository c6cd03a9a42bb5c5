#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# File-descriptor exhaustion (issue 11, item 3). The daemon runs with
# RLIMIT_NOFILE 160. A domain gets 32 connections and no more; guests
# flooding connections stop short of the last descriptors, so dom0 (and
# Debian's xenstore-read) is still served; dom0 itself flooding past the
# limit makes accept fail with EMFILE: the daemon must not spin, must keep
# answering the connections it has (a pipelined batch loses no reply, a
# compaction that cannot open its files changes nothing), and must accept
# the waiting connections once descriptors are free. Every acknowledged
# write survives kill -9. All loops are bounded.
import os
import re
import signal
import subprocess
import sys
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

NOFILE, PER_DOMAIN, GUESTS = 160, 32, (5, 6, 7, 8, 9)
d = Daemon(nofile=NOFILE)
for domid in GUESTS:
    d.introduce(domid).close()
keep = d.dom0()
keep.write("/fds/keep", "before")


def log_count(pattern):
    with open(d.logfile, errors="replace") as f:
        return len(re.findall(pattern, f.read()))


def connect(path, n):
    """Open up to n connections; those the daemon serves, and how many it
    refused (accepted, then closed)."""
    served, refused = [], 0
    for _ in range(n):
        c = Conn(path)
        try:
            c.request(GET_DOMAIN_PATH, args(0))
            served.append(c)
        except (Closed, OSError):
            c.close()
            refused += 1
    return served, refused


# The per-domain cap.
mine, refused = connect(d.domsock(5), PER_DOMAIN + 8)
check(len(mine) == PER_DOMAIN and refused == 8,
      "domain 5: %d connections served, %d refused (cap %d)"
      % (len(mine), refused, PER_DOMAIN))
check(log_count(r"domain 5: connections refused while it has its cap") == 1,
      "the cap is logged once, not per connection")

# Guests flood: they stop short of the limit, dom0 goes on.
guests = list(mine)
for domid in GUESTS[1:]:
    got, _ = connect(d.domsock(domid), PER_DOMAIN)
    guests += got
check(len(guests) < len(GUESTS) * PER_DOMAIN,
      "the guests got %d connections of the %d they asked for"
      % (len(guests), len(GUESTS) * PER_DOMAIN))
check(log_count(r"connections refused while the last descriptors are dom0's") == 1,
      "the reserve is logged once")
c = d.dom0()
c.write("/fds/dom0", "served")
c.close()
r = subprocess.run(["xenstore-read", "/fds/dom0"], capture_output=True, timeout=30,
                   env=dict(os.environ, XENSTORED_PATH=d.socket))
check(r.returncode == 0 and r.stdout == b"served\n",
      "with the guests at their limit, dom0's xenstore-read is served: %r" % r.stdout)
for g in guests:
    g.request(GET_DOMAIN_PATH, args(0))
log("ok: all %d guest connections still answer" % len(guests))

# dom0 floods past the limit: accept fails with EMFILE. (The reserve has
# fewer than 60 descriptors; the ones beyond wait in the listen backlog
# and fit in what the guests will give back.)
flood = [Conn(d.socket, timeout=30) for _ in range(60)]
check(wait_until(lambda: log_count(r"cannot accept connections: Too many open files") >= 1),
      "the daemon says it cannot accept (EMFILE)")
cpu, t0 = d.cpu_seconds(), time.monotonic()
# a pipelined batch on a connection it has: every reply comes
reqs = [keep.send(WRITE, ("/fds/batch/%d" % i).encode() + b"\0" + b"v%d" % i)
        for i in range(50)]
for req in reqs:
    op, rreq, tx, data = keep.recv_reply()
    if op != WRITE or rreq != req:
        fail("batch write %d at the fd limit: reply %d to %d" % (req, op, rreq))
log("ok: a pipelined batch of %d writes is acknowledged at the fd limit" % len(reqs))
e = keep.err(CONTROL, args("compact"))
check(e is not None and not [f for f in os.listdir(d.state) if f.endswith(".tmp")],
      "a compaction with no descriptor to open fails (%s) and leaves no file" % e)
check(keep.read("/fds/keep") == b"before", "the connection goes on after it")
time.sleep(max(0, 2.0 - (time.monotonic() - t0)))  # the window measured
used = d.cpu_seconds() - cpu
check(used < 0.25 * (time.monotonic() - t0),
      "the daemon does not spin at the limit: %.2f s CPU in %.1f s"
      % (used, time.monotonic() - t0))
check(log_count(r"cannot accept connections") == 1, "EMFILE is logged once")

# Descriptors come back: the waiting connections are accepted and served.
for g in guests:
    g.close()
served = 0
for c in flood:
    try:
        c.request(GET_DOMAIN_PATH, args(0))
        served += 1
    except (Closed, OSError):
        pass
check(served == len(flood), "all %d waiting dom0 connections are served once "
      "descriptors are free (%d)" % (len(flood), served))
for c in flood:
    c.close()
check(wait_until(lambda: log_count(r"accepting connections again") == 1),
      "the daemon says it accepts again")
again, refused = connect(d.domsock(5), 4)
check(len(again) == 4 and not refused, "domain 5 connects again after its "
      "connections closed")
for c in again:
    c.close()

d.assert_alive()
d.stop(signal.SIGKILL)
d.start()
c = d.dom0()
lost = [i for i in range(50) if c.read("/fds/batch/%d" % i) != b"v%d" % i]
check(not lost and c.read("/fds/dom0") == b"served",
      "every write acknowledged at the fd limit survives kill -9 (lost %s)" % lost)
log("PASS")
