/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_cmd_usb.c: USB passthrough on a running domain, as libxl does it for
 * device-model controllers: usbctrl-attach/-detach add and remove an
 * emulated controller (QMP device_add/device_del, id xenusb-<devid>),
 * usbdev-attach/-detach a host device on one of its ports (usb-host, id
 * xenusb-<hostbus>-<hostaddr>), usb-list prints Xen's table.  The state is
 * libxl's: /libxl/<domid>/device/vusb/<devid>/{type,usb-ver,num-ports,
 * port/N} with the host device's bus id at its port.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

#include "xl.h"
#include "xl_dom.h"
#include "logring.h"
#include "usb.h"
#include "xs_layout.h"

static int compare_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* The domain's controllers' devids, sorted; *out malloc'ed. */
static int ctrl_list(struct xs_handle *xs, unsigned int domid, int **out)
{
	char dir[96], **ids;
	unsigned int n = 0, i;
	int *v;

	snprintf(dir, sizeof(dir), "/libxl/%u/device/vusb", domid);
	ids = xs_directory(xs, XBT_NULL, dir, &n);
	v = calloc((size_t)n + 1, sizeof(*v));
	for (i = 0; v && ids && i < n; i++)
		v[i] = atoi(ids[i]);
	free(ids);
	if (v)
		qsort(v, n, sizeof(*v), compare_int);
	*out = v;
	return v ? (int)n : 0;
}

/* /libxl/<domid>/device/vusb/<devid>/<key> (malloc'ed), or NULL */
static char *ctrl_read(struct xs_handle *xs, unsigned int domid, int devid,
		       const char *key)
{
	char path[160];
	unsigned int len;

	snprintf(path, sizeof(path), "/libxl/%u/device/vusb/%d/%s", domid,
		 devid, key);
	return xs_read(xs, XBT_NULL, path, &len);
}

static int ctrl_int(struct xs_handle *xs, unsigned int domid, int devid,
		    const char *key)
{
	char *v = ctrl_read(xs, domid, devid, key);
	int n = v ? atoi(v) : -1;

	free(v);
	return n;
}

/* port N's bus id (malloc'ed, "" when free), NULL if there is no such
 * controller or port */
static char *port_busid(struct xs_handle *xs, unsigned int domid, int devid,
			int port)
{
	char key[32];

	snprintf(key, sizeof(key), "port/%d", port);
	return ctrl_read(xs, domid, devid, key);
}

static int free_port(struct xs_handle *xs, unsigned int domid, int devid)
{
	int n = ctrl_int(xs, domid, devid, "num-ports"), p;

	for (p = 1; p <= n; p++) {
		char *b = port_busid(xs, domid, devid, p);
		bool empty = b && !*b;

		free(b);
		if (empty)
			return p;
	}
	return 0;
}

static int plug_ctrl(struct xlrt_qmp *q, struct xs_handle *xs,
		     unsigned int domid, const struct xlm_usbctrl *u)
{
	json_object *args = json_object_new_object();
	char id[32];
	int r;

	xlrt_usbctrl_qdev_id(u->devid, id, sizeof(id));
	json_object_object_add(args, "driver", json_object_new_string("qemu-xhci"));
	json_object_object_add(args, "id", json_object_new_string(id));
	json_object_object_add(args, "p2", json_object_new_int(u->ports));
	json_object_object_add(args, "p3", json_object_new_int(u->ports));
	r = xl_qmp_run(q, "device_add", args, NULL);
	json_object_put(args);
	if (r)
		return -1;
	if (xlrt_xs_usbctrl_add(xs, domid, u)) {
		fprintf(stderr, "xl: cannot write the controller's XenStore "
			"nodes: %m\n");
		xl_qmp_unplug(q, (const char *const []){ id }, 1);
		return -1;
	}
	xlrt_log("domain %u: usb controller %d attached", domid, u->devid);
	return 0;
}

