/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Transactions as a per-transaction overlay: the first access to a path
 * copies the committed node (or records its absence) together with its
 * generation; later accesses and changes use the copy. Commit checks that
 * no copied node's committed generation moved (else EAGAIN), then applies
 * the changed copies parents-first and delivers the events it queued.
 *
 * A copy's child names are copied only when the transaction lists them
 * (DIRECTORY, or removing the node's subtree): until then the children
 * added and removed are kept as changes to the committed node's list.
 * Creating /local/domain/N in a transaction touches /local/domain, and a
 * copy of its names made that cost grow with the number of domains. The
 * committed list read later is the one seen first unless the node changed
 * meanwhile, and then the commit fails with EAGAIN anyway (its generation
 * moved); the copy is charged to the domain as if it were made at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xsd-internal.h"

struct xsd_event {
	struct xsd_event *next;
	bool exact;
	struct xsd_perms *perms;
	char path[];
};

/* A transaction's private copy of one node (its read and write set). */
struct xsd_tnode {
	struct htab_node hn;	/* in the transaction's table, by path */
	struct xsd_tnode *lnext;
	uint64_t basegen;	/* committed generation seen; 0: absent */
	uint64_t gen;
	bool exists;
	bool modified;
	struct xsd_perms *perms;
	char *data;
	uint32_t datalen;
	uint32_t childlen;
	char *children;		/* "name\0name\0", if listed */
	bool listed;		/* else the committed node's, changed by ops */
	uint32_t opslen;
	char *ops;		/* "+name\0-name\0": not listed yet */
	char path[];
};

/* Changes to a list not copied beyond this are applied to a copy. */
#define TX_OPS_MAX	4096

struct xsd_tx {
	struct xsd_tx *next;
	uint32_t id;
	struct htab nodes;	/* struct xsd_tnode; count: nodes touched */
	struct xsd_tnode *list;
	struct xsd_event *events, **events_tail;
	long bytes;			/* data and child names copied */
	long nodes_delta;		/* nodes the caller's domain gains */
};

const char *xsd_tx_children(const struct xsd_tnode *t, uint32_t *len)
{
	*len = t->childlen;
	return t->children;
}

long xsd_tx_nodes_delta(const struct xsd_tx *tx)
{
	return tx->nodes_delta;
}

void xsd_tx_add_nodes(struct xsd_tx *tx, long nodes)
{
	tx->nodes_delta += nodes;
}

struct xsd_tx *xsd_tx_find(struct xsd_conn *c, uint32_t id)
{
	struct xsd_tx *tx;

	for (tx = c->txs; tx; tx = tx->next)
		if (tx->id == id)
			return tx;
	return NULL;
}

static bool tn_eq(const struct htab_node *n, const void *path)
{
	return !strcmp(htab_entry(n, struct xsd_tnode, hn)->path, path);
}

static struct xsd_tnode *tn_lookup(const struct xsd_tx *tx, const char *path,
				   size_t hash)
{
	struct htab_node *n = htab_find(&tx->nodes, hash, tn_eq, path);

	return n ? htab_entry(n, struct xsd_tnode, hn) : NULL;
}

static uint64_t tx_gen(struct xsd *x)
{
	/* Distinct from committed generations, only compared for equality. */
	return ++x->tx_gen | (1ull << 63);
}

struct xsd_tnode *xsd_tx_get(struct xsd_req *r, const char *path, int *err)
{
	struct xsd_tx *tx = r->tx;
	size_t hash = htab_str_hash(path, 0);
	struct xsd_tnode *t = tn_lookup(tx, path, hash);
	struct xsd_node *n;
	long size;

	if (t)
		return t;
	if (xsd_quota_hit(r->c, XSD_Q_TX_NODES, tx->nodes.count + 1)) {
		*err = ENOSPC;
		return NULL;
	}
	n = xsd_node_lookup(&r->x->store, path);
	/* Huge read sets cost the domain, not the daemon (XSA-326). */
	size = n ? (long)n->datalen + n->childlen : 0;
	if (xsd_quota_hit(r->c, XSD_Q_MEMORY, r->c->dom->txbytes + size)) {
		*err = ENOMEM;
		return NULL;
	}
	t = calloc(1, sizeof(*t) + strlen(path) + 1);
	if (!t) {
		*err = ENOMEM;
		return NULL;
	}
	strcpy(t->path, path);
	t->listed = !n || !n->child;	/* nothing to copy */
	if (n) {
		t->data = n->datalen ? malloc(n->datalen) : NULL;
		if (n->datalen && !t->data) {
			free(t);
			*err = ENOMEM;
			return NULL;
		}
		t->exists = true;
		t->basegen = t->gen = n->gen;
		t->perms = xsd_perms_ref(n->perms);
		if (n->datalen)
			memcpy(t->data, n->data, n->datalen);
		t->datalen = n->datalen;
		t->childlen = n->childlen;
		tx->bytes += size;
		r->c->dom->txbytes += size;
	}
	htab_add(&tx->nodes, &t->hn, hash);
	t->lnext = tx->list;
	tx->list = t;
	return t;
}

void xsd_tx_ent(const struct xsd_tnode *t, struct xsd_ent *e)
{
	memset(e, 0, sizeof(*e));
	e->exists = t->exists;
	e->data = t->data;
	e->datalen = t->datalen;
	e->childlen = t->childlen;
	e->perms = t->perms;
	e->gen = t->gen;
	e->tn = (struct xsd_tnode *)t;
}

/* Offset of name (len bytes with its NUL) in list, or n if absent. */
static size_t list_find(const char *list, size_t n, const char *name,
			size_t len)
{
	size_t off = 0, l;

	for (; off < n; off += l) {
		l = strlen(list + off) + 1;
		if (l == len && !memcmp(list + off, name, len))
			return off;
	}
	return n;
}

/*
 * t's child names as the transaction sees them: the committed node's,
 * then the transaction's changes. Done once, when they are listed.
 */
int xsd_tx_list(struct xsd *x, struct xsd_tnode *t)
{
	struct xsd_node *n, *c;
	size_t len = 0, off, at, l;
	char *list;

	if (t->listed)
		return 0;
	n = xsd_node_lookup(&x->store, t->path);
	list = malloc((n ? n->childlen : 0) + t->opslen + 1);
	if (!list)
		return ENOMEM;
	for (c = n ? n->child : NULL; c; c = c->next) {
		memcpy(list + len, c->name, c->namelen + 1);
		len += c->namelen + 1;
	}
	for (off = 0; off < t->opslen; off += l + 1) {
		const char *name = t->ops + off + 1;

		l = strlen(name) + 1;
		at = list_find(list, len, name, l);
		if (t->ops[off] == '+' && at == len) {
			memcpy(list + len, name, l);
			len += l;
		} else if (t->ops[off] == '-' && at < len) {
			memmove(list + at, list + at + l, len - at - l);
			len -= l;
		}
	}
	free(t->ops);
	t->ops = NULL;
	t->opslen = 0;
	t->children = list;
	t->childlen = len;
	t->listed = true;
	return 0;
}

/* One change to a list not copied: op '+' or '-'. */
static int child_op(struct xsd *x, struct xsd_tnode *p, char op,
		    const char *name, size_t len)
{
	char *no;

	if (p->opslen + len + 1 > TX_OPS_MAX)
		return xsd_tx_list(x, p);	/* bounded: copy it now */
	no = realloc(p->ops, p->opslen + len + 1);
	if (!no)
		return ENOMEM;
	no[p->opslen] = op;
	memcpy(no + p->opslen + 1, name, len);
	p->ops = no;
	p->opslen += len + 1;
	if (op == '+')
		p->childlen += len;
	else if (p->childlen >= len)
		p->childlen -= len;
	p->gen = tx_gen(x);
	return 0;
}

static int child_add(struct xsd *x, struct xsd_tnode *p, const char *name)
{
	size_t len = strlen(name) + 1;
	char *nc;
	int err;

	if (!p->listed) {
		err = child_op(x, p, '+', name, len);
		if (err || !p->listed)
			return err;
	}
	nc = realloc(p->children, p->childlen + len);
	if (!nc)
		return ENOMEM;
	memcpy(nc + p->childlen, name, len);
	p->children = nc;
	p->childlen += len;
	p->gen = tx_gen(x);
	return 0;
}

static int child_del(struct xsd *x, struct xsd_tnode *p, const char *name)
{
	size_t len = strlen(name) + 1, off = 0;
	int err;

	if (!p->listed) {
		err = child_op(x, p, '-', name, len);
		if (err || !p->listed)
			return err;
	}
	while (off < p->childlen) {
		size_t l = strlen(p->children + off) + 1;

		if (l == len && !memcmp(p->children + off, name, len)) {
			memmove(p->children + off, p->children + off + len,
				p->childlen - off - len);
			p->childlen -= len;
			p->gen = tx_gen(x);
			return 0;
		}
		off += l;
	}
	return 0;
}

int xsd_tx_create(struct xsd_req *r, const char *path, struct xsd_ent *parent,
		  struct xsd_perms *perms, struct xsd_ent *out)
{
	struct xsd_tnode *t;
	int err = 0;

	t = xsd_tx_get(r, path, &err);
	if (!t)
		return err;
	err = child_add(r->x, parent->tn, strrchr(path, '/') + 1);
	if (err)
		return err;
	xsd_tx_ent(parent->tn, parent);
	t->exists = true;
	t->modified = true;
	t->perms = xsd_perms_ref(perms);
	t->gen = tx_gen(r->x);
	xsd_tx_ent(t, out);
	return 0;
}

void xsd_tx_set(struct xsd_req *r, struct xsd_ent *e, struct xsd_perms *perms,
		const void *data, uint32_t len, int *err)
{
	struct xsd_tnode *t = e->tn;

	if (perms) {
		xsd_perms_ref(perms);
		xsd_perms_put(&r->x->store, t->perms);
		t->perms = perms;
	} else {
		char *d;

		if (xsd_quota_hit(r->c, XSD_Q_MEMORY,
				  r->c->dom->txbytes + len)) {
			*err = ENOMEM;
			return;
		}
		d = len ? malloc(len) : NULL;
		if (len && !d) {
			*err = ENOMEM;
			return;
		}
		r->tx->bytes += len;
		r->c->dom->txbytes += len;
		if (len)
			memcpy(d, data, len);
		free(t->data);
		t->data = d;
		t->datalen = len;
	}
	t->modified = true;
	t->gen = tx_gen(r->x);
	xsd_tx_ent(t, e);
}

/*
 * Remove a subtree inside the transaction. All of it is copied (and so
 * checked against the touched-nodes quota) before anything changes, so a
 * refused removal leaves the transaction as it was (XSA-414/415).
 */
static int push(struct xsd_tnode ***v, size_t *n, size_t *cap,
		struct xsd_tnode *t)
{
	if (*n == *cap) {
		size_t ncap = *cap * 2 + 16;
		struct xsd_tnode **nv = realloc(*v, ncap * sizeof(**v));

		if (!nv)
			return ENOMEM;
		*v = nv;
		*cap = ncap;
	}
	(*v)[(*n)++] = t;
	return 0;
}

int xsd_tx_remove(struct xsd_req *r, const char *path, struct xsd_ent *e)
{
	char cpath[XENSTORE_ABS_PATH_MAX + 1];
	struct xsd_tnode **v = NULL, *parent, *t, *c;
	size_t n = 0, cap = 0, i, off;
	int err = 0;

	strcpy(cpath, path);
	cpath[xsd_path_parent_len(cpath)] = '\0';
	parent = xsd_tx_get(r, cpath, &err);
	if (!parent)
		return err;
	err = push(&v, &n, &cap, e->tn);
	for (i = 0; !err && i < n; i++) {
		t = v[i];
		err = xsd_tx_list(r->x, t);
		for (off = 0; !err && off < t->childlen;
		     off += strlen(t->children + off) + 1) {
			if ((size_t)snprintf(cpath, sizeof(cpath), "%s/%s",
					     t->path, t->children + off)
			    >= sizeof(cpath))
				continue;
			c = xsd_tx_get(r, cpath, &err);
			if (c)
				err = push(&v, &n, &cap, c);
		}
	}
	/* The parent's change may fail too (no memory for it): still
	 * before anything changes. */
	if (!err)
		err = child_del(r->x, parent, strrchr(path, '/') + 1);
	for (i = 0; !err && i < n; i++) {
		t = v[i];
		xsd_tx_queue_event(r->tx, t->path, i > 0, t->perms);
		t->exists = false;
		t->modified = true;
		free(t->data);
		free(t->children);
		t->data = t->children = NULL;
		t->datalen = t->childlen = 0;
		t->listed = true;	/* gone: no children */
	}
	free(v);
	return err;
}

void xsd_tx_queue_event(struct xsd_tx *tx, const char *path, bool exact,
			struct xsd_perms *perms)
{
	struct xsd_event *ev = malloc(sizeof(*ev) + strlen(path) + 1);

	if (!ev)
		return;
	ev->next = NULL;
	ev->exact = exact;
	ev->perms = xsd_perms_ref(perms);
	strcpy(ev->path, path);
	*tx->events_tail = ev;
	tx->events_tail = &ev->next;
}

void xsd_tx_free(struct xsd *x, struct xsd_conn *c, struct xsd_tx *tx)
{
	struct xsd_tnode *t, *tn;
	struct xsd_event *ev, *en;
	struct xsd_tx **pp;

	for (pp = &c->txs; *pp; pp = &(*pp)->next) {
		if (*pp == tx) {
			*pp = tx->next;
			break;
		}
	}
	for (t = tx->list; t; t = tn) {
		tn = t->lnext;
		xsd_perms_put(&x->store, t->perms);
		free(t->data);
		free(t->children);
		free(t->ops);
		free(t);
	}
	for (ev = tx->events; ev; ev = en) {
		en = ev->next;
		xsd_perms_put(&x->store, ev->perms);
		free(ev);
	}
	htab_fini(&tx->nodes);
	c->dom->txbytes -= tx->bytes;
	free(tx);
	c->dom->txs--;
	x->ntxs--;
}

int xsd_do_tx_start(struct xsd_req *r)
{
	struct xsd_conn *c = r->c;
	struct xsd_tx *tx;
	char buf[16];

	if (xsd_quota_hit(c, XSD_Q_TRANSACTIONS, c->dom->txs + 1))
		return ENOSPC;
	tx = calloc(1, sizeof(*tx));
	if (!tx)
		return ENOMEM;
	if (htab_init(&tx->nodes, 16)) {
		free(tx);
		return ENOMEM;
	}
	tx->events_tail = &tx->events;
	do
		tx->id = c->next_txid++;
	while (!tx->id || xsd_tx_find(c, tx->id));
	tx->next = c->txs;
	c->txs = tx;
	c->dom->txs++;
	r->x->ntxs++;
	snprintf(buf, sizeof(buf), "%u", tx->id);
	return xsd_reply(r, buf, strlen(buf) + 1);
}

static int by_path(const void *a, const void *b)
{
	return strcmp((*(struct xsd_tnode *const *)a)->path,
		      (*(struct xsd_tnode *const *)b)->path);
}

static bool tx_modifies(const struct xsd_tx *tx)
{
	const struct xsd_tnode *t;

	for (t = tx->list; t; t = t->lnext)
		if (t->modified)
			return true;
	return false;
}

static int tx_commit(struct xsd *x, struct xsd_tx *tx)
{
	struct xsd_tnode *t, **v;
	struct xsd_event *ev;
	size_t n = 0, i;

	for (t = tx->list; t; t = t->lnext) {
		struct xsd_node *cur = xsd_node_lookup(&x->store, t->path);

		if ((cur ? cur->gen : 0) != t->basegen)
			return EAGAIN;
		n += t->modified;
	}
	v = malloc((n ? n : 1) * sizeof(*v));
	if (!v)
		return ENOMEM;
	for (t = tx->list, n = 0; t; t = t->lnext)
		if (t->modified)
			v[n++] = t;
	/* Sorted by name, every parent is applied before its children. */
	qsort(v, n, sizeof(*v), by_path);
	for (i = 0; i < n; i++) {
		struct xsd_node *cur = xsd_node_lookup(&x->store, v[i]->path);
		int err = 0;

		t = v[i];
		if (!t->exists) {
			if (cur)
				xsd_db_remove(x, cur, false);
		} else if (cur) {
			err = xsd_db_set(x, cur, t->perms, t->data, t->datalen);
		} else {
			err = xsd_db_add(x, t->path, t->perms, t->data,
					 t->datalen);
		}
		if (err)
			xsd_log(x, XSD_LOG_ERR, "commit of %s failed: %s",
				t->path, strerror(err));
	}
	free(v);
	for (ev = tx->events; ev; ev = ev->next)
		xsd_fire(x, ev->path, ev->exact, ev->perms);
	return 0;
}

int xsd_do_tx_end(struct xsd_req *r)
{
	const char *v[1];
	struct xsd_tx *tx = r->tx;
	bool commit;
	int err = 0;

	if (!tx)
		return ENOENT;
	if (xsd_args(r, v, 1) < 1 || (strcmp(v[0], "T") && strcmp(v[0], "F")))
		return EINVAL;
	commit = !strcmp(v[0], "T");
	/*
	 * Concurrent transactions each stayed within the node quota; all of
	 * them together may not (Xen 4.17 checks again at commit too).
	 */
	if (commit && tx->nodes_delta > 0 &&
	    xsd_quota_hit(r->c, XSD_Q_NODES, r->c->dom->nodes + tx->nodes_delta))
		err = ENOSPC;
	else if (commit && tx_modifies(tx))
		err = xsd_db_room(r->x);	/* it could not be made durable */
	if (commit && !err)
		err = tx_commit(r->x, tx);
	if (commit && !err)
		xsd_wrl_commit(r);
	r->tx = NULL;
	xsd_tx_free(r->x, r->c, tx);
	return err ? err : xsd_reply_str(r, "OK");
}
