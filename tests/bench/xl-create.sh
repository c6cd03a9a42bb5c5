#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Benchmark (make bench), informational, never asserts on time:
# 1. `xl create -c` to the guest's first console line, against the very
#    same QEMU command line (read back from the running domain, minus -S)
#    started by hand with a reader on the console socket; alternating
#    rounds, medians, ratio. Guest boot times under TCG vary by hundreds
#    of ms, so the toolstack's own cost is measured apart: `xl create -p`
#    (returns once QEMU runs, paused) against the same command line by
#    hand until its QMP socket answers (greeting + qmp_capabilities).
# 2. `xl list` with 50 domains (real QEMUs created with `xl create -p`:
#    paused, 32 MiB, nothing faked) against `xl list` with none.
set -eu
: "${top_srcdir:?run through make bench}"
. "$top_srcdir/tests/bench/xlbench.sh"

"$top_srcdir/tools/mkguest" > "$t/kit" 2> "$t/mkguest.err" ||
	{ echo "mkguest failed: $(cat "$t/mkguest.err")"; exit 1; }
kernel=$(sed -n 's/^kernel=//p' "$t/kit")
ramdisk=$(sed -n 's/^ramdisk=//p' "$t/kit")
run=$t/root/var/run/xen-kvm

cfg() {	# NAME MEMORY
	printf 'name = "%s"\ntype = "pvh"\nkernel = "%s"\nramdisk = "%s"\nextra = "console=hvc0"\nmemory = %s\nvcpus = 1\n' \
		"$1" "$kernel" "$ramdisk" "$2" > "$t/$1.cfg"
}

# ---------------------------------------------------------------- create
cfg boot 256
/usr/bin/env python3 - "$xl" "$t/boot.cfg" "$run" "$QEMU" <<'PY'
import os, statistics, subprocess, sys, time
import xlbench
xl, cfg, run, qemu = sys.argv[1:5]

def first_line(read):
    buf = b""
    while b"\n" not in buf:
        d = read()
        if not d:
            raise SystemExit("console closed before the first line")
        buf += d

def by_xl():
    t0 = time.monotonic()
    p = subprocess.Popen([xl, "create", "-q", "-c", cfg], stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    first_line(lambda: os.read(p.stdout.fd if hasattr(p.stdout, "fd") else p.stdout.fileno(), 4096))
    dt = time.monotonic() - t0
    dom = [d for d in os.listdir(run) if d.isdigit()][0]
    st = dict(l.strip().split("=", 1) for l in open(f"{run}/{dom}/state") if "=" in l)
    argv = open(f"/proc/{st['qemu_pid']}/cmdline", "rb").read().split(b"\0")[:-1]
    subprocess.run([xl, "destroy", dom], check=True)
    p.wait()
    return dt, dom, argv

def by_hand(dom, argv):
    d = f"{run}/{dom}"
    t0, q, s = xlbench.start(d, [a for a in argv if a != b"-S"], "console0.sock")
    first_line(lambda: s.recv(4096))
    dt = time.monotonic() - t0
    xlbench.stop(d, q, s)
    return dt

def by_hand_qmp(dom, argv):
    return xlbench.qmp_ready_s(f"{run}/{dom}", argv)

def by_xl_paused():
    t0 = time.monotonic()
    subprocess.run([xl, "create", "-q", "-p", cfg], check=True)
    dt = time.monotonic() - t0
    dom = [d for d in os.listdir(run) if d.isdigit()][0]
    st = dict(l.strip().split("=", 1) for l in open(f"{run}/{dom}/state") if "=" in l)
    argv = open(f"/proc/{st['qemu_pid']}/cmdline", "rb").read().split(b"\0")[:-1]
    subprocess.run([xl, "destroy", dom], check=True)
    return dt, dom, argv

ps, qs = [], []
for r in range(11):
    dt, dom, argv = by_xl_paused()
    ps.append(dt)
    qs.append(by_hand_qmp(dom, argv))
mp, mq = statistics.median(ps), statistics.median(qs)
print("xl create -p (QEMU running, paused): median %.1f ms; same command line by hand to QMP ready: %.1f ms" %
      (mp * 1e3, mq * 1e3))
print("toolstack-only overhead (parse, domid, XenStore, fork, launch, relays): %.1f ms" % ((mp - mq) * 1e3))

xs, hs = [], []
for r in range(5):
    dt, dom, argv = by_xl()
    xs.append(dt)
    hs.append(by_hand(dom, argv))
mx, mh = statistics.median(xs), statistics.median(hs)
print("xl create -c to the first console line: median %.0f ms (rounds: %s)" %
      (mx * 1e3, " ".join("%.0f" % (v * 1e3) for v in xs)))
print("same QEMU command line by hand:         median %.0f ms (rounds: %s)" %
      (mh * 1e3, " ".join("%.0f" % (v * 1e3) for v in hs)))
print("ratio xl/by hand: %.3f; toolstack overhead: %.0f ms" % (mx / mh, (mx - mh) * 1e3))
PY

# ---------------------------------------------------------------- list
median_ms() {	# N COMMAND...: median wall time of N runs in ms
	n=$1; shift
	for i in $(seq "$n"); do
		s=$(date +%s%N); "$@" > /dev/null; e=$(date +%s%N)
		echo $(( (e - s) / 1000 ))
	done | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] / 1000 }'
}
base=$(median_ms 21 "$xl" list)
s=$(date +%s%N)
for i in $(seq 50); do
	cfg "l$i" 32
	"$xl" create -q -p "$t/l$i.cfg" 2>>"$t/create.err" || { echo "create l$i failed: $(tail -1 "$t/create.err")"; exit 1; }
done
echo "50 paused domains (real QEMUs, xl create -p) created in $(( ($(date +%s%N) - s) / 1000000 )) ms"
[ "$("$xl" list | grep -c '^l[0-9]* .*--p---')" = 50 ] || { echo "xl list does not show 50 paused domains"; exit 1; }
fifty=$(median_ms 21 "$xl" list)
echo "xl list with 50 domains: median $fifty ms; with none: $base ms; ratio $(echo "$fifty $base" | awk '{ printf "%.2f", $1 / $2 }')"
s=$(date +%s%N)
for i in $(seq 50); do "$xl" destroy "l$i"; done
echo "50 domains destroyed in $(( ($(date +%s%N) - s) / 1000000 )) ms"
