# SPDX-License-Identifier: GPL-2.0-or-later
"""Shared helpers for the xenstored-kvm Python tests (raw protocol, pyxs, XSAs).

Holds: a daemon launcher (private rundir/state dir, killed on exit), a raw
XenStore wire-protocol client written with `struct` (so attacks can send
exactly the bytes they want, as any guest could), skip/fail helpers that
follow tests/lib/common.sh (exit 77, or 99 under XEN_KVM_NO_SKIP=1), and
accounting probes used by the XSA regression tests.
"""

import atexit
import os
import queue
import re
import resource
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

# Message types (xen/include/public/io/xs_wire.h).
CONTROL, DIRECTORY, READ, GET_PERMS, WATCH, UNWATCH = 0, 1, 2, 3, 4, 5
TRANSACTION_START, TRANSACTION_END, INTRODUCE, RELEASE = 6, 7, 8, 9
GET_DOMAIN_PATH, WRITE, MKDIR, RM, SET_PERMS, WATCH_EVENT = 10, 11, 12, 13, 14, 15
ERROR, IS_DOMAIN_INTRODUCED, RESUME, SET_TARGET = 16, 17, 18, 19
RESET_WATCHES, DIRECTORY_PART, GET_FEATURE, SET_FEATURE = 21, 22, 23, 24
GET_QUOTA, SET_QUOTA = 25, 26

PAYLOAD_MAX = 4096
HDR = struct.Struct("<IIII")


def log(*a):
    print(*a, flush=True)


def wait_until(cond, timeout=30.0):
    """Poll cond() until it is true (True) or timeout s passed (False)."""
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            return False
        time.sleep(0.01)
    return True


def skip(reason):
    if os.environ.get("XEN_KVM_NO_SKIP", "0") == "1":
        sys.stderr.write("ERROR: would skip, but skips are not allowed here: %s\n" % reason)
        sys.exit(99)
    print("SKIP: %s" % reason, flush=True)
    sys.exit(77)


def fail(msg):
    sys.stderr.write("FAIL: %s\n" % msg)
    sys.stderr.flush()
    sys.exit(1)


def check(cond, msg):
    """Assert with a message; prints the passed check so logs carry evidence."""
    if not cond:
        fail(msg)
    log("ok: " + msg)


class XsError(Exception):
    def __init__(self, name, op=None):
        Exception.__init__(self, name)
        self.name = name
        self.op = op


class Closed(Exception):
    pass


def _b(x):
    if isinstance(x, bytes):
        return x
    return str(x).encode()


def args(*parts):
    """NUL-terminated concatenation, as most requests are encoded."""
    return b"".join(_b(p) + b"\0" for p in parts)


