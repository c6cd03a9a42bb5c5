/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Console relay (console.h) on libevent bufferevents: QEMU's end, the
 * replay buffer, the log, the clients.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

#include "console.h"

struct client {
	struct bufferevent *bev;
	struct xlrt_console *con;
	struct client *next;
};

struct xlrt_console {
	struct bufferevent *dm;
	struct evconnlistener *lst;
	struct client *clients;
	int log_fd;
	char path[108];
	char ring[XLRT_CONSOLE_REPLAY];
	size_t ring_len;
};

static __attribute__((noinline)) void keep(struct xlrt_console *c,
					    const char *p, size_t n)
{
	if (n >= sizeof(c->ring)) {
		memcpy(c->ring, p + n - sizeof(c->ring), sizeof(c->ring));
		c->ring_len = sizeof(c->ring);
		return;
	}
	if (c->ring_len + n > sizeof(c->ring)) {
		size_t drop = c->ring_len + n - sizeof(c->ring);

		memmove(c->ring, c->ring + drop, c->ring_len - drop);
		c->ring_len -= drop;
	}
	memcpy(c->ring + c->ring_len, p, n);
	c->ring_len += n;
}

static void client_free(struct client *cl)
{
	struct client **pp;

	for (pp = &cl->con->clients; *pp; pp = &(*pp)->next)
		if (*pp == cl) {
			*pp = cl->next;
			break;
		}
	bufferevent_free(cl->bev);
	free(cl);
}

static void dm_read(struct bufferevent *bev, void *arg)
{
	struct xlrt_console *c = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	char buf[4096];
	struct client *cl, *next;
	int n;

	while ((n = evbuffer_remove(in, buf, sizeof(buf))) > 0) {
		keep(c, buf, (size_t)n);
		if (c->log_fd >= 0 && write(c->log_fd, buf, (size_t)n) < 0) {
			close(c->log_fd);	/* disk full: stop logging */
			c->log_fd = -1;
		}
		for (cl = c->clients; cl; cl = next) {
			next = cl->next;
			/* a client that stopped reading is dropped, not
			 * buffered without end */
			if (evbuffer_get_length(bufferevent_get_output(cl->bev)) >
			    XLRT_CONSOLE_CLIENT_MAX)
				client_free(cl);
			else
				bufferevent_write(cl->bev, buf, (size_t)n);
		}
	}
}

static void dm_event(struct bufferevent *bev, short what, void *arg)
{
	struct xlrt_console *c = arg;

	(void)bev;
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)) {
		/* QEMU closed its end: clients see end of file */
		while (c->clients)
			client_free(c->clients);
		bufferevent_disable(c->dm, EV_READ);
	}
}

static void client_read(struct bufferevent *bev, void *arg)
{
	struct client *cl = arg;

	bufferevent_write_buffer(cl->con->dm, bufferevent_get_input(bev));
}

static void client_event(struct bufferevent *bev, short what, void *arg)
{
	(void)bev;
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR))
		client_free(arg);
}

static void accept_cb(struct evconnlistener *l, evutil_socket_t fd,
		      struct sockaddr *sa, int len, void *arg)
{
	struct xlrt_console *c = arg;
	struct client *cl = calloc(1, sizeof(*cl));

	(void)sa;
	(void)len;
	if (!cl) {
		close(fd);
		return;
	}
	cl->con = c;
	cl->bev = bufferevent_socket_new(evconnlistener_get_base(l), fd,
					 BEV_OPT_CLOSE_ON_FREE);
	if (!cl->bev) {
		close(fd);
		free(cl);
		return;
	}
	bufferevent_setcb(cl->bev, client_read, NULL, client_event, cl);
	bufferevent_write(cl->bev, c->ring, c->ring_len);
	bufferevent_enable(cl->bev, EV_READ | EV_WRITE);
	cl->next = c->clients;
	c->clients = cl;
}

struct xlrt_console *xlrt_console_new(struct event_base *base, int dm_fd,
				      const char *listen_path,
				      const char *log_path)
{
	struct xlrt_console *c = calloc(1, sizeof(*c));
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	mode_t old;

	if (!c || strlen(listen_path) >= sizeof(sa.sun_path)) {
		free(c);
		close(dm_fd);
		errno = c ? ENAMETOOLONG : ENOMEM;
		return NULL;
	}
	strcpy(sa.sun_path, listen_path);
	strcpy(c->path, listen_path);
	c->log_fd = log_path ? open(log_path, O_WRONLY | O_CREAT | O_APPEND |
				    O_CLOEXEC, 0640) : -1;
	evutil_make_socket_nonblocking(dm_fd);
	c->dm = bufferevent_socket_new(base, dm_fd, BEV_OPT_CLOSE_ON_FREE);
	if (!c->dm) {
		close(dm_fd);
		goto fail;
	}
	bufferevent_setcb(c->dm, dm_read, NULL, dm_event, c);
	bufferevent_enable(c->dm, EV_READ | EV_WRITE);
	unlink(listen_path);
	old = umask(0077);
	c->lst = evconnlistener_new_bind(base, accept_cb, c,
					 LEV_OPT_CLOSE_ON_FREE |
					 LEV_OPT_CLOSE_ON_EXEC, 16,
					 (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (!c->lst)
		goto fail;
	return c;
fail:
	xlrt_console_free(c);
	return NULL;
}

void xlrt_console_free(struct xlrt_console *c)
{
	int e = errno;

	if (!c)
		return;
	while (c->clients)
		client_free(c->clients);
	if (c->lst) {
		evconnlistener_free(c->lst);
		unlink(c->path);
	}
	if (c->dm)
		bufferevent_free(c->dm);
	if (c->log_fd >= 0)
		close(c->log_fd);
	free(c);
	errno = e;
}
