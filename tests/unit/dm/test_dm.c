/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the device-model command line, domain-wide part: the three
 * modes (xen's argv included: it cannot run here), boots (PVH and PV
 * direct kernel, HVM firmware, the PV shim), memory and balloon, vCPUs,
 * identity, lifecycle policy, device_model_args/_hvm/_pv appended verbatim
 * and last, the binary, and refused combinations.
 */
#include "dm_test.h"

#define PVH "name='g'\ntype='pvh'\nkernel='/k/vmlinuz'\nramdisk='/k/initrd'\n"

static void pvh_direct_kernel_kvm(void **state)
{
	dm_ok(PVH "root='/dev/xvda1'\nextra='console=hvc0 quiet'\n"
	      "memory=256\nvcpus=2\nmaxvcpus=4\n"
	      "uuid='6f1a8e35-2c41-4c1f-9b52-0e2c4e0f6a11'\n", XLRT_ACCEL_KVM);
	assert_string_equal(dm.args.v[0], "-nodefaults");
	assert_string_equal(dm.args.v[1], "-no-user-config");
	assert_opt("-machine", "pc");
	assert_opt("-accel", "kvm");
	assert_opt("-cpu", "host");
	assert_opt("-kernel", "/k/vmlinuz");
	assert_opt("-initrd", "/k/initrd");
	/* libxl's cmdline from root= and extra= */
	assert_opt("-append", "root=/dev/xvda1 console=hvc0 quiet");
	assert_opt("-m", "size=256M");
	assert_opt("-smp", "cpus=2,maxcpus=4");
	assert_opt("-name", "g,process=qemu-dm-7");
	assert_opt("-uuid", "6f1a8e35-2c41-4c1f-9b52-0e2c4e0f6a11");
	assert_opt("-msg", "timestamp=on");
	assert_opt("-display", "none");
	assert_true(dm_find_arg("-no-shutdown") >= 0);
	assert_true(dm_find_arg("-no-reboot") >= 0);
	assert_opt("-device", "pvpanic");
	assert_opt("-action", "panic=pause,watchdog=pause");
	assert_int_equal(dm.balloon_target_mib, 0);
	/* the launcher's options are never ours */
	assert_int_equal(dm_count("-qmp"), 0);
	assert_int_equal(dm_count("-sandbox"), 0);
	assert_int_equal(dm_count("-run-with"), 0);
	assert_int_equal(dm_count("-runas"), 0);
	assert_int_equal(dm_count("-daemonize"), 0);
	/* "xen-" only in our paths: no Xen device or option */
	assert_int_equal(dm_count("xen-"), dm_count("/xen-kvm/"));
	assert_int_equal(dm_count("xen_emul_unplug"), 0);
	assert_null(dm.args.v[dm.args.n]);
	assert_string_equal(dm.qemu, "qemu-system-x86_64");
	assert_int_equal(dm.num_files, 0);
}

static void cmdline_wins_and_tcg(void **state)
{
	dm_ok(PVH "cmdline='ro console=hvc0'\n", XLRT_ACCEL_TCG);
	assert_opt("-accel", "tcg");
	assert_opt("-cpu", "max");
	assert_opt("-append", "ro console=hvc0");
	assert_true(dm_find_prefix("-accel", "kvm") < 0);
}

