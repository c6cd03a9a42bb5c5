# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Qubes' unmodified sources (the shared third-party tree; rules in its
# README) built for a test into a scratch directory with their own
# Makefiles, given make variables only, and linked with this tree's
# libxenvchan-shim and libxenctrl-shim. Source it after tests/lib/common.sh.

# qubes_find: $qubes_src, the third-party tree beside the repository (or
# beside its worktree), or $XEN_KVM_THIRDPARTY; without one, a skip.
qubes_find() {
	qubes_src=
	for _d in ${XEN_KVM_THIRDPARTY:-} "$top_srcdir/../shared/thirdparty" \
		"$top_srcdir/../../shared/thirdparty"; do
		[ -f "$_d/qubes-core-vchan-xen/vchan/Makefile.linux" ] || continue
		qubes_src=$(cd "$_d" && pwd)
		return 0
	done
	skip "no Qubes sources beside the tree (set XEN_KVM_THIRDPARTY)"
}

# The shims as -lxenvchan -lxenctrl find them, and as ld.so must.
qubes_shim_libs=$top_builddir/libxenvchan-shim:$top_builddir/libxenctrl-shim
qubes_shim_ldflags="-L$top_builddir/libxenvchan-shim -L$top_builddir/libxenctrl-shim -Wl,-rpath-link,$qubes_shim_libs"

# qubes_make WHAT DIR MAKEFILE [MAKE-ARGS...]: make in DIR with the sources
# read through VPATH from MAKEFILE's folder; its output in DIR.log.
qubes_make() {
	_what=$1 _dir=$2 _mk=$3; shift 3
	mkdir -p "$_dir"
	make -s -C "$_dir" -f "$_mk" VPATH="${_mk%/*}" "$@" > "$_dir.log" 2>&1 ||
		fail "building Qubes' $_what: $(tail -5 "$_dir.log")"
}

# qubes_build_vchan DIR: libvchan-xen (qubes-core-vchan-xen) in DIR on the
# shims, and DIR/vchan.pc naming it: qubesdb and qrexec find their libvchan
# through `pkg-config vchan'. CFLAGS from the environment, which its
# Makefile appends to.
qubes_build_vchan() {
	[ -e "$top_builddir/libxenvchan-shim/libxenvchan.so" ] || fail "libxenvchan-shim not built"
	[ -e "$top_builddir/libxenctrl-shim/libxenctrl.so" ] || fail "libxenctrl-shim not built"
	PKG_CONFIG_PATH=$top_builddir/libxenctrl-shim \
	qubes_make libvchan-xen "$1" "$qubes_src/qubes-core-vchan-xen/vchan/Makefile.linux" \
		LDFLAGS="$qubes_shim_ldflags" libvchan-xen.so.1 libvchan-xen.so
	cat > "$1/vchan.pc" <<PC
Name: vchan
Description: Qubes' libvchan-xen, built for a test
Version: $(cat "$qubes_src/qubes-core-vchan-xen/version")
backend_vmm=xen
Cflags: -I$qubes_src/qubes-core-vchan-xen/vchan
Libs: -L$1 -lvchan-xen
PC
}

# qubes_build_qubesdb DIR VCHAN-DIR: qubesdb-daemon in DIR/daemon,
# libqubesdb and qubesdb-cmd in DIR/client, and the qubesdb-* names of
# qubesdb-cmd (it picks its command from them) in DIR/bin.
qubes_build_qubesdb() {
	_q=$qubes_src/qubes-core-qubesdb
	# the daemon adds its flags to the environment's CFLAGS
	CFLAGS="-I$_q/include" PKG_CONFIG_PATH=$2 \
	qubes_make qubesdb-daemon "$1/daemon" "$_q/daemon/Makefile" \
		SYSTEMD=0 BACKEND_VMM=xen \
		LDFLAGS="$qubes_shim_ldflags -Wl,-rpath-link,$2"
	# the client's own CFLAGS carry -Werror, which gcc 12 trips on (the
	# tree's README): they are given whole here, without it
	qubes_make qubesdb-cmd "$1/client" "$_q/client/Makefile" BACKEND_VMM=xen \
		CFLAGS="-I$_q/include -g -Wall -Wextra -fPIC -DBACKEND_VMM_xen"
	mkdir -p "$1/bin"
	ln -sf ../daemon/qubesdb-daemon "$1/bin/qubesdb-daemon"
	for _c in read write rm multiread list watch; do
		ln -sf ../client/qubesdb-cmd "$1/bin/qubesdb-$_c"
	done
}

# qubes_build_vchan_tests DIR: Qubes' vchan test programs (node,
# node-select) in DIR/test, on the libvchan-xen qubes_build_vchan built in
# DIR/vchan (their Makefile links it from ../vchan). CFLAGS are theirs but
# for the header's directory; ld finds the shims libvchan-xen needs
# through LD_LIBRARY_PATH.
qubes_build_vchan_tests() {
	LD_LIBRARY_PATH=$qubes_shim_libs \
	qubes_make "vchan tests" "$1/test" "$qubes_src/qubes-core-vchan-xen/test/Makefile" \
		CFLAGS="-g -Wall -Wextra -Werror -fPIC -O2 -I$qubes_src/qubes-core-vchan-xen/vchan"
}
