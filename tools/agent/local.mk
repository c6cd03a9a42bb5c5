# tools/agent: guest link protocol and guest agent; see tools/agent/README

# The protocol state machine (no I/O, no dependency) and the host-side relay
# built on libevent; the per-domain monitor links both (relay first).
noinst_LIBRARIES += tools/agent/liblink.a tools/agent/liblinkrelay.a
tools_agent_liblink_a_SOURCES = tools/agent/link.c tools/agent/link.h
tools_agent_liblinkrelay_a_SOURCES = tools/agent/relay.c tools/agent/relay.h
tools_agent_liblinkrelay_a_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS)

# The guest agent: static so that it drops into any guest (-all-static: for
# libtool, -static only keeps its own libraries out).
sbin_PROGRAMS += tools/agent/xen-kvm-agent
tools_agent_xen_kvm_agent_SOURCES = tools/agent/agent.c \
	tools/agent/port.c tools/agent/port.h \
	tools/agent/xsclient.c tools/agent/xsclient.h \
	tools/agent/shutdown.c tools/agent/shutdown.h \
	tools/agent/guestinfo.c tools/agent/guestinfo.h \
	tools/agent/publish.c tools/agent/publish.h
tools_agent_xen_kvm_agent_LDADD = tools/agent/liblink.a
tools_agent_xen_kvm_agent_LDFLAGS = -all-static

# The host end as a program of its own, for the link tests and benchmark
# only: each domain's monitor runs the same relay (liblinkrelay.a) itself.
check_PROGRAMS += tools/agent/xen-kvm-linkd
tools_agent_xen_kvm_linkd_SOURCES = tools/agent/linkd.c
tools_agent_xen_kvm_linkd_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS)
tools_agent_xen_kvm_linkd_LDADD = tools/agent/liblinkrelay.a \
	tools/agent/liblink.a $(LIBEVENT_LIBS)

EXTRA_DIST += tools/agent/README

# Unit tests of the protocol state machine, the shutdown driver and the
# guest-info gatherers.
check_PROGRAMS += tests/unit/link/test-link tests/unit/link/test-shutdown \
	tests/unit/link/test-guestinfo
TESTS += tests/unit/link/test-link tests/unit/link/test-shutdown \
	tests/unit/link/test-guestinfo
tests_unit_link_test_link_SOURCES = tests/unit/link/test-link.c
tests_unit_link_test_link_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_link_test_link_LDADD = tools/agent/liblink.a $(CMOCKA_LIBS)
tests_unit_link_test_shutdown_SOURCES = tests/unit/link/test-shutdown.c \
	tools/agent/shutdown.c tools/agent/xsclient.c
tests_unit_link_test_shutdown_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_link_test_shutdown_LDADD = tools/agent/liblink.a $(CMOCKA_LIBS)
tests_unit_link_test_guestinfo_SOURCES = tests/unit/link/test-guestinfo.c \
	tools/agent/guestinfo.c
tests_unit_link_test_guestinfo_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_link_test_guestinfo_LDADD = $(CMOCKA_LIBS)

# Integration: the real agent and linkd on the host, joined by a stand-in for
# QEMU's virtio-serial port, relaying to a XenStore server.
TESTS += tests/integration/link/relay-fake.sh
EXTRA_DIST += tests/integration/link/relay-fake.sh \
	tests/integration/link/cable.py tests/integration/link/fakexs.py

# The same through the real xenstored-kvm, two domains at once.
TESTS += tests/integration/link/relay-xenstored.sh
EXTRA_DIST += tests/integration/link/relay-xenstored.sh

# The agent's transport choice: vsock required or auto, without a host end
TESTS += tests/integration/link/agent-transport.sh
EXTRA_DIST += tests/integration/link/agent-transport.sh

# End to end: a QEMU guest (TCG) from the guest kit runs the agent.
TESTS += tests/e2e/agent-xenstore.sh
EXTRA_DIST += tests/e2e/agent-xenstore.sh

# Benchmark (make bench): link round trips in a guest against the bare port.
check_PROGRAMS += tests/bench/link-rtt
tests_bench_link_rtt_SOURCES = tests/bench/link-rtt.c
tests_bench_link_rtt_LDFLAGS = -all-static
BENCHMARKS += tests/bench/link-rtt.sh
EXTRA_DIST += tests/bench/link-rtt.sh

MAN8 += tools/agent/xen-kvm-agent.8
EXTRA_DIST += tools/agent/xen-kvm-agent.8.pod
