/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest link's vsock decision (guest_link.h).  Opening the device is the
 * test that matters: it can exist yet be unusable (module gone, no access).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "guest_link.h"
#include "paths.h"

int xlrt_guest_link_vsock_cid(enum xlconf_guest_link mode,
			      unsigned long cid_base, unsigned int domid,
			      uint32_t *cid, char *err, size_t errlen)
{
	char dev[4096];
	int fd, e;

	*cid = 0;
	if (mode == XLCONF_LINK_SERIAL)
		return 0;
	if (cid_base < XLCONF_VSOCK_CID_MIN ||
	    cid_base > XLCONF_VSOCK_CID_MAX - domid) {
		snprintf(err, errlen, "vsock CID %lu + domid %u is outside "
			 "%lu..%lu (see kvm.vsock_cid_base in xl.conf)",
			 cid_base, domid, XLCONF_VSOCK_CID_MIN,
			 XLCONF_VSOCK_CID_MAX);
		return -ERANGE;
	}
	e = xlrt_path_vhost_vsock(dev, sizeof(dev));
	if (e) {
		snprintf(err, errlen, "vhost-vsock device path too long");
		return e;
	}
	fd = open(dev, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		if (mode == XLCONF_LINK_AUTO)
			return 0;
		snprintf(err, errlen, "kvm.guest_link is vsock, but %.3000s "
			 "cannot be opened: %s (load vhost_vsock, or set "
			 "kvm.guest_link to auto or serial)", dev, strerror(e));
		return -e;
	}
	close(fd);
	*cid = (uint32_t)(cid_base + domid);
	return 0;
}
