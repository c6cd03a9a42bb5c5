/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The committed node tree: nodes with data, interned permissions and
 * generation counts, found through one hash table keyed by (parent, name)
 * so lookups stay O(path depth) however wide a directory grows. Also the
 * permission set type and the path syntax helpers every layer shares.
 */
#ifndef XSD_STORE_H
#define XSD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "htab.h"

#define XSD_PERM_NONE	0
#define XSD_PERM_READ	1
#define XSD_PERM_WRITE	2
#define XSD_PERM_OWNER	4

/* Domids a permission entry may name (xsd.h's XSD_DOMID_MAX). */
#define XSD_PERM_DOMIDS	0x7ff0

struct xsd_perm {
	uint32_t domid;
	uint8_t perm;
};

/* Interned and reference counted: a million nodes share a handful. */
struct xsd_perms {
	struct htab_node hn;	/* in the store's perms table */
	uint32_t refs;
	uint32_t num;
	uint32_t idx;		/* scratch: snapshot numbering */
	struct xsd_perm p[];
};

struct xsd_node {
	struct xsd_node *parent, *child, *last, *next, *prev;
	struct xsd_perms *perms;
	char *data;
	uint64_t gen;
	uint32_t datalen;
	uint32_t nchildren;
	uint32_t childlen;	/* bytes of "name\0" over all children */
	uint16_t namelen;
	char name[];
};

/*
 * Called on every change of what a domain owns (nodes, and their bytes as
 * xsd_node_mem counts them), so accounting cannot drift.
 */
typedef void (*xsd_acct_fn)(void *ctx, uint32_t owner, int nodes, long bytes);

struct xsd_store {
	struct xsd_node *root;
	struct xsd_node **tab;
	size_t tabmask;
	size_t count;
	uint64_t gen;
	struct htab perms;	/* interned struct xsd_perms */
	uint32_t *named;	/* by domid: entries of interned sets naming it */
	xsd_acct_fn acct;
	void *acct_ctx;
};

/* perms.c */
struct xsd_perms *xsd_perms_intern(struct xsd_store *s, const struct xsd_perm *p,
				   uint32_t num);
struct xsd_perms *xsd_perms_ref(struct xsd_perms *p);
void xsd_perms_put(struct xsd_store *s, struct xsd_perms *p);
int xsd_perms_parse(const char *buf, size_t len, struct xsd_perm *out,
		    uint32_t max, uint32_t *num);
size_t xsd_perms_format(const struct xsd_perms *p, char *buf, size_t size);
unsigned xsd_perm_for(const struct xsd_perms *p, bool priv, uint32_t domid,
		      bool has_target, uint32_t target);
void xsd_perms_free_all(struct xsd_store *s);
/* Does any interned set (a node's, a transaction copy's, a special's)
 * name domid? O(1): RELEASE asks it with thousands of sets. */
bool xsd_perms_name(const struct xsd_store *s, uint32_t domid);

/* store.c */
int xsd_store_init(struct xsd_store *s, xsd_acct_fn acct, void *ctx);
void xsd_store_free(struct xsd_store *s);
int xsd_store_reserve(struct xsd_store *s, size_t count);
struct xsd_node *xsd_node_child(const struct xsd_store *s,
				const struct xsd_node *parent,
				const char *name, size_t len);
struct xsd_node *xsd_node_lookup(const struct xsd_store *s, const char *path);
struct xsd_node *xsd_node_add(struct xsd_store *s, struct xsd_node *parent,
			      const char *name, size_t len,
			      struct xsd_perms *perms);
int xsd_node_set_data(struct xsd_store *s, struct xsd_node *n,
		      const void *data, uint32_t len);
void xsd_node_set_perms(struct xsd_store *s, struct xsd_node *n,
			struct xsd_perms *perms);
typedef void (*xsd_node_fn)(void *ctx, struct xsd_node *n);
struct xsd_node *xsd_node_make(struct xsd_store *s, const char *path,
			       struct xsd_perms *perms, xsd_node_fn made,
			       void *ctx);
void xsd_node_remove(struct xsd_store *s, struct xsd_node *n,
		     xsd_node_fn fn, void *ctx);
/*
 * Take n out of its parent's child list, and nothing else: the lookup
 * table and accounting are the caller's (xsd_node_remove's; test-store
 * uses it to damage a tree the way a buggy unlink would).
 */
void xsd_node_unlink(struct xsd_store *s, struct xsd_node *n);
size_t xsd_node_path(const struct xsd_node *n, char *buf, size_t size);
struct xsd_node *xsd_node_walk_next(const struct xsd_node *top,
				    const struct xsd_node *n);
size_t xsd_node_size(uint32_t nperms, size_t datalen, size_t childlen);
long xsd_node_mem(const struct xsd_node *n);

/*
 * Verifying the tree (CONTROL check): each kind of problem found, told to
 * problem() with one line of text; acct() gives what the accounting hook's
 * keeper holds for a domain, compared with a recount from the tree.
 */
enum xsd_check_kind {
	XSD_CHK_TABLE,		/* node count or lookup table disagree */
	XSD_CHK_LISTED_MISSING,	/* a child listed that does not exist */
	XSD_CHK_UNLISTED,	/* a node missing from its parent's list */
	XSD_CHK_ORPHAN,		/* a node whose parent does not exist */
	XSD_CHK_LIST,		/* child list links or counts inconsistent */
	XSD_CHK_PERMS,		/* permissions naming an invalid domid */
	XSD_CHK_ACCT,		/* per-domain nodes or bytes off the recount */
	XSD_CHK_NAMED,		/* per-domid count of naming sets off */
};

struct xsd_check_ops {
	void (*problem)(void *ctx, enum xsd_check_kind kind, const char *text);
	void (*acct)(void *ctx, uint32_t domid, long *nodes, long *bytes);
	void *ctx;
};

struct xsd_check_stats {
	size_t nodes;		/* reached from the root, root included */
	size_t owners;		/* domains owning at least one node */
};

unsigned long xsd_store_check(const struct xsd_store *s, uint32_t domid_max,
			      const struct xsd_check_ops *ops,
			      struct xsd_check_stats *st);

/* path.c */
bool xsd_path_valid(const char *path);
size_t xsd_path_parent_len(const char *path);

#endif
