/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A domain's vifs on the host, once their taps exist: the firewall
 * (nft.h), then the hotplug script (hotplug.h), as Xen's backend is
 * firewalled and then handed to its script; and the reverse.
 *
 * xlrt_net_vif_up() fails with nothing of the vif left (its rules are
 * removed when its script fails); xlrt_net_vif_down() runs the script's
 * offline and removes the rules, and never fails.  xlrt_net_down() does
 * that for every vif whose backend is in XenStore and then removes every
 * chain the domain may still have; domain cleanup calls it before the
 * XenStore nodes go.  xlrt_net_reconcile() removes the rules of domains
 * whose monitor died (kill -9), at the next domain start.
 */
#ifndef XLRT_NET_H
#define XLRT_NET_H

#include <stddef.h>

#include "xlmodel.h"

struct xs_handle;

int xlrt_net_vif_up(struct xs_handle *xs, unsigned int domid,
		    const struct xlm_nic *n, int devid, char *err,
		    size_t errlen);
int xlrt_net_up(struct xs_handle *xs, unsigned int domid,
		const struct xlm_domain *d, char *err, size_t errlen);
void xlrt_net_vif_down(struct xs_handle *xs, unsigned int domid, int devid);
/* The domain's firewall (vif_fw.h) read again and set on all its vifs;
 * the monitor calls it when the firewall's nodes change. */
void xlrt_net_fw_refresh(struct xs_handle *xs, unsigned int domid);
void xlrt_net_down(struct xs_handle *xs, unsigned int domid);
void xlrt_net_reconcile(void);

#endif
