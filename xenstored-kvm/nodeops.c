/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Handlers of the node requests: READ, WRITE, MKDIR, RM, DIRECTORY,
 * DIRECTORY_PART, GET_PERMS, SET_PERMS. They check permissions and quotas
 * the way Xen's xenstored does and change nodes only through view.c,
 * so they work unchanged inside a transaction.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xsd-internal.h"

#define PATHBUF (XENSTORE_ABS_PATH_MAX + 1)

/*
 * A missing node reports ENOENT only to callers the closest existing
 * ancestor grants the access they asked for; others learn nothing (EACCES).
 */
static int missing_errno(struct xsd_req *r, const char *path, unsigned perm)
{
	char buf[PATHBUF];
	struct xsd_ent e;
	size_t len;
	int err;

	strcpy(buf, path);
	do {
		len = xsd_path_parent_len(buf);
		buf[len] = '\0';
		err = xsd_get(r, buf, &e);
		if (err)
			return err;
		if (e.exists)
			return (xsd_conn_perm(r->c, e.perms) & perm) ? ENOENT
								     : EACCES;
	} while (len > 1);
	return EACCES;
}

static int get_node(struct xsd_req *r, const char *path, unsigned perm,
		    struct xsd_ent *e)
{
	int err = xsd_get(r, path, e);

	if (err)
		return err;
	if (e->exists)
		return (xsd_conn_perm(r->c, e->perms) & perm) == perm ? 0
								      : EACCES;
	return missing_errno(r, path, perm);
}

/* Would e, with datalen bytes of data and extra child names, be too big? */
static bool size_exceeded(const struct xsd_req *r, const struct xsd_ent *e,
			  size_t datalen, size_t extra_children)
{
	return xsd_quota_hit(r->c, XSD_Q_NODE_SIZE,
			     xsd_node_size(e->perms->num, datalen,
					   e->childlen + extra_children));
}

/*
 * Xen's hard memory quota: an unprivileged caller may not make a domain's
 * nodes (as xsd_node_mem counts them) plus its transaction copies grow
 * past it: ENOMEM, as Xen answers. Growth goes to the node's owner; the
 * check uses the caller's quota, as the other quotas do.
 */
static int mem_check(const struct xsd_req *r, uint32_t owner, long growth)
{
	const struct xsd_domain *d = r->x->dom[owner];

	if (r->c->priv || !owner || growth <= 0 || !d)
		return 0;
	return xsd_quota_hit(r->c, XSD_Q_MEMORY,
			     d->bytes + d->txbytes + growth) ? ENOMEM : 0;
}

/* What creating path's missing nodes below plen adds (xsd_node_mem). */
static long create_mem(const char *path, size_t plen, uint32_t nperms)
{
	size_t len = strlen(path), i, start = plen + (plen > 1);
	bool first = true;
	long mem = 0;

	for (i = start; i <= len; i++) {
		if (i < len && path[i] != '/')
			continue;
		mem += 20 + 8L * nperms + i;	/* the node, its path */
		if (!first)
			mem += i - start + 1;	/* its name in its parent */
		first = false;
		start = i + 1;
	}
	return mem;
}

/* Perms for a node created by this connection under parent. */
static struct xsd_perms *child_perms(struct xsd_req *r, struct xsd_perms *pp)
{
	struct xsd_perm p[pp->num];

	if (r->c->priv)
		return xsd_perms_ref(pp);
	memcpy(p, pp->p, sizeof(p));
	p[0].domid = r->c->domid;
	return xsd_perms_intern(&r->x->store, p, pp->num);
}

/* Create path and its missing ancestors (data to come: dlen bytes). */
static int create_path(struct xsd_req *r, const char *path, size_t dlen,
		       struct xsd_ent *out)
{
	char buf[PATHBUF];
	struct xsd_ent parent;
	struct xsd_perms *perms;
	size_t len = strlen(path), plen = len, missing = 0;
	int err;

