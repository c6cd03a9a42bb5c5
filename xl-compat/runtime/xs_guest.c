/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xs_guest.c: the guest's own XenStore nodes across save and restore
 * (xs_guest.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

#include "xs_guest.h"
#include "xs_path.h"

#define REL_MAX 2048	/* XenStore's own path bound, with room to spare */

static const char *const roots[] = { "data", "drivers", "feature", "attr",
				     "error" };

/* Is rel (relative to the home) one of the carried places? */
static bool carried(const char *rel)
{
	size_t i, n;

	if (!strncmp(rel, "control/feature-", 16))
		return rel[16] != '\0';
	for (i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		n = strlen(roots[i]);
		if (!strncmp(rel, roots[i], n) && (!rel[n] || rel[n] == '/'))
			return true;
	}
	return false;
}

struct blob {
	char *p;
	size_t len, cap;
	int err;
};

static void put(struct blob *b, const void *data, size_t n)
{
	if (b->err)
		return;
	if (b->len + n > b->cap) {
		size_t cap = (b->len + n) * 2 + 256;
		char *p = realloc(b->p, cap);

		if (!p) {
			b->err = -ENOMEM;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

/* rel and everything below it that domid owns */
static void walk(struct xs_handle *xs, unsigned int domid, const char *rel,
		 struct blob *b)
{
	char path[REL_MAX + 64], sub[REL_MAX];
	struct xs_permissions *perms;
	unsigned int n, i, vlen = 0;
	char **kids, *v;
	unsigned char l[4];

	xlrt_xs_dom_path(path, sizeof(path), domid, "%s", rel);
	perms = xs_get_permissions(xs, XBT_NULL, path, &n);
	if (!perms)
		return;		/* gone meanwhile, or never there */
	if (n > 0 && perms[0].id == domid &&
	    (v = xs_read(xs, XBT_NULL, path, &vlen))) {
		for (i = 0; i < 4; i++)
			l[i] = (unsigned char)(vlen >> (8 * i));
		put(b, rel, strlen(rel) + 1);
		put(b, l, 4);
		put(b, v, vlen);
		free(v);
	}
	free(perms);
	kids = xs_directory(xs, XBT_NULL, path, &n);
	for (i = 0; kids && i < n && !b->err; i++)
		if (snprintf(sub, sizeof(sub), "%s/%s", rel, kids[i]) <
		    (int)sizeof(sub))
			walk(xs, domid, sub, b);
	free(kids);
}

int xlrt_xs_guest_save(struct xs_handle *xs, unsigned int domid, char **blob,
		       size_t *len)
{
	struct blob b = { 0 };
	char rel[REL_MAX], **kids;
	unsigned int n, i;

	for (i = 0; i < sizeof(roots) / sizeof(roots[0]); i++)
		walk(xs, domid, roots[i], &b);
	kids = xlrt_xs_dom_dir(xs, XBT_NULL, domid, "control", &n);
	for (i = 0; kids && i < n && !b.err; i++) {
		snprintf(rel, sizeof(rel), "control/%.2000s", kids[i]);
		if (carried(rel))
			walk(xs, domid, rel, &b);
	}
	free(kids);
	if (b.err) {
		free(b.p);
		return b.err;
	}
	*blob = b.p;
	*len = b.len;
	return 0;
}

/* The next node of a blob: 1 with rel/val/vlen, 0 at its end, -1 if
 * malformed. */
static int next(const char *blob, size_t len, size_t *pos, const char **rel,
		const char **val, uint32_t *vlen)
{
	const unsigned char *l;
	const char *nul;

	if (*pos == len)
		return 0;
	nul = memchr(blob + *pos, '\0', len - *pos);
	if (!nul || (size_t)(nul - blob) + 5 > len)
		return -1;
	*rel = blob + *pos;
	l = (const unsigned char *)nul + 1;
	*vlen = (uint32_t)l[0] | (uint32_t)l[1] << 8 | (uint32_t)l[2] << 16 |
		(uint32_t)l[3] << 24;
	*val = nul + 5;
	if (*vlen > len - (size_t)(*val - blob))
		return -1;
	*pos = (size_t)(*val - blob) + *vlen;
	return 1;
}

/* Does blob hold a node at rel? */
static bool holds(const char *blob, size_t len, const char *rel)
{
	const char *r, *val;
	size_t pos = 0;
	uint32_t vlen;

	while (next(blob, len, &pos, &r, &val, &vlen) > 0)
		if (!strcmp(r, rel))
			return true;
	return false;
}

/* Check every node of blob (t == XBT_NULL and !write), or in t remove the
 * nodes of was that blob no longer has, then write blob's. */
static int pass(struct xs_handle *xs, xs_transaction_t t, bool write,
		unsigned int domid, const char *was, size_t was_len,
		const char *blob, size_t len, char *err, size_t errlen)
{
	struct xs_permissions p = { .id = domid, .perms = XS_PERM_NONE };
	const char *rel, *val;
	char path[REL_MAX + 64];
	size_t pos = 0;
	uint32_t vlen;
	int r;

	while (write && (r = next(was, was_len, &pos, &rel, &val, &vlen)) > 0) {
		if (holds(blob, len, rel))
			continue;
		xlrt_xs_dom_path(path, sizeof(path), domid, "%s", rel);
		/* ENOENT: below a node removed before it */
		if (!xs_rm(xs, t, path) && errno != ENOENT) {
			r = errno ? -errno : -EIO;
			snprintf(err, errlen, "cannot remove the XenStore node %.200s: %s",
				 path, strerror(-r));
			return r;
		}
	}
	pos = 0;
	while ((r = next(blob, len, &pos, &rel, &val, &vlen)) > 0) {
		if (!write) {
			if (strlen(rel) >= REL_MAX || !carried(rel) ||
			    strstr(rel, "//") || rel[strlen(rel) - 1] == '/') {
				snprintf(err, errlen, "the saved XenStore node "
					 "\"%.200s\" is not one a guest writes",
					 rel);
				return -EINVAL;
			}
			continue;
		}
		xlrt_xs_dom_path(path, sizeof(path), domid, "%s", rel);
		if (!xs_write(xs, t, path, val, vlen) ||
		    !xs_set_permissions(xs, t, path, &p, 1)) {
			r = errno ? -errno : -EIO;
			snprintf(err, errlen, "cannot write the saved XenStore "
				 "node %.200s: %s", path, strerror(-r));
			return r;
		}
	}
	if (r < 0) {
		snprintf(err, errlen, "the saved XenStore nodes are malformed");
		return -EINVAL;
	}
	return 0;
}

int xlrt_xs_guest_update(struct xs_handle *xs, unsigned int domid,
			 const char *was, size_t was_len, const char *blob,
			 size_t len, char *err, size_t errlen)
{
	xs_transaction_t t;
	int r, tries;

	r = pass(xs, XBT_NULL, false, domid, NULL, 0, was, was_len, err, errlen);
	if (!r)
		r = pass(xs, XBT_NULL, false, domid, NULL, 0, blob, len, err, errlen);
	if (r || (!len && !was_len))
		return r;
	for (tries = 0; tries < 10; tries++) {
		t = xs_transaction_start(xs);
		if (t == XBT_NULL)
			break;
		r = pass(xs, t, true, domid, was, was_len, blob, len, err, errlen);
		if (r) {
			xs_transaction_end(xs, t, true);
			return r;
		}
		if (xs_transaction_end(xs, t, false))
			return 0;
		if (errno != EAGAIN)
			break;
	}
	r = errno ? -errno : -EIO;
	snprintf(err, errlen, "cannot write the saved XenStore nodes: %s",
		 strerror(-r));
	return r;
}

int xlrt_xs_guest_restore(struct xs_handle *xs, unsigned int domid,
			  const char *blob, size_t len, char *err,
			  size_t errlen)
{
	return xlrt_xs_guest_update(xs, domid, NULL, 0, blob, len, err, errlen);
}
