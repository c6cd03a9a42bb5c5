#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# refused.sh: Xen's hypervisor-only commands are refused, each with one
# sentence saying why, exit 1 and nothing on stdout (with or without
# operands); `xl help CMD' shows the reason too, `xl help' lists them;
# `xl help NOSUCH' says the command does not exist as Xen's xl does.
. "$top_srcdir/tests/lib/common.sh"

XL="$top_builddir/xl-compat/xl"
[ -x "$XL" ] || fail "no $XL"
export XL_CONF="$XK_TMP/xl.conf"
: >"$XL_CONF"

# the command, and a word its reason must hold
while read -r cmd word; do
	for args in "" "d1 x"; do
		rc=0
		# shellcheck disable=SC2086
		"$XL" "$cmd" $args >"$XK_TMP/out" 2>"$XK_TMP/err" || rc=$?
		[ $rc = 1 ] && [ ! -s "$XK_TMP/out" ] ||
			fail "$cmd $args: exit $rc, stdout: $(cat "$XK_TMP/out")"
		[ "$(wc -l < "$XK_TMP/err")" = 1 ] &&
			grep -q "^xl $cmd: not on KVM: .*$word.*\.$" "$XK_TMP/err" ||
			fail "$cmd $args: $(cat "$XK_TMP/err")"
	done
	"$XL" help "$cmd" | grep -q "^Not on KVM: .*$word" || fail "xl help $cmd: no reason"
	"$XL" help | grep -q "^ $cmd " || fail "xl help does not list $cmd"
	n=$((${n:-0} + 1))
done <<EOT
debug-keys SysRq
cpupool-create cpupools
cpupool-list cpupools
cpupool-destroy cpupools
cpupool-rename cpupools
cpupool-cpu-add cpupools
cpupool-cpu-remove cpupools
cpupool-migrate cpupools
cpupool-numa-split cpupools
psr-hwinfo RDT
psr-cmt-attach RDT
psr-cmt-detach RDT
psr-cmt-show RDT
psr-cat-set RDT
psr-cat-show RDT
psr-mba-set RDT
psr-mba-show RDT
getenforce FLASK
setenforce FLASK
loadpolicy FLASK
remus Remus
devd driver
claims claims
sharing sharing
sched-rtds RTDS
set-parameters parameters
vtpm-attach vTPM
vtpm-list vTPM
vtpm-detach vTPM
vkb-attach vkbd
vkb-list vkbd
vkb-detach vkbd
vdispl-attach displif
vdispl-list displif
vdispl-detach displif
vsnd-attach sndif
vsnd-list sndif
vsnd-detach sndif
EOT
[ "$n" = 38 ] || fail "only $n commands checked"
echo "ok: $n hypervisor commands refused with their reason (exit 1)"

"$XL" cpupool-list -h | grep -q "^Usage: xl \[-vfN\] cpupool-list" || fail "cpupool-list -h"
rc=0; "$XL" -N cpupool-list 2>"$XK_TMP/err" || rc=$?
[ $rc = 1 ] || fail "-N cpupool-list: exit $rc"

# a command that does not exist: help says so, as Xen's xl
out=$("$XL" help no-such-cmd) || fail "xl help no-such-cmd: exit $?"
[ "$out" = 'command "no-such-cmd" not implemented' ] || fail "xl help no-such-cmd: $out"
rc=0; "$XL" no-such-cmd 2>"$XK_TMP/err" || rc=$?
[ $rc = 1 ] && grep -qx "command not implemented" "$XK_TMP/err" || fail "xl no-such-cmd: exit $rc"
echo "ok: xl help for a command that does not exist says so"
