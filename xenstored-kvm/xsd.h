/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libxsd: the XenStore daemon's core as a library with no sockets. This is
 * its whole public contract, what the daemon, the fuzz target and the unit
 * tests drive; the library's own files share xsd-internal.h.
 *
 * Driving it:
 *   struct xsd_config cfg = { .state_dir = NULL };   NULL: memory only
 *   int err;
 *   struct xsd *x = xsd_new(&cfg, &err);
 *   struct xsd_conn *c = xsd_conn_new(x, 0, true, NULL);   dom0
 *   xsd_conn_input(x, c, bytes, n);     raw wire bytes, any split
 *   xsd_commit(x);                      make journaled writes durable
 *   p = xsd_conn_output(c, &len);       the bytes to send (replies in
 *   xsd_conn_sent(c, n);                request order, watch events
 *                                       interleaved); n of them went out
 *   xsd_conn_free(c); xsd_free(x);
 * A negative return from xsd_conn_input (or xsd_conn_dead()) means: drop
 * this connection with xsd_conn_free(). An event loop feeds bytes as they
 * arrive (xsd_conn_feed) and serves a few requests per client and turn
 * (xsd_conn_process) instead.
 * A reply must not leave the process before xsd_commit() returned 0: that
 * is the durability contract (group commit across everything processed).
 */
#ifndef XSD_H
#define XSD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XSD_DOMID_MAX		0x7ff0	/* DOMID_FIRST_RESERVED */

/* Message types newer than Debian's Xen 4.17 xs_wire.h. */
#define XSD_GET_FEATURE		23
#define XSD_SET_FEATURE		24
#define XSD_GET_QUOTA		25
#define XSD_SET_QUOTA		26
#define XSD_TYPE_MAX		27

enum xsd_quota {
	XSD_Q_NODES,
	XSD_Q_NODE_SIZE,
	XSD_Q_WATCHES,
	XSD_Q_TRANSACTIONS,
	XSD_Q_PERMS,
	XSD_Q_TX_NODES,
	XSD_Q_PATH,
	XSD_Q_OUTSTANDING,
	XSD_Q_MEMORY,
	XSD_Q_COUNT
};

enum { XSD_LOG_ERR, XSD_LOG_WARN, XSD_LOG_INFO, XSD_LOG_DEBUG };

struct xsd;
struct xsd_conn;

struct xsd_config {
	const char *state_dir;		/* NULL: memory-only store */
	long quota[XSD_Q_COUNT];	/* 0 entries: Xen 4.17 default */
	long soft_memory;		/* 0: Xen 4.17 default, 2 MiB */
	int log_level;
	/* -K: a released domain's nodes outside its home go to dom0 */
	bool keep_orphans;
	/* -R: a damaged state file stops the start instead of going aside */
	bool no_recovery;
	void *ctx;
	void (*log)(void *ctx, int level, const char *msg);
	/*
	 * -T: every message as it is handled (out false) or queued (out
	 * true); type is the wire type, data its len payload bytes.
	 */
	void (*trace)(void *ctx, const struct xsd_conn *c, bool out,
		      uint32_t type, const void *data, size_t len);
	void (*introduced)(void *ctx, uint32_t domid);
	void (*released)(void *ctx, uint32_t domid);
	/* c's output went from empty to non-empty, or c must be dropped */
	void (*output)(void *ctx, struct xsd_conn *c);
	/*
	 * Has the peer consumed everything taken from c's output? NULL: what
	 * was marked sent is consumed (the output queue is the transport).
	 */
	bool (*consumed)(void *ctx, struct xsd_conn *c);
};

struct xsd *xsd_new(const struct xsd_config *cfg, int *err);
void xsd_free(struct xsd *x);
int xsd_commit(struct xsd *x);
bool xsd_domain_introduced(struct xsd *x, uint32_t domid);
int xsd_quota_parse(const char *name, enum xsd_quota *q);
const char *xsd_quota_name(enum xsd_quota q);
/* Xen's name of a wire message type ("READ", "WATCH_EVENT"), or NULL. */
const char *xsd_msg_name(uint32_t type);

/* Connections: user is the embedder's, handed back by xsd_conn_user(). */
struct xsd_conn *xsd_conn_new(struct xsd *x, uint32_t domid, bool priv,
			      void *user);
void xsd_conn_free(struct xsd_conn *c);
/* Iterate: first with NULL; NULL after the last. */
struct xsd_conn *xsd_conn_next(struct xsd *x, struct xsd_conn *c);
void *xsd_conn_user(const struct xsd_conn *c);
uint32_t xsd_conn_domid(const struct xsd_conn *c);
bool xsd_conn_priv(const struct xsd_conn *c);
bool xsd_conn_dead(const struct xsd_conn *c);
/* The embedder drops c (why NULL: the peer went away, not worth a log). */
void xsd_conn_kill(struct xsd_conn *c, const char *why);

/* Input: append bytes (0, or -1 if c had to die), bytes not yet handled. */
int xsd_conn_feed(struct xsd_conn *c, const void *buf, size_t len);
size_t xsd_conn_pending(const struct xsd_conn *c);
/* A complete request is buffered (served or held back, see below). */
bool xsd_conn_has_request(const struct xsd_conn *c);
/*
 * Handle up to max complete requests. 1: requests are left (call again);
 * 0: none, or held back until the output drains or the peer catches up
 * with its outstanding replies (call again later); -1: drop c.
 */
int xsd_conn_process(struct xsd *x, struct xsd_conn *c, unsigned max);
/* xsd_conn_feed, then xsd_conn_process until nothing is left. */
int xsd_conn_input(struct xsd *x, struct xsd_conn *c, const void *buf,
		   size_t len);

/* Output: the queued bytes, and how many of them went out. */
const void *xsd_conn_output(const struct xsd_conn *c, size_t *len);
void xsd_conn_sent(struct xsd_conn *c, size_t len);

#endif
