# xl-compat/runtime: the domain runtime library (see xl-compat/runtime/README)
noinst_LIBRARIES += xl-compat/runtime/libxlrt.a
xl_compat_runtime_libxlrt_a_CPPFLAGS = $(AM_CPPFLAGS) $(JSONC_CFLAGS) \
	$(LIBEVENT_CFLAGS) $(XENSTORE_CFLAGS) -I$(srcdir)/tools/agent
xl_compat_runtime_libxlrt_a_SOURCES = \
	xl-compat/runtime/accel.c xl-compat/runtime/accel.h \
	xl-compat/runtime/accel_cache.c xl-compat/runtime/accel_cache.h \
	xl-compat/runtime/cache.c xl-compat/runtime/cache.h \
	xl-compat/runtime/kvm_selftest.c xl-compat/runtime/kvm_selftest.h \
	xl-compat/runtime/qemu_info.c xl-compat/runtime/qemu_info.h \
	xl-compat/runtime/qemu_proc.c xl-compat/runtime/qemu_proc.h \
	xl-compat/runtime/savefile.c xl-compat/runtime/savefile.h
# The core that libxenctrl-shim links too, so that xl and the shim read
# and change domains the same way: the registry, changing a domain, the
# host's figures, vCPU threads, and what they stand on.  LGPL-2.1-or-later
# like the shim; built again as PIC objects for it.
XLRT_CORE_SOURCES = \
	xl-compat/runtime/domain.c xl-compat/runtime/domain.h \
	xl-compat/runtime/domstate.c xl-compat/runtime/domstate.h \
	xl-compat/runtime/liveness.c xl-compat/runtime/liveness.h \
	xl-compat/runtime/domctl.c xl-compat/runtime/domctl.h \
	xl-compat/runtime/host.c xl-compat/runtime/host.h \
	xl-compat/runtime/vcpu.c xl-compat/runtime/vcpu.h \
	xl-compat/runtime/xs_path.c xl-compat/runtime/xs_path.h \
	xl-compat/runtime/xs_batch.c xl-compat/runtime/xs_batch.h \
	xl-compat/runtime/logring.c xl-compat/runtime/logring.h \
	xl-compat/runtime/paths.c xl-compat/runtime/paths.h \
	xl-compat/runtime/fdio.c xl-compat/runtime/fdio.h \
	xl-compat/runtime/qmp.c xl-compat/runtime/qmp.h
xl_compat_runtime_libxlrt_a_SOURCES += $(XLRT_CORE_SOURCES)
noinst_LTLIBRARIES += xl-compat/runtime/libxlrt-core.la
xl_compat_runtime_libxlrt_core_la_SOURCES = $(XLRT_CORE_SOURCES)
xl_compat_runtime_libxlrt_core_la_CPPFLAGS = $(AM_CPPFLAGS) $(JSONC_CFLAGS) \
	$(XENSTORE_CFLAGS) -I$(srcdir)/xl-compat
# the domain runtime: registry, domids, XenStore layout, create, monitor
xl_compat_runtime_libxlrt_a_SOURCES += \
	xl-compat/runtime/cleanup.c \
	xl-compat/runtime/domid.c xl-compat/runtime/domid.h \
	xl-compat/runtime/xs_layout.c xl-compat/runtime/xs_layout.h \
	xl-compat/runtime/xs_guest.c xl-compat/runtime/xs_guest.h \
	xl-compat/runtime/memlayout.c xl-compat/runtime/memlayout.h \
	xl-compat/runtime/create.c xl-compat/runtime/create.h \
	xl-compat/runtime/dm_confine.c xl-compat/runtime/dm_confine.h \
	xl-compat/runtime/monitor.c xl-compat/runtime/monitor.h \
	xl-compat/runtime/scope.c xl-compat/runtime/scope.h \
	xl-compat/runtime/pci.c xl-compat/runtime/pci.h \
	xl-compat/runtime/usb.c xl-compat/runtime/usb.h \
	xl-compat/runtime/guest_link.c xl-compat/runtime/guest_link.h \
	xl-compat/runtime/console.c xl-compat/runtime/console.h
