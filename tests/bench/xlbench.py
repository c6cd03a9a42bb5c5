# SPDX-License-Identifier: GPL-2.0-or-later
"""QEMU started by hand, as xl starts it, for the xl benchmarks' Python
halves (xl-create.sh, xl-scale.sh; xlbench.sh puts this directory on
PYTHONPATH): what QEMU alone takes, to compare with xl create."""
import os, shutil, socket, subprocess, time


def start(d, argv, sock):
    """argv (a domain's QEMU command line, its run directory swapped for
    d) started in a fresh d, with the empty root it chroots into made as
    dm_confine makes it (its private /proc is the launcher's work; these
    guests need none).  (t0, process, socket connected to d/sock)."""
    os.makedirs(d, mode=0o700)
    os.makedirs(f"{d}/qemu-root/proc", mode=0o555)
    t0 = time.monotonic()
    q = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    s = socket.socket(socket.AF_UNIX)
    while True:
        try:
            s.connect(f"{d}/{sock}")
            return t0, q, s
        except OSError:
            if q.poll() is not None:
                raise SystemExit("QEMU by hand exited: %s" % b" ".join(argv).decode())
            time.sleep(0.0005)


def stop(d, q, s):
    q.kill()
    q.wait()
    s.close()
    shutil.rmtree(d)


def qmp_ready_s(d, argv):
    """Seconds from exec to QMP's answer to qmp_capabilities."""
    t0, q, s = start(d, argv, "qmp.sock")
    f = s.makefile("rw")
    f.readline()
    f.write('{"execute":"qmp_capabilities"}\n')
    f.flush()
    f.readline()
    dt = time.monotonic() - t0
    stop(d, q, s)
    return dt
