/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of xl-compat/runtime/vif.c: devids, tap names (vifname= and
 * Xen's vif<domid>.<devid>, IFNAMSIZ), where script= is found (relative,
 * Xen's dir moved under XEN_KVM_ROOT or XEN_KVM_SCRIPTS_DIR, other absolute
 * paths kept), the XenStore paths; and of vif_fw.c's rule language.
 */
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "xlrt_test.h"
#include "vif.h"
#include "vif_fw.h"

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

static void fw_rules(void **state)
{
	struct xlrt_fw_rule r;
	char err[256];
	static const char *const bad[] = {
		"proto=tcp",				/* no action */
		"action=maybe",
		"action=accept action=drop",
		"action=accept dstports=80",		/* no proto */
		"action=accept proto=tcp dstports=0",
		"action=accept proto=tcp dstports=90-80",
		"action=accept proto=tcp dstports=70000",
		"action=accept proto=udp icmptype=8",
		"action=accept dst4=10.0.0.0/33",
		"action=accept dst4=10.0.0",
		"action=accept dst6=fe80::1/129",
		"action=accept dst4=10.0.0.1 dst6=::1",	/* one destination */
		"action=accept dsthost=example.org",
		"action=accept specialtarget=dns",
		"action=accept expire=1700000000",
		"action=accept proto=sctp",
		"accept",
	};
	size_t i;

	(void)state;
	assert_int_equal(xlrt_fw_parse_rule("action=accept proto=tcp "
		"dst4=192.168.1.0/24 dstports=80-443", &r, err, sizeof(err)), 0);
	assert_true(r.accept);
	assert_int_equal(r.proto, IPPROTO_TCP);
	assert_int_equal(r.af, AF_INET);
	assert_int_equal(r.plen, 24);
	assert_int_equal(r.dst[0], 192);
	assert_int_equal(r.dst[2], 1);
	assert_int_equal(r.port_lo, 80);
	assert_int_equal(r.port_hi, 443);
	assert_int_equal(r.icmptype, -1);
	assert_int_equal(xlrt_fw_parse_rule("action=drop proto=icmp icmptype=8 "
		"comment=no ping, please", &r, err, sizeof(err)), 0);
	assert_false(r.accept);
	assert_int_equal(r.proto, IPPROTO_ICMP);
	assert_int_equal(r.af, 0);
	assert_int_equal(r.icmptype, 8);
	assert_int_equal(xlrt_fw_parse_rule("action=accept dst6=2001:db8::1",
					    &r, err, sizeof(err)), 0);
	assert_int_equal(r.af, AF_INET6);
	assert_int_equal(r.plen, 128);
	assert_int_equal(r.dst[1], 0x01);
	assert_int_equal(xlrt_fw_parse_rule("action=accept proto=udp dstports=53",
					    &r, err, sizeof(err)), 0);
	assert_int_equal(r.port_lo, 53);
	assert_int_equal(r.port_hi, 53);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (xlrt_fw_parse_rule(bad[i], &r, err, sizeof(err)) != -EINVAL)
			fail_msg("accepted: %s", bad[i]);
		assert_true(err[0] != '\0');
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(devid_and_ifname),
		cmocka_unit_test(script_path),
		cmocka_unit_test(xs_paths),
		cmocka_unit_test(fw_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
