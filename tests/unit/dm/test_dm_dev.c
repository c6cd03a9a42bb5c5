/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the device-model command line, devices: disks (formats,
 * vdev -> bus, cdrom, read-only, w! -> share-rw, direct-io-safe), nics,
 * the console and channels in hvc order, the guest link, 9p, displays
 * (vga, vnc and spice with secrets kept out of argv, sdl), serial, USB,
 * PCI, and the devices refused on KVM with the reason.
 */
#include "dm_test.h"

#define PVH "name='g'\ntype='pvh'\nkernel='/k/vmlinuz'\n"
#define HVM "name='h'\ntype='hvm'\nmemory=256\n"

static void hvm_disks_by_vdev(void **state)
{
	dm_ok(HVM "disk=['/d/a.raw,raw,hda,w', '/d/b.qcow2,qcow2,xvdb,w',"
	      " '/d/c.iso,raw,hdc,r,devtype=cdrom', '/d/s.raw,raw,sdb,w',"
	      " 'phy:/dev/vg/lv,vdd,w']\n", XLRT_ACCEL_KVM);
	assert_opt("-drive", "if=none,id=disk0,file=/d/a.raw,format=raw");
	assert_opt("-device", "ide-hd,drive=disk0,bus=ide.0,unit=0");
	assert_opt("-drive", "if=none,id=disk1,file=/d/b.qcow2,format=qcow2");
	assert_opt("-device", "virtio-blk-pci,drive=disk1,id=xvdb");
	assert_opt("-drive", "if=none,id=disk2,file=/d/c.iso,format=raw,"
		   "readonly=on");
	assert_opt("-device", "ide-cd,drive=disk2,bus=ide.1,unit=0");
	assert_opt("-device", "virtio-scsi-pci,id=scsi0");
	assert_opt("-device", "scsi-hd,drive=disk3,bus=scsi0.0,scsi-id=1");
	assert_opt("-drive", "if=none,id=disk4,file=/dev/vg/lv,format=raw");
	assert_opt("-device", "virtio-blk-pci,drive=disk4,id=vdd");
	assert_int_equal(dm_count("virtio-scsi-pci"), 1);
}

static void pvh_disks_are_all_virtio(void **state)
{
	dm_ok(PVH "disk=['/d/a.raw,raw,hda,w', '/d/b.vhd,vhd,xvdb,r']\n",
	      XLRT_ACCEL_KVM);
	assert_opt("-device", "virtio-blk-pci,drive=disk0,id=hda");
	assert_opt("-drive", "if=none,id=disk1,file=/d/b.vhd,format=vpc,"
		   "readonly=on");
	assert_int_equal(dm_count("ide-hd"), 0);
}

static void shared_disk_and_cache(void **state)
{
	dm_ok(PVH "disk=['vdev=xvda,access=w!,target=/d/shared.raw',"
	      " 'direct-io-safe,discard,vdev=xvdb,target=/d/x.raw']\n",
	      XLRT_ACCEL_KVM);
	assert_opt("-device", "virtio-blk-pci,drive=disk0,id=xvda,share-rw=on");
	assert_opt("-drive", "if=none,id=disk1,file=/d/x.raw,format=raw,"
		   "cache.direct=on,discard=unmap");
	assert_int_equal(dm_count("share-rw"), 1);
	/* every opener: the same in xen mode and on IDE */
	dm_ok(PVH "disk=['/d/shared.raw,raw,xvda,w!']\n", XLRT_ACCEL_XEN);
	assert_opt("-device", "xen-disk,vdev=xvda,drive=disk0,share-rw=on");
	dm_ok(HVM "disk=['/d/shared.raw,raw,hdb,w!']\n", XLRT_ACCEL_TCG);
	assert_opt("-device", "ide-hd,drive=disk0,bus=ide.0,unit=1,"
		   "share-rw=on");
}

