/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * model-oracle.c: checks our libxl-shaped JSON against libxl itself. Each
 * config is loaded into our model, the model's values are copied into a
 * real libxl_domain_config, and libxl's own generator
 * (libxl_domain_config_to_json) must print byte for byte what we print:
 * same field names, order, nesting, enum names and omitted defaults.
 * Our one extra field, a disk's "shared", is left out of the comparison.
 *
 * usage: model-oracle FILE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxl.h>

#include "xlmodel.h"

static char *sdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void defbool(libxl_defbool *db, int v)
{
	if (v)
		libxl_defbool_set(db, v > 0);
}

static libxl_string_list strlist(char **l)
{
	libxl_string_list sl;
	int i, n = 0;

	if (!l)
		return NULL;
	while (l[n])
		n++;
	sl = calloc(n + 1, sizeof(*sl));
	for (i = 0; i < n; i++)
		sl[i] = strdup(l[i]);
	return sl;
}

static void vnc(libxl_vnc_info *x, const struct xlm_vnc *o)
{
	defbool(&x->enable, o->enable);
	x->listen = sdup(o->listen);
	x->passwd = sdup(o->passwd);
	x->display = o->display;
	defbool(&x->findunused, o->findunused);
}

static void sdl(libxl_sdl_info *x, const struct xlm_sdl *o)
{
	defbool(&x->enable, o->enable);
	defbool(&x->opengl, o->opengl);
	x->display = sdup(o->display);
	x->xauthority = sdup(o->xauthority);
}

static void hvm(libxl_domain_build_info *b, const struct xlm_hvm *h)
{
	b->u.hvm.firmware = sdup(h->firmware);
	b->u.hvm.bios = (libxl_bios_type)h->bios;
	defbool(&b->u.hvm.pae, h->pae);
	defbool(&b->u.hvm.acpi_s3, h->acpi_s3);
	defbool(&b->u.hvm.acpi_s4, h->acpi_s4);
	defbool(&b->u.hvm.acpi_laptop_slate, h->acpi_laptop_slate);
	defbool(&b->u.hvm.nx, h->nx);
	defbool(&b->u.hvm.viridian, h->viridian);
	defbool(&b->u.hvm.hpet, h->hpet);
	defbool(&b->u.hvm.vpt_align, h->vpt_align);
	b->u.hvm.mmio_hole_memkb = h->mmio_hole_memkb;
	b->u.hvm.system_firmware = sdup(h->system_firmware);
	b->u.hvm.smbios_firmware = sdup(h->smbios_firmware);
	b->u.hvm.acpi_firmware = sdup(h->acpi_firmware);
	b->u.hvm.hdtype = (libxl_hdtype)h->hdtype;
	defbool(&b->u.hvm.nographic, h->nographic);
	b->u.hvm.vga.kind = (libxl_vga_interface_type)h->vga;
	vnc(&b->u.hvm.vnc, &h->vnc);
	b->u.hvm.keymap = sdup(h->keymap);
	sdl(&b->u.hvm.sdl, &h->sdl);
	defbool(&b->u.hvm.spice.enable, h->spice.enable);
	b->u.hvm.spice.port = h->spice.port;
	b->u.hvm.spice.tls_port = h->spice.tls_port;
	b->u.hvm.spice.host = sdup(h->spice.host);
	defbool(&b->u.hvm.spice.disable_ticketing, h->spice.disable_ticketing);
	b->u.hvm.spice.passwd = sdup(h->spice.passwd);
	defbool(&b->u.hvm.spice.agent_mouse, h->spice.agent_mouse);
	defbool(&b->u.hvm.spice.vdagent, h->spice.vdagent);
	defbool(&b->u.hvm.spice.clipboard_sharing, h->spice.clipboard_sharing);
	b->u.hvm.spice.usbredirection = h->spice.usbredirection;
	b->u.hvm.spice.image_compression = sdup(h->spice.image_compression);
	b->u.hvm.spice.streaming_video = sdup(h->spice.streaming_video);
	defbool(&b->u.hvm.gfx_passthru, h->gfx_passthru);
	b->u.hvm.serial = sdup(h->serial);
	b->u.hvm.boot = sdup(h->boot);
	defbool(&b->u.hvm.usb, h->usb);
	b->u.hvm.usbversion = h->usbversion;
	b->u.hvm.usbdevice = sdup(h->usbdevice);
	defbool(&b->u.hvm.vkb_device, h->vkb_device);
	b->u.hvm.soundhw = sdup(h->soundhw);
	defbool(&b->u.hvm.xen_platform_pci, h->xen_platform_pci);
	b->u.hvm.usbdevice_list = strlist(h->usbdevice_list);
	b->u.hvm.serial_list = strlist(h->serial_list);
	b->u.hvm.rdm_mem_boundary_memkb = h->rdm_mem_boundary_memkb;
}

