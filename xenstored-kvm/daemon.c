/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The event loop: libevent watches the listening sockets (dom0's, its
 * socket_ro alias, one per introduced domain) and the client connections.
 * Each pass reads what is available, then serves the clients with pending
 * requests round-robin, a few requests each (one client cannot stall the
 * others, XSA-206), then makes the pass's journal records durable in one
 * fsync, and only then writes the replies and events out. Input is not read
 * from a client whose replies pile up unread (bounded memory, XSA-326), nor
 * served on a connection with its quota of outstanding replies not yet
 * read by its peer (it is polled until it catches up).
 */
#include <dirent.h>
#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "admit.h"
#include "daemon.h"
#include "trace.h"

#define REQS_PER_TURN	16
#define REQS_PER_PASS	1024	/* bounds the latency one fsync adds */
#define IN_HIGH		(128 * 1024)
#define HELD_POLL_US	5000	/* a tick of the held-domain timer */
#define HELD_MAX_TICKS	16	/* a domain stuck longer: every 80 ms */

struct listener {
	struct daemon *d;
	struct event *ev;
	int fd;
	uint32_t domid;
	bool priv;
	char path[108];
};

struct dconn {
	struct daemon *d;
	struct xsd_conn *c;
	struct event *rev, *wev;
	int fd;
	time_t stalled;		/* since when output is stuck, or 0 */
	unsigned held_period;	/* ticks between looks while held */
	unsigned held_wait;	/* ticks to the next look */
	bool ready_listed, out_listed, dead_listed, held_listed, read_paused;
	struct dconn *ready_next, *out_next, *dead_next, *held_next;
};

struct daemon {
	struct daemon_opts *o;
	struct event_base *base;
	struct xsd *x;
	struct listener *dom0, *dom0_ro;
	struct listener **doms;		/* by domid */
	struct event *stall_timer, *held_timer, *retry_timer, *accept_timer;
	struct dconn *ready, *out, *dead, *held;
	struct admit *admit;
	FILE *logf;
	struct xsd_trace *trace;	/* -T, or NULL */
	bool stop;
	bool accept_paused;	/* since accept failed for want of resources */
};

static const char *const level_names[] = { "error", "warning", "info", "debug" };

int daemon_log_level(const char *name)
{
	int i;

	for (i = 0; i < 4; i++)
		if (!strcmp(name, level_names[i]))
			return i;
	return -1;
}

static void log_cb(void *ctx, int level, const char *msg)
{
	struct daemon *d = ctx;
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
	char ts[32];
	time_t now;

	if (d->o->syslog) {
		syslog(prio[level], "%s", msg);
		return;
	}
	now = time(NULL);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	fprintf(d->logf, "%s %s: %s\n", ts, level_names[level], msg);
	fflush(d->logf);
}

