/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_cmd_network.c: vifs of a running domain.  Under -N network-attach
 * prints the parsed vif as Xen's xl does ("vif: {...}", what Xen's
 * check-xl-vif-parse compares); else it gives the domain a tap (QMP
 * netdev_add, net<devid>), its XenStore nodes, firewall and hotplug script
 * as at create (net.h), then the NIC (device_add, nic<devid>, the id boot
 * NICs have too); network-detach unplugs the NIC (device_del, waiting for
 * DEVICE_DELETED: the guest must let go), runs the script's offline,
 * removes the rules, the tap (netdev_del) and the nodes; network-list
 * shows the vif frontends in Xen's format.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <xenstore.h>

#include "xl.h"
#include "xl_dom.h"
#include "xl_fmt.h"
#include "logring.h"
#include "net.h"
#include "vif.h"
#include "xs_layout.h"
#include "xs_path.h"

#define UNPLUG_TIMEOUT_MS 10000

/* The devids of the domain's vifs (malloc'ed, *n of them). */
static char **vif_ids(struct xs_handle *xs, unsigned int domid,
		      unsigned int *n)
{
	return xlrt_xs_dom_dir(xs, XBT_NULL, domid, "device/vif", n);
}

/* libxl's next devid: one past the highest in use. */
static int next_devid(struct xs_handle *xs, unsigned int domid)
{
	unsigned int n = 0, i;
	char **ids = vif_ids(xs, domid, &n);
	int next = 0;

	for (i = 0; ids && i < n; i++)
		if (atoi(ids[i]) >= next)
			next = atoi(ids[i]) + 1;
	free(ids);
	return next;
}

static int qmp_id(struct xlrt_qmp *q, const char *cmd, const char *id)
{
	json_object *a = json_object_new_object();
	int r;

	json_object_object_add(a, "id", json_object_new_string(id));
	r = xlrt_qmp_execute(q, cmd, a, NULL, 5000);
	json_object_put(a);
	return r;
}

/* The tap is opened here and handed over: a restricted QEMU could not
 * open /dev/net/tun (dm_confine.h). */
static int netdev_add(struct xlrt_qmp *q, int devid, const char *ifname)
{
	json_object *a;
	char id[32];
	int fd, r;

	fd = xlrt_vif_tap_open(ifname);
	if (fd < 0) {
		fprintf(stderr, "xl: cannot open tap %s: %s\n", ifname,
			strerror(-fd));
		return -1;
	}
	snprintf(id, sizeof(id), "net%d", devid);
	r = xlrt_qmp_getfd(q, id, fd, 5000);
	close(fd);
	if (r) {
		fprintf(stderr, "xl: %s\n", xlrt_qmp_strerror(q));
		return -1;
	}
	a = json_object_new_object();
	json_object_object_add(a, "type", json_object_new_string("tap"));
	json_object_object_add(a, "id", json_object_new_string(id));
	json_object_object_add(a, "fd", json_object_new_string(id));
	r = xl_qmp_run(q, "netdev_add", a, NULL);
	json_object_put(a);
	return r;
}

static int device_add(struct xlrt_qmp *q, const struct xlm_nic *n, int devid,
		      const char *dev)
{
	json_object *a = json_object_new_object();
	char id[32], netdev[32], mac[18];
	int r;

	snprintf(id, sizeof(id), "nic%d", devid);
	snprintf(netdev, sizeof(netdev), "net%d", devid);
	snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", n->mac[0],
		 n->mac[1], n->mac[2], n->mac[3], n->mac[4], n->mac[5]);
	json_object_object_add(a, "driver", json_object_new_string(dev));
	json_object_object_add(a, "id", json_object_new_string(id));
	json_object_object_add(a, "netdev", json_object_new_string(netdev));
	json_object_object_add(a, "mac", json_object_new_string(mac));
	if (!strcmp(dev, "virtio-net-pci") && n->mtu && n->mtu != 1500)
		json_object_object_add(a, "host_mtu", json_object_new_int(n->mtu));
	/* no boot ROM for a NIC of a running guest: a restricted QEMU could
	 * not read it from the host's /usr/share/qemu (dm_confine.h) */
	json_object_object_add(a, "romfile", json_object_new_string(""));
	r = xl_qmp_run(q, "device_add", a, NULL);
	json_object_put(a);
	return r;
}

