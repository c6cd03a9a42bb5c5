/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Network interfaces on the QEMU command line.  Each vif is a tap device
 * named as Xen names it (vifname=, else vif<domid>.<devid>) that QEMU
 * creates with script=no: the toolstack, not QEMU, then runs the vif's
 * script (vif-bridge by default, which adds the tap to bridge=) with
 * Xen's calling convention, as xl does once the backend exists.  The
 * device the guest sees:
 *   xen mode   xen-net-device (Xen's PV netfront)
 *   kvm, tcg   PV and PVH guests: virtio-net-pci (their "PV" NIC);
 *              HVM: the emulated model asked (libxl's default rtl8139;
 *              model=e1000, virtio-net-pci ... are QEMU device names,
 *              "virtio" and "virtio-net" mean virtio-net-pci)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dm_internal.h"

static const char *model(struct dm_ctx *c, const struct xlm_nic *n)
{
	if (c->xen)
		return "xen-net-device";
	if (!c->hvm || n->nictype == XLM_NIC_VIF || !n->model ||
	    !strcmp(n->model, "virtio") || !strcmp(n->model, "virtio-net"))
		return "virtio-net-pci";
	return n->model;
}

int dm_nics(struct dm_ctx *c)
{
	int i;

	for (i = 0; i < c->d->num_nics && !c->rc; i++) {
		const struct xlm_nic *n = &c->d->nics[i];
		int devid = n->devid >= 0 ? n->devid : i;
		const uint8_t *m = n->mac;
		const char *dev = model(c, n);
		char more[32] = "";

		if (!dm_backend_is_dom0(n->backend_domname))
			return dm_fail(c, -ENOTSUP, "vif %d: backend=%s (a "
				       "driver domain) is not implemented yet",
				       devid, n->backend_domname);
		if (n->rate_bytes_per_interval)
			dm_warn(c, "vif %d: rate= is not applied: QEMU's tap "
				"has no rate limit (use tc on the host)",
				devid);
		if (n->ifname)
			dm_opt(c, "-netdev", "tap,id=net%d,ifname=%s,"
			       "script=no,downscript=no", devid,
			       dm_esc(c, n->ifname));
		else
			dm_opt(c, "-netdev", "tap,id=net%d,ifname=vif%u.%d,"
			       "script=no,downscript=no", devid,
			       c->env->domid, devid);
		/* virtio-net tells the guest the MTU; others cannot. Xen's
		 * netfront finds the vif at device/vif/<devid>. */
		if (!strcmp(dev, "virtio-net-pci") && n->mtu && n->mtu != 1500)
			snprintf(more, sizeof(more), ",host_mtu=%d", n->mtu);
		else if (c->xen)
			snprintf(more, sizeof(more), ",idx=%d", devid);
		dm_opt(c, "-device", "%s,netdev=net%d,mac=%02x:%02x:%02x:"
		       "%02x:%02x:%02x%s", dm_esc(c, dev), devid, m[0], m[1],
		       m[2], m[3], m[4], m[5], more);
	}
	return c->rc;
}