static libxl_bitmap *cpumaps(const struct xlm_cpumap *m, int n)
{
	libxl_bitmap *x = n ? calloc(n, sizeof(*x)) : NULL;
	int i;

	for (i = 0; i < n; i++) {
		libxl_bitmap_init(&x[i]);
		x[i].size = m[i].size;
		x[i].map = calloc(m[i].size, 1);
		memcpy(x[i].map, m[i].map, m[i].size);
	}
	return x;
}

static void b_info(libxl_domain_build_info *b, const struct xlm_b_info *o)
{
	int i;

	libxl_domain_build_info_init_type(b, (libxl_domain_type)o->type);
	b->max_vcpus = o->max_vcpus;
	if (o->avail_vcpus > 0) {
		b->avail_vcpus.size = (o->avail_vcpus + 7) / 8;
		b->avail_vcpus.map = calloc(b->avail_vcpus.size, 1);
		for (i = 0; i < o->avail_vcpus; i++)
			b->avail_vcpus.map[i / 8] |= 1 << (i % 8);
	}
	b->num_vcpu_hard_affinity = o->num_vcpu_hard_affinity;
	b->vcpu_hard_affinity = cpumaps(o->vcpu_hard_affinity,
					o->num_vcpu_hard_affinity);
	b->num_vcpu_soft_affinity = o->num_vcpu_soft_affinity;
	b->vcpu_soft_affinity = cpumaps(o->vcpu_soft_affinity,
					o->num_vcpu_soft_affinity);
	defbool(&b->numa_placement, o->numa_placement);
	b->tsc_mode = (libxl_tsc_mode)o->tsc_mode;
	b->max_memkb = o->max_memkb;
	b->target_memkb = o->target_memkb;
	b->video_memkb = o->video_memkb;
	b->shadow_memkb = o->shadow_memkb;
	b->rtc_timeoffset = o->rtc_timeoffset;
	b->exec_ssid_label = sdup(o->exec_ssid_label);
	defbool(&b->localtime, o->localtime);
	defbool(&b->disable_migrate, o->disable_migrate);
	b->blkdev_start = sdup(o->blkdev_start);
	b->max_grant_frames = o->max_grant_frames;
	b->max_maptrack_frames = o->max_maptrack_frames;
	b->max_grant_version = o->max_grant_version;
	b->device_model_version = (libxl_device_model_version)o->device_model_version;
	defbool(&b->device_model_stubdomain, o->device_model_stubdomain);
	b->stubdomain_memkb = o->stubdomain_memkb;
	b->stubdomain_kernel = sdup(o->stubdomain_kernel);
	b->stubdomain_cmdline = sdup(o->stubdomain_cmdline);
	b->stubdomain_ramdisk = sdup(o->stubdomain_ramdisk);
	b->device_model = sdup(o->device_model);
	b->device_model_ssid_label = sdup(o->device_model_ssid_label);
	b->device_model_user = sdup(o->device_model_user);
	b->extra = strlist(o->extra);
	b->extra_pv = strlist(o->extra_pv);
	b->extra_hvm = strlist(o->extra_hvm);
	b->sched_params.weight = o->sched_weight;
	b->sched_params.cap = o->sched_cap;
	defbool(&b->claim_mode, o->claim_mode);
	b->event_channels = o->event_channels;
	b->kernel = sdup(o->kernel);
	b->cmdline = sdup(o->cmdline);
	b->ramdisk = sdup(o->ramdisk);
	b->device_tree = sdup(o->device_tree);
	defbool(&b->acpi, o->acpi);
	b->bootloader = sdup(o->bootloader);
	b->bootloader_args = strlist(o->bootloader_args);
	b->timer_mode = o->timer_mode;
	defbool(&b->nested_hvm, o->nested_hvm);
	defbool(&b->apic, o->apic);
	defbool(&b->dm_restrict, o->dm_restrict);
	switch (o->type) {
	case XLM_TYPE_HVM:
		hvm(b, &o->hvm);
		break;
	case XLM_TYPE_PV:
		defbool(&b->u.pv.e820_host, o->pv.e820_host);
		break;
	case XLM_TYPE_PVH:
		defbool(&b->u.pvh.pvshim, o->pvh.pvshim);
		b->u.pvh.pvshim_path = sdup(o->pvh.pvshim_path);
		b->u.pvh.pvshim_cmdline = sdup(o->pvh.pvshim_cmdline);
		b->u.pvh.pvshim_extra = sdup(o->pvh.pvshim_extra);
		break;
	default:
		break;
	}
	defbool(&b->arch_x86.msr_relaxed, o->msr_relaxed);
	b->vmtrace_buf_kb = o->vmtrace_buf_kb;
	defbool(&b->vpmu, o->vpmu);
}

