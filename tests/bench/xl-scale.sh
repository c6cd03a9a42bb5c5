#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Benchmark (make bench), informational, never asserts on time: does what
# xl does cost more when many domains already run?  (tests/e2e/xl-scale.sh
# is its correctness half in make check.)
# 1. `xl create -p` of N paused kit domains (real QEMUs under TCG, 64 MiB
#    each), one after another: each create's time against the number of
#    domains already running; the last tenth against the first tenth.
#    Each of those creates takes memory that no domain had before, which
#    costs more where the host is itself a VM that backs its memory on
#    first touch (a first 8 GiB written to tmpfs took 2.2 times as long as
#    the next on the machine this was written on).  So the cost of create
#    itself is measured apart, with none and with N running, as creates
#    each followed by its destroy (the next one gets the memory the last
#    freed), and the same QEMU command line started by hand to QMP ready
#    tells QEMU's and the host's part from xl's.  For each create of the
#    ramp, the CPU time that xl, the domain's toolstack processes, its QEMU
#    and xenstored-kvm spent on it tells whose work grew.
# 2. With 1 domain and with N: `xl domid NAME`, `xl list NAME`, and `xl list`
#    (all of them: its cost per listed domain), medians of 11.
# 3. Per domain, the toolstack's own processes beside QEMU (the monitor, the
#    QEMU reaper, relays: every process of the monitor's session but QEMU):
#    RSS and PSS, and how often they wake up over an idle period (context
#    switches per second; QEMU's shown apart).
# 4. `xl destroy` of each, the last domains (1 running) against the first
#    (N running).
# A table and an ASCII chart of create time against running domains, a PNG
# (xl-scale.png in the build directory) where gnuplot is installed, and
# what LightVM measured for Xen beside it.
# XL_SCALE_N (default 200, lowered to what free memory holds) and
# XL_SCALE_IDLE (seconds, default 60).  Everything runs on CPU 1.
set -eu
: "${top_srcdir:?run through make bench}"
. "$top_srcdir/tests/bench/xlbench.sh"

"$top_srcdir/tools/mkguest" > "$t/kit" 2> "$t/mkguest.err" ||
	{ echo "mkguest failed: $(cat "$t/mkguest.err")"; exit 1; }
pin=
if command -v taskset > /dev/null && [ "$(nproc)" -gt 1 ]; then
	pin="taskset -c 1"
fi
$pin /usr/bin/env python3 - "$xl" "$t" "$top_builddir" "${XL_SCALE_N:-200}" \
	"${XL_SCALE_IDLE:-60}" "$xsd_pid" <<'PY'
import os, resource, shutil, statistics, subprocess, sys, time
import xlbench
xl, t, builddir, want_n, idle = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
xsd_pid = int(sys.argv[6])
kit = dict(l.strip().split("=", 1) for l in open(f"{t}/kit") if "=" in l)
run = f"{t}/root/var/run/xen-kvm"
PAGE = os.sysconf("SC_PAGE_SIZE")

def cfg(name):
    path = f"{t}/{name}.cfg"
    with open(path, "w") as f:
        f.write(f'name = "{name}"\ntype = "pvh"\nkernel = "{kit["kernel"]}"\n'
                f'ramdisk = "{kit["ramdisk"]}"\nmemory = 64\nvcpus = 1\n')
    return path

def timed(*argv):
    t0 = time.monotonic()
    subprocess.run([xl, *argv], check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - t0

def median_ms(*argv, n=11):
    return statistics.median(timed(*argv) for _ in range(n)) * 1e3

def state(domid):
    return dict(l.strip().split("=", 1) for l in open(f"{run}/{domid}/state") if "=" in l)

def domids():
    return sorted(int(d) for d in os.listdir(run) if d.isdigit())

def session_of(pid):
    return int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[3])

def sessions():
    sess = {}
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                sess.setdefault(session_of(p), []).append(int(p))
            except (OSError, IndexError):
                pass
    return sess

