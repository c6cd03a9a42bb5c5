#!/bin/sh
# Error paths through unmodified xenstore-utils: exit codes and messages for
# missing nodes, invalid paths, removing a node whose parent is missing, and
# the errno text libxenstore derives from the daemon's error names.
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/integration/xenstore/lib.sh"
need_xs_utils
start_xenstored

expect_fail_msg "read of a missing node" "couldn't read path /nope" xenstore-read /nope
expect_fail_msg "ls of a missing node names ENOENT" "No such file or directory" xenstore-ls /nope
expect_fail_msg "list of a missing node" "could not list path" xenstore-list /nope
expect_fail_msg "write to an invalid path" "could not write path" xenstore-write '/bad path!' x
expect_fail_msg "write to a path with //" "could not write path" xenstore-write '/a//b' x
expect_fail_msg "write to a path with a trailing /" "could not write path" xenstore-write '/a/b/' x
expect_fail_msg "ls of an invalid path names EINVAL" "Invalid argument" xenstore-ls '/bad path!'
expect_fail_msg "rm of a node whose parent is missing" "could not remove path" xenstore-rm /nope/child
xenstore-write /present x || fail "write"
xenstore-rm /present/child || fail "rm of a missing node under an existing parent must succeed"
echo "ok: rm of a missing child of an existing node succeeds"
expect_fail_msg "chmod of a missing node" "setting permissions" xenstore-chmod /nope n0
expect_fail_msg "chmod with a bad perm string" "" xenstore-chmod /present z9
xenstore-read /present >/dev/null || fail "daemon not answering after errors"
xsd_alive