static void ahci_and_empty_cdrom(void **state)
{
	dm_ok(HVM "hdtype='ahci'\ndisk=['/d/a.raw,raw,hda,w', ',raw,hdc,r,"
	      "devtype=cdrom']\n", XLRT_ACCEL_KVM);
	assert_opt("-device", "ich9-ahci,id=ahci0");
	assert_opt("-device", "ide-hd,drive=disk0,bus=ahci0.0");
	assert_opt("-drive", "if=none,id=disk1,readonly=on");
	assert_opt("-device", "ide-cd,drive=disk1,bus=ahci0.2");
	/* a cdrom named xvd* goes on the AHCI bus too */
	dm_ok(HVM "hdtype='ahci'\ndisk=['/d/cd.iso,raw,xvdc,r,devtype=cdrom']\n",
	      XLRT_ACCEL_KVM);
	assert_opt("-device", "ich9-ahci,id=ahci0");
	assert_opt("-device", "ide-cd,drive=disk0,bus=ahci0.2");
	dm_ok(HVM "hdtype='ahci'\ndisk=['/d/a.raw,raw,xvda,w']\n",
	      XLRT_ACCEL_KVM);
	assert_int_equal(dm_count("ahci"), 0);
}

static void disk_path_with_comma(void **state)
{
	dm_ok(PVH "disk=['vdev=xvda,target=/d/a,b.raw']\n", XLRT_ACCEL_KVM);
	assert_opt("-drive", "if=none,id=disk0,file=/d/a,,b.raw,format=raw");
}

static void refused_disks(void **state)
{
	dm_fails(HVM "disk=['/d/a.raw,raw,hde,w']\n", XLRT_ACCEL_KVM, "IDE");
	dm_fails(PVH "disk=['/d/a.raw,raw,xvda1,w']\n", XLRT_ACCEL_KVM,
		 "whole-disk");
	dm_fails(PVH "disk=['backend=dd,/d/a.raw,raw,xvda,w']\n",
		 XLRT_ACCEL_KVM, "not implemented yet");
	dm_fails(PVH "disk=['script=block-iscsi,vdev=xvda,target=iqn']\n",
		 XLRT_ACCEL_KVM, "script=");
}

static void nics(void **state)
{
	dm_ok(PVH "vif=['mac=00:16:3e:0a:0b:0c,bridge=br0', "
	      "'vifname=web0,mac=00:16:3e:00:00:01,mtu=9000']\n",
	      XLRT_ACCEL_KVM);
	assert_opt("-netdev", "tap,id=net0,ifname=vif7.0,script=no,"
		   "downscript=no");
	assert_opt("-device", "virtio-net-pci,id=nic0,netdev=net0,"
		   "mac=00:16:3e:0a:0b:0c");
	assert_opt("-netdev", "tap,id=net1,ifname=web0,script=no,"
		   "downscript=no");
	assert_opt("-device", "virtio-net-pci,id=nic1,netdev=net1,"
		   "mac=00:16:3e:00:00:01,host_mtu=9000");
	/* HVM: the emulated model asked, libxl's rtl8139 by default */
	dm_ok(HVM "vif=['mac=00:16:3e:0a:0b:0c', 'model=e1000,"
	      "mac=00:16:3e:0a:0b:0d', 'model=virtio,mac=00:16:3e:0a:0b:0e',"
	      " 'type=vif,mac=00:16:3e:0a:0b:0f']\n", XLRT_ACCEL_KVM);
	assert_opt("-device", "rtl8139,id=nic0,netdev=net0,mac=00:16:3e:0a:0b:0c");
	assert_opt("-device", "e1000,id=nic1,netdev=net1,mac=00:16:3e:0a:0b:0d");
	assert_opt("-device", "virtio-net-pci,id=nic2,netdev=net2,"
		   "mac=00:16:3e:0a:0b:0e");
	assert_opt("-device", "virtio-net-pci,id=nic3,netdev=net3,"
		   "mac=00:16:3e:0a:0b:0f");
	dm_ok(PVH "vif=['mac=00:16:3e:0a:0b:0c,rate=10Mb/s']\n",
	      XLRT_ACCEL_KVM);
	/* enforced on the host (nft.h), so nothing to warn about */
	assert_int_equal(dm.warnings.n, 0);
	dm_fails(PVH "vif=['backend=netdd']\n", XLRT_ACCEL_KVM,
		 "not implemented yet");
	dm_fails(PVH "vif=['vifname=a-name-too-long0']\n", XLRT_ACCEL_KVM,
		 "longer than a network interface name");
}

