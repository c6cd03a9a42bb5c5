# vifs on the host: names and paths, hotplug scripts, the nftables firewall
# (xl-compat/runtime/README, "Networking"); domain.h's cleanup uses them
xl_compat_runtime_libxlrt_a_SOURCES += \
	xl-compat/runtime/vif.c xl-compat/runtime/vif.h \
	xl-compat/runtime/hotplug.c xl-compat/runtime/hotplug.h \
	xl-compat/runtime/nft.c xl-compat/runtime/nft.h \
	xl-compat/runtime/net.c xl-compat/runtime/net.h \
	xl-compat/runtime/vif_fw.c xl-compat/runtime/vif_fw.h
xl_compat_runtime_libxlrt_a_CPPFLAGS += $(LIBNFTNL_CFLAGS) $(LIBMNL_CFLAGS)

# End to end in a network namespace of its own: bridge and route mode,
# anti-spoofing, Xen-style custom scripts, failures, destroy, kill -9,
# a domain's own firewall
TESTS += tests/e2e/net-vif.sh tests/e2e/net-attach.sh tests/e2e/net-firewall.sh
EXTRA_DIST += tests/e2e/net-vif.sh tests/e2e/net-attach.sh \
	tests/e2e/net-firewall.sh \
	tests/lib/netns.sh tests/lib/netguest.sh

# Unit: devids, tap names, script paths
check_PROGRAMS += tests/unit/xlrt/test_vif
TESTS += tests/unit/xlrt/test_vif
tests_unit_xlrt_test_vif_SOURCES = tests/unit/xlrt/test_vif.c
tests_unit_xlrt_test_vif_CPPFLAGS = $(XLRT_TEST_CPPFLAGS) -I$(srcdir)/xl-compat
tests_unit_xlrt_test_vif_LDADD = $(XLRT_TEST_LIBS) $(XENSTORE_LIBS)

# Benchmark: the rules' cost on throughput, attach to first packet
BENCHMARKS += tests/bench/net-throughput.sh
EXTRA_DIST += tests/bench/net-throughput.sh