	strcpy(buf, path);
	for (;;) {
		plen = xsd_path_parent_len(buf);
		buf[plen] = '\0';
		missing++;
		err = xsd_get(r, buf, &parent);
		if (err)
			return err;
		if (parent.exists)
			break;
	}
	if (!r->c->priv) {
		long have = r->c->dom->nodes +
			    (r->tx ? xsd_tx_nodes_delta(r->tx) : 0);
		const char *first = path + plen + (plen > 1);

		if (xsd_quota_hit(r->c, XSD_Q_NODES, have + missing))
			return ENOSPC;
		if (size_exceeded(r, &parent, parent.datalen,
				  strchrnul(first, '/') - first + 1))
			return ENOSPC;
		err = mem_check(r, r->c->domid, (long)dlen +
				create_mem(path, plen, parent.perms->num));
		if (err)
			return err;
	}
	perms = child_perms(r, parent.perms);
	if (!perms)
		return ENOMEM;
	/* Top-down: each created node becomes the next one's parent. */
	while (plen < len) {
		size_t next = plen + 1 + (plen > 1);

		while (next < len && path[next] != '/')
			next++;
		memcpy(buf, path, next);
		buf[next] = '\0';
		err = xsd_create(r, buf, &parent, perms, out);
		if (err)
			break;
		parent = *out;
		plen = next;
	}
	xsd_perms_put(&r->x->store, perms);
	if (!err && r->tx && !r->c->priv)
		xsd_tx_add_nodes(r->tx, missing);
	return err;
}

/* Exactly one argument, as Xen's onearg(): extra ones are EINVAL. */
static int one_path(struct xsd_req *r, char *path)
{
	if (strnlen(r->payload, r->hdr.len) + 1 != r->hdr.len)
		return EINVAL;
	return xsd_canon(r, r->payload, path);
}

int xsd_do_read(struct xsd_req *r)
{
	char path[PATHBUF];
	struct xsd_ent e;
	int err = one_path(r, path);

	if (!err)
		err = get_node(r, path, XSD_PERM_READ, &e);
	return err ? err : xsd_reply(r, e.data, e.datalen);
}

int xsd_do_write(struct xsd_req *r)
{
	char path[PATHBUF];
	struct xsd_ent e;
	const char *data;
	size_t plen = strnlen(r->payload, r->hdr.len), dlen;
	int err;

	if (plen == r->hdr.len)
		return EINVAL;
	err = xsd_canon(r, r->payload, path);
	if (err)
		return err;
	data = r->payload + plen + 1;
	dlen = r->hdr.len - plen - 1;
	err = get_node(r, path, XSD_PERM_WRITE, &e);
	if (err && err != ENOENT)
		return err;
	/* Check the size before creating anything: no orphans on failure. */
	if (!r->c->priv && (err ? xsd_quota_hit(r->c, XSD_Q_NODE_SIZE,
						xsd_node_size(1, dlen, 0))
				: size_exceeded(r, &e, dlen, 0)))
		return ENOSPC;
	if (!err)
		err = mem_check(r, e.perms->p[0].domid, (long)dlen - e.datalen);
	else
		err = create_path(r, path, dlen, &e);
	if (!err)
		err = xsd_set_data(r, &e, data, dlen);
	if (err)
		return err;
	xsd_event(r, path, false, e.perms);
	return xsd_reply_str(r, "OK");
}

int xsd_do_mkdir(struct xsd_req *r)
{
	char path[PATHBUF];
	struct xsd_ent e;
	int err = one_path(r, path);

	if (!err)
		err = get_node(r, path, XSD_PERM_WRITE, &e);
	if (!err)
		return xsd_reply_str(r, "OK");
	if (err != ENOENT)
		return err;
	err = create_path(r, path, 0, &e);
	if (err)
		return err;
	xsd_event(r, path, false, e.perms);
	return xsd_reply_str(r, "OK");
}

int xsd_do_rm(struct xsd_req *r)
{
	char path[PATHBUF];
	struct xsd_ent e;
	int err = one_path(r, path);

	if (err)
		return err;
	if (!strcmp(path, "/"))
		return EINVAL;
	err = get_node(r, path, XSD_PERM_WRITE, &e);
	if (err == ENOENT) {
		/* Removing what is not there is fine if its parent is. */
		char parent[PATHBUF];

		strcpy(parent, path);
		parent[xsd_path_parent_len(parent)] = '\0';
		err = xsd_get(r, parent, &e);
		if (!err)
			err = e.exists ? 0 : ENOENT;
		return err ? err : xsd_reply_str(r, "OK");
	}
	if (err)
		return err;
	err = xsd_remove(r, path, &e);
	return err ? err : xsd_reply_str(r, "OK");
}

int xsd_do_directory(struct xsd_req *r)
{
	char path[PATHBUF], buf[XENSTORE_PAYLOAD_MAX];
	struct xsd_ent e;
	bool complete;
	size_t len;
	int err = one_path(r, path);

	if (!err)
		err = get_node(r, path, XSD_PERM_READ, &e);
	if (!err)
		err = xsd_ent_list(r, &e);
	if (err)
		return err;
	if (e.childlen > XENSTORE_PAYLOAD_MAX)
		return E2BIG;
	len = xsd_ent_children(&e, 0, buf, sizeof(buf), &complete);
	return xsd_reply(r, buf, len);
}

