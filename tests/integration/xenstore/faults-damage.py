#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Damaged state files (issue 11, item 5). A store is written with Debian's
# xenstore-write (a snapshot from a clean stop, then journal records
# before a kill -9), then bytes of the real files are flipped or cut off:
# a journal record's value, its length, the tail, the header's sequence
# number and magic, a node in the snapshot, the snapshot's end. At each
# start the daemon must name the damaged file and where the damage is, keep
# the file exactly as it found it in a new damaged-*/ directory, load
# every record before the damage and nothing after it (a damaged snapshot:
# nothing of it or its journal), keep serving Xen's clients, and leave a
# state directory that the next restart loads without complaint. Files of
# the previous format (no checksums) are loaded whole and written anew. Damage
# found twice goes into two directories: evidence is never replaced.
import glob
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import zlib
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xstest import *  # noqa: E402,F403

for tool in ("xenstore-write", "xenstore-read"):
    if not shutil.which(tool):
        skip("needs Debian's xenstore-utils (%s)" % tool)

JNL_HDR = 20            # magic (8), sequence number (8), their CRC32 (4)
SNAP_KEYS, JNL_KEYS = 20, 30
d = Daemon()


def xs(*argv):
    env = dict(os.environ, XENSTORED_PATH=d.socket)
    return subprocess.run(argv, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=30)


def xs_write(path, value):
    r = xs("xenstore-write", path, value)
    check(r.returncode == 0, "xenstore-write %s: %s" % (path, r.stderr))


def xs_read(path):
    r = xs("xenstore-read", path)
    return r.stdout.decode().rstrip("\n") if r.returncode == 0 else None


def snap_value(i):
    return "snap-%02d" % i


def jnl_value(i):
    return "jnl-%02d-%s" % (i, "x" * 40)


def state(name):
    return os.path.join(d.state, name)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def records(journal):
    """(offset, length) of every record after the header."""
    out, off = [], JNL_HDR
    while off + 8 <= len(journal):
        n = struct.unpack_from("<I", journal, off)[0]
        out.append((off, n))
        off += 8 + n
    return out


def log_text():
    with open(d.logfile, errors="replace") as f:
        return f.read()


def aside_dirs():
    return sorted(glob.glob(state("damaged-*")))


# The template: 20 keys in the snapshot a clean stop writes, 30 in the
# journal that follows it, every one acknowledged to xenstore-write.
for i in range(SNAP_KEYS):
    xs_write("/snap/s%d" % i, snap_value(i))
d.stop(signal.SIGTERM)
check(os.path.getsize(state("journal")) == JNL_HDR and
      os.path.getsize(state("snapshot")) > 0,
      "a clean stop leaves a snapshot and an empty journal")
d.start()
for i in range(JNL_KEYS):
    xs_write("/jnl/j%d" % i, jnl_value(i))
d.stop(signal.SIGKILL)
template = os.path.join(d.tmp, "template")
shutil.copytree(d.state, template)
tj, ts = read(state("journal")), read(state("snapshot"))
# the record of each key (the daemon may write records of its own too)
rec = {}
for off, n in records(tj):
    for i in range(JNL_KEYS):
        if jnl_value(i).encode() in tj[off + 8:off + 8 + n]:
            rec[i] = (off, n)
check(sorted(rec) == list(range(JNL_KEYS)) and
      records(tj)[-1][0] + 8 + records(tj)[-1][1] == len(tj),
      "template: each of the %d journal keys has its record" % JNL_KEYS)


def flip(data, at):
    return data[:at] + bytes([data[at] ^ 0x5a]) + data[at + 1:]


def reset():
    d.stop()
    shutil.rmtree(d.state)
    shutil.copytree(template, d.state)
    open(d.logfile, "w").close()


def start_damaged(name, data):
    """Put DATA in place of state file NAME, start, return the log."""
    with open(state(name), "wb") as f:
        f.write(data)
    d.start()
    return log_text()


def expect_store(case, snap, upto):
    """Snapshot keys present iff snap, journal keys present iff < upto."""
    bad = [i for i in range(SNAP_KEYS)
           if xs_read("/snap/s%d" % i) != (snap_value(i) if snap else None)]
    bad += ["j%d" % i for i in range(JNL_KEYS)
            if xs_read("/jnl/j%d" % i) != (jnl_value(i) if i < upto else None)]
    check(not bad, "%s: the store holds %s snapshot and journal keys "
          "j0..j%d and nothing else (wrong: %s)"
          % (case, "all" if snap else "no", upto - 1, bad))


def expect_evidence(case, files, before=()):
    """One new damaged-* directory holding FILES ({name: bytes}) as found."""
    new = [p for p in aside_dirs() if p not in before]
    check(len(new) == 1, "%s: one new damaged-* directory (%s)" % (case, new))
    for name, data in files.items():
        kept = os.path.join(new[0], name)
        check(os.path.exists(kept) and read(kept) == data,
              "%s: %s kept byte for byte in %s" % (case, name, new[0]))
        check(not os.path.exists(state(name)) or read(state(name)) != data,
              "%s: the damaged %s is not left in use" % (case, name))
    check(oct(os.stat(new[0]).st_mode & 0o777) == "0o700",
          "%s: %s is 0700" % (case, new[0]))
    return new[0]


