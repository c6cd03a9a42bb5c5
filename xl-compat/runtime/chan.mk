# Channels' host ends: the relay between DomUs, socket modes, pty names in
# XenStore (xl-compat/runtime/README.channels, chan_host.h, chanrelay.h)
EXTRA_DIST += xl-compat/runtime/README.channels
xl_compat_runtime_libxlrt_a_SOURCES += \
	xl-compat/runtime/chanrelay.c xl-compat/runtime/chanrelay.h \
	xl-compat/runtime/chan_host.c xl-compat/runtime/chan_host.h

# Unit: the relay with real sockets (restarts, backpressure, back-off)
check_PROGRAMS += tests/unit/chan/test_chanrelay
TESTS += tests/unit/chan/test_chanrelay
tests_unit_chan_test_chanrelay_SOURCES = tests/unit/chan/test_chanrelay.c
tests_unit_chan_test_chanrelay_CPPFLAGS = $(XLRT_TEST_CPPFLAGS) \
	$(LIBEVENT_CFLAGS)
tests_unit_chan_test_chanrelay_LDADD = $(XLRT_TEST_LIBS) $(LIBEVENT_LIBS)

# End to end (guest kit under TCG, our xl, a private xenstored-kvm): the seed
# 004 scenarios; tests/lib/xlenv.sh sets up what they share
TESTS += tests/e2e/seed004-xenstore.sh tests/e2e/seed004-p9.sh \
	tests/e2e/seed004-channel.sh
EXTRA_DIST += tests/lib/xlenv.sh tests/e2e/seed004-xenstore.sh \
	tests/e2e/seed004-p9.sh tests/e2e/seed004-channel.sh

# chan-relay: the relay as a program, for tests and the benchmark
check_PROGRAMS += tests/integration/chan/chan-relay
tests_integration_chan_chan_relay_SOURCES = tests/integration/chan/chan-relay.c
tests_integration_chan_chan_relay_CPPFLAGS = $(XLRT_TEST_CPPFLAGS) \
	$(LIBEVENT_CFLAGS)
tests_integration_chan_chan_relay_LDADD = $(XLRT_LIBS) $(LIBEVENT_LIBS)

# Benchmark (make bench): channel throughput DomU -> dom0, raw port vs ours
BENCHMARKS += tests/bench/chan-throughput.sh
EXTRA_DIST += tests/bench/chan-throughput.sh

# Integration: socket modes, pty names and the relay with real QEMUs and a
# real xenstored-kvm (chan-host.sh runs test_chan_host)
check_PROGRAMS += tests/integration/chan/test_chan_host
TESTS += tests/integration/chan/chan-host.sh
EXTRA_DIST += tests/integration/chan/chan-host.sh
tests_integration_chan_test_chan_host_SOURCES = \
	tests/integration/chan/test_chan_host.c
tests_integration_chan_test_chan_host_CPPFLAGS = $(DM_TEST_CPPFLAGS) \
	$(LIBEVENT_CFLAGS) $(XENSTORE_CFLAGS)
tests_integration_chan_test_chan_host_LDADD = $(DM_TEST_LIBS) \
	$(XLRT_DOMAIN_LIBS) $(CMOCKA_LIBS)

# xl channel-list byte for byte from libxl-style nodes (no QEMU)
TESTS += tests/integration/chan/channel-list.sh
EXTRA_DIST += tests/integration/chan/channel-list.sh
