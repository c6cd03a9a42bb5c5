# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the e2e tests that run domains with our xl: a private
# xenstored-kvm, XEN_KVM_ROOT and XEN_KVM_ACCEL=tcg, an empty xl.conf, and
# every domain destroyed on exit. Source it after tests/lib/common.sh; it
# sets $xl and starts the store at once.
xl=$top_builddir/xl-compat/xl
_xsd=$top_builddir/xenstored-kvm/xenstored-kvm
[ -x "$xl" ] && [ -x "$_xsd" ] || fail "xl or xenstored-kvm not built"
mkdir -p "$XK_TMP/xs-run" "$XK_TMP/xs-state" "$XK_TMP/root"
# xl_xenstored_start: the store on its state dir ($xl_xsd_pid); again after
# a kill, it comes back from its journal
xl_xenstored_start() {
	"$_xsd" -N --rundir "$XK_TMP/xs-run" --state-dir "$XK_TMP/xs-state" \
		</dev/null 2>>"$XK_TMP/xsd.err" &
	xl_xsd_pid=$!
	cleanup_pid $xl_xsd_pid
	wait_for 20 test -S "$XK_TMP/xs-run/socket" ||
		fail "xenstored-kvm did not start: $(cat "$XK_TMP/xsd.err")"
}
xl_xenstored_start
XENSTORED_PATH=$XK_TMP/xs-run/socket
XEN_KVM_ROOT=$XK_TMP/root
XEN_KVM_ACCEL=tcg
XL_CONF=$XK_TMP/xl.conf
export XENSTORED_PATH XEN_KVM_ROOT XEN_KVM_ACCEL XL_CONF
xl_conf_init "$XL_CONF"
# xl_p9_share DIR: DIR writable by every domain's QEMU (the group of the
# uid range), as a user would grant a restricted QEMU a read-write export
xl_p9_share() {
	mkdir -p "$1"
	if [ "$(id -u)" = 0 ]; then
		chgrp xen-qemuuser-range-base "$1" && chmod 2775 "$1"
	fi
}

xl_destroy_all() {
	for _d in $("$xl" list 2>/dev/null | awk 'NR > 2 { print $2 }'); do
		"$xl" destroy "$_d" 2>/dev/null || true
	done
}
trap 'xl_destroy_all; _xk_cleanup' EXIT

# xl_console NAME: the domain's console log as the guest printed it
xl_console() {
	tr -d '\r' < "$XEN_KVM_ROOT/var/log/xen/console/guest-$1.log" 2>/dev/null
}
# xl_wait_console SECONDS NAME REGEX: until a console line matches; if
# none does, what the guest, its monitor and QEMU said, and how much CPU
# QEMU had, go to stderr (a guest that never printed is told from one
# that was slow)
xl_wait_console() {
	wait_for "$1" sh -c "tr -d '\r' < '$XEN_KVM_ROOT/var/log/xen/console/guest-$2.log' 2>/dev/null | grep -Eq '$3'" &&
		return 0
	_q=$(sed -n 's/^qemu_pid=//p' "$XEN_KVM_ROOT/var/run/xen-kvm/$("$xl" domid "$2" 2>/dev/null)/state" 2>/dev/null)
	{
		echo "xl_wait_console: $2: no console line matched '$3' in $1 s"
		echo "  console: $(xl_console "$2" | tail -n 5 | tr '\n' '|')"
		echo "  monitor: $(tail -n 8 "$XEN_KVM_ROOT/var/log/xen/xl-$2.log" 2>/dev/null | tr '\n' '|')"
		echo "  QEMU log: $(tail -n 5 "$XEN_KVM_ROOT/var/log/xen/qemu-dm-$2.log" 2>/dev/null | tr '\n' '|')"
		[ -z "$_q" ] || echo "  QEMU $_q: $(grep '^State' "/proc/$_q/status" 2>/dev/null)," \
			"utime+stime $(awk '{ print $14 + $15 }' "/proc/$_q/stat" 2>/dev/null) ticks;" \
			"load $(cut -d' ' -f1-3 /proc/loadavg)"
	} >&2
	return 1
}

# xl_paused_cfg NAME: $XK_TMP/NAME.cfg, a 64 MiB PVH domain of the guest
# kit for tests that need a domain to exist rather than to run
xl_paused_cfg() {
	[ -s "$XK_TMP/kit" ] || mkguest_kit "$XK_TMP/kit"
	cat > "$XK_TMP/$1.cfg" <<CFG
name = "$1"
type = "pvh"
kernel = "$(kit_get "$XK_TMP/kit" kernel)"
ramdisk = "$(kit_get "$XK_TMP/kit" ramdisk)"
memory = 64
CFG
}
# xl_create_paused NAME: that domain, created paused
xl_create_paused() {
	xl_paused_cfg "$1"
	"$xl" create -q -p "$XK_TMP/$1.cfg" || fail "create $1"
}
