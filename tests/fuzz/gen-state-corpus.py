#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# gen-state-corpus.py DIR: write the seed corpus of the xsd-fuzz-state
# target from state directories the real daemon (top_builddir's, or
# $XENSTORED_KVM) wrote: introduced domains with a quota override, a
# target and features, nodes with permission sets, removals, committed
# transactions; as a snapshot from a clean stop plus the journal that
# follows it up to a kill -9, and as a journal alone. Each seed is in the
# target's format, [flags][snapshot length, 4 bytes LE][snapshot][journal],
# with both checksum fix-ups on (flags 3), so mutations reach the decoders.
import os
import signal
import struct
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "integration", "xenstore"))
from xstest import *  # noqa: E402,F403

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def files(d):
    def read(name):
        try:
            with open(os.path.join(d.state, name), "rb") as f:
                return f.read()
        except FileNotFoundError:
            return b""
    return read("snapshot"), read("journal")


def seed(name, snapshot, journal):
    with open(os.path.join(out, name), "wb") as f:
        f.write(bytes([3]) + struct.pack("<I", len(snapshot)) + snapshot + journal)


def populate(d, c, tag):
    g = d.introduce(5)
    g.write("data/%s" % tag, "guest")
    g.set_perms("data/%s" % tag, ["n5", "r6"])
    c.request(SET_QUOTA, args(5, "nodes", 300))
    c.introduce(6)
    c.request(SET_TARGET, args(6, 5))
    for i in range(8):
        c.write("/%s/n%d" % (tag, i), "v%d" % i)
    c.set_perms("/%s/n1" % tag, ["n0", "r5", "w6"])
    c.rm("/%s/n2" % tag)
    t = c.tstart()
    c.write("/%s/tx/a" % tag, "1", tx=t)
    c.mkdir("/%s/tx/b" % tag, tx=t)
    c.tend(t)
    g.close()


d = Daemon()
c = d.dom0()
populate(d, c, "first")
c.close()
d.stop(signal.SIGKILL)
seed("journal-only", b"", files(d)[1])
d.start()
d.stop(signal.SIGTERM)
d.start()
c = d.dom0()
c.write("/second/x", "after the snapshot")
c.rm("/first/n3")
c.request(RELEASE, args(6))
c.close()
d.stop(signal.SIGKILL)
snapshot, journal = files(d)
seed("snapshot-and-journal", snapshot, journal)
seed("snapshot-only", snapshot, b"")
d.cleanup()
