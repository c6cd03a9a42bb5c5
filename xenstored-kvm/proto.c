/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The wire protocol: framing of a connection's byte stream into messages,
 * the dispatch table (which requests are privileged, which honour tx_id)
 * with Xen's names of the message types, and the outstanding-replies
 * quota that holds a connection back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xsd-internal.h"

#define F_PRIV	1	/* privileged connections only */
#define F_TX	2	/* operates inside the transaction named by tx_id */
#define F_CHANGE 4	/* may change the store (outside a transaction) */

static const struct {
	int (*fn)(struct xsd_req *r);
	unsigned flags;
	const char *name;
} handlers[XSD_TYPE_MAX] = {
	/* Named for traces only: never a request here. */
	[XS_WATCH_EVENT] = { NULL, 0, "WATCH_EVENT" },
	[XS_ERROR] = { NULL, 0, "ERROR" },
	[XS_CONTROL] = { xsd_do_control, F_PRIV, "CONTROL" },
	[XS_DIRECTORY] = { xsd_do_directory, F_TX, "DIRECTORY" },
	[XS_READ] = { xsd_do_read, F_TX, "READ" },
	[XS_GET_PERMS] = { xsd_do_get_perms, F_TX, "GET_PERMS" },
	[XS_WATCH] = { xsd_do_watch, 0, "WATCH" },
	[XS_UNWATCH] = { xsd_do_unwatch, 0, "UNWATCH" },
	[XS_TRANSACTION_START] = { xsd_do_tx_start, 0, "TRANSACTION_START" },
	[XS_TRANSACTION_END] = { xsd_do_tx_end, F_TX, "TRANSACTION_END" },
	[XS_INTRODUCE] = { xsd_do_introduce, F_PRIV | F_CHANGE, "INTRODUCE" },
	[XS_RELEASE] = { xsd_do_release, F_PRIV | F_CHANGE, "RELEASE" },
	[XS_GET_DOMAIN_PATH] = { xsd_do_get_domain_path, 0, "GET_DOMAIN_PATH" },
	[XS_WRITE] = { xsd_do_write, F_TX | F_CHANGE, "WRITE" },
	[XS_MKDIR] = { xsd_do_mkdir, F_TX | F_CHANGE, "MKDIR" },
	[XS_RM] = { xsd_do_rm, F_TX | F_CHANGE, "RM" },
	[XS_SET_PERMS] = { xsd_do_set_perms, F_TX | F_CHANGE, "SET_PERMS" },
	[XS_IS_DOMAIN_INTRODUCED] = { xsd_do_is_introduced, F_PRIV,
				      "IS_DOMAIN_INTRODUCED" },
	[XS_RESUME] = { xsd_do_resume, F_PRIV, "RESUME" },
	[XS_SET_TARGET] = { xsd_do_set_target, F_PRIV | F_CHANGE,
			    "SET_TARGET" },
	[XS_RESET_WATCHES] = { xsd_do_reset_watches, 0, "RESET_WATCHES" },
	[XS_DIRECTORY_PART] = { xsd_do_directory_part, F_TX, "DIRECTORY_PART" },
	[XSD_GET_FEATURE] = { xsd_do_get_feature, 0, "GET_FEATURE" },
	[XSD_SET_FEATURE] = { xsd_do_set_feature, F_PRIV | F_CHANGE,
			      "SET_FEATURE" },
	[XSD_GET_QUOTA] = { xsd_do_get_quota, F_PRIV, "GET_QUOTA" },
	[XSD_SET_QUOTA] = { xsd_do_set_quota, F_PRIV | F_CHANGE, "SET_QUOTA" },
};

const char *xsd_msg_name(uint32_t type)
{
	return type < XSD_TYPE_MAX ? handlers[type].name : NULL;
}

