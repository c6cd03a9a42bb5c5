/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Disks on the QEMU command line: one `-drive if=none' per disk (image,
 * format, read-only, cache, discard) and the device the guest sees, chosen
 * from the vdev name as Xen's guests expect it:
 *   xen mode  xen-disk / xen-cdrom (vdev kept); an HVM guest's first four
 *             disks also appear on IDE for its firmware, as under Xen
 *   kvm, tcg  HVM: hd* -> IDE (or AHCI with hdtype=ahci), sd* -> SCSI
 *             (virtio-scsi), xvd* and vd* -> virtio-blk, cdroms -> ide-cd
 *             or scsi-cd; PV/PVH: every disk is virtio-blk (Xen gives
 *             them only PV disks, whatever the name)
 * A disk shared with `w!' gets share-rw=on on its device.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm_internal.h"

enum bus { BUS_IDE, BUS_SCSI, BUS_VIRTIO };

/* "xvdb" -> 1, "hdc" -> 2, "sdaa" -> 26, "xvda1" -> -1 (partitions are
 * not whole disks), as Xen's vdev names count */
static int vdev_index(const char *vdev, const char **prefix)
{
	static const char *const pfx[] = { "xvd", "hd", "sd", "vd" };
	const char *p = NULL;
	size_t i;
	int n = 0;

	*prefix = NULL;
	for (i = 0; i < sizeof(pfx) / sizeof(pfx[0]); i++)
		if (!strncmp(vdev, pfx[i], strlen(pfx[i]))) {
			*prefix = pfx[i];
			p = vdev + strlen(pfx[i]);
			break;
		}
	if (!p || !*p)
		return -1;
	for (; *p >= 'a' && *p <= 'z'; p++)
		n = n * 26 + (*p - 'a' + 1);
	return *p || n > 26 * 27 ? -1 : n - 1;
}

static const char *format_name(enum xlm_disk_format f)
{
	switch (f) {
	case XLM_FMT_QCOW:	return "qcow";
	case XLM_FMT_QCOW2:	return "qcow2";
	case XLM_FMT_VHD:	return "vpc";
	case XLM_FMT_QED:	return "qed";
	default:		return "raw";
	}
}

/* k's image as fd set N for the launcher to open: "/dev/fdset/N", or
 * NULL (out of memory, recorded in c). */
static const char *image_fdset(struct dm_ctx *c, const struct xlm_disk *k,
			       const char *id)
{
	struct xlrt_dm *dm = c->dm;
	struct xlrt_qemu_image *im;
	char name[80];

	im = realloc(dm->images, (dm->num_images + 1) * sizeof(*im));
	if (!im) {
		dm_fail(c, -ENOMEM, "out of memory");
		return NULL;
	}
	dm->images = im;
	im += dm->num_images;
	im->path = strdup(k->pdev_path);
	im->readwrite = k->readwrite && !k->is_cdrom;
	im->set = (int)dm->num_images + 1;
	snprintf(name, sizeof(name), "xl-drive:%s", id);
	im->opaque = strdup(name);
	if (!im->path || !im->opaque) {
		free((char *)im->path);
		free((char *)im->opaque);
		dm_fail(c, -ENOMEM, "out of memory");
		return NULL;
	}
	dm->num_images++;
	snprintf(name, sizeof(name), "/dev/fdset/%d", im->set);
	return dm_esc(c, name);
}

/* -drive for k with id "disk<i><suffix>" */
static void drive(struct dm_ctx *c, const struct xlm_disk *k, int i,
		  const char *suffix, const char *extra)
{
	const char *file;
	char opts[160] = "", id[48];
	bool empty = !k->pdev_path || !*k->pdev_path ||
		     k->format == XLM_FMT_EMPTY;

	if (!k->readwrite || k->is_cdrom)
		strcat(opts, ",readonly=on");
	if (k->direct_io_safe)
		strcat(opts, ",cache.direct=on");
	if (k->discard_enable == XLM_TRUE)
		strcat(opts, ",discard=unmap");
	else if (k->discard_enable == XLM_FALSE)
		strcat(opts, ",discard=ignore");
	if (empty) {
		dm_opt(c, "-drive", "if=none,id=disk%d%s%s", i, suffix, opts);
		return;
	}
	snprintf(id, sizeof(id), "disk%d%s", i, suffix);
	file = c->env->fd_images ? image_fdset(c, k, id)
				 : dm_esc(c, k->pdev_path);
	/* A handed-over image stays open as it was: -drive would open it
	 * read-only first and reopen it when write access comes and goes
	 * (auto-read-only), which a chrooted QEMU can only do from a second
	 * descriptor, whose file locks then block the first. */
	if (file)
		dm_opt(c, "-drive", "if=none,id=%s%s,file=%s,format=%s%s%s", id,
		       extra, file, format_name(k->format), opts,
		       c->env->fd_images ? ",file.auto-read-only=off" : "");
}

