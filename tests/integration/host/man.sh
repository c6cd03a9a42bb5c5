#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# man.sh: every man page renders without a warning, and says what the
# program has: each option of xenstored-kvm's and xen-kvm-agent's --help is
# in its page and the other way round, each xl command of `xl help' is in
# xl(1) and no other, each XENDOMAINS_ setting of the service is in
# xendomains(8) and no other.
set -eu
. "$top_srcdir/tests/lib/common.sh"
need_cmd man
t=$XK_TMP
b=$top_builddir

for p in xl-compat/xl.1 xl-compat/xl.cfg.5 xl-compat/xl.conf.5 \
	 xenstored-kvm/xenstored-kvm.8 tools/agent/xen-kvm-agent.8 \
	 dist/host/xendomains.8; do
	[ -s "$b/$p" ] || fail "$p not built"
	MANWIDTH=80 man --warnings -l "$b/$p" > "$t/out" 2> "$t/err" || fail "$p: man failed: $(cat "$t/err")"
	[ ! -s "$t/err" ] || fail "$p renders with warnings: $(cat "$t/err")"
	grep -q "^NAME" "$t/out" && grep -q "SEE ALSO" "$t/out" || fail "$p: no NAME or SEE ALSO"
done

# same WHAT A B: the two sorted lists are equal
same() {
	sort -u "$2" > "$2.s"; sort -u "$3" > "$3.s"
	cmp -s "$2.s" "$3.s" || fail "$1: $(diff "$2.s" "$3.s" | grep '^[<>]' | tr '\n' ' ')(< --help, > man page)"
}
opts_help() { "$1" --help 2>&1 | grep -oE -- '(^|[ ,])--?[A-Za-z][A-Za-z-]*' | tr -d ' ,' ; }
opts_pod() { grep -oE 'B<--?[A-Za-z][A-Za-z-]*>' "$1" | sed 's/^B<//; s/>$//'; }
for prog in xenstored-kvm/xenstored-kvm:xenstored-kvm/xenstored-kvm.8.pod \
	    tools/agent/xen-kvm-agent:tools/agent/xen-kvm-agent.8.pod; do
	opts_help "$b/${prog%%:*}" > "$t/h"
	grep '^=item' "$top_srcdir/${prog#*:}" > "$t/items"
	opts_pod "$t/items" > "$t/m"
	[ -s "$t/h" ] || fail "no options read from ${prog%%:*} --help"
	same "${prog%%:*}" "$t/h" "$t/m"
done

"$b/xl-compat/xl" help | awk 'NF >= 2 && $1 != "Usage" && $1 != "xl" { print $1 }' > "$t/h"
grep '^=item B<' "$b/xl-compat/xl.1.pod" | sed 's/^=item B<//; s/>.*//' | grep -v '^-' > "$t/m"
[ "$(wc -l < "$t/h")" -gt 30 ] || fail "xl help lists $(wc -l < "$t/h") commands"
same "xl commands" "$t/h" "$t/m"

grep -oE 'XENDOMAINS_[A-Z_]+' "$top_srcdir/dist/host/xendomains" | grep -v XENDOMAINS_CONFIG > "$t/h"
grep -oE '^=item XENDOMAINS_[A-Z_]+' "$top_srcdir/dist/host/xendomains.8.pod" | sed 's/^=item //' > "$t/m"
same "xendomains settings" "$t/h" "$t/m"
echo "PASS: man"
