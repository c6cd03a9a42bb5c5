# xenstored-kvm tests with real clients: Debian's xenstore-utils, Xen's own
# test-xenstore, python3-pyxs, one regression test per XSA (raw protocol as an
# introduced domain), the benchmark and the libFuzzer target.
# See tests/integration/xenstore/README.

XS_IT = tests/integration/xenstore

# Python tests run under Debian's /usr/bin/python3 (the only one that has
# python3-pyxs); they follow the same skip rules as common.sh.
TEST_EXTENSIONS += .py
PY_LOG_COMPILER = /usr/bin/python3

XS_TESTS = \
	$(XS_IT)/durability.py \
	$(XS_IT)/utils-dom0.sh \
	$(XS_IT)/utils-domu.sh \
	$(XS_IT)/utils-seed004.sh \
	$(XS_IT)/utils-sharing.sh \
	$(XS_IT)/utils-watch.sh \
	$(XS_IT)/utils-errors.sh \
	$(XS_IT)/control-check.sh \
	$(XS_IT)/xen-options.sh \
	$(XS_IT)/test-xenstore.sh \
	$(XS_IT)/pyxs-transactions.py \
	$(XS_IT)/pyxs-watches.py \
	$(XS_IT)/pyxs-introduce.py \
	$(XS_IT)/xsa-115.py \
	$(XS_IT)/xsa-206.py \
	$(XS_IT)/xsa-233.py \
	$(XS_IT)/xsa-272.py \
	$(XS_IT)/xsa-322.py \
	$(XS_IT)/xsa-323.py \
	$(XS_IT)/xsa-324.py \
	$(XS_IT)/xsa-325.py \
	$(XS_IT)/xsa-326.py \
	$(XS_IT)/xsa-330.py \
	$(XS_IT)/xsa-352.py \
	$(XS_IT)/xsa-353.py \
	$(XS_IT)/xsa-414.py \
	$(XS_IT)/xsa-416.py \
	$(XS_IT)/xsa-417.py \
	$(XS_IT)/xsa-418.py \
	$(XS_IT)/xsa-419.py \
	$(XS_IT)/xsa-421.py \
	$(XS_IT)/xsa-440.py \
	$(XS_IT)/xsa-481.py \
	$(XS_IT)/xsa-484.py \
	$(XS_IT)/faults-parity.py \
	$(XS_IT)/faults-compaction.py \
	$(XS_IT)/faults-full.py \
	$(XS_IT)/faults-damage.py \
	$(XS_IT)/faults-fds.py \
	$(XS_IT)/sanitizers.sh \
	tests/fuzz/fuzz-check.sh

TESTS += $(XS_TESTS)
EXTRA_DIST += $(XS_TESTS) \
	$(XS_IT)/README $(XS_IT)/lib.sh $(XS_IT)/xstest.py $(XS_IT)/xsctl.py

# Benchmark (`make bench`).
check_PROGRAMS += tests/bench/xenstore-bench
tests_bench_xenstore_bench_SOURCES = tests/bench/xenstore-bench.c tests/bench/bench_util.h
tests_bench_xenstore_bench_CFLAGS = $(AM_CFLAGS) $(XENSTORE_CFLAGS) $(ZLIB_CFLAGS)
tests_bench_xenstore_bench_LDADD = $(ZLIB_LIBS)
BENCHMARKS += tests/bench/xenstore-bench.sh
EXTRA_DIST += tests/bench/xenstore-bench.sh
check_PROGRAMS += tests/bench/xenstored-scale
tests_bench_xenstored_scale_SOURCES = tests/bench/xenstored-scale.c \
	tests/bench/bench_util.h
tests_bench_xenstored_scale_CFLAGS = $(AM_CFLAGS) $(XENSTORE_CFLAGS)
BENCHMARKS += tests/bench/xenstored-scale.sh
EXTRA_DIST += tests/bench/xenstored-scale.sh

# libFuzzer target over libxsd's parser and request handler, with ASan and
# UBSan. Build and run (README in tests/fuzz):
#   mkdir build-fuzz && cd build-fuzz && ../configure --enable-fuzz CC=clang
#   make fuzz                      # FUZZ_RUNS executions, zero crashes expected
# The library sources are compiled again into the target so they carry the
# coverage instrumentation.
FUZZ_RUNS = 200000
FUZZ_STATE_RUNS = 20000
EXTRA_DIST += tests/fuzz/xsd-fuzz.c tests/fuzz/gen-corpus.py tests/fuzz/README \
	tests/fuzz/xsd-fuzz-state.c tests/fuzz/gen-state-corpus.py
if ENABLE_FUZZ
check_PROGRAMS += tests/fuzz/xsd-fuzz tests/fuzz/xsd-fuzz-state
tests_fuzz_xsd_fuzz_SOURCES = tests/fuzz/xsd-fuzz.c $(xenstored_kvm_libxsd_a_SOURCES)
tests_fuzz_xsd_fuzz_CFLAGS = $(AM_CFLAGS) -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
tests_fuzz_xsd_fuzz_LDFLAGS = -fsanitize=fuzzer,address,undefined
tests_fuzz_xsd_fuzz_LDADD = $(ZLIB_LIBS)
tests_fuzz_xsd_fuzz_state_SOURCES = tests/fuzz/xsd-fuzz-state.c \
	$(xenstored_kvm_libxsd_a_SOURCES)
tests_fuzz_xsd_fuzz_state_CFLAGS = $(tests_fuzz_xsd_fuzz_CFLAGS)
tests_fuzz_xsd_fuzz_state_LDFLAGS = $(tests_fuzz_xsd_fuzz_LDFLAGS)
tests_fuzz_xsd_fuzz_state_LDADD = $(ZLIB_LIBS)
fuzz: tests/fuzz/xsd-fuzz$(EXEEXT) tests/fuzz/xsd-fuzz-state$(EXEEXT) \
		xenstored-kvm/xenstored-kvm$(EXEEXT)
	rm -rf tests/fuzz/seeds tests/fuzz/corpus tests/fuzz/state-seeds \
		tests/fuzz/state-corpus
	mkdir -p tests/fuzz/corpus tests/fuzz/state-corpus
	/usr/bin/python3 $(srcdir)/tests/fuzz/gen-corpus.py tests/fuzz/seeds
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	./tests/fuzz/xsd-fuzz$(EXEEXT) -runs=$(FUZZ_RUNS) -max_len=16384 -timeout=30 \
		-print_final_stats=1 -artifact_prefix=tests/fuzz/ tests/fuzz/corpus tests/fuzz/seeds
	top_builddir=$(abs_top_builddir) /usr/bin/python3 \
		$(srcdir)/tests/fuzz/gen-state-corpus.py tests/fuzz/state-seeds
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	./tests/fuzz/xsd-fuzz-state$(EXEEXT) -runs=$(FUZZ_STATE_RUNS) -max_len=16384 \
		-timeout=30 -print_final_stats=1 -artifact_prefix=tests/fuzz/state- \
		tests/fuzz/state-corpus tests/fuzz/state-seeds
else
fuzz:
	@echo "make fuzz: configure with --enable-fuzz CC=clang (see tests/fuzz/README)" >&2; exit 1
endif
.PHONY: fuzz
CLEANFILES += tests/fuzz/crash-* tests/fuzz/leak-* tests/fuzz/timeout-* \
	tests/fuzz/state-crash-* tests/fuzz/state-leak-* tests/fuzz/state-timeout-*
