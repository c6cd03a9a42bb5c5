#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# python3-pyxs introduce/release against xenstored-kvm: INTRODUCE fires
# @introduceDomain and creates the domain socket, IS_DOMAIN_INTRODUCED
# follows, GET_DOMAIN_PATH answers, RELEASE fires @releaseDomain, removes the
# socket and the domain's nodes, and a released domid can be introduced again.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403
try:
    import pyxs
except ImportError:
    skip("python3-pyxs not importable from /usr/bin/python3")

pyxs.Client.SU = True    # pyxs refuses RELEASE unless /proc/xen says dom0
d = Daemon()
with pyxs.Client(unix_socket_path=d.socket) as w, pyxs.Client(unix_socket_path=d.socket) as c:
    m = PyxsEvents(w)
    m.watch(b"@introduceDomain", b"in")
    m.watch(b"@releaseDomain", b"out")

    def events():
        return [e.path for e in m.settle()]
    first = events()
    check(sorted(first) == [b"@introduceDomain", b"@releaseDomain"], "initial special events (%r)" % first)
    check(c.get_domain_path(5) == b"/local/domain/5", "GET_DOMAIN_PATH 5")
    check(c.is_domain_introduced(5) is False, "domain 5 not introduced yet")
    for rnd in range(3):
        c.mkdir(b"/local/domain/5")
        c.set_perms(b"/local/domain/5", [b"n5"])
        c.introduce_domain(5, 0, 0)
        check(b"@introduceDomain" in events(), "round %d: @introduceDomain fired" % rnd)
        check(c.is_domain_introduced(5) is True, "round %d: IS_DOMAIN_INTRODUCED" % rnd)
        sock = d.domsock(5)
        check(os.path.exists(sock), "round %d: domain socket appeared" % rnd)
        with pyxs.Client(unix_socket_path=sock) as g:
            g.write(b"state", str(rnd).encode())
            check(c.read(b"/local/domain/5/state") == str(rnd).encode(), "round %d: domain writes" % rnd)
            # a watch, so the daemon's watch count says when it saw the close
            g.monitor().watch(b"state", b"g")
        check(wait_until(lambda: d.usage(5)["watches"] == 0), "round %d: disconnect processed" % rnd)
        check(b"@releaseDomain" not in events(), "round %d: no @releaseDomain on disconnect" % rnd)
        c.release_domain(5)
        check(b"@releaseDomain" in events(), "round %d: @releaseDomain fired" % rnd)
        check(wait_gone(sock), "round %d: domain socket disappeared" % rnd)
        check(c.is_domain_introduced(5) is False, "round %d: no longer introduced" % rnd)
        check(not c.exists(b"/local/domain/5"), "round %d: domain nodes removed" % rnd)
    try:
        c.introduce_domain(0, 0, 0)
        fail("pyxs allowed introducing domain 0")
    except ValueError:
        pass
    r = d.dom0().err(RELEASE, args(77))
    log("RELEASE of an unknown domain: %s" % r)
    check(r is not None, "RELEASE of an unknown domain is an error")
d.assert_alive("pyxs introduce/release")