/* The tap, then its nodes, firewall and script, then the NIC; on a
 * failure what was done is undone. */
static int attach(struct xlrt_qmp *q, struct xs_handle *xs, unsigned int domid,
		  const struct xlm_nic *n, int devid, const char *dev)
{
	char ifname[64], id[32], err[1024];

	if (xlrt_vif_ifname(ifname, sizeof(ifname), domid, n, devid)) {
		fprintf(stderr, "xl: vifname=%s is longer than a network "
			"interface name may be (15)\n", n->ifname);
		return -1;
	}
	if (netdev_add(q, devid, ifname))
		return -1;
	if (xlrt_xs_nic_add(xs, domid, n, devid)) {
		fprintf(stderr, "xl: cannot write the vif's XenStore nodes: %m\n");
		goto no_nodes;
	}
	if (xlrt_net_vif_up(xs, domid, n, devid, err, sizeof(err))) {
		fprintf(stderr, "libxl: error: %s\n", err);
		goto no_net;
	}
	if (device_add(q, n, devid, dev))
		goto no_device;
	xlrt_xs_nic_connected(xs, domid, devid);
	return 0;
no_device:
	xlrt_net_vif_down(xs, domid, devid);
no_net:
	xlrt_xs_nic_remove(xs, domid, devid);
no_nodes:
	snprintf(id, sizeof(id), "net%d", devid);
	qmp_id(q, "netdev_del", id);
	return -1;
}

static int attach_live(unsigned int domid, struct xlm_nic *n)
{
	enum xlm_domain_type type;
	struct xs_handle *xs;
	struct xlrt_qmp *q;
	char rel[64], *be;
	int devid, rc = EXIT_FAILURE;

	if (n->backend_domname && *n->backend_domname &&
	    strcmp(n->backend_domname, "0") &&
	    strcmp(n->backend_domname, "Domain-0")) {
		fprintf(stderr, "xl: vif backend=%s (a driver domain) is not "
			"implemented yet\n", n->backend_domname);
		return EXIT_FAILURE;
	}
	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	type = xl_dom_type(xs, domid);
	if (xlm_nic_setdefault(n, type, true))
		goto out;
	devid = n->devid >= 0 ? n->devid : next_devid(xs, domid);
	snprintf(rel, sizeof(rel), "device/vif/%d/backend", devid);
	be = xlrt_xs_dom_read(xs, XBT_NULL, domid, rel);
	free(be);
	if (be) {
		fprintf(stderr, "libxl: error: device vif %d already exists in "
			"domain %u\n", devid, domid);
	} else if (!xl_dom_qmp(domid, &q)) {
		if (!attach(q, xs, domid, n, devid, xlrt_vif_qemu_device(
				n, type == XLM_TYPE_HVM, false))) {
			rc = EXIT_SUCCESS;
			xlrt_log("domain %u: vif %d attached", domid, devid);
		} else {
			fprintf(stderr, "libxl_device_nic_add failed.\n");
		}
		xlrt_qmp_close(q);
	}
out:
	xs_close(xs);
	return rc;
}

/* DEVID or MAC (with `:') to a devid of the domain's vifs, or -1. */
static int find_vif(struct xs_handle *xs, unsigned int domid, const char *arg)
{
	unsigned int n = 0, i;
	char **ids, rel[64], *mac, *end;
	int devid = -1;
	long v;

	if (!strchr(arg, ':')) {
		v = strtol(arg, &end, 10);
		if (end == arg || *end || v < 0)
			return -1;
		snprintf(rel, sizeof(rel), "device/vif/%ld/backend", v);
		mac = xlrt_xs_dom_read(xs, XBT_NULL, domid, rel);
		free(mac);
		return mac ? (int)v : -1;
	}
	ids = vif_ids(xs, domid, &n);
	for (i = 0; ids && i < n && devid < 0; i++) {
		snprintf(rel, sizeof(rel), "device/vif/%s/mac", ids[i]);
		mac = xlrt_xs_dom_read(xs, XBT_NULL, domid, rel);
		if (mac && !strcasecmp(mac, arg))
			devid = atoi(ids[i]);
		free(mac);
	}
	free(ids);
	return devid;
}

