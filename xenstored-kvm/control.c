/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CONTROL requests (what xenstore-control sends): help, check, print,
 * log / log-level, memreport, quota and compact. Replies are text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xsd-internal.h"

static const char *const level_names[] = { "error", "warning", "info", "debug" };

static int reply_text(struct xsd_req *r, const char *text)
{
	return xsd_reply(r, text, strlen(text) + 1);
}

static int ctl_log(struct xsd_req *r, const char **v, int n)
{
	int i;

	if (n < 2)
		return reply_text(r, level_names[r->x->cfg.log_level]);
	if (!strcmp(v[1], "on")) {
		r->x->cfg.log_level = XSD_LOG_INFO;
		return xsd_reply_str(r, "OK");
	}
	if (!strcmp(v[1], "off")) {
		r->x->cfg.log_level = XSD_LOG_ERR;
		return xsd_reply_str(r, "OK");
	}
	for (i = 0; i < 4; i++) {
		if (!strcmp(v[1], level_names[i])) {
			r->x->cfg.log_level = i;
			return xsd_reply_str(r, "OK");
		}
	}
	return EINVAL;
}

static int ctl_memreport(struct xsd_req *r)
{
	struct xsd *x = r->x;
	char buf[XENSTORE_PAYLOAD_MAX];
	unsigned long conns = 0, doms = 0;
	struct xsd_conn *c;
	long bytes = 0;
	int i;

	for (c = x->conns; c; c = c->next)
		conns++;
	for (i = 0; i < XSD_DOMID_MAX; i++) {
		if (x->dom[i]) {
			doms += x->dom[i]->introduced;
			bytes += x->dom[i]->bytes;
		}
	}
	snprintf(buf, sizeof(buf),
		 "nodes: %zu\nnode bytes: %ld\nnode table slots: %zu\n"
		 "distinct permission sets: %zu\nwatches: %zu\n"
		 "transactions: %lu\nconnections: %lu\n"
		 "introduced domains: %lu\n",
		 x->store.count + 1, bytes, x->store.tabmask + 1,
		 x->store.perms.count, x->watches.count, x->ntxs, conns, doms);
	return reply_text(r, buf);
}

/*
 * check: verify the tree, the child lists and the per-domain accounting
 * (xsd_store_check) and report, without repairing: the first line is "OK"
 * (what Xen's xenstored answers) when nothing is wrong, else the number of
 * problems, then one line for each of the first CHECK_LINES that fit.
 * Every problem is logged too, up to CHECK_LOG of them.
 */
#define CHECK_LINES	100
#define CHECK_LOG	1000

struct check_out {
	struct xsd *x;
	char buf[XENSTORE_PAYLOAD_MAX - 128];	/* room for the summary */
	size_t off;
	unsigned long found, shown;
};

static void check_problem(void *ctx, enum xsd_check_kind kind,
			  const char *text)
{
	struct check_out *o = ctx;
	size_t len = strlen(text);

	(void)kind;
	if (o->found++ < CHECK_LOG)
		xsd_log(o->x, XSD_LOG_ERR, "check: %s", text);
	if (o->shown >= CHECK_LINES || o->off + len + 2 > sizeof(o->buf))
		return;
	memcpy(o->buf + o->off, text, len);
	o->buf[o->off + len] = '\n';
	o->off += len + 1;
	o->shown++;
}

static void check_acct(void *ctx, uint32_t domid, long *nodes, long *bytes)
{
	struct xsd *x = ((struct check_out *)ctx)->x;

	if (x->dom[domid]) {
		*nodes = x->dom[domid]->nodes;
		*bytes = x->dom[domid]->bytes;
	}
}

