#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A host crash must not strand a domain's name. A real guest under TCG; its
# monitor, QEMU and xenstored-kvm are killed with SIGKILL and the run
# directory removed, as a crash and a reboot do; xenstored-kvm comes back
# on the same state dir.
#   Within the boot (the store is loaded): `xl list' shows the domain dying
#   (d), `xl destroy NAME' removes all it left without an error, and, after
#   a second crash, `xl create' of the same config removes it, says so and
#   starts the domain.
#   After a reboot (another boot_id bound over /proc/sys/kernel/random/
#   boot_id in a mount namespace): the daemon starts with dom0 only, `xl
#   list' shows only Domain-0 and `xl create' of the same config works.
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_root "binds a file over boot_id in a mount namespace"
need_cmd xenstore-read xenstore-exists unshare mount
unshare -m sh -c "mount --bind /dev/null /proc/sys/kernel/random/boot_id" ||
	skip "cannot bind a file over boot_id in a mount namespace"
mkguest_kit "$XK_TMP/kit"
. "$top_srcdir/tests/lib/xlenv.sh"
run=$XEN_KVM_ROOT/var/run/xen-kvm
lib=$XEN_KVM_ROOT/var/lib/xen

cat > "$XK_TMP/g.cfg" <<CFG
name = "crash"
type = "pvh"
kernel = "$(kit_get "$XK_TMP/kit" kernel)"
ramdisk = "$(kit_get "$XK_TMP/kit" ramdisk)"
extra = "console=hvc0 xkguest.shell"
memory = 128
CFG

# up: create the domain and wait for its guest; sets $id and $uuid.  The
# guest stays up (xkguest.shell): the kit's init powers off after "init
# ready" otherwise, and its own shutdown would race the crash.
up() {
	rm -f "$XEN_KVM_ROOT/var/log/xen/console/guest-crash.log"
	"$xl" create "$XK_TMP/g.cfg" 2> "$XK_TMP/create.err" ||
		fail "create: $(cat "$XK_TMP/create.err")"
	id=$("$xl" domid crash) || fail "no domain crash after create"
	uuid=$(xenstore-read "/local/domain/$id/vm" | sed 's|^/vm/||')
	xl_wait_console 120 crash 'xen-kvm-guest: init ready' ||
		fail "the guest did not boot: $(xl_console crash | tail -5)"
}
gone() { ! kill -0 "$1" 2>/dev/null; }
# crash: SIGKILL to the domain's monitor and QEMU and to xenstored-kvm,
# then the run directory goes, as with a reboot
crash() {
	mon=$(sed -n 's/^monitor_pid=//p' "$run/$id/state")
	qemu=$(sed -n 's/^qemu_pid=//p' "$run/$id/state")
	[ "${mon:-0}" -gt 0 ] && [ "${qemu:-0}" -gt 0 ] || fail "state file: $(cat "$run/$id/state")"
	kill -9 "$mon" "$qemu" "$xl_xsd_pid"
	wait_for 20 gone "$mon" && wait_for 20 gone "$qemu" && wait_for 20 gone "$xl_xsd_pid" ||
		fail "a killed process survived"
	rm -rf "$run"
	rm -f "$XK_TMP/xs-run/socket"
}
# nothing of domain $id left: XenStore nodes, saved config, run dir
assert_none() {
	for p in "/local/domain/$id" "/vm/$uuid" "/libxl/$id"; do
		! xenstore-exists "$p" 2>/dev/null || fail "$1: $p is left"
	done
	! ls "$lib"/userdata-d."$id".* >/dev/null 2>&1 || fail "$1: saved config left: $(ls "$lib")"
	[ ! -e "$run/$id" ] || fail "$1: run dir $run/$id left"
	! pgrep -f "$run/$id/" >/dev/null || fail "$1: a process of the domain is left"
}

# on a failure, what the toolstack and the domain's monitor logged
trap 'st=$?; [ $st = 0 ] || { echo "--- xl dmesg"; "$xl" dmesg; for f in "$XEN_KVM_ROOT"/var/log/xen/xl-crash.log* "$XEN_KVM_ROOT"/var/log/xen/console/guest-crash.log; do echo "--- $f"; cat "$f"; done; echo "--- xenstored"; cat "$XK_TMP/xsd.err"; } >&2 2>/dev/null; _xk_cleanup' EXIT

# ---------------------------------------------------------------- within a boot
up
crash
xl_xenstored_start
xenstore-exists "/local/domain/$id/name" || fail "the store lost the domain (it must keep it within a boot)"
"$xl" list > "$XK_TMP/list" 2>&1 || fail "xl list: $(cat "$XK_TMP/list")"
state=$(awk '$1 == "crash" { print $5 }' "$XK_TMP/list")
case $state in
*d*) echo "ok: xl list shows the dead domain dying: $(grep '^crash ' "$XK_TMP/list")" ;;
*) fail "xl list after the crash: $(cat "$XK_TMP/list")" ;;
esac
"$xl" destroy crash > "$XK_TMP/destroy.out" 2>&1 || fail "xl destroy crash: $(cat "$XK_TMP/destroy.out")"
[ ! -s "$XK_TMP/destroy.out" ] || fail "xl destroy said: $(cat "$XK_TMP/destroy.out")"
assert_none "destroy of the dead domain"
! "$xl" list | grep -q '^crash ' || fail "still listed after destroy: $("$xl" list)"
echo "ok: xl destroy crash removed it all, without an error"

up
crash
xl_xenstored_start
old=$id
up
grep -q "domain crash (domid $old) is dead" "$XK_TMP/create.err" ||
	fail "create over the dead domain did not say so: $(cat "$XK_TMP/create.err")"
[ "$("$xl" list | grep -c '^crash ')" = 1 ] || fail "xl list after create: $("$xl" list)"
[ "$id" = "$old" ] || ! xenstore-exists "/local/domain/$old" 2>/dev/null ||
	fail "the dead domain $old is left beside the new $id"
echo "ok: xl create over the dead domain: '$(grep 'is dead' "$XK_TMP/create.err")', domain $id runs"

# ---------------------------------------------------------------- a reboot
crash
echo 11111111-2222-3333-4444-555555555555 > "$XK_TMP/other-boot"
unshare -m sh -c "mount --bind '$XK_TMP/other-boot' /proc/sys/kernel/random/boot_id &&
	exec '$top_builddir/xenstored-kvm/xenstored-kvm' -N --rundir '$XK_TMP/xs-run' \
		--state-dir '$XK_TMP/xs-state'" </dev/null 2>>"$XK_TMP/xsd.err" &
xl_xsd_pid=$!
cleanup_pid $xl_xsd_pid
wait_for 20 test -S "$XK_TMP/xs-run/socket" || fail "xenstored-kvm did not start: $(cat "$XK_TMP/xsd.err")"
"$xl" list > "$XK_TMP/list" 2>&1 || fail "xl list: $(cat "$XK_TMP/list")"
[ "$(awk 'NR > 1 { print $1 }' "$XK_TMP/list")" = Domain-0 ] ||
	fail "xl list after a reboot: $(cat "$XK_TMP/list")"
echo "ok: after a reboot xl list shows only Domain-0"
up
for f in "$lib"/userdata-d."$id".*; do
	case $f in *".$uuid."*) ;; *) fail "a stale saved config of domain $id: $f" ;; esac
done
echo "ok: after a reboot xl create of the same config works (domain $id), no stale saved config"
"$xl" destroy crash || fail "destroy after the reboot"
assert_none "destroy after the reboot"