static void xen_mode_argv(void **state)
{
	dm_ok(PVH "extra='console=hvc0'\n"
	      "disk=['/img/a.qcow2,qcow2,xvda,w', '/img/cd.iso,raw,xvdc,r,devtype=cdrom']\n"
	      "vif=['mac=00:16:3e:01:02:03']\n"
	      "channel=['name=log,connection=pty']\n"
	      "p9=['tag=share,path=/srv/s,security_model=none']\n",
	      XLRT_ACCEL_XEN);
	assert_opt("-accel", "kvm,xen-version=0x40013,kernel-irqchip=split");
	assert_opt("-cpu", "host,+xen-vapic");
	assert_opt("-xen-domid", "7");
	assert_opt("-machine", "pc");
	assert_opt("-drive", "if=none,id=disk0,file=/img/a.qcow2,format=qcow2");
	assert_opt("-device", "xen-disk,vdev=xvda,drive=disk0");
	assert_opt("-drive", "if=none,id=disk1,file=/img/cd.iso,format=raw,"
		   "readonly=on");
	assert_opt("-device", "xen-cdrom,vdev=xvdc,drive=disk1");
	assert_opt("-device", "xen-net-device,id=nic0,netdev=net0,"
		   "mac=00:16:3e:01:02:03,idx=0");
	assert_opt("-device", "xen-console,idx=0,chardev=con0");
	assert_opt("-device", "xen-console,idx=1,chardev=chan0");
	/* no Xen 9pfs in QEMU: virtio-9p, and the guest keeps virtio */
	assert_opt("-device", "virtio-9p-pci,fsdev=fs0,mount_tag=share");
	assert_opt("-append", "console=hvc0 xen_emul_unplug=never");
	/* the guest link is virtio-serial in every mode */
	assert_opt("-device", "virtserialport,bus=vser0.0,chardev=link,"
		   "name=org.xenkvm.link");
	assert_int_equal(dm_count("virtio-blk"), 0);
	assert_int_equal(dm_count("virtio-net"), 0);
	assert_int_equal(dm_count("virtconsole"), 0);
}

static void xen_mode_hvm_disk_has_ide_twin(void **state)
{
	dm_ok("name='h'\ntype='hvm'\ndisk=['/img/h.raw,raw,hda,w']\n",
	      XLRT_ACCEL_XEN);
	/* QEMU's documented way: the firmware boots IDE, the guest unplugs
	 * it and uses xen-disk; both open the image without locking */
	assert_opt("-drive", "if=none,id=disk0,file.locking=off,"
		   "file=/img/h.raw,format=raw");
	assert_opt("-drive", "if=none,id=disk0-ide,file.locking=off,"
		   "file=/img/h.raw,format=raw");
	assert_opt("-device", "ide-hd,drive=disk0-ide,bus=ide.0,unit=0");
	assert_opt("-device", "xen-disk,vdev=hda,drive=disk0");
}

static void xen_mode_pv_needs_shim(void **state)
{
	dm_fails("name='p'\ntype='pv'\nkernel='/k/vmlinuz'\n", XLRT_ACCEL_XEN,
		 "PV shim");
	/* the same guest boots directly in kvm and tcg mode */
	dm_ok("name='p'\ntype='pv'\nkernel='/k/vmlinuz'\nextra='console=hvc0'\n",
	      XLRT_ACCEL_KVM);
	assert_opt("-kernel", "/k/vmlinuz");
	assert_opt("-append", "console=hvc0");
}

static void xen_mode_pv_in_shim(void **state)
{
	dm_ok(PVH "pvshim=1\npvshim_path='/x/xen-shim'\nextra='console=hvc0'\n",
	      XLRT_ACCEL_XEN);
	assert_opt("-kernel", "/x/xen-shim");
	assert_opt("-initrd", "/k/vmlinuz,/k/initrd");
	assert_opt("-append", "pv-shim console=xen,pv -- console=hvc0 "
		   "xen_emul_unplug=never");
	/* default shim path and extra shim options */
	dm_ok("name='s'\ntype='pvh'\nkernel='/k/a,b'\npvshim=1\n"
	      "pvshim_extra='loglvl=all'\n", XLRT_ACCEL_XEN);
	assert_opt("-kernel", "/usr/lib/xen/boot/xen-shim");
	assert_opt("-initrd", "/k/a,,b");	/* commas doubled */
	assert_opt("-append", "pv-shim console=xen,pv loglvl=all -- "
		   "xen_emul_unplug=never");
}

/* xl refuses a PV/PVH config without kernel and bootloader; a model
 * built otherwise must still be refused */