static int check(struct dm_ctx *c, const struct xlm_disk *k)
{
	if (!dm_backend_is_dom0(k->backend_domname))
		return dm_fail(c, -ENOTSUP, "disk %s: backend=%s (a driver "
			       "domain) is not implemented yet: only dom0 "
			       "serves disks", k->vdev, k->backend_domname);
	if (k->script)
		return dm_fail(c, -ENOTSUP, "disk %s: script=%s (block "
			       "scripts such as iscsi, nbd, drbd) is not "
			       "implemented yet", k->vdev, k->script);
	if (k->format == XLM_FMT_EMPTY && !k->is_cdrom)
		return dm_fail(c, -EINVAL, "disk %s: only a cdrom can be "
			       "empty", k->vdev);
	if (k->colo_enable == XLM_TRUE)
		return dm_fail(c, -ENOTSUP, "disk %s: COLO does not exist on "
			       "KVM", k->vdev);
	if (k->specification == XLM_DSPEC_VIRTIO)
		dm_warn(c, "disk %s: specification=virtio is how xen-kvm's "
			"kvm mode works anyway", k->vdev);
	return 0;
}

static int xen_disk(struct dm_ctx *c, const struct xlm_disk *k, int i)
{
	const char *prefix;
	int idx = vdev_index(k->vdev, &prefix);
	const char *share = k->shared ? ",share-rw=on" : "";

	/* the firmware of an HVM guest boots from IDE; the guest then
	 * unplugs it and uses the PV disk: both open the image */
	if (c->hvm && idx >= 0 && idx < 4 && strcmp(prefix, "sd")) {
		drive(c, k, i, "", ",file.locking=off");
		drive(c, k, i, "-ide", ",file.locking=off");
		dm_opt(c, "-device", "%s,drive=disk%d-ide,bus=ide.%d,unit=%d",
		       k->is_cdrom ? "ide-cd" : "ide-hd", i, idx / 2,
		       idx % 2);
	} else {
		drive(c, k, i, "", "");
	}
	dm_opt(c, "-device", "%s,vdev=%s,drive=disk%d%s",
	       k->is_cdrom ? "xen-cdrom" : "xen-disk", dm_esc(c, k->vdev), i,
	       share);
	return c->rc;
}

/* kvm and tcg modes: the bus a disk goes on */
static enum bus bus_of(const struct dm_ctx *c, const struct xlm_disk *k)
{
	const char *prefix;

	vdev_index(k->vdev, &prefix);
	if (!c->hvm || !prefix)
		return BUS_VIRTIO;
	if (!strcmp(prefix, "hd"))
		return BUS_IDE;
	if (!strcmp(prefix, "sd"))
		return BUS_SCSI;
	/* firmware can boot an IDE cdrom */
	return k->is_cdrom ? BUS_IDE : BUS_VIRTIO;
}

static int virtio_disk(struct dm_ctx *c, const struct xlm_disk *k, int i,
		       bool *scsi)
{
	const char *prefix, *share = k->shared ? ",share-rw=on" : "";
	int idx = vdev_index(k->vdev, &prefix);
	enum bus bus = bus_of(c, k);

	if (idx < 0)
		return dm_fail(c, -EINVAL, "disk vdev=%s: xen-kvm needs a "
			       "whole-disk name (xvdX, hdX, sdX, vdX)",
			       k->vdev);
	drive(c, k, i, "", "");
	switch (bus) {
	case BUS_IDE:
		if (idx > 3)
			return dm_fail(c, -EINVAL, "disk %s: IDE has four "
				       "slots (hda-hdd); use xvd* for more "
				       "disks", k->vdev);
		if (c->d->b_info.hvm.hdtype == XLM_HDTYPE_AHCI) {
			dm_opt(c, "-device", "%s,drive=disk%d,bus=ahci0.%d%s",
			       k->is_cdrom ? "ide-cd" : "ide-hd", i, idx,
			       share);
		} else {
			dm_opt(c, "-device", "%s,drive=disk%d,bus=ide.%d,"
			       "unit=%d%s", k->is_cdrom ? "ide-cd" : "ide-hd",
			       i, idx / 2, idx % 2, share);
		}
		break;
	case BUS_SCSI:
		if (!*scsi)
			dm_opt(c, "-device", "virtio-scsi-pci,id=scsi0");
		*scsi = true;
		dm_opt(c, "-device", "%s,drive=disk%d,bus=scsi0.0,"
		       "scsi-id=%d%s", k->is_cdrom ? "scsi-cd" : "scsi-hd", i,
		       idx, share);
		break;
	case BUS_VIRTIO:
		dm_opt(c, "-device", "virtio-blk-pci,drive=disk%d,id=%s%s", i,
		       dm_esc(c, k->vdev), share);
		break;
	}
	return c->rc;
}

int dm_disks(struct dm_ctx *c)
{
	const struct xlm_domain *d = c->d;
	bool scsi = false;
	int i;

	if (!c->xen && d->b_info.hvm.hdtype == XLM_HDTYPE_AHCI)
		for (i = 0; i < d->num_disks; i++)
			if (d->disks[i].vdev && bus_of(c, &d->disks[i]) ==
			    BUS_IDE) {
				dm_opt(c, "-device", "ich9-ahci,id=ahci0");
				break;
			}
	for (i = 0; i < d->num_disks && !c->rc; i++) {
		const struct xlm_disk *k = &d->disks[i];

		if (!k->vdev)
			return dm_fail(c, -EINVAL, "disk %d has no vdev", i);
		if (check(c, k))
			break;
		if (c->xen)
			xen_disk(c, k, i);
		else
			virtio_disk(c, k, i, &scsi);
	}
	return c->rc;
}
