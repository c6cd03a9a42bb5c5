#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# xcshim.sh: libxenctrl-shim's calls against real domains (guest kit under
# TCG, a private xenstored-kvm): four guests in the states the calls must
# report (running, paused, one with the agent to shut down, one whose
# monitor and QEMU died), then tests/e2e/xcshim-calls (cmocka) checks each
# call against `xl' at the same moment and against the host.
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_root "QEMU's sandbox, and killing a domain's monitor"
need_cmd xenstore-read
. "$top_srcdir/tests/lib/xlenv.sh"
calls=$top_builddir/tests/e2e/xcshim-calls
[ -x "$calls" ] || fail "tests/e2e/xcshim-calls not built"

cat > "$XK_TMP/guest.sh" <<'GUEST'
#!/bin/sh
i=0
while true; do echo "tick $i"; i=$((i + 1)); sleep 1; done
GUEST
mkguest_kit "$XK_TMP/kit" --run "$XK_TMP/guest.sh"
# cfg NAME [LINE...]: a kit guest's config
cfg() {
	_n=$1; shift
	{
		echo "name = \"$_n\""
		echo 'type = "pvh"'
		echo "kernel = \"$(kit_get "$XK_TMP/kit" kernel)\""
		echo "ramdisk = \"$(kit_get "$XK_TMP/kit" ramdisk)\""
		echo 'extra = "console=hvc0"'
		echo 'memory = 128'
		for l in "$@"; do echo "$l"; done
	} > "$XK_TMP/$_n.cfg"
	echo "$XK_TMP/$_n.cfg"
}
"$xl" create -q "$(cfg xc-run 'vcpus = 2')" || fail "create xc-run"
"$xl" create -q -p "$(cfg xc-paused)" || fail "create -p xc-paused"
"$xl" create -q "$(cfg xc-agent 'on_poweroff = "preserve"')" || fail "create xc-agent"
"$xl" create -q -p "$(cfg xc-dead)" || fail "create -p xc-dead"
xl_wait_console 120 xc-run '^tick 1$' || fail "xc-run never ticked: $(xl_console xc-run | tail -3)"
agent=$("$xl" domid xc-agent)
wait_for 120 sh -c "[ \"\$(xenstore-read /local/domain/$agent/control/feature-poweroff 2>/dev/null)\" = 1 ]" ||
	fail "xc-agent's agent never offered poweroff: $(xl_console xc-agent | tail -3)"

# xc-dead: its monitor killed (QEMU dies with it): xl lists it as dying
dead=$("$xl" domid xc-dead)
state=$XEN_KVM_ROOT/var/run/xen-kvm/$dead/state
mon=$(sed -n 's/^monitor_pid=//p' "$state")
qemu=$(sed -n 's/^qemu_pid=//p' "$state")
kill -9 "$mon"
wait_for 30 sh -c "! kill -0 $qemu 2>/dev/null" || fail "QEMU of xc-dead outlived its monitor"
wait_for 10 sh -c "'$xl' list xc-dead | grep -q ' -----d '" || fail "xc-dead not dying: $("$xl" list xc-dead)"

XCSHIM_XL=$xl XCSHIM_RUNNING=xc-run XCSHIM_PAUSED=xc-paused \
XCSHIM_AGENT=xc-agent XCSHIM_DEAD=xc-dead \
LD_LIBRARY_PATH=$top_builddir/libxenctrl-shim "$calls" ||
	fail "xcshim-calls failed ($("$xl" list | tr '\n' ';'))"
# the shim left xc-dead dying (its leftovers are xl's to remove): xl does
"$xl" destroy xc-dead || fail "xl destroy xc-dead after the shim's destroy"
! "$xl" list xc-dead >/dev/null 2>&1 || fail "xc-dead still listed: $("$xl" list xc-dead)"
[ ! -e "$XEN_KVM_ROOT/var/run/xen-kvm/$dead" ] || fail "xc-dead's run dir left behind"
! xenstore-read "/local/domain/$dead/name" >/dev/null 2>&1 || fail "xc-dead's XenStore nodes left behind"
echo "ok: every libxenctrl-shim call against the live domains"
