/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The library object: creation (empty store with Xen's initial nodes, or
 * the one loaded from the state directory), connections and what the
 * embedder may know of them, RESET_WATCHES (a connection's state), group
 * commit and teardown.
 */
#include <stdlib.h>
#include <string.h>

#include "xsd-internal.h"

/* The nodes a fresh Xen xenstored starts with. */
static int seed_store(struct xsd *x)
{
	static const char *const paths[] = { "/local", "/local/domain",
					     "/tool", "/tool/xenstored" };
	size_t i;
	int err = 0;

	for (i = 0; !err && i < sizeof(paths) / sizeof(paths[0]); i++)
		err = xsd_db_add(x, paths[i], x->store.root->perms, NULL, 0);
	xsd_db_end_request(x);
	return err;
}

struct xsd *xsd_new(const struct xsd_config *cfg, int *err)
{
	struct xsd_perm p0 = { 0, XSD_PERM_NONE };
	struct xsd *x = calloc(1, sizeof(*x));
	int i;

	*err = ENOMEM;
	if (!x)
		return NULL;
	x->cfg = *cfg;
	for (i = 0; i < XSD_Q_COUNT; i++)
		x->quota[i] = cfg->quota[i] ? cfg->quota[i]
					    : xsd_quota_default(i);
	if (!x->cfg.soft_memory)
		x->cfg.soft_memory = 2L << 20;
	if (htab_init(&x->watches, 256) || !xsd_domain_get(x, 0))
		goto fail;
	*err = xsd_store_init(&x->store, xsd_acct, x);
	if (*err)
		goto fail;
	*err = ENOMEM;
	x->special[0] = xsd_perms_intern(&x->store, &p0, 1);
	x->special[1] = xsd_perms_intern(&x->store, &p0, 1);
	if (!x->special[0] || !x->special[1])
		goto fail;
	if (cfg->state_dir) {
		*err = xsd_journal_open(x, cfg->state_dir);
		if (*err)
			goto fail;
	}
	/* The embedder recreates what an introduced domain needs. */
	xsd_wrl_domain_new(x, x->dom[0]);
	for (i = 0; i < XSD_DOMID_MAX; i++) {
		if (!x->dom[i] || !x->dom[i]->introduced)
			continue;
		xsd_wrl_domain_new(x, x->dom[i]);
		if (cfg->introduced)
			cfg->introduced(cfg->ctx, i);
	}
	if (!x->store.root->child) {
		*err = seed_store(x);
		if (!*err)
			*err = xsd_commit(x);
		if (*err)
			goto fail;
	}
	*err = 0;
	return x;
fail:
	xsd_free(x);
	return NULL;
}

void xsd_free(struct xsd *x)
{
	int i;

	if (!x)
		return;
	while (x->conns)
		xsd_conn_free(x->conns);
	xsd_journal_close(x);
	if (x->store.root) {
		xsd_perms_put(&x->store, x->special[0]);
		xsd_perms_put(&x->store, x->special[1]);
		xsd_store_free(&x->store);
	}
	for (i = 0; i < XSD_DOMID_MAX; i++)
		free(x->dom[i]);
	htab_fini(&x->watches);
	free(x);
}

struct xsd_conn *xsd_conn_new(struct xsd *x, uint32_t domid, bool priv,
			      void *user)
{
	struct xsd_conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->dom = xsd_domain_get(x, domid);
	if (!c->dom) {
		free(c);
		return NULL;
	}
	c->x = x;
	c->domid = domid;
	c->priv = priv;
	c->user = user;
	c->next_txid = 1;
	c->next = x->conns;
	if (x->conns)
		x->conns->prev = c;
	x->conns = c;
	/* RELEASE finds the domain's own without a walk of everyone's */
	if (!priv) {
		c->dnext = c->dom->conns;
		if (c->dnext)
			c->dnext->dprev = c;
		c->dom->conns = c;
	}
	return c;
}

/* Watches and transactions end with their connection, as in Xen. */
void xsd_conn_free(struct xsd_conn *c)
{
	struct xsd *x = c->x;

	xsd_watches_free(x, c);
	while (c->txs)
		xsd_tx_free(x, c, c->txs);
	if (c->prev)
		c->prev->next = c->next;
	else
		x->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	if (!c->priv) {
		if (c->dprev)
			c->dprev->dnext = c->dnext;
		else
			c->dom->conns = c->dnext;
		if (c->dnext)
			c->dnext->dprev = c->dprev;
	}
	xsd_buf_free(&c->in);
	xsd_buf_free(&c->out);
	free(c);
}

struct xsd_conn *xsd_conn_next(struct xsd *x, struct xsd_conn *c)
{
	return c ? c->next : x->conns;
}

void *xsd_conn_user(const struct xsd_conn *c)
{
	return c->user;
}

uint32_t xsd_conn_domid(const struct xsd_conn *c)
{
	return c->domid;
}

bool xsd_conn_priv(const struct xsd_conn *c)
{
	return c->priv;
}

bool xsd_conn_dead(const struct xsd_conn *c)
{
	return c->dead;
}

void xsd_conn_kill(struct xsd_conn *c, const char *why)
{
	xsd_mark_dead(c, why);
}

const void *xsd_conn_output(const struct xsd_conn *c, size_t *len)
{
	*len = xsd_buf_used(&c->out);
	return *len ? xsd_buf_head(&c->out) : NULL;
}

void xsd_conn_sent(struct xsd_conn *c, size_t len)
{
	xsd_buf_consume(&c->out, len);
}

/* Drops watches and transactions, and their quota with them (XSA-330). */
int xsd_do_reset_watches(struct xsd_req *r)
{
	xsd_watches_free(r->x, r->c);
	while (r->c->txs)
		xsd_tx_free(r->x, r->c, r->c->txs);
	return xsd_reply_str(r, "OK");
}

int xsd_commit(struct xsd *x)
{
	return x->journal ? xsd_journal_sync(x) : 0;
}
