/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The host ends of a domain's channels (channel i is the guest's
 * /dev/hvc<i+1>, see dm_chan.c), for the monitor to set up once QEMU runs:
 *   connection=socket  QEMU created the socket at path= with the umask's
 *                      mode (it has no option for one): made 0600, as Xen's
 *                      backend creates it;
 *   connection=pty     the pty QEMU allocated (query-chardev: chardev
 *                      "chan<i>", filename "pty:/dev/pts/N") is written to
 *                      /local/domain/D/device/console/<i+1>/tty, owned by
 *                      dom0 and readable by D, where libxl writes it and
 *                      `xl channel-list' reads it;
 *   backend=<domain>   a channel between two DomUs: QEMU listens at
 *                      channel<i>.sock; a chanrelay joins it to path=,
 *                      the socket of the peer domain's matching channel
 *                      (the peer declares `connection=socket, path=P'
 *                      without backend=, so its QEMU listens at P).  The
 *                      relay reconnects whenever either QEMU restarts;
 *                      each time the peer's end comes up, the channel's
 *                      XenStore backend follows the peer domain's current
 *                      domid (xlrt_xs_chan_rebind, logged on stderr and in
 *                      the ring of xl dmesg; a failure is not fatal).
 */
#ifndef XLRT_CHAN_HOST_H
#define XLRT_CHAN_HOST_H

#include <stddef.h>

#include "xlmodel.h"

struct event_base;
struct chanrelay;
struct xlrt_qmp;
struct xs_handle;

/* chmod 0600 of the socket channels and the pty names into XenStore. */
int xlrt_chan_host_setup(struct xlrt_qmp *q, struct xs_handle *xs,
			 unsigned int domid, const struct xlm_domain *d,
			 char *err, size_t errlen);

/* One relay per backend=<domain> channel (*relays is NULL-terminated,
 * malloc'ed; NULL when there is none). */
int xlrt_chan_relays_start(struct event_base *base, unsigned int domid,
			   const struct xlm_domain *d,
			   struct chanrelay ***relays, char *err,
			   size_t errlen);
void xlrt_chan_relays_free(struct chanrelay **relays);

#endif
