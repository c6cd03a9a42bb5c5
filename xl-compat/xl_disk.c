/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_disk.c: attaching and detaching disks of a running domain
 * (xl_disk.h).
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xenstore.h>

#include "xl_disk.h"
#include "xl_dom.h"
#include "domain.h"
#include "logring.h"
#include "xs_layout.h"
#include "xs_path.h"

static const char *qemu_format(enum xlm_disk_format f)
{
	switch (f) {
	case XLM_FMT_QCOW:
		return "qcow";
	case XLM_FMT_QCOW2:
		return "qcow2";
	case XLM_FMT_VHD:
		return "vpc";
	case XLM_FMT_QED:
		return "qed";
	default:
		return "raw";
	}
}

/*
 * path opened here for QEMU, which a restricted one could not open (see
 * dm_confine.h), in an fd set labelled "xl-drive:<id>" (the QEMU drive or
 * node) that lives as long as the drive holds the image; name gets
 * "/dev/fdset/<set>".  blockdev-add and change-medium never reopen it.
 */
static int hand_over(struct xlrt_qmp *q, const char *id, const char *path,
		     bool readwrite, char *name, size_t len)
{
	int64_t fdset = -1;
	char label[80];
	int fd, r;

	snprintf(label, sizeof(label), "xl-drive:%s", id);
	fd = open(path, (readwrite ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "xl: cannot open %s: %m\n", path);
		return -1;
	}
	r = xlrt_qmp_add_fd(q, fd, label, &fdset, 5000);
	close(fd);
	if (r) {
		fprintf(stderr, "xl: %s\n", xlrt_qmp_strerror(q));
		return -1;
	}
	snprintf(name, len, "/dev/fdset/%lld", (long long)fdset);
	return 0;
}

/* The drive id no longer holds an image: its fd sets go. */
static void drop_images(struct xlrt_qmp *q, const char *id)
{
	char label[80];

	snprintf(label, sizeof(label), "xl-drive:%s", id);
	xlrt_qmp_remove_fdsets(q, label);
}

/* The vbd's backend path (malloc'ed), NULL if there is no such vbd. */
static char *vbd_backend(struct xs_handle *xs, unsigned int domid, int devid)
{
	char rel[64];

	snprintf(rel, sizeof(rel), "device/vbd/%d/backend", devid);
	return xlrt_xs_dom_read(xs, XBT_NULL, domid, rel);
}

static int attach(struct xlrt_qmp *q, struct xs_handle *xs, unsigned int domid,
		  const struct xlm_disk *k)
{
	json_object *args, *file;
	char node[64], fname[64];
	int r;

	snprintf(node, sizeof(node), "xl-%s", k->vdev);
	if (hand_over(q, node, k->pdev_path, k->readwrite, fname,
		      sizeof(fname)))
		return -1;
	file = json_object_new_object();
	json_object_object_add(file, "driver", json_object_new_string(
		!strncmp(k->pdev_path, "/dev/", 5) ? "host_device" : "file"));
	json_object_object_add(file, "filename", json_object_new_string(fname));
	args = json_object_new_object();
	json_object_object_add(args, "driver",
			       json_object_new_string(qemu_format(k->format)));
	json_object_object_add(args, "node-name", json_object_new_string(node));
	json_object_object_add(args, "read-only",
			       json_object_new_boolean(!k->readwrite));
	json_object_object_add(args, "file", file);
	r = xl_qmp_run(q, "blockdev-add", args, NULL);
	json_object_put(args);
	if (r) {
		drop_images(q, node);
		return -1;
	}
	args = json_object_new_object();
	json_object_object_add(args, "driver",
			       json_object_new_string("virtio-blk-pci"));
	json_object_object_add(args, "drive", json_object_new_string(node));
	json_object_object_add(args, "id", json_object_new_string(k->vdev));
	if (k->shared)
		json_object_object_add(args, "share-rw",
				       json_object_new_boolean(1));
	r = xl_qmp_run(q, "device_add", args, NULL);
	json_object_put(args);
	if (!r && xlrt_xs_disk_add(xs, domid, k)) {
		fprintf(stderr, "xl: cannot write the vbd's XenStore nodes: %m\n");
		r = -1;
	}
	if (r) {
		args = json_object_new_object();
		json_object_object_add(args, "node-name",
				       json_object_new_string(node));
		xlrt_qmp_execute(q, "blockdev-del", args, NULL, 5000);
		json_object_put(args);
		drop_images(q, node);
	}
	return r;
}

