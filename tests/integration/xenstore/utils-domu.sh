#!/bin/sh
# Debian's unmodified xenstore-utils as an introduced domain (XENSTORED_PATH
# = its domain socket): relative paths resolve under /local/domain/N, the
# domain owns what it creates, and it cannot write or read outside what its
# permissions allow.
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/integration/xenstore/lib.sh"
need_xs_utils
start_xenstored
introduce 5
introduce 6
test -S "$XS_RUN/domain/5" || fail "no domain socket after INTRODUCE"
echo "ok: $XS_RUN/domain/5 is a socket"

as_dom 5 xenstore-write name guest5 data/x 1 || fail "domU relative write"
expect_eq "dom0 sees the domU's relative write" "$(xenstore-read /local/domain/5/name)" guest5
expect_eq "domU reads its own node by absolute path" "$(as_dom 5 xenstore-read /local/domain/5/data/x)" 1
expect_eq "domU lists its home" "$(as_dom 5 xenstore-list /local/domain/5 | sort | tr '\n' ' ')" "data name "
expect_eq "domU lists a relative dir" "$(as_dom 5 xenstore-list data)" "x"
expect_eq "node made by domain 5 is owned by it" \
	"$(xenstore-ls -p /local/domain/5 | sed -n 's/^name = "guest5".* (/(/p')" "(n5)"

# Outside its tree: neither another domain's home nor the top level.
expect_fail_msg "domU write into another domain's home" "could not write path" \
	as_dom 5 xenstore-write /local/domain/6/evil 1
expect_fail_msg "domU write at top level" "could not write path" \
	as_dom 5 xenstore-write /evil 1
expect_fail_msg "domU write into /local" "could not write path" \
	as_dom 5 xenstore-write /local/evil 1
xenstore-exists /local/domain/6/evil && fail "the refused write left a node"
xenstore-exists /evil && fail "the refused write left /evil"
echo "ok: refused writes left nothing"

xenstore-write /private/secret s3 || fail "dom0 write"
expect_fail_msg "domU reads a dom0-only node" "couldn't read path" \
	as_dom 5 xenstore-read /private/secret
expect_fail_msg "domU lists a dom0-only dir" "Permission denied" \
	as_dom 5 xenstore-ls /private
expect_fail_msg "domU removes a dom0 node" "could not remove path" \
	as_dom 5 xenstore-rm /private/secret
expect_fail_msg "domU chmods a dom0 node" "setting permissions" \
	as_dom 5 xenstore-chmod /private/secret n5
expect_eq "dom0 node untouched" "$(xenstore-read /private/secret)" s3

as_dom 5 xenstore-rm data || fail "domU rm its own subtree"
xenstore-exists /local/domain/5/data && fail "domU rm did not remove"
echo "ok: domU removed its own subtree"

release 5
test -e "$XS_RUN/domain/5" && fail "domain socket still there after RELEASE"
echo "ok: domain socket gone after RELEASE"
xenstore-exists /local/domain/5/name && fail "released domain's nodes remain"
echo "ok: released domain's nodes removed"
xsd_alive