static void handle(struct xsd *x, struct xsd_conn *c,
		   const struct xsd_sockmsg *h, const char *payload)
{
	char buf[XENSTORE_PAYLOAD_MAX + 1];
	struct xsd_req r = { x, c, NULL, *h, buf };
	int err;

	memcpy(buf, payload, h->len);
	buf[h->len] = '\0';
	if (x->cfg.trace)
		x->cfg.trace(x->cfg.ctx, c, false, h->type, buf, h->len);
	if (h->type >= XSD_TYPE_MAX || !handlers[h->type].fn) {
		err = ENOSYS;
	} else if ((handlers[h->type].flags & F_PRIV) && !c->priv) {
		err = EACCES;
	} else {
		err = 0;
		if ((handlers[h->type].flags & F_TX) && h->tx_id) {
			r.tx = xsd_tx_find(c, h->tx_id);
			if (!r.tx)
				err = ENOENT;
		}
		/* Refused before anything is applied if it cannot be durable. */
		if (!err && !r.tx && (handlers[h->type].flags & F_CHANGE))
			err = xsd_db_room(x);
		if (!err)
			err = handlers[h->type].fn(&r);
		if (x->cfg.log_level >= XSD_LOG_DEBUG)
			xsd_log(x, XSD_LOG_DEBUG, "dom%u %s %.64s -> %s",
				c->domid, handlers[h->type].name, buf,
				err ? strerror(err) : "ok");
	}
	if (err)
		xsd_reply_error(&r, err);
	xsd_db_end_request(x);
}

/* Replies the peer has consumed are no longer outstanding. */
static void refresh_outstanding(struct xsd *x, struct xsd_conn *c)
{
	if (!c->outstanding || xsd_buf_used(&c->out) ||
	    (x->cfg.consumed && !x->cfg.consumed(x->cfg.ctx, c)))
		return;
	c->outstanding = 0;
}

/*
 * The outstanding-requests quota, per connection: a connection with that
 * many replies not consumed is not served until it catches up. Xen counts
 * per domain because a domain has one ring, and the guest kernel's xenbus
 * driver drains that ring into per-process buffers, so one process that
 * stops reading never stalls the others. Here every guest process has its
 * own connection (the guest link opens one per client), so counting per
 * connection is what keeps that property.
 */
static bool outstanding_full(struct xsd *x, struct xsd_conn *c)
{
	if (!xsd_quota_hit(c, XSD_Q_OUTSTANDING, c->outstanding + 1))
		return false;
	refresh_outstanding(x, c);
	return xsd_quota_hit(c, XSD_Q_OUTSTANDING, c->outstanding + 1);
}

/* See xsd.h; 1 is how the daemon round-robins between clients. */
int xsd_conn_process(struct xsd *x, struct xsd_conn *c, unsigned max)
{
	struct xsd_sockmsg h;
	/* Stop reading while our replies are not being read. */
	const size_t out_pause = 64 * 1024;

	if (!c->priv)
		refresh_outstanding(x, c);
	while (!c->dead) {
		size_t avail = xsd_buf_used(&c->in);

		if (avail < sizeof(h))
			return 0;
		memcpy(&h, xsd_buf_head(&c->in), sizeof(h));
		if (h.len > XENSTORE_PAYLOAD_MAX) {
			xsd_mark_dead(c, "oversized message");
			break;
		}
		if (avail < sizeof(h) + h.len)
			return 0;
		if (xsd_buf_used(&c->out) >= out_pause)
			return 0;	/* resumed once the output drains */
		if (!c->priv && (outstanding_full(x, c) ||
				 xsd_wrl_blocked(x, c)))
			return 0;
		if (!max--)
			return 1;
		handle(x, c, &h, xsd_buf_head(&c->in) + sizeof(h));
		xsd_buf_consume(&c->in, sizeof(h) + h.len);
	}
	return -1;
}

int xsd_conn_feed(struct xsd_conn *c, const void *buf, size_t len)
{
	if (!xsd_buf_add(&c->in, buf, len))
		return 0;
	xsd_mark_dead(c, "out of memory for input");
	return -1;
}

size_t xsd_conn_pending(const struct xsd_conn *c)
{
	return xsd_buf_used(&c->in);
}

bool xsd_conn_has_request(const struct xsd_conn *c)
{
	struct xsd_sockmsg h;

	if (xsd_buf_used(&c->in) < sizeof(h))
		return false;
	memcpy(&h, xsd_buf_head(&c->in), sizeof(h));
	return xsd_buf_used(&c->in) >= sizeof(h) + h.len;
}

int xsd_conn_input(struct xsd *x, struct xsd_conn *c, const void *buf,
		   size_t len)
{
	int ret;

	if (xsd_conn_feed(c, buf, len))
		return -1;
	do
		ret = xsd_conn_process(x, c, 64);
	while (ret > 0);
	return ret;
}
