#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A minimal XenStore server standing in for xenstored-kvm in link tests.

Serves DIR/socket as dom0 and DIR/domain/DOMID as that domain: relative paths
resolve under /local/domain/DOMID and the domain may only write inside it
(EACCES elsewhere). READ, WRITE, DIRECTORY, RM, WATCH/UNWATCH (events fire on
writes under the watched path and once on registration), MKDIR, SET_PERMS
(accepted, permissions not kept) and transactions (accepted and ignored). Every accepted connection is logged to LOG as
"connect dom0|domDOMID". Usage: fakexs.py DIR DOMID LOG
"""
import os
import selectors
import socket
import struct
import sys

READ, DIRECTORY, WATCH, UNWATCH, TX_START, TX_END = 2, 1, 4, 5, 6, 7
WRITE, MKDIR, RM, SET_PERMS, EVENT, ERROR = 11, 12, 13, 14, 15, 16


class Conn:
    def __init__(self, sock, dom):
        self.sock, self.dom, self.buf, self.watches = sock, dom, b"", []


def main():
    top, domid, logpath = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.makedirs(os.path.join(top, "domain"), exist_ok=True)
    store = {}
    conns = []
    sel = selectors.DefaultSelector()
    log = open(logpath, "a", buffering=1)
    for path, dom in ((os.path.join(top, "socket"), 0),
                      (os.path.join(top, "domain", str(domid)), domid)):
        if os.path.exists(path):
            os.unlink(path)
        ls = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        ls.bind(path)
        ls.listen(64)
        sel.register(ls, selectors.EVENT_READ, ("listen", dom))

    def send(c, typ, req, tx, body):
        c.sock.sendall(struct.pack("<IIII", typ, req, tx, len(body)) + body)

    def absolute(c, p):
        return p if p.startswith("/") else "/local/domain/%d/%s" % (c.dom, p)

    def fire(path):
        for c in conns:
            for wpath, token in c.watches:
                if path == absolute(c, wpath) or path.startswith(absolute(c, wpath) + "/"):
                    send(c, EVENT, 0, 0, wpath.encode() + b"\0" + token + b"\0")

    def handle(c, typ, req, tx, body):
        args = body.split(b"\0")
        if typ in (READ, DIRECTORY, WRITE, MKDIR, RM, SET_PERMS):
            path = absolute(c, args[0].decode())
            mine = "/local/domain/%d" % c.dom
            if typ in (WRITE, MKDIR, RM, SET_PERMS) and c.dom and not (path == mine or path.startswith(mine + "/")):
                return send(c, ERROR, req, tx, b"EACCES\0")
        if typ == READ:
            if path not in store:
                return send(c, ERROR, req, tx, b"ENOENT\0")
            return send(c, READ, req, tx, store[path])
        if typ == DIRECTORY:
            kids = sorted({k[len(path) + 1:].split("/")[0] for k in store
                           if k.startswith(path + "/")})
            return send(c, DIRECTORY, req, tx, b"".join(k.encode() + b"\0" for k in kids))
        if typ == WRITE:
            value = body[len(args[0]) + 1:]
            store[path] = value
            send(c, WRITE, req, tx, b"OK\0")
            return fire(path)
        if typ in (MKDIR, SET_PERMS):
            store.setdefault(path, b"")
            return send(c, typ, req, tx, b"OK\0")
        if typ == RM:
            for k in [k for k in store if k == path or k.startswith(path + "/")]:
                del store[k]
            send(c, RM, req, tx, b"OK\0")
            return fire(path)
        if typ == WATCH:
            c.watches.append((args[0].decode(), args[1]))
            send(c, WATCH, req, tx, b"OK\0")
            return send(c, EVENT, 0, 0, args[0] + b"\0" + args[1] + b"\0")
        if typ == UNWATCH:
            c.watches = [w for w in c.watches if w != (args[0].decode(), args[1])]
            return send(c, UNWATCH, req, tx, b"OK\0")
        if typ == TX_START:
            return send(c, TX_START, req, tx, b"1\0")
        if typ == TX_END:
            return send(c, TX_END, req, tx, b"OK\0")
        return send(c, ERROR, req, tx, b"EINVAL\0")

    while True:
        for key, _ in sel.select():
            if key.data[0] == "listen":
                s, _ = key.fileobj.accept()
                c = Conn(s, key.data[1])
                conns.append(c)
                sel.register(s, selectors.EVENT_READ, ("conn", c))
                log.write("connect %s\n" % ("dom0" if c.dom == 0 else "dom%d" % c.dom))
                continue
            c = key.data[1]
            try:
                data = c.sock.recv(65536)
            except OSError:
                data = b""
            if not data:
                sel.unregister(c.sock)
                c.sock.close()
                conns.remove(c)
                continue
            c.buf += data
            while len(c.buf) >= 16:
                typ, req, tx, n = struct.unpack("<IIII", c.buf[:16])
                if len(c.buf) < 16 + n:
                    break
                body, c.buf = c.buf[16:16 + n], c.buf[16 + n:]
                handle(c, typ, req, tx, body)


if __name__ == "__main__":
    main()
