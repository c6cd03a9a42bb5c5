#!/bin/sh
# The seed 004 case: the toolstack (dom0) publishes configuration under
# /local/domain/N and DomU N reads it with unmodified xenstore-read, by
# relative and absolute path, including values dom0 keeps read-only for it.
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/integration/xenstore/lib.sh"
need_xs_utils
start_xenstored
introduce 4

xenstore-write /local/domain/4/name seed004 /local/domain/4/vm-data/greeting "hello from dom0" ||
	fail "dom0 publish"
xenstore-write /local/domain/4/config/ro fixed || fail "dom0 publish ro"
xenstore-chmod /local/domain/4/config/ro n0 r4 || fail "chmod ro"
expect_eq "domU reads the greeting (relative)" "$(as_dom 4 xenstore-read vm-data/greeting)" "hello from dom0"
expect_eq "domU reads its name (absolute)" "$(as_dom 4 xenstore-read /local/domain/4/name)" seed004
expect_eq "domU reads a read-only value" "$(as_dom 4 xenstore-read config/ro)" fixed
expect_fail_msg "domU cannot overwrite the read-only value" "could not write path" \
	as_dom 4 xenstore-write config/ro changed
expect_eq "read-only value unchanged" "$(xenstore-read /local/domain/4/config/ro)" fixed
expect_eq "domU ls of its tree" "$(as_dom 4 xenstore-ls -f /local/domain/4 | grep greeting)" \
	'/local/domain/4/vm-data/greeting = "hello from dom0"'
# Another domain may not read it.
introduce 3
expect_fail_msg "domain 3 cannot read domain 4's data" "couldn't read path" \
	as_dom 3 xenstore-read /local/domain/4/vm-data/greeting
xsd_alive