static void disk(libxl_device_disk *x, const struct xlm_disk *o)
{
	libxl_device_disk_init(x);
	x->backend_domname = sdup(o->backend_domname);
	x->pdev_path = sdup(o->pdev_path);
	x->vdev = sdup(o->vdev);
	x->backend = (libxl_disk_backend)o->backend;
	x->format = (libxl_disk_format)o->format;
	x->script = sdup(o->script);
	x->removable = o->removable;
	x->readwrite = o->readwrite;
	x->is_cdrom = o->is_cdrom;
	x->direct_io_safe = o->direct_io_safe;
	defbool(&x->discard_enable, o->discard_enable);
	x->specification = (libxl_disk_specification)o->specification;
	defbool(&x->colo_enable, o->colo_enable);
	x->colo_host = sdup(o->colo_host);
	x->colo_port = o->colo_port;
	x->colo_export = sdup(o->colo_export);
	x->active_disk = sdup(o->active_disk);
	x->hidden_disk = sdup(o->hidden_disk);
	defbool(&x->trusted, o->trusted);
}

static void nic(libxl_device_nic *x, const struct xlm_nic *o)
{
	libxl_device_nic_init(x);
	x->backend_domname = sdup(o->backend_domname);
	x->devid = o->devid;
	x->mtu = o->mtu;
	x->model = sdup(o->model);
	memcpy(x->mac, o->mac, 6);
	x->ip = sdup(o->ip);
	x->bridge = sdup(o->bridge);
	x->ifname = sdup(o->ifname);
	x->script = sdup(o->script);
	x->nictype = (libxl_nic_type)o->nictype;
	x->rate_bytes_per_interval = o->rate_bytes_per_interval;
	x->rate_interval_usecs = o->rate_interval_usecs;
	x->gatewaydev = sdup(o->gatewaydev);
	x->coloft_forwarddev = sdup(o->coloft_forwarddev);
	defbool(&x->trusted, o->trusted);
}