static void dlog(struct daemon *d, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void dlog(struct daemon *d, int level, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	if (level > d->o->cfg.log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log_cb(d, level, buf);
}

static void trace_cb(void *ctx, const struct xsd_conn *c, bool out,
		     uint32_t type, const void *data, size_t len)
{
	struct daemon *d = ctx;

	xsd_trace_msg(d->trace, c, out, type, data, len);
}

static void ready_add(struct dconn *dc)
{
	if (dc->ready_listed || xsd_conn_dead(dc->c))
		return;
	dc->ready_listed = true;
	dc->ready_next = dc->d->ready;
	dc->d->ready = dc;
}

static void dead_add(struct dconn *dc)
{
	if (dc->dead_listed)
		return;
	dc->dead_listed = true;
	dc->dead_next = dc->d->dead;
	dc->d->dead = dc;
}

/* libxsd: output appeared for c, or c must be dropped. */
static void output_cb(void *ctx, struct xsd_conn *c)
{
	struct dconn *dc = xsd_conn_user(c);

	if (!dc)
		return;
	if (xsd_conn_dead(c)) {
		dead_add(dc);
		return;
	}
	if (!dc->out_listed) {
		dc->out_listed = true;
		dc->out_next = dc->d->out;
		dc->d->out = dc;
	}
}

/* libxsd: has the peer read everything sent to it? */
static bool consumed_cb(void *ctx, struct xsd_conn *c)
{
	struct dconn *dc = xsd_conn_user(c);
	int queued;

	return dc && !ioctl(dc->fd, SIOCOUTQ, &queued) && !queued;
}

static bool output_queued(const struct dconn *dc)
{
	size_t len;

	xsd_conn_output(dc->c, &len);
	return len;
}

static const struct timeval held_tick = { 0, HELD_POLL_US };

/* Looked at again soon, then less often while it stays held. */
static void hold(struct dconn *dc)
{
	if (dc->held_listed)
		return;
	if (!dc->held_period)
		dc->held_period = 1;
	dc->held_wait = dc->held_period;
	dc->held_listed = true;
	dc->held_next = dc->d->held;
	dc->d->held = dc;
	if (!evtimer_pending(dc->d->held_timer, NULL))
		evtimer_add(dc->d->held_timer, &held_tick);
}

/* Held domains due are served again; libxsd holds them anew if need be. */
static void held_cb(evutil_socket_t fd, short what, void *arg)
{
	struct daemon *d = arg;
	struct dconn *dc, **pp = &d->held;

	while ((dc = *pp)) {
		if (--dc->held_wait) {
			pp = &dc->held_next;
			continue;
		}
		*pp = dc->held_next;
		dc->held_listed = false;
		if (dc->held_period < HELD_MAX_TICKS)
			dc->held_period *= 2;
		ready_add(dc);
	}
	if (d->held)
		evtimer_add(d->held_timer, &held_tick);
}

static void read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct dconn *dc = arg;
	char buf[65536];
	ssize_t n = recv(fd, buf, sizeof(buf), 0);

	if (n > 0) {
		xsd_conn_feed(dc->c, buf, n);
		if (xsd_conn_pending(dc->c) > IN_HIGH) {
			event_del(dc->rev);
			dc->read_paused = true;
		}
		ready_add(dc);
	} else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
		xsd_conn_kill(dc->c, NULL);
		dead_add(dc);
	}
}

/* Returns true when everything queued went out. */
static bool write_out(struct dconn *dc)
{
	size_t len;
	const void *p;

	while ((p = xsd_conn_output(dc->c, &len)) && len) {
		ssize_t n = send(dc->fd, p, len, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				xsd_conn_kill(dc->c, "write failed");
			else if (!dc->stalled)
				dc->stalled = time(NULL);
			return false;
		}
		xsd_conn_sent(dc->c, n);
		dc->stalled = 0;
	}
	return true;
}

static void write_cb(evutil_socket_t fd, short what, void *arg)
{
	struct dconn *dc = arg;

	if (!write_out(dc))
		return;
	event_del(dc->wev);
	/* Requests held back while replies were unread may go on now. */
	ready_add(dc);
}

static void listeners_enable(struct daemon *d, bool on)
{
	struct listener *l;
	int i;

	for (i = -2; i < XSD_DOMID_MAX; i++) {
		l = i == -2 ? d->dom0 : i == -1 ? d->dom0_ro : d->doms[i];
		if (l)
			on ? event_add(l->ev, NULL) : event_del(l->ev);
	}
}

static const struct timeval accept_backoff = { 0, 100000 };

/*
 * accept() found no descriptor or memory: a listener that stays readable
 * would spin the loop and starve everyone. Stop listening for a while
 * (pending connections wait in the backlog), serve the connections there
 * are, and try again; the log says it once per episode.
 */
static void accept_pause(struct daemon *d, int err)
{
	if (!d->accept_paused)
		dlog(d, XSD_LOG_ERR, "cannot accept connections: %s; trying "
		     "again every 100 ms, open connections are served",
		     strerror(err));
	d->accept_paused = true;
	listeners_enable(d, false);
	evtimer_add(d->accept_timer, &accept_backoff);
}

static void accept_resume_cb(evutil_socket_t fd, short what, void *arg)
{
	listeners_enable(arg, true);
}