/* A new controller of libxl's defaults and the next free devid. */
static int new_ctrl(struct xlrt_qmp *q, struct xs_handle *xs,
		    unsigned int domid, struct xlm_usbctrl *u)
{
	int *ids, n = ctrl_list(xs, domid, &ids);

	u->devid = n ? ids[n - 1] + 1 : 0;
	free(ids);
	if (xlm_usbctrl_setdefault(u))
		return -1;
	return plug_ctrl(q, xs, domid, u);
}

int main_usbctrl_attach(const struct xl_args *a)
{
	struct xlm_usbctrl u = { 0 };
	struct xs_handle *xs;
	struct xlrt_qmp *q = NULL;
	unsigned int domid;
	int i, rc = EXIT_FAILURE;

	for (i = 1; i < a->argc; i++)
		if (xlm_parse_usbctrl("command line", a->argv[i], &u))
			return EXIT_FAILURE;
	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	if (!xl_domid(xs, a->argv[0], 0, &domid) && !xl_dom_qmp(domid, &q) &&
	    !new_ctrl(q, xs, domid, &u))
		rc = EXIT_SUCCESS;
	else
		fprintf(stderr, "libxl_device_usbctrl_add failed.\n");
	if (q)
		xlrt_qmp_close(q);
	xs_close(xs);
	return rc;
}

/* The device on a port leaves the guest (QEMU unplugs USB at once). */
static int unplug_dev(struct xlrt_qmp *q, struct xs_handle *xs,
		      unsigned int domid, int ctrl, int port, const char *busid)
{
	struct xlm_usbdev v = { 0 };
	unsigned int bus, addr;
	char id[32];

	if (xlrt_usb_busaddr(busid, &bus, &addr)) {
		fprintf(stderr, "libxl: error: the host device %s of controller "
			"%d port %d is gone from the host\n", busid, ctrl, port);
		return -1;
	}
	v.hostbus = (uint8_t)bus;
	v.hostaddr = (uint8_t)addr;
	xlrt_usbdev_qdev_id(&v, id, sizeof(id));
	if (xl_qmp_unplug(q, (const char *const []){ id }, 1))
		return -1;
	xlrt_xs_usbdev_set(xs, domid, ctrl, port, "");
	xlrt_log("domain %u: usb %s detached from controller %d port %d",
		 domid, busid, ctrl, port);
	return 0;
}

int main_usbctrl_detach(const struct xl_args *a)
{
	struct xs_handle *xs;
	struct xlrt_qmp *q = NULL;
	unsigned int domid;
	int devid = atoi(a->argv[1]), ports, p, rc = EXIT_FAILURE;
	char id[32], *b;

	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	if (xl_domid(xs, a->argv[0], 0, &domid))
		goto out;
	ports = ctrl_int(xs, domid, devid, "num-ports");
	if (ports < 0) {
		fprintf(stderr, "Unknown device %s.\n", a->argv[1]);
		goto out;
	}
	if (xl_dom_qmp(domid, &q))
		goto fail;
	/* its devices first, as libxl removes them */
	for (p = 1; p <= ports; p++) {
		b = port_busid(xs, domid, devid, p);
		if (b && *b && unplug_dev(q, xs, domid, devid, p, b)) {
			free(b);
			goto fail;
		}
		free(b);
	}
	xlrt_usbctrl_qdev_id(devid, id, sizeof(id));
	if (xl_qmp_unplug(q, (const char *const []){ id }, 1))
		goto fail;
	xlrt_xs_usbctrl_remove(xs, domid, devid);
	xlrt_log("domain %u: usb controller %d detached", domid, devid);
	rc = EXIT_SUCCESS;
	goto out;
fail:
	fprintf(stderr, "libxl_device_usbctrl_remove failed.\n");
out:
	if (q)
		xlrt_qmp_close(q);
	xs_close(xs);
	return rc;
}