static void direct_kernel_needs_kernel(void **state)
{
	struct xlrt_dm_env env = { .accel = XLRT_ACCEL_KVM, .domid = 3 };
	struct xlm_domain d;

	dm_model(PVH, &d);
	free(d.b_info.kernel);
	d.b_info.kernel = NULL;
	assert_int_equal(xlrt_dm_build(&d, &env, &dm, dm_err,
				       sizeof(dm_err)), -EINVAL);
	assert_non_null(strstr(dm_err, "kernel="));
	xlm_domain_dispose(&d);
	dm_fails("name='g'\ntype='pv'\nbootloader='pygrub'\n", XLRT_ACCEL_KVM,
		 "bootloader");
}

static void hvm_firmware_boot(void **state)
{
	dm_ok("name='h'\ntype='hvm'\nmemory=512\nboot='dc'\nacpi=0\nhpet=0\n"
	      "localtime=1\n", XLRT_ACCEL_TCG);
	assert_opt("-boot", "order=dc");
	assert_opt("-machine", "pc,acpi=off,hpet=off");
	assert_opt("-rtc", "base=localtime");
	assert_true(dm_find_prefix("-kernel", "") < 0);
	/* 512 MiB minus the default cirrus videoram (8 MiB), as libxl */
	assert_opt("-m", "size=504M");
	dm_ok("name='h'\ntype='hvm'\nbios='ovmf'\n", XLRT_ACCEL_TCG);
	assert_opt("-bios", "/usr/share/ovmf/OVMF.fd");
	assert_opt("-boot", "order=cda");	/* libxl's default */
	dm_fails("name='h'\ntype='hvm'\nboot='c1'\n", XLRT_ACCEL_TCG, "boot=");
}

static void memory_and_balloon(void **state)
{
	dm_ok(PVH "memory=256\nmaxmem=1024\n", XLRT_ACCEL_KVM);
	/* RAM is maxmem; the monitor balloons the guest down to memory */
	assert_opt("-m", "size=1024M");
	assert_opt("-device", "virtio-balloon-pci,id=balloon0");
	assert_int_equal(dm.balloon_target_mib, 256);
	dm_ok("name='h'\ntype='hvm'\nmemory=512\nmaxmem=1024\nvga='stdvga'\n"
	      "videoram=16\n", XLRT_ACCEL_KVM);
	assert_opt("-m", "size=1008M");
	assert_int_equal(dm.balloon_target_mib, 496);
}

static void name_with_comma_is_escaped(void **state)
{
	dm_ok("name='a,b'\ntype='pvh'\nkernel='/k'\n", XLRT_ACCEL_KVM);
	assert_opt("-name", "a,,b,process=qemu-dm-7");
}

static void device_model_args_verbatim_and_last(void **state)
{
	size_t n;

	dm_ok("name='h'\ntype='hvm'\n"
	      "device_model_args=['-spice', 'unix=on,addr=/s.sock', '-full-screen']\n"
	      "device_model_args_hvm=['-chardev', 'socket,id=x,path=/p,server,nowait']\n"
	      "device_model_args_pv=['-never']\n", XLRT_ACCEL_KVM);
	n = dm.args.n;
	assert_string_equal(dm.args.v[n - 5], "-spice");
	assert_string_equal(dm.args.v[n - 4], "unix=on,addr=/s.sock");
	assert_string_equal(dm.args.v[n - 3], "-full-screen");
	assert_string_equal(dm.args.v[n - 2], "-chardev");
	assert_string_equal(dm.args.v[n - 1], "socket,id=x,path=/p,server,nowait");
	assert_int_equal(dm_find_arg("-never"), -1);
	/* PV and PVH get _pv, not _hvm */
	dm_ok(PVH "device_model_args=['-a']\ndevice_model_args_pv=['-b']\n"
	      "device_model_args_hvm=['-c']\n", XLRT_ACCEL_KVM);
	n = dm.args.n;
	assert_string_equal(dm.args.v[n - 2], "-a");
	assert_string_equal(dm.args.v[n - 1], "-b");
	assert_int_equal(dm_find_arg("-c"), -1);
}