static void accept_cb(evutil_socket_t fd, short what, void *arg)
{
	struct listener *l = arg;
	struct daemon *d = l->d;
	struct dconn *dc;
	const char *why;
	int cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (cfd < 0) {
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
		    errno == ENOMEM)
			accept_pause(d, errno);
		return;
	}
	if (d->accept_paused) {
		d->accept_paused = false;
		dlog(d, XSD_LOG_WARN, "accepting connections again");
	}
	if (!admit_conn(d->admit, l->domid, cfd, &why)) {
		if (why)
			dlog(d, XSD_LOG_WARN, "domain %u: connections refused "
			     "while %s", l->domid, why);
		close(cfd);
		return;
	}
	dc = calloc(1, sizeof(*dc));
	if (!dc)
		goto fail;
	dc->d = d;
	dc->fd = cfd;
	dc->c = xsd_conn_new(d->x, l->domid, l->priv, dc);
	dc->rev = event_new(d->base, cfd, EV_READ | EV_PERSIST, read_cb, dc);
	dc->wev = event_new(d->base, cfd, EV_WRITE | EV_PERSIST, write_cb, dc);
	if (!dc->c || !dc->rev || !dc->wev || event_add(dc->rev, NULL))
		goto fail;
	dlog(d, XSD_LOG_DEBUG, "connection for domain %u", l->domid);
	if (d->trace)
		xsd_trace_conn(d->trace, dc->c, l->domid, true);
	return;
fail:
	if (dc) {
		if (dc->c)
			xsd_conn_free(dc->c);
		if (dc->rev)
			event_free(dc->rev);
		if (dc->wev)
			event_free(dc->wev);
		free(dc);
	}
	admit_gone(d->admit, l->domid);
	close(cfd);
}

static struct listener *listen_at(struct daemon *d, const char *path,
				  uint32_t domid, bool priv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct listener *l;
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		dlog(d, XSD_LOG_ERR, "socket path too long: %s", path);
		return NULL;
	}
	l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	strcpy(sa.sun_path, path);
	strcpy(l->path, path);
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    chmod(path, 0600) || listen(fd, 128)) {
		dlog(d, XSD_LOG_ERR, "cannot listen on %s: %s", path,
		     strerror(errno));
		if (fd >= 0)
			close(fd);
		free(l);
		return NULL;
	}
	l->d = d;
	l->fd = fd;
	l->domid = domid;
	l->priv = priv;
	l->ev = event_new(d->base, fd, EV_READ | EV_PERSIST, accept_cb, l);
	if (!l->ev || event_add(l->ev, NULL)) {
		close(fd);
		unlink(path);
		free(l);
		return NULL;
	}
	return l;
}

static void listener_free(struct listener *l)
{
	if (!l)
		return;
	event_free(l->ev);
	close(l->fd);
	unlink(l->path);
	free(l);
}

static void introduced_cb(void *ctx, uint32_t domid)
{
	struct daemon *d = ctx;
	char path[sizeof(((struct listener *)0)->path)];

	if (d->doms[domid])
		return;
	snprintf(path, sizeof(path), "%s/domain/%u", d->o->rundir, domid);
	d->doms[domid] = listen_at(d, path, domid, false);
}

static void released_cb(void *ctx, uint32_t domid)
{
	struct daemon *d = ctx;

	listener_free(d->doms[domid]);
	d->doms[domid] = NULL;
}

/* A domain that leaves its events unread for long loses its connection. */
static void stall_cb(evutil_socket_t fd, short what, void *arg)
{
	struct daemon *d = arg;
	struct xsd_conn *c;
	time_t now = time(NULL);

	for (c = xsd_conn_next(d->x, NULL); c; c = xsd_conn_next(d->x, c)) {
		struct dconn *dc = xsd_conn_user(c);

		if (!xsd_conn_priv(c) && dc->stalled &&
		    now - dc->stalled >= d->o->event_timeout)
			xsd_conn_kill(c, "output unread too long");
	}
}

