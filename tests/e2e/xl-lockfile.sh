#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# xl-lockfile.sh: xl.conf's lockfile as on Xen. While another program
# holds an fcntl write lock on it (Xen's default /var/lock/xl, under
# XEN_KVM_ROOT here, or the path xl.conf gives), `xl create' waits for the
# lock before it creates anything, and creates the domain once the lock is
# released; a lockfile that cannot be opened fails the create, saying so,
# and leaves nothing.
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
. "$top_srcdir/tests/lib/xlenv.sh"
t=$XK_TMP

# hold LOCK as another tool would, until $t/release-LOCK's name appears
hold() {
	rm -f "$t/held" "$t/release"
	python3 - "$1" "$t/held" "$t/release" <<'PY' &
import fcntl, os, sys, time
os.makedirs(os.path.dirname(sys.argv[1]), exist_ok=True)
f = open(sys.argv[1], "a")
fcntl.lockf(f, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
while not os.path.exists(sys.argv[3]):
    time.sleep(0.05)
PY
	holder=$!
	wait_for 30 test -e "$t/held" || fail "could not take $1"
}
# is PID waiting for a POSIX lock (a "->" line of /proc/locks)?
waits_for_lock() {
	grep -q "^[0-9]*: -> POSIX *ADVISORY *WRITE $1 " /proc/locks
}
# NAME under a lock held on LOCK: blocked until the lock is released, then
# created
blocked_then_created() {
	xl_paused_cfg "$1"
	hold "$2"
	"$xl" create -q -p "$t/$1.cfg" 2> "$t/$1.err" &
	creator=$!
	wait_for 60 waits_for_lock "$creator" ||
		fail "$1: xl create does not wait for the lock on $2: $(cat /proc/locks)"
	! "$xl" domid "$1" > /dev/null 2>&1 || fail "$1: created while $2 was held"
	[ -z "$(ls "$XEN_KVM_ROOT/var/run/xen-kvm" | grep -E '^[0-9]+$' || true)" ] ||
		fail "$1: a run directory exists while $2 is held"
	touch "$t/release"
	wait "$holder"
	wait "$creator" || fail "$1: create failed once the lock was released: $(cat "$t/$1.err")"
	"$xl" domid "$1" > /dev/null || fail "$1: not created"
	"$xl" destroy "$1"
	echo "ok: $1 waited for the lock on $2, then was created"
}


blocked_then_created d1 "$XEN_KVM_ROOT/var/lock/xl"
cp "$XL_CONF" "$t/xl.conf.orig"
{ cat "$t/xl.conf.orig"; echo "lockfile = \"$t/locks/xl.lock\""; } > "$XL_CONF"
blocked_then_created d2 "$t/locks/xl.lock"

{ cat "$t/xl.conf.orig"; echo 'lockfile = "/proc/xen-kvm-no-such-dir/lock"'; } > "$XL_CONF"
xl_paused_cfg d3
! "$xl" create -q -p "$t/d3.cfg" 2> "$t/d3.err" || fail "d3 created without its lock"
grep -q "cannot open the lockfile /proc/xen-kvm-no-such-dir/lock" "$t/d3.err" ||
	fail "d3: the error does not name the lockfile: $(cat "$t/d3.err")"
[ "$("$xl" list | awk 'NR > 2' | wc -l)" = 0 ] || fail "d3: a domain is left: $("$xl" list)"
[ -z "$(ls "$XEN_KVM_ROOT/var/run/xen-kvm" | grep -E '^[0-9]+$' || true)" ] || fail "d3: a run directory is left"
echo "ok: a lockfile that cannot be opened fails the create and leaves nothing: $(cat "$t/d3.err")"
echo PASS