def procs_of(domid, sess=None):
    """(toolstack pids, qemu pid) of a domain: the monitor's session but QEMU."""
    st = state(domid)
    mon, qemu = int(st["monitor_pid"]), int(st["qemu_pid"])
    return [p for p in (sess or sessions()).get(mon, []) if p != qemu], qemu

def procs():
    """{domid: (toolstack pids, qemu pid)} of every domain."""
    sess = sessions()
    return {d: procs_of(d, sess) for d in domids()}

def mem_kib(pid, key):
    for l in open(f"/proc/{pid}/smaps_rollup" if key == "Pss" else f"/proc/{pid}/status"):
        if l.startswith(key + ":"):
            return int(l.split()[1])
    return 0

def cpu_s(pid):
    """CPU time of every thread of pid so far, in seconds (schedstat's ns)."""
    n = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            n += int(open(f"/proc/{pid}/task/{task}/schedstat").read().split()[0])
        except OSError:
            pass
    return n / 1e9

def children_cpu_s():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime

def switches(pid):
    """Context switches of every thread of pid."""
    n = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            for l in open(f"/proc/{pid}/task/{task}/status"):
                if l.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                    n += int(l.split()[1])
        except OSError:
            pass
    return n

def mem_available_kib():
    for l in open("/proc/meminfo"):
        if l.startswith("MemAvailable:"):
            return int(l.split()[1])

# ------------------------------------------------------------ create
def qemu_argv(domid):
    return open(f"/proc/{state(domid)['qemu_pid']}/cmdline", "rb").read().split(b"\0")[:-1]

def by_hand_ms(argv, n=11):
    """QEMU's command line started by hand until QMP answers (xlbench.py)"""
    return statistics.median(xlbench.qmp_ready_s(f"{t}/byhand", argv) for _ in range(n)) * 1e3

# warm caches first (the kit's files, QEMU's binary and modules), or the
# first creates measure the page cache; the last warm-up domain lends its
# command line to QEMU by hand
for _ in range(3):
    timed("create", "-q", "-p", cfg("warm"))
    d = domids()[0]
    hand_argv = [a.replace(f"{run}/{d}/".encode(), f"{t}/byhand/".encode()) for a in qemu_argv(d)]
    timed("destroy", "warm")
hand_first = by_hand_ms(hand_argv)

def create_measured(name):
    """xl create -p NAME: (seconds, {whose: CPU seconds spent on it})"""
    seen = set(domids())
    xl0, xsd0 = children_cpu_s(), cpu_s(xsd_pid)
    s = timed("create", "-q", "-p", cfg(name))
    xl1, xsd1 = children_cpu_s(), cpu_s(xsd_pid)
    (d,) = set(domids()) - seen
    tool, qemu = procs_of(d)
    return s, {"xl": xl1 - xl0, "toolstack": sum(cpu_s(p) for p in tool),
               "QEMU": cpu_s(qemu), "xenstored-kvm": xsd1 - xsd0}

def cycles(n=11):
    """create then destroy, n times: the median create in ms, and the
    median CPU of each party in ms"""
    out = []
    for _ in range(n):
        out.append(create_measured("cycle"))
        timed("destroy", "cycle")
    return (statistics.median(s for s, _ in out) * 1e3,
            {who: statistics.median(c[who] for _, c in out) * 1e3 for who in out[0][1]})

cycle_first, cycle_cpu_first = cycles()
create = []          # (domains running before, seconds)
cpu = []             # per create: {whose: CPU seconds spent on it}
one = {}
n = want_n
i = 0
while i < n:
    i += 1
    s, c = create_measured(f"s{i}")
    create.append((i - 1, s))
    cpu.append(c)
    if i == 1:
        one = {"domid": median_ms("domid", "s1"), "list NAME": median_ms("list", "s1"),
               "list": median_ms("list")}
    if i == 5:
        # what one more paused domain takes from the host, QEMU included
        per = sum(mem_kib(p, "Pss") for ps, q in procs().values() for p in ps + [q]) / 5
        fits = int(0.7 * mem_available_kib() / per) + 5
        if fits < n:
            print(f"free memory holds about {fits} such domains ({per / 1024:.0f} MiB each): N = {fits}, not {n}")
            n = fits
