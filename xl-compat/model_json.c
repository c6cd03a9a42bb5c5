/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * model_json.c: the domain model as libxl's JSON: fields in
 * libxl_types.idl order, each left out while it holds its initial value,
 * nested structs always present, enums by their lower-case idl names and
 * keyed unions as "keyvar.case" members.
 */
#include <stdio.h>
#include <string.h>

#include "xlmodel.h"

static void add(json_object *o, const char *k, json_object *v)
{
	json_object_object_add(o, k, v);
}

static void str(json_object *o, const char *k, const char *s)
{
	if (s)
		add(o, k, json_object_new_string(s));
}

static void num(json_object *o, const char *k, int64_t v, int64_t dflt)
{
	if (v != dflt)
		add(o, k, json_object_new_int64(v));
}

static void memkb(json_object *o, const char *k, uint64_t v)
{
	if (v != XLM_MEMKB_DEFAULT)
		add(o, k, json_object_new_int64((int64_t)v));
}

static void defbool(json_object *o, const char *k, int v)
{
	if (v)
		add(o, k, json_object_new_string(v > 0 ? "True" : "False"));
}

static void boolean(json_object *o, const char *k, int v)
{
	if (v)
		add(o, k, json_object_new_boolean(1));
}

static void enumv(json_object *o, const char *k, int v, int dflt,
		  const char *const *names, int lo)
{
	if (v != dflt)
		str(o, k, xlm_enum_name(names, lo, v));
}

static void strlist(json_object *o, const char *k, char **l)
{
	json_object *a;

	if (!l || !l[0])
		return;
	a = json_object_new_array();
	for (; *l; l++)
		json_object_array_add(a, json_object_new_string(*l));
	add(o, k, a);
}

static void uuid(json_object *o, const char *k, const uint8_t u[16])
{
	static const uint8_t nil[16];
	char buf[40];

	if (!memcmp(u, nil, 16))
		return;
	snprintf(buf, sizeof(buf),
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
		 u[10], u[11], u[12], u[13], u[14], u[15]);
	str(o, k, buf);
}

static const char *const domain_types[] = { "invalid", NULL, "hvm", "pv",
					    "pvh" };
static const char *const disk_backends[] = { "unknown", "phy", "tap",
					     "qdisk", "standalone" };
static const char *const disk_specs[] = { "unknown", "xen", "virtio" };
static const char *const nic_types[] = { "unknown", "vif_ioemu", "vif" };
static const char *const actions[] = { "destroy", "restart",
	"restart_rename", "preserve", "coredump_destroy", "coredump_restart",
	"soft_reset" };
static const char *const rdm_policies[] = { "invalid", "strict", "relaxed" };
static const char *const usbctrl_types[] = { "auto", "pv", "devicemodel",
					     "qusb" };
static const char *const dm_versions[] = { "unknown", "qemu_xen_traditional",
					   "qemu_xen" };
static const char *const vga_kinds[] = { "unknown", "cirrus", "std", "none",
					 "qxl" };
static const char *const bios_types[] = { "unknown", "rombios", "seabios",
					  "ovmf" };
static const char *const tsc_modes[] = { "default", "always_emulate",
					 "native", "native_paravirt" };
static const char *const timer_modes[] = { "unknown",
	"delay_for_missed_ticks", "no_delay_for_missed_ticks",
	"no_missed_ticks_pending", "one_missed_tick_pending" };
static const char *const hdtypes[] = { "ide", "ahci" };

json_object *xlm_disk_json(const struct xlm_disk *d)
{
	json_object *o = json_object_new_object();

	str(o, "backend_domname", d->backend_domname);
	str(o, "pdev_path", d->pdev_path);
	str(o, "vdev", d->vdev);
	enumv(o, "backend", d->backend, 0, disk_backends, 0);
	enumv(o, "format", d->format, 0, xlm_disk_format_names, 0);
	str(o, "script", d->script);
	num(o, "removable", d->removable, 0);
	num(o, "readwrite", d->readwrite, 0);
	num(o, "is_cdrom", d->is_cdrom, 0);
	boolean(o, "direct_io_safe", d->direct_io_safe);
	defbool(o, "discard_enable", d->discard_enable);
	enumv(o, "specification", d->specification, 0, disk_specs, 0);
	defbool(o, "colo_enable", d->colo_enable);
	str(o, "colo_host", d->colo_host);
	num(o, "colo_port", d->colo_port, 0);
	str(o, "colo_export", d->colo_export);
	str(o, "active_disk", d->active_disk);
	str(o, "hidden_disk", d->hidden_disk);
	defbool(o, "trusted", d->trusted);
	/* ours: `w!' access */
	boolean(o, "shared", d->shared);
	return o;
}