/* SIGHUP: reopen the log and trace files (after logrotate moved them). */
static void hup_cb(evutil_socket_t sig, short what, void *arg)
{
	struct daemon *d = arg;
	FILE *f;

	if (d->trace && xsd_trace_reopen(d->trace))
		dlog(d, XSD_LOG_ERR, "cannot reopen %s: %s", d->o->trace_file,
		     strerror(errno));
	if (!d->o->log_file || d->o->syslog)
		return;
	f = fopen(d->o->log_file, "a");
	if (!f)
		return;
	fclose(d->logf);
	d->logf = f;
}

static void stop_cb(evutil_socket_t sig, short what, void *arg)
{
	struct daemon *d = arg;

	dlog(d, XSD_LOG_INFO, "signal %d: shutting down", (int)sig);
	d->stop = true;
	event_base_loopbreak(d->base);
}

/*
 * Serve clients with complete requests, a few each per turn, turn after
 * turn until none has any left or the pass's budget is spent; everything
 * served shares the pass's single fsync.
 */
static void serve(struct daemon *d)
{
	struct dconn *dc, *next, *again, **tail;
	unsigned budget = REQS_PER_PASS;

	while (d->ready && budget >= REQS_PER_TURN) {
		dc = d->ready;
		d->ready = NULL;
		again = NULL;
		tail = &again;
		for (; dc; dc = next) {
			int ret;

			next = dc->ready_next;
			dc->ready_listed = false;
			if (xsd_conn_dead(dc->c))
				continue;
			ret = xsd_conn_process(d->x, dc->c, REQS_PER_TURN);
			budget -= budget >= REQS_PER_TURN ? REQS_PER_TURN : budget;
			if (ret < 0) {
				dead_add(dc);
				continue;
			}
			if (dc->read_paused &&
			    xsd_conn_pending(dc->c) < IN_HIGH / 2) {
				dc->read_paused = false;
				event_add(dc->rev, NULL);
			}
			if (!ret && !output_queued(dc) &&
			    xsd_conn_has_request(dc->c))
				hold(dc);
			else
				dc->held_period = 0;	/* it moved on */
			if (ret > 0) {
				/* Keep the order: the same round-robin next turn. */
				dc->ready_listed = true;
				dc->ready_next = NULL;
				*tail = dc;
				tail = &dc->ready_next;
			}
		}
		*tail = d->ready;
		d->ready = again;
	}
}

static void flush(struct daemon *d)
{
	struct dconn *dc = d->out, *next;

	d->out = NULL;
	for (; dc; dc = next) {
		next = dc->out_next;
		dc->out_listed = false;
		if (xsd_conn_dead(dc->c))
			continue;
		if (write_out(dc)) {
			/* It may have been held back by unread output. */
			if (xsd_conn_has_request(dc->c))
				ready_add(dc);
		} else if (!xsd_conn_dead(dc->c)) {
			event_add(dc->wev, NULL);
		}
	}
}

static void reap(struct daemon *d)
{
	struct dconn *dc, *next, **pp;

	if (!d->dead)
		return;
	for (pp = &d->ready; *pp;) {
		if (xsd_conn_dead((*pp)->c))
			*pp = (*pp)->ready_next;
		else
			pp = &(*pp)->ready_next;
	}
	for (pp = &d->out; *pp;) {
		if (xsd_conn_dead((*pp)->c))
			*pp = (*pp)->out_next;
		else
			pp = &(*pp)->out_next;
	}
	for (pp = &d->held; *pp;) {
		if (xsd_conn_dead((*pp)->c))
			*pp = (*pp)->held_next;
		else
			pp = &(*pp)->held_next;
	}
	for (dc = d->dead, d->dead = NULL; dc; dc = next) {
		next = dc->dead_next;
		event_free(dc->rev);
		event_free(dc->wev);
		close(dc->fd);
		admit_gone(d->admit, xsd_conn_domid(dc->c));
		if (d->trace)
			xsd_trace_conn(d->trace, dc->c, xsd_conn_domid(dc->c),
				       false);
		xsd_conn_free(dc->c);
		free(dc);
	}
}

/* systemd's Type=notify: "READY=1" to $NOTIFY_SOCKET once the sockets
 * accept connections (the protocol is one datagram; no libsystemd). */