/* Where a new device goes, as libxl chooses: 0 with ctrl/port set, or -1
 * after libxl's message (a controller is made if none has a free port). */
static int place(struct xlrt_qmp *q, struct xs_handle *xs,
		 unsigned int domid, struct xlm_usbdev *v)
{
	int *ids, n, i;
	char *b;

	if (v->ctrl == XLM_DEVID_DEFAULT) {
		struct xlm_usbctrl u = { 0 };

		if (v->port) {
			fprintf(stderr, "libxl: error: USB controller must be "
				"specified if you specify port\n");
			return -1;
		}
		n = ctrl_list(xs, domid, &ids);
		for (i = 0; i < n && !v->port; i++) {
			v->port = free_port(xs, domid, ids[i]);
			v->ctrl = ids[i];
		}
		free(ids);
		if (v->port)
			return 0;
		if (new_ctrl(q, xs, domid, &u))
			return -1;
		v->ctrl = u.devid;
		v->port = 1;
		return 0;
	}
	if (ctrl_int(xs, domid, v->ctrl, "num-ports") < 0) {
		fprintf(stderr, "libxl: error: no USB controller %d\n", v->ctrl);
		return -1;
	}
	if (!v->port) {
		v->port = free_port(xs, domid, v->ctrl);
		if (!v->port) {
			fprintf(stderr, "libxl: error: No available port under "
				"specified controller\n");
			return -1;
		}
		return 0;
	}
	b = port_busid(xs, domid, v->ctrl, v->port);
	i = b && !*b;
	free(b);
	if (!i) {
		fprintf(stderr, "libxl: error: The controller port isn't "
			"available\n");
		return -1;
	}
	return 0;
}

/* Is the host device on a port of the domain already? */
static bool attached(struct xs_handle *xs, unsigned int domid,
		     const char *busid)
{
	int *ids, n = ctrl_list(xs, domid, &ids), i, p, ports;
	bool found = false;

	for (i = 0; i < n && !found; i++) {
		ports = ctrl_int(xs, domid, ids[i], "num-ports");
		for (p = 1; p <= ports && !found; p++) {
			char *b = port_busid(xs, domid, ids[i], p);

			found = b && !strcmp(b, busid);
			free(b);
		}
	}
	free(ids);
	return found;
}

int main_usbdev_attach(const struct xl_args *a)
{
	struct xlm_usbdev v = { .ctrl = XLM_DEVID_DEFAULT };
	struct xs_handle *xs;
	struct xlrt_qmp *q = NULL;
	json_object *args;
	unsigned int domid;
	char busid[64], id[32], bus[48], port[16];
	int i, rc = EXIT_FAILURE;

	for (i = 1; i < a->argc; i++)
		if (xlm_parse_usbdev("command line", a->argv[i], &v))
			return EXIT_FAILURE;
	if (!v.hostbus || !v.hostaddr) {
		fprintf(stderr, "libxl: error: usbdev-attach needs hostbus= "
			"and hostaddr=\n");
		return EXIT_FAILURE;
	}
	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	if (xl_domid(xs, a->argv[0], 0, &domid))
		goto fail;
	if (!strcmp(xlrt_usb_qemu_driver(), "usb-host") &&
	    xl_dom_need_privileged_qemu(domid, "usbdev-attach"))
		goto fail;
	if (xlrt_usb_busid(v.hostbus, v.hostaddr, busid, sizeof(busid))) {
		fprintf(stderr, "libxl: error: usbdev hostbus=%u,hostaddr=%u: "
			"no such USB device on this host\n", v.hostbus,
			v.hostaddr);
		goto fail;
	}
	if (attached(xs, domid, busid)) {
		fprintf(stderr, "libxl: error: USB device %s is already "
			"attached to the domain\n", busid);
		goto fail;
	}
	if (xl_dom_qmp(domid, &q) || place(q, xs, domid, &v))
		goto fail;
	xlrt_usbdev_qdev_id(&v, id, sizeof(id));
	xlrt_usbctrl_qdev_id(v.ctrl, bus, sizeof(bus));
	strcat(bus, ".0");
	args = json_object_new_object();
	json_object_object_add(args, "driver",
			       json_object_new_string(xlrt_usb_qemu_driver()));
	json_object_object_add(args, "id", json_object_new_string(id));
	json_object_object_add(args, "bus", json_object_new_string(bus));
	snprintf(port, sizeof(port), "%d", v.port);
	json_object_object_add(args, "port", json_object_new_string(port));
	if (!strcmp(xlrt_usb_qemu_driver(), "usb-host")) {
		json_object_object_add(args, "hostbus",
				       json_object_new_int(v.hostbus));
		json_object_object_add(args, "hostaddr",
				       json_object_new_int(v.hostaddr));
	}
	i = xl_qmp_run(q, "device_add", args, NULL);
	json_object_put(args);
	if (i)
		goto fail;
	if (xlrt_xs_usbdev_set(xs, domid, v.ctrl, v.port, busid)) {
		fprintf(stderr, "xl: cannot record the device in XenStore: %m\n");
		xl_qmp_unplug(q, (const char *const []){ id }, 1);
		goto fail;
	}
	xlrt_log("domain %u: usb %s attached to controller %d port %d", domid,
		 busid, v.ctrl, v.port);
	rc = EXIT_SUCCESS;
	goto out;
fail:
	fprintf(stderr, "libxl_device_usbdev_add failed.\n");
out:
	if (q)
		xlrt_qmp_close(q);
	xs_close(xs);
	return rc;
}

