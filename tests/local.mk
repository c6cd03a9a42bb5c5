# Test infrastructure shared by every component's tests.
EXTRA_DIST += tests/lib/common.sh tests/lib/summary
include tests/xenstore.mk

# What the tests leave in the build directory: the sanitizer and fuzz jobs'
# builds go with `make clean`; the Debian packages some tests download
# (tests/cache) only with `make distclean`, so reruns do not fetch them again.
clean-local: clean-test-work
clean-test-work:
	-rm -rf tests/sanitizers tests/fuzz-check
distclean-local: distclean-test-cache
distclean-test-cache:
	-rm -rf tests/cache
.PHONY: clean-test-work distclean-test-cache
