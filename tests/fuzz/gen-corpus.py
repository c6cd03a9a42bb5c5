#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# gen-corpus.py DIR: write the seed corpus of the xsd-fuzz libFuzzer target.
# Each seed is a short, valid conversation in the target's record format
# ([selector][len16 LE][wire bytes]) covering every message type, from dom0
# and from unprivileged domains, with transactions, watches, permissions,
# errors and the XSA-shaped corner cases, so mutation starts from the
# interesting paths instead of random bytes.
import os
import struct
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

DOM0, D5, D6, D5B = 0, 1, 2, 3


def msg(op, *parts, tx=0, req=0, raw=None):
    p = raw if raw is not None else b"".join(
        (x if isinstance(x, bytes) else str(x).encode()) + b"\0" for x in parts)
    return struct.pack("<IIII", op, req, tx, len(p)) + p


def rec(conn, data, close=False):
    return bytes([conn | (0x80 if close else 0)]) + struct.pack("<H", len(data)) + data


seeds = {
    "basic": [(DOM0, msg(11, raw=b"/a/b\0hello")), (DOM0, msg(2, "/a/b")), (DOM0, msg(1, "/a")),
              (DOM0, msg(13, "/a")), (DOM0, msg(12, "/m")), (DOM0, msg(3, "/m"))],
    "guest-rel": [(D5, msg(11, raw=b"x/y\0v")), (D5, msg(2, "x/y")), (D5, msg(1, "")),
                  (D5, msg(13, "x")), (D5, msg(10, "5"))],
    "perms": [(D5, msg(11, raw=b"s\0v")), (D5, msg(14, "s", "n5", "r6")),
              (D6, msg(2, "/local/domain/5/s")), (D6, msg(11, raw=b"/local/domain/5/s\0w")),
              (D6, msg(14, "/local/domain/5/s", "n6")), (D5, msg(14, "s", "n6"))],
    "tx": [(D5, msg(6, "")), (D5, msg(11, raw=b"t\0v", tx=1)), (D5, msg(2, "t", tx=1)),
           (D5B, msg(11, raw=b"t\0w")), (D5, msg(7, "T", tx=1)), (D5, msg(6, "")),
           (D5, msg(13, "t", tx=2)), (D5, msg(7, "F", tx=2))],
    "watch": [(D5, msg(4, "w", "tok")), (D5, msg(4, "@releaseDomain", "r")),
              (DOM0, msg(11, raw=b"/local/domain/5/w/x\0v")), (D5, msg(5, "w", "tok")),
              (D5, msg(21, raw=b"")), (DOM0, msg(4, "@introduceDomain", "i"))],
    "domains": [(DOM0, msg(8, 7, 0, 0)), (DOM0, msg(17, 7)), (DOM0, msg(19, 7, 5)),
                (DOM0, msg(18, 7)), (DOM0, msg(9, 7)), (D5, msg(8, 9, 0, 0)),
                (DOM0, msg(9, 5))],
    "control": [(DOM0, msg(0, "log", "debug")), (DOM0, msg(0, "quota")),
                (DOM0, msg(0, "memreport")), (DOM0, msg(25, "5")), (DOM0, msg(26, "5", "nodes", "10")),
                (D5, msg(0, "quota")), (DOM0, msg(23, "5")), (DOM0, msg(24, "5", "1"))],
    "dirpart": [(DOM0, msg(11, raw=b"/d/" + b"c" * 200 + b"\0")), (DOM0, msg(22, "/d", "0")),
                (DOM0, msg(22, "/d", "999"))],
    "errors": [(D5, msg(11, raw=b"/evil\0x")), (D5, msg(2, "/local/domain/")),
               (D5, msg(2, "a//b")), (D5, msg(99, "x")), (D5, msg(7, "T", tx=42)),
               (D5, msg(16, "EINVAL")), (D5, msg(15, "p", "t")), (DOM0, msg(13, "/"))],
    "xsa-324": [(D5, msg(4, "w", "T" * 4000)), (D5, msg(11, raw=b"w/" + b"c" * 200 + b"\0"))],
    "xsa-484": [(D5, msg(4, "w", "t")), (D5, msg(6, "")), (D5, msg(21, raw=b"", tx=1)),
                (D5, msg(7, "T", tx=1))],
    "xsa-440": [(D5, msg(11, raw=b"t/a\0")), (D5, msg(6, "")), (D5B, msg(6, "")),
                (D5, msg(13, "t", tx=1)), (D5B, msg(13, "t", tx=1)), (D5, msg(7, "T", tx=1)),
                (D5B, msg(7, "T", tx=1))],
    "split": [(DOM0, msg(11, raw=b"/s\0v")[:7]), (DOM0, msg(11, raw=b"/s\0v")[7:])],
    "close": [(D5, msg(4, "w", "t")), (D5, msg(6, "")), (D5, msg(2, "w"), )],
    "oversize": [(D5, struct.pack("<IIII", 2, 0, 0, 5000) + b"x" * 16)],
}
for name, recs in seeds.items():
    data = b""
    for i, r in enumerate(recs):
        close = name == "close" and i == len(recs) - 1
        data += rec(r[0], r[1], close)
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
print("%d seeds in %s" % (len(seeds), out))