int main_usbdev_detach(const struct xl_args *a)
{
	struct xs_handle *xs;
	struct xlrt_qmp *q = NULL;
	unsigned int domid;
	int ctrl = atoi(a->argv[1]), port = atoi(a->argv[2]), rc = EXIT_FAILURE;
	char *b = NULL;

	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	if (xl_domid(xs, a->argv[0], 0, &domid))
		goto out;
	b = port_busid(xs, domid, ctrl, port);
	if (!b || !*b) {
		fprintf(stderr, "Unknown device at controller %d port %d.\n",
			ctrl, port);
		goto out;
	}
	if (!xl_dom_qmp(domid, &q) && !unplug_dev(q, xs, domid, ctrl, port, b))
		rc = EXIT_SUCCESS;
	else
		fprintf(stderr, "libxl_device_usbdev_remove failed.\n");
out:
	free(b);
	if (q)
		xlrt_qmp_close(q);
	xs_close(xs);
	return rc;
}

int main_usb_list(const struct xl_args *a)
{
	struct xs_handle *xs;
	unsigned int domid, bus, addr;
	int *ids, n, i, p, ports;

	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	if (xl_domid(xs, a->argv[0], 0, &domid)) {
		xs_close(xs);
		return EXIT_FAILURE;
	}
	n = ctrl_list(xs, domid, &ids);
	for (i = 0; i < n; i++) {
		/* a device-model controller: backend dom0, no frontend state */
		ports = ctrl_int(xs, domid, ids[i], "num-ports");
		printf("%-6s %-12s %-3s %-5s %-7s %-5s\n", "Devid", "Type", "BE",
		       "state", "usb-ver", "ports");
		printf("%-6d %-12s %-3d %-5d %-7d %-5d\n", ids[i], "devicemodel",
		       0, 0, ctrl_int(xs, domid, ids[i], "usb-ver"), ports);
		for (p = 1; p <= ports; p++) {
			char *b = port_busid(xs, domid, ids[i], p);

			printf("  Port %d:", p);
			if (b && *b && !xlrt_usb_busaddr(b, &bus, &addr))
				printf(" Bus %03x Device %03x\n", bus, addr);
			else
				printf("\n");
			free(b);
		}
	}
	free(ids);
	xs_close(xs);
	return EXIT_SUCCESS;
}