static void channels_in_hvc_order(void **state)
{
	int con, c0, c1, c2, link;

	dm_ok(PVH "channel=['name=org.a,connection=socket,path=/run/a.sock',"
	      " 'name=b,connection=pty',"
	      " 'name=c,connection=socket,path=/x/c.sock,backend=other']\n",
	      XLRT_ACCEL_KVM);
	assert_opt("-device", "virtio-serial-pci,id=vser0");
	assert_opt("-chardev", "socket,id=con0,path=/r/var/run/xen-kvm/7/"
		   "console0.sock,server=on,wait=off");
	assert_opt("-chardev", "socket,id=chan0,path=/run/a.sock,server=on,"
		   "wait=off");
	assert_opt("-chardev", "pty,id=chan1");
	/* backend=<domain>: QEMU listens in the domain dir, the monitor
	 * relays it to the other domain */
	assert_opt("-chardev", "socket,id=chan2,path=/r/var/run/xen-kvm/7/"
		   "channel2.sock,server=on,wait=off");
	con = dm_find("-device", "virtconsole,bus=vser0.0,chardev=con0");
	c0 = dm_find("-device", "virtconsole,bus=vser0.0,chardev=chan0,"
		     "name=org.a");
	c1 = dm_find("-device", "virtconsole,bus=vser0.0,chardev=chan1,"
		     "name=b");
	c2 = dm_find("-device", "virtconsole,bus=vser0.0,chardev=chan2,"
		     "name=c");
	link = dm_find("-device", "virtserialport,bus=vser0.0,chardev=link,"
		       "name=org.xenkvm.link");
	/* the console is the first virtconsole (hvc0), channel i the
	 * (i+1)th (hvc<i+1>); the link port takes no hvc number */
	assert_true(con >= 0 && con < c0 && c0 < c1 && c1 < c2 && c2 < link);
	assert_int_equal(dm_count("virtconsole"), 4);
	assert_opt("-chardev", "socket,id=link,path=/r/var/run/xen-kvm/7/"
		   "link.sock,server=on,wait=off");
}

/* An incoming migration's QEMU listens for a socket channel in its
 * domain dir, in every mode: the source may still hold path= on this host
 * (chan_host.h moves it there once the source is gone). */
static void migrating_channel_waits_in_the_domain_dir(void **state)
{
	static const enum xlrt_accel modes[] = { XLRT_ACCEL_XEN, XLRT_ACCEL_KVM,
						 XLRT_ACCEL_TCG };
	struct xlrt_dm_env env = { .domid = 7, .migrating = true };
	struct xlm_domain d;
	size_t i;

	(void)state;
	setenv("XEN_KVM_ROOT", "/r", 1);
	dm_model(PVH "channel=['name=org.a,connection=socket,path=/run/a.sock',"
		 " 'name=b,connection=pty']\n", &d);
	for (i = 0; i < 3; i++) {
		env.accel = modes[i];
		xlrt_dm_free(&dm);
		if (xlrt_dm_build(&d, &env, &dm, dm_err, sizeof(dm_err)))
			fail_msg("%s", dm_err);
		assert_opt("-chardev", "socket,id=chan0,path=/r/var/run/"
			   "xen-kvm/7/channel0.sock,server=on,wait=off");
		assert_int_equal(dm_count("/run/a.sock"), 0);
		assert_opt("-chardev", "pty,id=chan1");
	}
	xlm_domain_dispose(&d);
}

/* xl refuses these configs; models built otherwise are refused too */
static void refused_channels(void **state)
{
	struct xlrt_dm_env env = { .accel = XLRT_ACCEL_KVM, .domid = 3 };
	struct xlm_domain d;

	dm_model(PVH "channel=['name=a,connection=socket,path=/p']\n", &d);
	free(d.channels[0].socket_path);
	d.channels[0].socket_path = NULL;
	assert_int_equal(xlrt_dm_build(&d, &env, &dm, dm_err,
				       sizeof(dm_err)), -EINVAL);
	assert_non_null(strstr(dm_err, "path="));
	d.channels[0].connection = XLM_CHAN_UNKNOWN;
	assert_int_equal(xlrt_dm_build(&d, &env, &dm, dm_err,
				       sizeof(dm_err)), -EINVAL);
	assert_non_null(strstr(dm_err, "connection=pty"));
	free(d.channels[0].name);
	d.channels[0].name = NULL;
	assert_int_equal(xlrt_dm_build(&d, &env, &dm, dm_err,
				       sizeof(dm_err)), -EINVAL);
	assert_non_null(strstr(dm_err, "name="));
	xlm_domain_dispose(&d);
}

