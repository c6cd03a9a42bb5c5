/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One view of the store per request: the committed tree, or the request's
 * transaction layered on it. Node handlers only call these functions, so
 * every operation behaves the same inside and outside a transaction.
 * The xsd_db_* functions change the committed tree (journaling each
 * change); transaction commit and journal replay use them too.
 */
#include <stdlib.h>
#include <string.h>

#include "xsd.h"

unsigned xsd_conn_perm(const struct xsd_conn *c, const struct xsd_perms *p)
{
	return xsd_perm_for(p, c->priv, c->domid, c->dom->has_target,
			    c->dom->target);
}

static void node_ent(struct xsd_node *n, struct xsd_ent *e)
{
	e->exists = true;
	e->data = n->data;
	e->datalen = n->datalen;
	e->childlen = n->childlen;
	e->perms = n->perms;
	e->gen = n->gen;
	e->node = n;
}

int xsd_get(struct xsd_req *r, const char *path, struct xsd_ent *e)
{
	struct xsd_node *n;

	memset(e, 0, sizeof(*e));
	if (r->tx) {
		int err = 0;
		struct xsd_tnode *t = xsd_tx_get(r, path, &err);

		if (!t)
			return err;
		xsd_tx_ent(t, e);
		return 0;
	}
	n = xsd_node_lookup(&r->x->store, path);
	if (n)
		node_ent(n, e);
	return 0;
}

/* Copy whole child names from byte offset off while they fit in max. */
size_t xsd_ent_children(const struct xsd_ent *e, size_t off, char *buf,
			size_t max, bool *complete)
{
	const struct xsd_node *n = e->node ? e->node->child : NULL;
	const char *p = e->tn ? e->tn->children : NULL;
	const char *end = p ? p + e->tn->childlen : NULL;
	size_t pos = 0, out = 0;

	*complete = false;
	for (;;) {
		const char *name;
		size_t len;

		if (e->tn) {
			if (!p || p >= end)
				break;
			name = p;
			len = strlen(p);
			p += len + 1;
		} else {
			if (!n)
				break;
			name = n->name;
			len = n->namelen;
			n = n->next;
		}
		if (pos < off) {
			pos += len + 1;
			continue;
		}
		if (out + len + 1 > max)
			return out;
		memcpy(buf + out, name, len + 1);
		out += len + 1;
		pos += len + 1;
	}
	*complete = true;
	return out;
}

void xsd_event(struct xsd_req *r, const char *path, bool exact,
	       struct xsd_perms *perms)
{
	if (r->tx)
		xsd_tx_queue_event(r->tx, path, exact, perms);
	else
		xsd_fire(r->x, path, exact, perms);
}

int xsd_create(struct xsd_req *r, const char *path, struct xsd_ent *parent,
	       struct xsd_perms *perms, struct xsd_ent *out)
{
	const char *base = strrchr(path, '/') + 1;
	struct xsd_node *n;

	if (r->tx)
		return xsd_tx_create(r, path, parent, perms, out);
	n = xsd_node_add(&r->x->store, parent->node, base, strlen(base), perms);
	if (!n)
		return ENOMEM;
	xsd_wrl_write(r, 1);
	xsd_journal_node(r->x, n);
	memset(out, 0, sizeof(*out));
	node_ent(n, out);
	return 0;
}

int xsd_set_data(struct xsd_req *r, struct xsd_ent *e, const void *data,
		 uint32_t len)
{
	int err = 0;

	if (r->tx) {
		xsd_tx_set(r, e, NULL, data, len, &err);
		return err;
	}
	err = xsd_node_set_data(&r->x->store, e->node, data, len);
	if (!err) {
		xsd_wrl_write(r, 1);
		xsd_journal_node(r->x, e->node);
	}
	return err;
}

int xsd_set_perms(struct xsd_req *r, struct xsd_ent *e, struct xsd_perms *perms)
{
	int err = 0;

	if (r->tx) {
		xsd_tx_set(r, e, perms, NULL, 0, &err);
		return err;
	}
	xsd_node_set_perms(&r->x->store, e->node, perms);
	xsd_wrl_write(r, 1);
	xsd_journal_node(r->x, e->node);
	return 0;
}

int xsd_remove(struct xsd_req *r, const char *path, struct xsd_ent *e)
{
	struct xsd_node *n;
	long nodes = 1;		/* the parent loses a child */

	if (r->tx)
		return xsd_tx_remove(r, path, e);
	for (n = r->x->ntxs ? e->node : NULL; n;
	     n = xsd_node_walk_next(e->node, n))
		nodes++;
	xsd_wrl_write(r, nodes);
	xsd_db_remove(r->x, e->node, true);
	return 0;
}

struct rm_ctx {
	struct xsd *x;
	struct xsd_node *top;
	char path[XENSTORE_ABS_PATH_MAX + 1];
};

/* The removed root fires itself and its ancestors, descendants exactly. */
static void rm_fire(void *ctx, struct xsd_node *n)
{
	struct rm_ctx *rc = ctx;

	if (xsd_node_path(n, rc->path, sizeof(rc->path)) >= sizeof(rc->path))
		return;
	xsd_fire(rc->x, rc->path, n != rc->top, n->perms);
}

void xsd_db_remove(struct xsd *x, struct xsd_node *n, bool fire)
{
	struct rm_ctx *rc = malloc(sizeof(*rc));
	char *path;

	if (!rc)
		return;
	rc->x = x;
	rc->top = n;
	xsd_node_path(n, rc->path, sizeof(rc->path));
	path = strdup(rc->path);
	xsd_node_remove(&x->store, n, fire ? rm_fire : NULL, rc);
	if (path)
		xsd_journal_del(x, path);
	free(path);
	free(rc);
}

int xsd_db_set(struct xsd *x, struct xsd_node *n, struct xsd_perms *perms,
	       const void *data, uint32_t len)
{
	int err;

	if (n->perms != perms)
		xsd_node_set_perms(&x->store, n, perms);
	err = xsd_node_set_data(&x->store, n, data, len);
	xsd_journal_node(x, n);
	return err;
}

/* Create or update path; missing parents get the same perms. */
int xsd_db_add(struct xsd *x, const char *path, struct xsd_perms *perms,
	       const void *data, uint32_t len)
{
	struct xsd_node *n = x->store.root, *c;
	const char *p = path + 1;

	while (*p) {
		const char *e = strchrnul(p, '/');

		c = xsd_node_child(&x->store, n, p, e - p);
		if (!c) {
			c = xsd_node_add(&x->store, n, p, e - p, perms);
			if (!c)
				return ENOMEM;
			if (*e)
				xsd_journal_node(x, c);
		}
		n = c;
		p = *e ? e + 1 : e;
	}
	return xsd_db_set(x, n, perms, data, len);
}
