/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The committed node tree on its own (store.c, perms.c, path.c; nothing
 * else of libxsd is linked in): adding, finding and removing nodes, the
 * generation counts transactions rely on, interned permission sets and
 * their references, the accounting hook against a recount, deep trees
 * without recursion, and that a store built up and freed leaves no heap
 * block behind (the link wraps malloc and friends to count live blocks).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "store.h"

#define NDOMS 8

/* Live heap blocks allocated by the store (ld --wrap, see local.mk). */
static long live_blocks;
void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void __real_free(void *p);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
void __wrap_free(void *p);

void *__wrap_malloc(size_t size)
{
	void *p = __real_malloc(size);

	live_blocks += p != NULL;
	return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
	void *p = __real_calloc(n, size);

	live_blocks += p != NULL;
	return p;
}

void *__wrap_realloc(void *p, size_t size)
{
	void *np = __real_realloc(p, size);

	live_blocks += !p && np;
	return np;
}

void __wrap_free(void *p)
{
	live_blocks -= p != NULL;
	__real_free(p);
}

/* What the accounting hook was told, per owner. */
struct tally {
	long nodes[NDOMS];
	long bytes[NDOMS];
};

static void acct(void *ctx, uint32_t owner, int nodes, long bytes)
{
	struct tally *t = ctx;

	assert_true(owner < NDOMS);
	t->nodes[owner] += nodes;
	t->bytes[owner] += bytes;
}

/* Recount what each domain owns by walking the tree (root excluded). */
static void recount(const struct xsd_store *s, struct tally *t)
{
	const struct xsd_node *n;

	memset(t, 0, sizeof(*t));
	for (n = s->root->child ? s->root->child : NULL; n;
	     n = xsd_node_walk_next(s->root, n)) {
		t->nodes[n->perms->p[0].domid]++;
		t->bytes[n->perms->p[0].domid] += xsd_node_mem(n);
	}
	/* the root's children names are charged to the root's owner */
	t->bytes[s->root->perms->p[0].domid] += s->root->childlen;
}

static void assert_accounted(const struct xsd_store *s, const struct tally *t)
{
	struct tally r;
	int i;

	recount(s, &r);
	for (i = 0; i < NDOMS; i++) {
		assert_int_equal(t->nodes[i], r.nodes[i]);
		/* the root's own record was never charged: only its names */
		assert_int_equal(t->bytes[i], r.bytes[i]);
	}
}

static struct xsd_perms *perms1(struct xsd_store *s, uint32_t owner,
				uint8_t perm)
{
	struct xsd_perm p = { owner, perm };

	return xsd_perms_intern(s, &p, 1);
}

static struct xsd_node *add(struct xsd_store *s, const char *path,
			    struct xsd_perms *p)
{
	struct xsd_node *n = xsd_node_make(s, path, p, NULL, NULL);

	assert_non_null(n);
	return n;
}

static void test_nodes(void **state)
{
	struct xsd_store s;
	struct tally t = { 0 };
	struct xsd_perms *p0;
	struct xsd_node *a, *b, *c;
	char path[64];

	assert_int_equal(xsd_store_init(&s, acct, &t), 0);
	p0 = perms1(&s, 0, XSD_PERM_NONE);
	a = add(&s, "/a", p0);
	b = add(&s, "/a/b", p0);
	c = add(&s, "/a/b/c", p0);
	assert_int_equal(s.count, 3);
	assert_ptr_equal(xsd_node_lookup(&s, "/a/b/c"), c);
	assert_ptr_equal(xsd_node_lookup(&s, "/"), s.root);
	assert_null(xsd_node_lookup(&s, "/a/x"));
	assert_null(xsd_node_lookup(&s, "/a/b/c/d"));
	assert_ptr_equal(xsd_node_child(&s, a, "b", 1), b);
	assert_ptr_equal(c->parent, b);
	assert_int_equal(xsd_node_path(c, path, sizeof(path)), 6);
	assert_string_equal(path, "/a/b/c");
	/* children in creation order, names counted in childlen */
	add(&s, "/a/a", p0);
	add(&s, "/a/z", p0);
	assert_string_equal(a->child->name, "b");
	assert_string_equal(a->child->next->name, "a");
	assert_string_equal(a->last->name, "z");
	assert_int_equal(a->nchildren, 3);
	assert_int_equal(a->childlen, 6);
	/* make with existing ancestors creates only what is missing */
	assert_ptr_equal(add(&s, "/a/b/c", p0), c);
	assert_int_equal(s.count, 5);
	assert_int_equal(xsd_node_set_data(&s, c, "hello", 5), 0);
	assert_int_equal(c->datalen, 5);
	assert_memory_equal(c->data, "hello", 5);
	assert_accounted(&s, &t);
	xsd_perms_put(&s, p0);
	xsd_store_free(&s);
}

