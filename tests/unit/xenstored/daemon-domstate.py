#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# A domain's SET_QUOTA overrides and SET_TARGET link survive a restart of
# the daemon, clean (SIGTERM: snapshot) or not (kill -9: journal replay).
import os
import signal
import sys
sys.path.insert(0, os.path.join(os.environ.get("top_srcdir", "."),
                                "tests", "integration", "xenstore"))
from xstest import *  # noqa: E402,F403


def check_state(d, how):
    dom0 = d.dom0()
    check(dom0.request(GET_QUOTA, args(5, "nodes")) == b"7\0",
          "%s: domain 5 keeps its nodes quota override" % how)
    check(dom0.request(GET_QUOTA, args(6, "nodes")) == b"1000\0",
          "%s: domain 6 has the global nodes quota" % how)
    stub = Conn(d.domsock(6))
    stub.write("/local/domain/5/by-stub", how)
    check(dom0.read("/local/domain/5/by-stub") == how.encode(),
          "%s: domain 6 still acts on its target, domain 5" % how)
    check(stub.err(WRITE, b"/local/domain/7/x\0x") == "EACCES",
          "%s: but not on another domain" % how)
    stub.close()
    dom0.close()


d = Daemon()
for domid in (5, 6, 7):
    d.introduce(domid).close()
dom0 = d.dom0()
dom0.request(SET_QUOTA, args(5, "nodes", 7))
dom0.request(SET_TARGET, args(6, 5))
dom0.close()
check_state(d, "running")
d.stop(signal.SIGKILL)
d.start()
check_state(d, "after kill -9")
d.stop(signal.SIGTERM)
d.start()
check_state(d, "after SIGTERM")
d.assert_alive("domain state")
