#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# xl-xenstored-restart.sh: xenstored-kvm killed (-9) and started again
# under a running domain. The domain's nodes come back from the journal,
# the guest's XenStore (through the monitor's link relay) works again for
# new requests, and the monitor reconnects: xl destroy afterwards still
# removes every node of the domain.
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_cmd xenstore-read xenstore-write xenstore-exists
cat > "$XK_TMP/guest.sh" <<'GUEST'
#!/bin/sh
last=
while :; do
	v=$(timeout 5 xenstore-read data/ping 2>/dev/null) || v=error
	[ "$v" = "$last" ] || echo "guest: ping=$v"
	last=$v
	sleep 0.5
done
GUEST
mkguest_kit "$XK_TMP/kit" --run "$XK_TMP/guest.sh"
. "$top_srcdir/tests/lib/xlenv.sh"

cat > "$XK_TMP/g.cfg" <<CFG
name = "xsr"
type = "pvh"
kernel = "$(kit_get "$XK_TMP/kit" kernel)"
ramdisk = "$(kit_get "$XK_TMP/kit" ramdisk)"
extra = "console=hvc0"
memory = 128
CFG
"$xl" create -q "$XK_TMP/g.cfg" 2> "$XK_TMP/create.err" || fail "create: $(cat "$XK_TMP/create.err")"
id=$("$xl" domid xsr)
dom=/local/domain/$id
xenstore-write "$dom/data/ping" before
xl_wait_console 90 xsr '^guest: ping=before$' ||
	fail "the guest never read its XenStore: $(xl_console xsr | tail -5)"

kill -9 "$xl_xsd_pid"
wait "$xl_xsd_pid" 2>/dev/null || true
rm -f "$XK_TMP/xs-run/socket"
xl_xenstored_start
[ "$(xenstore-read "$dom/name")" = xsr ] || fail "the domain's name node did not survive"
[ "$(xenstore-read "$dom/data/ping")" = before ] || fail "data/ping did not survive"
"$xl" list xsr > /dev/null || fail "xl list lost the domain"
xenstore-write "$dom/data/ping" after
xl_wait_console 30 xsr '^guest: ping=after$' ||
	fail "the guest's XenStore did not recover: $(xl_console xsr | tail -5)"

"$xl" destroy xsr || fail "destroy after the restart"
! xenstore-exists "$dom" 2>/dev/null || fail "$dom left after destroy: the monitor lost XenStore"
echo "xenstored restarted: nodes kept, guest reads again, destroy cleaned XenStore"