static void p9_shares(void **state)
{
	dm_ok(PVH "p9=['tag=share,path=/srv/share,security_model=none',"
	      " 'tag=m,path=/srv/m,security_model=mapped']\n", XLRT_ACCEL_TCG);
	assert_opt("-fsdev", "local,id=fs0,path=/srv/share,security_model=none");
	assert_opt("-device", "virtio-9p-pci,fsdev=fs0,mount_tag=share");
	assert_opt("-fsdev", "local,id=fs1,path=/srv/m,"
		   "security_model=mapped-xattr");
	dm_fails(PVH "p9=['tag=t,path=/p,security_model=weird']\n",
		 XLRT_ACCEL_KVM, "security_model");
	/* the seed's vm-sys-usb case: a share exported by another DomU */
	dm_fails(PVH "p9=['tag=t,path=/p,security_model=none,backend=usb']\n",
		 XLRT_ACCEL_KVM, "not implemented yet");
	/* backend=0 is dom0 */
	dm_ok(PVH "p9=['tag=t,path=/p,security_model=none,backend=0']\n",
	      XLRT_ACCEL_KVM);
	assert_opt("-device", "virtio-9p-pci,fsdev=fs0,mount_tag=t");
	/* our readonly=1: QEMU refuses the guest's writes */
	dm_ok(PVH "p9=['tag=ro,path=/srv/ro,security_model=none,readonly=1']\n",
	      XLRT_ACCEL_KVM);
	assert_opt("-fsdev", "local,id=fs0,path=/srv/ro,security_model=none,"
		   "readonly=on");
}

static void vga_kinds(void **state)
{
	dm_ok(HVM "vga='stdvga'\nvideoram=32\n", XLRT_ACCEL_KVM);
	assert_opt("-device", "VGA,vgamem_mb=32");
	dm_ok(HVM "\n", XLRT_ACCEL_KVM);
	assert_opt("-device", "cirrus-vga,vgamem_mb=8");
	dm_ok(HVM "vga='qxl'\nvideoram=128\n", XLRT_ACCEL_KVM);
	assert_opt("-device", "qxl-vga,vgamem_mb=64,vram_size_mb=64,"
		   "ram_size_mb=64");
	dm_ok(HVM "vga='none'\n", XLRT_ACCEL_KVM);
	assert_int_equal(dm_count("vga"), 0);
}

static void vnc_password_is_a_secret(void **state)
{
	dm_ok(HVM "vnclisten='0.0.0.0'\nvncdisplay=3\nvncunused=0\n"
	      "vncpasswd='s3cr3t'\n", XLRT_ACCEL_KVM);
	assert_opt("-object", "secret,id=vnc,file=/r/var/run/xen-kvm/7/"
		   "vnc.secret,format=raw");
	assert_opt("-vnc", "0.0.0.0:3,password-secret=vnc");
	assert_int_equal(dm_count("s3cr3t"), 0);
	assert_int_equal(dm.num_files, 1);
	assert_string_equal(dm.files[0].path, "/r/var/run/xen-kvm/7/vnc.secret");
	assert_string_equal(dm.files[0].data, "s3cr3t");
	assert_opt("-display", "none");
	/* libxl's default: VNC on 127.0.0.1, first free display */
	dm_ok(HVM "\n", XLRT_ACCEL_KVM);
	assert_opt("-vnc", "127.0.0.1:0,to=99");
	dm_ok(HVM "vnclisten='::1'\n", XLRT_ACCEL_KVM);
	assert_opt("-vnc", "[::1]:0,to=99");
	dm_ok(HVM "vnclisten='10.0.0.1:5'\n", XLRT_ACCEL_KVM);
	assert_opt("-vnc", "10.0.0.1:5,to=99");
	dm_ok(HVM "vnc=0\n", XLRT_ACCEL_KVM);
	assert_int_equal(dm_count("-vnc"), 0);
	/* a PVH guest's vfb */
	dm_ok(PVH "vfb=['vnc=1,vnclisten=127.0.0.1,vncdisplay=2,keymap=fr']\n",
	      XLRT_ACCEL_KVM);
	assert_opt("-device", "virtio-vga");
	assert_opt("-device", "virtio-tablet-pci");
	assert_opt("-vnc", "127.0.0.1:2,to=99");
	assert_opt("-k", "fr");
}

