# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the benchmarks that run domains with our xl: $QEMU checked, $xl,
# a scratch directory $t removed on exit with every QEMU and monitor of its
# domains, a private xenstored-kvm, XEN_KVM_ROOT and TCG, and an xl.conf
# ($XL_CONF) under which QEMU runs restricted as by default (its users made
# as the packages make them) or, not root, says it cannot be.
: "${top_builddir:?run through make bench}"
: "${top_srcdir:?run through make bench}"
QEMU=${QEMU:-$(command -v qemu-system-x86_64 || true)}
[ -x "$QEMU" ] || { echo "no QEMU"; exit 1; }
xl=$top_builddir/xl-compat/xl
# their Python halves import xlbench.py
export PYTHONPATH="$top_srcdir/tests/bench${PYTHONPATH:+:$PYTHONPATH}"
t=$(mktemp -d "${TMPDIR:-/tmp}/xl-bench.XXXXXX")
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

mkdir -p "$t/xs" "$t/xsstate" "$t/root"
"$top_builddir/xenstored-kvm/xenstored-kvm" -N --rundir "$t/xs" \
	--state-dir "$t/xsstate" --no-persist </dev/null 2>"$t/xsd.err" &
xsd_pid=$!
i=0; while [ ! -S "$t/xs/socket" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
export XENSTORED_PATH="$t/xs/socket" XEN_KVM_ROOT="$t/root" XEN_KVM_ACCEL=tcg
export XL_CONF="$t/xl.conf"
if [ "$(id -u)" = 0 ]; then
	"$top_srcdir/dist/host/qemu-users" 2>/dev/null
	: > "$XL_CONF"
else
	echo 'kvm.dm_restrict = 0' > "$XL_CONF"
fi
