#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Benchmark (make bench), informational, never asserts on time: `xl save'
# and `xl restore' of a running guest (the guest kit under TCG, PVH, 256
# MiB, 2 vCPUs) against QEMU's own migration to a file of the same guest
# in the same run:
#   restore  `xl restore FILE' (until the guest runs again) against the
#            domain's QEMU command line started by hand (without -sandbox,
#            which forbids exec:, and without the user switch and chroot
#            that exec:cat could not run in) with -incoming "exec:cat FILE" until
#            QEMU has loaded the stream;
#   save     `xl save DOM FILE' (header, stop, QEMU's stream, its length,
#            destroy) against QMP stop + migrate "exec:cat > FILE" on that
#            QEMU by hand until query-migrate says completed.
# The guest goes back and forth between the two; medians of 5 rounds;
# ratios xl / QEMU.
set -eu
: "${top_srcdir:?run through make bench}"
. "$top_srcdir/tests/bench/xlbench.sh"

printf '#!/bin/sh\nwhile :; do sleep 1; done\n' > "$t/idle.sh"
"$top_srcdir/tools/mkguest" --run "$t/idle.sh" > "$t/kit" 2> "$t/mkguest.err" ||
	{ echo "mkguest failed: $(cat "$t/mkguest.err")"; exit 1; }
printf 'name = "sb"\ntype = "pvh"\nkernel = "%s"\nramdisk = "%s"\nextra = "console=hvc0"\nmemory = 256\nvcpus = 2\n' \
	"$(sed -n 's/^kernel=//p' "$t/kit")" "$(sed -n 's/^ramdisk=//p' "$t/kit")" > "$t/sb.cfg"
"$xl" create -q "$t/sb.cfg"
i=0
until grep -q 'init ready' "$t/root/var/log/xen/console/guest-sb.log" 2>/dev/null; do
	[ $i -lt 1200 ] || { echo "the guest did not boot"; exit 1; }
	sleep 0.1; i=$((i + 1))
done

/usr/bin/env python3 - "$xl" "$t" <<'PY'
import json, os, socket, statistics, subprocess, sys, time
xl, t = sys.argv[1:3]
run = f"{t}/root/var/run/xen-kvm"

def domid():
    return subprocess.run([xl, "domid", "sb"], check=True, capture_output=True,
                          text=True).stdout.strip()

class Qmp:
    def __init__(self, path, wait=False):
        end = time.monotonic() + 30
        while True:
            self.s = socket.socket(socket.AF_UNIX)
            try:
                self.s.connect(path)
                break
            except OSError:
                self.s.close()
                if not wait or time.monotonic() > end:
                    raise
                time.sleep(0.0005)
        self.f = self.s.makefile("rw")
        self.f.readline()
        self.run("qmp_capabilities")

    def run(self, cmd, **args):
        self.f.write(json.dumps({"execute": cmd, "arguments": args}) + "\n")
        self.f.flush()
        while True:
            r = json.loads(self.f.readline())
            if "return" in r:
                return r["return"]
            if "error" in r:
                raise SystemExit(f"{cmd}: {r['error']}")

    def close(self):
        self.s.close()

def qemu_argv(dom):
    st = dict(l.strip().split("=", 1) for l in open(f"{run}/{dom}/state") if "=" in l)
    argv = open(f"/proc/{st['qemu_pid']}/cmdline", "rb").read().split(b"\0")[:-1]
    out, skip = [], False
    for a in argv:  # a restored domain's QEMU has -incoming file:...
        if skip:
            skip = False
        elif a in (b"-incoming", b"-sandbox", b"-run-with"):
            skip = True
        else:
            out.append(a)
    return out

def qemu_restore(dom, argv, path):
    """QEMU by hand loading path; returns (seconds, process, its QMP)."""
    d = f"{run}/{dom}"
    os.makedirs(d, mode=0o700)
    t0 = time.monotonic()
    p = subprocess.Popen(argv + [b"-incoming", f"exec:cat {path}".encode()],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    q = Qmp(f"{d}/qmp.sock", wait=True)
    while q.run("query-status")["status"] == "inmigrate":
        time.sleep(0.002)
    return time.monotonic() - t0, p, q

def qemu_save(q, path):
    q.run("cont")
    time.sleep(0.5)	# running again, as xl save finds its guest
    t0 = time.monotonic()
    q.run("stop")
    q.run("migrate", uri=f"exec:cat > {path}")
    while (st := q.run("query-migrate").get("status")) not in ("completed", "failed"):
        time.sleep(0.002)
    if st != "completed":
        raise SystemExit("QEMU's own migration failed")
    return time.monotonic() - t0

def timed(*cmd):
    t0 = time.monotonic()
    subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
    return time.monotonic() - t0

xs, qs, xr, qr = [], [], [], []
for r in range(5):
    dom = domid()
    argv = qemu_argv(dom)
    xs.append(timed(xl, "save", "sb", f"{t}/xl.img"))
    if r == 0:      # QEMU's stream alone, for the first by-hand restore
        off = int.from_bytes(open(f"{t}/xl.img", "rb").read(64)[56:64], "little")
        with open(f"{t}/xl.img", "rb") as i, open(f"{t}/qemu.img", "wb") as o:
            i.seek(off)
            while (b := i.read(1 << 20)):
                o.write(b)
    dt, p, q = qemu_restore(dom, argv, f"{t}/qemu.img")
    qr.append(dt)
    qs.append(qemu_save(q, f"{t}/qemu.img"))
    q.close()
    p.kill(); p.wait()
    subprocess.run(["rm", "-rf", f"{run}/{dom}"], check=True)
    xr.append(timed(xl, "restore", f"{t}/xl.img"))
size = lambda p: os.stat(p).st_size / 2**20
ms = lambda v: " ".join("%.0f" % (x * 1e3) for x in v)
print("image: xl %.1f MiB, QEMU's own %.1f MiB (256 MiB PVH guest, 2 vCPUs)" %
      (size(f"{t}/xl.img"), size(f"{t}/qemu.img")))
for what, a, b in (("save", xs, qs), ("restore", xr, qr)):
    ma, mb = statistics.median(a), statistics.median(b)
    print("xl %-7s median %5.0f ms (%s); QEMU's own %5.0f ms (%s); ratio xl/QEMU %.2f" %
          (what, ma * 1e3, ms(a), mb * 1e3, ms(b), ma / mb))
PY