static void notify_ready(struct daemon *d)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char msg[64];
	socklen_t len;
	int fd, n;

	if (!path || !*path || strlen(path) >= sizeof(sa.sun_path))
		return;
	memcpy(sa.sun_path, path, strlen(path));
	if (sa.sun_path[0] == '@')
		sa.sun_path[0] = '\0';	/* an abstract socket */
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path));
	n = snprintf(msg, sizeof(msg), "READY=1\nMAINPID=%ld\n", (long)getpid());
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || sendto(fd, msg, (size_t)n, 0, (struct sockaddr *)&sa,
			     len) != n)
		dlog(d, XSD_LOG_WARN, "cannot notify %s: %s", path,
		     strerror(errno));
	if (fd >= 0)
		close(fd);
}

/* mkdir -p; the last component is (made) private. */
static int make_dir(const char *path)
{
	char buf[sizeof(((struct listener *)0)->path)], *p;

	if (strlen(path) >= sizeof(buf))
		return -1;
	strcpy(buf, path);
	for (p = buf + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(path, 0700) && errno != EEXIST)
		return -1;
	return chmod(path, 0700);
}

/* Sockets a killed daemon left behind; introduced domains get new ones. */
static void clear_domain_sockets(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *e;

	if (!dp)
		return;
	while ((e = readdir(dp)))
		if (e->d_type == DT_SOCK)
			unlinkat(dirfd(dp), e->d_name, 0);
	closedir(dp);
}

/* Wakes the loop to try the journal again. */
static void retry_cb(evutil_socket_t fd, short what, void *arg)
{
}

static const struct timeval retry_every = { 1, 0 };