static int ctl_check(struct xsd_req *r)
{
	struct check_out *o = calloc(1, sizeof(*o));
	char text[XENSTORE_PAYLOAD_MAX];
	struct xsd_check_stats st;
	struct xsd_check_ops ops = { check_problem, check_acct, NULL };
	unsigned long n;
	int len;

	if (!o)
		return ENOMEM;
	o->x = r->x;
	ops.ctx = o;
	n = xsd_store_check(&r->x->store, XSD_DOMID_MAX, &ops, &st);
	if (!n) {
		len = snprintf(text, sizeof(text), "OK\n%zu nodes, %zu domains "
			       "owning nodes: tree, child lists and accounting "
			       "agree\n", st.nodes, st.owners);
		xsd_log(r->x, XSD_LOG_INFO, "check: %zu nodes, no problem",
			st.nodes);
	} else {
		len = snprintf(text, sizeof(text), "%lu problem%s in %zu "
			       "nodes%s\n%.*s", n, n == 1 ? "" : "s", st.nodes,
			       o->shown < n ? " (the first ones; the log has "
			       "more)" : "", (int)o->off, o->buf);
		if (o->shown < n)
			len += snprintf(text + len, sizeof(text) - len,
					"... %lu more\n", n - o->shown);
	}
	free(o);
	return xsd_reply(r, text, len + 1);
}

/* quota | quota <domid> | quota set <name> <value> */
static int ctl_quota(struct xsd_req *r, const char **v, int n)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	struct xsd_domain *d = NULL;
	enum xsd_quota q;
	uint32_t domid;
	size_t off = 0;
	long val;
	char *end;
	int i;

	if (n == 4 && !strcmp(v[1], "set")) {
		if (xsd_quota_parse(v[2], &q))
			return EINVAL;
		errno = 0;
		val = strtol(v[3], &end, 10);
		if (errno || end == v[3] || *end || val < 0)
			return EINVAL;
		r->x->quota[q] = val;
		return xsd_reply_str(r, "OK");
	}
	if (n == 2) {
		if (xsd_parse_domid(v[1], &domid))
			return EINVAL;
		d = xsd_domain_get(r->x, domid);
		if (!d)
			return ENOMEM;
		off += snprintf(buf + off, sizeof(buf) - off,
				"Domain %u: nodes %ld, watches %u, "
				"transactions %u, bytes %ld\n", domid,
				d->nodes, d->watches, d->txs, d->bytes);
	} else if (n != 1) {
		return EINVAL;
	}
	for (i = 0; i < XSD_Q_COUNT; i++)
		off += snprintf(buf + off, sizeof(buf) - off, "%-18s %ld\n",
				xsd_quota_name(i),
				d && d->quota[i] >= 0 ? d->quota[i]
						      : r->x->quota[i]);
	return reply_text(r, buf);
}

int xsd_do_control(struct xsd_req *r)
{
	const char *v[4];
	int n = xsd_args(r, v, 4), err;

	if (n < 1)
		return EINVAL;
	if (!strcmp(v[0], "help"))
		return reply_text(r, "check\nhelp\nlog [on|off|error|warning|info|debug]\n"
				  "log-level [error|warning|info|debug]\n"
				  "memreport\nprint <string>\n"
				  "quota [<domid>|set <name> <value>]\n"
				  "compact\n");
	if (!strcmp(v[0], "check"))
		return n == 1 ? ctl_check(r) : EINVAL;
	if (!strcmp(v[0], "log") || !strcmp(v[0], "log-level"))
		return ctl_log(r, v, n);
	if (!strcmp(v[0], "print")) {
		if (n < 2)
			return EINVAL;
		xsd_log(r->x, XSD_LOG_ERR, "control: %s", v[1]);
		return xsd_reply_str(r, "OK");
	}
	if (!strcmp(v[0], "memreport"))
		return ctl_memreport(r);
	if (!strcmp(v[0], "quota"))
		return ctl_quota(r, v, n);
	if (!strcmp(v[0], "compact")) {
		err = r->x->journal ? xsd_snapshot_write(r->x) : 0;
		return err ? err : xsd_reply_str(r, "OK");
	}
	return EINVAL;
}