static void test_generations(void **state)
{
	struct xsd_store s;
	struct xsd_perms *p0, *p5;
	struct xsd_node *a, *b;
	uint64_t ga, gb;

	assert_int_equal(xsd_store_init(&s, NULL, NULL), 0);
	p0 = perms1(&s, 0, XSD_PERM_NONE);
	p5 = perms1(&s, 5, XSD_PERM_READ);
	a = add(&s, "/a", p0);
	ga = a->gen;
	b = add(&s, "/a/b", p0);
	/* a new child changes the parent (its children list) */
	assert_true(a->gen > ga);
	assert_int_equal(b->gen, s.gen);
	ga = a->gen;
	gb = b->gen;
	assert_int_equal(xsd_node_set_data(&s, b, "x", 1), 0);
	assert_true(b->gen > gb);
	assert_int_equal(a->gen, ga);	/* data of a child: parent unchanged */
	gb = b->gen;
	xsd_node_set_perms(&s, b, p5);
	assert_true(b->gen > gb);
	/* generations only grow, and are unique store-wide */
	assert_true(s.gen >= b->gen && b->gen != a->gen);
	ga = a->gen;
	xsd_node_remove(&s, b, NULL, NULL);
	assert_true(a->gen > ga);
	assert_null(xsd_node_lookup(&s, "/a/b"));
	xsd_perms_put(&s, p0);
	xsd_perms_put(&s, p5);
	xsd_store_free(&s);
}

static void test_perms(void **state)
{
	struct xsd_store s;
	struct xsd_perm two[2] = { { 5, XSD_PERM_NONE }, { 6, XSD_PERM_READ } };
	struct xsd_perms *a, *b, *c;
	struct xsd_node *n;
	size_t base;
	char buf[64];

	assert_int_equal(xsd_store_init(&s, NULL, NULL), 0);
	base = s.perms.count;		/* the root's set */
	a = xsd_perms_intern(&s, two, 2);
	b = xsd_perms_intern(&s, two, 2);
	assert_ptr_equal(a, b);		/* interned: stored once */
	assert_int_equal(a->refs, 2);
	c = perms1(&s, 5, XSD_PERM_NONE);
	assert_ptr_not_equal(a, c);
	assert_int_equal(s.perms.count, base + 2);
	/* nodes hold references; the last put frees the set */
	n = add(&s, "/n", a);
	assert_int_equal(a->refs, 3);
	xsd_perms_put(&s, b);
	xsd_perms_put(&s, a);
	assert_int_equal(n->perms->refs, 1);
	xsd_node_set_perms(&s, n, c);
	assert_int_equal(s.perms.count, base + 1);	/* two[] went */
	/* textual form and the access decision */
	assert_int_equal(xsd_perms_format(c, buf, sizeof(buf)), 3);
	assert_string_equal(buf, "n5");
	a = xsd_perms_intern(&s, two, 2);
	assert_int_equal(xsd_perm_for(a, false, 5, false, 0),
			 XSD_PERM_READ | XSD_PERM_WRITE | XSD_PERM_OWNER);
	assert_int_equal(xsd_perm_for(a, false, 6, false, 0), XSD_PERM_READ);
	assert_int_equal(xsd_perm_for(a, false, 7, false, 0), XSD_PERM_NONE);
	assert_int_equal(xsd_perm_for(a, false, 7, true, 6), XSD_PERM_READ);
	assert_int_equal(xsd_perm_for(a, true, 7, false, 0),
			 XSD_PERM_READ | XSD_PERM_WRITE | XSD_PERM_OWNER);
	xsd_perms_put(&s, a);
	xsd_perms_put(&s, c);
	xsd_node_remove(&s, n, NULL, NULL);
	assert_int_equal(s.perms.count, base);
	xsd_store_free(&s);
}

