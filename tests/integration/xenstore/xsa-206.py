#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# XSA-206 regression: one guest flooding the daemon with requests (and never
# reading the replies) must not starve other clients: dom0 and a second guest
# keep getting answers while the flood runs.
import os
import sys
import threading
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

d = Daemon()
bad = d.introduce(5)
good = d.introduce(6)
dom0 = d.dom0()
bad.write("flood", "x" * 1000)

stop = threading.Event()
held = threading.Event()     # a send blocked: the daemon stopped reading us
sent = [0]


def flood():
    msg = b"".join(HDR.pack(WRITE, 0, 0, len(p)) + p
                   for p in [b"flood\0" + b"y" * 1000] * 64)
    bad.sock.settimeout(0.5)
    while not stop.is_set():
        try:
            bad.sock.sendall(msg)
            sent[0] += 64
        except (socket.timeout, BlockingIOError):
            held.set()
            continue          # the daemon stopped reading us: fine
        except OSError:
            break             # or it dropped us: fine too


t = threading.Thread(target=flood, daemon=True)
t.start()
check(wait_until(lambda: held.is_set() or sent[0] >= 64 * 100 or not t.is_alive()),
      "the flood is under way")
ok0 = okg = 0
for i in range(300):
    dom0.write("/xsa206/dom0", str(i))
    if dom0.read("/xsa206/dom0") == str(i).encode():
        ok0 += 1
    good.write("mine", str(i))
    if good.read("mine") == str(i).encode():
        okg += 1
stop.set()
t.join(5)
log("flooder sent %d requests meanwhile" % sent[0])
check(sent[0] > 0, "the flood was running")
check(ok0 == 300, "dom0 completed 300 round trips during the flood")
check(okg == 300, "another guest completed 300 round trips during the flood")
bad.close()
d.assert_accounting([5, 6], "XSA-206")
d.assert_alive("XSA-206")
