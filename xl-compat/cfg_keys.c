/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cfg_keys.c: the keys xl reads (Xen 4.17's xl.cfg(5)) and which of them mean
 * nothing on KVM; warnings about unknown and meaningless keys, once per key.
 */
#include <stdlib.h>
#include <string.h>

#include "cfg_internal.h"

struct key {
	const char *name;
	const char *kvm_why;	/* non-NULL: no meaning on KVM, and why */
};

/* sorted by name for bsearch */
static const struct key keys[] = {
	{ "acpi", NULL },
	{ "acpi_firmware", NULL },
	{ "acpi_laptop_slate", NULL },
	{ "acpi_s3", NULL },
	{ "acpi_s4", NULL },
	{ "altp2m", "alternate p2m is a Xen hypervisor feature" },
	{ "altp2m_count", "alternate p2m is a Xen hypervisor feature" },
	{ "altp2mhvm", "alternate p2m is a Xen hypervisor feature" },
	{ "apic", NULL },
	{ "arm_sci", "ARM settings do not apply to an x86 KVM host" },
	{ "bios", NULL },
	{ "bios_path_override", NULL },
	{ "boot", NULL },
	{ "bootloader", NULL },
	{ "bootloader_args", NULL },
	{ "bootloader_restrict", "the bootloader runs unrestricted" },
	{ "bootloader_user", "the bootloader runs unrestricted" },
	{ "builder", NULL },
	{ "cap", "Xen scheduler parameters do not apply to KVM" },
	{ "channel", NULL },
	{ "cmdline", NULL },
	{ "cpu_weight", "Xen scheduler parameters do not apply to KVM" },
	{ "cpuid", NULL },
	{ "cpus", NULL },
	{ "cpus_soft", "Linux has no soft affinity; cpus= pins vCPUs" },
	{ "device_model", "xl ignores it; use device_model_override" },
	{ "device_model_accel", NULL },	/* ours: the accelerator */
	{ "device_model_args", NULL },
	{ "device_model_args_hvm", NULL },
	{ "device_model_args_pv", NULL },
	{ "device_model_override", NULL },
	{ "device_model_stubdomain_override", "QEMU never runs in a stub domain on KVM" },
	{ "device_model_stubdomain_seclabel", "XSM/FLASK labels do not exist on KVM" },
	{ "device_model_user", NULL },
	{ "device_model_version", NULL },
	{ "device_tree", NULL },
	{ "disk", NULL },
	{ "display", NULL },
	{ "dm_restrict", NULL },
	{ "driver_domain", "there are no Xen driver domains on KVM" },
	{ "dtdev", "device-tree passthrough is an ARM Xen feature" },
	{ "e820_host", "the host E820 map is a Xen PV passthrough detail" },
	{ "extra", NULL },
	{ "extratime", "Xen scheduler parameters do not apply to KVM" },
	{ "firmware", NULL },
	{ "firmware_override", NULL },
	{ "gfx_passthru", NULL },
	{ "gic_version", "ARM settings do not apply to an x86 KVM host" },
	{ "hap", "KVM always uses hardware-assisted paging when the CPU has it" },
	{ "hdtype", NULL },
	{ "hpet", NULL },
	{ "hvm_pirq", "there are no Xen PIRQs" },
	{ "init_seclabel", "XSM/FLASK labels do not exist on KVM" },
	{ "iomem", "raw I/O memory passthrough has no KVM counterpart; pass the whole device with pci=" },
	{ "ioports", "raw I/O port passthrough has no KVM counterpart; pass the whole device with pci=" },
	{ "irqs", "raw IRQ passthrough has no KVM counterpart; pass the whole device with pci=" },
	{ "kernel", NULL },
	{ "keymap", NULL },
	{ "latency", "Xen scheduler parameters do not apply to KVM" },
	{ "llc_colors", "Xen cache colouring does not exist on KVM" },
	{ "localtime", NULL },
	{ "max_event_channels", "there are no Xen event channels to limit" },
	{ "max_grant_frames", "there are no grant tables to size" },
	{ "max_grant_version", "there are no grant tables" },
	{ "max_maptrack_frames", "there are no grant tables to size" },
	{ "maxmem", NULL },
	{ "maxvcpus", NULL },
	{ "mca_caps", "Xen machine-check capabilities do not apply to KVM" },
	{ "memory", NULL },
	{ "mmio_hole", NULL },
	{ "ms_vm_genid", NULL },
	{ "msr_relaxed", "Xen MSR policy does not apply to KVM" },
	{ "name", NULL },
	{ "nestedhvm", NULL },
	{ "nographic", NULL },
	{ "nomigrate", NULL },
	{ "nr_spis", "ARM settings do not apply to an x86 KVM host" },
	{ "nx", NULL },
	{ "on_crash", NULL },
	{ "on_poweroff", NULL },
	{ "on_reboot", NULL },
	{ "on_soft_reset", NULL },
	{ "on_watchdog", NULL },
	{ "oos", "out-of-sync shadow page tables are a Xen shadow-paging feature" },
	{ "opengl", NULL },
	{ "p9", NULL },
	{ "pae", NULL },
	{ "passthrough", "IOMMU page-table sharing is a Xen setting" },
	{ "pci", NULL },
	{ "pci_msitranslate", NULL },
	{ "pci_permissive", NULL },
	{ "pci_power_mgmt", NULL },
	{ "pci_seize", NULL },
	{ "period", "Xen scheduler parameters do not apply to KVM" },
	{ "pool", "Xen cpupools do not exist on KVM" },
	{ "pvcalls", "PV calls need a Xen backend that does not exist on KVM" },
	{ "pvshim", NULL },	/* xen mode (dm_argv.c) */
	{ "pvshim_cmdline", NULL },	/* xen mode (dm_argv.c) */
	{ "pvshim_extra", NULL },	/* xen mode (dm_argv.c) */
	{ "pvshim_path", NULL },	/* xen mode (dm_argv.c) */
	{ "ramdisk", NULL },
	{ "rdm", "reserved device memory is handled by the host IOMMU driver under VFIO" },
	{ "rdm_mem_boundary", NULL },
	{ "root", NULL },
	{ "rtc_timeoffset", NULL },
	{ "sdl", NULL },
	{ "seclabel", "XSM/FLASK labels do not exist on KVM" },
	{ "serial", NULL },
	{ "shadow_memory", "there is no Xen shadow-paging pool" },
	{ "slice", "Xen scheduler parameters do not apply to KVM" },
	{ "smbios", NULL },
	{ "smbios_firmware", NULL },
	{ "soundhw", NULL },
	{ "spice", NULL },
	{ "spice_clipboard_sharing", NULL },
	{ "spice_image_compression", NULL },
	{ "spice_streaming_video", NULL },
	{ "spiceagent_mouse", NULL },
	{ "spicedisable_ticketing", NULL },
	{ "spicehost", NULL },
	{ "spicepasswd", NULL },
	{ "spiceport", NULL },
	{ "spicetls_port", NULL },
	{ "spiceusbredirection", NULL },
	{ "spicevdagent", NULL },
	{ "stdvga", NULL },
	{ "stubdomain_cmdline", "QEMU never runs in a stub domain on KVM" },
	{ "stubdomain_kernel", "QEMU never runs in a stub domain on KVM" },
	{ "stubdomain_memory", "QEMU never runs in a stub domain on KVM" },
	{ "stubdomain_ramdisk", "QEMU never runs in a stub domain on KVM" },
	{ "sve", "ARM settings do not apply to an x86 KVM host" },
	{ "tee", "ARM settings do not apply to an x86 KVM host" },
	{ "timer_mode", "Xen virtual timer modes do not apply to KVM" },
	{ "trap_unmapped_accesses", "ARM settings do not apply to an x86 KVM host" },
	{ "tsc_mode", NULL },
	{ "type", NULL },
	{ "usb", NULL },
	{ "usbctrl", NULL },
	{ "usbdev", NULL },
	{ "usbdevice", NULL },
	{ "usbversion", NULL },
	{ "uuid", NULL },
	{ "vcpus", NULL },
	{ "vdispl", "PV displays need a Xen displif backend, which does not exist on KVM" },
	{ "vendor_device", "the XenServer vendor PCI device does not exist on KVM" },
	{ "vfb", NULL },
	{ "vga", NULL },
	{ "videoram", NULL },
	{ "vif", NULL },
	{ "vif2", "netchannel2 was removed long ago" },
	{ "viridian", NULL },
	{ "virtio", NULL },
	{ "vkb", "PV keyboards need a Xen vkbd backend; a vfb brings virtio input devices" },
	{ "vkb_device", NULL },
	{ "vmtrace_buf_kb", "Xen processor-trace buffers do not exist on KVM" },
	{ "vnc", NULL },
	{ "vncdisplay", NULL },
	{ "vnclisten", NULL },
	{ "vncpasswd", NULL },
	{ "vncunused", NULL },
	{ "vncviewer", NULL },
	{ "vnuma", "virtual NUMA is not implemented on KVM yet" },
	{ "vpmu", NULL },
	{ "vpt_align", "Xen virtual platform timers do not apply to KVM" },
	{ "vsnd", "PV sound needs a Xen sndif backend; soundhw= gives an emulated card" },
	{ "vtpm", NULL },
	{ "vuart", "ARM settings do not apply to an x86 KVM host" },
	{ "xauthority", NULL },
	{ "xen_platform_pci", "KVM guests have no Xen platform PCI device" },
	{ "xen_platform_pci_bar_uc", "KVM guests have no Xen platform PCI device" },
	{ "xend_suspend_evtchn_compat", "there are no event channels" },
	{ "xenstore_feature_mask", "the guest xenstore features are fixed by xenstored-kvm" },
	{ "xenstore_quota", NULL },
};

static int cmp(const void *a, const void *b)
{
	return strcmp(a, ((const struct key *)b)->name);
}

int xlcfg_key_class(const char *name, const char **why)
{
	const struct key *k = bsearch(name, keys, sizeof(keys) / sizeof(keys[0]),
				      sizeof(keys[0]), cmp);

	if (!k)
		return 0;
	if (why)
		*why = k->kvm_why;
	return k->kvm_why ? 2 : 1;
}

int xlcfg_warn_keys(const struct xlcfg *cfg)
{
	const struct xlcfg_setting *s;
	const char *why;
	int n = 0;

	/* the winning setting of each key is unique: one warning per key */
	for (s = xlcfg_settings(cfg); s; s = s->next) {
		if (s->superseded)
			continue;
		switch (xlcfg_key_class(s->name, &why)) {
		case 0:
			xlcfg__diag(cfg, "warning", NULL, NULL, s->line, s->col,
				    "unknown key `%s' (ignored)", s->name);
			n++;
			break;
		case 2:
			xlcfg__diag(cfg, "warning", NULL, NULL, s->line, s->col,
				    "`%s' has no meaning on KVM and is ignored: %s",
				    s->name, why);
			n++;
			break;
		}
	}
	return n;
}