struct seen {
	char paths[8][64];
	int n;
};

static void seen_fn(void *ctx, struct xsd_node *n)
{
	struct seen *s = ctx;

	assert_true(s->n < 8);
	xsd_node_path(n, s->paths[s->n++], sizeof(s->paths[0]));
}

static void test_accounting(void **state)
{
	struct xsd_store s;
	struct tally t = { 0 };
	struct xsd_perms *p0, *p5, *p6;
	struct xsd_node *h;
	struct seen seen = { .n = 0 };

	assert_int_equal(xsd_store_init(&s, acct, &t), 0);
	p0 = perms1(&s, 0, XSD_PERM_NONE);
	p5 = perms1(&s, 5, XSD_PERM_NONE);
	p6 = perms1(&s, 6, XSD_PERM_READ);
	add(&s, "/local/domain", p0);
	h = add(&s, "/local/domain/5", p5);
	add(&s, "/local/domain/5/x/y", p5);
	assert_int_equal(t.nodes[5], 3);
	assert_accounted(&s, &t);
	/* data growth and shrink */
	assert_int_equal(xsd_node_set_data(&s, h, "0123456789", 10), 0);
	assert_accounted(&s, &t);
	assert_int_equal(xsd_node_set_data(&s, h, "01", 2), 0);
	assert_accounted(&s, &t);
	/* a change of owner moves the node between domains */
	xsd_node_set_perms(&s, xsd_node_lookup(&s, "/local/domain/5/x"), p6);
	assert_int_equal(t.nodes[5], 2);
	assert_int_equal(t.nodes[6], 1);
	assert_accounted(&s, &t);
	/* removal: the subtree, root first, then nothing left owned */
	xsd_node_remove(&s, h, seen_fn, &seen);
	assert_int_equal(seen.n, 3);
	assert_string_equal(seen.paths[0], "/local/domain/5");
	assert_string_equal(seen.paths[1], "/local/domain/5/x");
	assert_string_equal(seen.paths[2], "/local/domain/5/x/y");
	assert_int_equal(t.nodes[5], 0);
	assert_int_equal(t.bytes[5], 0);
	assert_int_equal(t.nodes[6], 0);
	assert_int_equal(t.bytes[6], 0);
	assert_accounted(&s, &t);
	/* the node-size formula the quota checks use */
	assert_int_equal(xsd_node_size(2, 10, 6), 16 + 2 * 8 + 10 + 6);
	xsd_perms_put(&s, p0);
	xsd_perms_put(&s, p5);
	xsd_perms_put(&s, p6);
	xsd_store_free(&s);
}

/* Deep and wide trees: no recursion (XSA-418), lookups stay right. */
static void test_deep_and_wide(void **state)
{
	struct xsd_store s;
	struct xsd_perms *p0;
	struct xsd_node *n, *top;
	char name[16];
	size_t i, walked = 0;

	assert_int_equal(xsd_store_init(&s, NULL, NULL), 0);
	p0 = perms1(&s, 0, XSD_PERM_NONE);
	top = n = xsd_node_add(&s, s.root, "d", 1, p0);
	for (i = 0; i < 100000; i++) {
		n = xsd_node_add(&s, n, "x", 1, p0);
		assert_non_null(n);
	}
	for (n = top; n; n = xsd_node_walk_next(top, n))
		walked++;
	assert_int_equal(walked, 100001);
	xsd_node_remove(&s, top, NULL, NULL);
	assert_int_equal(s.count, 0);
	top = xsd_node_add(&s, s.root, "w", 1, p0);
	for (i = 0; i < 20000; i++) {
		int len = snprintf(name, sizeof(name), "%zu", i);

		assert_non_null(xsd_node_add(&s, top, name, len, p0));
	}
	for (i = 0; i < 20000; i += 7) {
		int len = snprintf(name, sizeof(name), "%zu", i);

		n = xsd_node_child(&s, top, name, len);
		assert_non_null(n);
		assert_string_equal(n->name, name);
		xsd_node_remove(&s, n, NULL, NULL);
		assert_null(xsd_node_child(&s, top, name, len));
	}
	assert_int_equal(top->nchildren, 20000 - 2858);
	xsd_perms_put(&s, p0);
	xsd_store_free(&s);
}

