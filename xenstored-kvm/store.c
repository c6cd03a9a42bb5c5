/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The committed node tree. Children are an intrusive doubly linked list in
 * creation order (the order DIRECTORY reports); finding a child by name goes
 * through one open-addressing table keyed by (parent pointer, name), which
 * costs one pointer slot per node instead of a per-directory index.
 * Every change bumps the node's generation (and its parent's when the set
 * of children changes) and reports ownership changes to the accounting hook.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "store.h"

#define TAB_HUGE	(2u << 20)

/*
 * Every probe lands on a random slot: past a few MiB that is a TLB miss
 * per lookup unless the table sits on huge pages.
 */
static struct xsd_node **tab_alloc(size_t slots)
{
	size_t bytes = slots * sizeof(struct xsd_node *);
	void *p;

	if (bytes < TAB_HUGE)
		return calloc(slots, sizeof(struct xsd_node *));
	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	madvise(p, bytes, MADV_HUGEPAGE);
	return p;
}

static void tab_free(struct xsd_node **tab, size_t slots)
{
	size_t bytes = slots * sizeof(struct xsd_node *);

	if (bytes < TAB_HUGE)
		free(tab);
	else if (tab)
		munmap(tab, bytes);
}

static size_t name_hash(const struct xsd_node *parent, const char *name,
			size_t len)
{
	uint64_t h = 1469598103934665603ull ^ ((uintptr_t)parent >> 4);
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 1099511628211ull;
	return (size_t)(h ^ (h >> 29));
}

static size_t slot_of(const struct xsd_store *s, const struct xsd_node *n)
{
	return name_hash(n->parent, n->name, n->namelen) & s->tabmask;
}

static void tab_insert(struct xsd_node **tab, size_t mask, struct xsd_node *n,
		       size_t slot)
{
	while (tab[slot & mask])
		slot++;
	tab[slot & mask] = n;
}

static int tab_grow(struct xsd_store *s)
{
	size_t nsize = (s->tabmask + 1) * 2, i;
	struct xsd_node **nt = tab_alloc(nsize);

	if (!nt)
		return -1;
	for (i = 0; i <= s->tabmask; i++) {
		struct xsd_node *n = s->tab[i];

		if (n)
			tab_insert(nt, nsize - 1, n,
				   name_hash(n->parent, n->name, n->namelen));
	}
	tab_free(s->tab, s->tabmask + 1);
	s->tab = nt;
	s->tabmask = nsize - 1;
	return 0;
}

/* Backward-shift deletion keeps linear probing free of tombstones. */
static void tab_remove(struct xsd_store *s, const struct xsd_node *n)
{
	size_t i = slot_of(s, n), j, k;

	while (s->tab[i] != n)
		i = (i + 1) & s->tabmask;
	s->tab[i] = NULL;
	for (j = (i + 1) & s->tabmask; s->tab[j]; j = (j + 1) & s->tabmask) {
		k = slot_of(s, s->tab[j]);
		/* Move back unless its home lies cyclically in (i, j]. */
		if ((j > i && (k <= i || k > j)) || (j < i && (k <= i && k > j))) {
			s->tab[i] = s->tab[j];
			s->tab[j] = NULL;
			i = j;
		}
	}
	s->count--;
}

static struct xsd_node *node_alloc(const char *name, size_t len)
{
	struct xsd_node *n = calloc(1, sizeof(*n) + len + 1);

	if (!n)
		return NULL;
	memcpy(n->name, name, len);
	n->namelen = len;
	return n;
}

static uint32_t owner(const struct xsd_node *n)
{
	return n->perms->p[0].domid;
}

int xsd_store_init(struct xsd_store *s, xsd_acct_fn acct, void *ctx)
{
	struct xsd_perm p0 = { 0, XSD_PERM_NONE };

	memset(s, 0, sizeof(*s));
	s->acct = acct;
	s->acct_ctx = ctx;
	s->tabmask = 1023;
	s->tab = tab_alloc(s->tabmask + 1);
	s->root = node_alloc("", 0);
	s->named = calloc(XSD_PERM_DOMIDS, sizeof(*s->named));
	if (!s->tab || htab_init(&s->perms, 16) || !s->root || !s->named)
		return ENOMEM;
	s->root->perms = xsd_perms_intern(s, &p0, 1);
	if (!s->root->perms)
		return ENOMEM;
	s->root->gen = ++s->gen;
	return 0;
}

