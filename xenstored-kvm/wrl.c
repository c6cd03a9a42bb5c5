/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Write rate limiting, as Xen 4.17's C xenstored does it (part of its
 * XSA-206 answer; it has no option for it): each unprivileged domain earns
 * credit for 200 writes per second shared among all domains, keeps at most
 * a burst of 10, and gives the surplus to a common reserve of up to 1000
 * that pays for a domain in debt. A domain in debt is not served until its
 * credit is back. Writes are charged only while transactions are open,
 * since what the limit protects is transactions from endless conflicts: a
 * write outside a transaction while any is open, a commit while another
 * one is open. Credits are in thousandths of a write.
 */
#include <time.h>

#include "xsd-internal.h"

#define WRL_FACTOR	1000
#define WRL_RATE	200
#define WRL_DBURST	10
#define WRL_GBURST	1000
#define WRL_NEWDOMS	5
#define WRL_CREDIT_MAX	(1000L * 1000 * 1000)

static long min_l(long a, long b)
{
	return a < b ? a : b;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Move as much as keeps *from >= floor and *to <= ceil. */
static void xfer(long *from, long floor, long *to, long ceil)
{
	long n = min_l(*from - floor, ceil - *to);

	if (n > 0) {
		*from -= n;
		*to += n;
	}
}

static bool limited(const struct xsd_conn *c)
{
	return !c->priv && c->domid;
}

static void update(struct xsd *x, struct xsd_domain *d, int64_t now)
{
	long surplus = 0;
	int64_t ms = now - d->wrl_ms;

	if (ms < 0)
		ms = 0;
	if (ms > WRL_CREDIT_MAX)
		ms = WRL_CREDIT_MAX;
	d->wrl_credit = min_l(d->wrl_credit + ms * WRL_RATE * WRL_FACTOR /
			      (x->wrl_ndomains * 1000), WRL_CREDIT_MAX);
	d->wrl_ms = now;
	/* in debt: the reserve pays; over the burst: the reserve gains */
	xfer(&x->wrl_reserve, 0, &d->wrl_credit, 0);
	xfer(&d->wrl_credit, WRL_DBURST * WRL_FACTOR, &surplus, WRL_CREDIT_MAX);
	xfer(&surplus, 0, &x->wrl_reserve, WRL_GBURST * WRL_FACTOR);
}

void xsd_wrl_domain_new(struct xsd *x, struct xsd_domain *d)
{
	d->wrl_credit = 0;
	d->wrl_ms = now_ms();
	x->wrl_ndomains++;
	xfer(&x->wrl_reserve, -(long)WRL_DBURST * WRL_NEWDOMS * WRL_FACTOR,
	     &d->wrl_credit, WRL_DBURST * WRL_FACTOR);
}

void xsd_wrl_domain_gone(struct xsd *x, struct xsd_domain *d)
{
	x->wrl_ndomains--;
	xfer(&d->wrl_credit, 0, &x->wrl_reserve, WRL_DBURST * WRL_FACTOR);
}

static void debit(struct xsd *x, struct xsd_conn *c, long writes)
{
	struct xsd_domain *d = c->dom;

	update(x, d, now_ms());
	d->wrl_credit -= writes * WRL_FACTOR;
	if (d->wrl_credit < 0 && !d->wrl_logged) {
		d->wrl_logged = true;
		xsd_log(x, XSD_LOG_WARN, "write rate limit: domain %u is "
			"affected", d->domid);
	}
}

/* Nodes changed outside a transaction (commits are charged at once). */
void xsd_wrl_write(struct xsd_req *r, long nodes)
{
	if (limited(r->c) && !r->tx && r->x->ntxs)
		debit(r->x, r->c, nodes);
}

/* Called before the committing transaction is freed. */
void xsd_wrl_commit(struct xsd_req *r)
{
	if (limited(r->c) && r->x->ntxs > 1)
		debit(r->x, r->c, 1);
}

/*
 * Is c's domain in debt? Like Xen's main loop, bring every connected
 * domain's credit up to date first, which feeds the reserve.
 */
bool xsd_wrl_blocked(struct xsd *x, struct xsd_conn *c)
{
	struct xsd_conn *o;
	int64_t now;

	if (!limited(c) || c->dom->wrl_credit >= 0)
		return false;
	now = now_ms();
	for (o = x->conns; o; o = o->next)
		if (limited(o))
			update(x, o->dom, now);
	return c->dom->wrl_credit < 0;
}