print(f"{n} paused domains created (xl create -p, 64 MiB kit guests, real QEMUs under TCG)")
hand_last = by_hand_ms(hand_argv)
cycle_last, cycle_cpu_last = cycles()
at_n = {"domid": median_ms("domid", "s1"), "list NAME": median_ms("list", "s1"),
        "list": median_ms("list")}
listed = subprocess.run([xl, "list"], check=True, capture_output=True, text=True).stdout
assert len(listed.splitlines()) == n + 2, "xl list does not show every domain"

# ------------------------------------------------------------ per domain
ps = procs()
rss = [sum(mem_kib(p, "VmRSS") for p in tool) for tool, q in ps.values()]
anon = [sum(mem_kib(p, "RssAnon") for p in tool) for tool, q in ps.values()]
pss = [sum(mem_kib(p, "Pss") for p in tool) for tool, q in ps.values()]
qemu_pss = [mem_kib(q, "Pss") for tool, q in ps.values()]
before = {d: ([switches(p) for p in tool], switches(q)) for d, (tool, q) in ps.items()}
time.sleep(idle)
tool_rate, qemu_rate = [], []
for d, (tool, q) in ps.items():
    tool_rate += [(switches(p) - b) / idle for p, b in zip(tool, before[d][0])]
    qemu_rate.append((switches(q) - before[d][1]) / idle)

# ------------------------------------------------------------ destroy
destroy = []         # (domains running before, seconds)
for i in range(n, 0, -1):
    destroy.append((i, timed("destroy", f"s{i}")))
assert not domids(), "domains left after destroy"

# ------------------------------------------------------------ report
def ms(v):
    return statistics.median(v) * 1e3

