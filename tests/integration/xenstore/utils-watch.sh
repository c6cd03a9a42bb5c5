#!/bin/sh
# xenstore-watch against xenstored-kvm, as dom0 and as a domain: the initial
# event, events for writes below the watched node, for removal, and none for
# nodes the domain cannot read.
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/integration/xenstore/lib.sh"
need_xs_utils
need_cmd timeout
start_xenstored
introduce 5

xenstore-write /w/init 0 || fail "write"
timeout 20 xenstore-watch -n 4 /w >"$XK_TMP/w0" 2>&1 &
wpid=$!
cleanup_pid $wpid
wait_for 10 test -s "$XK_TMP/w0" || fail "no initial watch event"
xenstore-write /w/a 1 || fail "write a"
xenstore-write /w/b/c 2 || fail "write b/c"
xenstore-rm /w/a || fail "rm a"
wait $wpid || fail "xenstore-watch -n 4 did not end with 4 events ($(cat "$XK_TMP/w0"))"
expect_eq "dom0 watch events" "$(tr '\n' '|' <"$XK_TMP/w0")" "/w|/w/a|/w/b/c|/w/a|"

# A domain watches its own tree; the dom0-only node written next to its
# readable one produces no event.
xenstore-write /local/domain/5/priv "" || fail "write priv"
xenstore-chmod /local/domain/5/priv n0 || fail "chmod priv"
XENSTORED_PATH=$XS_RUN/domain/5 timeout 20 xenstore-watch -n 3 /local/domain/5 >"$XK_TMP/w5" 2>&1 &
wpid=$!
cleanup_pid $wpid
wait_for 10 test -s "$XK_TMP/w5" || fail "no initial domU watch event"
xenstore-write /local/domain/5/priv/hidden x || fail "dom0 write hidden"
as_dom 5 xenstore-write visible 1 || fail "domU write"
xenstore-write /local/domain/5/visible 2 || fail "dom0 write visible"
wait $wpid || fail "domU watch did not get 3 events ($(cat "$XK_TMP/w5"))"
grep -q hidden "$XK_TMP/w5" && fail "domU saw an event for an unreadable node"
expect_eq "domU watch events" "$(tr '\n' '|' <"$XK_TMP/w5")" \
	"/local/domain/5|/local/domain/5/visible|/local/domain/5/visible|"

# A relative watch gives relative event paths.
as_dom 5 xenstore-write rel "" || fail "write rel"
XENSTORED_PATH=$XS_RUN/domain/5 timeout 20 xenstore-watch -n 2 rel >"$XK_TMP/w6" 2>&1 &
wpid=$!
cleanup_pid $wpid
wait_for 10 test -s "$XK_TMP/w6" || fail "no initial relative watch event"
as_dom 5 xenstore-write rel/x 1 || fail "write rel/x"
wait $wpid || fail "relative watch did not get 2 events ($(cat "$XK_TMP/w6"))"
expect_eq "relative watch events" "$(tr '\n' '|' <"$XK_TMP/w6")" "rel|rel/x|"
xsd_alive
