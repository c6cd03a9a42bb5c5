/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Pipelined XenStore reads (xs_batch.h) in Xen's wire format: a header
 * (struct xsd_sockmsg: type, req_id, tx_id, len) and the payload.  An
 * error comes back as XS_ERROR carrying the errno's name, which Xen's own
 * table (xsd_errors, <xen/io/xs_wire.h>, the one xenstored-kvm answers
 * from) turns back into the number.
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xenstore.h>
#include <xen/io/xs_wire.h>

#include "fdio.h"
#include "xs_batch.h"

#define HDR sizeof(struct xsd_sockmsg)
#define IN_CAP 65536		/* holds any whole message (16 + 4096) */

struct req {
	uint32_t type;		/* XS_READ or XS_DIRECTORY */
	uint32_t id;		/* its req_id; 0: never sent (err answers) */
	int err;
	size_t off;		/* its message in out */
};

struct xlrt_xsb {
	struct xs_handle *xs;
	int fd;			/* -1: not connected */
	uint32_t next_id;
	int err;		/* an add failed: the next run fails */
	struct req *q;
	size_t nq, capq;
	char *out;		/* the queued requests' messages */
	size_t outlen, outcap;
	struct xlrt_xsb_answer *ans;
	size_t nans;
	struct xlrt_xsb_answer past;	/* what lies beyond the last answer */
	size_t inlen;
	char in[IN_CAP];
};

struct xlrt_xsb *xlrt_xsb_new(struct xs_handle *xs)
{
	struct xlrt_xsb *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->xs = xs;
	b->fd = -1;
	b->past.err = -EINVAL;
	return b;
}

static void answers_free(struct xlrt_xsb *b)
{
	size_t i;

	for (i = 0; i < b->nans; i++)
		free(b->ans[i].val);
	free(b->ans);
	b->ans = NULL;
	b->nans = 0;
	b->past.err = -EINVAL;
}

static void disconnect(struct xlrt_xsb *b)
{
	if (b->fd >= 0)
		close(b->fd);
	b->fd = -1;
	b->inlen = 0;
}

void xlrt_xsb_free(struct xlrt_xsb *b)
{
	if (!b)
		return;
	disconnect(b);
	answers_free(b);
	free(b->q);
	free(b->out);
	free(b);
}

static int add(struct xlrt_xsb *b, uint32_t type, const char *path)
{
	size_t plen = strlen(path) + 1;
	struct xsd_sockmsg h = { .type = type, .len = (uint32_t)plen };
	struct req *r;

	if (b->nq == b->capq) {
		size_t cap = b->capq ? b->capq * 2 : 64;
		struct req *nq = realloc(b->q, cap * sizeof(*nq));

		if (!nq)
			return b->err = -ENOMEM;
		b->q = nq;
		b->capq = cap;
	}
	r = &b->q[b->nq];
	*r = (struct req){ .type = type, .off = b->outlen };
	if (plen > XENSTORE_PAYLOAD_MAX) {
		r->err = -E2BIG;	/* libxenstore's answer; never sent */
		b->nq++;
		return 0;
	}
	if (b->outlen + HDR + plen > b->outcap) {
		size_t cap = b->outcap ? b->outcap : 4096;
		char *no;

		while (cap < b->outlen + HDR + plen)
			cap *= 2;
		no = realloc(b->out, cap);
		if (!no)
			return b->err = -ENOMEM;
		b->out = no;
		b->outcap = cap;
	}
	if (!++b->next_id)	/* 0 marks "not sent" */
		b->next_id = 1;
	r->id = h.req_id = b->next_id;
	memcpy(b->out + b->outlen, &h, HDR);
	memcpy(b->out + b->outlen + HDR, path, plen);
	b->outlen += HDR + plen;
	b->nq++;
	return 0;
}

int xlrt_xsb_read(struct xlrt_xsb *b, const char *path)
{
	return add(b, XS_READ, path);
}

