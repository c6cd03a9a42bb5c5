/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The snapshot format: the distinct permission sets, the introduced
 * domains with their state (target, features, quota overrides; version 2
 * snapshots held only their ids), the special nodes' perms, then every
 * node in pre-order naming its parent by position, so loading needs
 * neither path parsing nor lookups; version 4 ends with the CRC32 of every
 * byte before it, checked before anything is loaded. Written through stdio
 * by journal.c's compaction, read from a mapping at start.
 */
#include <stdlib.h>

#include "statefile.h"
#include "xsd-internal.h"

#define SNAP_MAGIC	"XSKVSNP4"
#define SNAP_MAGIC_V3	"XSKVSNP3"	/* as 4, without the checksum */
#define SNAP_MAGIC_V2	"XSKVSNP2"
#define SNAP_END	"XSKVEND1"

#define DS_INTRODUCED	1
#define DS_TARGET	2

_Static_assert(XSD_Q_COUNT <= 32, "XSD_DOMSTATE_MAX holds 32 quotas");

size_t xsd_domstate_put(const struct xsd *x, uint32_t domid,
			unsigned char *buf)
{
	const struct xsd_domain *d = x->dom[domid];
	unsigned char flags = d->introduced * DS_INTRODUCED |
			      d->has_target * DS_TARGET, nq = XSD_Q_COUNT;
	size_t off = 0;
	int i;

	memcpy(buf + off, &domid, 4), off += 4;
	buf[off++] = flags;
	memcpy(buf + off, &d->target, 4), off += 4;
	memcpy(buf + off, &d->features, 4), off += 4;
	buf[off++] = nq;
	for (i = 0; i < nq; i++) {
		int64_t q = d->quota[i];

		memcpy(buf + off, &q, 8), off += 8;
	}
	return off;
}

/* Quotas this version does not know (a newer writer's) are skipped. */
bool xsd_domstate_get(struct xsd *x, struct rd *r)
{
	struct xsd_domain *d;
	uint32_t domid, target, features;
	unsigned char flags, nq;
	int64_t q;
	int i;

	if (!get(r, &domid, 4) || !get(r, &flags, 1) || !get(r, &target, 4) ||
	    !get(r, &features, 4) || !get(r, &nq, 1) ||
	    !(d = xsd_domain_get(x, domid)))
		return false;
	d->introduced = flags & DS_INTRODUCED;
	d->has_target = flags & DS_TARGET;
	d->target = target;
	d->features = features;
	for (i = 0; i < nq; i++) {
		if (!get(r, &q, 8))
			return false;
		if (i < XSD_Q_COUNT)
			d->quota[i] = q;
	}
	return true;
}

int xsd_snapshot_load(struct xsd *x, const unsigned char *buf, size_t len,
		      uint64_t *seq, bool *old_format)
{
	struct rd r = { buf + 8, buf + len };
	struct xsd_perms **perms = NULL;
	struct xsd_node **nodes = NULL;
	uint32_t np, nd, i, k, domid, crc;
	uint64_t nn, n;
	int err = EINVAL;
	bool v2 = len >= 8 && !memcmp(buf, SNAP_MAGIC_V2, 8);
	bool v3 = len >= 8 && !memcmp(buf, SNAP_MAGIC_V3, 8);

	/* Versions 2 and 3 had no checksum: loaded as they are. */
	*old_format = v2 || v3;
	if (!*old_format) {
		if (len < 28 || memcmp(buf, SNAP_MAGIC, 8))
			return EBADMSG;
		memcpy(&crc, buf + len - 4, 4);
		if (xsd_crc(xsd_crc(0, NULL, 0), buf, len - 4) != crc)
			return EBADMSG;
		r.end -= 4;
	}
	if (len < 24 || memcmp(r.end - 8, SNAP_END, 8))
		return EBADMSG;
	r.end -= 8;
	if (!get(&r, seq, 8) || !get(&r, &np, 4) || np > len)
		return EINVAL;
	perms = calloc(np ? np : 1, sizeof(*perms));
	if (!perms)
		return ENOMEM;
	for (i = 0; i < np; i++) {
		struct xsd_perm p[XENSTORE_PAYLOAD_MAX / 3];
		uint32_t num;

		if (!get(&r, &num, 4) || !num || num > sizeof(p) / sizeof(p[0]))
			goto out;
		for (k = 0; k < num; k++)
			if (!get(&r, &p[k].domid, 4) || !get(&r, &p[k].perm, 1) ||
			    p[k].domid >= XSD_DOMID_MAX)
				goto out;
		perms[i] = xsd_perms_intern(&x->store, p, num);
		if (!perms[i]) {
			err = ENOMEM;
			goto out;
		}
	}
	if (!get(&r, &nd, 4))
		goto out;
	for (i = 0; i < nd; i++) {
		struct xsd_domain *d;

		if (!v2) {
			if (!xsd_domstate_get(x, &r))
				goto out;
			continue;
		}
		if (!get(&r, &domid, 4) || !(d = xsd_domain_get(x, domid)))
			goto out;
		d->introduced = true;
	}
	for (i = 0; i < 2; i++) {
		if (!get(&r, &k, 4) || k >= np)
			goto out;
		xsd_perms_put(&x->store, x->special[i]);
		x->special[i] = xsd_perms_ref(perms[k]);
	}
	if (!get(&r, &nn, 8) || !nn || nn > len)
		goto out;
	nodes = malloc(nn * sizeof(*nodes));
	if (!nodes || xsd_store_reserve(&x->store, nn)) {
		err = ENOMEM;
		goto out;
	}
	for (n = 0; n < nn; n++) {
		uint32_t parent, pidx, dlen;
		uint16_t nlen;
		const unsigned char *name, *data;
		struct xsd_node *node;

		if (!get(&r, &parent, 4) || !get(&r, &pidx, 4) ||
		    !get(&r, &nlen, 2) || pidx >= np ||
		    (size_t)(r.end - r.p) < nlen)
			goto out;
		name = r.p;
		r.p += nlen;
		if (!get(&r, &dlen, 4) || (size_t)(r.end - r.p) < dlen)
			goto out;
		data = r.p;
		r.p += dlen;
		if (!n) {
			node = x->store.root;
			xsd_node_set_perms(&x->store, node, perms[pidx]);
		} else {
			if (parent >= n)
				goto out;
			node = xsd_node_add(&x->store, nodes[parent],
					    (const char *)name, nlen,
					    perms[pidx]);
			if (!node) {
				err = ENOMEM;
				goto out;
			}
		}
		if (dlen && xsd_node_set_data(&x->store, node, data, dlen)) {
			err = ENOMEM;
			goto out;
		}
		nodes[n] = node;
	}
	err = r.p == r.end ? 0 : EINVAL;
out:
	for (i = 0; i < np; i++)
		if (perms[i])
			xsd_perms_put(&x->store, perms[i]);
	free(perms);
	free(nodes);
	return err;
}

