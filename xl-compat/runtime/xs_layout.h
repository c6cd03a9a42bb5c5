/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The XenStore layout libxl writes for a domain (docs/misc/xenstore-paths):
 * /local/domain/D (owner dom0, readable by D) with name, domid, vm,
 * memory/, cpu/, control/ (shutdown and feature-* writable by D), data,
 * drivers, feature, attr, error (owned by D), console 0 at ~/console,
 * each pty serial port's ~/serial/<i>/tty (serial.h);
 * /vm/<uuid>/{name,uuid,start_time}; /libxl/D/type; and for each device a
 * frontend ~/device/<kind>/<devid> (owned by D) and a backend
 * /local/domain/0/backend/<kind>/D/<devid> (owned by dom0, readable by D),
 * each pointing at the other; passed-through PCI devices are all one pci
 * device 0 whose backend lists them (pci.h keeps their claims).  Channel i is ~/device/console/<i+1>; with
 * backend=<domain> its backend is in that domain's tree instead,
 * /local/domain/<BE>/backend/console/D/<i+1> (owned by BE, readable by D;
 * the frontend readable by BE; backend-id BE).
 */
#ifndef XLRT_XS_LAYOUT_H
#define XLRT_XS_LAYOUT_H

#include <stddef.h>

#include "xlmodel.h"

struct xs_handle;

/*
 * Write everything in one transaction (retried on EAGAIN), then INTRODUCE
 * the domain so xenstored serves $rundir/domain/<domid>.  console_tty is
 * what ~/console/tty says (the socket `xl console' uses).  On failure
 * nothing is left behind.
 */
int xlrt_xs_layout_write(struct xs_handle *xs, unsigned int domid,
			 const struct xlm_domain *d, const char *console_tty,
			 char *err, size_t errlen);

/* Devices are up once QEMU runs: state 4 (Connected) on both ends. */
int xlrt_xs_devices_connected(struct xs_handle *xs, unsigned int domid);

/*
 * Remove every node of the domain (its home, /vm/<uuid>, /libxl/D, its
 * name's entry in the name index, its backends in dom0's tree and in each
 * other domain that served one of its devices, with the backend
 * directories this leaves empty) and RELEASE it.  Missing nodes are fine.
 * It reads only the domain's own nodes: its cost does not grow with the
 * number of domains.
 */
int xlrt_xs_layout_remove(struct xs_handle *xs, unsigned int domid);

/*
 * Channel i of domain domid, a backend=<domain> channel, once its peer is
 * up: if the named domain now runs as another domid than the frontend's
 * backend-id (it restarted, or did not run at create: BE 0), or its
 * backend nodes are missing, one transaction moves the backend into that
 * domain's tree: the stale backend removed with the backend directories
 * this leaves empty, the new one written as at create, the frontend's
 * backend=, backend-id and read grant (its own and its keys') pointed at
 * it, both ends state 4 (Connected).  *bedom gets the domain's domid.
 * 1 if rewritten, 0 if it was right, -errno (-ENOENT: the named domain is
 * not running, or the frontend is gone).
 */
int xlrt_xs_chan_rebind(struct xs_handle *xs, unsigned int domid, int i,
			const struct xlm_channel *c, unsigned int *bedom);

/* libxl's device number for a disk's vdev ("xvda" -> 51712), -1 if bad. */
int xlrt_disk_devid(const char *vdev);

/* xl block-attach/-detach: one disk's frontend and backend nodes written
 * (state 4, Connected) or removed, for a live domain; 0 or -errno. */
int xlrt_xs_disk_add(struct xs_handle *xs, unsigned int domid,
		     const struct xlm_disk *k);
int xlrt_xs_disk_remove(struct xs_handle *xs, unsigned int domid, int devid);

/*
 * xl pci-attach/-detach: one passed-through device added to (state 4) or
 * removed from the domain's pci backend (dev-N, opts-N ... as libxl keeps
 * them, renumbered on removal; the frontend and backend go with the last
 * device), and the device's claim /libxl/pci/BDF/domid written or
 * dropped.  0 or -errno (-ENOENT: the domain has no such device).
 */
int xlrt_xs_pci_add(struct xs_handle *xs, unsigned int domid,
		    const char *domname, const struct xlm_pci *p);
int xlrt_xs_pci_remove(struct xs_handle *xs, unsigned int domid,
		       const struct xlm_pci *p);

/*
 * xl usbctrl-attach/-detach, usbdev-attach/-detach: a device-model USB
 * controller's nodes under /libxl/D/device/vusb/<devid> (type, usb-ver,
 * num-ports, empty port/1..N) written or removed, and one port set to the
 * host device's bus id ("" frees it).  0 or -errno.
 */
int xlrt_xs_usbctrl_add(struct xs_handle *xs, unsigned int domid,
			const struct xlm_usbctrl *u);
int xlrt_xs_usbctrl_remove(struct xs_handle *xs, unsigned int domid,
			   int devid);
int xlrt_xs_usbdev_set(struct xs_handle *xs, unsigned int domid, int ctrl,
		       int port, const char *busid);

/* xl network-attach/-detach: one vif's frontend and backend nodes, as at
 * create (state 1, hotplug-status empty), set Connected once QEMU has the
 * device, or removed (with the backend dirs it leaves empty). */
int xlrt_xs_nic_add(struct xs_handle *xs, unsigned int domid,
		    const struct xlm_nic *n, int devid);
int xlrt_xs_nic_connected(struct xs_handle *xs, unsigned int domid, int devid);
int xlrt_xs_nic_remove(struct xs_handle *xs, unsigned int domid, int devid);

#endif