static void user_display_replaces_display_none(void **state)
{
	dm_ok("name='h'\ntype='hvm'\nvnc=0\n"
	      "device_model_args=['-device', 'virtio-gpu-gl', '-display', "
	      "'gtk,gl=on']\n", XLRT_ACCEL_KVM);
	assert_int_equal(dm_find("-display", "none"), -1);
	assert_true(dm_find("-display", "gtk,gl=on") >= 0);
	assert_int_equal(dm_count("-vnc"), 0);
}

static void device_model_override(void **state)
{
	dm_ok(PVH "device_model_version='qemu-xen'\n"
	      "device_model_override='/opt/q/qemu-system-x86_64'\n",
	      XLRT_ACCEL_KVM);
	assert_string_equal(dm.qemu, "/opt/q/qemu-system-x86_64");
}

static void env_qemu_and_refusals(void **state)
{
	struct xlrt_dm_env env = { .accel = XLRT_ACCEL_KVM, .domid = 3,
				   .qemu = "/usr/local/bin/qemu" };
	struct xlm_domain d;

	dm_model(PVH, &d);
	assert_int_equal(xlrt_dm_build(&d, &env, &dm, dm_err,
				       sizeof(dm_err)), 0);
	assert_string_equal(dm.qemu, "/usr/local/bin/qemu");
	xlrt_dm_free(&dm);
	env.accel = XLRT_ACCEL_AUTO;
	assert_int_equal(xlrt_dm_build(&d, &env, &dm, dm_err,
				       sizeof(dm_err)), -EINVAL);
	assert_non_null(strstr(dm_err, "accelerator"));
	assert_null(dm.args.v);
	env.accel = XLRT_ACCEL_TCG;
	env.domid = 0;
	assert_int_equal(xlrt_dm_build(&d, &env, &dm, dm_err,
				       sizeof(dm_err)), -EINVAL);
	assert_non_null(strstr(dm_err, "dom0"));
	xlm_domain_dispose(&d);
	/* a model without libxl's defaults has no memory size */
	xlm_domain_init(&d);
	d.c_info.name = strdup("raw");
	d.c_info.type = d.b_info.type = XLM_TYPE_PVH;
	d.b_info.kernel = strdup("/k");
	env.domid = 3;
	assert_int_equal(xlrt_dm_build(&d, &env, &dm, dm_err,
				       sizeof(dm_err)), -EINVAL);
	assert_non_null(strstr(dm_err, "setdefault"));
	xlm_domain_dispose(&d);
}

/* The vsock transport is added next to the serial port, never instead. */
static void guest_link_vsock(void **state)
{
	struct xlrt_dm_env env = { .accel = XLRT_ACCEL_KVM, .domid = 3 };
	struct xlm_domain d;
	static const char serial[] = "virtserialport,bus=vser0.0,chardev=link,"
				     "name=org.xenkvm.link";

	dm_model(PVH, &d);
	assert_int_equal(xlrt_dm_build(&d, &env, &dm, dm_err,
				       sizeof(dm_err)), 0);
	assert_opt("-device", serial);
	assert_int_equal(dm_count("vsock"), 0);
	xlrt_dm_free(&dm);
	env.vsock_cid = 0x10003;
	assert_int_equal(xlrt_dm_build(&d, &env, &dm, dm_err,
				       sizeof(dm_err)), 0);
	assert_opt("-device", serial);
	assert_opt("-device", "vhost-vsock-pci,id=vsock0,guest-cid=65539");
	assert_int_equal(dm_count("vsock"), 1);
	xlrt_dm_free(&dm);
	env.accel = XLRT_ACCEL_XEN;	/* virtio in every mode, as the port */
	env.vsock_cid = 0xfffffffe;
	assert_int_equal(xlrt_dm_build(&d, &env, &dm, dm_err,
				       sizeof(dm_err)), 0);
	assert_opt("-device", "vhost-vsock-pci,id=vsock0,guest-cid=4294967294");
	xlm_domain_dispose(&d);
}

