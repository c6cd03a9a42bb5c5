# xenstored-kvm: see xenstored-kvm/README
noinst_LIBRARIES += xenstored-kvm/libxsd.a
xenstored_kvm_libxsd_a_SOURCES = \
	xenstored-kvm/xsd.h xenstored-kvm/xsd-internal.h xenstored-kvm/store.h \
	xenstored-kvm/htab.h xenstored-kvm/buf.h \
	xenstored-kvm/buf.c xenstored-kvm/path.c xenstored-kvm/perms.c \
	xenstored-kvm/store.c xenstored-kvm/log.c xenstored-kvm/quota.c \
	xenstored-kvm/req.c xenstored-kvm/watch.c xenstored-kvm/db.c \
	xenstored-kvm/domain.c xenstored-kvm/wrl.c xenstored-kvm/txn.c \
	xenstored-kvm/view.c xenstored-kvm/nodeops.c xenstored-kvm/control.c \
	xenstored-kvm/aside.c xenstored-kvm/bootid.c xenstored-kvm/journal.c \
	xenstored-kvm/snapshot.c \
	xenstored-kvm/statefile.h xenstored-kvm/proto.c xenstored-kvm/core.c
xenstored_kvm_libxsd_a_CPPFLAGS = $(AM_CPPFLAGS) $(XENSTORE_CFLAGS) \
	$(ZLIB_CFLAGS)

sbin_PROGRAMS += xenstored-kvm/xenstored-kvm
xenstored_kvm_xenstored_kvm_SOURCES = \
	xenstored-kvm/daemon.h xenstored-kvm/daemon.c xenstored-kvm/main.c \
	xenstored-kvm/admit.h xenstored-kvm/admit.c \
	xenstored-kvm/trace.h xenstored-kvm/trace.c
xenstored_kvm_xenstored_kvm_CPPFLAGS = $(AM_CPPFLAGS) $(XENSTORE_CFLAGS) \
	$(LIBEVENT_CFLAGS)
xenstored_kvm_xenstored_kvm_LDADD = xenstored-kvm/libxsd.a $(LIBEVENT_LIBS) \
	$(ZLIB_LIBS)

EXTRA_DIST += xenstored-kvm/README

# Unit tests drive libxsd directly through tests/unit/xenstored/xt.c.
XSD_TEST_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/xenstored-kvm \
	$(XENSTORE_CFLAGS) $(CMOCKA_CFLAGS)
XSD_TEST_LDADD = xenstored-kvm/libxsd.a $(CMOCKA_LIBS) $(ZLIB_LIBS)
XSD_TESTS = tests/unit/xenstored/test-store \
	tests/unit/xenstored/test-nodes \
	tests/unit/xenstored/test-watch-tx \
	tests/unit/xenstored/test-domains \
	tests/unit/xenstored/test-journal
check_PROGRAMS += $(XSD_TESTS)
XSD_DAEMON_TESTS = tests/unit/xenstored/daemon-durability.sh \
	tests/unit/xenstored/daemon-outstanding.py \
	tests/unit/xenstored/daemon-wrl.py \
	tests/unit/xenstored/daemon-domstate.py \
	tests/unit/xenstored/daemon-reboot.sh
TESTS += $(XSD_TESTS) $(XSD_DAEMON_TESTS)
EXTRA_DIST += $(XSD_DAEMON_TESTS)
# The store alone: linking the archive pulls in store.o, perms.o, path.o.
tests_unit_xenstored_test_store_SOURCES = tests/unit/xenstored/test-store.c
tests_unit_xenstored_test_store_CPPFLAGS = $(XSD_TEST_CPPFLAGS)
tests_unit_xenstored_test_store_LDADD = $(XSD_TEST_LDADD)
tests_unit_xenstored_test_store_LDFLAGS = -Wl,--wrap=malloc,--wrap=calloc \
	-Wl,--wrap=realloc,--wrap=free
tests_unit_xenstored_test_nodes_SOURCES = tests/unit/xenstored/test-nodes.c \
	tests/unit/xenstored/xt.c tests/unit/xenstored/xt.h
tests_unit_xenstored_test_nodes_CPPFLAGS = $(XSD_TEST_CPPFLAGS)
tests_unit_xenstored_test_nodes_LDADD = $(XSD_TEST_LDADD)
tests_unit_xenstored_test_watch_tx_SOURCES = \
	tests/unit/xenstored/test-watch-tx.c tests/unit/xenstored/xt.c \
	tests/unit/xenstored/xt.h
tests_unit_xenstored_test_watch_tx_CPPFLAGS = $(XSD_TEST_CPPFLAGS)
tests_unit_xenstored_test_watch_tx_LDADD = $(XSD_TEST_LDADD)
tests_unit_xenstored_test_domains_SOURCES = \
	tests/unit/xenstored/test-domains.c tests/unit/xenstored/xt.c \
	tests/unit/xenstored/xt.h
tests_unit_xenstored_test_domains_CPPFLAGS = $(XSD_TEST_CPPFLAGS)
tests_unit_xenstored_test_domains_LDADD = $(XSD_TEST_LDADD)
tests_unit_xenstored_test_journal_SOURCES = \
	tests/unit/xenstored/test-journal.c tests/unit/xenstored/xt.c \
	tests/unit/xenstored/xt.h
tests_unit_xenstored_test_journal_CPPFLAGS = $(XSD_TEST_CPPFLAGS)
tests_unit_xenstored_test_journal_LDADD = $(XSD_TEST_LDADD)

MAN8 += xenstored-kvm/xenstored-kvm.8
EXTRA_DIST += xenstored-kvm/xenstored-kvm.8.pod
