/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The vchan event object and the process-wide table of its ports. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "evtchn.h"

/* xenkvm_evtchn_*: exported under XENKVM_PRIVATE_1 (libxenvchan.map). */

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static xenevtchn_handle *table;
static evtchn_port_t last_port;

xenevtchn_handle *xk_evtchn_alloc(uint16_t remote_dom)
{
	xenevtchn_handle *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	h->fd = -1;
	h->remote_dom = remote_dom;
	h->status = EVTCHNSTAT_unbound;
	pthread_mutex_lock(&table_lock);
	/* port 0 is never valid on Xen */
	h->port = ++last_port ? last_port : ++last_port;
	h->next = table;
	table = h;
	pthread_mutex_unlock(&table_lock);
	return h;
}

void xk_evtchn_bind(xenevtchn_handle *h, int fd, evtchn_port_t remote_port)
{
	pthread_mutex_lock(&table_lock);
	h->fd = fd;
	h->remote_port = remote_port;
	h->status = EVTCHNSTAT_interdomain;
	pthread_mutex_unlock(&table_lock);
}

void xk_evtchn_set_closed(xenevtchn_handle *h)
{
	pthread_mutex_lock(&table_lock);
	h->status = EVTCHNSTAT_closed;
	pthread_mutex_unlock(&table_lock);
}

int xk_evtchn_kick(xenevtchn_handle *h)
{
	static const char ev = 'e';

	if (h->status != EVTCHNSTAT_interdomain || h->fd < 0) {
		errno = EPIPE;
		return -1;
	}
	/* A full socket already holds unread notifications: nothing is lost. */
	if (send(h->fd, &ev, 1, MSG_DONTWAIT | MSG_NOSIGNAL) < 0 &&
	    errno != EAGAIN)
		return -1;
	return 0;
}

void xk_evtchn_free(xenevtchn_handle *h)
{
	xenevtchn_handle **p;

	if (!h)
		return;
	pthread_mutex_lock(&table_lock);
	for (p = &table; *p; p = &(*p)->next)
		if (*p == h) {
			*p = h->next;
			break;
		}
	pthread_mutex_unlock(&table_lock);
	free(h);
}

static int in_table(const xenevtchn_handle *h)
{
	const xenevtchn_handle *t;

	for (t = table; t; t = t->next)
		if (t == h)
			return 1;
	return 0;
}

int xenkvm_evtchn_notify(xenevtchn_handle *xce, evtchn_port_t port)
{
	int known;

	pthread_mutex_lock(&table_lock);
	known = in_table(xce);
	pthread_mutex_unlock(&table_lock);
	if (!known) {
		errno = EBADF;
		return -1;
	}
	if (xce->port != port) {
		errno = EINVAL;
		return -1;
	}
	return xk_evtchn_kick(xce);
}

int xenkvm_evtchn_status(struct evtchn_status *st)
{
	const xenevtchn_handle *t;
	int ret = -1;

	if (st->dom != DOMID_SELF) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&table_lock);
	for (t = table; t; t = t->next) {
		if (t->port != st->port)
			continue;
		st->status = t->status;
		st->vcpu = 0;
		if (t->status == EVTCHNSTAT_unbound) {
			st->u.unbound.dom = t->remote_dom;
		} else if (t->status == EVTCHNSTAT_interdomain) {
			st->u.interdomain.dom = t->remote_dom;
			st->u.interdomain.port = t->remote_port;
		}
		ret = 0;
		break;
	}
	pthread_mutex_unlock(&table_lock);
	if (ret)
		errno = EINVAL;
	return ret;
}
