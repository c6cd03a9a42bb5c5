# libxenctrl-shim: Xen's libxenctrl.so.4.17 on KVM (see libxenctrl-shim/README)

# The library's own objects, PIC; the runtime's core (libxlrt-core.la) is
# linked in with them, so the shim answers from what xl uses.
noinst_LTLIBRARIES += libxenctrl-shim/libxcshim.la
libxenctrl_shim_libxcshim_la_SOURCES = \
	libxenctrl-shim/xenctrl.h libxenctrl-shim/xc_private.h \
	libxenctrl-shim/xc_iface.c libxenctrl-shim/xc_host.c \
	libxenctrl-shim/xc_domain.c libxenctrl-shim/xc_vcpu.c \
	libxenctrl-shim/xc_domctl.c libxenctrl-shim/xc_evtchn.c
libxenctrl_shim_libxcshim_la_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(srcdir)/libxenctrl-shim -I$(srcdir)/libxenvchan-shim \
	-I$(srcdir)/xl-compat/runtime -I$(srcdir)/xl-compat \
	$(JSONC_CFLAGS) $(XENSTORE_CFLAGS) $(XENTOOLLOG_CFLAGS)

# Xen's soname is libxenctrl.so.4.17, which libtool's version numbers
# cannot spell, so the shared object is linked here from the PIC objects.
# libxenctrl.so beside it is for linking (-lxenctrl) against the build tree.
XKCTRL_SO = libxenctrl-shim/libxenctrl.so.4.17
XKCTRL_MAP = $(srcdir)/libxenctrl-shim/libxenctrl.map
$(XKCTRL_SO): libxenctrl-shim/libxcshim.la xl-compat/runtime/libxlrt-core.la \
		$(XKCTRL_MAP)
	$(AM_V_CCLD)$(CC) $(CFLAGS) $(LDFLAGS) -shared \
		-Wl,-soname,libxenctrl.so.4.17 -Wl,--version-script=$(XKCTRL_MAP) \
		-Wl,-z,defs -o $@ -Wl,--whole-archive \
		libxenctrl-shim/.libs/libxcshim.a -Wl,--no-whole-archive \
		xl-compat/runtime/.libs/libxlrt-core.a \
		$(XENSTORE_LIBS) $(JSONC_LIBS) $(XENTOOLLOG_LIBS) -lpthread
	$(AM_V_at)ln -sf libxenctrl.so.4.17 libxenctrl-shim/libxenctrl.so

# pkg-config and the ld.so.conf.d snippet name the private directory
libxenctrl-shim/xencontrol.pc: $(srcdir)/libxenctrl-shim/xencontrol.pc.in Makefile
	$(AM_V_GEN)$(SHIM_PC_SUBST) $< > $@
libxenctrl-shim/xen-kvm-shims.conf: Makefile
	$(AM_V_GEN)echo '$(shimlibdir)' > $@

# Xen's unmodified xentop on the shim (the script says why it is needed)
bin_SCRIPTS += libxenctrl-shim/xen-kvm-xentop
libxenctrl-shim/xen-kvm-xentop: $(srcdir)/libxenctrl-shim/xen-kvm-xentop.in Makefile
	$(AM_V_GEN)sed -e 's|[@]shimlibdir[@]|$(shimlibdir)|' $< > $@ && chmod +x $@
all-local: $(XKCTRL_SO) libxenctrl-shim/xencontrol.pc \
	libxenctrl-shim/xen-kvm-shims.conf

# make install: the library, its header and pkg-config file in private
# directories, and the ld.so.conf.d snippet where a user can enable it
# (README); nothing replaces Debian's libxenctrl unless they do.
shimincludedir = $(includedir)/xen-kvm
shiminclude_HEADERS = libxenctrl-shim/xenctrl.h
install-exec-local: install-xkctrl
install-xkctrl: $(XKCTRL_SO) libxenctrl-shim/xencontrol.pc \
		libxenctrl-shim/xen-kvm-shims.conf
	$(MKDIR_P) '$(DESTDIR)$(shimlibdir)/pkgconfig' \
		'$(DESTDIR)$(pkgdatadir)/ld.so.conf.d'
	$(INSTALL_PROGRAM) $(XKCTRL_SO) '$(DESTDIR)$(shimlibdir)'
	ln -sf libxenctrl.so.4.17 '$(DESTDIR)$(shimlibdir)/libxenctrl.so'
	$(INSTALL_DATA) libxenctrl-shim/xencontrol.pc \
		'$(DESTDIR)$(shimlibdir)/pkgconfig'
	$(INSTALL_DATA) libxenctrl-shim/xen-kvm-shims.conf \
		'$(DESTDIR)$(pkgdatadir)/ld.so.conf.d/00-xen-kvm-shims.conf'
