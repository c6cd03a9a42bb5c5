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
# purge.  The shim libraries (libxen-kvm-shims, -dev) go in beside
# Debian's libxenmisc4.17 and libxen-dev: both copies are there, Debian's
# stay what the dynamic linker and pkg-config find by default, ours are
# found only by asking for them.  Everything runs in a private mount namespace, so no mount
# outlives the test.
set -eu
. "$top_srcdir/tests/lib/common.sh"
need_root "debootstrap, chroot and mounts"
need_cmd debootstrap dpkg-buildpackage lintian unshare chroot
t=$XK_TMP

"$top_srcdir/dist/deb" "$t/debs" > "$t/deb.log" 2>&1 || fail "dist/deb: $(tail -20 "$t/deb.log")"
debs="xen-kvm xen-kvm-guest-agent libxen-kvm-shims libxen-kvm-shims-dev"
for d in $debs; do ls "$t/debs/${d}_"*.deb > /dev/null || fail "no package $d"; done

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
# the host's suites (bookworm-security and -updates beside bookworm, as a
# user has them): the packages were built against the host's libraries and
# depend on their versions (libxen-kvm-shims on libxentoollog1's)
for f in sources.list sources.list.d/debian.sources; do
	if [ -f "/etc/apt/$f" ]; then cp "/etc/apt/$f" "$r/etc/apt/$f"; fi
done
mkdir -p "$r/debs"
for d in $debs; do cp "$t/debs/${d}_"*.deb "$r/debs/"; done

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
# the post-install made QEMU's users (dm_restrict)
[ "$(getent passwd xen-qemuuser-range-base | cut -d: -f3)" = 131072 ] || exit 43
getent passwd xen-qemuuser-shared > /dev/null || exit 44
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
# the shims beside Debian's libxenctrl and libxenvchan (libxenmisc4.17,
# which libxen-dev brings): apt installs both, nothing is replaced
apt-get install -y -q --no-install-recommends /debs/libxen-kvm-shims_*.deb \
	/debs/libxen-kvm-shims-dev_*.deb libxenmisc4.17 pkgconf >> /tmp/apt.log 2>&1 ||
	{ tail -20 /tmp/apt.log; exit 30; }
ma=/usr/lib/x86_64-linux-gnu
for l in libxenctrl libxenvchan; do
	[ "$(dpkg -S "$ma/$l.so.4.17" | cut -d: -f1)" = libxenmisc4.17 ] || exit 31
	[ "$(dpkg -S "$ma/xen-kvm/$l.so.4.17" | cut -d: -f1)" = libxen-kvm-shims ] || exit 32
	# the linker's cache knows Debian's copy only
	ldconfig -p | grep "^[[:space:]]*$l\.so\.4\.17 " > /tmp/cache || exit 33
	! grep -q xen-kvm /tmp/cache || exit 34
done
# nothing of ours in the linker's configuration
! grep -rqs xen-kvm /etc/ld.so.conf /etc/ld.so.conf.d || exit 35
# a Debian library linked with libxenctrl (xentop's libxenstat) loads
# Debian's by default, ours only when a program asks for it
stat=$ma/libxenstat.so.4.17
ctrl_of() { ldd "$stat" | awk '$1 == "libxenctrl.so.4.17" { print $3 }'; }
[ "$(readlink -f "$(ctrl_of)")" = "$(readlink -f "$ma/libxenctrl.so.4.17")" ] || exit 36
[ "$(LD_LIBRARY_PATH=$ma/xen-kvm ctrl_of)" = "$ma/xen-kvm/libxenctrl.so.4.17" ] || exit 37
# pkg-config: Debian's by default; with our directory on the path ours,
# whose flags name the private directories and a RUNPATH to it
pkg-config --libs xencontrol > /tmp/pc || exit 38
! grep -q xen-kvm /tmp/pc || exit 39
export PKG_CONFIG_PATH=$ma/xen-kvm/pkgconfig
for pc in xencontrol xenvchan; do
	[ "$(pkg-config --variable=libdir $pc)" = "$ma/xen-kvm" ] || exit 40
	pkg-config --libs $pc | grep -q -- "-Wl,-rpath,$ma/xen-kvm " || exit 41
done
pkg-config --cflags xencontrol | grep -q -- "-I/usr/include/xen-kvm" || exit 42
unset PKG_CONFIG_PATH
# both headers: ours in its own directory, Debian's where it was
[ -f /usr/include/xen-kvm/xenctrl.h ] && [ "$(dpkg -S /usr/include/xenctrl.h | cut -d: -f1)" = libxen-dev ] || exit 43
# removing ours leaves Debian's in place
apt-get purge -y -q libxen-kvm-shims-dev libxen-kvm-shims >> /tmp/apt.log 2>&1 || exit 44
[ ! -e "$ma/xen-kvm/libxenctrl.so.4.17" ] && [ -f "$ma/libxenctrl.so.4.17" ] &&
	[ -f "$ma/libxenvchan.so.4.17" ] || exit 45
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
