/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A domain's vifs up and down on the host: firewall and hotplug script
 * (net.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <xenstore.h>

#include "domain.h"
#include "hotplug.h"
#include "liveness.h"
#include "logring.h"
#include "net.h"
#include "nft.h"
#include "paths.h"
#include "vif.h"
#include "vif_fw.h"
#include "xs_path.h"

/* A firewall that fails closed says why (why != NULL), in the log and
 * beside the vif's backend for dom0's tools; the node goes once the
 * firewall is right again. */
static void fw_note(struct xs_handle *xs, unsigned int domid, int devid,
		    const char *why)
{
	char path[256];

	xlrt_xs_backend_path(path, sizeof(path), 0, "vif", domid, devid);
	strncat(path, "/firewall-error", sizeof(path) - strlen(path) - 1);
	if (!why) {
		xs_rm(xs, XBT_NULL, path);
		return;
	}
	xlrt_mlog("domain %u: vif %d: its firewall drops everything: %s", domid,
	          devid, why);
	xs_write(xs, XBT_NULL, path, why, (unsigned int)strlen(why));
}

int xlrt_net_vif_up(struct xs_handle *xs, unsigned int domid,
		    const struct xlm_nic *n, int devid, char *err,
		    size_t errlen)
{
	struct xlrt_nft_vif v = {
		.domid = domid, .devid = devid, .ip = n->ip,
		.rate_bytes_per_interval = n->rate_bytes_per_interval,
		.rate_interval_usecs = n->rate_interval_usecs,
	};
	struct xlrt_fw *fw;
	char ifname[64], why[512];
	int r;

	r = xlrt_vif_ifname(ifname, sizeof(ifname), domid, n, devid);
	if (r) {
		snprintf(err, errlen, "vif %d: vifname=%s is too long for a "
			 "network interface", devid, n->ifname);
		return r;
	}
	v.ifname = ifname;
	memcpy(v.mac, n->mac, sizeof(v.mac));
	fw = malloc(sizeof(*fw));
	if (!fw) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	fw_note(xs, domid, devid,
		xlrt_fw_read(xs, domid, fw, why, sizeof(why)) ? why : NULL);
	v.fw = fw;
	r = xlrt_nft_vif_add(&v, err, errlen);
	free(fw);
	if (r)
		return r;
	r = xlrt_hotplug_vif(xs, domid, devid, true, err, errlen);
	if (r)
		xlrt_nft_vif_del(domid, devid);
	return r;
}

int xlrt_net_up(struct xs_handle *xs, unsigned int domid,
		const struct xlm_domain *d, char *err, size_t errlen)
{
	int i, r;

	for (i = 0; i < d->num_nics; i++) {
		r = xlrt_net_vif_up(xs, domid, &d->nics[i],
				    xlrt_vif_devid(&d->nics[i], i), err,
				    errlen);
		if (r)
			return r;
	}
	return 0;
}

void xlrt_net_fw_refresh(struct xs_handle *xs, unsigned int domid)
{
	char path[256], why[512], **ids;
	struct xlrt_fw *fw;
	unsigned int n = 0, i;
	int bad, r;

	fw = malloc(sizeof(*fw));
	if (!fw)
		return;
	bad = xlrt_fw_read(xs, domid, fw, why, sizeof(why));
	xlrt_xs_backend_path(path, sizeof(path), 0, "vif", domid, -1);
	ids = xs_directory(xs, XBT_NULL, path, &n);
	for (i = 0; ids && i < n; i++) {
		r = xlrt_nft_fw_set(domid, atoi(ids[i]), fw);
		if (r && r != -ENOENT)
			xlrt_mlog("domain %u: vif %s: cannot set its firewall: "
			          "%s", domid, ids[i], strerror(-r));
		fw_note(xs, domid, atoi(ids[i]), bad ? why : NULL);
	}
	free(ids);
	free(fw);
}

void xlrt_net_vif_down(struct xs_handle *xs, unsigned int domid, int devid)
{
	char err[1024];

	if (xs)
		xlrt_hotplug_vif(xs, domid, devid, false, err, sizeof(err));
	xlrt_nft_vif_del(domid, devid);
}

void xlrt_net_down(struct xs_handle *xs, unsigned int domid)
{
	char path[128], **ids = NULL;
	unsigned int n = 0, i;
	int r;

	xlrt_xs_backend_path(path, sizeof(path), 0, "vif", domid, -1);
	if (xs)
		ids = xs_directory(xs, XBT_NULL, path, &n);
	for (i = 0; ids && i < n; i++)
		xlrt_net_vif_down(xs, domid, atoi(ids[i]));
	free(ids);
	r = xlrt_nft_vif_del(domid, -1);
	if (r && r != -EPERM)
		xlrt_mlog("domain %u: cannot remove its firewall chains: %s",
		          domid, strerror(-r));
}

/* A domain still owns its rules while its dir exists and its monitor is
 * alive or not started yet. */
static bool live(unsigned int domid)
{
	struct xlrt_domstate st;
	char dir[4096];
	struct stat sb;

	if (xlrt_path_dom_dir(dir, sizeof(dir), domid) || stat(dir, &sb))
		return false;
	if (xlrt_domstate_read(domid, &st) || st.monitor_pid <= 0)
		return true;
	return xlrt_monitor_runs(&st);
}

void xlrt_net_reconcile(void)
{
	int r = xlrt_nft_reconcile(live);

	if (r && r != -EPERM)
		xlrt_mlog("cannot reconcile the vif firewall: %s", strerror(-r));
}