int xl_disk_attach(unsigned int domid, const struct xlm_disk *k)
{
	struct xs_handle *xs;
	struct xlrt_qmp *q;
	char *be;
	int devid = xlrt_disk_devid(k->vdev), rc = EXIT_FAILURE;

	if (k->is_cdrom || !k->pdev_path || !*k->pdev_path || devid < 0) {
		fprintf(stderr, "xl: block-attach on KVM takes a disk image with a virtual device (xvdb, vdb, ...), not an empty drive or cdrom\n");
		return EXIT_FAILURE;
	}
	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	be = vbd_backend(xs, domid, devid);
	free(be);
	if (be) {	/* only whether it was there */
		fprintf(stderr, "libxl: error: device vbd %d already exists in domain %u\n",
			devid, domid);
	} else if (!xl_dom_qmp(domid, &q)) {
		if (!attach(q, xs, domid, k)) {
			rc = EXIT_SUCCESS;
			xlrt_log("domain %u: disk %s attached as %s", domid,
				 k->pdev_path, k->vdev);
		}
		xlrt_qmp_close(q);
	}
	xs_close(xs);
	return rc;
}

static int detach(struct xlrt_qmp *q, struct xs_handle *xs, unsigned int domid,
		  int devid, const char *vdev)
{
	json_object *args;
	char node[64];

	if (xl_qmp_unplug(q, &vdev, 1))
		return -1;
	snprintf(node, sizeof(node), "xl-%s", vdev);
	args = json_object_new_object();
	json_object_object_add(args, "node-name", json_object_new_string(node));
	/* boot disks are -drive backends, gone with their device */
	xlrt_qmp_execute(q, "blockdev-del", args, NULL, 5000);
	json_object_put(args);
	drop_images(q, node);
	return xlrt_xs_disk_remove(xs, domid, devid) ? -1 : 0;
}

int xl_disk_detach(struct xs_handle *xs, unsigned int domid, const char *dev)
{
	struct xlrt_qmp *q;
	char path[512], *vdev = NULL, *be, *end;
	int devid, rc = EXIT_FAILURE;

	devid = (int)strtol(dev, &end, 10);
	if (*end || end == dev)
		devid = xlrt_disk_devid(dev);
	be = devid >= 0 ? vbd_backend(xs, domid, devid) : NULL;
	if (be) {
		unsigned int len;

		snprintf(path, sizeof(path), "%s/dev", be);
		vdev = xs_read(xs, XBT_NULL, path, &len);
		free(be);
	}
	if (!vdev) {
		fprintf(stderr, "Error: Device %s not connected.\n", dev);
		goto out;
	}
	if (xl_dom_qmp(domid, &q))
		goto out;
	if (detach(q, xs, domid, devid, vdev))
		fprintf(stderr, "libxl_device_disk_remove failed.\n");
	else
		rc = EXIT_SUCCESS;
	xlrt_qmp_close(q);
	if (!rc)
		xlrt_log("domain %u: disk %s detached", domid, vdev);
out:
	free(vdev);
	return rc;
}

/* The place of the domain's disk vdev in its saved config (the device
 * model's drive "disk<i>"): its index, -1 if it has none, -2 if it is
 * not a cdrom. */
static int cdrom_index(unsigned int domid, const char *vdev)
{
	json_object *cfg, *disks, *k, *v;
	int i, n, r = -1;

	if (xlrt_domain_config(domid, &cfg))
		return -1;
	if (json_object_object_get_ex(cfg, "disks", &disks)) {
		n = (int)json_object_array_length(disks);
		for (i = 0; i < n && r == -1; i++) {
			k = json_object_array_get_idx(disks, (size_t)i);
			if (!json_object_object_get_ex(k, "vdev", &v) ||
			    strcmp(json_object_get_string(v), vdev))
				continue;
			r = json_object_object_get_ex(k, "is_cdrom", &v) &&
			    json_object_get_int(v) ? i : -2;
		}
	}
	json_object_put(cfg);
	return r;
}

