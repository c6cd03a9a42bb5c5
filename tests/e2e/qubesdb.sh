#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# qubesdb.sh: Qubes' unmodified qubesdb (qubesdb-daemon, libqubesdb,
# qubesdb-cmd), built from the third-party tree on Qubes' libvchan-xen and
# this tree's libxenvchan-shim and libxenctrl-shim, dom0 to dom0. A real
# (paused) domain stands for the guest, so libxenctrl-shim sees it alive;
# its side of qubesdb runs on the host as that domain, through the domain's
# own XenStore socket, so the vchan's rendezvous and permissions are a
# guest's. Dom0's `qubesdb-daemon <domid> <name>' serves it; the domain's
# `qubesdb-daemon 0' joins, takes dom0's database and serves its own
# clients; writes and removals go both ways, and a watch fires.
#
# qubesdb's sockets, pid and log files have fixed paths under /var/run/qubes
# and /var/log/qubes, so the test runs in a mount namespace of its own with
# an empty tmpfs on /run and /var/log: nothing of the host's is touched.
if [ "${XK_QDB_MNTNS:-}" != 1 ] && [ "$(id -u)" = 0 ] &&
	command -v unshare >/dev/null 2>&1; then
	XK_QDB_MNTNS=1 exec unshare --mount --propagation private sh "$0" "$@"
fi
set -eu
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/lib/qubes.sh"

need_root "a mount namespace for qubesdb's fixed /var/run/qubes and /var/log/qubes"
need_cmd unshare make cc pkg-config xenstore-read xenstore-ls
need_qemu
[ "${XK_QDB_MNTNS:-}" = 1 ] || fail "not in a mount namespace of its own"
mount -t tmpfs -o mode=0755 qubesdb-run /run &&
	mount -t tmpfs -o mode=0755 qubesdb-log /var/log &&
	mkdir /var/log/qubes || fail "tmpfs on /run and /var/log"

qubes_find
q=$XK_TMP/qubes
qubes_build_vchan "$q/vchan"
qubes_build_qubesdb "$q" "$q/vchan"
export LD_LIBRARY_PATH="$q/vchan:$q/client:$qubes_shim_libs"
PATH=$q/bin:$PATH

. "$top_srcdir/tests/lib/xlenv.sh"
xl_create_paused qdbvm
dom=$("$xl" domid qdbvm)
vm_xs=$XK_TMP/xs-run/domain/$dom
[ -S "$vm_xs" ] || fail "no XenStore socket for domain $dom"
# as_vm CMD...: CMD as the domain: XenStore knows it by its socket
as_vm() { XENSTORED_PATH=$vm_xs "$@"; }

