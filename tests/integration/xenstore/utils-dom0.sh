#!/bin/sh
# Debian's unmodified xenstore-utils as dom0 against xenstored-kvm: write,
# read, ls, list, exists, rm, chmod round trips, so the daemon is checked
# through libxenstore 4.17 exactly as users' scripts will drive it.
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/integration/xenstore/lib.sh"
need_xs_utils
start_xenstored

xenstore-write /t/a 1 /t/b "two words" /t/c/d deep || fail "xenstore-write"
expect_eq "read /t/a" "$(xenstore-read /t/a)" 1
expect_eq "read of two keys" "$(xenstore-read /t/a /t/b | tr '\n' ,)" "1,two words,"
expect_eq "read -p prefixes the path" "$(xenstore-read -p /t/b)" "/t/b: two words"
expect_eq "intermediate node made by write is empty" "$(xenstore-read /t/c)" ""
expect_eq "list /t" "$(xenstore-list /t | sort | tr '\n' ' ')" "a b c "
expect_eq "ls -f /t" "$(xenstore-ls -f /t | sort | tr '\n' '|')" \
	'/t/a = "1"|/t/b = "two words"|/t/c = ""|/t/c/d = "deep"|'
xenstore-exists /t/c/d || fail "exists /t/c/d"
echo "ok: exists /t/c/d"
if xenstore-exists /t/nope; then fail "exists of a missing node succeeded"; fi
echo "ok: exists /t/nope fails"

# Relative paths of dom0 live under /local/domain/0.
xenstore-write rel 42 || fail "relative write"
expect_eq "relative write lands in /local/domain/0" "$(xenstore-read /local/domain/0/rel)" 42

# Permissions: chmod then ls -p shows them, owner first.
xenstore-chmod /t/a n3 r4 w5 b6 || fail "chmod"
expect_eq "ls -p shows perms" "$(xenstore-ls -p /t | sed -n 's/^a = "1".* (/(/p')" "(n3,r4,w5,b6)"
xenstore-chmod -r /t/c n0 r7 || fail "chmod -r"
expect_eq "recursive chmod reached /t/c/d" "$(xenstore-ls -p /t/c | sed -n 's/^d = "deep".* (/(/p')" "(n0,r7)"

# Removal: a node, a subtree, and rm -t on a now empty parent.
xenstore-rm /t/a || fail "rm /t/a"
if xenstore-read /t/a 2>/dev/null; then fail "/t/a still readable after rm"; fi
echo "ok: /t/a gone"
xenstore-rm /t/c || fail "rm subtree"
xenstore-exists /t/c/d && fail "subtree child survived"
echo "ok: subtree gone"
xenstore-rm /t/b || fail "rm /t/b"
expect_eq "ls of empty /t" "$(xenstore-ls /t)" ""
xenstore-write /t2/x/y z || fail "write /t2/x/y"
xenstore-rm -t /t2/x/y || fail "rm -t"
xenstore-exists /t2 && fail "rm -t left the empty parents"
echo "ok: rm -t removed empty parents"

# Data with a full 2048-byte value goes through unchanged.
v=$(head -c 2048 /dev/zero | tr '\0' v)
xenstore-write /big "$v" || fail "write 2048 bytes"
expect_eq "2048-byte value length" "$(xenstore-read /big | tr -d '\n' | wc -c)" 2048
# A directory too large for one reply (600 x 25-byte names > 4096):
# libxenstore gets E2BIG and switches to DIRECTORY_PART.
args=$(seq 1 600 | sed 's|.*|/wide/child-name-padding-&x v|' | tr '\n' ' ')
# shellcheck disable=SC2086
xenstore-write $args || fail "write 600 children"
expect_eq "xenstore-list of a 600-entry directory (DIRECTORY_PART)" \
	"$(xenstore-list /wide | sort | uniq | wc -l)" 600
expect_eq "last child listed" "$(xenstore-list /wide | grep -c '^child-name-padding-600x$')" 1
xsd_alive
