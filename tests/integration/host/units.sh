#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# units.sh: the host's service files.  systemd-analyze verify accepts both
# units (with their paths pointed at this build), and xenstored-kvm keeps
# Type=notify's contract: READY=1 reaches $NOTIFY_SOCKET once its socket
# accepts connections, not before.
set -eu
. "$top_srcdir/tests/lib/common.sh"
need_cmd systemd-analyze python3
t=$XK_TMP

sub() {
	sed -e "s|@sbindir@|$top_builddir/xenstored-kvm|g" \
	    -e "s|@sysconfdir@|$t/etc|g" \
	    -e "s|@pkglibexecdir@|$top_srcdir/dist/host|g" "$1" > "$2"
}
sub "$top_srcdir/dist/host/xenstored-kvm.service.in" "$t/xenstored-kvm.service"
sub "$top_srcdir/dist/host/xendomains.service.in" "$t/xendomains.service"
systemd-analyze verify --man=no "$t/xenstored-kvm.service" "$t/xendomains.service" > "$t/verify" 2>&1 ||
	fail "systemd-analyze verify: $(cat "$t/verify")"
# (their man pages are checked by tests/integration/host/man.sh) verify
# exits 0 on some warnings; none is expected from our files
! grep -E "xenstored-kvm.service|xendomains.service" "$t/verify" ||
	fail "systemd-analyze warns: $(cat "$t/verify")"
for s in xenstored-kvm xendomains; do
	sh -n "$top_srcdir/dist/host/$s.openrc.in" || fail "$s.openrc: syntax"
done

# Type=notify: a datagram socket playing systemd's part
python3 - "$t/notify" "$t/run/socket" > "$t/got" 2>&1 <<'PY' &
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(60)
msg = s.recv(4096).decode()
# the daemon must already accept connections when it says READY=1
c = socket.socket(socket.AF_UNIX)
c.connect(sys.argv[2])
print(msg.replace("\n", " "))
PY
py=$!
cleanup_pid $py
wait_for 20 test -S "$t/notify" || fail "notify socket not bound"
NOTIFY_SOCKET=$t/notify "$top_builddir/xenstored-kvm/xenstored-kvm" -N \
	--rundir "$t/run" --state-dir "$t/state" < /dev/null 2> "$t/xsd.err" &
cleanup_pid $!
wait "$py" || fail "no READY=1, or the socket did not accept then: $(cat "$t/got") $(cat "$t/xsd.err")"
grep -q "READY=1 MAINPID=$!" "$t/got" || fail "notify message: $(cat "$t/got")"
echo "PASS: units"
