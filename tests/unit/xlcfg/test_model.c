/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_model.c: cmocka tests of the domain model built from configs, its
 * libxl-shaped JSON (and the yajl-style printer), and xl.conf loading.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "xlconf.h"

static FILE *quiet;

/* 0 and a model, or -1 */
static int build(const char *text, const struct xlm_defaults *df,
		 struct xlm_domain *d)
{
	struct xlcfg *cfg = xlcfg_new("m.cfg", quiet);
	int r;

	assert_int_equal(xlcfg_parse(cfg, text, strlen(text)), 0);
	r = xlm_domain_from_config(cfg, df, d);
	xlcfg_free(cfg);
	return r;
}

static char *json_text(json_object *o)
{
	char *s = NULL;
	size_t n;
	FILE *f = open_memstream(&s, &n);

	xlm_json_print(f, o);
	fclose(f);
	json_object_put(o);
	return s;
}

static void test_pv_json(void **state)
{
	static const char expected[] =
		"{\n"
		"    \"c_info\": {\n"
		"        \"type\": \"pv\",\n"
		"        \"name\": \"t\",\n"
		"        \"uuid\": \"00000000-0000-4000-8000-000000000001\",\n"
		"        \"run_hotplug_scripts\": \"True\"\n"
		"    },\n"
		"    \"b_info\": {\n"
		"        \"max_memkb\": 262144,\n"
		"        \"target_memkb\": 262144,\n"
		"        \"sched_params\": {\n\n        },\n"
		"        \"claim_mode\": \"True\",\n"
		"        \"kernel\": \"/k\",\n"
		"        \"cmdline\": \"root=/dev/xvda1 ro\",\n"
		"        \"type.pv\": {\n\n        },\n"
		"        \"arch_arm\": {\n\n        },\n"
		"        \"arch_x86\": {\n\n        }\n"
		"    },\n"
		"    \"nics\": [\n"
		"        {\n"
		"            \"devid\": 0,\n"
		"            \"bridge\": \"br0\"\n"
		"        }\n"
		"    ],\n"
		"    \"on_reboot\": \"restart\",\n"
		"    \"on_crash\": \"preserve\",\n"
		"    \"on_soft_reset\": \"soft_reset\"\n"
		"}\n";
	struct xlm_domain d;
	char *s;

	(void)state;
	assert_int_equal(build("name = 't'\nkernel = '/k'\nmemory = 256\n"
			       "root = '/dev/xvda1 ro'\n"
			       "uuid = '00000000-0000-4000-8000-000000000001'\n"
			       "vif = [ 'bridge=br0' ]\non_crash = 'preserve'\n",
			       NULL, &d), 0);
	s = json_text(xlm_domain_json(&d));
	assert_string_equal(s, expected);
	free(s);
	xlm_domain_dispose(&d);
}

static void test_hvm_model(void **state)
{
	struct xlm_defaults df = { .vif_bridge = "xenbr1", .vif_script = "vif-x",
				   .run_hotplug_scripts = 1, .claim_mode = 1,
				   .max_grant_frames = -1, .max_maptrack_frames = -1,
				   .max_grant_version = -1 };
	struct xlm_domain d;

	(void)state;
	assert_int_equal(build("name='h'\ntype='h'\nvcpus=2\nmaxvcpus=4\n"
			       "memory=1024\nmaxmem=2048\nvga='qxl'\nvideoram=128\n"
			       "disk=['/a.img,raw,xvda,w!','/b.iso,,hdc,cdrom']\n"
			       "vif=['mac=00:16:3e:00:00:01', 'bridge=br9']\n"
			       "channel=['name=c0,connection=pty']\n"
			       "pci=['01:00.0', '02:00.*']\npci_permissive=1\n"
			       "device_model_args=['-spice','unix=on']\n"
			       "serial='pty'\nusbdevice=['tablet']\nspice=1\n"
			       "on_reboot='rename-restart'\n", &df, &d), 0);
	assert_int_equal(d.c_info.type, XLM_TYPE_HVM);
	assert_int_equal(d.b_info.avail_vcpus, 2);
	assert_int_equal(d.b_info.max_vcpus, 4);
	assert_int_equal(d.b_info.target_memkb, 1024 * 1024);
	assert_int_equal(d.b_info.max_memkb, 2048 * 1024);
	assert_int_equal(d.b_info.video_memkb, 128 * 1024);
	assert_int_equal(d.b_info.hvm.vga, XLM_VGA_QXL);
	assert_int_equal(d.num_disks, 2);
	assert_int_equal(d.disks[0].shared, 1);
	assert_int_equal(d.disks[1].is_cdrom, 1);
	assert_int_equal(d.num_nics, 2);
	assert_string_equal(d.nics[0].bridge, "xenbr1");
	assert_string_equal(d.nics[0].script, "vif-x");
	assert_string_equal(d.nics[1].bridge, "br9");
	assert_int_equal(d.nics[1].devid, 1);
	assert_int_equal(d.num_channels, 1);
	assert_int_equal(d.channels[0].connection, XLM_CHAN_PTY);
	assert_int_equal(d.num_pcidevs, 2);
	assert_int_equal(d.pcidevs[0].permissive, 1);
	assert_int_equal(d.pcidevs[1].vfunc_mask, ~0U);
	assert_string_equal(d.b_info.extra[0], "-spice");
	assert_string_equal(d.b_info.extra[1], "unix=on");
	assert_null(d.b_info.extra[2]);
	assert_string_equal(d.b_info.hvm.serial, "pty");
	assert_string_equal(d.b_info.hvm.usbdevice_list[0], "tablet");
	assert_int_equal(d.b_info.hvm.spice.enable, XLM_TRUE);
	assert_int_equal(d.on_reboot, XLM_ACT_RESTART_RENAME);
	xlm_domain_dispose(&d);
}

