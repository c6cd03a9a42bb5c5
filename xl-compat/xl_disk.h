/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_disk.h: disks of a running domain, and the media of its cdroms.  Attach adds the image with QMP
 * blockdev-add (node "xl-<vdev>") and a virtio-blk-pci device whose id is
 * the vdev, as the device model names boot disks, then writes the vbd
 * frontend and backend nodes; detach unplugs the device (device_del,
 * waiting for DEVICE_DELETED: the guest must let go), drops the node and
 * the XenStore entries.  Both print xl's messages, log to the toolstack's
 * ring and return an exit code.
 */
#ifndef XL_DISK_H
#define XL_DISK_H

#include "xlmodel.h"

struct xs_handle;

int xl_disk_attach(unsigned int domid, const struct xlm_disk *k);
/* dev: the device index or the vdev as the guest sees it (xvdb, 51728) */
int xl_disk_detach(struct xs_handle *xs, unsigned int domid, const char *dev);
/*
 * xl cd-insert / cd-eject: the HVM domain's cdrom vdev (a cdrom of its
 * config) gets medium, or is emptied when medium is NULL: QMP eject, then
 * blockdev-change-medium (read-only), the vbd backend's params updated.
 * The saved config keeps the medium the domain was created with.
 */
int xl_disk_cd_change(unsigned int domid, const char *vdev,
		      const struct xlm_disk *medium);

#endif
