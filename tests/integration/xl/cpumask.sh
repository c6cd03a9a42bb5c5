#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cpumask.sh: xl.conf's vm.cpumask, vm.hvm.cpumask and vm.pv.cpumask as
# Xen's xl applies them, seen in `xl -N create''s libxl JSON: a domain
# without cpus= gets every vCPU's hard affinity from them; cpus= is ANDed
# with them; each guest type takes its own mask (PVH the HVM one); -i
# ignores them; a vCPU left with no cpu fails the create; a mask xl
# cannot read is an error at its xl.conf line.
. "$top_srcdir/tests/lib/common.sh"

XL="$top_builddir/xl-compat/xl"
[ -x "$XL" ] || fail "no $XL"
[ "$(nproc)" -ge 2 ] || skip "needs two cpus to tell masks apart"
export XL_CONF="$XK_TMP/xl.conf" XEN_KVM_ROOT="$XK_TMP/root" XEN_KVM_ACCEL=tcg
: >"$XK_TMP/vmlinuz"

# affinity TYPE CPUS XLCONF [OPTS]: the dry run's vcpu_hard_affinity
affinity() {
	printf 'name = "m"\ntype = "%s"\nmemory = 128\nvcpus = 2\nkernel = "%s"\n%s\n' \
		"$1" "$XK_TMP/vmlinuz" "$2" > "$XK_TMP/m.cfg"
	printf '%b' "$3" > "$XL_CONF"
	"$XL" -N create $4 "$XK_TMP/m.cfg" 2> "$XK_TMP/err" > "$XK_TMP/json" || return 1
	python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["b_info"].get("vcpu_hard_affinity"))' \
		"$XK_TMP/json"
}
expect() {
	got=$(affinity "$1" "$2" "$3" "$4") || fail "$5: create failed: $(cat "$XK_TMP/err")"
	[ "$got" = "$6" ] || fail "$5: vcpu_hard_affinity $got, not $6"
	echo "ok: $5: $got"
}

expect hvm "" "" "" "no masks, no cpus=" "None"
expect hvm "" 'vm.cpumask = "1"\n' "" "vm.cpumask alone" "[[1], [1]]"
expect pvh "" 'vm.hvm.cpumask = "0"\n' "" "PVH takes vm.hvm.cpumask" "[[0], [0]]"
expect pv "" 'vm.hvm.cpumask = "0"\nvm.pv.cpumask = "1"\n' "" "PV takes vm.pv.cpumask" "[[1], [1]]"
expect hvm 'cpus = "0-1"' 'vm.cpumask = "all"\nvm.hvm.cpumask = "all,^1"\n' "" "cpus= ANDed with both" "[[0], [0]]"
expect hvm 'cpus = ["1", "0-1"]' 'vm.cpumask = "1"\nvm.pv.cpumask = "0"\n' "" "a list per vCPU, the PV mask not applied" \
	"[[1], [1]]"
! affinity hvm 'cpus = ["0", "0-1"]' 'vm.cpumask = "1"\n' "" > /dev/null || fail "vCPU 0 left with no cpu was accepted"
grep -q "vcpu 0 of domain m has no cpu left once xl.conf's vm.cpumask and vm.hvm.cpumask are applied" "$XK_TMP/err" ||
	fail "a vCPU with no cpu left: $(cat "$XK_TMP/err")"
echo "ok: a vCPU with no cpu left fails the create: $(cat "$XK_TMP/err")"
expect hvm 'cpus = "1"' 'vm.cpumask = "0"\n' "-i" "create -i ignores them" "[[1], [1]]"
expect hvm "" 'vm.cpumask = "0"\n' "--ignore-global-affinity-masks" "and so does its long form" "None"
! affinity hvm "" '\n\nvm.hvm.cpumask = "0-bogus"\n' "" > /dev/null || fail "a bad mask was accepted"
grep -q "^$XL_CONF:3:1: error: invalid pcpu range: 0-bogus" "$XK_TMP/err" ||
	fail "a bad mask is not an error at its line: $(cat "$XK_TMP/err")"
echo "ok: a bad mask is an error at its line: $(cat "$XK_TMP/err")"
echo PASS
