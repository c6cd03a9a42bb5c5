/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The facts about a vif that the command line, the XenStore layout, the
 * hotplug scripts and the firewall share, each defined once: its devid,
 * the name of its tap, where its script lives and XenStore paths.
 */
#ifndef XLRT_VIF_H
#define XLRT_VIF_H

#include <stdbool.h>
#include <stddef.h>

#include "xlmodel.h"

/* Xen's script dir, where libxl resolves a relative script= */
#define XLRT_XEN_SCRIPT_DIR "/etc/xen/scripts"

/* devid= if given, else the vif's index in the config (libxl's order) */
int xlrt_vif_devid(const struct xlm_nic *n, int index);

/* The tap called ifname, created if missing, as QEMU would open it
 * (IFF_TAP, no packet info, virtio-net headers), for a hot-plugged vif:
 * a restricted QEMU cannot open /dev/net/tun itself (dm_confine.h).
 * A close-on-exec fd, or -errno. */
int xlrt_vif_tap_open(const char *ifname);

/* The tap QEMU creates: vifname= if given, else vif<domid>.<devid> (the
 * name Xen's netback gives the vif).  0 or -ENAMETOOLONG (IFNAMSIZ). */
int xlrt_vif_ifname(char *buf, size_t len, unsigned int domid,
		    const struct xlm_nic *n, int devid);

/*
 * The QEMU device of a vif:
 *   xen mode   xen-net-device (Xen's PV netfront)
 *   kvm, tcg   PV and PVH guests and type=vif: virtio-net-pci (their "PV"
 *              NIC); HVM type=ioemu: the emulated model asked (libxl's
 *              default rtl8139; model=e1000, virtio-net-pci ... are QEMU
 *              device names, "virtio" and "virtio-net" mean virtio-net-pci)
 */
const char *xlrt_vif_qemu_device(const struct xlm_nic *n, bool hvm, bool xen);

/*
 * The program to run for script=: a relative name is looked up in
 * $XEN_KVM_SCRIPTS_DIR, else $XEN_KVM_ROOT/etc/xen/scripts, as libxl looks
 * in its script dir; an absolute path under /etc/xen/scripts/ is moved
 * under $XEN_KVM_ROOT with it (tests install ours there); others are kept.
 */
int xlrt_vif_script_path(char *buf, size_t len, const char *script);

/* /local/domain/0/backend/vif/<domid>/<devid> (the backend in dom0) and
 * ~/device/vif/<devid> (the frontend) */
int xlrt_vif_backend_path(char *buf, size_t len, unsigned int domid,
			  int devid);
int xlrt_vif_frontend_path(char *buf, size_t len, unsigned int domid,
			   int devid);

#endif
