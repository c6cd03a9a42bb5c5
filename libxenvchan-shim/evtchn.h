/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The event object behind a vchan's xenevtchn_handle: one per vchan end,
 * carried on the vchan's connection socket (one byte is one notification,
 * end of file is the peer closing).  Every live object is in a process-wide
 * table so that xenkvm_evtchn_status (xk_evtchn.h) can answer by port.
 */
#ifndef XK_VCHAN_EVTCHN_H
#define XK_VCHAN_EVTCHN_H

#include <stdint.h>
#include "xk_evtchn.h"

struct xenevtchn_handle {
	int fd;			/* connection socket, -1 while unbound */
	evtchn_port_t port;	/* local port, unique in this process */
	uint16_t remote_dom;
	evtchn_port_t remote_port;
	uint32_t status;	/* EVTCHNSTAT_unbound/interdomain/closed */
	struct xenevtchn_handle *next;
};

/* A new unbound port waiting for remote_dom; NULL and errno on failure. */
xenevtchn_handle *xk_evtchn_alloc(uint16_t remote_dom);
/* Connected: notifications travel on fd (not owned by the event object). */
void xk_evtchn_bind(xenevtchn_handle *h, int fd, evtchn_port_t remote_port);
/* The peer is gone; its notifications stop. */
void xk_evtchn_set_closed(xenevtchn_handle *h);
/* Wake the peer; 0, or -1 with errno (EPIPE once the peer is gone). */
int xk_evtchn_kick(xenevtchn_handle *h);
void xk_evtchn_free(xenevtchn_handle *h);

#endif