static void viridian_and_rtc_offset_warn(void **state)
{
	dm_ok("name='h'\ntype='hvm'\nviridian=1\nrtc_timeoffset=3600\n",
	      XLRT_ACCEL_KVM);
	assert_int_equal(dm.warnings.n, 2);
	assert_non_null(strstr(dm.warnings.v[0], "rtc_timeoffset"));
	assert_non_null(strstr(dm.warnings.v[1], "viridian"));
}

static void platform_keys(void **state)
{
	dm_ok("name='h'\ntype='hvm'\nacpi_s3=0\nacpi_s4=0\npae=0\nnx=0\n"
	      "smbios_firmware='/f/smbios.bin'\nacpi_firmware='/f/ssdt.aml'\n"
	      "soundhw='hda'\ntsc_mode='native'\n", XLRT_ACCEL_KVM);
	assert_opt("-global", "PIIX4_PM.disable_s3=1");
	assert_opt("-global", "PIIX4_PM.disable_s4=1");
	assert_opt("-cpu", "host,-pae,-nx");
	assert_opt("-smbios", "file=/f/smbios.bin");
	assert_opt("-acpitable", "file=/f/ssdt.aml");
	assert_opt("-audiodev", "none,id=snd0");
	assert_opt("-device", "intel-hda");
	assert_opt("-device", "hda-duplex,audiodev=snd0");
	assert_int_equal(dm.warnings.n, 1);
	assert_non_null(strstr(dm.warnings.v[0], "tsc_mode"));
	dm_ok("name='h'\ntype='hvm'\nsoundhw='ac97'\n", XLRT_ACCEL_TCG);
	assert_opt("-device", "AC97,audiodev=snd0");
	dm_fails("name='h'\ntype='hvm'\nsoundhw='gus'\n", XLRT_ACCEL_TCG,
		 "soundhw");
	dm_fails("name='h'\ntype='hvm'\ngfx_passthru=1\n", XLRT_ACCEL_KVM,
		 "gfx_passthru");
	dm_fails(PVH "vtpm=['backend=vtpmdom']\n", XLRT_ACCEL_KVM, "vtpm");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(pvh_direct_kernel_kvm, dm_teardown),
		cmocka_unit_test_teardown(cmdline_wins_and_tcg, dm_teardown),
		cmocka_unit_test_teardown(xen_mode_argv, dm_teardown),
		cmocka_unit_test_teardown(xen_mode_hvm_disk_has_ide_twin,
					  dm_teardown),
		cmocka_unit_test_teardown(xen_mode_pv_needs_shim, dm_teardown),
		cmocka_unit_test_teardown(xen_mode_pv_in_shim, dm_teardown),
		cmocka_unit_test_teardown(direct_kernel_needs_kernel,
					  dm_teardown),
		cmocka_unit_test_teardown(hvm_firmware_boot, dm_teardown),
		cmocka_unit_test_teardown(memory_and_balloon, dm_teardown),
		cmocka_unit_test_teardown(name_with_comma_is_escaped,
					  dm_teardown),
		cmocka_unit_test_teardown(device_model_args_verbatim_and_last,
					  dm_teardown),
		cmocka_unit_test_teardown(user_display_replaces_display_none,
					  dm_teardown),
		cmocka_unit_test_teardown(device_model_override, dm_teardown),
		cmocka_unit_test_teardown(env_qemu_and_refusals, dm_teardown),
		cmocka_unit_test_teardown(guest_link_vsock, dm_teardown),
		cmocka_unit_test_teardown(viridian_and_rtc_offset_warn,
					  dm_teardown),
		cmocka_unit_test_teardown(platform_keys, dm_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
