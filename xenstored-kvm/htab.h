/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small intrusive chained hash table: the entry embeds a struct
 * htab_node, which keeps the entry's full hash so growing never rehashes
 * keys and a lookup compares keys only on a hash match. The table doubles
 * when it holds more entries than buckets; if that allocation fails it
 * keeps working with longer chains. Header-only, so the libraries that
 * use it (libxsd, xl-compat's libxlcfg) compile it in without sharing a
 * source file; see xenstored-kvm/README for why it lives here.
 */
#ifndef XEN_KVM_HTAB_H
#define XEN_KVM_HTAB_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

struct htab_node {
	struct htab_node *next;
	size_t hash;
};

struct htab {
	struct htab_node **b;
	size_t mask;		/* buckets - 1 */
	size_t count;
};

#define htab_entry(n, type, member) \
	((type *)((char *)(n) - offsetof(type, member)))

/* Every bucket, every entry: for (i..) for (n = t->b[i]; n; n = n->next). */
#define htab_each(t, i, n) \
	for ((i) = 0; (i) <= (t)->mask; (i)++) \
		for ((n) = (t)->b[i]; (n); (n) = (n)->next)

/* FNV-1a over a string; seed lets a key add bytes before the string. */
static inline size_t htab_str_hash(const char *s, size_t seed)
{
	size_t h = 2166136261u ^ seed;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* buckets: a power of two. */
static inline int htab_init(struct htab *t, size_t buckets)
{
	t->b = calloc(buckets, sizeof(*t->b));
	t->mask = buckets - 1;
	t->count = 0;
	return t->b ? 0 : ENOMEM;
}

/* Frees the buckets only: the entries belong to the caller. */
static inline void htab_fini(struct htab *t)
{
	free(t->b);
	t->b = NULL;
	t->count = 0;
}

static inline void htab_grow(struct htab *t)
{
	size_t nmask = t->mask * 2 + 1, i;
	struct htab_node **nb = calloc(nmask + 1, sizeof(*nb)), *n, *next;

	if (!nb)
		return;
	for (i = 0; i <= t->mask; i++) {
		for (n = t->b[i]; n; n = next) {
			next = n->next;
			n->next = nb[n->hash & nmask];
			nb[n->hash & nmask] = n;
		}
	}
	free(t->b);
	t->b = nb;
	t->mask = nmask;
}

static inline void htab_add(struct htab *t, struct htab_node *n, size_t hash)
{
	if (t->count > t->mask)
		htab_grow(t);
	n->hash = hash;
	n->next = t->b[hash & t->mask];
	t->b[hash & t->mask] = n;
	t->count++;
}

static inline void htab_del(struct htab *t, struct htab_node *n)
{
	struct htab_node **pp = &t->b[n->hash & t->mask];

	for (; *pp; pp = &(*pp)->next) {
		if (*pp == n) {
			*pp = n->next;
			t->count--;
			return;
		}
	}
}

/* The first entry with this hash for which eq(entry, key) holds. */
static inline struct htab_node *htab_find(const struct htab *t, size_t hash,
					  bool (*eq)(const struct htab_node *,
						     const void *),
					  const void *key)
{
	struct htab_node *n;

	for (n = t->b[hash & t->mask]; n; n = n->next)
		if (n->hash == hash && eq(n, key))
			return n;
	return NULL;
}

#endif