def expect_recovers(case, snap, upto):
    """Writes go on; a kill -9 and a start load it all, quietly."""
    xs_write("/after", case)
    kept = aside_dirs()
    d.stop(signal.SIGKILL)
    open(d.logfile, "w").close()
    d.start()
    check(xs_read("/after") == case, "%s: a write after it survives kill -9" % case)
    expect_store(case + ", restarted", snap, upto)
    check(aside_dirs() == kept and "damaged" not in log_text(),
          "%s: the next start finds nothing damaged" % case)



def old_format(snapshot, journal):
    """The same files as the previous version wrote them: no checksum on
    the snapshot and the journal header, record CRCs of the payload only."""
    snap = b"XSKVSNP3" + snapshot[8:-4]
    jnl = b"XSKVJNL1" + journal[8:16]
    for off, n in records(journal):
        payload = journal[off + 8:off + 8 + n]
        jnl += struct.pack("<II", n, zlib.crc32(payload)) + payload
    return snap, jnl


# Files of the previous format are loaded whole and written anew.
reset()
for name, data in zip(("snapshot", "journal"), old_format(ts, tj)):
    with open(state(name), "wb") as f:
        f.write(data)
d.start()
expect_store("previous format", True, JNL_KEYS)
check(read(state("snapshot"))[:8] == b"XSKVSNP4" and
      read(state("journal"))[:8] == b"XSKVJNL2" and not aside_dirs(),
      "previous format: rewritten in the current one, nothing put aside")
expect_recovers("previous format", True, JNL_KEYS)

state_dir = d.state
cases = [
    # name, file, damaged bytes, log pattern, snapshot loaded, journal keys loaded
    ("a flipped byte in record 12's value", "journal",
     flip(tj, rec[12][0] + 8 + rec[12][1] - 5),
     r"journal is damaged at byte %d of %d \(a record fails its CRC32\)"
     % (rec[12][0], len(tj)), True, 12),
    ("a flipped bit in record 12's length", "journal",
     tj[:rec[12][0]] + struct.pack("<I", rec[12][1] ^ 1) + tj[rec[12][0] + 4:],
     r"journal is damaged at byte %d of %d" % (rec[12][0], len(tj)), True, 12),
    ("the last record cut short", "journal", tj[:-7],
     r"journal is damaged at byte %d of %d \(a record cut short\)"
     % (rec[JNL_KEYS - 1][0], len(tj) - 7), True, JNL_KEYS - 1),
    ("a flipped byte in the journal's sequence number", "journal", flip(tj, 9),
     r"journal is damaged: its header fails its CRC32", True, 0),
    ("a flipped byte in the journal's magic", "journal", flip(tj, 2),
     r"journal is damaged: its header is cut short or has no journal magic",
     True, 0),
    ("a flipped byte in a snapshot node", "snapshot",
     flip(ts, ts.index(snap_value(7).encode()) + 2),
     r"snapshot is damaged \(.*over its %d bytes" % len(ts), False, 0),
    ("the snapshot cut short", "snapshot", ts[:-3],
     r"snapshot is damaged \(.*over its %d bytes" % (len(ts) - 3), False, 0),
]
for case, name, data, pattern, snap, upto in cases:
    reset()
    check(data != read(state(name)), "%s: the bytes differ" % case)
    text = start_damaged(name, data)
    check(len(re.findall(re.escape(state_dir) + "/" + pattern, text)) == 1,
          "%s: the log says so once, naming the file and where:\n%s"
          % (case, text.strip()))
    files = {name: data}
    if name == "snapshot":      # its journal cannot be replayed without it
        files["journal"] = tj
    kept = expect_evidence(case, files)
    check(os.path.basename(kept) in text, "%s: the log names %s" % (case, kept))
    expect_store(case, snap, upto)
    expect_recovers(case, snap, upto)
    log("ok: %s" % case)

# Damage found again goes into another directory; the first stays as found.
first = aside_dirs()
j = read(state("journal"))
again = flip(j, j.rindex(cases[-1][0].encode()) + 2)
d.stop(signal.SIGKILL)
open(d.logfile, "w").close()
start_damaged("journal", again)
second = expect_evidence("damage found twice", {"journal": again}, first)
check(read(os.path.join(first[0], "snapshot")) == ts[:-3] and
      read(os.path.join(first[0], "journal")) == tj,
      "the first evidence is untouched by the second")
check(xs_read("/snap/s0") is None and xs_read("/after") is None,
      "the second damage cut the record of /after and nothing before it")
d.assert_alive()
log("PASS")
