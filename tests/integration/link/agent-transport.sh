#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The agent's choice of transport (tools/agent/README, "Transports"), with no
# host end: --transport vsock without a guest vsock transport fails at once
# and says why; auto then takes the serial port.  /dev/vsock is made absent,
# or a device that is not vsock, in a private mount namespace.  Where this
# machine is itself a guest with vsock, auto listens on vsock and, with no
# host connection, falls back to the port after the grace period, while
# --transport vsock never does.  A real host connection over vsock cannot be
# made here (no vhost-vsock on the host), so accepting one is not tested.
. "$top_srcdir/tests/lib/common.sh"
need_root "mount namespaces"
need_cmd unshare timeout

agent=$top_builddir/tools/agent/xen-kvm-agent
T=$XK_TMP

# run_agent NAME SECONDS [SETUP] -- AGENT-ARGS: the agent in a namespace whose
# /dev is a fresh tmpfs prepared by SETUP; its status in $T/NAME.rc, its
# messages in $T/NAME.err.
run_agent() {
	_n=$1 _s=$2 _setup=$3
	shift 4
	_rc=0
	unshare -m --propagation private sh -c \
		"mount -t tmpfs none /dev && $_setup exec timeout $_s \"\$@\"" \
		agent "$agent" --foreground --socket "$T/$_n/socket" "$@" \
		2>"$T/$_n.err" || _rc=$?
	echo "$_rc" >"$T/$_n.rc"
}

"$agent" --transport tcp --foreground 2>"$T/bad.err" && fail "--transport tcp accepted"
grep -q "Usage" "$T/bad.err" || fail "--transport tcp: no usage: $(cat "$T/bad.err")"

# no /dev/vsock at all
run_agent absent 5 "" -- --transport vsock --port org.test.none
[ "$(cat "$T/absent.rc")" = 1 ] || fail "vsock without /dev/vsock: status $(cat "$T/absent.rc"), not 1: $(cat "$T/absent.err")"
grep -q "no vsock transport: /dev/vsock: No such file" "$T/absent.err" ||
	fail "vsock without /dev/vsock: unclear message: $(cat "$T/absent.err")"
[ ! -e "$T/absent/socket" ] || fail "the failed agent left its socket"
echo "--transport vsock, no /dev/vsock: $(cat "$T/absent.err")"

# /dev/vsock is there but is not vsock (it is /dev/null's device)
run_agent notvsock 5 "mknod /dev/vsock c 1 3 &&" -- --transport vsock --port org.test.none
[ "$(cat "$T/notvsock.rc")" = 1 ] || fail "vsock on a non-vsock device: status $(cat "$T/notvsock.rc")"
grep -q "no vsock transport: /dev/vsock: no local CID" "$T/notvsock.err" ||
	fail "vsock on a non-vsock device: unclear message: $(cat "$T/notvsock.err")"
echo "--transport vsock, /dev/vsock not vsock: $(cat "$T/notvsock.err")"

# auto in both cases: the serial port, waited for (timeout ends it: 124)
for setup in "" "mknod /dev/vsock c 1 3 &&"; do
	run_agent auto 1 "$setup" -- --port org.test.none
	[ "$(cat "$T/auto.rc")" = 124 ] || fail "auto (setup '$setup') ended: $(cat "$T/auto.rc"): $(cat "$T/auto.err")"
	grep -q "waiting for the port org.test.none" "$T/auto.err" ||
		fail "auto (setup '$setup') did not wait for the port: $(cat "$T/auto.err")"
	! grep -q vsock "$T/auto.err" || fail "auto (setup '$setup') used vsock: $(cat "$T/auto.err")"
done
echo "auto without vsock: the serial port"

# this machine as a guest with vsock (no namespace): auto listens, then falls back
if python3 -c '
import fcntl, os, struct, sys
fd = os.open("/dev/vsock", os.O_RDONLY)
cid = struct.unpack("I", fcntl.ioctl(fd, 0x7b9, bytes(4)))[0]
sys.exit(0 if 2 < cid < 0xffffffff else 1)' 2>/dev/null; then
	timeout 7 "$agent" --foreground --socket "$T/g1/socket" --port org.test.none 2>"$T/g1.err"
	grep -q "waiting for the port vsock:22598" "$T/g1.err" || fail "auto with vsock did not listen on it: $(cat "$T/g1.err")"
	grep -q "no host connection over vsock:22598 in 5000 ms, trying the port org.test.none" "$T/g1.err" ||
		fail "auto did not fall back to the port: $(cat "$T/g1.err")"
	timeout 7 "$agent" --foreground --transport vsock --socket "$T/g2/socket" --port org.test.none 2>"$T/g2.err"
	grep -q "waiting for the port vsock:22598" "$T/g2.err" || fail "vsock did not listen: $(cat "$T/g2.err")"
	! grep -q "trying the port" "$T/g2.err" || fail "--transport vsock fell back: $(cat "$T/g2.err")"
	# a path names the transport: serial even here
	timeout 1 "$agent" --foreground --socket "$T/g3/socket" --port "$T/none.sock" 2>"$T/g3.err"
	! grep -q vsock "$T/g3.err" || fail "auto with a path used vsock: $(cat "$T/g3.err")"
	echo "this machine has a guest vsock transport: listen, fall back after the grace period"
else
	echo "note: this machine has no guest vsock transport; the listening and fallback checks did not run"
fi
echo "PASS"
