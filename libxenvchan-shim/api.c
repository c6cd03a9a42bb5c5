/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The calls that do not move data: wait, fd_for_select, is_open, close. */
#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>
#include <xenstore.h>

#include "vchan.h"

/*
 * Consume the notifications queued on the peer's socket; with `block`,
 * sleep in recv until there is one (one system call, as an event channel's
 * read is).  End of file or an error means the peer is gone.
 */
static int drain(struct xk_vchan *v, int block)
{
	char buf[256];
	ssize_t n;

	if (v->conn < 0 || v->pub.event->status == EVTCHNSTAT_closed)
		return 0;
	n = recv(v->conn, buf, sizeof(buf), block ? 0 : MSG_DONTWAIT);
	while (n == (ssize_t)sizeof(buf))
		n = recv(v->conn, buf, sizeof(buf), MSG_DONTWAIT);
	if (n < 0 && errno == EINTR && block)
		return -1;
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
		xk_peer_gone(v);
	return 0;
}

/*
 * The join's pending notification (xk_arm_join_kick), taken by the first
 * wait after the join with what came with it: one event, as on Xen.  What
 * a client wrote as it joined may still be unread then, and Xen's
 * vchan-socket-proxy, once its wait for the join is over, selects before
 * it reads: so a server's notification stays pending, once, while there
 * is unread data.  (A client's first wait is followed by its reads.)
 */
static int take_join(struct xk_vchan *v)
{
	if (!xk_take_join_kick(v))
		return 0;
	drain(v, 0);
	if (v->pub.is_server && !v->join_rearmed &&
	    xk_ring_unread(&v->pub) > 0) {
		v->join_rearmed = 1;
		xk_arm_join_kick(v);
	}
	return 1;
}

int libxenvchan_wait(struct libxenvchan *c)
{
	struct xk_vchan *v = xk_of(c);
	struct epoll_event ev[4];

	/* joined or a client: only the peer's socket can wake us (the
	 * server's listener is out of its epoll set meanwhile) */
	if (v->conn >= 0 && v->pub.event->status != EVTCHNSTAT_closed)
		return take_join(v) ? 0 : drain(v, 1);
	if (c->is_server) {
		if (epoll_wait(v->select_fd, ev, 4, -1) < 0)
			return -1;
		xk_server_service(v);
		take_join(v);	/* a client that joined is what woke us */
		return 0;
	}
	/* a client whose server left: nothing will ever come */
	return 0;
}

int libxenvchan_fd_for_select(struct libxenvchan *c)
{
	return xk_of(c)->select_fd;
}

static int live(uint8_t v)
{
	return v <= 2 ? v : 0;	/* anything else the peer wrote: gone */
}

int libxenvchan_is_open(struct libxenvchan *c)
{
	struct xk_vchan *v = xk_of(c);
	int state;

	if (!c->is_server)
		return live(__atomic_load_n(&c->ring->srv_live, __ATOMIC_ACQUIRE));
	if (v->conn < 0)
		xk_server_service(v);
	if (c->server_persist)
		return 1;
	state = live(__atomic_load_n(&c->ring->cli_live, __ATOMIC_ACQUIRE));
	/* a client's hello is its join (on Xen cli_live 1 comes before the
	 * client's first notify; here the hello comes first): a server that
	 * saw it as still joining would wait, take the notification of what
	 * the client then writes, and select before reading it */
	return state == 2 && v->conn >= 0 ? 1 : state;
}

void xk_free(struct xk_vchan *v)
{
	if (v->map)
		munmap(v->map, v->map_len);
	if (v->sock_file)
		unlink(v->sock_file);
	if (v->ring_file)
		unlink(v->ring_file);
	free(v->sock_file);
	free(v->ring_file);
	if (v->pending >= 0)
		close(v->pending);
	if (v->listener >= 0)
		close(v->listener);
	if (v->conn >= 0)
		close(v->conn);
	if (v->join_kick >= 0)
		close(v->join_kick);
	if (v->select_fd >= 0)
		close(v->select_fd);
	xk_evtchn_free(v->pub.event);
	free(v->pub.xs_path);
	free(v);
}

void libxenvchan_close(struct libxenvchan *c)
{
	struct xk_vchan *v = xk_of(c);
	struct xs_handle *xs;

	if (!c)
		return;
	/* the peer sees this flag, and end of file on the socket */
	if (c->ring) {
		if (c->is_server)
			__atomic_store_n(&c->ring->srv_live, 0, __ATOMIC_SEQ_CST);
		else
			__atomic_store_n(&c->ring->cli_live, 0, __ATOMIC_SEQ_CST);
	}
	if (c->is_server && c->xs_path && (xs = xs_open(0))) {
		xs_rm(xs, XBT_NULL, c->xs_path);
		xs_close(xs);
	}
	xk_free(v);
}