/* Whether QEMU's query-block lists a drive named id. */
static bool has_drive(json_object *blocks, const char *id)
{
	json_object *d;
	size_t i;

	for (i = 0; i < json_object_array_length(blocks); i++)
		if (json_object_object_get_ex(json_object_array_get_idx(
			blocks, i), "device", &d) &&
		    !strcmp(json_object_get_string(d), id))
			return true;
	return false;
}

/* Eject drive id, then insert medium if not NULL. */
static int change(struct xlrt_qmp *q, const char *id,
		  const struct xlm_disk *medium)
{
	json_object *args = json_object_new_object();
	char fname[64];
	int r;

	json_object_object_add(args, "device", json_object_new_string(id));
	json_object_object_add(args, "force", json_object_new_boolean(1));
	r = xl_qmp_run(q, "eject", args, NULL);
	json_object_put(args);
	if (!r)
		drop_images(q, id);
	if (r || !medium)
		return r;
	if (hand_over(q, id, medium->pdev_path, false, fname, sizeof(fname)))
		return -1;
	args = json_object_new_object();
	json_object_object_add(args, "device", json_object_new_string(id));
	json_object_object_add(args, "filename", json_object_new_string(fname));
	json_object_object_add(args, "format", json_object_new_string(
		qemu_format(medium->format)));
	json_object_object_add(args, "read-only-mode",
			       json_object_new_string("read-only"));
	r = xl_qmp_run(q, "blockdev-change-medium", args, NULL);
	json_object_put(args);
	if (r)
		drop_images(q, id);
	return r;
}

int xl_disk_cd_change(unsigned int domid, const char *vdev,
		      const struct xlm_disk *medium)
{
	struct xs_handle *xs = xl_xs();
	json_object *blocks = NULL;
	struct xlrt_qmp *q = NULL;
	char id[2][32], *be;
	int i, j, rc = EXIT_FAILURE, done = 0;

	if (!xs)
		return EXIT_FAILURE;
	i = xl_dom_type(xs, domid) == XLM_TYPE_HVM ? cdrom_index(domid, vdev)
						     : -3;
	if (i < 0) {
		fprintf(stderr, "libxl: error: Domain %u:%s\n", domid,
			i == -3 ? "cdrom-insert requires an HVM domain" :
			i == -2 ? "Virtual device is not a cdrom" :
			"Virtual device not found");
		goto out;
	}
	if (xl_dom_qmp(domid, &q) ||
	    xl_qmp_run(q, "query-block", NULL, &blocks))
		goto out;
	/* kvm and tcg: drive disk<i>; xen: also its IDE twin for the
	 * firmware (runtime/dm_disk.c) */
	snprintf(id[0], sizeof(id[0]), "disk%d", i);
	snprintf(id[1], sizeof(id[1]), "disk%d-ide", i);
	for (j = 0; j < 2; j++) {
		if (!has_drive(blocks, id[j]))
			continue;
		if (change(q, id[j], medium))
			goto out;
		done++;
	}
	if (!done) {
		fprintf(stderr, "xl: QEMU has no drive for %s\n", vdev);
		goto out;
	}
	be = vbd_backend(xs, domid, xlrt_disk_devid(vdev));
	if (be) {
		char path[512];

		snprintf(path, sizeof(path), "%s/params", be);
		xs_write(xs, XBT_NULL, path, medium ? medium->pdev_path : "",
			 medium ? strlen(medium->pdev_path) : 0);
		free(be);
	}
	xlrt_log("domain %u: cdrom %s %s%s", domid, vdev,
		 medium ? "now holds " : "ejected",
		 medium ? medium->pdev_path : "");
	rc = EXIT_SUCCESS;
out:
	json_object_put(blocks);
	if (q)
		xlrt_qmp_close(q);
	xs_close(xs);
	return rc;
}