int xlrt_xsb_directory(struct xlrt_xsb *b, const char *path)
{
	return add(b, XS_DIRECTORY, path);
}

struct xlrt_xsb_answer *xlrt_xsb_answer(struct xlrt_xsb *b, size_t i)
{
	return i < b->nans ? &b->ans[i] : &b->past;
}

/* The daemon's error name as a -errno; a name Xen does not know: -EINVAL,
 * as libxenstore says. */
static int error_of(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
		if (strlen(xsd_errors[i].errstring) == strnlen(name, len) &&
		    !strncmp(xsd_errors[i].errstring, name, len))
			return -xsd_errors[i].errnum;
	return -EINVAL;
}

/* NUL-separated names: how many. */
static unsigned int count_names(const char *p, size_t len)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < len; i++)
		n += !p[i];
	return n;
}

static void set_value(struct xlrt_xsb_answer *a, uint32_t type,
		      const char *p, size_t len)
{
	a->val = malloc(len + 1);
	if (!a->val) {
		a->err = -ENOMEM;
		return;
	}
	memcpy(a->val, p, len);
	a->val[len] = '\0';
	a->err = 0;
	/* a directory's reply ends with its last name's NUL */
	a->len = type == XS_DIRECTORY ? count_names(p, len) : (unsigned int)len;
}

/* One request through libxenstore. */
static void ask_handle(struct xs_handle *xs, const struct req *r,
		       const char *path, struct xlrt_xsb_answer *a)
{
	unsigned int len, n, i;
	char **names, *p;
	size_t total = 0;
	void *v;

	errno = 0;
	if (r->type == XS_READ) {
		v = xs_read(xs, XBT_NULL, path, &len);
		if (!v) {
			a->err = errno ? -errno : -EIO;
			return;
		}
		a->val = v;	/* libxenstore adds the NUL */
		a->len = len;
		a->err = 0;
		return;
	}
	names = xs_directory(xs, XBT_NULL, path, &n);
	if (!names) {
		a->err = errno ? -errno : -EIO;
		return;
	}
	for (i = 0; i < n; i++)
		total += strlen(names[i]) + 1;
	a->val = p = malloc(total + 1);
	if (!p) {
		free(names);
		a->err = -ENOMEM;
		return;
	}
	for (i = 0; i < n; i++) {
		size_t l = strlen(names[i]) + 1;

		memcpy(p, names[i], l);
		p += l;
	}
	*p = '\0';
	free(names);
	a->len = n;
	a->err = 0;
}

static const char *path_of(const struct xlrt_xsb *b, const struct req *r)
{
	return b->out + r->off + HDR;
}

/*
 * Where libxenstore would connect; a socket there: connected (0), else
 * -ECONNREFUSED (not a socket, missing, nobody listening).
 */
static int connect_daemon(struct xlrt_xsb *b)
{
	const char *p = getenv("XENSTORED_PATH"), *dir;
	char path[4096];
	struct stat st;

	if (!p) {
		dir = getenv("XENSTORED_RUNDIR");
		if (snprintf(path, sizeof(path), "%s/socket",
			     dir ? dir : "/var/run/xenstored") >=
		    (int)sizeof(path))
			return -ECONNREFUSED;
		p = path;
	}
	if (stat(p, &st) || !S_ISSOCK(st.st_mode))
		return -ECONNREFUSED;
	b->fd = xlrt_unix_connect(p, SOCK_NONBLOCK);
	return b->fd < 0 ? -ECONNREFUSED : 0;
}

/*
 * Take the whole messages in b->in; *next is the first request still
 * waiting for its answer.  0, or -EPROTO for an answer that is not the
 * one due.
 */