class Conn:
    """One raw XenStore connection over a Unix socket."""

    def __init__(self, path, timeout=10.0):
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        self.events = []
        self.req_id = 0

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    # --- framing ---
    def send_raw(self, data):
        self.sock.sendall(data)

    def send(self, op, payload=b"", tx=0, req=None, length=None):
        if req is None:
            self.req_id += 1
            req = self.req_id
        ln = len(payload) if length is None else length
        self.sock.sendall(HDR.pack(op, req, tx, ln) + payload)
        return req

    def _recvn(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise Closed("connection closed by daemon")
            buf += chunk
        return buf

    def recv_msg(self):
        op, req, tx, ln = HDR.unpack(self._recvn(HDR.size))
        if ln > PAYLOAD_MAX:
            raise AssertionError("daemon sent %d-byte payload (> %d)" % (ln, PAYLOAD_MAX))
        return op, req, tx, self._recvn(ln)

    def recv_reply(self):
        """Next non-event message; watch events are queued in self.events."""
        while True:
            m = self.recv_msg()
            if m[0] == WATCH_EVENT:
                p = m[3].split(b"\0")
                self.events.append((p[0].decode(), p[1].decode()))
                continue
            return m

    def drain_events(self):
        """Every watch event the daemon queued for this connection so far.
        Replies and events leave the daemon in one queue, in order, so the
        reply to a request sent now comes after all of them: no waiting for
        a quiet moment. (A connection closed by another client may not have
        been processed yet: wait for its effect first.)"""
        self.request(GET_DOMAIN_PATH, args(0))
        out, self.events = self.events, []
        return out

    def request(self, op, payload=b"", tx=0):
        req = self.send(op, payload, tx)
        rop, rreq, rtx, data = self.recv_reply()
        if rop == ERROR:
            raise XsError(data.rstrip(b"\0").decode(errors="replace"), op)
        if rop != op:
            raise AssertionError("reply type %d to request type %d" % (rop, op))
        if rreq != req:
            raise AssertionError("reply req_id %d to request %d" % (rreq, req))
        return data

    def err(self, op, payload=b"", tx=0):
        """Send a request that must fail; returns the error name (or None)."""
        try:
            self.request(op, payload, tx)
        except XsError as e:
            return e.name
        return None

    # --- operations ---
    def read(self, path, tx=0):
        return self.request(READ, args(path), tx)

    def write(self, path, value, tx=0):
        return self.request(WRITE, _b(path) + b"\0" + _b(value), tx)

    def mkdir(self, path, tx=0):
        return self.request(MKDIR, args(path), tx)

    def rm(self, path, tx=0):
        return self.request(RM, args(path), tx)

    def ls(self, path, tx=0):
        try:
            d = self.request(DIRECTORY, args(path), tx)
        except XsError as e:
            if e.name != "E2BIG":
                raise
            return self.ls_part(path, tx)
        return [x.decode() for x in d.split(b"\0") if x]

    def ls_part(self, path, tx=0):
        """DIRECTORY_PART, as libxenstore falls back to on E2BIG: chunks of
        "gen\0child\0..." at byte offsets, the last one ending in an
        extra NUL; a generation change restarts the listing."""
        while True:
            off, gen, out = 0, None, b""
            while True:
                d = self.request(DIRECTORY_PART, args(path, off), tx)
                g, _, rest = d.partition(b"\0")
                if gen is None:
                    gen = g
                elif g != gen:
                    break                       # changed meanwhile: restart
                last = rest.endswith(b"\0\0") or rest == b"\0"
                chunk = rest[:-1] if last else rest
                out += chunk
                off += len(chunk)
                if last or not chunk:
                    return [x.decode() for x in out.split(b"\0") if x]

    def get_perms(self, path, tx=0):
        d = self.request(GET_PERMS, args(path), tx)
        return [x.decode() for x in d.split(b"\0") if x]

    def set_perms(self, path, perms, tx=0):
        return self.request(SET_PERMS, args(path, *perms), tx)

    def watch(self, path, token):
        return self.request(WATCH, args(path, token))

    def unwatch(self, path, token):
        return self.request(UNWATCH, args(path, token))

    def tstart(self):
        return int(self.request(TRANSACTION_START, b"\0").rstrip(b"\0"))

    def tend(self, tx, commit=True):
        return self.request(TRANSACTION_END, b"T\0" if commit else b"F\0", tx)

    def introduce(self, domid, mfn=0, port=0):
        return self.request(INTRODUCE, args(domid, mfn, port))

    def release(self, domid):
        return self.request(RELEASE, args(domid))

    def exists(self, path):
        try:
            self.read(path)
            return True
        except XsError as e:
            if e.name == "ENOENT":
                return False
            raise

    def alive(self):
        self.write("/xstest-alive", "y")
        return self.read("/xstest-alive") == b"y"


def top_builddir():
    d = os.environ.get("top_builddir")
    if not d:
        fail("top_builddir unset: run through make check")
    return d


def private_mounts(why):
    """Go on in a mount namespace of this test's own (re-executed under
    unshare -m), so what it mounts is seen by nothing else and vanishes
    with it. Needs root; skips (as common.sh does) otherwise."""
    if os.environ.get("XSTEST_MNTNS") == "1":
        return
    if os.geteuid() != 0:
        skip("needs root: " + why)
    if not shutil.which("unshare"):
        skip("no unshare(1): " + why)
    env = dict(os.environ, XSTEST_MNTNS="1")
    os.execvpe("unshare", ["unshare", "-m", "--propagation", "private",
                           sys.executable] + sys.argv, env)


def fs_free_pages(path):
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize // 4096


def fill_fs(path, leave_pages):
    """Grow the file path until its filesystem has exactly leave_pages
    pages (4 KiB) free, or none if it cannot be that exact."""
    with open(path, "ab") as f:
        while fs_free_pages(path) > leave_pages:
            try:
                f.write(b"\0" * 4096 * (fs_free_pages(path) - leave_pages))
                f.flush()
            except OSError:
                break
    return fs_free_pages(path)


class Daemon:
    """xenstored-kvm in the foreground with private directories.
    state_fs: the state directory is on a tmpfs of that many bytes of its
    own (call private_mounts() first); self.fs is its mount point.
    nofile: the daemon's RLIMIT_NOFILE (soft and hard)."""

    def __init__(self, extra=(), state_fs=None, nofile=None):
        self.bin = os.environ.get("XENSTORED_KVM") or os.path.join(
            top_builddir(), "xenstored-kvm", "xenstored-kvm")
        if not os.access(self.bin, os.X_OK):
            fail("daemon not built: %s" % self.bin)
        self.tmp = tempfile.mkdtemp(prefix="xen-kvm-pytest.")
        os.chmod(self.tmp, 0o700)
        self.rundir = os.path.join(self.tmp, "run")
        self.state = os.path.join(self.tmp, "state")
        self.fs = None
        if state_fs:
            self.fs = os.path.join(self.tmp, "fs")
            os.makedirs(self.fs)
            subprocess.check_call(["mount", "-t", "tmpfs", "-o",
                                   "size=%d,mode=0700" % state_fs, "tmpfs", self.fs])
            self.state = os.path.join(self.fs, "state")
        self.logfile = os.path.join(self.tmp, "xenstored.log")
        self.extra = list(extra)
        self.nofile = nofile
        self.proc = None
        atexit.register(self.cleanup)
        self.start()

    @property
    def socket(self):
        return os.path.join(self.rundir, "socket")

    def domsock(self, domid):
        return os.path.join(self.rundir, "domain", str(domid))

    def start(self, timeout=30.0):
        os.makedirs(self.rundir, exist_ok=True)
        os.makedirs(self.state, exist_ok=True)
        try:
            os.unlink(self.socket)
        except FileNotFoundError:
            pass
        cmd = [self.bin, "-N", "--rundir", self.rundir, "--state-dir", self.state,
               "--log-file", self.logfile] + self.extra
        self.errfile = os.path.join(self.tmp, "stderr")
        env = dict(os.environ)
        # Sanitizer builds: ASan's quarantine would hold freed memory and make
        # the RSS bounds of the memory tests (XSA-326/416) meaningless.
        if "quarantine_size_mb" not in env.get("ASAN_OPTIONS", ""):
            env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") + ":quarantine_size_mb=8").lstrip(":")
        with open(self.errfile, "ab") as err:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stderr=err, env=env,
                                         preexec_fn=self._limits)
        def ready():
            if self.proc.poll() is not None:
                self.dump_log()
                fail("daemon exited with %d at start-up" % self.proc.returncode)
            try:
                Conn(self.socket).close()
                return True
            except OSError:
                return False
        if not wait_until(ready, timeout):
            fail("daemon socket %s did not appear" % self.socket)

    def _limits(self):
        if self.nofile:
            resource.setrlimit(resource.RLIMIT_NOFILE, (self.nofile, self.nofile))

    def cpu_seconds(self):
        """User plus system CPU time the daemon has used so far."""
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self, sig=signal.SIGTERM):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def rss_kib(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def dump_log(self):
        try:
            with open(self.logfile, errors="replace") as f:
                tail = f.readlines()[-40:]
            sys.stderr.write("--- daemon log tail ---\n" + "".join(tail))
        except OSError:
            pass

    def cleanup(self):
        if self.proc is not None and self.proc.poll() is not None and self.proc.returncode not in (0, -15):
            self.dump_log()
        self.stop()
        report = self.sanitizer_report()
        if self.fs:
            subprocess.call(["umount", self.fs])
        shutil.rmtree(self.tmp, ignore_errors=True)
        if report:
            sys.stderr.write("FAIL: the daemon's sanitizers reported:\n" + report)
            sys.stderr.flush()
            os._exit(1)

    def sanitizer_report(self):
        """ASan/UBSan output of the daemon (builds with -fsanitize)."""
        try:
            with open(self.errfile, errors="replace") as f:
                text = f.read()
        except (OSError, AttributeError):
            return ""
        if "Sanitizer" in text or "runtime error:" in text:
            return text[-8000:]
        return ""

    # --- conveniences ---
    def dom0(self):
        return Conn(self.socket)

    def introduce(self, domid, home=True):
        """INTRODUCE domid as the toolstack would, giving it /local/domain/N
        owned by itself (as xl/libxl does), and return a connection as it."""
        c = self.dom0()
        if home:
            c.mkdir("/local/domain/%d" % domid)
            c.set_perms("/local/domain/%d" % domid, ["n%d" % domid])
        c.introduce(domid)
        path = self.domsock(domid)
        if not wait_until(lambda: os.path.exists(path)):
            fail("domain socket %s did not appear after INTRODUCE" % path)
        c.close()
        return Conn(path)

    def usage(self, domid):
        """The daemon's own accounting for domid, from CONTROL "quota N"
        (what `xenstore-control quota N` prints): a dict with nodes,
        watches, transactions, bytes."""
        c = self.dom0()
        text = c.request(CONTROL, args("quota", domid)).rstrip(b"\0").decode()
        c.close()
        m = re.search(r"Domain %d: nodes (-?\d+), watches (-?\d+), transactions (-?\d+), bytes (-?\d+)"
                      % domid, text)
        if not m:
            fail("CONTROL quota %d: unexpected reply %r" % (domid, text))
        return dict(zip(("nodes", "watches", "transactions", "bytes"), map(int, m.groups())))

    def owned_nodes(self):
        """Walk the whole store as dom0: {owner domid: node count}."""
        c = self.dom0()
        owners = {}
        stack = ["/"]
        while stack:
            p = stack.pop()
            perms = c.get_perms(p)
            o = int(perms[0][1:])
            owners[o] = owners.get(o, 0) + 1
            for ch in c.ls(p):
                stack.append(("/" if p == "/" else p + "/") + ch)
        c.close()
        return owners

    def assert_accounting(self, domids, what=""):
        """The daemon's node counts equal the nodes each domain really owns
        (a walk of the tree), and none is negative: no leak, no double
        subtraction, nothing charged to a dead domain."""
        owned = self.owned_nodes()
        for d in domids:
            u = self.usage(d)
            check(u["nodes"] == owned.get(d, 0) and min(u.values()) >= 0,
                  "%saccounting of domain %d matches the tree: %r, owns %d"
                  % (what + ": " if what else "", d, u, owned.get(d, 0)))

    def assert_alive(self, what="daemon"):
        if not self.running():
            self.dump_log()
            fail("%s: daemon died (exit %s)" % (what, self.proc.returncode if self.proc else "?"))
        c = self.dom0()
        check(c.alive(), "%s: daemon alive, a fresh dom0 client can write and read" % what)
        c.close()


class PyxsEvents:
    """The events of a pyxs client's monitor, as its router thread queues
    them (read from that queue, not through Monitor.wait(), which drops an
    event that beats the end of watch() to it). settle() returns those the
    daemon sent before it was called: it rewrites a sentinel node the
    monitor also watches, and the sentinel's event comes after every event
    queued earlier for that connection (one queue, in order), so no test
    waits for a quiet moment."""
    SYNC = b"/xstest-sync"

    def __init__(self, client):
        self.client = client
        self.mon = client.monitor()
        self.n = 0
        client.write(self.SYNC, b"0")
        self.mon.watch(self.SYNC, b"xstest-sync")
        self._upto_sync()          # the sentinel watch's initial event

    def _next(self, end):
        try:
            return self.mon.events.get(timeout=max(0.01, end - time.monotonic()))
        except queue.Empty:
            return None

    def _upto_sync(self, timeout=30.0):
        out, end = [], time.monotonic() + timeout
        while True:
            ev = self._next(end)
            if ev is None:
                fail("no event for the sentinel %r within %d s" % (self.SYNC, timeout))
            if ev.token == b"xstest-sync":
                return out
            out.append(ev)

    def watch(self, path, token):
        self.mon.watch(path, token)

    def unwatch(self, path, token):
        self.mon.unwatch(path, token)

    def take(self, n, timeout=30.0):
        """The next n events (fewer only if timeout s passed first)."""
        out, end = [], time.monotonic() + timeout
        while len(out) < n:
            ev = self._next(end)
            if ev is None:
                break
            out.append(ev)
        return out

    def settle(self):
        self.n += 1
        self.client.write(self.SYNC, str(self.n).encode())
        return self._upto_sync()


def capacity(conn, base="xstest-cap", limit=5000):
    """How many more nodes `conn` (a domain) may create before ENOSPC.

    Compared before and after an attack, this checks the node accounting
    without relying on any particular reporting interface: a leak shows as
    a smaller capacity, a negative or lost count as a larger one. Nodes are
    spread over directories of 32 so the per-node size quota (which counts
    the children's names) is never what stops it."""
    n = 0
    conn.mkdir(base)
    n += 1
    try:
        while n < limit:
            i = n - 1
            try:
                if i % 33 == 0:
                    conn.mkdir("%s/d%d" % (base, i // 33))
                else:
                    conn.write("%s/d%d/n%d" % (base, i // 33, i % 33), "")
            except XsError as e:
                if e.name == "ENOSPC":
                    break
                raise
            n += 1
    finally:
        conn.rm(base)
    return n


def wait_gone(path, timeout=30.0):
    return wait_until(lambda: not os.path.exists(path), timeout)