# what a program using domain.h/create.h links after libxlrt.a
XLRT_DOMAIN_LIBS = tools/agent/liblinkrelay.a tools/agent/liblink.a \
	xl-compat/libxlcfg.a $(LIBEVENT_LIBS) $(XENSTORE_LIBS) $(JSONC_LIBS) \
	$(LIBNFTNL_LIBS) $(LIBMNL_LIBS)
XLRT_LIBS = xl-compat/runtime/libxlrt.a $(JSONC_LIBS)
XLRT_TEST_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/xl-compat/runtime \
	-I$(srcdir)/tests/unit/xlrt $(JSONC_CFLAGS) $(CMOCKA_CFLAGS)
XLRT_TEST_LIBS = $(XLRT_LIBS) $(CMOCKA_LIBS)

bin_PROGRAMS += xl-compat/runtime/xen-kvm-accel
xl_compat_runtime_xen_kvm_accel_SOURCES = xl-compat/runtime/xen-kvm-accel.c
xl_compat_runtime_xen_kvm_accel_CPPFLAGS = $(AM_CPPFLAGS) $(JSONC_CFLAGS)
xl_compat_runtime_xen_kvm_accel_LDADD = $(XLRT_LIBS)

EXTRA_DIST += xl-compat/runtime/README tests/unit/xlrt/xlrt_test.h

# Unit tests (cmocka)
XLRT_UNIT = tests/unit/xlrt/test_paths tests/unit/xlrt/test_accel \
	tests/unit/xlrt/test_qmp_fake tests/unit/xlrt/test_qemu_info \
	tests/unit/xlrt/test_scope tests/unit/xlrt/test_dm_confine
check_PROGRAMS += $(XLRT_UNIT)
TESTS += $(XLRT_UNIT)
tests_unit_xlrt_test_paths_SOURCES = tests/unit/xlrt/test_paths.c
tests_unit_xlrt_test_paths_CPPFLAGS = $(XLRT_TEST_CPPFLAGS) $(XENSTORE_CFLAGS)
tests_unit_xlrt_test_paths_LDADD = $(XLRT_TEST_LIBS) $(XENSTORE_LIBS)
tests_unit_xlrt_test_accel_SOURCES = tests/unit/xlrt/test_accel.c
tests_unit_xlrt_test_accel_CPPFLAGS = $(XLRT_TEST_CPPFLAGS)
tests_unit_xlrt_test_accel_LDADD = $(XLRT_TEST_LIBS)
tests_unit_xlrt_test_dm_confine_SOURCES = tests/unit/xlrt/test_dm_confine.c
tests_unit_xlrt_test_dm_confine_CPPFLAGS = $(XLRT_TEST_CPPFLAGS)
tests_unit_xlrt_test_dm_confine_LDADD = $(XLRT_TEST_LIBS)
tests_unit_xlrt_test_scope_SOURCES = tests/unit/xlrt/test_scope.c
tests_unit_xlrt_test_scope_CPPFLAGS = $(XLRT_TEST_CPPFLAGS)
tests_unit_xlrt_test_scope_LDADD = $(XLRT_TEST_LIBS)
tests_unit_xlrt_test_qmp_fake_SOURCES = tests/unit/xlrt/test_qmp_fake.c
tests_unit_xlrt_test_qmp_fake_CPPFLAGS = $(XLRT_TEST_CPPFLAGS)
tests_unit_xlrt_test_qmp_fake_LDADD = $(XLRT_TEST_LIBS)
tests_unit_xlrt_test_qemu_info_SOURCES = tests/unit/xlrt/test_qemu_info.c
tests_unit_xlrt_test_qemu_info_CPPFLAGS = $(XLRT_TEST_CPPFLAGS)
tests_unit_xlrt_test_qemu_info_LDADD = $(XLRT_TEST_LIBS)
# the log ring (xl dmesg) and the save file header
check_PROGRAMS += tests/unit/xlcmd/test_runtime
TESTS += tests/unit/xlcmd/test_runtime
tests_unit_xlcmd_test_runtime_SOURCES = tests/unit/xlcmd/test_runtime.c
tests_unit_xlcmd_test_runtime_CPPFLAGS = $(XLRT_TEST_CPPFLAGS)
tests_unit_xlcmd_test_runtime_LDADD = $(XLRT_TEST_LIBS)