void xsd_store_free(struct xsd_store *s)
{
	struct xsd_node *n = s->root, *p;

	/* Post-order without recursion; the tables go wholesale. */
	while (n) {
		while (n->child)
			n = n->child;
		p = n->parent;
		if (p)
			p->child = n->next;
		free(n->data);
		free(n);
		n = p;
	}
	tab_free(s->tab, s->tabmask + 1);
	xsd_perms_free_all(s);
	memset(s, 0, sizeof(*s));
}

/* Size the table for count nodes at once (loading a snapshot). */
int xsd_store_reserve(struct xsd_store *s, size_t count)
{
	while ((count + 1) * 2 > s->tabmask + 1)
		if (tab_grow(s))
			return ENOMEM;
	return 0;
}

struct xsd_node *xsd_node_child(const struct xsd_store *s,
				const struct xsd_node *parent,
				const char *name, size_t len)
{
	size_t i = name_hash(parent, name, len) & s->tabmask;
	struct xsd_node *n;

	for (; (n = s->tab[i]); i = (i + 1) & s->tabmask)
		if (n->parent == parent && n->namelen == len &&
		    !memcmp(n->name, name, len))
			return n;
	return NULL;
}

struct xsd_node *xsd_node_lookup(const struct xsd_store *s, const char *path)
{
	struct xsd_node *n = s->root;
	const char *p = path + 1;

	while (n && *p) {
		const char *e = strchrnul(p, '/');

		n = xsd_node_child(s, n, p, e - p);
		p = *e ? e + 1 : e;
	}
	return n;
}

/*
 * The node at path, made with its missing ancestors if need be (all with
 * perms); made hears of each ancestor made. NULL: no memory.
 */
struct xsd_node *xsd_node_make(struct xsd_store *s, const char *path,
			       struct xsd_perms *perms, xsd_node_fn made,
			       void *ctx)
{
	struct xsd_node *n = s->root, *c;
	const char *p = path + 1;

	while (*p) {
		const char *e = strchrnul(p, '/');

		c = xsd_node_child(s, n, p, e - p);
		if (!c) {
			c = xsd_node_add(s, n, p, e - p, perms);
			if (!c)
				return NULL;
			if (*e && made)
				made(ctx, c);
		}
		n = c;
		p = *e ? e + 1 : e;
	}
	return n;
}

struct xsd_node *xsd_node_add(struct xsd_store *s, struct xsd_node *parent,
			      const char *name, size_t len,
			      struct xsd_perms *perms)
{
	struct xsd_node *n;

	if ((s->count + 1) * 2 > s->tabmask + 1 && tab_grow(s))
		return NULL;
	n = node_alloc(name, len);
	if (!n)
		return NULL;
	n->parent = parent;
	n->perms = xsd_perms_ref(perms);
	n->prev = parent->last;
	if (parent->last)
		parent->last->next = n;
	else
		parent->child = n;
	parent->last = n;
	parent->nchildren++;
	parent->childlen += len + 1;
	parent->gen = ++s->gen;
	n->gen = ++s->gen;
	tab_insert(s->tab, s->tabmask, n, slot_of(s, n));
	s->count++;
	if (s->acct) {
		s->acct(s->acct_ctx, owner(n), 1, xsd_node_mem(n));
		s->acct(s->acct_ctx, owner(parent), 0, len + 1);
	}
	return n;
}

int xsd_node_set_data(struct xsd_store *s, struct xsd_node *n,
		      const void *data, uint32_t len)
{
	char *d = NULL;
	long delta = (long)len - n->datalen;

	if (len) {
		d = malloc(len);
		if (!d)
			return ENOMEM;
		memcpy(d, data, len);
	}
	free(n->data);
	n->data = d;
	n->datalen = len;
	n->gen = ++s->gen;
	if (s->acct && delta)
		s->acct(s->acct_ctx, owner(n), 0, delta);
	return 0;
}

void xsd_node_set_perms(struct xsd_store *s, struct xsd_node *n,
			struct xsd_perms *perms)
{
	uint32_t from = owner(n), to = perms->p[0].domid;
	long before = xsd_node_mem(n);

	xsd_perms_ref(perms);
	xsd_perms_put(s, n->perms);
	n->perms = perms;
	n->gen = ++s->gen;
	if (!s->acct)
		return;
	if (from != to) {
		s->acct(s->acct_ctx, from, -1, -before);
		s->acct(s->acct_ctx, to, 1, xsd_node_mem(n));
	} else if (xsd_node_mem(n) != before) {
		s->acct(s->acct_ctx, to, 0, xsd_node_mem(n) - before);
	}
}