uninstall-local: uninstall-xkctrl
uninstall-xkctrl:
	rm -f '$(DESTDIR)$(shimlibdir)/libxenctrl.so.4.17' \
		'$(DESTDIR)$(shimlibdir)/libxenctrl.so' \
		'$(DESTDIR)$(shimlibdir)/pkgconfig/xencontrol.pc' \
		'$(DESTDIR)$(pkgdatadir)/ld.so.conf.d/00-xen-kvm-shims.conf'
CLEANFILES += $(XKCTRL_SO) libxenctrl-shim/libxenctrl.so \
	libxenctrl-shim/xencontrol.pc libxenctrl-shim/xen-kvm-shims.conf \
	libxenctrl-shim/xen-kvm-xentop
.PHONY: install-xkctrl uninstall-xkctrl
EXTRA_DIST += libxenctrl-shim/README libxenctrl-shim/libxenctrl.map \
	libxenctrl-shim/xencontrol.pc.in libxenctrl-shim/xen-kvm-xentop.in

# Unit (cmocka): the header's layout against Xen 4.17's own xenctrl.h;
# layout_deb.c is built apart so that it sees Debian's header, not ours.
noinst_LIBRARIES += tests/unit/xcshim/liblayout-deb.a
tests_unit_xcshim_liblayout_deb_a_SOURCES = tests/unit/xcshim/layout_deb.c \
	tests/unit/xcshim/layout.h tests/unit/xcshim/layout_rows.h
tests_unit_xcshim_liblayout_deb_a_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(srcdir)/tests/unit/xcshim
check_PROGRAMS += tests/unit/xcshim/test_layout
TESTS += tests/unit/xcshim/test_layout
tests_unit_xcshim_test_layout_SOURCES = tests/unit/xcshim/test_layout.c \
	tests/unit/xcshim/layout_ours.c
tests_unit_xcshim_test_layout_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS) \
	-I$(srcdir)/libxenctrl-shim -I$(srcdir)/tests/unit/xcshim
tests_unit_xcshim_test_layout_LDADD = tests/unit/xcshim/liblayout-deb.a \
	$(CMOCKA_LIBS)
EXTRA_DIST += tests/unit/xcshim/layout.def

# End to end: every call against real domains (cmocka, driven by a script
# that creates them), linked with the shim itself
check_PROGRAMS += tests/e2e/xcshim-calls
tests_e2e_xcshim_calls_SOURCES = tests/e2e/xcshim-calls.c
tests_e2e_xcshim_calls_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS) \
	-I$(srcdir)/libxenctrl-shim
tests_e2e_xcshim_calls_LDADD = $(XKCTRL_SO) $(CMOCKA_LIBS) -ldl
TESTS += tests/e2e/xcshim.sh
EXTRA_DIST += tests/e2e/xcshim.sh

# xc_evtchn_status / notify on libxenvchan-shim's event objects, both
# shared libraries as a program built against Xen's loads them
check_PROGRAMS += tests/integration/xcshim/evtchn
tests_integration_xcshim_evtchn_SOURCES = tests/integration/xcshim/evtchn.c
tests_integration_xcshim_evtchn_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS) \
	-I$(srcdir)/libxenctrl-shim $(XENSTORE_CFLAGS)
tests_integration_xcshim_evtchn_LDADD = $(XKCTRL_SO) $(XKVCHAN_SO) \
	$(CMOCKA_LIBS)
TESTS += tests/integration/xcshim/evtchn.sh
EXTRA_DIST += tests/integration/xcshim/evtchn.sh

# Debian's unmodified xentop on the shim
TESTS += tests/e2e/xcshim-xentop.sh
EXTRA_DIST += tests/e2e/xcshim-xentop.sh

# make bench: 50 domains through the shim against xl list
check_PROGRAMS += tests/bench/xcshim-bench
tests_bench_xcshim_bench_SOURCES = tests/bench/xcshim-bench.c
tests_bench_xcshim_bench_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/libxenctrl-shim
tests_bench_xcshim_bench_LDADD = $(XKCTRL_SO) -lxenstat
BENCHMARKS += tests/bench/xcshim.sh
EXTRA_DIST += tests/bench/xcshim.sh

# Qubes' libvchan-xen, unmodified, on the shim: a live peer alive, a
# destroyed one dead
check_PROGRAMS += tests/e2e/xcshim-vchan-alive
tests_e2e_xcshim_vchan_alive_SOURCES = tests/e2e/xcshim-vchan-alive.c
tests_e2e_xcshim_vchan_alive_LDADD = -ldl
TESTS += tests/e2e/xcshim-qubes-vchan.sh
EXTRA_DIST += tests/e2e/xcshim-qubes-vchan.sh