json_object *xlm_nic_json(const struct xlm_nic *n)
{
	static const uint8_t nomac[6];
	json_object *o = json_object_new_object();

	str(o, "backend_domname", n->backend_domname);
	num(o, "devid", n->devid, XLM_DEVID_DEFAULT);
	num(o, "mtu", n->mtu, 0);
	str(o, "model", n->model);
	if (memcmp(n->mac, nomac, 6)) {
		char mac[18];

		snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
			 n->mac[0], n->mac[1], n->mac[2], n->mac[3],
			 n->mac[4], n->mac[5]);
		str(o, "mac", mac);
	}
	str(o, "ip", n->ip);
	str(o, "bridge", n->bridge);
	str(o, "ifname", n->ifname);
	str(o, "script", n->script);
	enumv(o, "nictype", n->nictype, 0, nic_types, 0);
	num(o, "rate_bytes_per_interval", (int64_t)n->rate_bytes_per_interval, 0);
	num(o, "rate_interval_usecs", n->rate_interval_usecs, 0);
	str(o, "gatewaydev", n->gatewaydev);
	str(o, "coloft_forwarddev", n->coloft_forwarddev);
	defbool(o, "trusted", n->trusted);
	return o;
}

static json_object *pci_json(const struct xlm_pci *p)
{
	json_object *o = json_object_new_object();

	num(o, "func", p->func, 0);
	num(o, "dev", p->dev, 0);
	num(o, "bus", p->bus, 0);
	num(o, "domain", p->domain, 0);
	num(o, "vdevfn", p->vdevfn, 0);
	num(o, "vfunc_mask", p->vfunc_mask, 0);
	boolean(o, "msitranslate", p->msitranslate);
	boolean(o, "power_mgmt", p->power_mgmt);
	boolean(o, "permissive", p->permissive);
	boolean(o, "seize", p->seize);
	enumv(o, "rdm_policy", p->rdm_policy, XLM_RDM_INVALID, rdm_policies, -1);
	str(o, "name", p->name);
	return o;
}

static json_object *vnc_json(const struct xlm_vnc *v)
{
	json_object *o = json_object_new_object();

	defbool(o, "enable", v->enable);
	str(o, "listen", v->listen);
	str(o, "passwd", v->passwd);
	num(o, "display", v->display, 0);
	defbool(o, "findunused", v->findunused);
	return o;
}

static json_object *sdl_json(const struct xlm_sdl *s)
{
	json_object *o = json_object_new_object();

	defbool(o, "enable", s->enable);
	defbool(o, "opengl", s->opengl);
	str(o, "display", s->display);
	str(o, "xauthority", s->xauthority);
	return o;
}

static json_object *spice_json(const struct xlm_spice *s)
{
	json_object *o = json_object_new_object();

	defbool(o, "enable", s->enable);
	num(o, "port", s->port, 0);
	num(o, "tls_port", s->tls_port, 0);
	str(o, "host", s->host);
	defbool(o, "disable_ticketing", s->disable_ticketing);
	str(o, "passwd", s->passwd);
	defbool(o, "agent_mouse", s->agent_mouse);
	defbool(o, "vdagent", s->vdagent);
	defbool(o, "clipboard_sharing", s->clipboard_sharing);
	num(o, "usbredirection", s->usbredirection, 0);
	str(o, "image_compression", s->image_compression);
	str(o, "streaming_video", s->streaming_video);
	return o;
}

static json_object *c_info_json(const struct xlm_c_info *c)
{
	json_object *o = json_object_new_object();

	enumv(o, "type", c->type, XLM_TYPE_INVALID, domain_types, -1);
	defbool(o, "hap", c->hap);
	defbool(o, "oos", c->oos);
	str(o, "ssid_label", c->ssid_label);
	str(o, "name", c->name);
	uuid(o, "uuid", c->uuid);
	str(o, "pool_name", c->pool_name);
	defbool(o, "run_hotplug_scripts", c->run_hotplug_scripts);
	defbool(o, "driver_domain", c->driver_domain);
	defbool(o, "xend_suspend_evtchn_compat", c->xend_suspend_evtchn_compat);
	return o;
}

