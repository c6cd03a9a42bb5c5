#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# A compaction that cannot complete loses nothing (issue 11, item 1). The
# state directory is on a small tmpfs; the journal is brought just below
# the size that starts a compaction (8 MiB), then the filesystem is filled
# so that only k pages are left, for k from 0 up, and writes go on across
# the compaction: at each k another step of it (the new journal, the new
# snapshot, the records) finds no room. After a kill -9 or a clean stop
# and a restart with the space back, every acknowledged write is there.
import os
import shutil
import signal
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

private_mounts("mounts a small tmpfs as the state directory")

COMPACT_MIN = 8 << 20          # the journal size that starts a compaction
BIG = 3000
d = Daemon(state_fs=COMPACT_MIN + (16 << 20))
journal = os.path.join(d.state, "journal")
filler = os.path.join(d.fs, "filler")


def value(tag, i):
    head = ("%s-%08d-" % (tag, i)).encode()
    return head + b"x" * (BIG - len(head))


# The template: a journal a few records short of compaction, all acked.
c = d.dom0()
i = 0
while os.stat(journal).st_size < COMPACT_MIN - 3 * (BIG + 64):
    c.write("/big", value("big", i))
    i += 1
last_big = i - 1
c.close()
d.stop(signal.SIGKILL)                  # a clean stop would compact
check(COMPACT_MIN / 2 < os.path.getsize(journal) < COMPACT_MIN,
      "template: %d writes, journal %d bytes" % (i, os.path.getsize(journal)))
template = os.path.join(d.tmp, "template")
shutil.copytree(d.state, template)

for k in range(10):
    shutil.rmtree(d.state)
    shutil.copytree(template, d.state)
    d.start()
    c = d.dom0()
    c.write("/first", "x")              # whatever the daemon sets up, first
    left = fill_fs(filler, k)
    acked, tried, big = {}, None, last_big
    try:
        for n in range(12):
            # the big one grows the journal, not the snapshot
            for p, v in (("/big", value("big", last_big + 1 + n)),
                         ("/t/k%d" % n, "v%d" % n)):
                tried = v if p == "/big" else tried
                try:
                    c.write(p, v)
                    acked[p] = v
                except XsError as e:
                    check(e.name == "ENOSPC", "k=%d: %s -> %s" % (k, p, e.name))
    except (Closed, OSError):
        pass                            # a daemon that stops loses nothing
    c.close()
    d.stop(signal.SIGKILL if k % 2 == 0 else signal.SIGTERM)
    os.unlink(filler)
    d.start()
    c = d.dom0()
    # The write in flight when the daemon went may or may not be there.
    big = acked.pop("/big", value("big", last_big))
    got = c.read("/big")
    check(got in (big, tried),
          "k=%d (%d pages left): the last acknowledged big write survived: %s"
          % (k, left, got[:16]))
    lost = [p for p, v in acked.items() if not c.exists(p) or c.read(p) != v.encode()]
    check(not lost, "k=%d: all %d acknowledged small writes survived a %s (lost %s)"
          % (k, len(acked), "kill -9" if k % 2 == 0 else "clean stop", lost))
    c.close()
    d.stop()
log("PASS")
