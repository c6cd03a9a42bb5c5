#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# rpm-build.sh: the RPM packages as dist/rpm-build makes them from this
# tree (dist/rpm/xen-kvm.spec), checked with rpm -qp: each package holds
# what it should at Xen's paths (xl in /usr/sbin, the daemon, the units,
# the man pages, the shims only in their private directory) and declares
# the relations the spec promises, and no more: the shims must not be
# offered as Xen's libxenctrl.so.4.17 to the rest of the system.
#
# rpmbuild runs with --nodeps: on Debian rpm's database is empty, so none
# of the spec's BuildRequires (Fedora's names) can be resolved by it; the
# Debian packages of dist/setup provide what they stand for.
set -eu
. "$top_srcdir/tests/lib/common.sh"
need_cmd rpmbuild rpm rpm2cpio cpio readelf git
t=$XK_TMP
"$top_srcdir/dist/rpm-build" "$t/rpms" --nodeps > "$t/build.log" 2>&1 ||
	fail "dist/rpm-build: $(tail -20 "$t/build.log")"

v=$(sed -n 's/^Version:[[:space:]]*//p' "$top_srcdir/dist/rpm/xen-kvm.spec")
pkg() {
	f=$(ls "$t/rpms/$1-$v"-*.x86_64.rpm 2>/dev/null) || fail "no package $1"
	echo "$f"
}
host=$(pkg xen-kvm) agent=$(pkg xen-kvm-guest-agent)
libs=$(pkg xen-kvm-libs) devel=$(pkg xen-kvm-devel)
shim=/usr/lib64/xen-kvm

# has RPM PATH...: the package holds each path (rpm -qlp lists exactly)
has() {
	f=$1; shift
	rpm -qlp "$f" > "$t/list" 2>/dev/null || fail "rpm -qlp $f"
	for p in "$@"; do
		grep -qx -- "$p" "$t/list" || fail "$(basename "$f") lacks $p: $(cat "$t/list")"
	done
}
has "$host" /usr/sbin/xl /usr/sbin/xenstored-kvm /usr/bin/xen-kvm-accel \
	/usr/libexec/xen-kvm/xendomains /usr/libexec/xen-kvm/qemu-users \
	/etc/default/xendomains \
	/usr/lib/systemd/system/xenstored-kvm.service \
	/usr/lib/systemd/system/xendomains.service \
	/usr/share/bash-completion/completions/xl /etc/xen/auto \
	/etc/xen/scripts/vif-bridge /var/lib/xen/save /var/log/xen
for m in man1/xl.1 man5/xl.cfg.5 man5/xl.conf.5 man8/xenstored-kvm.8 man8/xendomains.8; do
	grep -qx "/usr/share/man/$m\(\.gz\)\{0,1\}" "$t/list" || fail "xen-kvm lacks $m"
done
has "$agent" /usr/sbin/xen-kvm-agent /usr/bin/xen-kvm-mount-p9 \
	/usr/libexec/xen-kvm-agent-power /usr/lib/systemd/system/xen-kvm-agent.service
grep -q '^/usr/share/man/man8/xen-kvm-agent\.8' "$t/list" || fail "the agent lacks its man page"
has "$libs" $shim/libxenctrl.so.4.17 $shim/libxenvchan.so.4.17
has "$devel" $shim/libxenctrl.so $shim/libxenvchan.so \
	$shim/pkgconfig/xencontrol.pc $shim/pkgconfig/xenvchan.pc \
	/usr/include/xen-kvm/xenctrl.h

# nothing of ours where Xen's own libraries, headers and tools live, and
# no file in two packages
for f in "$host" "$agent" "$libs" "$devel"; do rpm -qlp "$f"; done > "$t/all"
if grep -E '^/usr/lib64/lib|^/usr/lib64/pkgconfig/|^/usr/include/[^/]*\.h$|^/etc/ld\.so\.conf\.d/' "$t/all"; then
	fail "a file over Xen's"
fi
# (rpm's /usr/lib/.build-id directories are shared by every package)
grep -v '^/usr/lib/\.build-id' "$t/all" | sort | uniq -d > "$t/dup"
[ ! -s "$t/dup" ] || fail "files in two packages: $(cat "$t/dup")"
# the .so.4.17 files are the libraries, with Xen's sonames
mkdir -p "$t/x"
(cd "$t/x" && rpm2cpio "$libs" | cpio -id --quiet) || fail "unpacking the libs"
for l in libxenctrl libxenvchan; do
	readelf -d "$t/x$shim/$l.so.4.17" | grep -q "(SONAME).*\[$l\.so\.4\.17\]" ||
		fail "$l.so.4.17: $(readelf -d "$t/x$shim/$l.so.4.17" | grep SONAME)"
done
# the pkg-config files point at the private directory, with a RUNPATH
(cd "$t/x" && rpm2cpio "$devel" | cpio -id --quiet) || fail "unpacking devel"
for pc in xencontrol xenvchan; do
	grep -qx "libdir=$shim" "$t/x$shim/pkgconfig/$pc.pc" &&
		grep -q -- '-Wl,-rpath,${libdir}' "$t/x$shim/pkgconfig/$pc.pc" ||
		fail "$pc.pc: $(cat "$t/x$shim/pkgconfig/$pc.pc")"
done

# relations: xen-kvm takes the place of Xen's toolstack, the shims sit
# beside Xen's libraries (no Conflicts, and no Provides of their sonames)
rpm -qp --conflicts "$host" > "$t/c" 2>/dev/null
grep -qx xen "$t/c" && grep -qx xen-runtime "$t/c" || fail "xen-kvm conflicts: $(cat "$t/c")"
for f in "$libs" "$devel" "$agent"; do
	[ -z "$(rpm -qp --conflicts "$f" 2>/dev/null)" ] || fail "$(basename "$f") conflicts with something"
done
rpm -qp --provides "$libs" > "$t/p" 2>/dev/null
if grep -E 'libxen(ctrl|vchan)\.so' "$t/p"; then fail "xen-kvm-libs provides Xen's sonames"; fi
grep -q '^xen-kvm-libs' "$t/p" || fail "xen-kvm-libs provides: $(cat "$t/p")"
rpm -qp --requires "$devel" > "$t/r" 2>/dev/null
grep -q "^xen-kvm-libs(x86-64) = $v-" "$t/r" && grep -qx xen-devel "$t/r" ||
	fail "xen-kvm-devel requires: $(cat "$t/r")"
rpm -qp --requires "$host" > "$t/r" 2>/dev/null
grep -q '^libxenstore\.so\.4()(64bit)' "$t/r" || fail "xen-kvm requires: $(cat "$t/r")"
if grep -q xen-kvm-libs "$t/r"; then fail "xen-kvm needs the shims"; fi
# the scriptlets are shell, with no macro left unexpanded
rpm -qp --scripts "$host" > "$t/s" 2>/dev/null
grep -q 'try-restart xenstored-kvm' "$t/s" || fail "xen-kvm's scriptlets: $(cat "$t/s")"
if grep -n '%' "$t/s"; then fail "an unexpanded macro in xen-kvm's scriptlets"; fi
if grep -q 'restart xendomains' "$t/s"; then fail "an upgrade restarts xendomains"; fi
echo "PASS: rpm-build"
