#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Benchmark (make bench), informational, never asserts on time: what the
# confinement of QEMU costs (xl.cfg(5), dm_restrict).  The same kit guest,
# restricted (its own uid, chroot, sandbox) and with dm_restrict = 0, in
# alternating rounds of one run:
# 1. `xl create -p`: until it returns (QEMU up and paused, its user switched);
# 2. `xl create -c`: until the guest's first console line (its boot).
# Medians and the ratio restricted / unrestricted (target: within 1.05).
set -eu
: "${top_builddir:?run through make bench}"
: "${top_srcdir:?run through make bench}"
QEMU=${QEMU:-$(command -v qemu-system-x86_64 || true)}
[ -x "$QEMU" ] || { echo "no QEMU"; exit 1; }
[ "$(id -u)" = 0 ] || { echo "dm-restrict: needs root (QEMU changes user only when root starts it)"; exit 0; }
"$top_srcdir/dist/host/qemu-users" 2>/dev/null
xl=$top_builddir/xl-compat/xl
t=$(mktemp -d "${TMPDIR:-/tmp}/dm-bench.XXXXXX")
xsd_pid=
cleanup() {
	for s in "$t"/root/var/run/xen-kvm/*/state; do
		[ -f "$s" ] || continue
		for p in $(sed -n 's/^\(monitor\|qemu\)_pid=//p' "$s"); do
			[ "$p" -gt 0 ] && kill -9 "$p" 2>/dev/null || true
		done
	done
	[ -z "$xsd_pid" ] || kill "$xsd_pid" 2>/dev/null || true
	rm -rf "$t"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$top_srcdir/tools/mkguest" > "$t/kit" 2> "$t/mkguest.err" ||
	{ echo "mkguest failed: $(cat "$t/mkguest.err")"; exit 1; }
kernel=$(sed -n 's/^kernel=//p' "$t/kit")
ramdisk=$(sed -n 's/^ramdisk=//p' "$t/kit")
mkdir -p "$t/xs" "$t/xsstate" "$t/root"
"$top_builddir/xenstored-kvm/xenstored-kvm" -N --rundir "$t/xs" \
	--state-dir "$t/xsstate" --no-persist </dev/null 2>"$t/xsd.err" &
xsd_pid=$!
i=0; while [ ! -S "$t/xs/socket" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
export XENSTORED_PATH="$t/xs/socket" XEN_KVM_ROOT="$t/root" XEN_KVM_ACCEL=tcg
export XL_CONF="$t/xl.conf"
: > "$XL_CONF"
for m in 1 0; do
	printf 'name = "b%s"\ntype = "pvh"\nkernel = "%s"\nramdisk = "%s"\nextra = "console=hvc0"\nmemory = 128\nvcpus = 1\ndm_restrict = %s\n' \
		"$m" "$kernel" "$ramdisk" "$m" > "$t/b$m.cfg"
done
/usr/bin/env python3 - "$xl" "$t" "${DM_BENCH_ROUNDS:-7}" <<'PY'
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
print(f"{rounds} alternating rounds, medians (restricted = own uid, chroot, sandbox)")
print(f"{'':24}{'restricted':>12}{'dm_restrict=0':>15}{'ratio':>8}")
for k, what in (("create", "xl create -p returns"), ("boot", "first console line")):
    a = statistics.median(res[(k, 1)]) * 1000
    b = statistics.median(res[(k, 0)]) * 1000
    print(f"{what:24}{a:10.0f} ms{b:12.0f} ms{a / b:8.3f}")
PY
