/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The channel relay (chanrelay.h): two ends, each a Unix socket client with
 * its reconnect timer, and one ring buffer per direction.  buf[i] holds
 * what end i sent and the other end has not taken yet.
 */
#include "chanrelay.h"
#include "fdio.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/event.h>

struct ring {
	char *data;
	size_t cap, off, len;
};

struct end {
	struct chanrelay *r;
	int idx;
	char *path;
	int fd;
	struct event *rd, *wr, *retry;
	int backoff_ms;
	int rd_on, wr_on;
};

struct chanrelay {
	struct event_base *base;
	struct chanrelay_cfg cfg;
	struct end e[2];
	struct ring buf[2];
	uint64_t moved[2], connects[2], attempts[2];
};

static void update(struct end *e);
static void flush(struct end *e);

static struct end *peer(struct end *e)
{
	return &e->r->e[!e->idx];
}

/* The contiguous free space after the data, and the data at off. */
static size_t ring_space(const struct ring *b, char **p)
{
	size_t tail = (b->off + b->len) % b->cap;

	*p = b->data + tail;
	if (b->len == b->cap)
		return 0;
	return tail >= b->off ? b->cap - tail : b->off - tail;
}

static size_t ring_data(const struct ring *b, char **p)
{
	*p = b->data + b->off;
	return b->off + b->len > b->cap ? b->cap - b->off : b->len;
}

static void ring_consume(struct ring *b, size_t n)
{
	b->off = (b->off + n) % b->cap;
	b->len -= n;
	if (!b->len)
		b->off = 0;
}

static void notify(struct end *e, int up, int err)
{
	if (e->r->cfg.notify)
		e->r->cfg.notify(e->r->cfg.opaque, e->idx, up, err);
}

static void schedule_retry(struct end *e)
{
	struct timeval tv = { e->backoff_ms / 1000,
			      (e->backoff_ms % 1000) * 1000 };

	evtimer_add(e->retry, &tv);
	e->backoff_ms *= 2;
	if (e->backoff_ms > e->r->cfg.max_ms)
		e->backoff_ms = e->r->cfg.max_ms;
}

/* The end went away: what it still had to take stays queued for the next
 * connection; what it sent before is still delivered to the other end. */
static void drop(struct end *e, int err)
{
	event_del(e->rd);
	event_del(e->wr);
	e->rd_on = e->wr_on = 0;
	close(e->fd);
	e->fd = -1;
	notify(e, 0, err);
	schedule_retry(e);
}


static void on_retry(evutil_socket_t fd, short what, void *arg)
{
	struct end *e = arg;

	(void)fd;
	(void)what;
	e->r->attempts[e->idx]++;
	e->fd = xlrt_unix_connect(e->path, SOCK_NONBLOCK);
	if (e->fd < 0) {
		e->fd = -1;
		schedule_retry(e);
		return;
	}
	event_assign(e->rd, e->r->base, e->fd, EV_READ | EV_PERSIST,
		     event_get_callback(e->rd), e);
	event_assign(e->wr, e->r->base, e->fd, EV_WRITE | EV_PERSIST,
		     event_get_callback(e->wr), e);
	e->backoff_ms = e->r->cfg.min_ms;
	e->r->connects[e->idx]++;
	notify(e, 1, 0);
	update(e);
}

/* Read from e into its own direction's buffer. */
static void on_read(evutil_socket_t fd, short what, void *arg)
{
	struct end *e = arg;
	struct ring *b = &e->r->buf[e->idx];
	char *p;
	size_t room = ring_space(b, &p);
	ssize_t n;

	(void)what;
	if (!room) {
		update(e);
		return;
	}
	n = read(fd, p, room);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		drop(e, n < 0 ? -errno : 0);
		return;
	}
	b->len += (size_t)n;
	/* Straight on to the peer if it is up: waiting for its write event
	 * costs a pass of the loop and two epoll_ctl calls per chunk. */
	if (peer(e)->fd >= 0)
		flush(peer(e));
	update(e);
	update(peer(e));
}

