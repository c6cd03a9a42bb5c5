/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One view of the store per request: the committed tree, or the request's
 * transaction layered on it. Node handlers only call these functions, so
 * every operation behaves the same inside and outside a transaction.
 * Outside one, changes go to the committed store through db.c.
 */
#include <stdlib.h>
#include <string.h>

#include "xsd-internal.h"

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

/* Before xsd_ent_children: a transaction's copy gets its child names. */
int xsd_ent_list(struct xsd_req *r, struct xsd_ent *e)
{
	int err = e->tn ? xsd_tx_list(r->x, e->tn) : 0;

	if (!err && e->tn)
		xsd_tx_ent(e->tn, e);
	return err;
}

/* Copy whole child names from byte offset off while they fit in max. */
size_t xsd_ent_children(const struct xsd_ent *e, size_t off, char *buf,
			size_t max, bool *complete)
{
	const struct xsd_node *n = e->node ? e->node->child : NULL;
	uint32_t tlen = 0;
	const char *p = e->tn ? xsd_tx_children(e->tn, &tlen) : NULL;
	const char *end = p ? p + tlen : NULL;
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
	n = xsd_db_create(r->x, parent->node, base, strlen(base), perms);
	if (!n)
		return ENOMEM;
	xsd_wrl_write(r, 1);
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
	err = xsd_db_set_data(r->x, e->node, data, len);
	if (!err)
		xsd_wrl_write(r, 1);
	return err;
}

int xsd_set_perms(struct xsd_req *r, struct xsd_ent *e, struct xsd_perms *perms)
{
	int err = 0;

	if (r->tx) {
		xsd_tx_set(r, e, perms, NULL, 0, &err);
		return err;
	}
	xsd_db_set_perms(r->x, e->node, perms);
	xsd_wrl_write(r, 1);
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