int xsd_snapshot_encode(struct xsd *x, FILE *f, uint64_t seq)
{
	uint32_t np = 0, nd = 0, i, k, *anc = NULL, pos = 0;
	size_t cap = 0;
	struct xsd_perms *p;
	struct htab_node *hn;
	size_t b;
	struct xsd_node *n;
	uint64_t nn = x->store.count + 1;
	uint32_t crc;
	struct xsd_wr w = { f, 0, xsd_crc(0, NULL, 0) };

	xsd_wr(&w, SNAP_MAGIC, 8);
	xsd_wr(&w, &seq, 8);
	htab_each(&x->store.perms, b, hn)
		htab_entry(hn, struct xsd_perms, hn)->idx = np++;
	xsd_wr(&w, &np, 4);
	htab_each(&x->store.perms, b, hn) {
		p = htab_entry(hn, struct xsd_perms, hn);
		xsd_wr(&w, &p->num, 4);
		for (k = 0; k < p->num; k++) {
			xsd_wr(&w, &p->p[k].domid, 4);
			xsd_wr(&w, &p->p[k].perm, 1);
		}
	}
	for (i = 0; i < XSD_DOMID_MAX; i++)
		nd += x->dom[i] && x->dom[i]->introduced;
	xsd_wr(&w, &nd, 4);
	for (i = 0; i < XSD_DOMID_MAX; i++) {
		unsigned char ds[XSD_DOMSTATE_MAX];

		if (x->dom[i] && x->dom[i]->introduced)
			xsd_wr(&w, ds, xsd_domstate_put(x, i, ds));
	}
	xsd_wr(&w, &x->special[0]->idx, 4);
	xsd_wr(&w, &x->special[1]->idx, 4);
	xsd_wr(&w, &nn, 8);
	/* Pre-order; a node names its parent by the parent's position. */
	for (n = x->store.root; n && !w.err;
	     n = xsd_node_walk_next(x->store.root, n)) {
		uint32_t parent = UINT32_MAX, depth = 0;
		uint16_t nlen = n->namelen;
		struct xsd_node *a;

		for (a = n->parent; a; a = a->parent)
			depth++;
		if (depth >= cap) {
			uint32_t *na = realloc(anc, (cap = depth * 2 + 16) *
						    sizeof(*na));

			if (!na) {
				w.err = ENOMEM;
				break;
			}
			anc = na;
		}
		anc[depth] = pos++;
		if (depth)
			parent = anc[depth - 1];
		xsd_wr(&w, &parent, 4);
		xsd_wr(&w, &n->perms->idx, 4);
		xsd_wr(&w, &nlen, 2);
		xsd_wr(&w, n->name, nlen);
		xsd_wr(&w, &n->datalen, 4);
		xsd_wr(&w, n->data, n->datalen);
	}
	free(anc);
	xsd_wr(&w, SNAP_END, 8);
	crc = w.crc;
	xsd_wr(&w, &crc, 4);
	return w.err;
}