static json_object *hvm_json(const struct xlm_b_info *b)
{
	const struct xlm_hvm *h = &b->hvm;
	json_object *o = json_object_new_object(), *vga, *rdm;

	str(o, "firmware", h->firmware);
	enumv(o, "bios", h->bios, 0, bios_types, 0);
	defbool(o, "pae", h->pae);
	defbool(o, "acpi_s3", h->acpi_s3);
	defbool(o, "acpi_s4", h->acpi_s4);
	defbool(o, "acpi_laptop_slate", h->acpi_laptop_slate);
	defbool(o, "nx", h->nx);
	defbool(o, "viridian", h->viridian);
	defbool(o, "hpet", h->hpet);
	defbool(o, "vpt_align", h->vpt_align);
	memkb(o, "mmio_hole_memkb", h->mmio_hole_memkb);
	str(o, "system_firmware", h->system_firmware);
	str(o, "smbios_firmware", h->smbios_firmware);
	str(o, "acpi_firmware", h->acpi_firmware);
	enumv(o, "hdtype", h->hdtype, XLM_HDTYPE_IDE, hdtypes, 1);
	defbool(o, "nographic", h->nographic);
	vga = json_object_new_object();
	enumv(vga, "kind", h->vga, 0, vga_kinds, 0);
	add(o, "vga", vga);
	add(o, "vnc", vnc_json(&h->vnc));
	str(o, "keymap", h->keymap);
	add(o, "sdl", sdl_json(&h->sdl));
	add(o, "spice", spice_json(&h->spice));
	defbool(o, "gfx_passthru", h->gfx_passthru);
	str(o, "serial", h->serial);
	str(o, "boot", h->boot);
	defbool(o, "usb", h->usb);
	num(o, "usbversion", h->usbversion, 0);
	str(o, "usbdevice", h->usbdevice);
	defbool(o, "vkb_device", h->vkb_device);
	str(o, "soundhw", h->soundhw);
	defbool(o, "xen_platform_pci", h->xen_platform_pci);
	strlist(o, "usbdevice_list", h->usbdevice_list);
	strlist(o, "serial_list", h->serial_list);
	rdm = json_object_new_object();
	add(o, "rdm", rdm);
	memkb(o, "rdm_mem_boundary_memkb", h->rdm_mem_boundary_memkb);
	return o;
}

static void b_info_union(json_object *o, const struct xlm_b_info *b)
{
	json_object *u = json_object_new_object();

	switch (b->type) {
	case XLM_TYPE_HVM:
		json_object_put(u);
		add(o, "type.hvm", hvm_json(b));
		return;
	case XLM_TYPE_PV:
		defbool(u, "e820_host", b->pv.e820_host);
		add(o, "type.pv", u);
		return;
	case XLM_TYPE_PVH:
		defbool(u, "pvshim", b->pvh.pvshim);
		str(u, "pvshim_path", b->pvh.pvshim_path);
		str(u, "pvshim_cmdline", b->pvh.pvshim_cmdline);
		str(u, "pvshim_extra", b->pvh.pvshim_extra);
		add(o, "type.pvh", u);
		return;
	case XLM_TYPE_INVALID:
		add(o, "type.invalid", u);
		return;
	}
}

/* an array of bitmaps, each as the list of its set bits */
static void cpumaps(json_object *o, const char *k,
		    const struct xlm_cpumap *maps, int n)
{
	json_object *a, *bits;
	int i, bit;

	if (!maps || !n)
		return;
	a = json_object_new_array();
	for (i = 0; i < n; i++) {
		bits = json_object_new_array();
		for (bit = 0; bit < maps[i].size * 8; bit++)
			if (maps[i].map[bit / 8] & (1 << (bit % 8)))
				json_object_array_add(bits, json_object_new_int(bit));
		json_object_array_add(a, bits);
	}
	add(o, k, a);
}