/* Reply "<generation>\0" then children from a byte offset; "\0" ends. */
int xsd_do_directory_part(struct xsd_req *r)
{
	char path[PATHBUF], buf[XENSTORE_PAYLOAD_MAX];
	const char *v[2];
	struct xsd_ent e;
	unsigned long off;
	bool complete;
	char *end;
	size_t len;
	int err, glen;

	if (xsd_args(r, v, 2) < 2)
		return EINVAL;
	err = xsd_canon(r, v[0], path);
	if (err)
		return err;
	errno = 0;
	off = strtoul(v[1], &end, 10);
	if (errno || end == v[1] || *end)
		return EINVAL;
	err = get_node(r, path, XSD_PERM_READ, &e);
	if (!err)
		err = xsd_ent_list(r, &e);
	if (err)
		return err;
	glen = snprintf(buf, sizeof(buf), "%" PRIu64, e.gen) + 1;
	len = glen + xsd_ent_children(&e, off, buf + glen,
				      sizeof(buf) - glen - 1, &complete);
	if (complete)
		buf[len++] = '\0';
	return xsd_reply(r, buf, len);
}

static struct xsd_perms **special_perms(struct xsd *x, const char *path)
{
	if (!strcmp(path, "@introduceDomain"))
		return &x->special[0];
	if (!strcmp(path, "@releaseDomain"))
		return &x->special[1];
	return NULL;
}

int xsd_do_get_perms(struct xsd_req *r)
{
	char path[PATHBUF], buf[XENSTORE_PAYLOAD_MAX + 16];
	struct xsd_perms **sp, *p;
	struct xsd_ent e;
	const char *v[1];
	size_t len;
	int err;

	if (xsd_args(r, v, 1) < 1)
		return EINVAL;
	sp = special_perms(r->x, v[0]);
	if (sp) {
		p = *sp;
		if (!(xsd_conn_perm(r->c, p) & XSD_PERM_READ))
			return EACCES;
	} else {
		err = xsd_canon(r, v[0], path);
		if (!err)
			err = get_node(r, path, XSD_PERM_READ, &e);
		if (err)
			return err;
		p = e.perms;
	}
	len = xsd_perms_format(p, buf, sizeof(buf));
	return len > XENSTORE_PAYLOAD_MAX ? E2BIG : xsd_reply(r, buf, len);
}

int xsd_do_set_perms(struct xsd_req *r)
{
	char path[PATHBUF];
	struct xsd_perm p[XENSTORE_PAYLOAD_MAX / 3];
	struct xsd_perms *perms, **sp, *old;
	struct xsd_ent e;
	size_t plen = strnlen(r->payload, r->hdr.len);
	uint32_t num, max = sizeof(p) / sizeof(p[0]);
	int err;

	if (plen == r->hdr.len)
		return EINVAL;
	if (!r->c->priv && xsd_quota(r->c, XSD_Q_PERMS) < (long)max)
		max = xsd_quota(r->c, XSD_Q_PERMS);
	err = xsd_perms_parse(r->payload + plen + 1, r->hdr.len - plen - 1,
			      p, max, &num);
	if (err)
		return err;
	sp = special_perms(r->x, r->payload);
	if (sp) {
		if (!r->c->priv)
			return EACCES;
	} else {
		err = xsd_canon(r, r->payload, path);
		if (!err)
			err = get_node(r, path, XSD_PERM_WRITE | XSD_PERM_OWNER,
				       &e);
		if (err)
			return err;
		/* Only the privileged may hand a node to another owner. */
		if (!r->c->priv && p[0].domid != e.perms->p[0].domid)
			return EPERM;
		err = mem_check(r, p[0].domid, 8L * ((long)num - e.perms->num));
		if (err)
			return err;
	}
	perms = xsd_perms_intern(&r->x->store, p, num);
	if (!perms)
		return ENOMEM;
	if (sp) {
		xsd_db_set_special(r->x, sp != &r->x->special[0], perms);
		return xsd_reply_str(r, "OK");
	}
	old = xsd_perms_ref(e.perms);
	err = xsd_set_perms(r, &e, perms);
	xsd_perms_put(&r->x->store, perms);
	/* Old perms: whoever could see the node learns it changed. */
	if (!err)
		xsd_event(r, path, false, old);
	xsd_perms_put(&r->x->store, old);
	return err ? err : xsd_reply_str(r, "OK");
}