# Integration: the library against a real QEMU and this host's KVM
XLRT_INTEG = tests/integration/xlrt/test_qemu_qmp
check_PROGRAMS += $(XLRT_INTEG)
TESTS += $(XLRT_INTEG) tests/integration/xlrt/accel_host.sh
EXTRA_DIST += tests/integration/xlrt/accel_host.sh
tests_integration_xlrt_test_qemu_qmp_SOURCES = \
	tests/integration/xlrt/test_qemu_qmp.c
tests_integration_xlrt_test_qemu_qmp_CPPFLAGS = $(XLRT_TEST_CPPFLAGS)
tests_integration_xlrt_test_qemu_qmp_LDADD = $(XLRT_TEST_LIBS)
# the pipelined XenStore batch against a real xenstored-kvm (xs_batch.sh
# starts it)
check_PROGRAMS += tests/integration/xlrt/test_xs_batch
TESTS += tests/integration/xlrt/xs_batch.sh
EXTRA_DIST += tests/integration/xlrt/xs_batch.sh
tests_integration_xlrt_test_xs_batch_SOURCES = \
	tests/integration/xlrt/test_xs_batch.c
tests_integration_xlrt_test_xs_batch_CPPFLAGS = $(XLRT_TEST_CPPFLAGS) \
	$(XENSTORE_CFLAGS)
tests_integration_xlrt_test_xs_batch_LDADD = $(XLRT_TEST_LIBS) \
	$(XENSTORE_LIBS) -lpthread

# the name index through create, rename and destroy against a real
# xenstored-kvm (xs_names.sh runs test_xs_names)
check_PROGRAMS += tests/integration/xlrt/test_xs_names
TESTS += tests/integration/xlrt/xs_names.sh
EXTRA_DIST += tests/integration/xlrt/xs_names.sh
tests_integration_xlrt_test_xs_names_SOURCES = \
	tests/integration/xlrt/test_xs_names.c
tests_integration_xlrt_test_xs_names_CPPFLAGS = $(XLRT_TEST_CPPFLAGS) \
	-I$(srcdir)/xl-compat $(XENSTORE_CFLAGS)
tests_integration_xlrt_test_xs_names_LDADD = xl-compat/runtime/libxlrt.a \
	$(XLRT_DOMAIN_LIBS) $(CMOCKA_LIBS)

# the guest's own nodes across save, restore and migration against a real
# xenstored-kvm (xs_guest.sh runs test_xs_guest)
check_PROGRAMS += tests/integration/xlrt/test_xs_guest
TESTS += tests/integration/xlrt/xs_guest.sh
EXTRA_DIST += tests/integration/xlrt/xs_guest.sh tests/integration/xlrt/xs_test.h
tests_integration_xlrt_test_xs_guest_SOURCES = \
	tests/integration/xlrt/test_xs_guest.c
tests_integration_xlrt_test_xs_guest_CPPFLAGS = $(XLRT_TEST_CPPFLAGS) \
	$(XENSTORE_CFLAGS)
tests_integration_xlrt_test_xs_guest_LDADD = $(XLRT_TEST_LIBS) \
	$(XENSTORE_LIBS)

include xl-compat/runtime/dm.mk
include xl-compat/runtime/net.mk