static void spice_and_sdl(void **state)
{
	dm_ok(HVM "spice=1\nspiceport=5900\nspicehost='0.0.0.0'\n"
	      "spicepasswd='pw'\nspicevdagent=1\nspice_clipboard_sharing=1\n"
	      "spiceusbredirection=2\n", XLRT_ACCEL_KVM);
	assert_opt("-object", "secret,id=spice,file=/r/var/run/xen-kvm/7/"
		   "spice.secret,format=raw");
	assert_opt("-spice", "addr=0.0.0.0,port=5900,password-secret=spice,"
		   "agent-mouse=on");
	assert_int_equal(dm_count("=pw"), 0);
	assert_string_equal(dm.files[0].data, "pw");
	assert_opt("-chardev", "spicevmc,id=vdagent,name=vdagent");
	assert_opt("-device", "virtserialport,bus=vser0.0,chardev=vdagent,"
		   "name=com.redhat.spice.0");
	assert_opt("-device", "qemu-xhci,id=usb");
	assert_opt("-device", "usb-redir,bus=usb.0,chardev=usbredir1");
	dm_ok(HVM "spice=1\nspicetls_port=5901\nspicedisable_ticketing=1\n",
	      XLRT_ACCEL_KVM);
	assert_opt("-spice", "addr=127.0.0.1,tls-port=5901,"
		   "disable-ticketing=on,agent-mouse=on,disable-copy-paste=on");
	dm_fails(HVM "spice=1\nspicedisable_ticketing=1\n", XLRT_ACCEL_KVM,
		 "spiceport");
	dm_fails(HVM "spice=1\nspiceport=5900\n", XLRT_ACCEL_KVM,
		 "spicepasswd");
	dm_ok(HVM "sdl=1\nopengl=1\nvnc=0\n", XLRT_ACCEL_KVM);
	assert_opt("-display", "sdl,gl=on");
	assert_int_equal(dm_find("-display", "none"), -1);
}

static void serial_ports(void **state)
{
	/* a pty port is a socket the monitor relays (serial.h) */
	dm_ok(HVM "serial='pty'\n", XLRT_ACCEL_KVM);
	assert_opt("-chardev", "socket,id=ser0,path=/r/var/run/xen-kvm/7/"
		   "serial0.sock,server=on,wait=off");
	assert_opt("-serial", "chardev:ser0");
	assert_true(dm_find("-serial", "pty") < 0);
	dm_ok(HVM "serial=['file:/tmp/s1.log', 'pty']\n", XLRT_ACCEL_KVM);
	assert_true(dm_find("-serial", "file:/tmp/s1.log") <
		    dm_find("-serial", "chardev:ser1"));
	assert_opt("-chardev", "socket,id=ser1,path=/r/var/run/xen-kvm/7/"
		   "serial1.sock,server=on,wait=off");
}

static void usb_devices(void **state)
{
	dm_ok(HVM "usb=1\nusbdevice=['tablet', 'host:3.4', 'host:046d:c52b']\n",
	      XLRT_ACCEL_KVM);
	assert_opt("-device", "qemu-xhci,id=usb");
	assert_opt("-device", "usb-tablet,bus=usb.0");
	assert_opt("-device", "usb-host,bus=usb.0,hostbus=3,hostaddr=4");
	assert_opt("-device", "usb-host,bus=usb.0,vendorid=0x046d,"
		   "productid=0xc52b");
	assert_int_equal(dm_count("qemu-xhci"), 1);
	dm_fails(HVM "usbdevice='serial:x'\n", XLRT_ACCEL_KVM, "usbdevice");
	dm_ok(HVM "usbctrl=['type=devicemodel,version=3,ports=4']\n"
	      "usbdev=['hostbus=1,hostaddr=5,controller=0,port=2']\n",
	      XLRT_ACCEL_KVM);
	assert_opt("-device", "qemu-xhci,id=xenusb-0,p2=4,p3=4");
	assert_opt("-device", "usb-host,id=xenusb-1-5,bus=xenusb-0.0,port=2,"
		   "hostbus=1,hostaddr=5");
	/* libxl's defaults: a usbdev without a controller takes the first
	 * free port, and a new USB 2 controller (6 ports) when none has one */
	dm_ok(HVM "usbctrl=['version=1']\n"
	      "usbdev=['hostbus=1,hostaddr=5', 'hostbus=1,hostaddr=6', "
	      "'hostbus=2,hostaddr=7']\n", XLRT_ACCEL_KVM);
	assert_opt("-device", "qemu-xhci,id=xenusb-0,p2=2,p3=2");
	assert_opt("-device", "usb-host,id=xenusb-1-5,bus=xenusb-0.0,port=1,"
		   "hostbus=1,hostaddr=5");
	assert_opt("-device", "usb-host,id=xenusb-1-6,bus=xenusb-0.0,port=2,"
		   "hostbus=1,hostaddr=6");
	assert_opt("-device", "qemu-xhci,id=xenusb-1,p2=6,p3=6");
	assert_opt("-device", "usb-host,id=xenusb-2-7,bus=xenusb-1.0,port=1,"
		   "hostbus=2,hostaddr=7");
}