static int take_answers(struct xlrt_xsb *b, size_t *next)
{
	size_t used = 0;
	int r = 0;

	while (!r && b->inlen - used >= HDR) {
		struct xsd_sockmsg h;
		const char *body;
		struct req *q;

		memcpy(&h, b->in + used, HDR);
		if (h.len > XENSTORE_PAYLOAD_MAX) {
			r = -EPROTO;
			break;
		}
		if (b->inlen - used < HDR + h.len)
			break;
		body = b->in + used + HDR;
		used += HDR + h.len;
		/* a watch event (we set no watch) or anything else that is no
		 * answer to a READ or DIRECTORY: not ours, ignored */
		if (h.type != XS_READ && h.type != XS_DIRECTORY &&
		    h.type != XS_ERROR)
			continue;
		while (*next < b->nq && !b->q[*next].id)
			(*next)++;
		if (*next == b->nq) {
			r = -EPROTO;	/* an answer to nothing we asked */
			break;
		}
		q = &b->q[*next];
		if (h.req_id != q->id || (h.type != XS_ERROR && h.type != q->type)) {
			r = -EPROTO;
			break;
		}
		if (h.type == XS_ERROR)
			b->ans[*next].err = error_of(body, h.len);
		else
			set_value(&b->ans[*next], h.type, body, h.len);
		(*next)++;
	}
	memmove(b->in, b->in + used, b->inlen - used);
	b->inlen -= used;
	return r;
}

/* Whether request i and those after it still wait for an answer. */
static bool waiting(const struct xlrt_xsb *b, size_t next)
{
	while (next < b->nq && !b->q[next].id)
		next++;
	return next < b->nq;
}

/* Every queued message out, every answer in, together. */
static int exchange(struct xlrt_xsb *b, size_t *next)
{
	size_t sent = 0;
	ssize_t n;
	int r = 0;

	while (!r && waiting(b, *next)) {
		struct pollfd p = { .fd = b->fd, .events = POLLIN };

		if (sent < b->outlen)
			p.events |= POLLOUT;
		if (poll(&p, 1, -1) < 0) {
			if (errno != EINTR)
				r = -errno;
			continue;
		}
		if (sent < b->outlen && (p.revents & POLLOUT)) {
			n = send(b->fd, b->out + sent, b->outlen - sent,
				 MSG_NOSIGNAL | MSG_DONTWAIT);
			if (n > 0)
				sent += (size_t)n;
			else if (n < 0 && errno != EAGAIN && errno != EINTR)
				r = -errno;
		}
		if (r || !(p.revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		n = recv(b->fd, b->in + b->inlen, sizeof(b->in) - b->inlen,
			 MSG_DONTWAIT);
		if (n == 0)
			r = -ECONNRESET;
		else if (n < 0 && errno != EAGAIN && errno != EINTR)
			r = -errno;
		else if (n > 0) {
			b->inlen += (size_t)n;
			r = take_answers(b, next);
		}
	}
	return r;
}

int xlrt_xsb_run(struct xlrt_xsb *b)
{
	size_t i, next = 0;
	int r = b->err;

	answers_free(b);
	if (!r && b->nq) {
		b->ans = calloc(b->nq, sizeof(*b->ans));
		r = b->ans ? 0 : -ENOMEM;
	}
	if (!r && b->nq) {
		b->nans = b->nq;
		for (i = 0; i < b->nq; i++)
			b->ans[i].err = b->q[i].err;
		if (b->fd < 0 && connect_daemon(b) && !b->xs)
			r = -ECONNREFUSED;
		if (!r && b->fd >= 0) {
			r = exchange(b, &next);
			if (r)
				disconnect(b);
		}
		for (i = 0; i < b->nq; i++) {
			struct xlrt_xsb_answer *a = &b->ans[i];
			const struct req *q = &b->q[i];

			if (!q->id)
				continue;
			if (b->fd < 0 && !r)	/* no socket: through xs */
				ask_handle(b->xs, q, path_of(b, q), a);
			else if (i >= next && r)
				a->err = r;
			else if (b->xs && q->type == XS_DIRECTORY &&
				 a->err == -E2BIG)	/* read in parts */
				ask_handle(b->xs, q, path_of(b, q), a);
		}
	}
	if (r)
		b->past.err = r;
	b->nq = 0;
	b->outlen = 0;
	b->err = 0;
	return r;
}