static void test_model_errors(void **state)
{
	struct xlm_domain d;

	(void)state;
	assert_int_equal(build("memory = 1\n", NULL, &d), -1);
	xlm_domain_dispose(&d);
	assert_int_equal(build("name='x'\n", NULL, &d), -1);	/* PV, no kernel */
	xlm_domain_dispose(&d);
	assert_int_equal(build("name='x'\ntype='hvm'\nvcpus=4\nmaxvcpus=2\n", NULL, &d), -1);
	xlm_domain_dispose(&d);
	assert_int_equal(build("name='x'\ntype='nope'\n", NULL, &d), -1);
	xlm_domain_dispose(&d);
	assert_int_equal(build("name='x'\ntype='hvm'\non_crash='explode'\n", NULL, &d), -1);
	xlm_domain_dispose(&d);
	assert_int_equal(build("name='x'\ntype='hvm'\ndisk=['/a,raw,xvda,zz']\n", NULL, &d), -1);
	xlm_domain_dispose(&d);
	assert_int_equal(build("name='x'\ntype='hvm'\np9=['tag=a']\n", NULL, &d), -1);
	xlm_domain_dispose(&d);
	assert_int_equal(build("name='x'\ntype='hvm'\nmax_grant_frames=0x80000000\n", NULL, &d), -1);
	xlm_domain_dispose(&d);
}

static void test_affinity(void **state)
{
	struct xlm_domain d;
	struct xlm_cpumap m = { 0 };

	(void)state;
	assert_int_equal(build("name='a'\ntype='hvm'\nvcpus=2\ncpus='0-3,^1'\n"
			       "cpus_soft=['2','5']\n", NULL, &d), 0);
	assert_int_equal(d.b_info.num_vcpu_hard_affinity, 2);
	assert_int_equal(d.b_info.vcpu_hard_affinity[1].map[0], 0x0d);
	assert_int_equal(d.b_info.num_vcpu_soft_affinity, 2);
	assert_int_equal(d.b_info.vcpu_soft_affinity[0].map[0], 0x04);
	assert_int_equal(d.b_info.vcpu_soft_affinity[1].map[0], 0x20);
	assert_int_equal(d.b_info.numa_placement, XLM_FALSE);
	xlm_domain_dispose(&d);
	/* a list longer than the vcpus is cut; a string covers them all */
	assert_int_equal(build("name='a'\ntype='hvm'\nvcpus=1\ncpus=['1','2']\n", NULL, &d), 0);
	assert_int_equal(d.b_info.num_vcpu_hard_affinity, 1);
	xlm_domain_dispose(&d);
	assert_int_equal(build("name='a'\ntype='hvm'\nvcpus=1\ncpus='^all'\n", NULL, &d), -1);
	xlm_domain_dispose(&d);
	assert_int_equal(build("name='a'\ntype='hvm'\ncpus='3-1'\n", NULL, &d), -1);
	xlm_domain_dispose(&d);
	assert_int_equal(xlm_parse_cpurange("t", "all", &m), 0);
	assert_int_equal(m.map[0], 0xff);
	assert_int_equal(xlm_parse_cpurange("t", "nodes:4000", &m), -1);
	assert_int_equal(xlm_parse_cpurange("t", "1x", &m), -1);
	free(m.map);
}

