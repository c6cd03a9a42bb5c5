/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_cmd_block.c: block-attach, block-detach, block-list, cd-insert,
 * cd-eject.  Under -N block-attach prints the parsed disk as Xen's xl
 * does ("disk: {...}", what Xen's check-xl-disk-parse compares);
 * otherwise xl_disk.c attaches it to the running domain, and detaches it,
 * and changes a cdrom's medium.  block-list shows the vbd frontends in
 * Xen's format.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include <xenstore.h>

#include "xl.h"
#include "xl_disk.h"
#include "xl_dom.h"
#include "xl_fmt.h"
#include "xs_path.h"

int main_block_attach(const struct xl_args *a)
{
	struct xlm_disk disk;
	unsigned int domid;
	int ret;

	if (xl_domid(NULL, a->argv[0], XL_DOM_NUMBER, &domid))
		return EXIT_FAILURE;
	xlm_disk_init(&disk);
	if (xlm_parse_disk("command line", a->argc - 1,
			   (const char *const *)a->argv + 1, &disk)) {
		ret = EXIT_FAILURE;
	} else if (xl.dryrun) {
		xlf_device_json(stdout, "disk", xlm_disk_json(&disk));
		ret = fflush(stdout) ? EXIT_FAILURE : EXIT_SUCCESS;
	} else {
		ret = xl_disk_attach(domid, &disk);
	}
	xlm_disk_dispose(&disk);
	return ret;
}

/* cd-insert DOM VDEV PATH (medium given) or cd-eject DOM VDEV, as Xen's
 * xl: the medium is the disk spec "vdev=V,access=r,devtype=cdrom,target=P"
 * and must exist */
static int cd_change(const struct xl_args *a, const char *target)
{
	struct xlm_disk disk;
	unsigned int domid;
	char *spec = NULL;
	struct stat st;
	int ret = EXIT_FAILURE;

	if (xl_domid(NULL, a->argv[0], 0, &domid))
		return EXIT_FAILURE;
	if (!target)
		return xl_disk_cd_change(domid, a->argv[1], NULL);
	xlm_disk_init(&disk);
	if (asprintf(&spec, "vdev=%s,access=r,devtype=cdrom,target=%s",
		     a->argv[1], target) < 0)
		spec = NULL;
	if (spec && !xlm_parse_disk("command line", 1,
				    (const char *const *)&spec, &disk)) {
		if (disk.format != XLM_FMT_EMPTY &&
		    (!disk.pdev_path || stat(disk.pdev_path, &st)))
			fprintf(stderr, "Cannot stat file: %s\n",
				disk.pdev_path ? disk.pdev_path : "");
		else
			ret = xl_disk_cd_change(domid, a->argv[1],
						disk.format == XLM_FMT_EMPTY ?
						NULL : &disk);
	}
	free(spec);
	xlm_disk_dispose(&disk);
	return ret;
}

int main_cd_insert(const struct xl_args *a)
{
	return cd_change(a, a->argv[2]);
}

int main_cd_eject(const struct xl_args *a)
{
	return cd_change(a, NULL);
}

int main_block_detach(const struct xl_args *a)
{
	struct xs_handle *xs;
	unsigned int domid;
	int rc = EXIT_FAILURE;

	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	if (!xl_domid(xs, a->argv[0], 0, &domid))
		rc = xl_disk_detach(xs, domid, a->argv[1]);
	xs_close(xs);
	return rc;
}

static void list_vbds(struct xs_handle *xs, unsigned int domid)
{
	char dir[128], fe[256], **ids, *be;
	unsigned int n, i, len;

	xlrt_xs_dom_path(dir, sizeof(dir), domid, "device/vbd");
	ids = xs_directory(xs, XBT_NULL, dir, &n);
	for (i = 0; ids && i < n; i++) {
		struct xlf_vbd b = { .frontend_id = (int)domid };

		snprintf(fe, sizeof(fe), "%s/%s", dir, ids[i]);
		b.devid = atoi(ids[i]);
		b.backend_id = xl_xs_int(xs, fe, "backend-id");
		b.state = xl_xs_int(xs, fe, "state");
		b.evtch = xl_xs_int(xs, fe, "event-channel");
		b.rref = xl_xs_int(xs, fe, "ring-ref");
		strcat(fe, "/backend");
		be = xs_read(xs, XBT_NULL, fe, &len);
		b.be_path = be ? be : "";
		xlf_block_row(stdout, &b);
		free(be);
	}
	free(ids);
}

int main_block_list(const struct xl_args *a)
{
	struct xs_handle *xs;
	unsigned int domid;
	int i, rc = EXIT_SUCCESS;

	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	xlf_block_header(stdout);
	for (i = 0; i < a->argc; i++) {
		if (xl_domid(xs, a->argv[i], 0, &domid)) {
			rc = EXIT_FAILURE;
			continue;
		}
		list_vbds(xs, domid);
	}
	xs_close(xs);
	return fflush(stdout) ? EXIT_FAILURE : rc;
}
