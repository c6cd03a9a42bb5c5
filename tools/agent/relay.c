/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The host-side link relay (see relay.h): libevent events on the link fd and
 * on one XenStore connection per guest stream, moving bytes between them
 * within the credit the link grants.  Bytes are never interpreted.
 */
#include "tools/agent/relay.h"

#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "tools/agent/link.h"

#define IO_CHUNK	16384

struct rstream {
	struct link_relay *r;
	uint32_t id;
	int fd;			/* -1: slot free */
	bool closing;		/* guest closed: drain to the socket, then close */
	struct event *ev_r, *ev_w;
};

struct link_relay {
	struct event_base *base;
	const struct link_relay_ops *ops;
	void *opaque;
	int fd;
	struct link *link;
	struct event *ev_r, *ev_w;
	struct rstream s[LINK_MAX_STREAMS];
};

static void stream_drop(struct rstream *s)
{
	link_close(s->r->link, s->id);
	event_free(s->ev_r);
	event_free(s->ev_w);
	close(s->fd);
	s->fd = -1;
	s->closing = false;
}

static struct rstream *stream_by_id(struct link_relay *r, uint32_t id)
{
	for (unsigned i = 0; i < LINK_MAX_STREAMS; i++)
		if (r->s[i].fd >= 0 && r->s[i].id == id)
			return &r->s[i];
	return NULL;
}

static void toggle(struct event *ev, bool on)
{
	if (on)
		event_add(ev, NULL);
	else
		event_del(ev);
}

/*
 * Write what is ready at once (a round trip through the event loop per hop
 * shows in the latency), then make every event's interest match what is
 * left.  Errors are left for the write events to find.
 */
static void refresh(struct link_relay *r)
{
	size_t outlen;
	const void *p;

	for (unsigned i = 0; i < LINK_MAX_STREAMS; i++) {
		struct rstream *s = &r->s[i];
		size_t len;

		if (s->fd < 0 || !(len = link_peek(r->link, s->id, &p)))
			continue;
		ssize_t n = write(s->fd, p, len);

		if (n > 0)
			link_consume(r->link, s->id, (size_t)n);
	}
	p = link_output_peek(r->link, &outlen);
	if (outlen) {
		ssize_t n = write(r->fd, p, outlen);

		if (n > 0)
			link_output_consume(r->link, (size_t)n);
		link_output_peek(r->link, &outlen);
	}
	toggle(r->ev_w, outlen > 0);
	for (unsigned i = 0; i < LINK_MAX_STREAMS; i++) {
		struct rstream *s = &r->s[i];

		if (s->fd < 0)
			continue;
		toggle(s->ev_r, !s->closing && link_write_space(r->link, s->id) > 0);
		/* a closing stream's write event drops it once drained */
		toggle(s->ev_w, s->closing || link_peek(r->link, s->id, &p) > 0);
	}
}

/* Fatal for the link: drop everything, then tell the owner (last). */
static void go_down(struct link_relay *r, int err)
{
	event_del(r->ev_r);
	event_del(r->ev_w);
	link_reset(r->link);
	r->ops->down(r->opaque, err);
}

static void on_stream_read(evutil_socket_t fd, short what, void *arg)
{
	struct rstream *s = arg;
	struct link_relay *r = s->r;
	uint8_t buf[IO_CHUNK];
	size_t space = link_write_space(r->link, s->id);
	ssize_t n;

	if (!space) {
		refresh(r);
		return;
	}
	if (space > sizeof(buf))
		space = sizeof(buf);
	n = read(fd, buf, space);
	if (n > 0)
		link_write(r->link, s->id, buf, (size_t)n);
	else if (n == 0 || (errno != EAGAIN && errno != EINTR))
		stream_drop(s);
	refresh(r);
}

static void on_stream_write(evutil_socket_t fd, short what, void *arg)
{
	struct rstream *s = arg;
	struct link_relay *r = s->r;
	const void *p;
	size_t len = link_peek(r->link, s->id, &p);
	ssize_t n = len ? write(fd, p, len) : 0;

	if (n > 0)
		link_consume(r->link, s->id, (size_t)n);
	else if (n < 0 && errno != EAGAIN && errno != EINTR)
		stream_drop(s);
	if (s->fd >= 0 && s->closing && !link_peek(r->link, s->id, &p))
		stream_drop(s);
	refresh(r);
}

