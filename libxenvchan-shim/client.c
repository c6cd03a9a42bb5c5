/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The joining end: finds the ring through XenStore (so XenStore's
 * permissions decide), checks the ring file is the one served to it, maps
 * it and queues its hello on the server's socket.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>
#include <xenstore.h>

#include "vchan.h"

static int valid_order(int o)
{
	return o >= 10 && o <= 20;
}

/* the ring as the server set it up, read once: later changes by the peer
 * are ignored (xk_ring_attach copies the orders) */
static int check_ring(struct xk_vchan *v, int server, int self, uint32_t port)
{
	const struct xk_ring_header *h = v->map;
	const struct vchan_interface *r =
		(const void *)((const char *)v->map + 4096);
	int lo = r->left_order, ro = r->right_order;

	if (h->server_dom != server || h->server_port != port) {
		errno = EPROTO;
		return -1;
	}
	if (h->peer_dom != self) {
		errno = EACCES;	/* served to another domain */
		return -1;
	}
	if (!valid_order(lo) || !valid_order(ro) || (lo < 12 && lo == ro) ||
	    xk_ring_file_len(lo, ro) != v->map_len) {
		errno = EPROTO;
		return -1;
	}
	return 0;
}

struct libxenvchan *libxenvchan_client_init(struct xentoollog_logger *logger,
					    int domain, const char *xs_path)
{
	struct xs_handle *xs;
	struct xk_vchan *v;
	struct xk_hello hello = { .magic = XK_HELLO_MAGIC };
	uint32_t gref, port;
	char *sock = NULL, *ring_file = NULL;
	uint8_t two = 2;
	int self, e;

	if (domain < 0 || (unsigned int)domain >= DOMID_FIRST_RESERVED || !xs_path) {
		errno = EINVAL;
		return NULL;
	}
	if (!(xs = xs_open(0)))
		return NULL;
	self = xk_self_domid(xs);
	if (self < 0 || xk_lookup(xs, xs_path, &gref, &port)) {
		e = errno;
		xs_close(xs);
		errno = e;
		return NULL;
	}
	xs_close(xs);
	if (!(v = xk_new_end()))
		return NULL;
	if (xk_ring_paths((uint16_t)domain, gref, &sock, &ring_file) ||
	    xk_ring_open(ring_file, &v->map, &v->map_len) ||
	    check_ring(v, domain, self, port))
		goto fail;
	xk_ring_attach(v, 0);
	if (!(v->pub.event = xk_evtchn_alloc((uint16_t)domain)))
		goto fail;
	v->pub.event_port = v->pub.event->port;
	if ((v->conn = xk_connect(sock)) < 0)
		goto fail;
	hello.client_dom = (uint16_t)self;
	hello.client_port = v->pub.event_port;
	if (send(v->conn, &hello, sizeof(hello), MSG_NOSIGNAL) != sizeof(hello))
		goto fail;
	/* the hello is queued first, so a server seeing cli_live 1 finds it */
	if (!__atomic_compare_exchange_n(&v->pub.ring->cli_live, &two, 1, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
		errno = EBUSY;	/* another client holds it */
		goto fail;
	}
	xk_evtchn_bind(v->pub.event, v->conn, port);
	/* notifications the server sent before we joined are lost: as on
	 * Xen, the new port starts pending, so the first select returns */
	if ((v->select_fd = epoll_create1(EPOLL_CLOEXEC)) < 0 ||
	    xk_arm_join_kick(v))
		goto fail;
	xk_epoll_add(v->select_fd, v->conn);
	/* as Xen: the server's first write wakes us; the hello is our
	 * wake-up of it (its join leaves it a notification pending) */
	__atomic_or_fetch(&v->pub.ring->srv_notify, VCHAN_NOTIFY_WRITE,
			  __ATOMIC_SEQ_CST);
	free(sock);
	free(ring_file);
	return &v->pub;
fail:
	e = errno;
	free(sock);
	free(ring_file);
	xk_free(v);
	errno = e;
	return NULL;
}
