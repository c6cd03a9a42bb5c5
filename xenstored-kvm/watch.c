/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Watches: registration (WATCH, UNWATCH; RESET_WATCHES is in core.c) and
 * delivery. All
 * watches sit in one hash table keyed by their absolute path, so a change
 * costs one lookup per ancestor of the changed node, not a scan of every
 * watch. Delivery is filtered by read permission (XSA-115) and gives
 * relative paths to watches registered with relative paths.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xsd-internal.h"

#define PRIV_OUT_MAX	(64L << 20)

struct xsd_watch {
	struct htab_node hn;		/* in x->watches, by path */
	struct xsd_watch *cnext;	/* the connection's list */
	struct xsd_conn *conn;
	char *token;
	bool relative;
	char path[];			/* absolute, or @special */
};

static bool may_see(struct xsd *x, struct xsd_conn *c, const char *path,
		    struct xsd_perms *perms)
{
	char parent[XENSTORE_ABS_PATH_MAX + 1];
	struct xsd_node *n;

	if (c->priv)
		return true;
	if (path[0] == '@') {
		const char *which = !strcmp(path, "@introduceDomain") ? "i"
				  : !strcmp(path, "@releaseDomain") ? "r" : NULL;

		return which && (xsd_conn_perm(c, x->special[*which == 'r'])
				 & XSD_PERM_READ);
	}
	if (perms && (xsd_conn_perm(c, perms) & XSD_PERM_READ))
		return true;
	n = xsd_node_lookup(&x->store, path);
	if (n && (xsd_conn_perm(c, n->perms) & XSD_PERM_READ))
		return true;
	if (strlen(path) >= sizeof(parent))
		return false;
	strcpy(parent, path);
	parent[xsd_path_parent_len(parent)] = '\0';
	n = xsd_node_lookup(&x->store, parent);
	return n && (xsd_conn_perm(c, n->perms) & XSD_PERM_READ);
}

static void deliver(struct xsd_watch *w, const char *path)
{
	struct xsd_conn *c = w->conn;
	char buf[XENSTORE_PAYLOAD_MAX];
	size_t plen, tlen = strlen(w->token);
	int n;

	if (w->relative) {
		char prefix[32];

		n = snprintf(prefix, sizeof(prefix), "/local/domain/%u/",
			     c->domid);
		if (!strncmp(path, prefix, n))
			path += n;
	}
	plen = strlen(path);
	/* Never build an event the wire cannot carry (XSA-324). */
	if (plen + tlen + 2 > sizeof(buf)) {
		xsd_log(c->x, XSD_LOG_WARN, "dropping oversized watch event");
		return;
	}
	memcpy(buf, path, plen + 1);
	memcpy(buf + plen + 1, w->token, tlen + 1);
	xsd_send(c, XS_WATCH_EVENT, 0, 0, buf, plen + tlen + 2);
	/*
	 * A client not reading its events must not grow our memory; guests
	 * cause dom0's events too, so even dom0 has a (generous) ceiling.
	 */
	if ((long)xsd_buf_used(&c->out) >
	    (c->priv ? PRIV_OUT_MAX : xsd_quota(c, XSD_Q_MEMORY)))
		xsd_mark_dead(c, "watch events not consumed");
}

static void fire_exact(struct xsd *x, const char *wpath, const char *path,
		       struct xsd_perms *perms)
{
	size_t hash = htab_str_hash(wpath, 0);
	struct htab_node *n;

	for (n = x->watches.b[hash & x->watches.mask]; n; n = n->next) {
		struct xsd_watch *w = htab_entry(n, struct xsd_watch, hn);

		if (n->hash == hash && !w->conn->dead &&
		    !strcmp(w->path, wpath) && may_see(x, w->conn, path, perms))
			deliver(w, path);
	}
}

/* A change at path fires watches on it and, unless exact, its ancestors. */
void xsd_fire(struct xsd *x, const char *path, bool exact,
	      struct xsd_perms *perms)
{
	char buf[XENSTORE_ABS_PATH_MAX + 1];
	size_t len = strlen(path);

	if (!x->watches.count)
		return;
	fire_exact(x, path, path, perms);
	if (exact || path[0] != '/' || len >= sizeof(buf))
		return;
	memcpy(buf, path, len + 1);
	while (len > 1) {
		len = xsd_path_parent_len(buf);
		buf[len] = '\0';
		fire_exact(x, buf, path, perms);
	}
}

static int watch_path(struct xsd_req *r, const char *in, char *out)
{
	if (in[0] == '@') {
		if (strlen(in) > XENSTORE_REL_PATH_MAX)
			return EINVAL;
		strcpy(out, in);
		return 0;
	}
	return xsd_canon(r, in, out);
}

static void unlink_watch(struct xsd *x, struct xsd_watch *w)
{
	htab_del(&x->watches, &w->hn);
	w->conn->dom->watches--;
	free(w->token);
	free(w);
}

int xsd_do_watch(struct xsd_req *r)
{
	char path[XENSTORE_ABS_PATH_MAX + 1];
	struct xsd_conn *c = r->c;
	struct xsd_watch *w;
	const char *v[2];
	int err;

	if (xsd_args(r, v, 2) < 2)
		return EINVAL;
	err = watch_path(r, v[0], path);
	if (err)
		return err;
	for (w = c->watches; w; w = w->cnext)
		if (!strcmp(w->path, path) && !strcmp(w->token, v[1]))
			return EEXIST;
	if (xsd_quota_hit(c, XSD_Q_WATCHES, c->dom->watches + 1))
		return E2BIG;
	w = calloc(1, sizeof(*w) + strlen(path) + 1);
	if (!w || !(w->token = strdup(v[1]))) {
		free(w);
		return ENOMEM;
	}
	strcpy(w->path, path);
	w->conn = c;
	w->relative = v[0][0] != '/' && v[0][0] != '@';
	w->cnext = c->watches;
	c->watches = w;
	htab_add(&r->x->watches, &w->hn, htab_str_hash(path, 0));
	c->dom->watches++;
	err = xsd_reply_str(r, "OK");
	/* Every new watch fires once at once, with the watched path. */
	deliver(w, path);
	return err;
}

int xsd_do_unwatch(struct xsd_req *r)
{
	char path[XENSTORE_ABS_PATH_MAX + 1];
	struct xsd_watch **pp, *w;
	const char *v[2];
	int err;

	if (xsd_args(r, v, 2) < 2)
		return EINVAL;
	err = watch_path(r, v[0], path);
	if (err)
		return err;
	for (pp = &r->c->watches; (w = *pp); pp = &w->cnext) {
		if (!strcmp(w->path, path) && !strcmp(w->token, v[1])) {
			*pp = w->cnext;
			unlink_watch(r->x, w);
			return xsd_reply_str(r, "OK");
		}
	}
	return ENOENT;
}

void xsd_watches_free(struct xsd *x, struct xsd_conn *c)
{
	struct xsd_watch *w;

	while ((w = c->watches)) {
		c->watches = w->cnext;
		unlink_watch(x, w);
	}
}
