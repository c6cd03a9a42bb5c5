#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Xen's unmodified vchan-socket-proxy (Debian's xen-utils-4.17, unpacked in
# the build tree, never installed) on libxenvchan-shim and libxenctrl-shim,
# dom0 to dom0, through a real xenstored-kvm: 1 GiB written into the client
# comes out of the server intact (SHA-256). VCHAN_PROXY_MIB sets the size.
set -eu
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/integration/xenstore/lib.sh"
need_cmd sha256sum
cache=$top_builddir/tests/cache/xen-utils-4.17
debian_unpack "$cache" xen-utils-4.17
vsp=$cache/root/usr/lib/xen-4.17/bin/vchan-socket-proxy
[ -x "$vsp" ] || fail "no vchan-socket-proxy in $cache/root"
LD_LIBRARY_PATH=$top_builddir/libxenvchan-shim:$top_builddir/libxenctrl-shim
export LD_LIBRARY_PATH
ldd "$vsp" | grep -q "libxenvchan.so.4.17 => $top_builddir/libxenvchan-shim/" ||
	fail "vchan-socket-proxy would not load the shim: $(ldd "$vsp" | grep xenvchan)"
start_xenstored
XEN_KVM_RUN_DIR=$XK_TMP/xk-run
export XEN_KVM_RUN_DIR

# the data: 64 MiB blocks of random bytes, each behind its own header
mib=${VCHAN_PROXY_MIB:-1024}
head -c 67108864 /dev/urandom > "$XK_TMP/block"
blocks=$((mib / 64))
data() {
	_i=0
	while [ $_i -lt $blocks ]; do
		printf 'block %08d\n' $_i
		cat "$XK_TMP/block"
		_i=$((_i + 1))
	done
}
total=$(( blocks * (67108864 + 15) ))
want=$(data | sha256sum)

# The server's stdin must stay open (at its end the proxy stops serving),
# so it is a FIFO this shell holds; its output is read up to the size sent.
mkfifo "$XK_TMP/idle" "$XK_TMP/out"
exec 3<>"$XK_TMP/idle"
head -c $total < "$XK_TMP/out" | sha256sum > "$XK_TMP/got" &
cleanup_pid $!
"$vsp" -m server 0 data/vsp - <&3 > "$XK_TMP/out" 2> "$XK_TMP/server.err" &
cleanup_pid $!
wait_for 20 xenstore-read /local/domain/0/data/vsp/event-channel >/dev/null 2>&1 ||
	fail "the server did not publish its vchan: $(cat "$XK_TMP/server.err")"
start=$(date +%s)
data | "$vsp" -m client 0 /local/domain/0/data/vsp - > /dev/null 2> "$XK_TMP/client.err" &
cleanup_pid $!
wait_for 600 test -s "$XK_TMP/got" ||
	fail "$mib MiB did not arrive: $(cat "$XK_TMP/server.err" "$XK_TMP/client.err")"
got=$(cat "$XK_TMP/got")
[ "$got" = "$want" ] || fail "sha256 $got, sent $want"
echo "ok: $mib MiB through vchan-socket-proxy intact in $(( $(date +%s) - start )) s"
exec 3>&-
xsd_alive
