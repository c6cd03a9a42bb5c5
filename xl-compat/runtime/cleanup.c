/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Removing what a domain leaves behind (domain.h): xlrt_domain_stop ends
 * its processes; the network, XenStore layout and files go here, apart
 * from the LGPL core because the network side (net.h) is GPL.
 */
#include <xenstore.h>

#include "domain.h"
#include "net.h"
#include "paths.h"
#include "xs_layout.h"
#include "xs_path.h"

int xlrt_domain_cleanup(struct xs_handle *xs, unsigned int domid)
{
	struct xs_handle *own = NULL;

	if (!xs)
		xs = own = xlrt_xs_open(NULL, 0);
	xlrt_net_down(xs, domid);	/* from its backend nodes */
	if (xs)
		xlrt_xs_layout_remove(xs, domid);
	if (own)
		xs_close(own);
	xlrt_domain_userdata_remove(domid);
	return xlrt_dom_dir_remove(domid);
}

int xlrt_domain_destroy(unsigned int domid, int timeout_ms, char *err,
			size_t errlen)
{
	int r = xlrt_domain_stop(domid, timeout_ms, err, errlen);

	return r == 1 ? xlrt_domain_cleanup(NULL, domid) : r;
}
