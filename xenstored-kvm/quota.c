/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Quotas: names and Xen 4.17 defaults, the per-connection lookup (a
 * domain's override, else the global value; never for privileged
 * connections) and the GET_QUOTA / SET_QUOTA requests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xsd.h"

static const struct {
	const char *name;
	long def;
} quotas[XSD_Q_COUNT] = {
	[XSD_Q_NODES] = { "nodes", 1000 },
	[XSD_Q_NODE_SIZE] = { "node-size", 2048 },
	[XSD_Q_WATCHES] = { "watches", 128 },
	[XSD_Q_TRANSACTIONS] = { "transactions", 10 },
	[XSD_Q_PERMS] = { "node-permissions", 5 },
	[XSD_Q_TX_NODES] = { "transaction-nodes", 1024 },
	[XSD_Q_PATH] = { "path-length", XENSTORE_REL_PATH_MAX },
	[XSD_Q_OUTSTANDING] = { "outstanding", 20 },
	[XSD_Q_MEMORY] = { "memory", 2621440 },
};

const char *xsd_quota_name(enum xsd_quota q)
{
	return quotas[q].name;
}

int xsd_quota_parse(const char *name, enum xsd_quota *q)
{
	int i;

	for (i = 0; i < XSD_Q_COUNT; i++) {
		if (!strcmp(name, quotas[i].name)) {
			*q = i;
			return 0;
		}
	}
	return EINVAL;
}

long xsd_quota_default(enum xsd_quota q)
{
	return quotas[q].def;
}

long xsd_quota(const struct xsd_conn *c, enum xsd_quota q)
{
	return c->dom->quota[q] >= 0 ? c->dom->quota[q] : c->x->quota[q];
}

/* Would value exceed the connection's quota? 0 means unlimited. */
bool xsd_quota_hit(const struct xsd_conn *c, enum xsd_quota q, long value)
{
	long max;

	if (c->priv)
		return false;
	max = xsd_quota(c, q);
	return max > 0 && value > max;
}

static int parse_long(const char *s, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(s, &end, 10);
	return errno || end == s || *end || *v < 0 ? EINVAL : 0;
}

/* GET_QUOTA: "" lists names, "<quota>" the global, "<domid>|<quota>". */
int xsd_do_get_quota(struct xsd_req *r)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	const char *v[2];
	enum xsd_quota q;
	uint32_t domid;
	long val;
	int n = xsd_args(r, v, 2), err, i;
	size_t off = 0;

	if (n == 0 || (n == 1 && !v[0][0])) {
		for (i = 0; i < XSD_Q_COUNT; i++)
			off += snprintf(buf + off, sizeof(buf) - off, "%s%s",
					i ? " " : "", quotas[i].name);
		return xsd_reply(r, buf, off + 1);
	}
	if (n == 1) {
		err = xsd_quota_parse(v[0], &q);
		val = err ? 0 : r->x->quota[q];
	} else {
		err = xsd_parse_domid(v[0], &domid);
		if (!err)
			err = xsd_quota_parse(v[1], &q);
		if (!err && !xsd_domain_introduced(r->x, domid))
			err = ENOENT;
		if (!err)
			val = r->x->dom[domid]->quota[q] >= 0 ?
			      r->x->dom[domid]->quota[q] : r->x->quota[q];
	}
	if (err)
		return err;
	snprintf(buf, sizeof(buf), "%ld", val);
	return xsd_reply(r, buf, strlen(buf) + 1);
}

/* SET_QUOTA: "<quota>|<value>" globally, "<domid>|<quota>|<value>". */
int xsd_do_set_quota(struct xsd_req *r)
{
	const char *v[3];
	enum xsd_quota q;
	uint32_t domid;
	long val;
	int n = xsd_args(r, v, 3), err;

	if (n == 2) {
		err = xsd_quota_parse(v[0], &q);
		if (!err)
			err = parse_long(v[1], &val);
		if (!err)
			r->x->quota[q] = val;
	} else if (n == 3) {
		err = xsd_parse_domid(v[0], &domid);
		if (!err)
			err = xsd_quota_parse(v[1], &q);
		if (!err)
			err = parse_long(v[2], &val);
		if (!err && !xsd_domain_introduced(r->x, domid))
			err = ENOENT;
		if (!err) {
			r->x->dom[domid]->quota[q] = val;
			xsd_journal_domain(r->x, domid);
		}
	} else {
		err = EINVAL;
	}
	return err ? err : xsd_reply_str(r, "OK");
}
