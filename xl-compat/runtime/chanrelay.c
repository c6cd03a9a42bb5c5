/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The channel relay (chanrelay.h): up to three ends (0 and its alt 2 on
 * the guest's side, 1 on the other), each a socket client with its
 * reconnect timer, a listener with its connection, or a pty master, and
 * one ring buffer per side.  buf[s] holds what side s sent and the other
 * side has not taken yet; its first `inflight' bytes are written to a
 * socket and wait for the reader to have read them.
 */
#include "chanrelay.h"
#include "fdio.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>
#include <linux/sockios.h>
#include <unistd.h>

#include <event2/event.h>

#define PTY_POLL_MS	100
#define NUM_ENDS	3
#define ALT		2

struct ring {
	char *data;
	size_t cap, off, len;
	size_t inflight;	/* written to `sender', not yet all read */
	struct end *sender;
};

struct end {
	struct chanrelay *r;
	int idx, side;
	enum chanrelay_kind kind;
	char *path;
	int fd;			/* the connection (a pty: the master while a
				 * slave is open), or -1 */
	int lfd;		/* the listening socket, or the pty master */
	int ackfd;		/* fd's duplicate for the edge-triggered write
				 * event: libevent mixes no triggers on one fd */
	struct event *rd, *wr, *ack, *retry, *accept;
	int backoff_ms;
	bool rd_on, wr_on;
	char pty[64];
};

struct chanrelay {
	struct event_base *base;
	struct chanrelay_cfg cfg;
	struct end e[NUM_ENDS];
	int num_ends;
	struct ring buf[2];
	bool open;		/* the guest has end 0's port open */
	uint64_t moved[2], connects[NUM_ENDS], attempts[NUM_ENDS], resent[2];
};

static void update_all(struct chanrelay *r);
static void flush(struct chanrelay *r, int s);

