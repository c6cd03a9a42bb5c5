/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * xc_evtchn.c: event channels.  KVM has none; the only event objects are
 * the vchans of libxenvchan-shim in this process, which owns them and
 * answers through its private interface (libxenvchan-shim/xk_evtchn.h).
 * We reach it through weak references: without libxenvchan.so loaded no
 * such object can exist, and the calls fail with EINVAL.
 */
#include <errno.h>

#include "domain.h"
#define XC_WANT_COMPAT_EVTCHN_API
#include "xc_private.h"
#include "xk_evtchn.h"

#pragma weak xenkvm_evtchn_notify
#pragma weak xenkvm_evtchn_status

int xc_evtchn_notify(xc_evtchn *xce, evtchn_port_t port)
{
	if (!xenkvm_evtchn_notify)
		return xc_fail(NULL, EINVAL, "xc_evtchn_notify: no event channel handle can exist without libxenvchan-shim");
	if (xenkvm_evtchn_notify(xce, port))
		return xc_fail(NULL, errno, "xc_evtchn_notify: port %u", port);
	return 0;
}

/*
 * (dom, port): dom must exist (ESRCH otherwise, which is how Qubes'
 * libvchan tells a dead peer); our own ports (DOMID_SELF, or 0: we are
 * Domain-0) are libxenvchan-shim's; another domain's ports live in other
 * processes or in the guest, where no hypervisor lets us see them: EINVAL,
 * as Xen answers for a port that is not valid.
 */
int xc_evtchn_status(xc_interface *xch, xc_evtchn_status_t *status)
{
	struct xlrt_domstate st;
	domid_t dom = status->dom;
	int r;

	if (dom != DOMID_SELF && dom != 0 && xlrt_domstate_read(dom, &st))
		return xc_fail(xch, ESRCH, "xc_evtchn_status: domain %u does not exist",
			       (unsigned int)dom);
	if ((dom == DOMID_SELF || dom == 0) && xenkvm_evtchn_status) {
		status->dom = DOMID_SELF;
		r = xenkvm_evtchn_status(status);
		status->dom = dom;
		if (!r)
			return 0;
		return xc_fail(xch, errno, "xc_evtchn_status: port %u", status->port);
	}
	return xc_fail(xch, EINVAL, "xc_evtchn_status: port %u of domain %u is not an event channel this process can see",
		       status->port, (unsigned int)dom);
}
