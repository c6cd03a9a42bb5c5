/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Domains: the table of per-domain state (introduced or not, target,
 * features, what it owns, its quota overrides) and the requests that manage
 * it, GET/SET_QUOTA included. Releasing a domain removes its home
 * directory, the nodes it owns elsewhere (with -K they go to dom0 instead)
 * and every trace of it in the permissions of the remaining nodes, so a
 * reused domid inherits nothing (XSA-322/417/419).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xsd-internal.h"

struct xsd_domain *xsd_domain_get(struct xsd *x, uint32_t domid)
{
	struct xsd_domain *d;
	int i;

	if (domid >= XSD_DOMID_MAX)
		return NULL;
	d = x->dom[domid];
	if (d)
		return d;
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->domid = domid;
	for (i = 0; i < XSD_Q_COUNT; i++)
		d->quota[i] = -1;
	x->dom[domid] = d;
	return d;
}

/*
 * Xen's soft memory quota only logs, on crossing it either way and at most
 * every 10 s per domain.
 */
static void soft_quota(struct xsd *x, struct xsd_domain *d)
{
	bool over = d->bytes + d->txbytes >= x->cfg.soft_memory;
	struct timespec ts;

	if (over == d->soft_reported || !d->domid)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (d->soft_msg && ts.tv_sec - d->soft_msg < 10)
		return;
	d->soft_msg = ts.tv_sec;
	d->soft_reported = over;
	xsd_log(x, over ? XSD_LOG_WARN : XSD_LOG_INFO,
		"domain %u %s soft memory quota", d->domid,
		over ? "exceeds" : "is below its");
}

void xsd_acct(void *ctx, uint32_t owner, int nodes, long bytes)
{
	struct xsd_domain *d = xsd_domain_get(ctx, owner);

	if (d) {
		d->nodes += nodes;
		d->bytes += bytes;
		soft_quota(ctx, d);
	}
}

bool xsd_domain_introduced(struct xsd *x, uint32_t domid)
{
	return domid < XSD_DOMID_MAX && x->dom[domid] &&
	       x->dom[domid]->introduced;
}

int xsd_domain_introduce(struct xsd *x, uint32_t domid)
{
	struct xsd_domain *d = xsd_domain_get(x, domid);

	if (!d)
		return ENOMEM;
	if (d->introduced)
		return 0;
	d->introduced = true;
	xsd_wrl_domain_new(x, d);
	xsd_db_domain_changed(x, domid);
	xsd_log(x, XSD_LOG_INFO, "domain %u introduced", domid);
	xsd_fire(x, "@introduceDomain", true, NULL);
	if (x->cfg.introduced)
		x->cfg.introduced(x->cfg.ctx, domid);
	return 0;
}

/* op without domid: its ownership goes to dom0. NULL if unchanged. */
static struct xsd_perms *without(struct xsd *x, const struct xsd_perms *op,
				 uint32_t domid)
{
	struct xsd_perm p[op->num];
	uint32_t i, num = 1;
	bool hit = op->p[0].domid == domid;

	p[0] = op->p[0];
	if (hit)
		p[0].domid = 0;
	for (i = 1; i < op->num; i++) {
		if (op->p[i].domid == domid)
			hit = true;
		else
			p[num++] = op->p[i];
	}
	return hit ? xsd_perms_intern(&x->store, p, num) : NULL;
}

/*
 * Give the domain's nodes to dom0 and drop it from every ACL. The special
 * nodes' sets go first, so that what names the domain afterwards is a
 * node's set or a transaction's copy: usually its home went and nothing
 * else names it, and then there is no tree walk (the store counts, per
 * domid, the interned sets that name it).
 */
static void forget_domain(struct xsd *x, uint32_t domid)
{
	struct xsd_perms *np;
	struct xsd_node *n;
	int i;

	for (i = 0; i < 2; i++) {
		np = without(x, x->special[i], domid);
		if (np)
			xsd_db_set_special(x, i, np);
	}
	n = xsd_perms_name(&x->store, domid) ? x->store.root : NULL;
	for (; n; n = xsd_node_walk_next(x->store.root, n)) {
		np = without(x, n->perms, domid);
		if (!np)
			continue;
		xsd_db_set_perms(x, n, np);
		xsd_perms_put(&x->store, np);
	}
}