/* Write what the other end sent to e, as much as e takes now. */
static void flush(struct end *e)
{
	struct ring *b = &e->r->buf[!e->idx];
	char *p;
	size_t len;
	ssize_t n;

	while ((len = ring_data(b, &p)) > 0) {
		n = send(e->fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			break;
		if (n < 0) {
			drop(e, -errno);
			return;
		}
		ring_consume(b, (size_t)n);
		e->r->moved[!e->idx] += (size_t)n;
	}
}

static void on_write(evutil_socket_t fd, short what, void *arg)
{
	struct end *e = arg;

	(void)fd;
	(void)what;
	flush(e);
	update(e);
	update(peer(e));
}

/* Interest follows the buffers: read while there is room, write while
 * there is something to write. */
static void update(struct end *e)
{
	int rd, wr;

	if (e->fd < 0)
		return;
	rd = e->r->buf[e->idx].len < e->r->buf[e->idx].cap;
	wr = e->r->buf[!e->idx].len > 0;
	if (rd != e->rd_on)
		rd ? event_add(e->rd, NULL) : event_del(e->rd);
	if (wr != e->wr_on)
		wr ? event_add(e->wr, NULL) : event_del(e->wr);
	e->rd_on = rd;
	e->wr_on = wr;
}

struct chanrelay *chanrelay_new(struct event_base *base,
				const struct chanrelay_cfg *cfg)
{
	struct chanrelay *r = calloc(1, sizeof(*r));
	int i;

	if (!r)
		return NULL;
	r->base = base;
	r->cfg = *cfg;
	if (!r->cfg.bufsize)
		r->cfg.bufsize = 1 << 20;
	if (r->cfg.min_ms <= 0)
		r->cfg.min_ms = 20;
	if (r->cfg.max_ms < r->cfg.min_ms)
		r->cfg.max_ms = r->cfg.min_ms > 2000 ? r->cfg.min_ms : 2000;
	for (i = 0; i < 2; i++) {
		struct end *e = &r->e[i];

		e->r = r;
		e->idx = i;
		e->fd = -1;
		e->backoff_ms = r->cfg.min_ms;
		e->path = strdup(cfg->path[i] ? cfg->path[i] : "");
		r->buf[i].cap = r->cfg.bufsize;
		r->buf[i].data = malloc(r->cfg.bufsize);
		e->rd = event_new(base, -1, EV_READ | EV_PERSIST, on_read, e);
		e->wr = event_new(base, -1, EV_WRITE | EV_PERSIST, on_write, e);
		e->retry = evtimer_new(base, on_retry, e);
		if (!e->path || !r->buf[i].data || !e->rd || !e->wr ||
		    !e->retry) {
			chanrelay_free(r);
			errno = ENOMEM;
			return NULL;
		}
	}
	for (i = 0; i < 2; i++)
		on_retry(-1, 0, &r->e[i]);
	return r;
}

void chanrelay_stats(const struct chanrelay *r, struct chanrelay_stats *st)
{
	int i;

	for (i = 0; i < 2; i++) {
		st->moved[i] = r->moved[i];
		st->connects[i] = r->connects[i];
		st->attempts[i] = r->attempts[i];
		st->queued[i] = r->buf[i].len;
		st->up[i] = r->e[i].fd >= 0;
	}
}

void chanrelay_free(struct chanrelay *r)
{
	int i;

	if (!r)
		return;
	for (i = 0; i < 2; i++) {
		struct end *e = &r->e[i];

		if (e->rd)
			event_free(e->rd);
		if (e->wr)
			event_free(e->wr);
		if (e->retry)
			event_free(e->retry);
		if (e->fd >= 0)
			close(e->fd);
		free(e->path);
		free(r->buf[i].data);
	}
	free(r);
}
