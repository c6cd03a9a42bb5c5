#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A store saved under an earlier boot is not live state: the daemon starts
# with dom0 only, says so, and keeps the old files aside untouched. Within
# one boot a restart after kill -9 keeps everything. A reboot is simulated
# with the real mechanism: the daemon runs in a mount namespace where
# another file is bound over /proc/sys/kernel/random/boot_id (so it needs
# root, as CI has).
. "$top_srcdir/tests/lib/common.sh"
need_cmd xenstore-write xenstore-read xenstore-chmod xenstore-list unshare mount /usr/bin/python3
need_root "binds a file over boot_id in a mount namespace"

XSD="$top_builddir/xenstored-kvm/xenstored-kvm"
RUN="$XK_TMP/run"
STATE="$XK_TMP/state"
export XENSTORED_PATH="$RUN/socket"
real=$(cat /proc/sys/kernel/random/boot_id)
echo "11111111-2222-3333-4444-555555555555" > "$XK_TMP/other-boot"
unshare -m sh -c "mount --bind '$XK_TMP/other-boot' /proc/sys/kernel/random/boot_id" ||
	skip "cannot bind a file over boot_id in a mount namespace"

# start [other]: the daemon, under this boot or the simulated next one
start() {
	if [ "${1:-}" = other ]; then
		unshare -m sh -c "mount --bind '$XK_TMP/other-boot' /proc/sys/kernel/random/boot_id &&
			exec '$XSD' -N --rundir '$RUN' --state-dir '$STATE' --log-file '$XK_TMP/log'" &
	else
		"$XSD" -N --rundir "$RUN" --state-dir "$STATE" --log-file "$XK_TMP/log" &
	fi
	pid=$!
	cleanup_pid $pid
	wait_for 10 xenstore-list / >/dev/null 2>&1 || fail "daemon not ready"
}

introduce() {
	/usr/bin/python3 "$top_srcdir/tests/integration/xenstore/xsctl.py" "$XENSTORED_PATH" introduce "$1"
}

crash() { kill -9 $pid; wait $pid 2>/dev/null; }

start
xenstore-write /keep/a 1 || fail "write"
xenstore-write /local/domain/5/name guest5 && xenstore-chmod /local/domain/5 n5 || fail "write"
introduce 5 || fail "introduce"
crash

# Same boot: everything is back.
start
[ "$(xenstore-read /keep/a)" = 1 ] || fail "same boot: /keep/a lost"
test -S "$RUN/domain/5" || fail "same boot: domain 5 not restored"
[ "$(cat "$STATE/boot_id")" = "$real" ] || fail "state does not record this boot"
crash
cp "$STATE/journal" "$XK_TMP/journal.before"

# The next boot: dom0 only, the old store set aside and said so.
start other
xenstore-read /keep/a >/dev/null 2>&1 && fail "previous boot's /keep/a loaded"
xenstore-read /local/domain/5/name >/dev/null 2>&1 && fail "previous boot's domain 5 nodes loaded"
test -S "$RUN/domain/5" && fail "previous boot's domain 5 introduced"
xenstore-list /local >/dev/null || fail "the fresh store lacks /local"
grep -q "earlier boot ($real).*discarded, kept in $STATE/previous-boot-$real" "$XK_TMP/log" ||
	{ cat "$XK_TMP/log"; fail "no log line about the discarded store"; }
cmp -s "$STATE/previous-boot-$real/journal" "$XK_TMP/journal.before" ||
	fail "the previous boot's journal was not kept as it was"
[ "$(cat "$STATE/boot_id")" = "11111111-2222-3333-4444-555555555555" ] ||
	fail "state does not record the new boot"
xenstore-write /new/b 2 || fail "write after the reboot"
kill $pid; wait $pid

# Restarting within the new boot keeps the new boot's store.
start other
[ "$(xenstore-read /new/b)" = 2 ] || fail "new boot: /new/b lost"
crash
echo "PASS: a previous boot's store is set aside, the same boot's is kept"
