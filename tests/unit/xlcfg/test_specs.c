/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_specs.c: cmocka tests of the device spec parsers (disk, vif and
 * rate, pci, channel, p9, vtpm, usbctrl/usbdev).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "xlmodel.h"

static int disk(const char *spec, struct xlm_disk *d)
{
	xlm_disk_init(d);
	return xlm_parse_disk("test", 1, &spec, d);
}

static void test_disk(void **state)
{
	struct xlm_disk d;

	(void)state;
	assert_int_equal(disk("phy:/dev/vg/x,xvda,w", &d), 0);
	assert_string_equal(d.pdev_path, "/dev/vg/x");
	assert_string_equal(d.vdev, "xvda");
	assert_int_equal(d.format, XLM_FMT_RAW);
	assert_int_equal(d.readwrite, 1);
	assert_int_equal(d.shared, 0);
	xlm_disk_dispose(&d);

	assert_int_equal(disk("file:/img,xvdb,w!", &d), 0);
	assert_int_equal(d.readwrite, 1);
	assert_int_equal(d.shared, 1);
	xlm_disk_dispose(&d);

	assert_int_equal(disk("qcow2:/a.qcow2,hda,r", &d), 0);
	assert_int_equal(d.format, XLM_FMT_QCOW2);
	assert_int_equal(d.readwrite, 0);
	xlm_disk_dispose(&d);

	assert_int_equal(disk("vdev=xvdc, format=vhd, backendtype=qdisk, "
			      "specification=virtio, script=s, discard, "
			      "direct-io-safe, target=/p,with,commas", &d), 0);
	assert_string_equal(d.pdev_path, "/p,with,commas");
	assert_int_equal(d.backend, XLM_DBE_QDISK);
	assert_int_equal(d.specification, XLM_DSPEC_VIRTIO);
	assert_int_equal(d.discard_enable, XLM_TRUE);
	assert_int_equal(d.direct_io_safe, 1);
	xlm_disk_dispose(&d);

	assert_int_equal(disk("nbd:host:1234,xvda,w", &d), 0);
	assert_string_equal(d.script, "block-nbd");
	xlm_disk_dispose(&d);

	assert_int_equal(disk("/x,raw,xvda,w,extra", &d), -1);
	xlm_disk_dispose(&d);
	assert_int_equal(disk("/x,raw,xvda,x", &d), -1);
	xlm_disk_dispose(&d);
	assert_int_equal(disk("bogus:/x,xvda", &d), -1);
	xlm_disk_dispose(&d);
	assert_int_equal(disk("format=raw,format=qcow2,vdev=a,target=/x", &d), -1);
	xlm_disk_dispose(&d);
	assert_int_equal(disk("vdev=a,foo=bar,target=/x", &d), -1);
	xlm_disk_dispose(&d);
}

static void test_vif(void **state)
{
	struct xlm_nic n;

	(void)state;
	xlm_nic_init(&n);
	assert_int_equal(xlm_parse_nic("test", "mac=00:16:3e:01:02:03, bridge=br0,"
				       "type=ioemu,model=e1000,vifname=v0,"
				       "ip=10.0.0.2,script=vif-route,mtu=9000,"
				       "rate=10Mb/s@20ms,untrusted", &n), 0);
	assert_memory_equal(n.mac, "\x00\x16\x3e\x01\x02\x03", 6);
	assert_string_equal(n.bridge, "br0");
	assert_int_equal(n.nictype, XLM_NIC_VIF_IOEMU);
	assert_string_equal(n.model, "e1000");
	assert_string_equal(n.ifname, "v0");
	assert_int_equal(n.mtu, 9000);
	assert_int_equal(n.rate_interval_usecs, 20000);
	assert_int_equal(n.rate_bytes_per_interval, 25000);
	assert_int_equal(n.trusted, XLM_FALSE);
	xlm_nic_dispose(&n);

	xlm_nic_init(&n);
	/* a bad item is reported and skipped in config files, as in xl */
	assert_int_equal(xlm_parse_nic("test", "bogus=1,bridge=b", &n), 0);
	assert_string_equal(n.bridge, "b");
	assert_int_equal(xlm_parse_nic_item("test", "bogus=1", &n), 1);
	assert_int_equal(xlm_parse_nic_item("test", "mac=00:16", &n), 1);
	/* bad rates and numbers are fatal */
	assert_int_equal(xlm_parse_nic("test", "rate=10MB", &n), -1);
	assert_int_equal(xlm_parse_nic("test", "mtu=x", &n), -1);
	assert_int_equal(xlm_parse_rate("test", "1B/s@0us", &n), -1);
	assert_int_equal(xlm_parse_rate("test", "100B/s", &n), 0);
	assert_int_equal(n.rate_interval_usecs, 50000);
	assert_int_equal(n.rate_bytes_per_interval, 5);
	xlm_nic_dispose(&n);
}