/* What xsd_store_check found, by kind. */
struct found {
	int kind[8];
	unsigned long total;
	char last[8][512];	/* the last text of each kind */
};

static void chk_problem(void *ctx, enum xsd_check_kind kind, const char *text)
{
	struct found *f = ctx;

	f->kind[kind]++;
	f->total++;
	strncpy(f->last[kind], text, sizeof(f->last[kind]) - 1);
}

static struct tally *chk_tally;

static void chk_acct(void *ctx, uint32_t domid, long *nodes, long *bytes)
{
	(void)ctx;
	if (domid < NDOMS) {
		*nodes = chk_tally->nodes[domid];
		*bytes = chk_tally->bytes[domid];
	}
}

static unsigned long check(const struct xsd_store *s, struct tally *t,
			   struct found *f, struct xsd_check_stats *st)
{
	struct xsd_check_ops ops = { chk_problem, chk_acct, f };
	unsigned long n;

	memset(f, 0, sizeof(*f));
	chk_tally = t;
	n = xsd_store_check(s, NDOMS, &ops, st);
	assert_int_equal(n, f->total);
	return n;
}

/*
 * Take n out of the lookup table by hand; returns its slot so the test can
 * put it back (nodes probed past it may go unfound meanwhile: the table
 * check may say so too).
 */
static size_t untable(struct xsd_store *s, struct xsd_node *n)
{
	size_t i;

	for (i = 0; i <= s->tabmask; i++)
		if (s->tab[i] == n)
			break;
	assert_true(i <= s->tabmask);
	s->tab[i] = NULL;
	s->count--;
	return i;
}

