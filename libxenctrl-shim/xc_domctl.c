/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * xc_domctl.c: changing domains through the runtime calls xl's commands
 * make (xl-compat/runtime/domctl.h, domain.h), so `xl list' and the shim
 * always agree: pause/unpause are QMP stop/cont, destroy goes through the
 * domain's monitor (xlrt_domain_stop), shutdown is xl's shutdown/reboot request, the maximum
 * is memory/static-max and the target the balloon.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

#include "domain.h"
#include "domctl.h"
#include "xc_private.h"

/* A runtime result as libxenctrl's: 0, or -1 with errno and last error. */
static int result(xc_interface *xch, int r, const char *call, uint32_t domid,
		  const char *err)
{
	if (!r)
		return 0;
	return xc_fail(xch, -r, "%s(%u): %s", call, domid, err);
}

int xc_domain_pause(xc_interface *xch, uint32_t domid)
{
	char err[512] = "";

	return result(xch, xlrt_domain_pause(domid, true, err, sizeof(err)),
		      "xc_domain_pause", domid, err);
}

int xc_domain_unpause(xc_interface *xch, uint32_t domid)
{
	char err[512] = "";

	return result(xch, xlrt_domain_pause(domid, false, err, sizeof(err)),
		      "xc_domain_unpause", domid, err);
}

/*
 * The domain's monitor ends it and removes its traces, as for xl destroy.
 * If the monitor was gone, its processes are ended here and the domain
 * stays listed as dying (as a Xen domain whose resources are still held)
 * until xl destroy or a later xl create removes what it left: that part
 * (its network) is the GPL programs' (runtime/cleanup.c).
 */
int xc_domain_destroy(xc_interface *xch, uint32_t domid)
{
	char err[512] = "";
	int r = xlrt_domain_stop(domid, 10000, err, sizeof(err));

	if (r == 1) {
		xtl_log(xch->logger, XTL_WARN, -1, "xc",
			"domain %u: its monitor was gone; it is dying until `xl destroy %u' removes what it left",
			domid, domid);
		return 0;
	}
	/* the runtime says ENOENT where Xen's hypervisor says ESRCH */
	return result(xch, r == -ENOENT ? -ESRCH : r, "xc_domain_destroy", domid,
		      err);
}

/*
 * Xen's SCHEDOP_remote_shutdown ends the domain at once with the reason.
 * KVM has no such thing: poweroff and reboot are xl shutdown's and xl
 * reboot's requests (to the guest agent, else ACPI), delivered and not
 * waited for; the guest then shuts down and the monitor applies
 * on_poweroff or on_reboot.  The other reasons cannot be caused from
 * outside a KVM guest.
 */
int xc_domain_shutdown(xc_interface *xch, uint32_t domid, int reason)
{
	struct xs_handle *xs;
	char err[512] = "";

	if (reason != SHUTDOWN_poweroff && reason != SHUTDOWN_reboot) {
		if (reason < 0 || reason > SHUTDOWN_MAX)
			return xc_fail(xch, EINVAL, "xc_domain_shutdown(%u): no shutdown reason %d",
				       domid, reason);
		return xc_fail(xch, EOPNOTSUPP, "xc_domain_shutdown(%u): reason %d (suspend, crash, watchdog, soft reset) cannot be imposed on a KVM guest",
			       domid, reason);
	}
	xs = xc_xs(xch);
	if (!xs)
		return -1;
	return result(xch, xlrt_domain_shutdown(xs, domid,
						reason == SHUTDOWN_reboot, 0,
						err, sizeof(err)),
		      "xc_domain_shutdown", domid, err);
}

int xc_domain_setmaxmem(xc_interface *xch, uint32_t domid, uint64_t max_memkb)
{
	struct xs_handle *xs = xc_xs(xch);
	char err[512] = "";

	if (!xs)
		return -1;
	return result(xch, xlrt_domain_set_maxmem(xs, domid, max_memkb, err,
						  sizeof(err)),
		      "xc_domain_setmaxmem", domid, err);
}

/* The memory the domain has now: memory/target, as xl list shows it. */
static int current_pages(xc_interface *xch, uint32_t domid, uint64_t *pages)
{
	struct xlrt_dominfo in;
	struct xs_handle *xs = xc_xs(xch);

	if (!xs)
		return -1;
	if (xlrt_domain_info(xs, domid, &in))
		return xc_fail(xch, ESRCH, "domain %u does not exist", domid);
	*pages = in.target_kb / (XC_PAGE_SIZE / 1024);
	return 0;
}

/*
 * The balloon target.  On Xen this is the populate-on-demand target of an
 * HVM guest; here every guest balloons through virtio-balloon, and this
 * is xl mem-set's call.  No PoD cache or entries exist: both are 0.
 */
int xc_domain_set_pod_target(xc_interface *xch, uint32_t domid,
			     uint64_t target_pages, uint64_t *tot_pages,
			     uint64_t *pod_cache_pages, uint64_t *pod_entries)
{
	struct xs_handle *xs = xc_xs(xch);
	char err[512] = "";

	if (!xs)
		return -1;
	if (result(xch, xlrt_domain_set_target(xs, domid, target_pages *
					       (XC_PAGE_SIZE / 1024), err,
					       sizeof(err)),
		   "xc_domain_set_pod_target", domid, err))
		return -1;
	return xc_domain_get_pod_target(xch, domid, tot_pages, pod_cache_pages,
					pod_entries);
}

int xc_domain_get_pod_target(xc_interface *xch, uint32_t domid,
			     uint64_t *tot_pages, uint64_t *pod_cache_pages,
			     uint64_t *pod_entries)
{
	uint64_t pages;

	if (current_pages(xch, domid, &pages))
		return -1;
	if (tot_pages)
		*tot_pages = pages;
	if (pod_cache_pages)
		*pod_cache_pages = 0;
	if (pod_entries)
		*pod_entries = 0;
	return 0;
}