static void to_libxl(libxl_domain_config *x, const struct xlm_domain *d)
{
	int i;

	libxl_domain_config_init(x);
	x->c_info.type = (libxl_domain_type)d->c_info.type;
	defbool(&x->c_info.hap, d->c_info.hap);
	defbool(&x->c_info.oos, d->c_info.oos);
	x->c_info.ssid_label = sdup(d->c_info.ssid_label);
	x->c_info.name = sdup(d->c_info.name);
	memcpy(&x->c_info.uuid, d->c_info.uuid, 16);
	x->c_info.pool_name = sdup(d->c_info.pool_name);
	defbool(&x->c_info.run_hotplug_scripts, d->c_info.run_hotplug_scripts);
	defbool(&x->c_info.driver_domain, d->c_info.driver_domain);
	defbool(&x->c_info.xend_suspend_evtchn_compat,
		d->c_info.xend_suspend_evtchn_compat);
	b_info(&x->b_info, &d->b_info);

	x->num_disks = d->num_disks;
	x->disks = calloc(d->num_disks + 1, sizeof(*x->disks));
	for (i = 0; i < d->num_disks; i++)
		disk(&x->disks[i], &d->disks[i]);
	x->num_nics = d->num_nics;
	x->nics = calloc(d->num_nics + 1, sizeof(*x->nics));
	for (i = 0; i < d->num_nics; i++)
		nic(&x->nics[i], &d->nics[i]);
	x->num_pcidevs = d->num_pcidevs;
	x->pcidevs = calloc(d->num_pcidevs + 1, sizeof(*x->pcidevs));
	for (i = 0; i < d->num_pcidevs; i++) {
		libxl_device_pci *p = &x->pcidevs[i];
		const struct xlm_pci *o = &d->pcidevs[i];

		libxl_device_pci_init(p);
		p->func = o->func;
		p->dev = o->dev;
		p->bus = o->bus;
		p->domain = o->domain;
		p->vdevfn = o->vdevfn;
		p->vfunc_mask = o->vfunc_mask;
		p->msitranslate = o->msitranslate;
		p->power_mgmt = o->power_mgmt;
		p->permissive = o->permissive;
		p->seize = o->seize;
		p->rdm_policy = (libxl_rdm_reserve_policy)o->rdm_policy;
		p->name = sdup(o->name);
	}
	x->num_vfbs = d->num_vfbs;
	x->vfbs = calloc(d->num_vfbs + 1, sizeof(*x->vfbs));
	for (i = 0; i < d->num_vfbs; i++) {
		libxl_device_vfb_init(&x->vfbs[i]);
		x->vfbs[i].backend_domname = sdup(d->vfbs[i].backend_domname);
		x->vfbs[i].devid = d->vfbs[i].devid;
		vnc(&x->vfbs[i].vnc, &d->vfbs[i].vnc);
		sdl(&x->vfbs[i].sdl, &d->vfbs[i].sdl);
		x->vfbs[i].keymap = sdup(d->vfbs[i].keymap);
	}
	x->num_vkbs = d->num_vkbs;
	x->vkbs = calloc(d->num_vkbs + 1, sizeof(*x->vkbs));
	for (i = 0; i < d->num_vkbs; i++) {
		libxl_device_vkb_init(&x->vkbs[i]);
		x->vkbs[i].devid = d->vkbs[i].devid;
	}
	x->num_vtpms = d->num_vtpms;
	x->vtpms = calloc(d->num_vtpms + 1, sizeof(*x->vtpms));
	for (i = 0; i < d->num_vtpms; i++) {
		libxl_device_vtpm_init(&x->vtpms[i]);
		x->vtpms[i].backend_domname = sdup(d->vtpms[i].backend_domname);
		x->vtpms[i].devid = d->vtpms[i].devid;
		memcpy(&x->vtpms[i].uuid, d->vtpms[i].uuid, 16);
	}
	x->num_p9s = d->num_p9s;
	x->p9s = calloc(d->num_p9s + 1, sizeof(*x->p9s));
	for (i = 0; i < d->num_p9s; i++) {
		libxl_device_p9_init(&x->p9s[i]);
		x->p9s[i].backend_domname = sdup(d->p9s[i].backend_domname);
		x->p9s[i].tag = sdup(d->p9s[i].tag);
		x->p9s[i].path = sdup(d->p9s[i].path);
		x->p9s[i].security_model = sdup(d->p9s[i].security_model);
		x->p9s[i].devid = d->p9s[i].devid;
	}
	x->num_channels = d->num_channels;
	x->channels = calloc(d->num_channels + 1, sizeof(*x->channels));
	for (i = 0; i < d->num_channels; i++) {
		libxl_device_channel *c = &x->channels[i];

		libxl_device_channel_init(c);
		c->backend_domname = sdup(d->channels[i].backend_domname);
		c->devid = d->channels[i].devid;
		c->name = sdup(d->channels[i].name);
		libxl_device_channel_init_connection(c, (libxl_channel_connection)d->channels[i].connection);
		if (d->channels[i].connection == XLM_CHAN_SOCKET)
			c->u.socket.path = sdup(d->channels[i].socket_path);
	}
	x->num_usbctrls = d->num_usbctrls;
	x->usbctrls = calloc(d->num_usbctrls + 1, sizeof(*x->usbctrls));
	for (i = 0; i < d->num_usbctrls; i++) {
		libxl_device_usbctrl_init(&x->usbctrls[i]);
		x->usbctrls[i].type = (libxl_usbctrl_type)d->usbctrls[i].type;
		x->usbctrls[i].devid = d->usbctrls[i].devid;
		x->usbctrls[i].version = d->usbctrls[i].version;
		x->usbctrls[i].ports = d->usbctrls[i].ports;
	}
	x->num_usbdevs = d->num_usbdevs;
	x->usbdevs = calloc(d->num_usbdevs + 1, sizeof(*x->usbdevs));
	for (i = 0; i < d->num_usbdevs; i++) {
		libxl_device_usbdev_init(&x->usbdevs[i]);
		x->usbdevs[i].ctrl = d->usbdevs[i].ctrl;
		x->usbdevs[i].port = d->usbdevs[i].port;
		libxl_device_usbdev_init_type(&x->usbdevs[i], LIBXL_USBDEV_TYPE_HOSTDEV);
		x->usbdevs[i].u.hostdev.hostbus = d->usbdevs[i].hostbus;
		x->usbdevs[i].u.hostdev.hostaddr = d->usbdevs[i].hostaddr;
	}
	x->on_poweroff = (libxl_action_on_shutdown)d->on_poweroff;
	x->on_reboot = (libxl_action_on_shutdown)d->on_reboot;
	x->on_watchdog = (libxl_action_on_shutdown)d->on_watchdog;
	x->on_crash = (libxl_action_on_shutdown)d->on_crash;
	x->on_soft_reset = (libxl_action_on_shutdown)d->on_soft_reset;
}

