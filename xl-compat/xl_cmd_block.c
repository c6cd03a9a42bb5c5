/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_cmd_block.c: disks of a running domain.  block-attach (its parsing
 * and -N are in xl_cmd_devattach.c) adds the image with QMP blockdev-add
 * (node "xl-<vdev>") and a virtio-blk-pci device whose id is the vdev, as
 * the device model names boot disks, then writes the vbd frontend and
 * backend nodes; block-detach unplugs the device (device_del, waiting for
 * DEVICE_DELETED: the guest must let go), drops the node and the XenStore
 * entries; block-list shows the vbd frontends in Xen's format.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

#include "xl.h"
#include "xl_dom.h"
#include "xl_fmt.h"
#include "logring.h"
#include "xs_layout.h"

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

/* The vbd's backend path (malloc'ed), NULL if there is no such vbd. */
static char *vbd_backend(struct xs_handle *xs, unsigned int domid, int devid)
{
	char rel[64];

	snprintf(rel, sizeof(rel), "device/vbd/%d/backend", devid);
	return xl_xs_dom_read(xs, domid, rel);
}

static int attach(struct xlrt_qmp *q, struct xs_handle *xs, unsigned int domid,
		  const struct xlm_disk *k)
{
	json_object *args, *file;
	char node[64];
	int r;

	snprintf(node, sizeof(node), "xl-%s", k->vdev);
	file = json_object_new_object();
	json_object_object_add(file, "driver", json_object_new_string(
		!strncmp(k->pdev_path, "/dev/", 5) ? "host_device" : "file"));
	json_object_object_add(file, "filename",
			       json_object_new_string(k->pdev_path));
	args = json_object_new_object();
	json_object_object_add(args, "driver",
			       json_object_new_string(qemu_format(k->format)));
	json_object_object_add(args, "node-name", json_object_new_string(node));
	json_object_object_add(args, "read-only",
			       json_object_new_boolean(!k->readwrite));
	json_object_object_add(args, "file", file);
	r = xl_qmp_run(q, "blockdev-add", args, NULL);
	json_object_put(args);
	if (r)
		return -1;
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
	}
	return r;
}

