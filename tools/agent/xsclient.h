/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The agent's own tiny XenStore client: one `xenstore` link stream shared by
 * the shutdown driver and the guest-info publisher.  Requests are queued
 * without waiting; each reply goes to the callback its request named, in the
 * order the daemon answers.  Paths are relative to the domain's home, as the
 * host decides who the guest is.
 */
#ifndef XEN_KVM_XSCLIENT_H
#define XEN_KVM_XSCLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tools/agent/link.h"

#define XS_HDR_LEN	16u
#define XS_PAYLOAD_MAX	4096u
#define XSC_PENDING	128u	/* requests awaiting their reply */
#define XSC_PATH_LOG	48u	/* bytes of a path kept to name it in errors */

enum xs_type {
	XS_DIRECTORY = 1,
	XS_READ = 2,
	XS_WATCH = 4,
	XS_WRITE = 11,
	XS_RM = 13,
	XS_WATCH_EVENT = 15,
	XS_ERROR = 16,
};

/* A reply: its type (XS_ERROR with the errno name as body on failure). */
typedef void xsc_reply_fn(void *ctx, uint32_t type, const char *body, size_t len);
/* A watch fired: the body is the path and the token, each NUL-terminated. */
typedef void xsc_event_fn(void *ctx, const char *body, size_t len);

struct xsc {
	struct link *link;
	int64_t id;			/* our stream, -1 when none */
	bool ready;			/* the host accepted the stream */
	uint32_t next_req;
	struct xsc_pending {
		uint32_t req;		/* 0: slot free */
		uint32_t type;
		xsc_reply_fn *fn;	/* NULL: only log an error */
		void *ctx;
		char path[XSC_PATH_LOG];
	} pending[XSC_PENDING];
	xsc_event_fn *event_fn;		/* the one watch's handler */
	void *event_ctx;
	uint8_t in[XS_HDR_LEN + XS_PAYLOAD_MAX];
	size_t in_len;
	uint8_t out[16384];		/* requests the link has no credit for yet */
	size_t out_len;
};

void xsc_init(struct xsc *c, struct link *l);
/* The link is up: forget the last session, open our stream. */
void xsc_link_up(struct xsc *c);
/* Our stream id, or -1. */
int64_t xsc_stream(const struct xsc *c);
/* Whether requests can be sent (the stream is open and accepted). */
bool xsc_ready(const struct xsc *c);
/* Link callbacks for our stream. */
void xsc_accepted(struct xsc *c);
void xsc_readable(struct xsc *c);
void xsc_writable(struct xsc *c);
void xsc_closed(struct xsc *c);

/*
 * Requests: the request id, or 0 (logged) when the queue is full or the
 * stream is not ready.  fn, when given, gets the reply, errors included.
 */
uint32_t xsc_read(struct xsc *c, const char *path, xsc_reply_fn *fn, void *ctx);
uint32_t xsc_directory(struct xsc *c, const char *path, xsc_reply_fn *fn, void *ctx);
uint32_t xsc_write(struct xsc *c, const char *path, const char *val,
		   xsc_reply_fn *fn, void *ctx);
/* Removes path and everything below it; a missing path is no error. */
uint32_t xsc_rm(struct xsc *c, const char *path);
/* The client's one watch: events go to fn. */
uint32_t xsc_watch(struct xsc *c, const char *path, const char *token,
		   xsc_event_fn *fn, void *ctx);

#endif
