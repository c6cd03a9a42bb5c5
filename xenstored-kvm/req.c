/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every request handler uses: replies and error replies, queued on
 * the connection's output; splitting the payload into arguments; path
 * canonicalisation with its length limits; domid syntax; the caller's
 * access to a permission set; dropping a connection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xsd-internal.h"

int xsd_send(struct xsd_conn *c, uint32_t type, uint32_t req_id,
	     uint32_t tx_id, const void *data, size_t len)
{
	struct xsd_sockmsg h = { type, req_id, tx_id, len };
	bool was_empty = !xsd_buf_used(&c->out);

	if (xsd_buf_add(&c->out, &h, sizeof(h)) ||
	    xsd_buf_add(&c->out, data, len)) {
		xsd_mark_dead(c, "out of memory for output");
		return ENOMEM;
	}
	if (c->x->cfg.trace)
		c->x->cfg.trace(c->x->cfg.ctx, c, true, type, data, len);
	/* Xen counts replies, not events, as outstanding. */
	if (type != XS_WATCH_EVENT)
		c->outstanding++;
	if (was_empty && c->x->cfg.output)
		c->x->cfg.output(c->x->cfg.ctx, c);
	return 0;
}

int xsd_reply(struct xsd_req *r, const void *data, size_t len)
{
	return xsd_send(r->c, r->hdr.type, r->hdr.req_id, r->hdr.tx_id, data,
			len);
}

int xsd_reply_str(struct xsd_req *r, const char *s)
{
	return xsd_reply(r, s, strlen(s) + 1);
}

/* An ERROR reply carries Xen's name of the errno. */
void xsd_reply_error(struct xsd_req *r, int err)
{
	const char *name = "EINVAL";
	size_t i;

	for (i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++) {
		if (xsd_errors[i].errnum == err) {
			name = xsd_errors[i].errstring;
			break;
		}
	}
	xsd_send(r->c, XS_ERROR, r->hdr.req_id, r->hdr.tx_id, name,
		 strlen(name) + 1);
}

/* Split the payload into up to n NUL-terminated strings; returns count. */
int xsd_args(const struct xsd_req *r, const char **v, int n)
{
	const char *p = r->payload, *end = p + r->hdr.len;
	int i = 0;

	while (i < n && p < end) {
		size_t len = strnlen(p, end - p);

		if (p + len == end)
			break;	/* unterminated */
		v[i++] = p;
		p += len + 1;
	}
	return i;
}

int xsd_parse_domid(const char *s, uint32_t *domid)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v >= XSD_DOMID_MAX)
		return EINVAL;
	*domid = v;
	return 0;
}

/* Length of a "/local/domain/<N>/" prefix of path, 0 if it has none. */
static size_t domain_prefix_len(const char *path)
{
	static const char pre[] = "/local/domain/";
	size_t n = sizeof(pre) - 1, d = 0;

	if (strncmp(path, pre, n))
		return 0;
	while (path[n + d] >= '0' && path[n + d] <= '9')
		d++;
	return d && path[n + d] == '/' ? n + d + 1 : 0;
}

/*
 * Absolute, or relative to the caller's home. Lengths are checked before
 * the prefix is added (XSA-323); the path-length quota counts, for
 * unprivileged callers, what follows "/local/domain/<N>/" for any N, as
 * Xen 4.17 does.
 */
int xsd_canon(const struct xsd_req *r, const char *in, char *out)
{
	size_t len = strlen(in);
	int plen;

	if (in[0] == '@')
		return EINVAL;	/* special names are never nodes */
	if (in[0] == '/') {
		if (len > XENSTORE_ABS_PATH_MAX)
			return EINVAL;
		memcpy(out, in, len + 1);
	} else {
		if (len > XENSTORE_REL_PATH_MAX || !len)
			return EINVAL;
		plen = snprintf(out, XENSTORE_ABS_PATH_MAX + 1,
				"/local/domain/%u/%s", r->c->domid, in);
		if (plen > XENSTORE_ABS_PATH_MAX)
			return EINVAL;
	}
	if (!xsd_path_valid(out))
		return EINVAL;
	if (!r->c->priv &&
	    xsd_quota_hit(r->c, XSD_Q_PATH,
			  (long)(strlen(out) - domain_prefix_len(out))))
		return EINVAL;
	return 0;
}

unsigned xsd_conn_perm(const struct xsd_conn *c, const struct xsd_perms *p)
{
	return xsd_perm_for(p, c->priv, c->domid, c->dom->has_target,
			    c->dom->target);
}

void xsd_mark_dead(struct xsd_conn *c, const char *why)
{
	if (c->dead)
		return;
	c->dead = true;
	if (why)
		xsd_log(c->x, XSD_LOG_INFO,
			"dropping connection of domain %u: %s", c->domid, why);
	if (c->x->cfg.output)
		c->x->cfg.output(c->x->cfg.ctx, c);
}