int xl_block_attach_live(unsigned int domid, const struct xlm_disk *k)
{
	struct xs_handle *xs;
	struct xlrt_qmp *q;
	int devid = xlrt_disk_devid(k->vdev), rc = EXIT_FAILURE;

	if (k->is_cdrom || !k->pdev_path || !*k->pdev_path || devid < 0) {
		fprintf(stderr, "xl: block-attach on KVM takes a disk image with a virtual device (xvdb, vdb, ...), not an empty drive or cdrom\n");
		return EXIT_FAILURE;
	}
	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	char *be = vbd_backend(xs, domid, devid);

	free(be);
	if (be) {
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
	struct xlrt_qmp_event *ev = NULL;
	json_object *args, *v;
	char node[64];
	int r;

	args = json_object_new_object();
	json_object_object_add(args, "id", json_object_new_string(vdev));
	r = xl_qmp_run(q, "device_del", args, NULL);
	json_object_put(args);
	if (r)
		return -1;
	/* the guest acknowledges the unplug; other devices' events are skipped */
	for (;;) {
		r = xlrt_qmp_wait_event(q, "DEVICE_DELETED", 10000, &ev);
		if (r) {
			fprintf(stderr, "xl: the guest did not release %s within 10 s\n",
				vdev);
			return -1;
		}
		r = json_object_object_get_ex(ev->data, "device", &v) &&
		    !strcmp(json_object_get_string(v), vdev);
		xlrt_qmp_event_free(ev);
		if (r)
			break;
	}
	snprintf(node, sizeof(node), "xl-%s", vdev);
	args = json_object_new_object();
	json_object_object_add(args, "node-name", json_object_new_string(node));
	/* boot disks are -drive backends, gone with their device */
	xlrt_qmp_execute(q, "blockdev-del", args, NULL, 5000);
	json_object_put(args);
	return xlrt_xs_disk_remove(xs, domid, devid) ? -1 : 0;
}

static int cmd_block_detach(int argc, char **argv)
{
	struct xs_handle *xs;
	struct xlrt_qmp *q;
	unsigned int domid;
	char path[512], *vdev = NULL, *be, *end;
	int opt, devid, rc = EXIT_FAILURE;

	while ((opt = getopt(argc, argv, "fh")) >= 0) {
		if (opt != 'f') {
			xl_usage(xl_cmd_find("block-detach"));
			return opt == 'h' ? EXIT_SUCCESS : 2;
		}
	}
	if (argc - optind < 2) {
		xl_usage(xl_cmd_find("block-detach"));
		return 2;
	}
	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	if (xl_live_domid(xs, argv[optind], &domid))
		goto out;
	devid = (int)strtol(argv[optind + 1], &end, 10);
	if (*end || end == argv[optind + 1])
		devid = xlrt_disk_devid(argv[optind + 1]);
	be = devid >= 0 ? vbd_backend(xs, domid, devid) : NULL;
	if (be) {
		unsigned int len;

		snprintf(path, sizeof(path), "%s/dev", be);
		vdev = xs_read(xs, XBT_NULL, path, &len);
		free(be);
	}
	if (!vdev) {
		fprintf(stderr, "Error: Device %s not connected.\n",
			argv[optind + 1]);
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
	xs_close(xs);
	return rc;
}

static int vbd_int(struct xs_handle *xs, const char *dir, const char *key)
{
	char path[512], *v;
	unsigned int len;
	int n;

	snprintf(path, sizeof(path), "%s/%s", dir, key);
	v = xs_read(xs, XBT_NULL, path, &len);
	n = v ? atoi(v) : -1;
	free(v);
	return n;
}

static void list_vbds(struct xs_handle *xs, unsigned int domid)
{
	char dir[128], fe[256], **ids, *be;
	unsigned int n, i, len;

	snprintf(dir, sizeof(dir), "/local/domain/%u/device/vbd", domid);
	ids = xs_directory(xs, XBT_NULL, dir, &n);
	for (i = 0; ids && i < n; i++) {
		struct xlf_vbd b = { .frontend_id = (int)domid };

		snprintf(fe, sizeof(fe), "%s/%s", dir, ids[i]);
		b.devid = atoi(ids[i]);
		b.backend_id = vbd_int(xs, fe, "backend-id");
		b.state = vbd_int(xs, fe, "state");
		b.evtch = vbd_int(xs, fe, "event-channel");
		b.rref = vbd_int(xs, fe, "ring-ref");
		strcat(fe, "/backend");
		be = xs_read(xs, XBT_NULL, fe, &len);
		b.be_path = be ? be : "";
		xlf_block_row(stdout, &b);
		free(be);
	}
	free(ids);
}

static int cmd_block_list(int argc, char **argv)
{
	struct xs_handle *xs;
	unsigned int domid;
	int opt, i, rc = EXIT_SUCCESS;

	while ((opt = getopt(argc, argv, "h")) >= 0) {
		xl_usage(xl_cmd_find("block-list"));
		return opt == 'h' ? EXIT_SUCCESS : 2;
	}
	if (argc - optind < 1) {
		xl_usage(xl_cmd_find("block-list"));
		return 2;
	}
	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	xlf_block_header(stdout);
	for (i = optind; i < argc; i++) {
		if (xl_live_domid(xs, argv[i], &domid)) {
			rc = EXIT_FAILURE;
			continue;
		}
		list_vbds(xs, domid);
	}
	xs_close(xs);
	return fflush(stdout) ? EXIT_FAILURE : rc;
}

const struct xl_cmd xl_cmds_block[] = {
	{ "block-detach", cmd_block_detach, 0, "Destroy a domain's virtual block device",
	  "block-detach <Domain> <DevId>\n\n"
	  "<DevId> may be the device index or the device name as it is seen by the guest" },
	{ "block-list", cmd_block_list, 0, "List virtual block devices for a domain",
	  "block-list <Domain(s)>" },
	{ NULL, NULL, 0, NULL, NULL },
};
