/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every change of the committed state goes through these functions: node
 * creation, data, perms and removal, the special nodes' perms and a
 * domain's persistent state. Each one is told to x->hook (the journal,
 * once the state directory is loaded), so nothing changes unrecorded;
 * loading the state itself works on the store directly. Requests outside
 * transactions (view.c), transaction commit (txn.c) and domain release use
 * them.
 */
#include <stdlib.h>
#include <string.h>

#include "xsd-internal.h"

static void changed(struct xsd *x, const struct xsd_node *n)
{
	if (x->hook)
		x->hook->node(x, n);
}

struct xsd_node *xsd_db_create(struct xsd *x, struct xsd_node *parent,
			       const char *name, size_t len,
			       struct xsd_perms *perms)
{
	struct xsd_node *n = xsd_node_add(&x->store, parent, name, len, perms);

	if (n)
		changed(x, n);
	return n;
}

int xsd_db_set_data(struct xsd *x, struct xsd_node *n, const void *data,
		    uint32_t len)
{
	int err = xsd_node_set_data(&x->store, n, data, len);

	if (!err)
		changed(x, n);
	return err;
}

void xsd_db_set_perms(struct xsd *x, struct xsd_node *n,
		      struct xsd_perms *perms)
{
	xsd_node_set_perms(&x->store, n, perms);
	changed(x, n);
}

int xsd_db_set(struct xsd *x, struct xsd_node *n, struct xsd_perms *perms,
	       const void *data, uint32_t len)
{
	int err;

	if (n->perms != perms)
		xsd_node_set_perms(&x->store, n, perms);
	err = xsd_node_set_data(&x->store, n, data, len);
	changed(x, n);
	return err;
}

static void ancestor_made(void *ctx, struct xsd_node *n)
{
	changed(ctx, n);
}

/* Create or update path; missing parents get the same perms. */
int xsd_db_add(struct xsd *x, const char *path, struct xsd_perms *perms,
	       const void *data, uint32_t len)
{
	struct xsd_node *n = xsd_node_make(&x->store, path, perms,
					   ancestor_made, x);

	return n ? xsd_db_set(x, n, perms, data, len) : ENOMEM;
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
	if (path && x->hook)
		x->hook->removed(x, path);
	free(path);
	free(rc);
}

/* perms: a reference the special node takes over. */
void xsd_db_set_special(struct xsd *x, int which, struct xsd_perms *perms)
{
	xsd_perms_put(&x->store, x->special[which]);
	x->special[which] = perms;
	if (x->hook)
		x->hook->special(x, which);
}

void xsd_db_domain_changed(struct xsd *x, uint32_t domid)
{
	if (x->hook)
		x->hook->domain(x, domid);
}

void xsd_db_end_request(struct xsd *x)
{
	if (x->hook)
		x->hook->end(x);
}

int xsd_db_room(struct xsd *x)
{
	return x->hook ? x->hook->room(x) : 0;
}
