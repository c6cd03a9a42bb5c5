#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# silent-keys.sh: no xl.cfg or xl.conf key changes nothing without saying
# so. A table of configs: each key either shows on QEMU's -cpu (dm-argv
# prints the command line; with -s QEMU itself must accept it) or is warned
# about once, at its file:line:col, by `xl -N create'.
. "$top_srcdir/tests/lib/common.sh"

XL="$top_builddir/xl-compat/xl"
DMARGV="$top_builddir/tests/integration/dm/dm-argv"
[ -x "$XL" ] && [ -x "$DMARGV" ] || fail "no $XL or $DMARGV"
export XL_CONF="$XK_TMP/xl.conf" XEN_KVM_ROOT="$XK_TMP/root" XEN_KVM_ACCEL=tcg
: >"$XL_CONF"
: >"$XK_TMP/vmlinuz"

# NAME|TYPE|THE KEY'S LINE (line 3 of the config)|cpu:FLAGS on tcg's -cpu,
# or warn:TEXT at line 3
cat >"$XK_TMP/table" <<EOF
nested|hvm|nestedhvm = 1|cpu:max,+svm
cpuid|hvm|cpuid = "host,aes=1,avx=0,sse3=1,sse4_1=0,tsc_adjust=1,family=6"|cpu:max,+aes,-avx,+pni,-sse4.1,+tsc-adjust,family=6
cpuidk|hvm|cpuid = "host,aes=k,avx=x"|cpu:max
cpuidname|hvm|cpuid = "host,svm_npt=1"|warn:cpuid: \`svm_npt' has no QEMU -cpu flag, ignored
cpuidval|hvm|cpuid = "host,aes=2"|warn:cpuid: aes=2: illegal value
cpuidhost|hvm|cpuid = "aes=1"|warn:cpuid: the first word must be "host"
cpuidxend|hvm|cpuid = [ "0x00000001:ecx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx0" ]|warn:cpuid: the xend form
cpus_soft|hvm|cpus_soft = "0"|warn:\`cpus_soft' has no meaning on KVM and is ignored
irqs|hvm|irqs = [ 7 ]|warn:\`irqs' has no meaning on KVM and is ignored
iomem|hvm|iomem = [ "fe000,1" ]|warn:\`iomem' has no meaning on KVM and is ignored
ioports|hvm|ioports = [ "2f8-2ff" ]|warn:\`ioports' has no meaning on KVM and is ignored
rdm|hvm|rdm = "strategy=host,policy=relaxed"|warn:\`rdm' has no meaning on KVM and is ignored
vkb|pvh|vkb = [ "backend-type=linux" ]|warn:\`vkb' has no meaning on KVM and is ignored
vdispl|pvh|vdispl = [ "backend=0" ]|warn:\`vdispl' has no meaning on KVM and is ignored
vsnd|pvh|vsnd = [ [ "card" ] ]|warn:\`vsnd' has no meaning on KVM and is ignored
EOF

n=0
while IFS='|' read -r name type line want; do
	{
		printf 'name = "%s"\ntype = "%s"\n%s\nmemory = 128\n' "$name" "$type" "$line"
		[ "$type" = hvm ] || printf 'kernel = "%s"\n' "$XK_TMP/vmlinuz"
	} >"$XK_TMP/$name.cfg"
	"$XL" -N create "$XK_TMP/$name.cfg" >/dev/null 2>"$XK_TMP/err" ||
		fail "$name: xl -N create refused it: $(cat "$XK_TMP/err")"
	case $want in
	cpu:*)
		"$DMARGV" -a tcg "$XK_TMP/$name.cfg" >"$XK_TMP/argv" 2>"$XK_TMP/dmerr" ||
			fail "$name: dm-argv: $(cat "$XK_TMP/dmerr")"
		got=$(sed -n '/^-cpu$/{n;p;}' "$XK_TMP/argv")
		[ "$got" = "${want#cpu:}" ] || fail "$name: -cpu $got, wanted ${want#cpu:}"
		[ ! -s "$XK_TMP/err" ] || fail "$name: mapped, yet warned: $(cat "$XK_TMP/err")"
		echo "ok: $name -> -cpu $got" ;;
	warn:*)
		grep -qF "$XK_TMP/$name.cfg:3:1: warning: ${want#warn:}" "$XK_TMP/err" ||
			fail "$name: no warning '${want#warn:}' at line 3: $(cat "$XK_TMP/err")"
		[ "$(grep -c warning "$XK_TMP/err")" = 1 ] || fail "$name: more than one warning: $(cat "$XK_TMP/err")"
		echo "ok: $name warned: ${want#warn:}" ;;
	esac
	n=$((n + 1))
done <"$XK_TMP/table"
[ $n -ge 15 ] || fail "only $n keys checked"

# QEMU takes the mapped flags (TCG emulates SVM, not VMX)
if [ -n "${QEMU:-}" ] && [ -x "$QEMU" ]; then
	"$DMARGV" -a tcg -q "$QEMU" -s "$XK_TMP/nested.cfg" "$XK_TMP/cpuid.cfg" >"$XK_TMP/out" 2>&1 ||
		fail "QEMU refused the mapped -cpu flags: $(cat "$XK_TMP/out")"
	echo "ok: QEMU accepts them"
else
	need_qemu
fi

# pvshim has its effect in xen mode only: said in the others
printf 'name = "shim"\ntype = "pvh"\npvshim = 1\nkernel = "%s"\n' "$XK_TMP/vmlinuz" >"$XK_TMP/shim.cfg"
"$XL" -N create "$XK_TMP/shim.cfg" >/dev/null 2>"$XK_TMP/err" || fail "pvshim: $(cat "$XK_TMP/err")"
grep -q "pvshim=1 has an effect in xen mode only; in tcg mode" "$XK_TMP/err" ||
	fail "pvshim in tcg mode: $(cat "$XK_TMP/err")"
! grep -q "has no meaning on KVM" "$XK_TMP/err" || fail "pvshim called meaningless: $(cat "$XK_TMP/err")"
echo "ok: pvshim warned in tcg mode only"

# xl.conf: each key read and never used is warned about at its line
cat >"$XL_CONF" <<EOF
autoballoon = "on"
lockfile = "/run/xl.lock"
output_format = "sxp"
domid_policy = "random"
vm.cpumask = "0-1"
vm.hvm.cpumask = "0"
vm.pv.cpumask = "1"
kvm.state_dir = "/x"
kvm.run_dir = "/y"
output_format = "sxp"
EOF
"$XL" -N create "$XK_TMP/nested.cfg" >/dev/null 2>"$XK_TMP/err" || fail "with that xl.conf: $(cat "$XK_TMP/err")"
for k in 1:autoballoon 10:output_format 8:kvm.state_dir 9:kvm.run_dir; do
	grep -q "^$XL_CONF:${k%%:*}:1: warning: \`${k#*:}'.* is ignored: " "$XK_TMP/err" ||
		fail "xl.conf ${k#*:}: no warning at line ${k%%:*}: $(cat "$XK_TMP/err")"
done
grep -q domid_policy "$XK_TMP/err" && fail "domid_policy=random warned about: it is used"
grep -q lockfile "$XK_TMP/err" && fail "lockfile warned about: it is used (xl-lockfile.sh)"
grep -q cpumask "$XK_TMP/err" && fail "vm.cpumask warned about: it is used (cpumask.sh)"
[ "$(grep -c warning "$XK_TMP/err")" = 4 ] || fail "xl.conf: not one warning per key: $(cat "$XK_TMP/err")"
printf 'autoballoon = "off"\noutput_format = "json"\ndomid_policy = "xen"\n' >"$XL_CONF"
"$XL" -N create "$XK_TMP/nested.cfg" >/dev/null 2>"$XK_TMP/err" || fail "quiet xl.conf"
[ ! -s "$XK_TMP/err" ] || fail "values that mean what they say were warned about: $(cat "$XK_TMP/err")"
printf 'domid_policy = "bogus"\n' >"$XL_CONF"
"$XL" -N create "$XK_TMP/nested.cfg" >/dev/null 2>"$XK_TMP/err" || fail "bad domid_policy"
grep -q "warning: invalid domid_policy value \`bogus', using xen" "$XK_TMP/err" ||
	fail "bad domid_policy not warned about: $(cat "$XK_TMP/err")"
echo "ok: xl.conf keys that change nothing are warned about, once, at their line"
