/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * model_defaults.c: libxl's defaults (libxl__domain_*_setdefault and the
 * nic setdefault of Xen 4.17) applied to the model's fields, for the
 * runtime to build a domain from. `xl -N create' prints the model before
 * this step, as Xen's xl does.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xlmodel.h"

static void setdefault(int *db, int v)
{
	if (!*db)
		*db = XLM_BOOL(v);
}

static void setstr(char **s, const char *v)
{
	if (!*s)
		*s = strdup(v);
}

/* videoram defaults and minimums for upstream QEMU, per VGA kind */
static int video(struct xlm_b_info *b)
{
	static const struct { enum xlm_vga kind; uint64_t dflt, min; } v[] = {
		{ XLM_VGA_NONE, 0, 0 },
		{ XLM_VGA_QXL, 128 * 1024, 128 * 1024 },
		{ XLM_VGA_STD, 16 * 1024, 16 * 1024 },
		{ XLM_VGA_CIRRUS, 8 * 1024, 8 * 1024 },
	};
	size_t i;

	if (b->hvm.vga == XLM_VGA_UNKNOWN)
		b->hvm.vga = XLM_VGA_CIRRUS;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		if (v[i].kind != b->hvm.vga)
			continue;
		if (b->video_memkb == XLM_MEMKB_DEFAULT)
			b->video_memkb = v[i].dflt;
		if (b->video_memkb < v[i].min) {
			xlm_spec_error("domain", "videoram must be at least %llu MB for this vga",
				       (unsigned long long)v[i].min / 1024);
			return -1;
		}
	}
	return 0;
}

static int hvm(struct xlm_b_info *b)
{
	struct xlm_hvm *h = &b->hvm;

	if (video(b))
		return -1;
	setdefault(&h->pae, 1);
	setdefault(&h->acpi_s3, 1);
	setdefault(&h->acpi_s4, 1);
	setdefault(&h->acpi_laptop_slate, 0);
	setdefault(&h->nx, 1);
	setdefault(&h->viridian, 0);
	setdefault(&h->hpet, 1);
	setdefault(&h->vpt_align, 1);
	setdefault(&h->usb, 0);
	setdefault(&h->vkb_device, 1);
	setdefault(&h->xen_platform_pci, 1);
	setdefault(&h->spice.enable, 0);
	if (h->spice.enable < 0)
		h->spice.usbredirection = 0;
	if (!h->usbversion && h->spice.usbredirection > 0)
		h->usbversion = 2;
	if ((h->usbversion || h->spice.usbredirection) &&
	    (h->usb > 0 || h->usbdevice_list || h->usbdevice)) {
		xlm_spec_error("domain", "usbversion and/or usbredirection cannot be enabled with usb and/or usbdevice");
		return -1;
	}
	setstr(&h->boot, "cda");
	setdefault(&h->vnc.enable, 1);
	if (h->vnc.enable > 0) {
		setdefault(&h->vnc.findunused, 1);
		setstr(&h->vnc.listen, "127.0.0.1");
	}
	setdefault(&h->sdl.enable, 0);
	if (h->sdl.enable > 0)
		setdefault(&h->sdl.opengl, 0);
	if (h->spice.enable > 0) {
		setdefault(&h->spice.disable_ticketing, 0);
		setdefault(&h->spice.agent_mouse, 1);
		setdefault(&h->spice.vdagent, 0);
		setdefault(&h->spice.clipboard_sharing, 0);
	}
	setdefault(&h->nographic, 0);
	setdefault(&h->gfx_passthru, 0);
	if (h->mmio_hole_memkb == XLM_MEMKB_DEFAULT)
		h->mmio_hole_memkb = 0;
	return 0;
}

static int b_info(struct xlm_domain *d)
{
	struct xlm_b_info *b = &d->b_info;

	setdefault(&b->device_model_stubdomain, 0);
	setdefault(&b->vpmu, 0);
	setstr(&b->blkdev_start, "xvda");
	if (!b->max_vcpus)
		b->max_vcpus = 1;
	if (!b->avail_vcpus)
		b->avail_vcpus = 1;
	if (b->max_memkb == XLM_MEMKB_DEFAULT)
		b->max_memkb = 32 * 1024;
	if (b->target_memkb == XLM_MEMKB_DEFAULT)
		b->target_memkb = b->max_memkb;
	if (b->stubdomain_memkb == XLM_MEMKB_DEFAULT)
		b->stubdomain_memkb = 0;
	setdefault(&b->claim_mode, 0);
	setdefault(&b->localtime, 0);
	setdefault(&b->disable_migrate, 0);
	if (!b->event_channels)
		b->event_channels = 1023;
	setdefault(&b->dm_restrict, 0);
	if (b->shadow_memkb == XLM_MEMKB_DEFAULT)
		b->shadow_memkb = 0;
	switch (b->type) {
	case XLM_TYPE_HVM:
		if (hvm(b))
			return -1;
		setdefault(&b->acpi, 1);
		break;
	case XLM_TYPE_PV:
		setdefault(&b->pv.e820_host, 0);
		if (b->video_memkb == XLM_MEMKB_DEFAULT)
			b->video_memkb = 0;
		setdefault(&b->acpi, 0);
		break;
	default:
		setdefault(&b->pvh.pvshim, 0);
		if (b->video_memkb == XLM_MEMKB_DEFAULT)
			b->video_memkb = 0;
		setdefault(&b->acpi, 1);
		break;
	}
	setdefault(&b->apic, 1);
	setdefault(&b->nested_hvm, 0);
	return 0;
}

static void random_mac(uint8_t mac[6])
{
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd < 0 || read(fd, mac + 3, 3) != 3)
		memset(mac + 3, 0x42, 3);
	if (fd >= 0)
		close(fd);
	mac[0] = 0x00;
	mac[1] = 0x16;
	mac[2] = 0x3e;
	mac[3] &= 0x7f;
}

int xlm_nic_setdefault(struct xlm_nic *n, enum xlm_domain_type type,
		       bool hotplug)
{
	static const uint8_t none[6];

	if (!n->mtu)
		n->mtu = 1500;
	setstr(&n->model, "rtl8139");
	if (!memcmp(n->mac, none, 6))
		random_mac(n->mac);
	setstr(&n->bridge, "xenbr0");
	setstr(&n->script, "/etc/xen/scripts/vif-bridge");
	if (type == XLM_TYPE_HVM) {
		if (!n->nictype)
			n->nictype = hotplug ? XLM_NIC_VIF : XLM_NIC_VIF_IOEMU;
	} else if (n->nictype == XLM_NIC_VIF_IOEMU) {
		xlm_spec_error("domain", "a PV or PVH guest cannot have an emulated (type=ioemu) interface");
		return -1;
	} else {
		n->nictype = XLM_NIC_VIF;
	}
	return 0;
}

/* libxl's usbctrl defaults for a device-model controller: USB 2, and the
 * port counts of the controllers libxl's QEMU would emulate. */
int xlm_usbctrl_setdefault(struct xlm_usbctrl *u)
{
	static const int fixed[] = { 0, 2, 6 };	/* by version; 3: 1..15 */

	if (!u->version)
		u->version = 2;
	if (u->version < 1 || u->version > 3) {
		xlm_spec_error("domain", "usbctrl %d: illegal USB version %d",
			       u->devid, u->version);
		return -1;
	}
	if (u->version < 3) {
		if (u->ports && u->ports != fixed[u->version]) {
			xlm_spec_error("domain", "usbctrl %d: number of ports for "
				       "a USB controller of version %d is "
				       "always %d", u->devid, u->version,
				       fixed[u->version]);
			return -1;
		}
		u->ports = fixed[u->version];
	} else if (!u->ports) {
		u->ports = 8;
	} else if (u->ports > 15) {
		xlm_spec_error("domain", "usbctrl %d: number of ports for a USB "
			       "controller of version 3 is limited to 15",
			       u->devid);
		return -1;
	}
	return 0;
}

static bool port_taken(const struct xlm_domain *d,
		       const struct xlm_usbdev *self, int ctrl, int port)
{
	int i;

	for (i = 0; i < d->num_usbdevs; i++)
		if (&d->usbdevs[i] != self && d->usbdevs[i].ctrl == ctrl &&
		    d->usbdevs[i].port == port)
			return true;
	return false;
}

/* libxl's usbdev defaults: a device without a controller goes to the first
 * free port of the first controller that has one, else to port 1 of a new
 * default controller; one with a controller but no port, to its first
 * free port. */
static int usbdev(struct xlm_domain *d, struct xlm_usbdev *v)
{
	struct xlm_usbctrl *u = NULL, *grown;
	int i, p, devid = 0;

	if (!v->type)
		v->type = 1;
	if (v->ctrl == XLM_DEVID_DEFAULT && v->port) {
		xlm_spec_error("domain", "usbdev: a USB controller must be "
			       "specified if you specify a port");
		return -1;
	}
	for (i = 0; i < d->num_usbctrls; i++)
		if (d->usbctrls[i].devid >= devid)
			devid = d->usbctrls[i].devid + 1;
	for (i = 0; i < d->num_usbctrls; i++) {
		struct xlm_usbctrl *c = &d->usbctrls[i];

		if (v->ctrl != XLM_DEVID_DEFAULT && c->devid != v->ctrl)
			continue;
		for (p = 1; !v->port && p <= c->ports; p++)
			if (!port_taken(d, v, c->devid, p)) {
				v->port = p;
				v->ctrl = c->devid;
			}
		if (v->ctrl == c->devid) {
			u = c;
			break;
		}
	}
	if (v->ctrl != XLM_DEVID_DEFAULT && !u) {
		xlm_spec_error("domain", "usbdev: no USB controller %d", v->ctrl);
		return -1;
	}
	if (!u) {
		grown = realloc(d->usbctrls, (size_t)(d->num_usbctrls + 1) *
				sizeof(*grown));
		if (!grown)
			return -1;
		d->usbctrls = grown;
		u = &d->usbctrls[d->num_usbctrls++];
		memset(u, 0, sizeof(*u));
		u->devid = devid;
		if (xlm_usbctrl_setdefault(u))
			return -1;
		v->ctrl = devid;
		v->port = 1;
	}
	if (v->port < 1 || v->port > u->ports) {
		xlm_spec_error("domain", "usbdev: %s port on USB controller %d",
			       v->port ? "no such" : "no free", u->devid);
		return -1;
	}
	if (port_taken(d, v, v->ctrl, v->port)) {
		xlm_spec_error("domain", "usbdev: port %d of USB controller %d "
			       "is taken", v->port, v->ctrl);
		return -1;
	}
	return 0;
}

int xlm_domain_setdefault(struct xlm_domain *d)
{
	struct xlm_c_info *c = &d->c_info;
	int i;

	setdefault(&c->hap, c->type != XLM_TYPE_PV);
	setdefault(&c->oos, 1);
	setdefault(&c->run_hotplug_scripts, 1);
	setdefault(&c->driver_domain, 0);
	setdefault(&c->xend_suspend_evtchn_compat, 0);
	if (b_info(d))
		return -1;
	for (i = 0; i < d->num_nics; i++)
		if (xlm_nic_setdefault(&d->nics[i], c->type, false))
			return -1;
	for (i = 0; i < d->num_usbctrls; i++)
		if (xlm_usbctrl_setdefault(&d->usbctrls[i]))
			return -1;
	for (i = 0; i < d->num_usbdevs; i++)
		if (usbdev(d, &d->usbdevs[i]))
			return -1;
	return 0;
}
