/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Quotas: names and Xen 4.17 defaults and the per-connection lookup (a
 * domain's override, else the global value; never for privileged
 * connections). GET_QUOTA / SET_QUOTA are in domain.c.
 */
#include <string.h>

#include "xsd-internal.h"

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
