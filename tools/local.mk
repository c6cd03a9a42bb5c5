# tools: see README
# mkguest builds the test guest kit (tools/README); its tests boot that guest
# under QEMU TCG (guest-boot.sh) and check the kit itself (guest-kit.sh).
dist_bin_SCRIPTS += tools/mkguest tools/xen-kvm-mount-p9
TESTS += tests/e2e/guest-kit.sh tests/e2e/guest-boot.sh
EXTRA_DIST += tools/README tests/e2e/guest-kit.sh tests/e2e/guest-boot.sh

# The default kit cache of a build (tools/mkguest with top_builddir set).
clean-local: clean-guest-kit
clean-guest-kit:
	-rm -rf guest-kit
.PHONY: clean-guest-kit
