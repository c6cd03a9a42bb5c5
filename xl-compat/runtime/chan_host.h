/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The host ends of a domain's channels (channel i is the guest's
 * /dev/hvc<i+1>, see dm_chan.c), for the monitor to set up once QEMU runs:
 *   connection=socket  QEMU created the socket at path= with the umask's
 *                      mode (it has no option for one): made 0600, as Xen's
 *                      backend creates it.  An incoming migration's QEMU
 *                      listens at channel<i>.sock while the source domain
 *                      (on this host too, maybe) still holds path=; once
 *                      the source is gone, xlrt_chan_host_takeover()
 *                      renames it to path=.  (A QEMU removes the path it
 *                      bound when it quits, so the target cannot bind
 *                      path= itself: the source's quit would remove the
 *                      target's socket.)  After QEMU stops, a path= socket
 *                      it did not remove (killed, or moved there) goes;
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

#include <stdbool.h>
#include <stddef.h>

#include "xlmodel.h"

struct event_base;
struct chanrelay;
struct xlrt_qmp;
struct xs_handle;

/* chmod 0600 of the socket channels and the pty names into XenStore. */
int xlrt_chan_host_setup(struct xlrt_qmp *q, struct xs_handle *xs,
			 unsigned int domid, const struct xlm_domain *d,
			 bool migrating, char *err, size_t errlen);

/* An incoming migration's socket channels moved to their path= (the
 * source domain is gone).  0, or -errno with err naming the channel. */
int xlrt_chan_host_takeover(unsigned int domid, const struct xlm_domain *d,
			    char *err, size_t errlen);

/* Once QEMU has stopped: the socket channels' path= sockets it left. */
void xlrt_chan_host_remove(unsigned int domid, const struct xlm_domain *d);

/* One relay per backend=<domain> channel (*relays is NULL-terminated,
 * malloc'ed; NULL when there is none). */
int xlrt_chan_relays_start(struct event_base *base, unsigned int domid,
			   const struct xlm_domain *d,
			   struct chanrelay ***relays, char *err,
			   size_t errlen);
void xlrt_chan_relays_free(struct chanrelay **relays);

#endif