static void test_pci(void **state)
{
	struct xlm_pci p;

	(void)state;
	xlm_pci_init(&p);
	assert_int_equal(xlm_parse_pci("test", "0000:03:1f.7@1f,permissive=1,"
				       "rdm_policy=relaxed", &p), 0);
	assert_int_equal(p.bus, 3);
	assert_int_equal(p.dev, 0x1f);
	assert_int_equal(p.func, 7);
	assert_int_equal(p.vdevfn, 0x1f << 3);
	assert_int_equal(p.permissive, 1);
	assert_int_equal(p.rdm_policy, XLM_RDM_RELAXED);
	xlm_pci_init(&p);
	assert_int_equal(xlm_parse_pci("test", "04:00.*", &p), 0);
	assert_int_equal(p.vfunc_mask, ~0U);
	xlm_pci_init(&p);
	assert_int_equal(xlm_parse_pci("test", "bdf=00:04.0,seize=1", &p), 0);
	assert_int_equal(p.dev, 4);
	assert_int_equal(p.seize, 1);
	xlm_pci_init(&p);
	assert_int_equal(xlm_parse_pci("test", "name=gpu0", &p), 0);
	assert_string_equal(p.name, "gpu0");
	free(p.name);
	xlm_pci_init(&p);
	assert_int_equal(xlm_parse_pci_bdf("0001:02:03.4", &p), 0);
	assert_int_equal(p.domain, 1);
	assert_int_equal(p.func, 4);
	assert_int_equal(xlm_parse_pci_bdf("02:03", &p), -1);
	xlm_pci_init(&p);
	assert_int_equal(xlm_parse_pci("test", "00:04.8", &p), -1);
	assert_int_equal(xlm_parse_pci("test", "00:20.0", &p), -1);
	assert_int_equal(xlm_parse_pci("test", "00:04.0@20", &p), -1);
	assert_int_equal(xlm_parse_pci("test", "00:04.0,bogus=1", &p), -1);
	assert_int_equal(xlm_parse_pci("test", "permissive=1", &p), -1);
}

static void test_small_devices(void **state)
{
	struct xlm_channel c;
	struct xlm_p9 p9;
	struct xlm_vtpm v;
	struct xlm_usbctrl uc;
	struct xlm_usbdev ud;

	(void)state;
	memset(&c, 0, sizeof(c));
	assert_int_equal(xlm_parse_channel("test", " name = org.x , connection=socket,"
					   "path=/run/x.sock, backend=dom1", &c), 0);
	assert_string_equal(c.name, "org.x");
	assert_int_equal(c.connection, XLM_CHAN_SOCKET);
	assert_string_equal(c.socket_path, "/run/x.sock");
	assert_string_equal(c.backend_domname, "dom1");
	free(c.name);
	free(c.socket_path);
	free(c.backend_domname);
	memset(&c, 0, sizeof(c));
	assert_int_equal(xlm_parse_channel("test", "name=x,connection=socket", &c), -1);
	free(c.name);
	memset(&c, 0, sizeof(c));
	assert_int_equal(xlm_parse_channel("test", "name=x", &c), -1);
	free(c.name);

	memset(&p9, 0, sizeof(p9));
	assert_int_equal(xlm_parse_p9("test", "tag=t, path=/srv, security_model=none,"
				      " backend=2", &p9), 0);
	assert_string_equal(p9.tag, "t");
	assert_string_equal(p9.path, "/srv");
	assert_string_equal(p9.backend_domname, "2");
	free(p9.tag);
	free(p9.path);
	free(p9.security_model);
	free(p9.backend_domname);
	memset(&p9, 0, sizeof(p9));
	assert_int_equal(xlm_parse_p9("test", "tag=t,path=/srv", &p9), -1);
	free(p9.tag);
	free(p9.path);
	memset(&p9, 0, sizeof(p9));
	assert_int_equal(xlm_parse_p9("test", "tag=t,bogus=1", &p9), -1);
	free(p9.tag);
	/* readonly=0|1 is ours (Xen's spec has no read-only key) */
	memset(&p9, 0, sizeof(p9));
	assert_int_equal(xlm_parse_p9("test", "tag=t,path=/p,security_model=none,"
				      "readonly=1", &p9), 0);
	assert_int_equal(p9.readonly, 1);
	free(p9.tag);
	free(p9.path);
	free(p9.security_model);
	memset(&p9, 0, sizeof(p9));
	assert_int_equal(xlm_parse_p9("test", "tag=t,path=/p,security_model=none,"
				      "readonly=yes", &p9), -1);
	free(p9.tag);
	free(p9.path);
	free(p9.security_model);

	memset(&v, 0, sizeof(v));
	assert_int_equal(xlm_parse_vtpm("test", "backend=vtpmmgr,uuid="
					"12345678-9abc-def0-1234-56789abcdef0", &v), 0);
	assert_int_equal(v.uuid[0], 0x12);
	assert_int_equal(v.uuid[15], 0xf0);
	free(v.backend_domname);
	memset(&v, 0, sizeof(v));
	assert_int_equal(xlm_parse_vtpm("test", "uuid=nope", &v), -1);

	memset(&uc, 0, sizeof(uc));
	assert_int_equal(xlm_parse_usbctrl("test", "type=devicemodel,version=3,ports=8", &uc), 0);
	assert_int_equal(uc.type, XLM_USBCTRL_DEVICEMODEL);
	assert_int_equal(uc.version, 3);
	assert_int_equal(uc.ports, 8);
	assert_int_equal(xlm_parse_usbctrl("test", "type=bogus", &uc), -1);
	memset(&ud, 0, sizeof(ud));
	assert_int_equal(xlm_parse_usbdev("test", "type=hostdev,hostbus=0x2,hostaddr=3,"
					  "controller=0,port=1", &ud), 0);
	assert_int_equal(ud.type, 1);
	assert_int_equal(ud.hostbus, 2);
	assert_int_equal(ud.hostaddr, 3);
	assert_int_equal(ud.port, 1);
	assert_int_equal(xlm_parse_usbdev("test", "speed=1", &ud), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_disk),
		cmocka_unit_test(test_vif),
		cmocka_unit_test(test_pci),
		cmocka_unit_test(test_small_devices),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
