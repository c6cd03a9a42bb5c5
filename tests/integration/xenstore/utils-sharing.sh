#!/bin/sh
# DomU-to-DomU sharing: domain 5 shares a node with domain 6 using
# unmodified xenstore-chmod; without the grant domain 6 is refused, with r6 it
# may read only, with b6 read and write; domain 7, never granted, stays out.
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/integration/xenstore/lib.sh"
need_xs_utils
start_xenstored
for d in 5 6 7; do introduce $d; done

as_dom 5 xenstore-write shared/key secret || fail "domain 5 write"
expect_fail_msg "domain 6 read before the grant" "couldn't read path" \
	as_dom 6 xenstore-read /local/domain/5/shared/key
expect_fail_msg "domain 6 ls before the grant" "Permission denied" \
	as_dom 6 xenstore-ls /local/domain/5/shared

as_dom 5 xenstore-chmod shared/key n5 r6 || fail "domain 5 chmod r6"
expect_eq "domain 6 reads after r6" "$(as_dom 6 xenstore-read /local/domain/5/shared/key)" secret
expect_fail_msg "domain 6 write with r6 only" "could not write path" \
	as_dom 6 xenstore-write /local/domain/5/shared/key changed
expect_fail_msg "domain 7 read (never granted)" "couldn't read path" \
	as_dom 7 xenstore-read /local/domain/5/shared/key

as_dom 5 xenstore-chmod shared/key n5 b6 || fail "domain 5 chmod b6"
as_dom 6 xenstore-write /local/domain/5/shared/key "from 6" || fail "domain 6 write with b6"
expect_eq "domain 5 sees domain 6's write" "$(as_dom 5 xenstore-read shared/key)" "from 6"
expect_fail_msg "domain 6 cannot chmod a node it does not own" "setting permissions" \
	as_dom 6 xenstore-chmod /local/domain/5/shared/key n6
expect_eq "owner still 5" "$(xenstore-ls -p /local/domain/5/shared | sed -n 's/^key = "from 6".* (/(/p')" "(n5,b6)"

as_dom 5 xenstore-chmod shared/key n5 || fail "revoke"
expect_fail_msg "domain 6 read after revocation" "couldn't read path" \
	as_dom 6 xenstore-read /local/domain/5/shared/key
xsd_alive
