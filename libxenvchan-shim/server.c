/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The serving end: makes the ring file and the socket clients join on,
 * publishes them in XenStore, and takes in one client at a time.  A client
 * joins without the server's help (it maps the ring and queues its hello on
 * the socket), as on Xen, so the server learns of it whenever it next looks:
 * in wait, is_open, or before a notification.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>
#include <xenstore.h>

#include "vchan.h"

void xk_epoll_add(int epfd, int fd)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };

	epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
}

int xk_arm_join_kick(struct xk_vchan *v)
{
	if (v->join_kick >= 0)
		return 0;
	v->join_kick = eventfd(1, EFD_CLOEXEC | EFD_NONBLOCK);
	if (v->join_kick < 0)
		return -1;
	xk_epoll_add(v->select_fd, v->join_kick);
	return 0;
}

int xk_take_join_kick(struct xk_vchan *v)
{
	if (v->join_kick < 0)
		return 0;
	close(v->join_kick);	/* out of the epoll set with it */
	v->join_kick = -1;
	return 1;
}

static void watch_fd(struct xk_vchan *v, int fd)
{
	xk_epoll_add(v->select_fd, fd);
}

static void drop_fd(struct xk_vchan *v, int *fd)
{
	epoll_ctl(v->select_fd, EPOLL_CTL_DEL, *fd, NULL);
	close(*fd);
	*fd = -1;
}

/* the pending client's hello: 1 accepted, 0 not all here yet, -1 refused */
static int read_hello(struct xk_vchan *v)
{
	struct xk_hello h;
	ssize_t n = recv(v->pending, &h, sizeof(h), MSG_PEEK | MSG_DONTWAIT);

	if (n < 0 && errno == EAGAIN)
		return 0;
	if (n >= 0 && (size_t)n < sizeof(h))
		return n ? 0 : -1;
	if (n < 0 || h.magic != XK_HELLO_MAGIC || h.client_dom != v->peer_dom)
		return -1;
	v->join_rearmed = 0;
	if (recv(v->pending, &h, sizeof(h), MSG_DONTWAIT) != sizeof(h) ||
	    xk_arm_join_kick(v))
		return -1;
	xk_evtchn_bind(v->pub.event, v->pending, h.client_port);
	v->conn = v->pending;
	v->pending = -1;
	/* while joined, fd_for_select is readable only for the client */
	if (v->listener >= 0)
		epoll_ctl(v->select_fd, EPOLL_CTL_DEL, v->listener, NULL);
	return 1;
}

void xk_server_service(struct xk_vchan *v)
{
	int fd;

	while (v->listener >= 0 &&
	       (fd = accept4(v->listener, NULL, NULL, SOCK_CLOEXEC)) >= 0) {
		if (v->conn >= 0 || v->pending >= 0) {
			close(fd);	/* one client at a time */
			continue;
		}
		v->pending = fd;
		watch_fd(v, fd);
	}
	if (v->pending >= 0 && read_hello(v) < 0)
		drop_fd(v, &v->pending);
}

void xk_peer_gone(struct xk_vchan *v)
{
	struct vchan_interface *ring = v->pub.ring;

	if (!v->pub.is_server) {
		/* the server is gone for good; its socket, at end of file, keeps
		 * our select fd readable */
		ring->srv_live = 0;
		xk_evtchn_set_closed(v->pub.event);
		return;
	}
	if (v->conn >= 0)
		drop_fd(v, &v->conn);
	if (v->pub.server_persist) {
		/* ready for the next client, on the same ring; its first
		 * write wakes us, as the first client's did */
		__atomic_store_n(&ring->cli_notify, VCHAN_NOTIFY_WRITE,
				 __ATOMIC_SEQ_CST);
		__atomic_store_n(&ring->cli_live, 2, __ATOMIC_SEQ_CST);
		v->pub.event->status = EVTCHNSTAT_unbound;
		watch_fd(v, v->listener);
		return;
	}
	ring->cli_live = 0;
	xk_evtchn_set_closed(v->pub.event);
	close(v->listener);	/* already out of the epoll set */
	v->listener = -1;
}

struct xk_vchan *xk_new_end(void)
{
	struct xk_vchan *v = calloc(1, sizeof(*v));

	if (v)
		v->select_fd = v->conn = v->listener = v->pending =
			v->join_kick = -1;
	return v;
}

struct libxenvchan *libxenvchan_server_init(struct xentoollog_logger *logger,
					    int domain, const char *xs_path,
					    size_t read_min, size_t write_min)
{
	struct xk_ring_header *hdr;
	struct vchan_interface *ring;
	struct xs_handle *xs = NULL;
	struct xk_vchan *v;
	int lo, ro, self, e;
	uint32_t gref;

	if (domain < 0 || (unsigned int)domain >= DOMID_FIRST_RESERVED || !xs_path) {
		errno = EINVAL;
		return NULL;
	}
	if (xk_ring_orders(read_min, write_min, &lo, &ro) || !(v = xk_new_end()))
		return NULL;
	v->pub.is_server = 1;
	v->peer_dom = (uint16_t)domain;
	if (!(xs = xs_open(0)) || (self = xk_self_domid(xs)) < 0 ||
	    !(v->pub.xs_path = strdup(xs_path)) ||
	    !(v->pub.event = xk_evtchn_alloc((uint16_t)domain)))
		goto fail;
	v->pub.event_port = v->pub.event->port;
	v->map_len = xk_ring_file_len(lo, ro);
	if (xk_ring_create((uint16_t)self, v->map_len, &gref, &v->sock_file,
			   &v->ring_file, &v->map))
		goto fail;
	hdr = v->map;
	hdr->server_dom = (uint16_t)self;
	hdr->peer_dom = (uint16_t)domain;
	hdr->server_port = v->pub.event_port;
	hdr->map_len = (uint32_t)v->map_len;
	hdr->server_pid = (uint32_t)getpid();
	ring = (struct vchan_interface *)((char *)v->map + 4096);
	ring->left_order = (uint16_t)lo;
	ring->right_order = (uint16_t)ro;
	ring->srv_live = 1;
	ring->cli_live = 2;
	ring->cli_notify = VCHAN_NOTIFY_WRITE;	/* as Xen: the first write wakes us */
	__atomic_store_n(&hdr->magic, XK_RING_MAGIC, __ATOMIC_RELEASE);
	xk_ring_attach(v, 1);
	if ((v->listener = xk_listen(v->sock_file)) < 0 ||
	    (v->select_fd = epoll_create1(EPOLL_CLOEXEC)) < 0)
		goto fail;
	watch_fd(v, v->listener);
	if (xk_publish(xs, xs_path, self, domain, gref, v->pub.event_port))
		goto fail;
	xs_close(xs);
	return &v->pub;
fail:
	e = errno;
	if (xs)
		xs_close(xs);
	free(v->pub.xs_path);
	v->pub.xs_path = NULL;	/* nothing published to remove */
	xk_free(v);
	errno = e;
	return NULL;
}