static void test_setdefault(void **state)
{
	struct xlm_domain d;

	(void)state;
	assert_int_equal(build("name='h'\ntype='hvm'\nvga='qxl'\nvif=['']\n", NULL, &d), 0);
	assert_int_equal(xlm_domain_setdefault(&d), 0);
	assert_int_equal(d.b_info.video_memkb, 128 * 1024);
	assert_int_equal(d.b_info.max_memkb, 32 * 1024);
	assert_int_equal(d.b_info.target_memkb, 32 * 1024);
	assert_int_equal(d.b_info.max_vcpus, 1);
	assert_int_equal(d.b_info.hvm.pae, XLM_TRUE);
	assert_int_equal(d.b_info.hvm.vnc.enable, XLM_TRUE);
	assert_string_equal(d.b_info.hvm.vnc.listen, "127.0.0.1");
	assert_string_equal(d.b_info.hvm.boot, "cda");
	assert_int_equal(d.c_info.hap, XLM_TRUE);
	assert_string_equal(d.nics[0].bridge, "xenbr0");
	assert_string_equal(d.nics[0].model, "rtl8139");
	assert_int_equal(d.nics[0].nictype, XLM_NIC_VIF_IOEMU);
	assert_int_equal(d.nics[0].mtu, 1500);
	assert_memory_equal(d.nics[0].mac, "\x00\x16\x3e", 3);
	assert_int_equal(d.nics[0].mac[3] & 0x80, 0);
	xlm_domain_dispose(&d);

	assert_int_equal(build("name='h'\ntype='hvm'\nvga='stdvga'\nvideoram=8\n", NULL, &d), 0);
	assert_int_equal(xlm_domain_setdefault(&d), -1);
	xlm_domain_dispose(&d);
	assert_int_equal(build("name='p'\nkernel='/k'\nvif=['type=ioemu']\n", NULL, &d), 0);
	assert_int_equal(xlm_domain_setdefault(&d), -1);
	xlm_domain_dispose(&d);
	assert_int_equal(build("name='p'\nkernel='/k'\nvif=['mac=00:16:3e:00:00:09']\n", NULL, &d), 0);
	assert_int_equal(xlm_domain_setdefault(&d), 0);
	assert_int_equal(d.nics[0].nictype, XLM_NIC_VIF);
	assert_int_equal(d.nics[0].mac[5], 9);
	assert_int_equal(d.c_info.hap, XLM_FALSE);
	assert_int_equal(d.b_info.video_memkb, 0);
	xlm_domain_dispose(&d);
}

/* libxl's usbctrl/usbdev defaults and refusals */
static void test_usb_defaults(void **state)
{
	static const char *const bad[] = {
		"usbctrl=['version=2,ports=4']\n",
		"usbctrl=['version=1,ports=3']\n",
		"usbctrl=['version=3,ports=16']\n",
		"usbctrl=['version=4']\n",
		"usbdev=['hostbus=1,hostaddr=5,port=1']\n",
		"usbdev=['hostbus=1,hostaddr=5,controller=3']\n",
		"usbctrl=['version=1']\nusbdev=['hostbus=1,hostaddr=5,"
		"controller=0,port=3']\n",
		"usbctrl=['version=1']\nusbdev=['hostbus=1,hostaddr=5,"
		"controller=0,port=1', 'hostbus=1,hostaddr=6,controller=0,"
		"port=1']\n",
	};
	struct xlm_domain d;
	char text[512];
	size_t i;

	(void)state;
	assert_int_equal(build("name='u'\nkernel='/k'\nusbctrl=['version=3']\n"
			       "usbdev=['hostbus=1,hostaddr=2,controller=0', "
			       "'hostbus=1,hostaddr=3']\n", NULL, &d), 0);
	assert_int_equal(xlm_domain_setdefault(&d), 0);
	assert_int_equal(d.num_usbctrls, 1);
	assert_int_equal(d.usbctrls[0].ports, 8);
	assert_int_equal(d.usbdevs[0].port, 1);
	assert_int_equal(d.usbdevs[1].ctrl, 0);
	assert_int_equal(d.usbdevs[1].port, 2);
	xlm_domain_dispose(&d);
	assert_int_equal(build("name='u'\nkernel='/k'\nusbdev=['hostbus=1,"
			       "hostaddr=2']\n", NULL, &d), 0);
	assert_int_equal(xlm_domain_setdefault(&d), 0);
	assert_int_equal(d.num_usbctrls, 1);
	assert_int_equal(d.usbctrls[0].version, 2);
	assert_int_equal(d.usbctrls[0].ports, 6);
	assert_int_equal(d.usbdevs[0].ctrl, 0);
	assert_int_equal(d.usbdevs[0].port, 1);
	xlm_domain_dispose(&d);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "name='u'\nkernel='/k'\n%s", bad[i]);
		assert_int_equal(build(text, NULL, &d), 0);
		if (xlm_domain_setdefault(&d) != -1)
			fail_msg("accepted: %s", bad[i]);
		xlm_domain_dispose(&d);
	}
}

