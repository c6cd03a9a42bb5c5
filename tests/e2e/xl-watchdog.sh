#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# xl-watchdog.sh: on_watchdog with the i6300esb watchdog a config asks for
# in device_model_args (xl.cfg has no watchdog key; on Xen the watchdog is
# a hypercall every guest has). Each guest arms /dev/watchdog with a 2 s
# timeout and never feeds it; QEMU reports WATCHDOG and the monitor applies
# on_watchdog: destroy (gone), restart (same name, new domid, booted
# again), coredump-restart (an ELF core, then a new domid).
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_cmd od
cat > "$XK_TMP/guest.sh" <<'GUEST'
#!/bin/sh
echo "guest: up"
if [ -c /dev/watchdog ]; then
	echo "guest: watchdog armed"
	busybox watchdog -F -T 2 -t 1000 /dev/watchdog
fi
echo "guest: no watchdog"
GUEST
mkguest_kit "$XK_TMP/kit" --run "$XK_TMP/guest.sh"
. "$top_srcdir/tests/lib/xlenv.sh"

for action in destroy restart coredump-restart; do
	n=wd-$action
	cat > "$XK_TMP/$n.cfg" <<CFG
name = "$n"
type = "pvh"
kernel = "$(kit_get "$XK_TMP/kit" kernel)"
ramdisk = "$(kit_get "$XK_TMP/kit" ramdisk)"
extra = "console=hvc0"
memory = 128
on_watchdog = "$action"
device_model_args = [ "-device", "i6300esb" ]
CFG
	"$xl" create -q "$XK_TMP/$n.cfg" 2> "$XK_TMP/create.err" ||
		fail "create $n: $(cat "$XK_TMP/create.err")"
	eval "id_$(echo $action | tr - _)=\$(\"\$xl\" domid $n)"
done
for n in wd-destroy wd-restart wd-coredump-restart; do
	xl_wait_console 90 $n '^guest: (watchdog armed|no watchdog)$' ||
		fail "$n never armed its watchdog: $(xl_console $n | tail -5)"
	xl_console $n | grep -q '^guest: watchdog armed$' ||
		fail "$n has no /dev/watchdog: $(xl_console $n | tail -5)"
done

wait_for 60 sh -c "! '$xl' domid wd-destroy 2>/dev/null" ||
	fail "on_watchdog=destroy: wd-destroy still there: $("$xl" list)"
new_domid() {	# NAME OLD: the domain has another domid than OLD
	_d=$("$xl" domid "$1" 2>/dev/null) && [ "$_d" != "$2" ]
}
wait_for 60 new_domid wd-restart "$id_restart" ||
	fail "on_watchdog=restart: no new wd-restart: $("$xl" list)"
booted_twice() { [ "$(xl_console wd-restart | grep -c '^guest: up$')" -ge 2 ]; }
wait_for 90 booted_twice ||
	fail "on_watchdog=restart: the guest did not boot again: $(xl_console wd-restart | tail -5)"
wait_for 60 new_domid wd-coredump-restart "$id_coredump_restart" ||
	fail "on_watchdog=coredump-restart: no new wd-coredump-restart: $("$xl" list)"
dump=$XEN_KVM_ROOT/var/lib/xen/dump/wd-coredump-restart
[ -s "$dump" ] || fail "coredump-restart: no $dump"
od -An -c -N4 "$dump" | tr -d ' \n' | grep -q '177ELF' ||
	fail "the dump is not an ELF core: $(od -An -c -N4 "$dump")"
echo "on_watchdog: destroy removed the domain, restart and coredump-restart made new ones (core $(stat -c %s "$dump") bytes)"
