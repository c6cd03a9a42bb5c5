/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which transports a domain's guest link gets (tools/agent/README,
 * "Transports").  The virtio-serial port always; a vhost-vsock device too
 * when xl.conf's kvm.guest_link allows it and the host has vhost-vsock.
 * Decided at every start of the domain (a restart looks again).
 */
#ifndef XLRT_GUEST_LINK_H
#define XLRT_GUEST_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "xlconf.h"

/*
 * Sets *cid to the guest's vsock CID (cid_base + domid), or to 0 for the
 * serial port alone: mode serial; mode auto when the device at
 * xlrt_path_vhost_vsock() cannot be opened read-write.  Returns 0, or a
 * negative errno with err saying why: mode vsock without a usable device,
 * a CID outside 3..0xfffffffe (checked in modes auto and vsock alike, so
 * a bad setting shows on any host).
 */
int xlrt_guest_link_vsock_cid(enum xlconf_guest_link mode,
			      unsigned long cid_base, unsigned int domid,
			      uint32_t *cid, char *err, size_t errlen);

#endif
