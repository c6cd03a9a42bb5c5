# Channels' host ends: the relay between DomUs, socket modes, pty names in
# XenStore (xl-compat/runtime/chan_host.h, chanrelay.h)
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