static void test_check(void **state)
{
	struct xsd_store s;
	struct tally t = { 0 };
	struct xsd_check_stats st;
	struct xsd_perms *p0, *p3;
	struct xsd_node *a, *b, *c, *gone, *orphan;
	struct found f;
	char path[32];
	size_t slot;
	int i;

	assert_int_equal(xsd_store_init(&s, acct, &t), 0);
	p0 = perms1(&s, 0, XSD_PERM_NONE);
	p3 = perms1(&s, 3, XSD_PERM_READ);
	for (i = 0; i < 200; i++) {
		snprintf(path, sizeof(path), "/d%d/k%d", i % 7, i);
		add(&s, path, i % 2 ? p3 : p0);
	}
	a = add(&s, "/x/a", p3);
	b = add(&s, "/x/b", p3);
	orphan = add(&s, "/y/gone/orphan", p0);
	gone = orphan->parent;

	/* clean: nothing found, every node reached, two owners */
	assert_int_equal(check(&s, &t, &f, &st), 0);
	assert_int_equal(st.nodes, s.count + 1);
	assert_int_equal(st.owners, 2);

	/* a child missing from its parent's list */
	/* as a buggy unlink would */
	xsd_node_unlink(&s, b);
	assert_int_equal(check(&s, &t, &f, &st), 2);
	assert_int_equal(f.kind[XSD_CHK_UNLISTED], 1);
	assert_string_equal(f.last[XSD_CHK_UNLISTED],
			    "/x/b: missing from its parent's child list");
	/*
	 * The recount misses b, so domain 3's totals disagree too: one node,
	 * its record (20 + 8 + "/x/b" 4 = 32) and its name in /x's list (2).
	 */
	assert_int_equal(f.kind[XSD_CHK_ACCT], 1);
	assert_string_equal(f.last[XSD_CHK_ACCT], "domain 3: accounted 106 "
			    "nodes, 4119 bytes; the tree has 105 nodes, 4085 bytes");
	/* relink it: clean again */
	b->prev = a->parent->last;
	a->parent->last->next = b;
	a->parent->last = b;
	a->parent->nchildren++;
	a->parent->childlen += b->namelen + 1;
	assert_int_equal(check(&s, &t, &f, &st), 0);

	/*
	 * An orphan: its parent leaves the table and the list (memory kept,
	 * so the test can put it back), the orphan stays in the table.
	 */
	xsd_node_unlink(&s, gone);
	slot = untable(&s, gone);
	c = xsd_node_lookup(&s, "/y");
	assert_int_equal(c->nchildren, 0);
	check(&s, &t, &f, &st);
	assert_int_equal(f.kind[XSD_CHK_ORPHAN], 1);
	assert_int_equal(f.kind[XSD_CHK_UNLISTED], 0);
	assert_string_equal(f.last[XSD_CHK_ORPHAN], ".../orphan: its parent does not exist");
	/* the orphan is reached by nothing: its node no longer counts */
	assert_int_equal(st.nodes, s.count);

	/* ...and the accounting still counts the lost nodes: both noticed */
	assert_int_equal(f.kind[XSD_CHK_ACCT], 1);

	/* a listed child that does not exist: put gone back in the list only */
	gone->prev = c->last;
	c->child = c->last = gone;
	c->nchildren = 1;
	c->childlen = gone->namelen + 1;
	check(&s, &t, &f, &st);
	assert_int_equal(f.kind[XSD_CHK_LISTED_MISSING], 1);
	/* back into the table: clean */
	s.tab[slot] = gone;
	s.count++;
	assert_int_equal(check(&s, &t, &f, &st), 0);

	/* a wrong per-domain count */
	t.nodes[3]++;
	assert_int_equal(check(&s, &t, &f, &st), 1);
	assert_int_equal(f.kind[XSD_CHK_ACCT], 1);
	assert_non_null(strstr(f.last[XSD_CHK_ACCT], "domain 3: accounted"));
	t.nodes[3]--;
	t.bytes[0] -= 5;
	assert_int_equal(check(&s, &t, &f, &st), 1);
	assert_non_null(strstr(f.last[XSD_CHK_ACCT], "domain 0:"));
	t.bytes[0] += 5;

	/* a child-list count that disagrees with the list */
	a->parent->childlen++;
	assert_int_equal(check(&s, &t, &f, &st), 2);
	assert_int_equal(f.kind[XSD_CHK_LIST], 1);
	assert_string_equal(f.last[XSD_CHK_LIST], "/x: records 2 children "
			    "(5 bytes of names), lists 2 (4 bytes)");
	/* the node's own size counts its child names: owner's bytes too */
	assert_int_equal(f.kind[XSD_CHK_ACCT], 1);
	a->parent->childlen--;

	/* a permission naming a domid past the limit */
	a->perms->p[0].domid = NDOMS + 1;
	check(&s, &t, &f, &st);
	assert_true(f.kind[XSD_CHK_PERMS] >= 1);
	a->perms->p[0].domid = 3;
	assert_int_equal(check(&s, &t, &f, &st), 0);

	xsd_perms_put(&s, p0);
	xsd_perms_put(&s, p3);
	xsd_store_free(&s);
}

/* Build, change and free a store: the heap is back where it was. */
static void test_no_leak(void **state)
{
	struct xsd_store s;
	struct tally t = { 0 };
	struct xsd_perms *p[3];
	struct xsd_node *n;
	char path[64];
	long before = live_blocks;
	int i;

	assert_int_equal(xsd_store_init(&s, acct, &t), 0);
	for (i = 0; i < 3; i++)
		p[i] = perms1(&s, i, XSD_PERM_READ);
	for (i = 0; i < 3000; i++) {
		snprintf(path, sizeof(path), "/t/%d/n%d", i % 17, i);
		n = xsd_node_make(&s, path, p[i % 3], NULL, NULL);
		assert_non_null(n);
		assert_int_equal(xsd_node_set_data(&s, n, path, strlen(path)), 0);
		if (i % 5 == 0)
			xsd_node_set_perms(&s, n, p[(i + 1) % 3]);
	}
	xsd_node_remove(&s, xsd_node_lookup(&s, "/t/3"), NULL, NULL);
	for (i = 0; i < 3; i++)
		xsd_perms_put(&s, p[i]);
	assert_accounted(&s, &t);
	assert_true(live_blocks > before);	/* the wrapping counts */
	xsd_store_free(&s);
	assert_int_equal(live_blocks, before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nodes),
		cmocka_unit_test(test_generations),
		cmocka_unit_test(test_perms),
		cmocka_unit_test(test_accounting),
		cmocka_unit_test(test_deep_and_wide),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_no_leak),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
