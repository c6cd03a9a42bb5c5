/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Permission sets: the textual form ("n0", "r5", "w3", "b7"), interning so
 * identical sets are stored once, and the access decision for a caller
 * (the first entry names the owner and the default for unlisted domains).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "xsd.h"

static size_t perms_hash(const struct xsd_perm *p, uint32_t num)
{
	size_t h = 2166136261u;
	uint32_t i;

	for (i = 0; i < num; i++) {
		h = (h ^ p[i].domid) * 16777619u;
		h = (h ^ p[i].perm) * 16777619u;
	}
	return h;
}

struct perms_key {
	const struct xsd_perm *p;
	uint32_t num;
};

static bool perms_eq(const struct htab_node *n, const void *key)
{
	const struct xsd_perms *e = htab_entry(n, struct xsd_perms, hn);
	const struct perms_key *k = key;

	return e->num == k->num && !memcmp(e->p, k->p, k->num * sizeof(*k->p));
}

/* Each entry of a set that comes or goes, counted by the domid it names. */
static void count_names(struct xsd_store *s, const struct xsd_perms *e,
			int delta)
{
	uint32_t i;

	for (i = 0; i < e->num; i++)
		if (e->p[i].domid < XSD_PERM_DOMIDS)
			s->named[e->p[i].domid] += delta;
}

bool xsd_perms_name(const struct xsd_store *s, uint32_t domid)
{
	/* beyond the table (never a domain's): say yes, let callers look */
	return domid >= XSD_PERM_DOMIDS || s->named[domid] > 0;
}

struct xsd_perms *xsd_perms_intern(struct xsd_store *s, const struct xsd_perm *p,
				   uint32_t num)
{
	struct perms_key key = { p, num };
	size_t h = perms_hash(p, num);
	struct htab_node *n = htab_find(&s->perms, h, perms_eq, &key);
	struct xsd_perms *e;

	if (n)
		return xsd_perms_ref(htab_entry(n, struct xsd_perms, hn));
	e = malloc(sizeof(*e) + num * sizeof(*p));
	if (!e)
		return NULL;
	e->refs = 1;
	e->num = num;
	memcpy(e->p, p, num * sizeof(*p));
	htab_add(&s->perms, &e->hn, h);
	count_names(s, e, 1);
	return e;
}

struct xsd_perms *xsd_perms_ref(struct xsd_perms *p)
{
	p->refs++;
	return p;
}

void xsd_perms_put(struct xsd_store *s, struct xsd_perms *p)
{
	if (!p || --p->refs)
		return;
	htab_del(&s->perms, &p->hn);
	count_names(s, p, -1);
	free(p);
}

void xsd_perms_free_all(struct xsd_store *s)
{
	struct htab_node *n, *next;
	size_t i;

	for (i = 0; s->perms.b && i <= s->perms.mask; i++) {
		for (n = s->perms.b[i]; n; n = next) {
			next = n->next;
			free(htab_entry(n, struct xsd_perms, hn));
		}
	}
	htab_fini(&s->perms);
	free(s->named);
	s->named = NULL;
}

static int perm_letter(char c)
{
	switch (c) {
	case 'n': return XSD_PERM_NONE;
	case 'r': return XSD_PERM_READ;
	case 'w': return XSD_PERM_WRITE;
	case 'b': return XSD_PERM_READ | XSD_PERM_WRITE;
	default: return -1;
	}
}

/*
 * Parse NUL-separated entries ("n0\0r5\0") of buf[0..len). More than max
 * entries gives ENOSPC (the perms quota), bad syntax or none EINVAL.
 */
int xsd_perms_parse(const char *buf, size_t len, struct xsd_perm *out,
		    uint32_t max, uint32_t *num)
{
	size_t off = 0;
	uint32_t n = 0;

	while (off < len) {
		const char *e = buf + off;
		size_t elen = strnlen(e, len - off);
		unsigned long id;
		char *end;
		int perm;

		if (elen == len - off || elen < 2)
			return EINVAL;
		perm = perm_letter(e[0]);
		if (perm < 0 || e[1] < '0' || e[1] > '9')
			return EINVAL;
		errno = 0;
		id = strtoul(e + 1, &end, 10);
		/* Checked here, where domids enter: tables are that big. */
		if (errno || *end || id >= XSD_DOMID_MAX)
			return EINVAL;
		if (n >= max)
			return ENOSPC;
		out[n].domid = id;
		out[n].perm = perm;
		n++;
		off += elen + 1;
	}
	if (!n)
		return EINVAL;
	*num = n;
	return 0;
}

size_t xsd_perms_format(const struct xsd_perms *p, char *buf, size_t size)
{
	static const char letters[] = "nrwb";
	size_t off = 0;
	uint32_t i;

	for (i = 0; i < p->num; i++) {
		int n = snprintf(buf + off, size > off ? size - off : 0, "%c%u",
				 letters[p->p[i].perm & 3], p->p[i].domid);

		off += n + 1;	/* keep the NUL as separator */
	}
	return off;
}

unsigned xsd_perm_for(const struct xsd_perms *p, bool priv, uint32_t domid,
		      bool has_target, uint32_t target)
{
	const unsigned all = XSD_PERM_READ | XSD_PERM_WRITE | XSD_PERM_OWNER;
	uint32_t i;

	if (priv || p->p[0].domid == domid ||
	    (has_target && p->p[0].domid == target))
		return all;
	for (i = 1; i < p->num; i++)
		if (p->p[i].domid == domid ||
		    (has_target && p->p[i].domid == target))
			return p->p[i].perm;
	return p->p[0].perm;
}
