/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The agent's shutdown driver (see shutdown.h).  XenStore messages are built
 * and parsed here: a 16-byte header of native-endian type, request id,
 * transaction id and payload length, then the payload.
 */
#include "tools/agent/shutdown.h"

#include <stdio.h>
#include <string.h>

enum {
	XS_READ = 2,
	XS_WATCH = 4,
	XS_WRITE = 11,
	XS_WATCH_EVENT = 15,
	XS_ERROR = 16,
};

#define SHUTDOWN_NODE	"control/shutdown"
#define WATCH_TOKEN	"xen-kvm-agent"

static const char *const features[] = {
	/* what Linux advertises; "halt" is accepted without being advertised */
	"control/feature-poweroff",
	"control/feature-reboot",
};

const char *power_action_name(enum power_action a)
{
	switch (a) {
	case POWER_OFF: return "poweroff";
	case POWER_REBOOT: return "reboot";
	case POWER_HALT: return "halt";
	default: return "none";
	}
}

static void flush(struct shutdown_drv *d)
{
	if (d->id < 0 || !d->out_len)
		return;
	size_t n = link_write(d->link, (uint32_t)d->id, d->out, d->out_len);

	memmove(d->out, d->out + n, d->out_len - n);
	d->out_len -= n;
}

/* Queue a request whose payload is the concatenation of a and b. */
static uint32_t request(struct shutdown_drv *d, uint32_t type,
			const void *a, size_t alen, const void *b, size_t blen)
{
	uint32_t hdr[4] = { type, ++d->next_req, 0, (uint32_t)(alen + blen) };

	if (d->out_len + sizeof(hdr) + alen + blen > sizeof(d->out)) {
		fprintf(stderr, "xen-kvm-agent: shutdown driver queue full\n");
		return 0;
	}
	memcpy(d->out + d->out_len, hdr, sizeof(hdr));
	memcpy(d->out + d->out_len + sizeof(hdr), a, alen);
	if (blen)
		memcpy(d->out + d->out_len + sizeof(hdr) + alen, b, blen);
	d->out_len += sizeof(hdr) + alen + blen;
	flush(d);
	return hdr[1];
}

/* A write: the path with its NUL, then the value without one. */
static uint32_t xs_write(struct shutdown_drv *d, const char *path, const char *val)
{
	return request(d, XS_WRITE, path, strlen(path) + 1, val, strlen(val));
}

void shutdown_init(struct shutdown_drv *d, struct link *l)
{
	memset(d, 0, sizeof(*d));
	d->link = l;
	d->id = -1;
}

void shutdown_link_up(struct shutdown_drv *d)
{
	d->in_len = d->out_len = 0;
	d->next_req = d->ack_req = 0;
	d->pending = POWER_NONE;
	d->id = link_open(d->link, "xenstore");
	if (d->id < 0)
		fprintf(stderr, "xen-kvm-agent: cannot open the shutdown stream\n");
}

int64_t shutdown_stream(const struct shutdown_drv *d)
{
	return d->id;
}

void shutdown_accepted(struct shutdown_drv *d)
{
	static const char watch[] = SHUTDOWN_NODE "\0" WATCH_TOKEN;

	for (size_t i = 0; i < sizeof(features) / sizeof(features[0]); i++)
		xs_write(d, features[i], "1");
	request(d, XS_WATCH, watch, sizeof(watch), NULL, 0);
}

static enum power_action parse_action(const char *v, size_t n)
{
	static const struct { const char *name; enum power_action a; } map[] = {
		{ "poweroff", POWER_OFF }, { "reboot", POWER_REBOOT },
		{ "halt", POWER_HALT },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strlen(map[i].name) == n && !memcmp(map[i].name, v, n))
			return map[i].a;
	return POWER_NONE;
}

static void on_message(struct shutdown_drv *d, uint32_t type, uint32_t req,
		       const char *body, size_t len)
{
	if (type == XS_WATCH_EVENT) {
		request(d, XS_READ, SHUTDOWN_NODE, sizeof(SHUTDOWN_NODE), NULL, 0);
		return;
	}
	if (type == XS_ERROR) {
		if (req <= sizeof(features) / sizeof(features[0]))
			fprintf(stderr, "xen-kvm-agent: cannot advertise %s: %.*s\n",
				features[req - 1], (int)len, body);
		if (req == d->ack_req && d->pending != POWER_NONE)
			d->act = d->pending;	/* act even if the ack failed */
		return;
	}
	if (type == XS_READ) {
		enum power_action a = parse_action(body, len);

		if (a == POWER_NONE || d->pending != POWER_NONE)
			return;
		d->pending = a;
		d->ack_req = xs_write(d, SHUTDOWN_NODE, "");
		if (!d->ack_req)
			d->act = a;
		return;
	}
	if (type == XS_WRITE && req == d->ack_req && d->pending != POWER_NONE)
		d->act = d->pending;
}

void shutdown_readable(struct shutdown_drv *d)
{
	const void *p;
	size_t n;

	while (d->id >= 0 && (n = link_peek(d->link, (uint32_t)d->id, &p))) {
		size_t room = sizeof(d->in) - d->in_len;

		if (n > room)
			n = room;
		memcpy(d->in + d->in_len, p, n);
		d->in_len += n;
		link_consume(d->link, (uint32_t)d->id, n);
		while (d->in_len >= XS_HDR_LEN) {
			uint32_t h[4];

			memcpy(h, d->in, sizeof(h));
			if (h[3] > XS_PAYLOAD_MAX) {
				fprintf(stderr, "xen-kvm-agent: oversized XenStore reply\n");
				link_close(d->link, (uint32_t)d->id);
				d->id = -1;
				return;
			}
			size_t total = XS_HDR_LEN + h[3];

			if (d->in_len < total)
				break;
			on_message(d, h[0], h[1], (const char *)d->in + XS_HDR_LEN, h[3]);
			memmove(d->in, d->in + total, d->in_len - total);
			d->in_len -= total;
		}
	}
}

void shutdown_writable(struct shutdown_drv *d)
{
	flush(d);
}

void shutdown_closed(struct shutdown_drv *d)
{
	if (d->id >= 0)
		link_close(d->link, (uint32_t)d->id);
	d->id = -1;
}

enum power_action shutdown_take_action(struct shutdown_drv *d)
{
	enum power_action a = d->act;

	d->act = POWER_NONE;
	if (a != POWER_NONE)
		d->pending = POWER_NONE;
	return a;
}