static json_object *b_info_json(const struct xlm_b_info *b)
{
	json_object *o = json_object_new_object(), *sched, *x86;

	num(o, "max_vcpus", b->max_vcpus, 0);
	if (b->avail_vcpus > 0) {
		json_object *a = json_object_new_array();
		int i;

		for (i = 0; i < b->avail_vcpus; i++)
			json_object_array_add(a, json_object_new_int(i));
		add(o, "avail_vcpus", a);
	}
	cpumaps(o, "vcpu_hard_affinity", b->vcpu_hard_affinity,
		b->num_vcpu_hard_affinity);
	cpumaps(o, "vcpu_soft_affinity", b->vcpu_soft_affinity,
		b->num_vcpu_soft_affinity);
	defbool(o, "numa_placement", b->numa_placement);
	enumv(o, "tsc_mode", b->tsc_mode, 0, tsc_modes, 0);
	memkb(o, "max_memkb", b->max_memkb);
	memkb(o, "target_memkb", b->target_memkb);
	memkb(o, "video_memkb", b->video_memkb);
	memkb(o, "shadow_memkb", b->shadow_memkb);
	num(o, "rtc_timeoffset", b->rtc_timeoffset, 0);
	str(o, "exec_ssid_label", b->exec_ssid_label);
	defbool(o, "localtime", b->localtime);
	defbool(o, "disable_migrate", b->disable_migrate);
	str(o, "blkdev_start", b->blkdev_start);
	num(o, "max_grant_frames", b->max_grant_frames, UINT32_MAX);
	num(o, "max_maptrack_frames", b->max_maptrack_frames, UINT32_MAX);
	num(o, "max_grant_version", b->max_grant_version, -1);
	enumv(o, "device_model_version", b->device_model_version, 0,
	      dm_versions, 0);
	defbool(o, "device_model_stubdomain", b->device_model_stubdomain);
	memkb(o, "stubdomain_memkb", b->stubdomain_memkb);
	str(o, "stubdomain_kernel", b->stubdomain_kernel);
	str(o, "stubdomain_cmdline", b->stubdomain_cmdline);
	str(o, "stubdomain_ramdisk", b->stubdomain_ramdisk);
	str(o, "device_model", b->device_model);
	str(o, "device_model_ssid_label", b->device_model_ssid_label);
	str(o, "device_model_user", b->device_model_user);
	strlist(o, "extra", b->extra);
	strlist(o, "extra_pv", b->extra_pv);
	strlist(o, "extra_hvm", b->extra_hvm);
	sched = json_object_new_object();
	num(sched, "weight", b->sched_weight, -1);
	num(sched, "cap", b->sched_cap, -1);
	add(o, "sched_params", sched);
	defbool(o, "claim_mode", b->claim_mode);
	num(o, "event_channels", b->event_channels, 0);
	str(o, "kernel", b->kernel);
	str(o, "cmdline", b->cmdline);
	str(o, "ramdisk", b->ramdisk);
	str(o, "device_tree", b->device_tree);
	defbool(o, "acpi", b->acpi);
	str(o, "bootloader", b->bootloader);
	strlist(o, "bootloader_args", b->bootloader_args);
	enumv(o, "timer_mode", b->timer_mode, -1, timer_modes, -1);
	defbool(o, "nested_hvm", b->nested_hvm);
	defbool(o, "apic", b->apic);
	defbool(o, "dm_restrict", b->dm_restrict);
	b_info_union(o, b);
	add(o, "arch_arm", json_object_new_object());
	x86 = json_object_new_object();
	defbool(x86, "msr_relaxed", b->msr_relaxed);
	add(o, "arch_x86", x86);
	num(o, "vmtrace_buf_kb", b->vmtrace_buf_kb, 0);
	defbool(o, "vpmu", b->vpmu);
	return o;
}

typedef json_object *(*elem_fn)(const void *elem);

static void array(json_object *o, const char *k, const void *elems, int n,
		  size_t size, elem_fn fn)
{
	json_object *a;
	int i;

	if (!elems || !n)
		return;
	a = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(a, fn((const char *)elems + i * size));
	add(o, k, a);
}

static json_object *disk_elem(const void *p) { return xlm_disk_json(p); }
static json_object *nic_elem(const void *p) { return xlm_nic_json(p); }
static json_object *pci_elem(const void *p) { return pci_json(p); }

static json_object *vfb_elem(const void *p)
{
	const struct xlm_vfb *v = p;
	json_object *o = json_object_new_object();

	str(o, "backend_domname", v->backend_domname);
	num(o, "devid", v->devid, XLM_DEVID_DEFAULT);
	add(o, "vnc", vnc_json(&v->vnc));
	add(o, "sdl", sdl_json(&v->sdl));
	str(o, "keymap", v->keymap);
	return o;
}