static void pci_passthrough(void **state)
{
	dm_ok(HVM "pci=['03:00.0', '0000:04:00.1@5']\n", XLRT_ACCEL_KVM);
	assert_opt("-device", "vfio-pci,id=xlpci-0000-03-00-0,host=0000:03:00.0");
	assert_opt("-device", "vfio-pci,id=xlpci-0000-04-00-1,host=0000:04:00.1,"
		   "addr=0x5.0x0");
	assert_int_equal(dm.warnings.n, 0);
	/* xl create expands these from the host's sysfs first (pci.h) */
	dm_fails(HVM "pci=['03:00.*']\n", XLRT_ACCEL_KVM, "expanded");
	dm_fails(HVM "pci=['name=nic0']\n", XLRT_ACCEL_KVM, "resolved");
	dm_ok(HVM "pci=['03:00.0,permissive=1,msitranslate=1,power_mgmt=1,"
	      "rdm_policy=relaxed']\n", XLRT_ACCEL_KVM);
	assert_int_equal(dm.warnings.n, 4);
	assert_non_null(strstr(dm.warnings.v[0], "permissive"));
	assert_non_null(strstr(dm.warnings.v[1], "msitranslate"));
	assert_non_null(strstr(dm.warnings.v[2], "power_mgmt"));
	assert_non_null(strstr(dm.warnings.v[3], "rdm_policy=relaxed"));
	/* the stand-in a host without an IOMMU tests with gets no host= */
	setenv("XEN_KVM_PCI_STANDIN", "pci-testdev", 1);
	dm_ok(HVM "pci=['03:00.0@7']\n", XLRT_ACCEL_KVM);
	unsetenv("XEN_KVM_PCI_STANDIN");
	assert_opt("-device", "pci-testdev,id=xlpci-0000-03-00-0,addr=0x7.0x0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(hvm_disks_by_vdev, dm_teardown),
		cmocka_unit_test_teardown(pvh_disks_are_all_virtio, dm_teardown),
		cmocka_unit_test_teardown(shared_disk_and_cache, dm_teardown),
		cmocka_unit_test_teardown(ahci_and_empty_cdrom, dm_teardown),
		cmocka_unit_test_teardown(disk_path_with_comma, dm_teardown),
		cmocka_unit_test_teardown(refused_disks, dm_teardown),
		cmocka_unit_test_teardown(nics, dm_teardown),
		cmocka_unit_test_teardown(channels_in_hvc_order, dm_teardown),
		cmocka_unit_test_teardown(refused_channels, dm_teardown),
		cmocka_unit_test_teardown(migrating_channel_waits_in_the_domain_dir,
					  dm_teardown),
		cmocka_unit_test_teardown(p9_shares, dm_teardown),
		cmocka_unit_test_teardown(vga_kinds, dm_teardown),
		cmocka_unit_test_teardown(vnc_password_is_a_secret, dm_teardown),
		cmocka_unit_test_teardown(spice_and_sdl, dm_teardown),
		cmocka_unit_test_teardown(serial_ports, dm_teardown),
		cmocka_unit_test_teardown(usb_devices, dm_teardown),
		cmocka_unit_test_teardown(pci_passthrough, dm_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