static int connect_xenstore(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (!path || strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;

		close(fd);
		return -e;
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return fd;
}

static int cb_open(void *opaque, uint32_t id, const char *kind)
{
	struct link_relay *r = opaque;
	struct rstream *s = NULL;

	if (strcmp(kind, "xenstore")) {
		fprintf(stderr, "link relay: refusing guest stream of kind %s\n", kind);
		return -EPROTONOSUPPORT;
	}
	for (unsigned i = 0; i < LINK_MAX_STREAMS && !s; i++)
		if (r->s[i].fd < 0)
			s = &r->s[i];
	if (!s)
		return -EMFILE;	/* cannot happen: the link bounds guest streams */

	const char *path = r->ops->xenstore_path(r->opaque);
	int fd = connect_xenstore(path);

	if (fd < 0) {
		fprintf(stderr, "link relay: cannot connect to %s: %s\n",
			path ? path : "(none)", strerror(-fd));
		return fd;
	}
	s->ev_r = event_new(r->base, fd, EV_READ | EV_PERSIST, on_stream_read, s);
	s->ev_w = event_new(r->base, fd, EV_WRITE | EV_PERSIST, on_stream_write, s);
	if (!s->ev_r || !s->ev_w) {
		if (s->ev_r)
			event_free(s->ev_r);
		if (s->ev_w)
			event_free(s->ev_w);
		close(fd);
		return -ENOMEM;
	}
	s->r = r;
	s->id = id;
	s->fd = fd;
	s->closing = false;
	return 0;
}

static void cb_closed(void *opaque, uint32_t id)
{
	struct link_relay *r = opaque;
	struct rstream *s = stream_by_id(r, id);
	const void *p;

	if (!s)
		return;
	if (link_peek(r->link, id, &p))
		s->closing = true;
	else
		stream_drop(s);
}

static const struct link_ops relay_link_ops = {
	.open = cb_open,
	.closed = cb_closed,
};

static void on_link_read(evutil_socket_t fd, short what, void *arg)
{
	struct link_relay *r = arg;
	uint8_t buf[IO_CHUNK];
	ssize_t n = read(fd, buf, sizeof(buf));

	if (n == 0) {
		go_down(r, 0);
		return;
	}
	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			go_down(r, -errno);
		return;
	}
	if (link_input(r->link, buf, (size_t)n) < 0) {
		fprintf(stderr, "link relay: protocol error from the guest, closing the link\n");
		go_down(r, -EPROTO);
		return;
	}
	refresh(r);
}

static void on_link_write(evutil_socket_t fd, short what, void *arg)
{
	struct link_relay *r = arg;
	size_t len;
	const void *p = link_output_peek(r->link, &len);
	ssize_t n = len ? write(fd, p, len) : 0;

	if (n < 0 && errno != EAGAIN && errno != EINTR) {
		go_down(r, -errno);
		return;
	}
	if (n > 0)
		link_output_consume(r->link, (size_t)n);
	refresh(r);
}

struct link_relay *link_relay_new(struct event_base *base, int link_fd,
				  const struct link_relay_ops *ops, void *opaque)
{
	struct link_relay *r = calloc(1, sizeof(*r));

	if (!r) {
		close(link_fd);	/* as promised in relay.h */
		return NULL;
	}
	r->base = base;
	r->ops = ops;
	r->opaque = opaque;
	r->fd = link_fd;
	for (unsigned i = 0; i < LINK_MAX_STREAMS; i++)
		r->s[i].fd = -1;
	fcntl(link_fd, F_SETFL, fcntl(link_fd, F_GETFL) | O_NONBLOCK);
	r->link = link_new(LINK_ROLE_HOST, &relay_link_ops, r);
	r->ev_r = event_new(base, link_fd, EV_READ | EV_PERSIST, on_link_read, r);
	r->ev_w = event_new(base, link_fd, EV_WRITE | EV_PERSIST, on_link_write, r);
	if (!r->link || !r->ev_r || !r->ev_w) {
		link_relay_free(r);
		return NULL;
	}
	link_start(r->link);
	event_add(r->ev_r, NULL);
	refresh(r);
	return r;
}

void link_relay_free(struct link_relay *r)
{
	if (!r)
		return;
	if (r->link)
		link_reset(r->link);	/* closes every stream through cb_closed */
	if (r->ev_r)
		event_free(r->ev_r);
	if (r->ev_w)
		event_free(r->ev_w);
	link_free(r->link);
	close(r->fd);
	free(r);
}
