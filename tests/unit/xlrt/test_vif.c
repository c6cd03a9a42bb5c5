/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of xl-compat/runtime/vif.c: devids, tap names (vifname= and
 * Xen's vif<domid>.<devid>, IFNAMSIZ), where script= is found (relative,
 * Xen's dir moved under XEN_KVM_ROOT or XEN_KVM_SCRIPTS_DIR, other absolute
 * paths kept), the XenStore paths.
 */
#include <errno.h>

#include "xlrt_test.h"
#include "vif.h"

static void devid_and_ifname(void **state)
{
	struct xlm_nic n = { .devid = -1 };
	char b[64];

	(void)state;
	assert_int_equal(xlrt_vif_devid(&n, 2), 2);
	n.devid = 7;
	assert_int_equal(xlrt_vif_devid(&n, 2), 7);
	assert_int_equal(xlrt_vif_ifname(b, sizeof(b), 12, &n, 7), 0);
	assert_string_equal(b, "vif12.7");
	n.ifname = "web0";
	assert_int_equal(xlrt_vif_ifname(b, sizeof(b), 12, &n, 7), 0);
	assert_string_equal(b, "web0");
	n.ifname = "a-name-too-long0";	/* 16: no room for the NUL */
	assert_int_equal(xlrt_vif_ifname(b, sizeof(b), 12, &n, 7),
			 -ENAMETOOLONG);
	n.ifname = NULL;
	assert_int_equal(xlrt_vif_ifname(b, sizeof(b), 4294967295U, &n,
					 99999), -ENAMETOOLONG);
}

static void script_path(void **state)
{
	char b[256];

	(void)state;
	unsetenv("XEN_KVM_SCRIPTS_DIR");
	unsetenv("XEN_KVM_ROOT");
	assert_int_equal(xlrt_vif_script_path(b, sizeof(b), "vif-route"), 0);
	assert_string_equal(b, "/etc/xen/scripts/vif-route");
	assert_int_equal(xlrt_vif_script_path(b, sizeof(b),
					      "/etc/xen/scripts/vif-bridge"), 0);
	assert_string_equal(b, "/etc/xen/scripts/vif-bridge");
	setenv("XEN_KVM_ROOT", "/tmp/r", 1);
	assert_int_equal(xlrt_vif_script_path(b, sizeof(b),
					      "/etc/xen/scripts/vif-bridge"), 0);
	assert_string_equal(b, "/tmp/r/etc/xen/scripts/vif-bridge");
	assert_int_equal(xlrt_vif_script_path(b, sizeof(b), "sub/x"), 0);
	assert_string_equal(b, "/tmp/r/etc/xen/scripts/sub/x");
	assert_int_equal(xlrt_vif_script_path(b, sizeof(b), "/opt/my-vif"), 0);
	assert_string_equal(b, "/opt/my-vif");
	/* a prefix is not the dir */
	assert_int_equal(xlrt_vif_script_path(b, sizeof(b),
					      "/etc/xen/scriptsX/v"), 0);
	assert_string_equal(b, "/etc/xen/scriptsX/v");
	setenv("XEN_KVM_SCRIPTS_DIR", "/s", 1);
	assert_int_equal(xlrt_vif_script_path(b, sizeof(b), "vif-nat"), 0);
	assert_string_equal(b, "/s/vif-nat");
	assert_int_equal(xlrt_vif_script_path(b, sizeof(b), ""), -EINVAL);
	assert_int_equal(xlrt_vif_script_path(b, 8, "vif-nat"), -ENAMETOOLONG);
	unsetenv("XEN_KVM_SCRIPTS_DIR");
	unsetenv("XEN_KVM_ROOT");
}

static void xs_paths(void **state)
{
	char b[128];

	(void)state;
	assert_int_equal(xlrt_vif_backend_path(b, sizeof(b), 3, 1), 0);
	assert_string_equal(b, "/local/domain/0/backend/vif/3/1");
	assert_int_equal(xlrt_vif_frontend_path(b, sizeof(b), 3, 1), 0);
	assert_string_equal(b, "/local/domain/3/device/vif/1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(devid_and_ifname),
		cmocka_unit_test(script_path),
		cmocka_unit_test(xs_paths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