int main_network_detach(const struct xl_args *a)
{
	struct xs_handle *xs;
	struct xlrt_qmp *q;
	unsigned int domid;
	char id[32];
	const char *ids[1] = { id };
	int devid, rc = EXIT_FAILURE;

	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	if (xl_domid(xs, a->argv[0], 0, &domid))
		goto out;
	devid = find_vif(xs, domid, a->argv[1]);
	if (devid < 0) {
		fprintf(stderr, "Unknown device %s.\n", a->argv[1]);
		goto out;
	}
	if (xl_dom_qmp(domid, &q))
		goto out;
	snprintf(id, sizeof(id), "nic%d", devid);
	if (!xl_qmp_unplug(q, ids, 1)) {
		/* the script sees its tap still there, as on Xen */
		xlrt_net_vif_down(xs, domid, devid);
		snprintf(id, sizeof(id), "net%d", devid);
		if (qmp_id(q, "netdev_del", id))
			fprintf(stderr, "xl: netdev_del %s: %s\n", id,
				xlrt_qmp_strerror(q));
		else if (!xlrt_xs_nic_remove(xs, domid, devid))
			rc = EXIT_SUCCESS;
	}
	if (rc)
		fprintf(stderr, "libxl_device_nic_del failed.\n");
	else
		xlrt_log("domain %u: vif %d detached", domid, devid);
	xlrt_qmp_close(q);
out:
	xs_close(xs);
	return rc;
}

static void list_vifs(struct xs_handle *xs, unsigned int domid)
{
	unsigned int n = 0, i, len;
	char **ids = vif_ids(xs, domid, &n), fe[256], path[300];

	for (i = 0; ids && i < n; i++) {
		struct xlf_vif v = { .devid = atoi(ids[i]) };
		char *mac, *be;

		xlrt_vif_frontend_path(fe, sizeof(fe), domid, v.devid);
		v.backend_id = xl_xs_int(xs, fe, "backend-id");
		v.state = xl_xs_int(xs, fe, "state");
		v.evtch = xl_xs_int(xs, fe, "event-channel");
		v.rref_tx = xl_xs_int(xs, fe, "tx-ring-ref");
		v.rref_rx = xl_xs_int(xs, fe, "rx-ring-ref");
		snprintf(path, sizeof(path), "%s/mac", fe);
		mac = xs_read(xs, XBT_NULL, path, &len);
		snprintf(path, sizeof(path), "%s/backend", fe);
		be = xs_read(xs, XBT_NULL, path, &len);
		v.mac = mac ? mac : "00:00:00:00:00:00";
		v.be_path = be ? be : "";
		xlf_nic_row(stdout, &v);
		free(mac);
		free(be);
	}
	free(ids);
}

int main_network_list(const struct xl_args *a)
{
	struct xs_handle *xs;
	unsigned int domid;
	int i, rc = EXIT_SUCCESS;

	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	xlf_nic_header(stdout);
	for (i = 0; i < a->argc; i++) {
		if (xl_domid(xs, a->argv[i], 0, &domid))
			rc = EXIT_FAILURE;
		else
			list_vifs(xs, domid);
	}
	xs_close(xs);
	return rc;
}

int main_network_attach(const struct xl_args *a)
{
	struct xlm_nic nic;
	unsigned int domid;
	int i, ret = EXIT_SUCCESS;

	if (xl_domid(NULL, a->argv[0], XL_DOM_NUMBER, &domid))
		return EXIT_FAILURE;
	xlm_nic_init(&nic);
	xlm_nic_apply_defaults(&nic, &xl.conf.defaults);
	for (i = 1; i < a->argc && ret == EXIT_SUCCESS; i++)
		if (xlm_parse_nic_item("command line", a->argv[i], &nic))
			ret = EXIT_FAILURE;
	if (ret == EXIT_SUCCESS && xl.dryrun) {
		xlf_device_json(stdout, "vif", xlm_nic_json(&nic));
		ret = fflush(stdout) ? EXIT_FAILURE : EXIT_SUCCESS;
	} else if (ret == EXIT_SUCCESS) {
		ret = attach_live(domid, &nic);
	}
	xlm_nic_dispose(&nic);
	return ret;
}
