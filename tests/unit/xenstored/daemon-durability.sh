#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# xenstored-kvm durability and lifecycle: every write a client saw
# acknowledged survives kill -9 at an arbitrary moment; an introduced
# domain's socket comes back after a restart; SIGTERM removes the sockets.
. "$top_srcdir/tests/lib/common.sh"
need_cmd xenstore-write xenstore-read xenstore-chmod xenstore-list /usr/bin/python3

XSD="$top_builddir/xenstored-kvm/xenstored-kvm"
RUN="$XK_TMP/run"
STATE="$XK_TMP/state"
export XENSTORED_PATH="$RUN/socket"

start() {
	"$XSD" -N --rundir "$RUN" --state-dir "$STATE" \
		--log-file "$XK_TMP/log" &
	pid=$!
	cleanup_pid $pid
	# a killed daemon leaves its socket file: wait for an answer
	wait_for 10 xenstore-list / >/dev/null 2>&1 || fail "daemon not ready"
}

introduce() {
	/usr/bin/python3 - "$1" <<'PY'
import socket, struct, sys, os
s = socket.socket(socket.AF_UNIX)
s.connect(os.environ["XENSTORED_PATH"])
p = ("%s\0000\0000\0" % sys.argv[1]).encode()
s.sendall(struct.pack("<4I", 8, 0, 0, len(p)) + p)
h = s.recv(16)
assert struct.unpack("<4I", h)[0] == 8, "INTRODUCE failed"
PY
}

start
xenstore-write /local/domain/5 "" && xenstore-chmod /local/domain/5 n5 || fail "write"
introduce 5
test -S "$RUN/domain/5" || fail "no domain socket"

# A writer records each key only after its write was acknowledged.
: > "$XK_TMP/acked"
(
	i=0
	while xenstore-write "/dur/k$i" "v$i" 2>/dev/null; do
		echo "$i" >> "$XK_TMP/acked"
		i=$((i + 1))
	done
) &
writer=$!
# kill -9 with writes in flight, once a good number were acknowledged
wait_for 60 sh -c "[ \$(wc -l < '$XK_TMP/acked') -ge 100 ]" ||
	fail "only $(wc -l < "$XK_TMP/acked") writes acknowledged in 60 s"
kill -9 $pid
wait $writer 2>/dev/null
n=$(wc -l < "$XK_TMP/acked")
[ "$n" -gt 10 ] || fail "only $n writes acknowledged"

start
for i in $(cat "$XK_TMP/acked"); do
	v=$(xenstore-read "/dur/k$i") || fail "acknowledged /dur/k$i lost"
	[ "$v" = "v$i" ] || fail "/dur/k$i is '$v'"
done
test -S "$RUN/domain/5" || fail "domain socket not restored"
XENSTORED_PATH="$RUN/domain/5" xenstore-write data/x 1 ||
	fail "domain 5 cannot write after restart"

kill $pid
wait $pid
[ ! -e "$RUN/socket" ] && [ ! -e "$RUN/domain/5" ] ||
	fail "sockets left after SIGTERM"
echo "PASS: $n acknowledged writes survived kill -9"