static void test_json_printer(void **state)
{
	json_object *o = json_object_new_object(), *a = json_object_new_array();
	char *s;

	(void)state;
	json_object_object_add(o, "path", json_object_new_string("/a/b\"c"));
	json_object_object_add(o, "empty", json_object_new_object());
	json_object_object_add(o, "list", a);
	json_object_object_add(o, "t", json_object_new_boolean(1));
	s = json_text(o);
	assert_string_equal(s, "{\n    \"path\": \"/a/b\\\"c\",\n"
			       "    \"empty\": {\n\n    },\n"
			       "    \"list\": [\n\n    ],\n"
			       "    \"t\": true\n}\n");
	free(s);
}

static void test_xlconf(void **state)
{
	char path[] = "/tmp/xlconf-test-XXXXXX";
	struct xlconf c;
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	(void)state;
	fputs("vif.default.bridge = \"br7\"\ndefaultbridge = \"old\"\n"
	      "kvm.accel = \"tcg\"\nkvm.qemu = \"/opt/qemu\"\nclaim_mode = 0\n", f);
	fclose(f);
	assert_int_equal(xlconf_load(&c, path), 0);
	assert_string_equal(c.defaults.vif_bridge, "br7");
	assert_int_equal(c.accel, XLCONF_ACCEL_TCG);
	assert_string_equal(c.qemu, "/opt/qemu");
	assert_int_equal(c.defaults.claim_mode, 0);
	assert_int_equal(c.guest_link, XLCONF_LINK_AUTO);
	assert_int_equal(c.vsock_cid_base, 0x10000);
	xlconf_dispose(&c);

	f = fopen(path, "w");
	fputs("kvm.guest_link = \"vsock\"\nkvm.vsock_cid_base = 0x20\n", f);
	fclose(f);
	assert_int_equal(xlconf_load(&c, path), 0);
	assert_int_equal(c.guest_link, XLCONF_LINK_VSOCK);
	assert_int_equal(c.vsock_cid_base, 0x20);
	xlconf_dispose(&c);
	f = fopen(path, "w");
	fputs("kvm.guest_link = \"serial\"\n", f);
	fclose(f);
	assert_int_equal(xlconf_load(&c, path), 0);
	assert_int_equal(c.guest_link, XLCONF_LINK_SERIAL);
	xlconf_dispose(&c);
	static const char *const bad[] = {
		"kvm.guest_link = \"tcp\"\n",
		"kvm.vsock_cid_base = 2\n",		/* the host's CID */
		"kvm.vsock_cid_base = 0xffffffff\n",	/* VMADDR_CID_ANY */
		"kvm.vsock_cid_base = \"many\"\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		f = fopen(path, "w");
		fputs(bad[i], f);
		fclose(f);
		if (xlconf_load(&c, path) != -1)
			fail_msg("accepted %s", bad[i]);
		xlconf_dispose(&c);
	}

	f = fopen(path, "w");
	fputs("kvm.accel = \"hyperv\"\n", f);
	fclose(f);
	assert_int_equal(xlconf_load(&c, path), -1);
	xlconf_dispose(&c);
	unlink(path);
	assert_int_equal(xlconf_load(&c, path), -1);	/* explicit and missing */
	xlconf_dispose(&c);
	setenv("XL_CONF", "", 1);
	assert_int_equal(xlconf_load(&c, NULL), 0);
	xlconf_dispose(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pv_json),
		cmocka_unit_test(test_hvm_model),
		cmocka_unit_test(test_model_errors),
		cmocka_unit_test(test_affinity),
		cmocka_unit_test(test_setdefault),
		cmocka_unit_test(test_usb_defaults),
		cmocka_unit_test(test_json_printer),
		cmocka_unit_test(test_xlconf),
	};
	int r;

	quiet = fopen("/dev/null", "w");
	r = cmocka_run_group_tests(tests, NULL, NULL);
	fclose(quiet);
	return r;
}
