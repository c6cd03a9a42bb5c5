#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# qubes-vchan-node.sh: Qubes' own vchan test programs (qubes-core-vchan-xen's
# test/node.c and node-select.c, built unmodified from the third-party tree)
# on Qubes' libvchan-xen, libxenvchan-shim and libxenctrl-shim, dom0 to
# dom0 in both directions. libvchan-xen refuses a vchan from a domain to
# itself, so the client runs on the host as a real (paused) domain, through
# that domain's XenStore socket, as in qubesdb.sh.
set -eu
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/lib/qubes.sh"

need_qemu
need_root "QEMU's sandbox"
need_cmd make cc pkg-config sha256sum
qubes_find
q=$XK_TMP/qubes
qubes_build_vchan "$q/vchan"
qubes_build_vchan_tests "$q"
node=$q/test/node nsel=$q/test/node-select
export LD_LIBRARY_PATH="$q/vchan:$qubes_shim_libs"

. "$top_srcdir/tests/lib/xlenv.sh"
xl_create_paused nodevm
dom=$("$xl" domid nodevm)
as_vm() { XENSTORED_PATH=$XK_TMP/xs-run/domain/$dom "$@"; }

# node: the writer copies its stdin into the vchan and closes it at the
# end; the reader prints what it reads and fails once the vchan is closed
head -c 4194304 /dev/urandom > "$XK_TMP/data"
want=$(sha256sum < "$XK_TMP/data")
# transfer WHAT SERVER-MODE CLIENT-MODE PORT
transfer() {
	"$node" server "$2" "$dom" "$4" < "$XK_TMP/data" > "$XK_TMP/srv.out" 2> "$XK_TMP/srv.err" &
	_srv=$!
	cleanup_pid $_srv
	as_vm "$node" client "$3" 0 "$4" < "$XK_TMP/data" > "$XK_TMP/cli.out" 2> "$XK_TMP/cli.err" &
	_cli=$!
	cleanup_pid $_cli
	wait_for 120 gone $_srv $_cli ||
		fail "$1: node did not finish: $(tail -c 300 "$XK_TMP/srv.err" "$XK_TMP/cli.err")"
	[ "$2" = read ] && _out=srv.out || _out=cli.out
	_got=$(sha256sum < "$XK_TMP/$_out")
	[ "$_got" = "$want" ] || fail "$1: 4 MiB arrived as $(wc -c < "$XK_TMP/$_out") bytes, sha256 $_got"
	echo "ok: $1: node carries 4 MiB intact"
}
gone() { for _p; do ! kill -0 "$_p" 2>/dev/null || return 1; done; }
transfer "dom0 to the domain" write read 42
transfer "the domain to dom0" read write 43

# node-select: both ends copy stdin to the vchan and the vchan to stdout;
# a line goes each way, then the client's end of input closes the vchan
# and both exit. The shell holds the only writers of their stdin FIFOs.
mkfifo "$XK_TMP/s.in" "$XK_TMP/c.in"
"$nsel" server "$dom" 44 < "$XK_TMP/s.in" > "$XK_TMP/s.out" 2> "$XK_TMP/s.err" &
srv=$!
cleanup_pid $srv
as_vm "$nsel" client 0 44 < "$XK_TMP/c.in" > "$XK_TMP/c.out" 2> "$XK_TMP/c.err" &
cli=$!
cleanup_pid $cli
exec 4> "$XK_TMP/s.in" 5> "$XK_TMP/c.in"
line_in() { grep -qx "$1" "$2"; }
echo "from dom0" >&4
wait_for 30 line_in "from dom0" "$XK_TMP/c.out" ||
	fail "node-select: dom0's line did not reach the domain: $(cat "$XK_TMP/s.err" "$XK_TMP/c.err")"
echo "from the domain" >&5
wait_for 30 line_in "from the domain" "$XK_TMP/s.out" ||
	fail "node-select: the domain's line did not reach dom0: $(cat "$XK_TMP/s.err" "$XK_TMP/c.err")"
echo "ok: node-select carries a line each way"
exec 5>&-
wait_for 30 gone $cli $srv || fail "node-select: the ends did not exit when the client closed"
wait $cli || fail "node-select client exited $?"
wait $srv || fail "node-select server exited $?"
exec 4>&-
echo "ok: node-select: the client's end of input closes the vchan, both exit 0"
