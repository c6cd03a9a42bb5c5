# libxenvchan-shim: Xen's libxenvchan.so.4.17 on KVM (see libxenvchan-shim/README)

# The library's objects, PIC, also linked by the host and guest ends that
# carry vchans between domains.
noinst_LTLIBRARIES += libxenvchan-shim/libxkvchan.la
libxenvchan_shim_libxkvchan_la_SOURCES = \
	libxenvchan-shim/xk_evtchn.h \
	libxenvchan-shim/evtchn.c libxenvchan-shim/evtchn.h \
	libxenvchan-shim/vchan.h libxenvchan-shim/ring.c \
	libxenvchan-shim/shm.c libxenvchan-shim/rendezvous.c \
	libxenvchan-shim/server.c libxenvchan-shim/client.c \
	libxenvchan-shim/api.c
libxenvchan_shim_libxkvchan_la_CPPFLAGS = $(AM_CPPFLAGS) $(XENSTORE_CFLAGS)

# Xen's soname is libxenvchan.so.4.17, which libtool's version numbers cannot
# spell, so the shared object is linked here from the PIC objects.
XKVCHAN_SO = libxenvchan-shim/libxenvchan.so.4.17
XKVCHAN_MAP = $(srcdir)/libxenvchan-shim/libxenvchan.map
$(XKVCHAN_SO): libxenvchan-shim/libxkvchan.la $(XKVCHAN_MAP)
	$(AM_V_CCLD)$(CC) $(CFLAGS) $(LDFLAGS) -shared \
		-Wl,-soname,libxenvchan.so.4.17 -Wl,--version-script=$(XKVCHAN_MAP) \
		-Wl,-z,defs -o $@ -Wl,--whole-archive \
		libxenvchan-shim/.libs/libxkvchan.a -Wl,--no-whole-archive \
		$(XENSTORE_LIBS) -lpthread
	$(AM_V_at)ln -sf libxenvchan.so.4.17 libxenvchan-shim/libxenvchan.so
# pkg-config names the private directory, as libxenctrl-shim's does; the
# header is Xen's own libxenvchan.h (Debian's libxen-dev): the public struct
# is Xen's, so there is nothing of ours to install beside it.
# The shims' pkg-config files: the configured paths put into a .pc.in
# (libxenctrl-shim/local.mk uses it too).
SHIM_PC_SUBST = sed -e 's|[@]prefix[@]|$(prefix)|' \
	-e 's|[@]includedir[@]|$(includedir)|' \
	-e 's|[@]shimlibdir[@]|$(shimlibdir)|'
libxenvchan-shim/xenvchan.pc: $(srcdir)/libxenvchan-shim/xenvchan.pc.in Makefile
	$(AM_V_GEN)$(SHIM_PC_SUBST) $< > $@
all-local: $(XKVCHAN_SO) libxenvchan-shim/xenvchan.pc
# make install: into the private directory, never over Debian's
# libxenvchan (libxenctrl-shim/README says how to enable it)
install-exec-local: install-xkvchan
install-xkvchan: $(XKVCHAN_SO) libxenvchan-shim/xenvchan.pc
	$(MKDIR_P) '$(DESTDIR)$(shimlibdir)/pkgconfig'
	$(INSTALL_PROGRAM) $(XKVCHAN_SO) '$(DESTDIR)$(shimlibdir)'
	ln -sf libxenvchan.so.4.17 '$(DESTDIR)$(shimlibdir)/libxenvchan.so'
	$(INSTALL_DATA) libxenvchan-shim/xenvchan.pc \
		'$(DESTDIR)$(shimlibdir)/pkgconfig'
uninstall-local: uninstall-xkvchan
uninstall-xkvchan:
	rm -f '$(DESTDIR)$(shimlibdir)/libxenvchan.so.4.17' \
		'$(DESTDIR)$(shimlibdir)/libxenvchan.so' \
		'$(DESTDIR)$(shimlibdir)/pkgconfig/xenvchan.pc'
CLEANFILES += $(XKVCHAN_SO) libxenvchan-shim/libxenvchan.so \
	libxenvchan-shim/xenvchan.pc
.PHONY: install-xkvchan uninstall-xkvchan
EXTRA_DIST += libxenvchan-shim/README libxenvchan-shim/libxenvchan.map \
	libxenvchan-shim/xenvchan.pc.in

# Every call and state (cmocka), through a real xenstored-kvm.
check_PROGRAMS += tests/unit/vchan/test-vchan
tests_unit_vchan_test_vchan_SOURCES = tests/unit/vchan/test-vchan.c
tests_unit_vchan_test_vchan_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir) \
	$(XENSTORE_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_vchan_test_vchan_LDADD = libxenvchan-shim/libxkvchan.la \
	$(XENSTORE_LIBS) $(CMOCKA_LIBS)
TESTS += tests/integration/vchan/api.sh
EXTRA_DIST += tests/integration/vchan/api.sh

# Xen's unmodified vchan-socket-proxy carries 1 GiB dom0 to dom0
TESTS += tests/integration/vchan/socket-proxy.sh
EXTRA_DIST += tests/integration/vchan/socket-proxy.sh

# Benchmark (make bench): dom0-local vchan against a Unix socket pair.
check_PROGRAMS += tests/bench/vchan-bench
tests_bench_vchan_bench_SOURCES = tests/bench/vchan-bench.c
tests_bench_vchan_bench_CPPFLAGS = $(AM_CPPFLAGS) $(XENSTORE_CFLAGS)
tests_bench_vchan_bench_LDADD = libxenvchan-shim/libxkvchan.la $(XENSTORE_LIBS)
BENCHMARKS += tests/bench/vchan-bench.sh
EXTRA_DIST += tests/bench/vchan-bench.sh

# Qubes' unmodified qubesdb on Qubes' libvchan-xen and the shims, dom0 to
# dom0 (tests/lib/qubes.sh builds them from the third-party tree)
TESTS += tests/e2e/qubesdb.sh
EXTRA_DIST += tests/e2e/qubesdb.sh tests/lib/qubes.sh
# Qubes' vchan test programs (node, node-select) the same way
TESTS += tests/e2e/qubes-vchan-node.sh
EXTRA_DIST += tests/e2e/qubes-vchan-node.sh