static bool is_socket(const struct end *e)
{
	return e->kind != CHANRELAY_PTY;
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

/* Who takes what side s sent: end 1, or end 0 while the guest has its
 * port open (always without an alt end), else the alt end. */
static struct end *target(struct chanrelay *r, int s)
{
	if (r->buf[s].sender)
		return r->buf[s].sender;
	if (s == 0)
		return &r->e[1];
	return r->num_ends > ALT && !r->open ? &r->e[ALT] : &r->e[0];
}

static void notify(struct end *e, int up, int err)
{
	if (e->r->cfg.notify)
		e->r->cfg.notify(e->r->cfg.opaque, e->idx, up, err);
}

static void schedule_retry(struct end *e)
{
	int ms = e->kind == CHANRELAY_PTY ? PTY_POLL_MS : e->backoff_ms;
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	evtimer_add(e->retry, &tv);
	if (e->kind != CHANRELAY_CONNECT)
		return;
	e->backoff_ms *= 2;
	if (e->backoff_ms > e->r->cfg.max_ms)
		e->backoff_ms = e->r->cfg.max_ms;
}

/* The reader has read the chunk in flight (or the pty took it). */
static void delivered(struct chanrelay *r, int s, size_t n)
{
	ring_consume(&r->buf[s], n);
	r->moved[s] += n;
}

/* The socket's pending error (and clears it), or 0. */
static int pending_error(const struct end *e)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(e->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		return 0;
	return err;
}

/* The end went away.  A chunk it had not read all of (ECONNRESET: the
 * kernel dropped unread bytes at its close) is sent again whole to the
 * next reader; one it had read is forgotten.  What it sent before stays
 * queued for the other side. */
static void drop(struct end *e, int err)
{
	struct chanrelay *r = e->r;
	struct ring *b = &r->buf[!e->side];

	if (b->sender == e) {
		if (err == -ECONNRESET || pending_error(e) == ECONNRESET)
			r->resent[!e->side]++;
		else
			delivered(r, !e->side, b->inflight);
		b->inflight = 0;
		b->sender = NULL;
	}
	event_del(e->rd);
	event_del(e->wr);
	event_del(e->ack);
	e->rd_on = e->wr_on = false;
	if (e->kind != CHANRELAY_PTY)
		close(e->fd);
	if (e->ackfd >= 0)
		close(e->ackfd);
	e->fd = e->ackfd = -1;
	notify(e, 0, err);
	if (e->kind == CHANRELAY_LISTEN)
		event_add(e->accept, NULL);
	else
		schedule_retry(e);
	/* what was for e may go to another end now (end 0 <-> alt) */
	flush(r, !e->side);
	update_all(r);
}

/* fd is e's connection now. */
static int up(struct end *e, int fd)
{
	struct chanrelay *r = e->r;

	if (is_socket(e)) {
		e->ackfd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
		if (e->ackfd < 0)
			return -1;
		event_assign(e->ack, r->base, e->ackfd,
			     EV_WRITE | EV_ET | EV_PERSIST,
			     event_get_callback(e->ack), e);
		event_add(e->ack, NULL);
	}
	e->fd = fd;
	event_assign(e->rd, r->base, fd, EV_READ | EV_PERSIST,
		     event_get_callback(e->rd), e);
	event_assign(e->wr, r->base, fd, EV_WRITE | EV_PERSIST,
		     event_get_callback(e->wr), e);
	e->backoff_ms = r->cfg.min_ms;
	r->connects[e->idx]++;
	notify(e, 1, 0);
	flush(r, !e->side);
	update_all(r);
	return 0;
}

static void on_retry(evutil_socket_t fd, short what, void *arg)
{
	struct end *e = arg;
	struct pollfd p;

	(void)fd;
	(void)what;
	if (e->kind == CHANRELAY_PTY) {
		/* a master reports POLLHUP while no program holds the slave */
		p = (struct pollfd){ .fd = e->lfd, .events = POLLOUT };
		if (poll(&p, 1, 0) == 1 && !(p.revents & POLLHUP)) {
			up(e, e->lfd);
			return;
		}
		schedule_retry(e);
		return;
	}
	e->r->attempts[e->idx]++;
	fd = xlrt_unix_connect(e->path, SOCK_NONBLOCK);
	if (fd < 0 || up(e, fd) < 0) {
		if (fd >= 0)
			close(fd);
		schedule_retry(e);
	}
}

static void on_accept(evutil_socket_t lfd, short what, void *arg)
{
	struct end *e = arg;
	int fd;

	(void)what;
	fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;
	e->r->attempts[e->idx]++;
	if (up(e, fd) < 0) {
		close(fd);
		return;
	}
	event_del(e->accept);
}

/* Read from e into its side's buffer, and straight on to the other side:
 * waiting for its write event costs a pass of the loop per chunk. */
static void on_read(evutil_socket_t fd, short what, void *arg)
{
	struct end *e = arg;
	struct ring *b = &e->r->buf[e->side];
	char *p;
	size_t room = ring_space(b, &p);
	ssize_t n;

	(void)what;
	if (!room) {
		update_all(e->r);
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
	flush(e->r, e->side);
	update_all(e->r);
}

/* Write what side s sent to its target, as much as it takes now: to a
 * socket one chunk, once the one before is read. */
static void flush(struct chanrelay *r, int s)
{
	struct ring *b = &r->buf[s];
	struct end *e = target(r, s);
	char *p;
	size_t len;
	ssize_t n;
	int q;

	if (e->fd < 0)
		return;
	if (b->inflight) {
		if (ioctl(e->fd, SIOCOUTQ, &q) < 0 || q > 0)
			return;
		/* a reader's close frees what it had not read, too: the
		 * kernel says so with ECONNRESET before it does */
		if (pending_error(e) == ECONNRESET) {
			drop(e, -ECONNRESET);
			return;
		}
		delivered(r, s, b->inflight);
		b->inflight = 0;
		b->sender = NULL;
	}
	while ((len = ring_data(b, &p)) > 0) {
		if (is_socket(e) && len > CHANRELAY_CHUNK)
			len = CHANRELAY_CHUNK;
		n = is_socket(e) ? send(e->fd, p, len, MSG_NOSIGNAL) :
				   write(e->fd, p, len);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n < 0) {
			drop(e, -errno);
			return;
		}
		if (is_socket(e)) {
			b->inflight = (size_t)n;
			b->sender = e;
			return;
		}
		delivered(r, s, (size_t)n);
	}
}

/* The pty takes more, or a socket's reader read some (edge-triggered). */
static void on_write(evutil_socket_t fd, short what, void *arg)
{
	struct end *e = arg;

	(void)fd;
	(void)what;
	flush(e->r, !e->side);
	update_all(e->r);
}

/* Interest follows the buffers: read while there is room, write (a pty)
 * while there is something for it. */
static void update(struct end *e)
{
	struct chanrelay *r = e->r;
	bool rd, wr;

	if (e->fd < 0)
		return;
	rd = r->buf[e->side].len < r->buf[e->side].cap;
	wr = !is_socket(e) && r->buf[!e->side].len &&
	     target(r, !e->side) == e;
	if (rd != e->rd_on)
		rd ? event_add(e->rd, NULL) : event_del(e->rd);
	if (wr != e->wr_on)
		wr ? event_add(e->wr, NULL) : event_del(e->wr);
	e->rd_on = rd;
	e->wr_on = wr;
}

static void update_all(struct chanrelay *r)
{
	int i;

	for (i = 0; i < r->num_ends; i++)
		update(&r->e[i]);
}

/* A raw pty, as QEMU's: the slave opened once to set it and closed, so
 * that the master reports POLLHUP until a program opens it. */
static int pty_open(struct end *e)
{
	struct termios t;
	int s;

	e->lfd = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (e->lfd < 0 || grantpt(e->lfd) || unlockpt(e->lfd) ||
	    ptsname_r(e->lfd, e->pty, sizeof(e->pty)))
		return -1;
	s = open(e->pty, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (s < 0)
		return -1;
	if (!tcgetattr(s, &t)) {
		cfmakeraw(&t);
		tcsetattr(s, TCSANOW, &t);
	}
	close(s);
	return 0;
}

static int end_init(struct chanrelay *r, int i, const char *path,
		    enum chanrelay_kind kind)
{
	struct end *e = &r->e[i];

	e->r = r;
	e->idx = i;
	e->side = i == 1;
	e->kind = kind;
	e->fd = e->lfd = e->ackfd = -1;
	e->backoff_ms = r->cfg.min_ms;
	e->path = strdup(path ? path : "");
	e->rd = event_new(r->base, -1, EV_READ | EV_PERSIST, on_read, e);
	e->wr = event_new(r->base, -1, EV_WRITE | EV_PERSIST, on_write, e);
	e->ack = event_new(r->base, -1, EV_WRITE | EV_ET | EV_PERSIST,
			   on_write, e);
	e->retry = evtimer_new(r->base, on_retry, e);
	if (!e->path || !e->rd || !e->wr || !e->ack || !e->retry) {
		errno = ENOMEM;
		return -1;
	}
	if (kind == CHANRELAY_PTY)
		return pty_open(e);
	if (kind != CHANRELAY_LISTEN)
		return 0;
	e->lfd = xlrt_unix_listen(e->path, SOCK_NONBLOCK);
	if (e->lfd < 0)
		return -1;
	e->accept = event_new(r->base, e->lfd, EV_READ | EV_PERSIST,
			      on_accept, e);
	if (!e->accept || event_add(e->accept, NULL)) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

struct chanrelay *chanrelay_new(struct event_base *base,
				const struct chanrelay_cfg *cfg)
{
	struct chanrelay *r = calloc(1, sizeof(*r));
	int i, e;

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
	r->num_ends = cfg->alt_path ? NUM_ENDS : 2;
	r->cfg.alt_path = NULL;	/* not kept: copied into its end */
	for (i = 0; i < 2; i++) {
		r->buf[i].cap = r->cfg.bufsize;
		r->buf[i].data = malloc(r->cfg.bufsize);
		if (!r->buf[i].data)
			goto fail_nomem;
	}
	for (i = 0; i < r->num_ends; i++)
		if (end_init(r, i, i == ALT ? cfg->alt_path : cfg->path[i],
			     i == ALT ? CHANRELAY_CONNECT : cfg->kind[i]))
			goto fail;
	for (i = 0; i < r->num_ends; i++)
		if (r->e[i].kind != CHANRELAY_LISTEN)
			on_retry(-1, 0, &r->e[i]);
	return r;
fail_nomem:
	errno = ENOMEM;
fail:
	e = errno;
	chanrelay_free(r);
	errno = e;
	return NULL;
}

void chanrelay_set_open(struct chanrelay *r, bool open)
{
	r->open = open;
	flush(r, 1);
	update_all(r);
}

const char *chanrelay_pty_name(const struct chanrelay *r, int end)
{
	return r->e[end].kind == CHANRELAY_PTY ? r->e[end].pty : NULL;
}

void chanrelay_stats(const struct chanrelay *r, struct chanrelay_stats *st)
{
	int i;

	for (i = 0; i < 2; i++) {
		st->moved[i] = r->moved[i];
		st->connects[i] = r->connects[i];
		st->attempts[i] = r->attempts[i];
		st->resent[i] = r->resent[i];
		st->queued[i] = r->buf[i].len;
		st->up[i] = r->e[i].fd >= 0;
	}
}

void chanrelay_free(struct chanrelay *r)
{
	int i;

	if (!r)
		return;
	for (i = 0; i < NUM_ENDS; i++) {
		struct end *e = &r->e[i];

		if (!e->r)
			continue;
		if (e->rd)
			event_free(e->rd);
		if (e->wr)
			event_free(e->wr);
		if (e->ack)
			event_free(e->ack);
		if (e->retry)
			event_free(e->retry);
		if (e->accept)
			event_free(e->accept);
		if (e->fd >= 0 && e->fd != e->lfd)
			close(e->fd);
		if (e->ackfd >= 0)
			close(e->ackfd);
		if (e->lfd >= 0)
			close(e->lfd);
		if (e->kind == CHANRELAY_LISTEN && e->lfd >= 0)
			unlink(e->path);
		free(e->path);
	}
	for (i = 0; i < 2; i++)
		free(r->buf[i].data);
	free(r);
}