/* Pre-order successor of n inside the subtree rooted at top. */
struct xsd_node *xsd_node_walk_next(const struct xsd_node *top,
				    const struct xsd_node *n)
{
	if (n->child)
		return n->child;
	while (n != top) {
		if (n->next)
			return n->next;
		n = n->parent;
	}
	return NULL;
}

void xsd_node_unlink(struct xsd_store *s, struct xsd_node *n)
{
	struct xsd_node *p = n->parent;

	if (n->prev)
		n->prev->next = n->next;
	else
		p->child = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else
		p->last = n->prev;
	p->nchildren--;
	p->childlen -= n->namelen + 1;
	p->gen = ++s->gen;
}

/*
 * Remove n and its subtree without recursion (deep trees must not exhaust
 * the stack, XSA-418). fn sees every node, subtree root first, while the
 * whole subtree is still linked so paths can be computed.
 */
void xsd_node_remove(struct xsd_store *s, struct xsd_node *n,
		     xsd_node_fn fn, void *ctx)
{
	struct xsd_node *c, *p;

	for (c = n; fn && c; c = xsd_node_walk_next(n, c))
		fn(ctx, c);
	c = n;
	for (;;) {
		bool last;

		while (c->child)
			c = c->child;
		p = c->parent;
		last = c == n;
		if (s->acct) {
			s->acct(s->acct_ctx, owner(c), -1, -xsd_node_mem(c));
			s->acct(s->acct_ctx, owner(p), 0, -(c->namelen + 1));
		}
		xsd_node_unlink(s, c);
		tab_remove(s, c);
		xsd_perms_put(s, c->perms);
		free(c->data);
		free(c);
		if (last)
			break;
		c = p;
	}
}

size_t xsd_node_path(const struct xsd_node *n, char *buf, size_t size)
{
	const struct xsd_node *p;
	size_t len = 0, off;

	if (!n->parent) {
		if (size >= 2)
			memcpy(buf, "/", 2);
		return 1;
	}
	for (p = n; p->parent; p = p->parent)
		len += p->namelen + 1;
	if (len + 1 > size)
		return len;
	buf[len] = '\0';
	off = len;
	for (p = n; p->parent; p = p->parent) {
		off -= p->namelen;
		memcpy(buf + off, p->name, p->namelen);
		buf[--off] = '/';
	}
	return len;
}

/*
 * What Xen 4.17 charges a domain's memory quota for a node it owns: the
 * record (20-byte header, 8 bytes per permission, data, child names) and
 * its key, the path.
 */
long xsd_node_mem(const struct xsd_node *n)
{
	const struct xsd_node *p;
	long path = n->parent ? 0 : 1;

	for (p = n; p->parent; p = p->parent)
		path += p->namelen + 1;
	return 20 + 8L * n->perms->num + n->datalen + n->childlen + path;
}

/*
 * The size the node-size quota limits, as Xen 4.17 counts it: a 16-byte
 * header, 8 bytes per permission, data and child names. Takes the parts so
 * transaction copies and nodes about to be created are measured alike.
 */
size_t xsd_node_size(uint32_t nperms, size_t datalen, size_t childlen)
{
	return 16 + nperms * 8 + datalen + childlen;
}

/*
 * Verification (CONTROL check). A node exists when the lookup table holds
 * it; the walk from the root follows the child lists. Both are compared,
 * and nothing is changed: a disagreement is a bug to report, not something
 * to paper over. The table's nodes are sorted by address once so that
 * "does this pointer name a node" never dereferences a stale pointer, and
 * a byte per node marks what the walk reached (no recursion, bounded by
 * the table's size even if a list loops).
 */
struct chk {
	const struct xsd_store *s;
	const struct xsd_check_ops *ops;
	struct xsd_node **arr;
	size_t n;
	unsigned char *seen;
	unsigned long problems;
};

static int ptr_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(struct xsd_node *const *)a;
	uintptr_t y = (uintptr_t)*(struct xsd_node *const *)b;

	return x < y ? -1 : x > y;
}

