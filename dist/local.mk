# dist: set-up, the demo (main job), examples and packaging.
EXTRA_DIST += dist/demo dist/examples/demo.cfg dist/examples/demo-guest.sh \
	tests/e2e/demo.sh
TESTS += tests/e2e/demo.sh
include dist/guest.mk
include dist/host.mk
