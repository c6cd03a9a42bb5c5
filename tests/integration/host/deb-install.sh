#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# deb-install.sh: the Debian packages as a user gets them.  dist/deb builds
# them from this tree (dpkg-buildpackage, lintian without an error); they
# are installed with apt, which resolves their dependencies, into a fresh
# bookworm root made by debootstrap from this machine's archive, beside
# Debian's own xenstore-utils; there the daemon starts and Debian's
# xenstore clients and `xl info' work against it.  Then a reinstall (an
# upgrade) keeps the store, and removal leaves /etc/xen and the store to
# purge.  Everything runs in a private mount namespace, so no mount
# outlives the test.
set -eu
. "$top_srcdir/tests/lib/common.sh"
need_root "debootstrap, chroot and mounts"
need_cmd debootstrap dpkg-buildpackage lintian unshare chroot
t=$XK_TMP

"$top_srcdir/dist/deb" "$t/debs" > "$t/deb.log" 2>&1 || fail "dist/deb: $(tail -20 "$t/deb.log")"
ls "$t/debs"/xen-kvm_*.deb "$t/debs"/xen-kvm-guest-agent_*.deb > /dev/null || fail "no packages"

# a minimal bookworm, made once per build directory
cache=$top_builddir/tests/cache/bookworm-minbase.tar
if [ ! -s "$cache" ]; then
	mkdir -p "$(dirname "$cache")"
	debootstrap --variant=minbase bookworm "$t/boot" "$("$top_srcdir/dist/setup" apt-uri)" \
		> "$t/debootstrap.log" 2>&1 || fail "debootstrap: $(tail -5 "$t/debootstrap.log")"
	tar -C "$t/boot" -cf "$cache.tmp" . && mv "$cache.tmp" "$cache"
	rm -rf "$t/boot"
fi
r=$t/root
mkdir -p "$r"
tar -C "$r" -xf "$cache"
cp /etc/resolv.conf "$r/etc/resolv.conf"
mkdir -p "$r/debs"
cp "$t/debs"/xen-kvm_*.deb "$t/debs"/xen-kvm-guest-agent_*.deb "$r/debs/"

cat > "$r/run-test" <<'IN'
#!/bin/sh
set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
apt-get update -q > /tmp/apt.log 2>&1 || { cat /tmp/apt.log; exit 10; }
apt-get install -y -q --no-install-recommends /debs/xen-kvm_*.deb \
	/debs/xen-kvm-guest-agent_*.deb xenstore-utils >> /tmp/apt.log 2>&1 ||
	{ tail -20 /tmp/apt.log; exit 11; }
[ -x /usr/sbin/xl ] && [ -x /usr/sbin/xenstored-kvm ] || exit 12
[ -d /etc/xen/auto ] && [ -f /etc/default/xendomains ] || exit 13
[ -f /lib/systemd/system/xenstored-kvm.service ] || exit 14
start() {
	/usr/sbin/xenstored-kvm -F /run/xsd.pid --rundir /run/xenstored \
		--state-dir /var/lib/xenstored-kvm < /dev/null
	i=0
	until [ -S /run/xenstored/socket ]; do
		i=$((i + 1)); [ $i -lt 400 ] || exit 15; sleep 0.05
	done
}
stop() { kill "$(cat /run/xsd.pid)"; while kill -0 "$(cat /run/xsd.pid)" 2>/dev/null; do sleep 0.05; done; }
start
xenstore-write /test/pkg installed
[ "$(xenstore-read /test/pkg)" = installed ] || exit 16
xenstore-ls / | grep -q 'pkg = "installed"' || exit 17
xl info > /tmp/info || exit 18
grep -q "^xen_caps" /tmp/info && grep -q "^total_memory" /tmp/info || exit 19
[ "$(xl list | awk 'NR == 2 { print $1 }')" = Domain-0 ] || exit 20
# an upgrade (the same package again) keeps the store
stop
apt-get install -y -q --reinstall --no-install-recommends /debs/xen-kvm_*.deb >> /tmp/apt.log 2>&1 || exit 21
start
[ "$(xenstore-read /test/pkg)" = installed ] || exit 22
stop
# removal keeps the configuration and the store, purge takes them
apt-get remove -y -q xen-kvm >> /tmp/apt.log 2>&1 || exit 23
[ ! -e /usr/sbin/xl ] && [ -f /etc/default/xendomains ] && [ -d /var/lib/xenstored-kvm ] || exit 24
apt-get purge -y -q xen-kvm >> /tmp/apt.log 2>&1 || exit 25
[ ! -e /etc/default/xendomains ] || exit 26
# Debian's xenstore-utils stayed installed all along
dpkg -s xenstore-utils > /dev/null || exit 27
echo inside-ok
IN
chmod +x "$r/run-test"
rc=0
unshare -m --propagation private sh -c '
	r=$1
	mount -t proc proc "$r/proc"
	mount --rbind /dev "$r/dev"
	mount --rbind /sys "$r/sys"
	mount -t tmpfs tmpfs "$r/run"
	mount -t tmpfs tmpfs "$r/tmp"
	exec chroot "$r" /run-test' _ "$r" > "$t/inside" 2>&1 || rc=$?
# nothing of the root may outlive the test, whatever step failed
for p in /proc/[0-9]*; do
	[ "$(readlink "$p/root" 2>/dev/null)" = "$r" ] && kill -9 "${p#/proc/}" 2>/dev/null
done
[ "$rc" = 0 ] && grep -q inside-ok "$t/inside" || fail "in the bookworm root: step $rc: $(tail -20 "$t/inside")"
echo "PASS: deb-install"
