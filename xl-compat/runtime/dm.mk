# QEMU command line from the domain model: see xl-compat/runtime/README
xl_compat_runtime_libxlrt_a_SOURCES += \
	xl-compat/runtime/dm_argv.c xl-compat/runtime/dm_argv.h \
	xl-compat/runtime/dm_internal.h \
	xl-compat/runtime/dm_chan.c xl-compat/runtime/dm_dev.c \
	xl-compat/runtime/dm_disk.c xl-compat/runtime/dm_display.c \
	xl-compat/runtime/dm_net.c xl-compat/runtime/dm_platform.c \
	xl-compat/runtime/serial.c xl-compat/runtime/serial.h
# dm_argv.h works on the domain model (xl-compat/xlmodel.h)
xl_compat_runtime_libxlrt_a_CPPFLAGS += -I$(srcdir)/xl-compat

DM_TEST_CPPFLAGS = $(XLRT_TEST_CPPFLAGS) -I$(srcdir)/xl-compat
# (pci.c, behind dm_dev.c, keeps its device claims in XenStore)
DM_TEST_LIBS = $(XLRT_LIBS) xl-compat/libxlcfg.a $(JSONC_LIBS) $(XENSTORE_LIBS)

# dm-argv: prints a config's command line, or starts it paused (-s)
check_PROGRAMS += tests/integration/dm/dm-argv
tests_integration_dm_dm_argv_SOURCES = tests/integration/dm/dm-argv.c
tests_integration_dm_dm_argv_CPPFLAGS = $(DM_TEST_CPPFLAGS)
tests_integration_dm_dm_argv_LDADD = $(DM_TEST_LIBS)

# Unit tests (cmocka): every mapping, each mode, the refusals
DM_UNIT = tests/unit/dm/test_dm tests/unit/dm/test_dm_dev \
	tests/unit/dm/test_memlayout
check_PROGRAMS += $(DM_UNIT)
TESTS += $(DM_UNIT)
EXTRA_DIST += tests/unit/dm/dm_test.h
tests_unit_dm_test_dm_SOURCES = tests/unit/dm/test_dm.c
tests_unit_dm_test_dm_CPPFLAGS = $(DM_TEST_CPPFLAGS)
tests_unit_dm_test_dm_LDADD = $(DM_TEST_LIBS) $(CMOCKA_LIBS)
tests_unit_dm_test_dm_dev_SOURCES = tests/unit/dm/test_dm_dev.c
tests_unit_dm_test_dm_dev_CPPFLAGS = $(DM_TEST_CPPFLAGS)
tests_unit_dm_test_dm_dev_LDADD = $(DM_TEST_LIBS) $(CMOCKA_LIBS)
# the memory layout (memlayout.h) against the -m the command line gets
tests_unit_dm_test_memlayout_SOURCES = tests/unit/dm/test_memlayout.c
tests_unit_dm_test_memlayout_CPPFLAGS = $(DM_TEST_CPPFLAGS)
tests_unit_dm_test_memlayout_LDADD = $(DM_TEST_LIBS) $(CMOCKA_LIBS)

# Integration: real QEMU accepts the command lines (demo, seed 004, ours),
# two QEMUs share a w! disk, xen mode is parsed up to the accelerator
TESTS += tests/integration/dm/qemu-accepts.sh
EXTRA_DIST += tests/integration/dm/qemu-accepts.sh

# channels' host ends (relay, pty names, socket modes)
include xl-compat/runtime/chan.mk
