#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# xsctl.py SOCKET COMMAND ARGS: the few toolstack operations the shell tests
# need and xenstore-utils lack (INTRODUCE, RELEASE, IS_DOMAIN_INTRODUCED),
# sent with the raw protocol client of xstest.py.
#   introduce DOMID   mkdir /local/domain/DOMID owned by DOMID, INTRODUCE it,
#                     wait for RUNDIR/domain/DOMID
#   release DOMID     RELEASE it and wait for its socket to disappear
#   introduced DOMID  print T or F
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import Conn, XsError, INTRODUCE, RELEASE, IS_DOMAIN_INTRODUCED, args, wait_gone, wait_until  # noqa: E402

sock, cmd, domid = sys.argv[1], sys.argv[2], int(sys.argv[3])
domsock = os.path.join(os.path.dirname(sock), "domain", str(domid))
c = Conn(sock)
try:
    if cmd == "introduce":
        c.mkdir("/local/domain/%d" % domid)
        c.set_perms("/local/domain/%d" % domid, ["n%d" % domid])
        c.request(INTRODUCE, args(domid, 0, 0))
        if not wait_until(lambda: os.path.exists(domsock)):
            sys.exit("%s did not appear" % domsock)
    elif cmd == "release":
        c.request(RELEASE, args(domid))
        if not wait_gone(domsock):
            sys.exit("%s still there" % domsock)
    elif cmd == "introduced":
        print(c.request(IS_DOMAIN_INTRODUCED, args(domid)).rstrip(b"\0").decode())
    else:
        sys.exit("unknown command " + cmd)
except XsError as e:
    sys.exit("%s: %s" % (cmd, e.name))