# daemon_pids [ARGS]: the qubesdb daemons of this test (they detach
# themselves), or those of them started with ARGS
daemon_pids() {
	for _p in /proc/[0-9]*; do
		[ "$(readlink "$_p/exe" 2>/dev/null)" = "$q/daemon/qubesdb-daemon" ] || continue
		[ $# = 0 ] || [ "$(tr '\0' ' ' < "$_p/cmdline")" = "qubesdb-daemon $* " ] &&
			echo "${_p#/proc/}"
	done
	return 0
}
# gone PID...: none of them is there, not even unreaped
gone() { for _p; do ! kill -0 "$_p" 2>/dev/null || return 1; done; }
# stop_daemons [ARGS]: SIGTERM, as systemd stops them; 1 if one stays
stop_daemons() {
	_pids=$(daemon_pids "$@")
	for _p in $_pids; do kill "$_p" 2>/dev/null || true; done
	wait_for 20 gone $_pids
}
# the domain's first: a domain's daemon whose dom0 went waits for it to come back
trap 'stop_daemons 0; stop_daemons || kill -9 $(daemon_pids) 2>/dev/null
	xl_destroy_all; _xk_cleanup' EXIT
logs() { tail -n 20 /var/log/qubes/*.log 2>/dev/null; }

# dom0's side: serves the domain's vchan and dom0's clients
qubesdb-daemon "$dom" qdbvm || fail "dom0's qubesdb-daemon: $(logs)"
vdir=/local/domain/0/data/vchan/$dom/111
[ -n "$(xenstore-read "$vdir/event-channel")" ] ||
	fail "dom0's daemon published no vchan at $vdir"
as_vm xenstore-read "$vdir/ring-ref" >/dev/null ||
	fail "domain $dom cannot read the vchan it is served"
echo "ok: dom0's daemon serves domain $dom at $vdir"
# before the domain joins: it takes these in its first full sync
qubesdb-write -d qdbvm /name qdbvm /qubes-ip 10.137.0.5 ||
	fail "qubesdb-write -d qdbvm: $(logs)"
[ "$(qubesdb-read -d qdbvm /qubes-ip)" = 10.137.0.5 ] ||
	fail "dom0 does not read back its write"
echo "ok: dom0's client writes and reads back through its daemon"

# the domain's side: joins dom0, syncs, then serves the domain's clients
as_vm qubesdb-daemon 0 || fail "the domain's qubesdb-daemon: $(logs)"
[ "$(as_vm qubesdb-read /qubes-ip)" = 10.137.0.5 ] ||
	fail "the domain reads '$(as_vm qubesdb-read /qubes-ip 2>&1)' for /qubes-ip: $(logs)"
[ "$(as_vm qubesdb-read /name)" = qdbvm ] || fail "the domain's /name"
echo "ok: the domain's daemon took dom0's database over the vchan"

# dom0 -> domain, after the join
qubesdb-write -d qdbvm /qubes-gateway 10.137.0.1 || fail "qubesdb-write after the join"
vm_reads() { [ "$(as_vm qubesdb-read -q "$1")" = "$2" ]; }
dom0_reads() { [ "$(qubesdb-read -q -d qdbvm "$1")" = "$2" ]; }
wait_for 20 vm_reads /qubes-gateway 10.137.0.1 ||
	fail "dom0's write did not reach the domain: $(logs)"
echo "ok: dom0's qubesdb-write -d is read in the domain"

# domain -> dom0
as_vm qubesdb-write /qubes-service/said-hello 1 || fail "the domain's write"
wait_for 20 dom0_reads /qubes-service/said-hello 1 ||
	fail "the domain's write did not reach dom0: $(logs)"
echo "ok: the domain's write is read in dom0"

# a watch in the domain fires on dom0's write (dom0 writes until it has,
# since the watch is registered some time after qubesdb-watch starts)
as_vm qubesdb-watch /qubes-ip > "$XK_TMP/watch.out" 2>&1 &
watcher=$!
cleanup_pid $watcher
n=0
fired() {
	n=$((n + 1))
	qubesdb-write -d qdbvm /qubes-ip "10.137.0.$n" || return 1
	! kill -0 $watcher 2>/dev/null
}
wait_for 30 fired || fail "the domain's watch on /qubes-ip did not fire: $(logs)"
wait $watcher || fail "qubesdb-watch failed: $(cat "$XK_TMP/watch.out")"
grep -qx /qubes-ip "$XK_TMP/watch.out" ||
	fail "qubesdb-watch printed '$(cat "$XK_TMP/watch.out")'"
echo "ok: a watch in the domain fires on dom0's write"

# a removal in dom0 reaches the domain
qubesdb-rm -d qdbvm /qubes-gateway || fail "qubesdb-rm -d"
vm_lacks() { ! as_vm qubesdb-read -q "$1" >/dev/null; }
wait_for 20 vm_lacks /qubes-gateway ||
	fail "dom0's removal did not reach the domain"
echo "ok: dom0's qubesdb-rm -d reaches the domain"

# libvchan-xen's server takes its XenStore entry away once joined; when the
# domain's daemon goes, dom0's serves a new vchan for the next one
served() { xenstore-read "$vdir/event-channel" >/dev/null 2>&1; }
! served || fail "the joined vchan is still advertised at $vdir"
stop_daemons 0 || fail "the domain's daemon did not stop on SIGTERM"
wait_for 30 served || fail "dom0's daemon did not serve again: $(logs)"
as_vm qubesdb-daemon 0 || fail "the domain's daemon again: $(logs)"
[ "$(as_vm qubesdb-read /qubes-service/said-hello)" = 1 ] ||
	fail "the second join did not sync: $(logs)"
echo "ok: the domain's daemon joins again after it left"

# both stop on SIGTERM, removing their sockets and pid file; dom0's exits
# without closing its vchan (on Xen the kernel frees the grants): the ring
# and socket files it leaves go when the next vchan is served
stop_daemons 0 && stop_daemons || fail "the daemons did not stop on SIGTERM"
left=$(ls /var/run/qubes)
[ -z "$left" ] || fail "left in /var/run/qubes: $left"
vfiles=$XEN_KVM_ROOT/var/run/xen-kvm/vchan
old=$(ls "$vfiles")
[ -n "$old" ] || fail "no vchan files after dom0's daemon exited (has the test gone stale?)"
qubesdb-daemon "$dom" qdbvm || fail "dom0's qubesdb-daemon again: $(logs)"
for f in $old; do
	[ ! -e "$vfiles/$f" ] || fail "$f of the daemon that exited is still there"
done
[ "$(ls "$vfiles" | wc -l)" = 2 ] || fail "vchan files: $(ls "$vfiles")"
echo "ok: the daemons stop; the next vchan served reclaims the files left"
