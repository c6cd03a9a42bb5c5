/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private contract between libxenvchan-shim and libxenctrl-shim.
 *
 * On KVM there are no hypervisor event channels: the event object behind a
 * vchan's `xenevtchn_handle *` (struct libxenvchan's `event`, `event_port`)
 * belongs to libxenvchan.so.  libxenctrl.so answers Xen's calls that take
 * such a handle or port (xc_evtchn_notify, xc_evtchn_status) by calling the
 * functions below through weak references, so it loads without us too.
 *
 * Both are exported from libxenvchan.so.4.17 under the version node
 * XENKVM_PRIVATE_1.  Names and meanings here do not change; a new need gets
 * a new function (and, if incompatible, a new node).
 */
#ifndef XK_EVTCHN_H
#define XK_EVTCHN_H

#include <xenevtchn.h>		/* xenevtchn_handle, evtchn_port_t */
#include <xen/event_channel.h>	/* struct evtchn_status, EVTCHNSTAT_* */

/*
 * xenevtchn_notify() for a vchan's event object: wake the peer of the vchan
 * whose local port is `port` (its fd_for_select becomes readable, its
 * libxenvchan_wait returns).  0 on success; -1 with errno EINVAL when `port`
 * is not a port of `xce`, EBADF when xce is not a vchan event object, EPIPE
 * when the peer is gone (Xen, too, returns success there; callers may ignore).
 */
int xenkvm_evtchn_notify(xenevtchn_handle *xce, evtchn_port_t port);

/*
 * EVTCHNOP_status for the ports of this process's vchans.  In: st->dom must
 * be DOMID_SELF, st->port the local port.  Out: st->status is
 * EVTCHNSTAT_unbound (a server no client has joined; u.unbound.dom is the
 * peer it waits for), EVTCHNSTAT_interdomain (connected; u.interdomain.dom
 * and .port name the peer) or EVTCHNSTAT_closed (the peer left or its domain
 * died), st->vcpu 0.  Returns 0; -1 with errno EINVAL when no vchan of this
 * process holds st->port, or st->dom is not DOMID_SELF (the caller answers
 * other domains itself).
 */
int xenkvm_evtchn_status(struct evtchn_status *st);

#endif
