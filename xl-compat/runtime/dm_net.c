/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Network interfaces on the QEMU command line.  Each vif is a tap device
 * named as Xen names it (vifname=, else vif<domid>.<devid>) that QEMU
 * creates with script=no: the monitor, not QEMU, then firewalls it and
 * runs the vif's script (vif-bridge by default, which adds the tap to
 * bridge=) with Xen's calling convention (net.h), and rate= is enforced
 * there too (nft.h).  The
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
#include "vif.h"

int dm_nics(struct dm_ctx *c)
{
	int i;

	for (i = 0; i < c->d->num_nics && !c->rc; i++) {
		const struct xlm_nic *n = &c->d->nics[i];
		int devid = xlrt_vif_devid(n, i);
		const uint8_t *m = n->mac;
		const char *dev = xlrt_vif_qemu_device(n, c->hvm, c->xen);
		char more[32] = "", ifname[64];

		if (!dm_backend_is_dom0(n->backend_domname))
			return dm_fail(c, -ENOTSUP, "vif %d: backend=%s (a "
				       "driver domain) is not implemented yet",
				       devid, n->backend_domname);
		if (xlrt_vif_ifname(ifname, sizeof(ifname), c->env->domid, n,
				    devid))
			return dm_fail(c, -EINVAL, "vif %d: vifname=%s is "
				       "longer than a network interface name "
				       "may be (15)", devid, n->ifname);
		dm_opt(c, "-netdev", "tap,id=net%d,ifname=%s,script=no,"
		       "downscript=no", devid, dm_esc(c, ifname));
		/* virtio-net tells the guest the MTU; others cannot. Xen's
		 * netfront finds the vif at device/vif/<devid>. */
		if (!strcmp(dev, "virtio-net-pci") && n->mtu && n->mtu != 1500)
			snprintf(more, sizeof(more), ",host_mtu=%d", n->mtu);
		else if (c->xen)
			snprintf(more, sizeof(more), ",idx=%d", devid);
		dm_opt(c, "-device", "%s,id=nic%d,netdev=net%d,mac=%02x:%02x:"
		       "%02x:%02x:%02x:%02x%s", dm_esc(c, dev), devid, devid,
		       m[0], m[1], m[2], m[3], m[4], m[5], more);
	}
	return c->rc;
}
