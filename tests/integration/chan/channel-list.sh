#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# channel-list.sh: `xl channel-list` byte for byte in Xen's format, from
# channel nodes written as libxl writes them (private xenstored-kvm, a
# domain that "lives" through its run directory, no QEMU): a socket and a
# pty channel, Idx counting named consoles only, a Xen-style ring (port,
# ring-ref), a missing tty, a backend in another domain (BE is its domid),
# two domains in one call, an unknown domain.
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_cmd xenstore-write
xl=$top_builddir/xl-compat/xl
xsd=$top_builddir/xenstored-kvm/xenstored-kvm
t=$XK_TMP
mkdir -p "$t/run" "$t/state" "$t/root/var/run/xen-kvm/3" "$t/root/var/run/xen-kvm/4"
"$xsd" -N --rundir "$t/run" --state-dir "$t/state" </dev/null 2>"$t/xsd.err" &
cleanup_pid $!
wait_for 20 test -S "$t/run/socket" || fail "xenstored-kvm did not start: $(cat "$t/xsd.err")"
export XENSTORED_PATH="$t/run/socket" XEN_KVM_ROOT="$t/root" XL_CONF="$t/xl.conf"
: > "$XL_CONF"

# chan D N NAME CONN BE [TTY]: console N of domain D as libxl writes a
# channel whose backend is domain BE
chan() {
	fe=/local/domain/$1/device/console/$2
	be=/local/domain/$5/backend/console/$1/$2
	xenstore-write "$fe/name" "$3" "$fe/backend" "$be" "$fe/backend-id" "$5" \
		"$fe/state" 4 "$be/connection" "$4" "$be/name" "$3"
	[ $# -lt 6 ] || xenstore-write "$fe/tty" "$6"
}
xenstore-write /local/domain/3/name vm-a /local/domain/4/name vm-b
chan 3 1 nom_du_canal socket 0
chan 3 2 journal pty 0 /dev/pts/7
chan 3 3 noname-left pty 0
xenstore-write /local/domain/3/device/console/3/port 17 /local/domain/3/device/console/3/ring-ref 1234
# a console without a name is not a channel
xenstore-write /local/domain/3/device/console/4/backend /local/domain/0/backend/console/3/4
chan 3 10 late socket 0
chan 3 11 to-vm-b socket 4
chan 4 1 rpc socket 0

"$xl" channel-list vm-a 4 > "$t/out" || fail "channel-list failed: $(cat "$t/out")"
{
	printf '%-3s %-2s %-5s %-6s %8s %-10s %-30s\n' Idx BE state evt-ch ring-ref connection ""
	printf '%-3d %-2d %-5d %-6d %-8d %-10s \n' 0 0 4 -1 -1 socket
	printf '%-3d %-2d %-5d %-6d %-8d %-10s %-30s \n' 1 0 4 -1 -1 pty /dev/pts/7
	printf '%-3d %-2d %-5d %-6d %-8d %-10s %-30s \n' 2 0 4 17 1234 pty /NO-SUCH-PATH
	printf '%-3d %-2d %-5d %-6d %-8d %-10s \n' 3 0 4 -1 -1 socket
	printf '%-3d %-2d %-5d %-6d %-8d %-10s \n' 4 4 4 -1 -1 socket
	printf '%-3d %-2d %-5d %-6d %-8d %-10s \n' 0 0 4 -1 -1 socket
} > "$t/want"
cmp "$t/want" "$t/out" || fail "output differs:
$(diff "$t/want" "$t/out")"
echo "ok: rows in Xen's format"

rc=0
"$xl" channel-list nosuch > "$t/out" 2> "$t/err" || rc=$?
[ $rc = 1 ] || fail "unknown domain: exit $rc"
grep -q "nosuch is an invalid domain identifier" "$t/err" || fail "unknown domain: $(cat "$t/err")"
rc=0
"$xl" channel-list > /dev/null 2>&1 || rc=$?
[ $rc = 2 ] || fail "no domain: exit $rc, not 2"
echo PASS
