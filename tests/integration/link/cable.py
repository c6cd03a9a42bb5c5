#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A stand-in for QEMU's virtio-serial port, for tests on the host.

Listens on HOST_SOCK (what QEMU's link.sock is: one host program connects)
and on GUEST_SOCK (where the agent's --port points). Bytes are copied both
ways. As with virtio-serial: while no host program is connected the guest
side is hung up (here: its connection is closed, the agent reconnects), and
while no guest is connected, host bytes wait unread.
Usage: cable.py HOST_SOCK GUEST_SOCK
"""
import os
import selectors
import socket
import sys


def listener(path):
    if os.path.exists(path):
        os.unlink(path)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    s.listen(4)
    return s


def recv(sock):
    try:
        return sock.recv(65536)
    except OSError:
        return b""


def send(sock, data):
    try:
        sock.sendall(data)
        return True
    except OSError:
        return False


def main():
    hl, gl = listener(sys.argv[1]), listener(sys.argv[2])
    host = guest = None
    while True:
        sel = selectors.DefaultSelector()
        if host is None:
            sel.register(hl, selectors.EVENT_READ, "hl")
        elif guest is None:
            sel.register(gl, selectors.EVENT_READ, "gl")
        else:
            sel.register(host, selectors.EVENT_READ, "host")
        if guest is not None:
            sel.register(guest, selectors.EVENT_READ, "guest")
        for key, _ in sel.select():
            what = key.data
            if what == "hl":
                host, _ = hl.accept()
            elif what == "gl":
                guest, _ = gl.accept()
            elif what == "host":
                data = recv(host)
                if not data:
                    host.close()
                    host = None
                    guest.close()
                    guest = None
                    break
                if not send(guest, data):
                    guest.close()
                    guest = None
                    break
            elif what == "guest":
                data = recv(guest)
                if not data:
                    guest.close()
                    guest = None
                    break
                if not send(host, data):
                    host.close()
                    host = None
                    guest.close()
                    guest = None
                    break
        sel.close()


if __name__ == "__main__":
    main()
