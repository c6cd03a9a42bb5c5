/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of xl-compat/runtime/guest_link.c: the vsock decision against
 * a fake vhost-vsock device (present, absent, present but unopenable) in
 * each kvm.guest_link mode, and the CID range.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>

#include "xlrt_test.h"
#include "guest_link.h"

static char dir[] = "/tmp/guest-link-test-XXXXXX";
static char dev[64], err[512];

/* the decision for domid 5 with the default base; err cleared first */
static int choose(enum xlconf_guest_link mode, uint32_t *cid)
{
	err[0] = '\0';
	*cid = 12345;	/* must be overwritten */
	return xlrt_guest_link_vsock_cid(mode, 0x10000, 5, cid, err,
					 sizeof(err));
}

static void device_present(void **state)
{
	uint32_t cid;

	close(open(dev, O_RDWR | O_CREAT, 0600));
	assert_int_equal(choose(XLCONF_LINK_AUTO, &cid), 0);
	assert_int_equal(cid, 0x10005);
	assert_int_equal(choose(XLCONF_LINK_VSOCK, &cid), 0);
	assert_int_equal(cid, 0x10005);
	assert_int_equal(choose(XLCONF_LINK_SERIAL, &cid), 0);
	assert_int_equal(cid, 0);
	unlink(dev);
}

static void device_absent(void **state)
{
	uint32_t cid;

	unlink(dev);
	assert_int_equal(choose(XLCONF_LINK_AUTO, &cid), 0);
	assert_int_equal(cid, 0);
	assert_string_equal(err, "");
	assert_int_equal(choose(XLCONF_LINK_VSOCK, &cid), -ENOENT);
	assert_int_equal(cid, 0);
	assert_non_null(strstr(err, "kvm.guest_link is vsock"));
	assert_non_null(strstr(err, dev));
	assert_int_equal(choose(XLCONF_LINK_SERIAL, &cid), 0);
	assert_int_equal(cid, 0);
}

/* There but not openable read-write (a directory: root opens any file). */
static void device_unopenable(void **state)
{
	uint32_t cid;

	assert_int_equal(mkdir(dev, 0700), 0);
	assert_int_equal(choose(XLCONF_LINK_AUTO, &cid), 0);
	assert_int_equal(cid, 0);
	assert_int_equal(choose(XLCONF_LINK_VSOCK, &cid), -EISDIR);
	assert_non_null(strstr(err, "cannot be opened"));
	rmdir(dev);
}

static void cid_range(void **state)
{
	uint32_t cid = 1;

	close(open(dev, O_RDWR | O_CREAT, 0600));
	assert_int_equal(xlrt_guest_link_vsock_cid(XLCONF_LINK_AUTO, 3, 1,
						   &cid, err, sizeof(err)), 0);
	assert_int_equal(cid, 4);
	assert_int_equal(xlrt_guest_link_vsock_cid(XLCONF_LINK_AUTO,
						   0xfffffff0UL, 14, &cid, err,
						   sizeof(err)), 0);
	assert_int_equal(cid, 0xfffffffeU);
	/* one past the top would be VMADDR_CID_ANY */
	assert_int_equal(xlrt_guest_link_vsock_cid(XLCONF_LINK_AUTO,
						   0xfffffff0UL, 15, &cid, err,
						   sizeof(err)), -ERANGE);
	assert_int_equal(cid, 0);
	assert_non_null(strstr(err, "kvm.vsock_cid_base"));
	assert_int_equal(xlrt_guest_link_vsock_cid(XLCONF_LINK_VSOCK, 2, 1,
						   &cid, err, sizeof(err)),
			 -ERANGE);
	/* a bad base fails even where the host has no vhost-vsock */
	unlink(dev);
	assert_int_equal(xlrt_guest_link_vsock_cid(XLCONF_LINK_AUTO, 0, 7,
						   &cid, err, sizeof(err)),
			 -ERANGE);
	/* serial needs no CID at all */
	assert_int_equal(xlrt_guest_link_vsock_cid(XLCONF_LINK_SERIAL, 0, 7,
						   &cid, err, sizeof(err)), 0);
	assert_int_equal(cid, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(device_present),
		cmocka_unit_test(device_absent),
		cmocka_unit_test(device_unopenable),
		cmocka_unit_test(cid_range),
	};
	int r;

	if (!mkdtemp(dir))
		return 99;
	snprintf(dev, sizeof(dev), "%s/vhost-vsock", dir);
	setenv("XEN_KVM_VHOST_VSOCK", dev, 1);
	r = cmocka_run_group_tests(tests, NULL, NULL);
	rmdir(dir);
	return r;
}