tenth = max(1, n // 10)
first = ms([s for _, s in create[:tenth]])
last = ms([s for _, s in create[-tenth:]])
print()
print(f"xl create -p, while {n} are created, median of each {tenth}: first {first:.1f} ms, last {last:.1f} ms, "
      f"ratio last/first {last / first:.3f}")
print(f"xl create -p, each followed by its destroy, median of 11: {cycle_first:.1f} ms with none running, "
      f"{cycle_last:.1f} ms with {n}, ratio {cycle_last / cycle_first:.3f} (target: within 1.1)")
print(f"  its CPU time, with none running and with {n}:")
for who in cycle_cpu_first:
    a, b = cycle_cpu_first[who], cycle_cpu_last[who]
    print(f"  {who:<14} {a:6.1f} ms  {b:6.1f} ms  ratio {b / a if a else float('nan'):.3f}")
print(f"the same QEMU command line by hand, to QMP ready: {hand_first:.1f} ms with none running, "
      f"{hand_last:.1f} ms with {n}, ratio {hand_last / hand_first:.3f} (QEMU's and the host's part)")
print(f"CPU time spent on each create of the ramp, median of the first {tenth} and of the last {tenth}:")
grew = []
for who in cpu[0]:
    a = ms([c[who] for c in cpu[:tenth]])
    b = ms([c[who] for c in cpu[-tenth:]])
    print(f"  {who:<14} {a:6.1f} ms  {b:6.1f} ms  ratio {b / a if a else float('nan'):.3f}")
    if a and b / a > 1.1:
        grew.append(who)
print(f"  grew by more than a tenth: {', '.join(grew) or 'none'}")
if last / first > 1.1 and cycle_last / cycle_first <= 1.1 and grew == ["QEMU"]:
    print("(so the ramp's creates grew by QEMU's CPU time alone, while the same create given the memory of the "
          "last one did not: the host's cost of memory it hands out for the first time, see this file's opening "
          "comment)")
print()
print(" running   create ms")
buckets = []
for b in range(0, n, tenth):
    v = [s for k, s in create if b <= k < b + tenth]
    if v:
        buckets.append((b, ms(v)))
top = max(m for _, m in buckets)
for b, m in buckets:
    print(f" {b:5d}-{min(b + tenth, n) - 1:<5d} {m:7.1f}  " + "#" * max(1, round(50 * m / top)))
print()
print(f"{'command':<12} {'1 domain':>10} {f'{n} domains':>12} {'ratio':>7}")
for k in one:
    print(f"{'xl ' + k:<12} {one[k]:8.1f} ms {at_n[k]:9.1f} ms {at_n[k] / one[k]:7.3f}")
print(f"xl list with {n} domains: {(at_n['list'] - one['list']) / (n - 1) * 1e3:.0f} us per further listed domain")
dl = ms([s for _, s in destroy[-tenth:]])
dn = ms([s for _, s in destroy[:tenth]])
print(f"xl destroy, median of each {tenth}: with {n} running {dn:.1f} ms, with 1..{tenth} running {dl:.1f} ms, "
      f"ratio {dn / dl:.3f} (target: within 1.1)")
print()
print(f"per domain, the toolstack's processes beside QEMU ({statistics.median(len(v[0]) for v in ps.values()):.0f} each): "
      f"RSS median {statistics.median(rss) / 1024:.2f} MiB, of which anonymous (the domain's own) "
      f"{statistics.median(anon) / 1024:.2f} MiB and the rest library and program pages every domain shares; "
      f"PSS median {statistics.median(pss) / 1024:.2f} MiB (target: under 4 MiB); "
      f"QEMU's PSS median {statistics.median(qemu_pss) / 1024:.1f} MiB")
print(f"idle for {idle} s: the toolstack's busiest process woke {max(tool_rate):.2f} times/s, "
      f"median {statistics.median(tool_rate):.2f}/s (target: at most 1/s); paused QEMU median {statistics.median(qemu_rate):.2f}/s")
print()
print("For comparison, not measured here: LightVM (Manco et al., \"My VM is Lighter (and Safer) than your Container\",")
print("SOSP 2017) reports Xen's xl create time growing with the number of running guests, dominated by XenStore")
print("and device creation; their chaos toolstack creates a guest in 2.3 ms and saves/restores in about 30/20 ms")
print("whatever the number of guests, where standard Xen needs 128/550 ms.")

gnuplot = shutil.which("gnuplot")
if gnuplot:
    with open(f"{t}/create.dat", "w") as f:
        for (k, s), c in zip(create, cpu):
            ours = c["xl"] + c["toolstack"] + c["xenstored-kvm"]
            f.write(f"{k} {s * 1e3:.3f} {c['QEMU'] * 1e3:.3f} {ours * 1e3:.3f}\n")
    png = f"{builddir}/xl-scale.png"
    subprocess.run([gnuplot], check=True, input=
        f'set terminal png size 900,500\nset output "{png}"\n'
        f'set xlabel "domains already running"\nset ylabel "ms"\nset yrange [0:*]\nset key top left\n'
        f'set title "xen-kvm: xl create -p of 64 MiB paused domains under TCG"\n'
        f'plot "{t}/create.dat" using 1:2 with points pt 7 ps 0.5 title "xl create -p, wall time", '
        f'"" using 1:3 with points pt 6 ps 0.5 title "CPU: its QEMU", '
        f'"" using 1:4 with points pt 2 ps 0.5 title "CPU: xl, monitor, xenstored-kvm"\n', text=True)
    print(f"\nplot: {png}")
else:
    print("\n(no PNG: gnuplot is not installed; dist/setup bench installs gnuplot-nox)")
PY