/* The first node after n's subtree in a walk of top, NULL at the end. */
static struct xsd_node *after_subtree(const struct xsd_node *top,
				      const struct xsd_node *n)
{
	while (n != top && !n->next)
		n = n->parent;
	return n == top ? NULL : n->next;
}

/*
 * What the released domain still owns outside its home (nodes it made
 * where others let it write) is deleted with everything below it, as Xen
 * 4.17 does; with -K (keep_orphans) forget_domain gives it to dom0.
 */
static void remove_orphans(struct xsd *x, struct xsd_domain *d)
{
	struct xsd_node *top = x->store.root, *n = top, *next;
	char path[XENSTORE_ABS_PATH_MAX + 1];

	while (n && d->nodes > 0) {
		if (n->perms->p[0].domid != d->domid) {
			n = xsd_node_walk_next(top, n);
			continue;
		}
		next = after_subtree(top, n);
		xsd_node_path(n, path, sizeof(path));
		xsd_log(x, XSD_LOG_INFO, "orphaned node %s of domain %u "
			"deleted", path, d->domid);
		xsd_db_remove(x, n, true);
		n = next;
	}
}

void xsd_domain_release(struct xsd *x, uint32_t domid)
{
	struct xsd_domain *d = x->dom[domid];
	char path[32];
	struct xsd_node *n;
	struct xsd_conn *c;
	int i;

	d->introduced = false;
	xsd_wrl_domain_gone(x, d);
	d->has_target = false;
	d->features = 0;
	for (i = 0; i < XSD_Q_COUNT; i++)
		d->quota[i] = -1;
	for (c = d->conns; c; c = c->dnext)
		xsd_mark_dead(c, "domain released");
	snprintf(path, sizeof(path), "/local/domain/%u", domid);
	n = xsd_node_lookup(&x->store, path);
	if (n)
		xsd_db_remove(x, n, true);
	if (!x->cfg.keep_orphans)
		remove_orphans(x, d);
	forget_domain(x, domid);
	xsd_db_domain_changed(x, domid);
	xsd_log(x, XSD_LOG_INFO, "domain %u released", domid);
	xsd_fire(x, "@releaseDomain", true, NULL);
	if (x->cfg.released)
		x->cfg.released(x->cfg.ctx, domid);
}

static int one_domid(struct xsd_req *r, uint32_t *domid)
{
	const char *v[1];

	if (xsd_args(r, v, 1) < 1)
		return EINVAL;
	return xsd_parse_domid(v[0], domid);
}

int xsd_do_introduce(struct xsd_req *r)
{
	const char *v[3];
	uint32_t domid;
	int err;

	/* mfn and event channel mean nothing here; accepted as Xen does. */
	if (xsd_args(r, v, 3) < 3)
		return EINVAL;
	err = xsd_parse_domid(v[0], &domid);
	if (!err && !domid)
		err = EINVAL;
	if (!err)
		err = xsd_domain_introduce(r->x, domid);
	return err ? err : xsd_reply_str(r, "OK");
}

int xsd_do_release(struct xsd_req *r)
{
	uint32_t domid;
	int err = one_domid(r, &domid);

	if (err)
		return err;
	if (!xsd_domain_introduced(r->x, domid))
		return ENOENT;
	xsd_domain_release(r->x, domid);
	return xsd_reply_str(r, "OK");
}

int xsd_do_get_domain_path(struct xsd_req *r)
{
	char buf[32];
	uint32_t domid;
	int err = one_domid(r, &domid);

	if (err)
		return err;
	snprintf(buf, sizeof(buf), "/local/domain/%u", domid);
	return xsd_reply(r, buf, strlen(buf) + 1);
}

int xsd_do_is_introduced(struct xsd_req *r)
{
	uint32_t domid;
	int err = one_domid(r, &domid);

	if (err)
		return err;
	return xsd_reply_str(r, !domid || xsd_domain_introduced(r->x, domid)
				? "T" : "F");
}

int xsd_do_resume(struct xsd_req *r)
{
	uint32_t domid;
	int err = one_domid(r, &domid);

	if (err)
		return err;
	if (!xsd_domain_introduced(r->x, domid))
		return ENOENT;
	return xsd_reply_str(r, "OK");
}

int xsd_do_set_target(struct xsd_req *r)
{
	const char *v[2];
	uint32_t domid, target;
	struct xsd_domain *d;
	int err;

	if (xsd_args(r, v, 2) < 2)
		return EINVAL;
	err = xsd_parse_domid(v[0], &domid);
	if (!err)
		err = xsd_parse_domid(v[1], &target);
	if (err)
		return err;
	if (!xsd_domain_introduced(r->x, domid))
		return ENOENT;
	d = r->x->dom[domid];
	d->has_target = true;
	d->target = target;
	xsd_db_domain_changed(r->x, domid);
	return xsd_reply_str(r, "OK");
}