static int setup(struct daemon *d, int ready_fd)
{
	struct daemon_opts *o = d->o;
	char path[sizeof(((struct listener *)0)->path)];
	int err;

	snprintf(path, sizeof(path), "%s/domain", o->rundir);
	if (make_dir(o->rundir) || make_dir(path) ||
	    (o->state_dir && make_dir(o->state_dir))) {
		dlog(d, XSD_LOG_ERR, "cannot create %s: %s", path,
		     strerror(errno));
		return -1;
	}
	clear_domain_sockets(path);
	o->cfg.ctx = d;
	o->cfg.log = log_cb;
	o->cfg.introduced = introduced_cb;
	o->cfg.released = released_cb;
	o->cfg.output = output_cb;
	o->cfg.consumed = consumed_cb;
	o->cfg.trace = d->trace ? trace_cb : NULL;
	o->cfg.state_dir = o->state_dir;
	d->x = xsd_new(&o->cfg, &err);
	if (!d->x) {
		dlog(d, XSD_LOG_ERR, "cannot load the store from %s: %s",
		     o->state_dir ? o->state_dir : "(memory)", strerror(err));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/socket", o->rundir);
	d->dom0 = listen_at(d, path, 0, true);
	snprintf(path, sizeof(path), "%s/socket_ro", o->rundir);
	d->dom0_ro = listen_at(d, path, 0, true);
	if (!d->dom0 || !d->dom0_ro)
		return -1;
	{
		struct timeval every = { o->event_timeout / 4, 0 };

		if (!every.tv_sec)
			every.tv_sec = 1;

		d->stall_timer = event_new(d->base, -1, EV_PERSIST, stall_cb, d);
		if (!d->stall_timer || event_add(d->stall_timer, &every))
			return -1;
		d->held_timer = evtimer_new(d->base, held_cb, d);
		d->retry_timer = evtimer_new(d->base, retry_cb, d);
		d->accept_timer = evtimer_new(d->base, accept_resume_cb, d);
		if (!d->held_timer || !d->retry_timer || !d->accept_timer)
			return -1;
	}
	if (o->pid_file) {
		FILE *f = fopen(o->pid_file, "w");

		if (!f || fprintf(f, "%ld\n", (long)getpid()) < 0 || fclose(f)) {
			dlog(d, XSD_LOG_ERR, "cannot write %s", o->pid_file);
			return -1;
		}
	}
	dlog(d, XSD_LOG_INFO, "ready on %s/socket", o->rundir);
	notify_ready(d);
	/* -P: Xen's scripts read the pid from standard output. */
	if (o->output_pid && o->no_fork) {
		printf("%ld\n", (long)getpid());
		fflush(stdout);
	}
	if (ready_fd >= 0) {
		if (write(ready_fd, "R", 1) != 1)
			return -1;
		close(ready_fd);
	}
	return 0;
}

static void teardown(struct daemon *d)
{
	int i;

	if (d->stall_timer)
		event_free(d->stall_timer);
	if (d->held_timer)
		event_free(d->held_timer);
	if (d->retry_timer)
		event_free(d->retry_timer);
	if (d->accept_timer)
		event_free(d->accept_timer);
	listener_free(d->dom0);
	listener_free(d->dom0_ro);
	for (i = 0; d->doms && i < XSD_DOMID_MAX; i++)
		listener_free(d->doms[i]);
	while (d->x && xsd_conn_next(d->x, NULL)) {
		struct dconn *dc = xsd_conn_user(xsd_conn_next(d->x, NULL));

		event_free(dc->rev);
		event_free(dc->wev);
		close(dc->fd);
		xsd_conn_free(dc->c);
		free(dc);
	}
	xsd_free(d->x);
	if (d->o->pid_file)
		unlink(d->o->pid_file);
}

int daemon_run(struct daemon_opts *o, int ready_fd)
{
	struct daemon d = { .o = o };
	struct event *sigterm = NULL, *sigint = NULL, *sighup = NULL;
	int ret = 1;

	signal(SIGPIPE, SIG_IGN);
	d.logf = stderr;
	if (o->syslog)
		openlog("xenstored-kvm", LOG_PID, LOG_DAEMON);
	else if (o->log_file && !(d.logf = fopen(o->log_file, "a"))) {
		fprintf(stderr, "xenstored-kvm: %s: %s\n", o->log_file,
			strerror(errno));
		return 1;
	}
	if (o->trace_file && !(d.trace = xsd_trace_open(o->trace_file))) {
		fprintf(stderr, "xenstored-kvm: -T %s: %s\n", o->trace_file,
			strerror(errno));
		if (d.logf != stderr)
			fclose(d.logf);
		return 1;
	}
	d.base = event_base_new();
	d.doms = calloc(XSD_DOMID_MAX, sizeof(*d.doms));
	d.admit = calloc(1, sizeof(*d.admit));
	if (!d.base || !d.doms || !d.admit)
		goto out;
	sigterm = evsignal_new(d.base, SIGTERM, stop_cb, &d);
	sigint = evsignal_new(d.base, SIGINT, stop_cb, &d);
	sighup = evsignal_new(d.base, SIGHUP, hup_cb, &d);
	if (!sigterm || !sigint || !sighup || event_add(sigterm, NULL) ||
	    event_add(sigint, NULL) || event_add(sighup, NULL))
		goto out;
	if (setup(&d, ready_fd))
		goto out;
	while (!d.stop) {
		event_base_loop(d.base, d.ready ? EVLOOP_NONBLOCK | EVLOOP_ONCE
						: EVLOOP_ONCE);
		serve(&d);
		/*
		 * Durable before any reply is seen: kill -9 loses no ack. If
		 * the journal cannot be written (the library logs it), nothing
		 * goes out and the write is tried again, at the latest in a
		 * second; requests that would add to it are refused meanwhile
		 * when the disk is full, so reads are still answered then.
		 */
		if (xsd_commit(d.x)) {
			evtimer_add(d.retry_timer, &retry_every);
			reap(&d);
			continue;
		}
		flush(&d);
		reap(&d);
	}
	ret = 0;
out:
	teardown(&d);
	if (sigterm)
		event_free(sigterm);
	if (sigint)
		event_free(sigint);
	if (sighup)
		event_free(sighup);
	if (d.base)
		event_base_free(d.base);
	free(d.doms);
	free(d.admit);
	if (d.logf && d.logf != stderr)
		fclose(d.logf);
	xsd_trace_close(d.trace);
	return ret;
}
