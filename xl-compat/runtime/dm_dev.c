/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * 9p shares, PCI passthrough and USB on the QEMU command line:
 *   p9     -fsdev local,id=fsN,path=P,security_model=M +
 *          virtio-9p-pci,fsdev=fsN,mount_tag=TAG in every mode: QEMU's
 *          Xen 9pfs backend is a legacy one, set up only through backend
 *          nodes in the XenStore QEMU watches, with no command-line device,
 *          and under KVM's Xen emulation that store is QEMU's own; the guest
 *          mounts with trans=virtio
 *   pci    vfio-pci,id=xlpci-DDDD-BB-DD-F,host=DDDD:BB:DD.F[,addr=SLOT.FN]
 *          (pci.h: binding to vfio-pci in sysfs, name= and BB:DD.* are
 *          done before QEMU starts)
 *   usb    one qemu-xhci controller ("usb") for usb=1, usbversion=,
 *          usbdevice= (tablet, mouse, keyboard, host:BUS.ADDR,
 *          host:VID:PID) and spice usbredirection; each usbctrl= is a
 *          qemu-xhci of its own (xenusb-<devid>, libxl's id) with its
 *          usbdev= hosts at their ports (xenusb-<hostbus>-<hostaddr>)
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "dm_internal.h"
#include "pci.h"
#include "usb.h"

int dm_p9(struct dm_ctx *c)
{
	int i;

	for (i = 0; i < c->d->num_p9s && !c->rc; i++) {
		const struct xlm_p9 *p = &c->d->p9s[i];
		const char *sm = p->security_model;

		if (!dm_backend_is_dom0(p->backend_domname))
			return dm_fail(c, -ENOTSUP, "p9 %s: backend=%s (a share "
				       "served by another domain) is not "
				       "implemented yet: only dom0 serves 9p",
				       p->tag, p->backend_domname);
		if (!p->tag || !p->path || !sm)
			return dm_fail(c, -EINVAL, "p9 %d needs tag=, path= "
				       "and security_model=", i);
		if (!strcmp(sm, "mapped"))
			sm = "mapped-xattr";
		if (strcmp(sm, "none") && strcmp(sm, "passthrough") &&
		    strcmp(sm, "mapped-xattr") && strcmp(sm, "mapped-file"))
			return dm_fail(c, -EINVAL, "p9 %s: security_model=%s: "
				       "none, passthrough, mapped, "
				       "mapped-xattr or mapped-file", p->tag,
				       p->security_model);
		dm_opt(c, "-fsdev", "local,id=fs%d,path=%s,security_model=%s%s",
		       i, dm_esc(c, p->path), sm,
		       p->readonly ? ",readonly=on" : "");
		dm_opt(c, "-device", "virtio-9p-pci,fsdev=fs%d,mount_tag=%s",
		       i, dm_esc(c, p->tag));
		c->virtio_in_xen = c->virtio_in_xen || c->xen;
	}
	return c->rc;
}

/* Does another function of the list share p's guest slot?  Function 0
 * of that slot must then say multifunction=on. */
static bool slot_shared(const struct xlm_domain *d, const struct xlm_pci *p)
{
	int i;

	for (i = 0; i < d->num_pcidevs; i++) {
		const struct xlm_pci *o = &d->pcidevs[i];

		if (o != p && o->vdevfn && (o->vdevfn >> 3) == (p->vdevfn >> 3))
			return true;
	}
	return false;
}

/* The QEMU device of one passed-through function (xlrt_pci_prepare has
 * expanded BB:DD.* and resolved name= before this runs at create). */
int dm_pci(struct dm_ctx *c)
{
	const char *drv = xlrt_pci_qemu_driver();
	int i;

	for (i = 0; i < c->d->num_pcidevs && !c->rc; i++) {
		const struct xlm_pci *p = &c->d->pcidevs[i];
		struct xlrt_bdf b = xlrt_bdf_of(p);
		char bdf[XLRT_BDF_LEN], id[32], host[32] = "", addr[48] = "";

		if (c->env->pci_unexpanded && ((p->vfunc_mask != 1 &&
						p->vfunc_mask != 0) ||
					       p->name))
			continue;	/* checked once expanded */
		if (p->vfunc_mask != 1 && p->vfunc_mask != 0)
			return dm_fail(c, -ENOTSUP, "pci %04x:%02x:%02x.*: "
				       "functions are expanded from the host's "
				       "sysfs at create (xl create does it)",
				       p->domain, p->bus, p->dev);
		if (p->name && !p->domain && !p->bus && !p->dev && !p->func)
			return dm_fail(c, -ENOTSUP, "pci name=%s: names are "
				       "resolved at create (xl create does "
				       "it)", p->name);
		xlrt_bdf_str(&b, bdf);
		xlrt_pci_qdev_id(&b, id, sizeof(id));
		if (!strcmp(drv, "vfio-pci"))
			snprintf(host, sizeof(host), ",host=%s", bdf);
		if (p->vdevfn)
			snprintf(addr, sizeof(addr), ",addr=0x%x.0x%x%s",
				 p->vdevfn >> 3, p->vdevfn & 7,
				 !(p->vdevfn & 7) && slot_shared(c->d, p) ?
				 ",multifunction=on" : "");
		if (p->permissive > 0)
			dm_warn(c, "pci %s: permissive is pciback's; VFIO gives "
				"the guest the config space it virtualizes", bdf);
		if (p->msitranslate > 0)
			dm_warn(c, "pci %s: msitranslate is Xen's MSI-to-INTx "
				"translation; VFIO gives the guest the device's "
				"own MSI/MSI-X", bdf);
		if (p->power_mgmt > 0)
			dm_warn(c, "pci %s: power_mgmt is pciback's; VFIO "
				"handles the device's power states itself", bdf);
		if (p->rdm_policy == XLM_RDM_RELAXED)
			dm_warn(c, "pci %s: rdm_policy=relaxed has no effect: "
				"the host kernel reserves the device's RMRRs and "
				"VFIO refuses a device whose reserved regions "
				"conflict", bdf);
		dm_opt(c, "-device", "%s,id=%s%s%s", drv, id, host, addr);
	}
	return c->rc;
}

static void usb_bus(struct dm_ctx *c)
{
	if (!c->usb_bus)
		dm_opt(c, "-device", "qemu-xhci,id=usb");
	c->usb_bus = true;
}

static int usbdevice(struct dm_ctx *c, const char *s)
{
	static const struct { const char *xl, *qemu; } simple[] = {
		{ "tablet", "usb-tablet" }, { "mouse", "usb-mouse" },
		{ "keyboard", "usb-kbd" },
	};
	unsigned int a, b;
	size_t i;
	int n;

	usb_bus(c);
	for (i = 0; i < sizeof(simple) / sizeof(simple[0]); i++)
		if (!strcmp(s, simple[i].xl)) {
			dm_opt(c, "-device", "%s,bus=usb.0", simple[i].qemu);
			return c->rc;
		}
	if (sscanf(s, "host:%u.%u%n", &a, &b, &n) == 2 && !s[n])
		dm_opt(c, "-device", "usb-host,bus=usb.0,hostbus=%u,"
		       "hostaddr=%u", a, b);
	else if (sscanf(s, "host:%x:%x%n", &a, &b, &n) == 2 && !s[n])
		dm_opt(c, "-device", "usb-host,bus=usb.0,vendorid=0x%04x,"
		       "productid=0x%04x", a, b);
	else
		return dm_fail(c, -ENOTSUP, "usbdevice=\"%s\": xen-kvm knows "
			       "tablet, mouse, keyboard, host:BUS.ADDR and "
			       "host:VID:PID", s);
	return c->rc;
}

/* The QEMU ids libxl gives a device-model USB controller and device. */
static void usbctrls(struct dm_ctx *c)
{
	const char *drv = xlrt_usb_qemu_driver();
	char id[32], host[48] = "";
	int i, j;

	for (i = 0; i < c->d->num_usbctrls; i++) {
		const struct xlm_usbctrl *u = &c->d->usbctrls[i];

		if (u->type == XLM_USBCTRL_PV || u->type == XLM_USBCTRL_QUSB)
			dm_warn(c, "usbctrl %d: PV USB does not exist on KVM; "
				"the guest gets an emulated xHCI controller",
				u->devid);
		xlrt_usbctrl_qdev_id(u->devid, id, sizeof(id));
		dm_opt(c, "-device", "qemu-xhci,id=%s,p2=%d,p3=%d", id,
		       u->ports, u->ports);
		for (j = 0; j < c->d->num_usbdevs; j++) {
			const struct xlm_usbdev *v = &c->d->usbdevs[j];
			char did[32];

			if (v->ctrl != u->devid)
				continue;
			xlrt_usbdev_qdev_id(v, did, sizeof(did));
			if (!strcmp(drv, "usb-host"))
				snprintf(host, sizeof(host), ",hostbus=%u,"
					 "hostaddr=%u", v->hostbus, v->hostaddr);
			dm_opt(c, "-device", "%s,id=%s,bus=%s.0,port=%d%s", drv,
			       did, id, v->port, host);
		}
	}
}

int dm_usb(struct dm_ctx *c)
{
	const struct xlm_hvm *h = &c->d->b_info.hvm;
	int i;

	/* xlm_domain_setdefault put every usbdev on a controller's port */
	usbctrls(c);
	if (!c->hvm)
		return c->rc;
	if (h->usb == XLM_TRUE || h->usbversion)
		usb_bus(c);
	if (h->usbdevice_list) {
		for (i = 0; h->usbdevice_list[i] && !c->rc; i++)
			usbdevice(c, h->usbdevice_list[i]);
	} else if (h->usbdevice) {
		usbdevice(c, h->usbdevice);
	}
	if (h->spice.enable == XLM_TRUE)
		for (i = 0; i < h->spice.usbredirection && !c->rc; i++) {
			usb_bus(c);
			dm_opt(c, "-chardev", "spicevmc,id=usbredir%d,"
			       "name=usbredir", i);
			dm_opt(c, "-device", "usb-redir,bus=usb.0,"
			       "chardev=usbredir%d", i);
		}
	return c->rc;
}
