# Test infrastructure shared by every component's tests.
EXTRA_DIST += tests/lib/common.sh tests/lib/summary
include tests/xenstore.mk