/* Features a domain may ask for; none changes anything on a socket. */
#define XSD_FEATURES	(XENSTORE_SERVER_FEATURE_RECONNECTION | \
			 XENSTORE_SERVER_FEATURE_ERROR)

int xsd_do_get_feature(struct xsd_req *r)
{
	const char *v[1];
	uint32_t domid, val = XSD_FEATURES;
	char buf[16];
	int err;

	if (xsd_args(r, v, 1) == 1 && v[0][0]) {
		if (!r->c->priv)
			return EACCES;
		err = xsd_parse_domid(v[0], &domid);
		if (err)
			return err;
		if (!xsd_domain_introduced(r->x, domid))
			return ENOENT;
		val = r->x->dom[domid]->features;
	}
	snprintf(buf, sizeof(buf), "%u", val);
	return xsd_reply(r, buf, strlen(buf) + 1);
}

int xsd_do_set_feature(struct xsd_req *r)
{
	const char *v[2];
	uint32_t domid;
	unsigned long val;
	char *end;
	int err;

	if (xsd_args(r, v, 2) < 2)
		return EINVAL;
	err = xsd_parse_domid(v[0], &domid);
	if (err)
		return err;
	errno = 0;
	val = strtoul(v[1], &end, 10);
	if (errno || end == v[1] || *end || (val & ~XSD_FEATURES))
		return EINVAL;
	if (!xsd_domain_introduced(r->x, domid))
		return ENOENT;
	r->x->dom[domid]->features = val;
	xsd_db_domain_changed(r->x, domid);
	return xsd_reply_str(r, "OK");
}

static int parse_long(const char *s, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(s, &end, 10);
	return errno || end == s || *end || *v < 0 ? EINVAL : 0;
}

/* GET_QUOTA: "" lists names, "<quota>" the global, "<domid>|<quota>". */
int xsd_do_get_quota(struct xsd_req *r)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	const char *v[2];
	enum xsd_quota q;
	uint32_t domid;
	long val;
	int n = xsd_args(r, v, 2), err, i;
	size_t off = 0;

	if (n == 0 || (n == 1 && !v[0][0])) {
		for (i = 0; i < XSD_Q_COUNT; i++)
			off += snprintf(buf + off, sizeof(buf) - off, "%s%s",
					i ? " " : "", xsd_quota_name(i));
		return xsd_reply(r, buf, off + 1);
	}
	if (n == 1) {
		err = xsd_quota_parse(v[0], &q);
		val = err ? 0 : r->x->quota[q];
	} else {
		err = xsd_parse_domid(v[0], &domid);
		if (!err)
			err = xsd_quota_parse(v[1], &q);
		if (!err && !xsd_domain_introduced(r->x, domid))
			err = ENOENT;
		if (!err)
			val = r->x->dom[domid]->quota[q] >= 0 ?
			      r->x->dom[domid]->quota[q] : r->x->quota[q];
	}
	if (err)
		return err;
	snprintf(buf, sizeof(buf), "%ld", val);
	return xsd_reply(r, buf, strlen(buf) + 1);
}

/* SET_QUOTA: "<quota>|<value>" globally, "<domid>|<quota>|<value>". */
int xsd_do_set_quota(struct xsd_req *r)
{
	const char *v[3];
	enum xsd_quota q;
	uint32_t domid;
	long val;
	int n = xsd_args(r, v, 3), err;

	if (n == 2) {
		err = xsd_quota_parse(v[0], &q);
		if (!err)
			err = parse_long(v[1], &val);
		if (!err)
			r->x->quota[q] = val;
	} else if (n == 3) {
		err = xsd_parse_domid(v[0], &domid);
		if (!err)
			err = xsd_quota_parse(v[1], &q);
		if (!err)
			err = parse_long(v[2], &val);
		if (!err && !xsd_domain_introduced(r->x, domid))
			err = ENOENT;
		if (!err) {
			r->x->dom[domid]->quota[q] = val;
			xsd_db_domain_changed(r->x, domid);
		}
	} else {
		err = EINVAL;
	}
	return err ? err : xsd_reply_str(r, "OK");
}