# End to end: real domains under TCG from the guest kit (the agent inside);
# the watchdog, domains surviving a xenstored restart, and dead domains
# after a host crash (liveness.h)
TESTS += tests/e2e/xl-lifecycle.sh tests/e2e/dm-restrict.sh tests/e2e/xl-watchdog.sh \
	tests/e2e/xl-xenstored-restart.sh tests/e2e/xl-host-crash.sh
EXTRA_DIST += tests/e2e/xl-lifecycle.sh tests/e2e/dm-restrict.sh tests/e2e/xl-watchdog.sh \
	tests/e2e/xl-xenstored-restart.sh tests/e2e/xl-host-crash.sh

# twenty paused domains: listed, found, refused a taken name, destroyed
# with nothing left (the correctness half of tests/bench/xl-scale.sh)
TESTS += tests/e2e/xl-scale.sh
EXTRA_DIST += tests/e2e/xl-scale.sh
# xl.conf's lockfile: create waits while another program holds it
TESTS += tests/e2e/xl-lockfile.sh
EXTRA_DIST += tests/e2e/xl-lockfile.sh

# the consoles: HVM serial port (primary, -t serial, logged, replayed), PV
TESTS += tests/e2e/xl-console-serial.sh
EXTRA_DIST += tests/e2e/xl-console-serial.sh

# kvm.guest_link: vsock refused cleanly without vhost-vsock, the argv each way
TESTS += tests/e2e/xl-guest-link.sh
EXTRA_DIST += tests/e2e/xl-guest-link.sh

# make bench: xl create to the first console line against the same QEMU
# command line by hand; xl list with 50 real (paused) domains
BENCHMARKS += tests/bench/xl-create.sh
EXTRA_DIST += tests/bench/xl-create.sh tests/bench/xlbench.sh tests/bench/xlbench.py

# make bench: xl save / restore against QEMU's own migration to a file
BENCHMARKS += tests/bench/xl-save.sh
EXTRA_DIST += tests/bench/xl-save.sh

# make bench: xl create, domid, list and destroy with 200 paused domains
# running against one, the toolstack's memory and wake-ups per domain, a
# chart (tests/e2e/xl-scale.sh is its correctness half)
BENCHMARKS += tests/bench/xl-scale.sh
EXTRA_DIST += tests/bench/xl-scale.sh

# make bench: create and boot time of a restricted QEMU against dm_restrict = 0
BENCHMARKS += tests/bench/dm-restrict.sh
EXTRA_DIST += tests/bench/dm-restrict.sh

# Unit: domid allocation, disk device numbers, the state file
check_PROGRAMS += tests/unit/xlrt/test_domid
TESTS += tests/unit/xlrt/test_domid
tests_unit_xlrt_test_domid_SOURCES = tests/unit/xlrt/test_domid.c
tests_unit_xlrt_test_domid_CPPFLAGS = $(XLRT_TEST_CPPFLAGS) -I$(srcdir)/xl-compat
tests_unit_xlrt_test_domid_LDADD = xl-compat/runtime/libxlrt.a \
	$(XLRT_DOMAIN_LIBS) $(CMOCKA_LIBS)

# Unit: the guest link's vsock decision against a fake vhost-vsock device
check_PROGRAMS += tests/unit/xlrt/test_guest_link
TESTS += tests/unit/xlrt/test_guest_link
tests_unit_xlrt_test_guest_link_SOURCES = tests/unit/xlrt/test_guest_link.c
tests_unit_xlrt_test_guest_link_CPPFLAGS = $(XLRT_TEST_CPPFLAGS) \
	-I$(srcdir)/xl-compat
tests_unit_xlrt_test_guest_link_LDADD = $(XLRT_TEST_LIBS)

# PCI passthrough on a fake sysfs tree (no IOMMU here): see runtime/README
TESTS += tests/integration/pci/pci-assignable.sh tests/e2e/pci-passthrough.sh
EXTRA_DIST += tests/integration/pci/pci-assignable.sh \
	tests/integration/pci/fake_kernel.py tests/e2e/pci-passthrough.sh