static json_object *vkb_elem(const void *p)
{
	const struct xlm_vkb *v = p;
	json_object *o = json_object_new_object();

	str(o, "backend_domname", v->backend_domname);
	num(o, "devid", v->devid, XLM_DEVID_DEFAULT);
	return o;
}

static json_object *vtpm_elem(const void *p)
{
	const struct xlm_vtpm *v = p;
	json_object *o = json_object_new_object();

	str(o, "backend_domname", v->backend_domname);
	num(o, "devid", v->devid, XLM_DEVID_DEFAULT);
	uuid(o, "uuid", v->uuid);
	return o;
}

static json_object *p9_elem(const void *p)
{
	const struct xlm_p9 *v = p;
	json_object *o = json_object_new_object();

	str(o, "backend_domname", v->backend_domname);
	str(o, "tag", v->tag);
	str(o, "path", v->path);
	str(o, "security_model", v->security_model);
	num(o, "devid", v->devid, XLM_DEVID_DEFAULT);
	return o;
}

static json_object *channel_elem(const void *p)
{
	static const char *const conn[] = { "connection.unknown",
		"connection.pty", "connection.socket" };
	const struct xlm_channel *c = p;
	json_object *o = json_object_new_object(), *u;

	str(o, "backend_domname", c->backend_domname);
	num(o, "devid", c->devid, XLM_DEVID_DEFAULT);
	str(o, "name", c->name);
	u = json_object_new_object();
	if (c->connection == XLM_CHAN_SOCKET)
		str(u, "path", c->socket_path);
	add(o, conn[c->connection], u);
	return o;
}

static json_object *usbctrl_elem(const void *p)
{
	const struct xlm_usbctrl *u = p;
	json_object *o = json_object_new_object();

	enumv(o, "type", u->type, 0, usbctrl_types, 0);
	num(o, "devid", u->devid, XLM_DEVID_DEFAULT);
	num(o, "version", u->version, 0);
	num(o, "ports", u->ports, 0);
	str(o, "backend_domname", u->backend_domname);
	return o;
}

static json_object *usbdev_elem(const void *p)
{
	const struct xlm_usbdev *u = p;
	json_object *o = json_object_new_object(), *h;

	num(o, "ctrl", u->ctrl, XLM_DEVID_DEFAULT);
	num(o, "port", u->port, 0);
	if (u->type == 1) {
		h = json_object_new_object();
		num(h, "hostbus", u->hostbus, 0);
		num(h, "hostaddr", u->hostaddr, 0);
		add(o, "type.hostdev", h);
	}
	return o;
}

#define ARRAY(o, k, arr, n, fn) array(o, k, arr, n, sizeof(*(arr)), fn)

json_object *xlm_domain_json(const struct xlm_domain *d)
{
	json_object *o = json_object_new_object();

	add(o, "c_info", c_info_json(&d->c_info));
	add(o, "b_info", b_info_json(&d->b_info));
	ARRAY(o, "disks", d->disks, d->num_disks, disk_elem);
	ARRAY(o, "nics", d->nics, d->num_nics, nic_elem);
	ARRAY(o, "pcidevs", d->pcidevs, d->num_pcidevs, pci_elem);
	ARRAY(o, "vfbs", d->vfbs, d->num_vfbs, vfb_elem);
	ARRAY(o, "vkbs", d->vkbs, d->num_vkbs, vkb_elem);
	ARRAY(o, "vtpms", d->vtpms, d->num_vtpms, vtpm_elem);
	ARRAY(o, "p9s", d->p9s, d->num_p9s, p9_elem);
	ARRAY(o, "channels", d->channels, d->num_channels, channel_elem);
	ARRAY(o, "usbctrls", d->usbctrls, d->num_usbctrls, usbctrl_elem);
	ARRAY(o, "usbdevs", d->usbdevs, d->num_usbdevs, usbdev_elem);
	enumv(o, "on_poweroff", d->on_poweroff, XLM_ACT_DESTROY, actions, 1);
	enumv(o, "on_reboot", d->on_reboot, XLM_ACT_DESTROY, actions, 1);
	enumv(o, "on_watchdog", d->on_watchdog, XLM_ACT_DESTROY, actions, 1);
	enumv(o, "on_crash", d->on_crash, XLM_ACT_DESTROY, actions, 1);
	enumv(o, "on_soft_reset", d->on_soft_reset, XLM_ACT_DESTROY, actions, 1);
	return o;
}
