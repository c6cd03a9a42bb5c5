#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Write rate limiting as in Xen 4.17's C xenstored: while a transaction is
# open, a domain flooding writes is slowed to its share of 200 writes/s
# (plus bursts), while another domain's requests keep their latency; with
# no transaction open the same flood runs at full speed. Only bounds that
# load cannot break are timed: the limited flood's duration from below, the
# other domain's median latency against the limited writes' pace; whether
# the limit applied at all is the daemon's own word (its log).
import os
import sys
import threading
sys.path.insert(0, os.path.join(os.environ.get("top_srcdir", "."),
                                "tests", "integration", "xenstore"))
from xstest import *  # noqa: E402,F403

FLOOD = 600


def flood(conn):
    t = time.time()
    for i in range(FLOOD):
        conn.write("f", str(i))
    return time.time() - t


d = Daemon()
dom0 = d.dom0()
bad = d.introduce(5)
good = d.introduce(6)

AFFECTED = "write rate limit: domain 5 is affected"


def limited():
    with open(d.logfile, errors="replace") as f:
        return AFFECTED in f.read()


fast = flood(bad)
log("%d writes with no transaction open: %.2f s" % (FLOOD, fast))
check(not limited(), "no transaction open: the flood is not limited")

tx = dom0.tstart()
lat = []
stop = threading.Event()


def other():
    i = 0
    while not stop.is_set():
        t = time.time()
        if i % 10 == 0:
            good.write("mine", str(i))
        good.read("mine")
        lat.append(time.time() - t)
        i += 1
        time.sleep(0.01)


th = threading.Thread(target=other, daemon=True)
th.start()
slow = flood(bad)
stop.set()
th.join(5)
log("%d writes while a transaction is open: %.2f s" % (FLOOD, slow))
check(slow > 3.0, "a transaction is open: the flood is slowed")
check(wait_until(limited), "the daemon says domain 5 is limited")
check(len(lat) > 50, "the other domain ran %d requests meanwhile" % len(lat))
med = sorted(lat)[len(lat) // 2]
check(med < slow / FLOOD, "the other domain's median latency %.4f s (worst %.3f s) is below "
      "the limited domain's %.4f s per write" % (med, max(lat), slow / FLOOD))
check(dom0.request(TRANSACTION_END, b"F\0", tx) == b"OK\0",
      "dom0 (never limited) ends its transaction")
d.assert_accounting([5, 6], "wrl")
d.assert_alive("wrl")
