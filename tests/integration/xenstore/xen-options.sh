#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Xen 4.17 xenstored's own options, as Xen's launch scripts pass them, on
# xenstored-kvm with Debian's unmodified clients: -T traces every message
# and connection in Xen's layout (and SIGHUP reopens it after a move), -P
# prints the pid of the forked daemon, -K keeps what a released domain
# owned outside its home (given to dom0) while by default it goes, -R
# refuses to start from a damaged journal and leaves it as found, -D and
# -I [on] are accepted, and -U, -I off, --master-domid and --priv-domid are
# refused naming the option.
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/integration/xenstore/lib.sh"
need_xs_utils
need_cmd cmp

# --- refusals: exit 2, the option named, nothing started
refused() {
	_want=$1; shift
	rc=0
	"$XSD_BIN" -N --rundir "$XK_TMP/never" --no-persist "$@" \
		> /dev/null 2> "$XK_TMP/err" || rc=$?
	[ "$rc" = 2 ] || fail "$*: exit $rc, want 2"
	grep -qF -- "$_want" "$XK_TMP/err" || fail "$*: $(cat "$XK_TMP/err")"
	[ ! -e "$XK_TMP/never/socket" ] || fail "$*: started anyway"
	echo "ok: $* refused: $(head -1 "$XK_TMP/err")"
}
refused "-U (--live-update) is not supported" -U
refused "-I off (a database file) is not supported" -I off
refused "-I off (a database file) is not supported" --internal-db=off
refused "-I wants on or off, not 'tdb'" -Itdb
refused "--master-domid is not supported" --master-domid 1
refused "--priv-domid is not supported" --priv-domid 1

# --- -P forks, prints the daemon's pid once it serves; -T, -D, -I on
mkdir -p "$XK_TMP/run"
pid=$("$XSD_BIN" -P -F "$XK_TMP/pid" --rundir "$XK_TMP/run" \
	--state-dir "$XK_TMP/state" --log-file "$XK_TMP/xenstored.log" \
	-T "$XK_TMP/trace" -D -I on) || fail "daemon did not start"
cleanup_pid "$pid"
expect_eq "-P's pid is the pid file's" "$pid" "$(cat "$XK_TMP/pid")"
kill -0 "$pid" || fail "-P printed $pid, which is not running"
export XENSTORED_PATH="$XK_TMP/run/socket"
xenstore-write /opt/a "one two" || fail "write"
expect_eq "read back" "$(xenstore-read /opt/a)" "one two"
[ "$(stat -c %a "$XK_TMP/trace")" = 600 ] || fail "trace file not 0600"
# IN <conn> YYYYMMDD HH:MM:SS TYPE (payload, NULs as spaces)
grep -Eq '^IN 0x[0-9a-f]+ [0-9]{8} [0-9]{2}:[0-9]{2}:[0-9]{2} WRITE \(/opt/a one two\)$' \
	"$XK_TMP/trace" || fail "no IN WRITE line: $(cat "$XK_TMP/trace")"
grep -Eq '^OUT 0x[0-9a-f]+ [0-9 :]+ WRITE \(OK \)$' "$XK_TMP/trace" ||
	fail "no OUT WRITE line"
grep -Eq '^OUT 0x[0-9a-f]+ [0-9 :]+ READ \(one two\)$' "$XK_TMP/trace" ||
	fail "no OUT READ line"
# the same connection is created, used and destroyed
conn=$(sed -n 's/^IN \(0x[0-9a-f]*\) .* READ .*/\1/p' "$XK_TMP/trace")
grep -q "^CREATE connection $conn domain 0$" "$XK_TMP/trace" &&
	grep -q "^DESTROY connection $conn domain 0$" "$XK_TMP/trace" ||
	fail "no CREATE/DESTROY for $conn"
echo "ok: -T traced Debian's clients"
# watch events and errors are traced by their names too
xenstore-read /opt/missing 2>/dev/null && fail "read of a missing node"
grep -Eq '^OUT 0x[0-9a-f]+ [0-9 :]+ ERROR \(ENOENT \)$' "$XK_TMP/trace" ||
	fail "no OUT ERROR line"
# logrotate: move the file, SIGHUP, and the next message is in a new one
mv "$XK_TMP/trace" "$XK_TMP/trace.1"
kill -HUP "$pid"
wait_for 10 test -e "$XK_TMP/trace" || fail "SIGHUP did not reopen the trace"
xenstore-write /opt/b after-hup || fail "write"
grep -q 'WRITE (/opt/b after-hup)' "$XK_TMP/trace" ||
	fail "write after SIGHUP not in the new trace"
! grep -q 'after-hup' "$XK_TMP/trace.1" || fail "old trace still written"
echo "ok: SIGHUP reopened the trace"

# --- default: a released domain's nodes outside its home are deleted
XS_RUN=$XK_TMP/run
XSD_PID=$pid
xenstore-write /shared "" && xenstore-chmod /shared b0 || fail "shared"
introduce 5
as_dom 5 xenstore-write /shared/by5 five || fail "domain 5 writes"
release 5
xenstore-exists /shared/by5 && fail "released domain 5's /shared/by5 kept"
expect_eq "/shared itself stays" "$(xenstore-exists /shared && echo yes)" yes
kill "$pid"
wait_for 20 sh -c "! kill -0 $pid 2>/dev/null" || fail "daemon did not stop"

# --- -K: kept, now dom0's
start_xenstored -K
introduce 6
xenstore-write /kept "" && xenstore-chmod /kept b0 || fail "kept"
as_dom 6 xenstore-write /kept/by6 six || fail "domain 6 writes"
expect_eq "owner while 6 lives" "$(xenstore-ls -p /kept | sed -n 's/.*(\([a-z]\)\([0-9]*\).*/\1\2/p')" b6
release 6
expect_eq "-K keeps the node" "$(xenstore-read /kept/by6)" six
expect_eq "-K gives it to dom0" "$(xenstore-ls -p /kept | sed -n 's/.*(\([a-z]\)\([0-9]*\).*/\1\2/p')" b0
xenstore-write /more 1 || fail "write"
kill "$XSD_PID"
wait "$XSD_PID" 2>/dev/null || true

# --- -R: a torn journal is not recovered; the files stay as they were
printf 'torn record' >> "$XK_TMP/state/journal"
cp "$XK_TMP/state/journal" "$XK_TMP/journal.before"
rc=0
"$XSD_BIN" -N -R --rundir "$XK_TMP/run" --state-dir "$XK_TMP/state" \
	--log-file "$XK_TMP/r.log" < /dev/null 2> "$XK_TMP/r.err" || rc=$?
[ "$rc" = 1 ] || fail "-R on a damaged journal: exit $rc, want 1"
grep -q 'journal is damaged at byte .* -R forbids recovery: not starting' \
	"$XK_TMP/r.log" || fail "-R not explained: $(cat "$XK_TMP/r.log")"
cmp -s "$XK_TMP/state/journal" "$XK_TMP/journal.before" ||
	fail "-R changed the journal"
ls "$XK_TMP/state" | grep -q '^damaged-' && fail "-R moved files aside"
echo "ok: -R refused the damaged journal and left it"
# without -R: the valid part is served, the damage kept aside
start_xenstored
expect_eq "recovered without -R" "$(xenstore-read /more)" 1
ls "$XK_TMP/state" | grep -q '^damaged-' || fail "damage not kept aside"
xsd_alive
echo "PASS: Xen's xenstored options"