int main(int argc, char **argv)
{
	int i, bad = 0;

	for (i = 1; i < argc; i++) {
		struct xlm_domain d;
		libxl_domain_config x;
		json_object *o, *disks;
		char *mine = NULL, *theirs;
		size_t n;
		FILE *f;
		int k;

		if (xlm_load(argv[i], NULL, NULL, &d)) {
			printf("%s: does not load\n", argv[i]);
			bad++;
			continue;
		}
		o = xlm_domain_json(&d);
		if (json_object_object_get_ex(o, "disks", &disks))
			for (k = 0; k < (int)json_object_array_length(disks); k++)
				json_object_object_del(json_object_array_get_idx(disks, k),
						       "shared");
		f = open_memstream(&mine, &n);
		xlm_json_print(f, o);
		fclose(f);
		json_object_put(o);
		to_libxl(&x, &d);
		theirs = libxl_domain_config_to_json(NULL, &x);
		if (!theirs || strcmp(theirs, mine)) {
			printf("%s: our JSON differs from libxl's\n--- libxl\n%s--- ours\n%s",
			       argv[i], theirs ? theirs : "(none)\n", mine);
			bad++;
		} else {
			printf("%s: same JSON as libxl\n", argv[i]);
		}
		free(theirs);
		free(mine);
		libxl_domain_config_dispose(&x);
		xlm_domain_dispose(&d);
	}
	return bad ? 1 : 0;
}