static long chk_idx(const struct chk *k, const struct xsd_node *n)
{
	size_t lo = 0, hi = k->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (k->arr[mid] == n)
			return mid;
		if ((uintptr_t)k->arr[mid] < (uintptr_t)n)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static bool chk_exists(const struct chk *k, const struct xsd_node *n)
{
	return n == k->s->root || chk_idx(k, n) >= 0;
}

/* The path when every ancestor exists, else ".../" and the known tail. */
static void chk_path(const struct chk *k, const struct xsd_node *n,
		     char *buf, size_t size)
{
	const struct xsd_node *p = n;
	size_t steps = 0;

	while (p != k->s->root && chk_idx(k, p) >= 0 && steps++ <= k->n)
		p = p->parent;
	if (p == k->s->root) {
		if (xsd_node_path(n, buf, size) >= size)
			snprintf(buf, size, ".../%.*s", (int)n->namelen, n->name);
		return;
	}
	snprintf(buf, size, ".../%.*s", (int)n->namelen, n->name);
}

static void chk_report(struct chk *k, enum xsd_check_kind kind,
		       const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void chk_report(struct chk *k, enum xsd_check_kind kind,
		       const char *fmt, ...)
{
	char text[512];
	va_list ap;

	k->problems++;
	if (!k->ops->problem)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	k->ops->problem(k->ops->ctx, kind, text);
}

/* p's child list against the table; pushes what may be walked into. */
static void chk_children(struct chk *k, const struct xsd_node *p,
			 struct xsd_node **queue, size_t *tail)
{
	const struct xsd_node *c, *prev = NULL;
	uint32_t num = 0, len = 0;
	char path[256], cpath[256];
	size_t steps = 0;
	long i;

	chk_path(k, p, path, sizeof(path));
	for (c = p->child; c; prev = c, c = c->next) {
		if (steps++ > k->n) {
			chk_report(k, XSD_CHK_LIST, "%s: child list does not end",
				   path);
			return;
		}
		num++;
		len += c->namelen + 1;
		i = chk_idx(k, c);
		if (i < 0) {
			/* Its memory may be gone: no more than the pointer. */
			chk_report(k, XSD_CHK_LISTED_MISSING,
				   "%s: lists a child that does not exist", path);
			return;
		}
		if (c->prev != prev)
			chk_report(k, XSD_CHK_LIST, "%s/%.*s: wrong back link",
				   strcmp(path, "/") ? path : "",
				   (int)c->namelen, c->name);
		if (c->parent != p) {
			chk_path(k, c, cpath, sizeof(cpath));
			chk_report(k, XSD_CHK_LIST,
				   "%s: lists %s, whose parent is another node",
				   path, cpath);
			continue;
		}
		if (k->seen[i]) {
			chk_report(k, XSD_CHK_LIST, "%s: lists %.*s twice",
				   path, (int)c->namelen, c->name);
			continue;
		}
		k->seen[i] = 1;
		queue[(*tail)++] = (struct xsd_node *)c;
	}
	if (p->last != prev)
		chk_report(k, XSD_CHK_LIST, "%s: wrong last child", path);
	if (p->nchildren != num || p->childlen != len)
		chk_report(k, XSD_CHK_LIST,
			   "%s: records %u children (%u bytes of names), lists "
			   "%u (%u bytes)", path, p->nchildren, p->childlen,
			   num, len);
}

static void chk_perms(struct chk *k, const struct xsd_node *n,
		      uint32_t domid_max)
{
	const struct xsd_perms *p = n->perms;
	char path[256];
	uint32_t i = 0;

	if (p && p->num) {
		for (i = 0; i < p->num; i++)
			if (p->p[i].domid >= domid_max ||
			    p->p[i].perm & ~(XSD_PERM_READ | XSD_PERM_WRITE))
				break;
		if (i == p->num)
			return;
	}
	chk_path(k, n, path, sizeof(path));
	if (!p || !p->num)
		chk_report(k, XSD_CHK_PERMS, "%s: no permissions", path);
	else
		chk_report(k, XSD_CHK_PERMS,
			   "%s: permission entry %u names domid %u (perm %u)",
			   path, i, p->p[i].domid, p->p[i].perm);
}

static bool perms_ok(const struct xsd_node *n, uint32_t domid_max)
{
	return n->perms && n->perms->num && n->perms->p[0].domid < domid_max;
}

/* The per-domid counts xsd_perms_name answers from, against a recount of
 * the interned sets. */
static void chk_named(struct chk *k, const struct xsd_store *s)
{
	uint32_t *count = calloc(XSD_PERM_DOMIDS, sizeof(*count)), i, d;
	struct htab_node *hn;
	size_t b;

	if (!count) {
		chk_report(k, XSD_CHK_NAMED, "out of memory for the recount");
		return;
	}
	htab_each(&s->perms, b, hn) {
		const struct xsd_perms *p = htab_entry(hn, struct xsd_perms, hn);

		for (i = 0; i < p->num; i++)
			if (p->p[i].domid < XSD_PERM_DOMIDS)
				count[p->p[i].domid]++;
	}
	for (d = 0; d < XSD_PERM_DOMIDS; d++)
		if (count[d] != s->named[d])
			chk_report(k, XSD_CHK_NAMED, "domain %u: named by %u "
				   "permission entries, counted %u", d,
				   count[d], s->named[d]);
	free(count);
}

unsigned long xsd_store_check(const struct xsd_store *s, uint32_t domid_max,
			      const struct xsd_check_ops *ops,
			      struct xsd_check_stats *st)
{
	struct chk k = { .s = s, .ops = ops };
	struct xsd_node **queue = NULL, *n;
	long *nodes = NULL, *bytes = NULL, kn, kb;
	size_t i, head = 0, tail = 0;
	char path[256];
	uint32_t d;

	memset(st, 0, sizeof(*st));
	k.arr = malloc((s->count + 1) * sizeof(*k.arr));
	queue = malloc((s->count + 1) * sizeof(*queue));
	k.seen = calloc(s->count + 1, 1);
	nodes = calloc(domid_max, sizeof(*nodes));
	bytes = calloc(domid_max, sizeof(*bytes));
	if (!k.arr || !queue || !k.seen || !nodes || !bytes) {
		chk_report(&k, XSD_CHK_TABLE, "no memory to check the store");
		goto out;
	}
	for (i = 0; i <= s->tabmask; i++) {
		if (!s->tab[i])
			continue;
		if (k.n == s->count) {
			k.n++;	/* one more than recorded: enough to say so */
			break;
		}
		k.arr[k.n++] = s->tab[i];
	}
	if (k.n != s->count)
		chk_report(&k, XSD_CHK_TABLE,
			   "the table holds %s%zu nodes, %zu recorded",
			   k.n > s->count ? "more than " : "", k.n - (k.n > s->count),
			   s->count);
	if (k.n > s->count)
		k.n = s->count;
	qsort(k.arr, k.n, sizeof(*k.arr), ptr_cmp);

	/* Breadth first from the root over the child lists. */
	queue[tail++] = s->root;
	while (head < tail) {
		n = queue[head++];
		chk_children(&k, n, queue, &tail);
		chk_perms(&k, n, domid_max);
		if (!perms_ok(n, domid_max))
			continue;
		d = n->perms->p[0].domid;
		if (n == s->root) {
			bytes[d] += n->childlen;	/* its record is free */
			continue;
		}
		nodes[d]++;
		bytes[d] += xsd_node_mem(n);
	}
	st->nodes = tail;

	/* What the table holds that the walk did not reach. */
	for (i = 0; i < k.n; i++) {
		n = k.arr[i];
		if (xsd_node_child(s, n->parent, n->name, n->namelen) != n)
			chk_report(&k, XSD_CHK_TABLE,
				   "%.*s: not found where the table should "
				   "hold it", (int)n->namelen, n->name);
		if (k.seen[i])
			continue;
		if (!n->parent || !chk_exists(&k, n->parent)) {
			chk_report(&k, XSD_CHK_ORPHAN,
				   ".../%.*s: its parent does not exist",
				   (int)n->namelen, n->name);
			continue;
		}
		chk_path(&k, n, path, sizeof(path));
		if (n->parent == s->root || k.seen[chk_idx(&k, n->parent)])
			chk_report(&k, XSD_CHK_UNLISTED,
				   "%s: missing from its parent's child list",
				   path);
		else
			chk_report(&k, XSD_CHK_UNLISTED,
				   "%s: under a node the tree does not reach",
				   path);
	}

	for (d = 0; ops->acct && d < domid_max; d++) {
		kn = kb = 0;
		ops->acct(ops->ctx, d, &kn, &kb);
		if (nodes[d])
			st->owners++;
		if (kn != nodes[d] || kb != bytes[d])
			chk_report(&k, XSD_CHK_ACCT,
				   "domain %u: accounted %ld nodes, %ld bytes; "
				   "the tree has %ld nodes, %ld bytes",
				   d, kn, kb, nodes[d], bytes[d]);
	}
	chk_named(&k, s);
out:
	free(k.arr);
	free(queue);
	free(k.seen);
	free(nodes);
	free(bytes);
	return k.problems;
}
