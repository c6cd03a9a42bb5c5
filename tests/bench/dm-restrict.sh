#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Benchmark (make bench), informational, never asserts on time: what the
# confinement of QEMU costs (xl.cfg(5), dm_restrict).  The same kit guest,
# restricted (its own uid, chroot, sandbox) and with dm_restrict = 0, in
# alternating rounds of one run:
# 1. `xl create -p`: until it returns (QEMU up and paused, its user switched);
# 2. `xl create -c`: until the guest's first console line (its boot).
# Medians and the ratio restricted / unrestricted (target: within 1.05),
# all on CPU 1.
set -eu
[ "$(id -u)" = 0 ] || { echo "dm-restrict: needs root (QEMU changes user only when root starts it)"; exit 0; }
: "${top_srcdir:?run through make bench}"
. "$top_srcdir/tests/bench/xlbench.sh"

"$top_srcdir/tools/mkguest" > "$t/kit" 2> "$t/mkguest.err" ||
	{ echo "mkguest failed: $(cat "$t/mkguest.err")"; exit 1; }
kernel=$(sed -n 's/^kernel=//p' "$t/kit")
ramdisk=$(sed -n 's/^ramdisk=//p' "$t/kit")
for m in 1 0; do
	printf 'name = "b%s"\ntype = "pvh"\nkernel = "%s"\nramdisk = "%s"\nextra = "console=hvc0"\nmemory = 128\nvcpus = 1\ndm_restrict = %s\n' \
		"$m" "$kernel" "$ramdisk" "$m" > "$t/b$m.cfg"
done
# Both modes on one CPU (xl, monitor and QEMU inherit it): TCG's threads
# otherwise land differently from run to run, a larger effect than any here
pin=
if command -v taskset > /dev/null && [ "$(nproc)" -gt 1 ]; then
	pin="taskset -c 1"
fi
$pin /usr/bin/env python3 - "$xl" "$t" "${DM_BENCH_ROUNDS:-7}" <<'PY'
import os, statistics, subprocess, sys, time
xl, t, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])

def create_paused(m):
    t0 = time.monotonic()
    subprocess.run([xl, "create", "-q", "-p", f"{t}/b{m}.cfg"], check=True,
                   stderr=subprocess.DEVNULL)
    dt = time.monotonic() - t0
    subprocess.run([xl, "destroy", f"b{m}"], check=True)
    return dt

def boot(m):
    t0 = time.monotonic()
    p = subprocess.Popen([xl, "create", "-q", "-c", f"{t}/b{m}.cfg"],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    buf = b""
    while b"\n" not in buf:
        d = os.read(p.stdout.fileno(), 4096)
        if not d:
            raise SystemExit("console closed before the first line")
        buf += d
    dt = time.monotonic() - t0
    subprocess.run([xl, "destroy", f"b{m}"], check=True)
    p.wait()
    return dt

res = {(k, m): [] for k in ("create", "boot") for m in (1, 0)}
for r in range(rounds):
    for m in ((1, 0) if r % 2 == 0 else (0, 1)):
        res[("create", m)].append(create_paused(m))
        res[("boot", m)].append(boot(m))
print(f"{rounds} alternating rounds, medians (restricted = own uid, chroot, sandbox);")
print("the spread is each mode's min-max, the noise any ratio is read against")
print(f"{'':24}{'restricted':>12}{'dm_restrict=0':>15}{'ratio':>8}  spread")
for k, what in (("create", "xl create -p returns"), ("boot", "first console line")):
    a = statistics.median(res[(k, 1)]) * 1000
    b = statistics.median(res[(k, 0)]) * 1000
    spread = "  ".join(f"{min(res[(k, m)]) * 1000:.0f}-{max(res[(k, m)]) * 1000:.0f}"
                       for m in (1, 0))
    print(f"{what:24}{a:10.0f} ms{b:12.0f} ms{a / b:8.3f}  {spread}")
PY
