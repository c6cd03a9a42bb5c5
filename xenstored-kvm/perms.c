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

static uint32_t perms_hash(const struct xsd_perm *p, uint32_t num)
{
	uint32_t h = 2166136261u;
	uint32_t i;

	for (i = 0; i < num; i++) {
		h = (h ^ p[i].domid) * 16777619u;
		h = (h ^ p[i].perm) * 16777619u;
	}
	return h;
}

static int ptab_grow(struct xsd_store *s)
{
	size_t nsize = (s->pmask + 1) * 2, i;
	struct xsd_perms **nt = calloc(nsize, sizeof(*nt));

	if (!nt)
		return -1;
	for (i = 0; i <= s->pmask; i++) {
		struct xsd_perms *p = s->ptab[i], *next;

		for (; p; p = next) {
			next = p->hnext;
			p->hnext = nt[p->hash & (nsize - 1)];
			nt[p->hash & (nsize - 1)] = p;
		}
	}
	free(s->ptab);
	s->ptab = nt;
	s->pmask = nsize - 1;
	return 0;
}

struct xsd_perms *xsd_perms_intern(struct xsd_store *s, const struct xsd_perm *p,
				   uint32_t num)
{
	uint32_t h = perms_hash(p, num);
	struct xsd_perms *e;

	for (e = s->ptab[h & s->pmask]; e; e = e->hnext)
		if (e->hash == h && e->num == num &&
		    !memcmp(e->p, p, num * sizeof(*p)))
			return xsd_perms_ref(e);
	if (s->pcount >= s->pmask && ptab_grow(s))
		return NULL;
	e = malloc(sizeof(*e) + num * sizeof(*p));
	if (!e)
		return NULL;
	e->refs = 1;
	e->hash = h;
	e->num = num;
	memcpy(e->p, p, num * sizeof(*p));
	e->hnext = s->ptab[h & s->pmask];
	s->ptab[h & s->pmask] = e;
	s->pcount++;
	return e;
}

struct xsd_perms *xsd_perms_ref(struct xsd_perms *p)
{
	p->refs++;
	return p;
}

void xsd_perms_put(struct xsd_store *s, struct xsd_perms *p)
{
	struct xsd_perms **pp;

	if (!p || --p->refs)
		return;
	for (pp = &s->ptab[p->hash & s->pmask]; *pp; pp = &(*pp)->hnext) {
		if (*pp == p) {
			*pp = p->hnext;
			break;
		}
	}
	s->pcount--;
	free(p);
}

void xsd_perms_free_all(struct xsd_store *s)
{
	size_t i;

	for (i = 0; s->ptab && i <= s->pmask; i++) {
		struct xsd_perms *p, *next;

		for (p = s->ptab[i]; p; p = next) {
			next = p->hnext;
			free(p);
		}
	}
	free(s->ptab);
	s->ptab = NULL;
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
		if (errno || *end || id > 0xffff)
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
