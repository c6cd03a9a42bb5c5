/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The agent's XenStore client (see xsclient.h).  A message is a 16-byte
 * header of native-endian type, request id, transaction id and payload
 * length, then the payload.
 */
#include "tools/agent/xsclient.h"

#include <stdio.h>
#include <string.h>

static const char *type_name(uint32_t type)
{
	switch (type) {
	case XS_DIRECTORY: return "directory";
	case XS_READ: return "read";
	case XS_WATCH: return "watch";
	case XS_WRITE: return "write";
	case XS_RM: return "rm";
	default: return "request";
	}
}

static void forget_session(struct xsc *c)
{
	c->ready = false;
	c->in_len = c->out_len = 0;
	memset(c->pending, 0, sizeof(c->pending));
}

void xsc_init(struct xsc *c, struct link *l)
{
	memset(c, 0, sizeof(*c));
	c->link = l;
	c->id = -1;
}

void xsc_link_up(struct xsc *c)
{
	forget_session(c);
	c->id = link_open(c->link, "xenstore");
	if (c->id < 0)
		fprintf(stderr, "xen-kvm-agent: cannot open the agent's XenStore stream\n");
}

int64_t xsc_stream(const struct xsc *c)
{
	return c->id;
}

bool xsc_ready(const struct xsc *c)
{
	return c->ready;
}

void xsc_accepted(struct xsc *c)
{
	c->ready = true;
}

static void flush(struct xsc *c)
{
	if (!c->ready || !c->out_len)
		return;
	size_t n = link_write(c->link, (uint32_t)c->id, c->out, c->out_len);

	memmove(c->out, c->out + n, c->out_len - n);
	c->out_len -= n;
}

static struct xsc_pending *free_slot(struct xsc *c)
{
	for (unsigned i = 0; i < XSC_PENDING; i++)
		if (!c->pending[i].req)
			return &c->pending[i];
	return NULL;
}

/* Queue a request whose payload is the path with its NUL, then tail. */
static uint32_t request(struct xsc *c, uint32_t type, const char *path,
			const void *tail, size_t tlen, xsc_reply_fn *fn, void *ctx)
{
	size_t plen = strlen(path) + 1;
	struct xsc_pending *s = free_slot(c);
	uint32_t hdr[4] = { type, 0, 0, (uint32_t)(plen + tlen) };

	if (!c->ready || !s || plen + tlen > XS_PAYLOAD_MAX ||
	    c->out_len + sizeof(hdr) + plen + tlen > sizeof(c->out)) {
		fprintf(stderr, "xen-kvm-agent: cannot send XenStore %s %s: %s\n",
			type_name(type), path,
			c->ready ? "queue full or request too long" : "no stream");
		return 0;
	}
	if (!++c->next_req)	/* 0 means "not sent" */
		c->next_req = 1;
	hdr[1] = c->next_req;
	memcpy(c->out + c->out_len, hdr, sizeof(hdr));
	memcpy(c->out + c->out_len + sizeof(hdr), path, plen);
	if (tlen)
		memcpy(c->out + c->out_len + sizeof(hdr) + plen, tail, tlen);
	c->out_len += sizeof(hdr) + plen + tlen;
	*s = (struct xsc_pending){ .req = hdr[1], .type = type, .fn = fn, .ctx = ctx };
	snprintf(s->path, sizeof(s->path), "%s", path);
	flush(c);
	return hdr[1];
}

uint32_t xsc_read(struct xsc *c, const char *path, xsc_reply_fn *fn, void *ctx)
{
	return request(c, XS_READ, path, NULL, 0, fn, ctx);
}

uint32_t xsc_directory(struct xsc *c, const char *path, xsc_reply_fn *fn, void *ctx)
{
	return request(c, XS_DIRECTORY, path, NULL, 0, fn, ctx);
}

/* The value goes without a NUL. */
uint32_t xsc_write(struct xsc *c, const char *path, const char *val,
		   xsc_reply_fn *fn, void *ctx)
{
	return request(c, XS_WRITE, path, val, strlen(val), fn, ctx);
}

uint32_t xsc_rm(struct xsc *c, const char *path)
{
	return request(c, XS_RM, path, NULL, 0, NULL, NULL);
}

uint32_t xsc_watch(struct xsc *c, const char *path, const char *token,
		   xsc_event_fn *fn, void *ctx)
{
	c->event_fn = fn;
	c->event_ctx = ctx;
	return request(c, XS_WATCH, path, token, strlen(token) + 1, NULL, NULL);
}

static void on_message(struct xsc *c, uint32_t type, uint32_t req,
		       const char *body, size_t len)
{
	if (type == XS_WATCH_EVENT) {
		if (c->event_fn)
			c->event_fn(c->event_ctx, body, len);
		return;
	}
	for (unsigned i = 0; i < XSC_PENDING; i++) {
		struct xsc_pending s = c->pending[i];

		if (s.req != req)
			continue;
		c->pending[i].req = 0;
		if (s.fn)
			s.fn(s.ctx, type, body, len);
		else if (type == XS_ERROR &&
			 !(s.type == XS_RM && len >= 6 && !memcmp(body, "ENOENT", 6)))
			fprintf(stderr, "xen-kvm-agent: XenStore %s %s: %.*s\n",
				type_name(s.type), s.path, (int)len, body);
		return;
	}
}

void xsc_readable(struct xsc *c)
{
	const void *p;
	size_t n;

	while (c->id >= 0 && (n = link_peek(c->link, (uint32_t)c->id, &p))) {
		size_t room = sizeof(c->in) - c->in_len;

		if (n > room)
			n = room;
		memcpy(c->in + c->in_len, p, n);
		c->in_len += n;
		link_consume(c->link, (uint32_t)c->id, n);
		while (c->id >= 0 && c->in_len >= XS_HDR_LEN) {
			uint32_t h[4];

			memcpy(h, c->in, sizeof(h));
			if (h[3] > XS_PAYLOAD_MAX) {
				fprintf(stderr, "xen-kvm-agent: oversized XenStore reply\n");
				xsc_closed(c);
				return;
			}
			size_t total = XS_HDR_LEN + h[3];

			if (c->in_len < total)
				break;
			on_message(c, h[0], h[1], (const char *)c->in + XS_HDR_LEN, h[3]);
			memmove(c->in, c->in + total, c->in_len - total);
			c->in_len -= total;
		}
	}
}

void xsc_writable(struct xsc *c)
{
	flush(c);
}

void xsc_closed(struct xsc *c)
{
	if (c->id >= 0)
		link_close(c->link, (uint32_t)c->id);
	c->id = -1;
	forget_session(c);
}
