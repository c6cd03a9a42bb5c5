/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libxsd domains and quotas: INTRODUCE/RELEASE and their special watches,
 * cleanup of a released domain (XSA-322/417/419), SET_TARGET, features,
 * quota enforcement and GET/SET_QUOTA, accounting that stays exact through
 * transactions (XSA-272/421/440), node memory as Xen counts it and its
 * hard quota, resource bounds (XSA-324/326/418), and what keeps RELEASE
 * flat with thousands of domains (its own connection list, the per-domid
 * count of permission sets naming it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xt.h"

static struct xsd *x;
static struct xsd_conn *d0, *d5;
static int introduced, released;
static char warned[256];	/* the last warning logged */

static void on_intro(void *ctx, uint32_t domid)
{
	introduced = domid;
}

static void on_release(void *ctx, uint32_t domid)
{
	released = domid;
}

static void on_log(void *ctx, int level, const char *msg)
{
	if (level == XSD_LOG_WARN)
		snprintf(warned, sizeof(warned), "%s", msg);
}

static bool keep_orphans;	/* -K for the next setup */

static int setup(void **state)
{
	struct xsd_config cfg = { .log_level = XSD_LOG_WARN,
				  .log = on_log,
				  .introduced = on_intro,
				  .released = on_release,
				  .keep_orphans = keep_orphans };
	int err;

	x = xsd_new(&cfg, &err);
	assert_non_null(x);
	d0 = xt_conn(x, 0);
	XT_OK(x, d0, XS_INTRODUCE, "5|0|0|");
	assert_int_equal(introduced, 5);
	XT_OK(x, d0, XS_MKDIR, "/local/domain/5|");
	XT_OK(x, d0, XS_SET_PERMS, "/local/domain/5|n5|");
	d5 = xt_conn(x, 5);
	return 0;
}

static int setup_keep(void **state)
{
	keep_orphans = true;
	setup(state);
	keep_orphans = false;
	return 0;
}

static int teardown(void **state)
{
	while (xsd_conn_next(x, NULL))
		xt_free_conn(xsd_conn_next(x, NULL));
	xsd_free(x);
	return 0;
}

static void test_introduce_release(void **state)
{
	struct xsd_conn *w = xt_conn(x, 0);

	assert_string_equal(xt_req(x, d0, XS_IS_DOMAIN_INTRODUCED, 0, "5|"),
			    "T|");
	assert_string_equal(xt_req(x, d0, XS_IS_DOMAIN_INTRODUCED, 0, "6|"),
			    "F|");
	assert_string_equal(xt_req(x, d5, XS_IS_DOMAIN_INTRODUCED, 0, "5|"),
			    "!EACCES|");
	assert_string_equal(xt_req(x, d0, XS_INTRODUCE, 0, "0|0|0|"),
			    "!EINVAL|");
	assert_string_equal(xt_req(x, d0, XS_INTRODUCE, 0, "x|0|0|"),
			    "!EINVAL|");
	assert_string_equal(xt_req(x, d0, XS_INTRODUCE, 0, "6|0|"), "!EINVAL|");
	XT_OK(x, w, XS_WATCH, "@releaseDomain|r|");
	XT_OK(x, w, XS_WATCH, "@introduceDomain|i|");
	xt_events(w);
	XT_OK(x, d0, XS_INTRODUCE, "6|0|0|");
	assert_string_equal(xt_events(w), "@introduceDomain|i|");
	/* again: no new event */
	XT_OK(x, d0, XS_INTRODUCE, "6|0|0|");
	assert_string_equal(xt_events(w), "");
	/* a domain's connection going away is not a release (XSA-325) */
	xt_free_conn(xt_conn(x, 6));
	assert_string_equal(xt_events(w), "");
	XT_OK(x, d0, XS_RESUME, "6|");
	assert_string_equal(xt_req(x, d0, XS_RESUME, 0, "7|"), "!ENOENT|");
	XT_OK(x, d0, XS_RELEASE, "6|");
	assert_int_equal(released, 6);
	assert_string_equal(xt_events(w), "@releaseDomain|r|");
	assert_string_equal(xt_req(x, d0, XS_RELEASE, 0, "6|"), "!ENOENT|");
	assert_string_equal(xt_req(x, d5, XS_RELEASE, 0, "5|"), "!EACCES|");
}

/*
 * dom0's charged bytes less a recount from the tree (the root, which the
 * recount leaves out, is charged to dom0): a release must not change it.
 */
static long dom0_offset(void)
{
	return x->dom[0]->bytes - xt_owned_mem(x, 0);
}

/* Nodes domain 5 made outside its home, one with a dom0 node below it. */
static void make_orphans(struct xsd_conn *w)
{
	XT_OK(x, d0, XS_WRITE, "/shared|x");
	XT_OK(x, d0, XS_SET_PERMS, "/shared|b0|");
	XT_OK(x, d5, XS_WRITE, "/shared/by5|y");
	XT_OK(x, d0, XS_WRITE, "/shared/by5/by0|z");
	XT_OK(x, w, XS_WATCH, "/shared|s|");
	xt_events(w);
}

static void test_release_cleans_up(void **state)
{
	struct xsd_conn *n5, *w = xt_conn(x, 0);
	long off;

	XT_OK(x, d5, XS_WRITE, "data/secret|s");
	make_orphans(w);
	XT_OK(x, d0, XS_WRITE, "/acl|z");
	XT_OK(x, d0, XS_SET_PERMS, "/acl|n0|r5|");
	XT_OK(x, d0, XS_SET_PERMS, "@releaseDomain|n0|r5|");
	assert_true(x->dom[5]->nodes >= 3);
	off = dom0_offset();
	XT_OK(x, d0, XS_RELEASE, "5|");
	assert_true(d5->dead);
	assert_int_equal(x->dom[5]->nodes, 0);
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/local/domain/5|"),
			    "!ENOENT|");
	/* what it owned elsewhere went, with what was below it (Xen 4.17) */
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/shared/by5|"),
			    "!ENOENT|");
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/shared/by5/by0|"),
			    "!ENOENT|");
	/* one event for the subtree, as for RM */
	assert_string_equal(xt_events(w), "/shared/by5|s|");
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/shared|"), "x");
	assert_int_equal(dom0_offset(), off);
	assert_string_equal(xt_req(x, d0, XS_GET_PERMS, 0, "/acl|"), "n0|");
	assert_string_equal(xt_req(x, d0, XS_GET_PERMS, 0, "@releaseDomain|"),
			    "n0|");
	/* a new domain 5 inherits nothing (XSA-322/417) */
	XT_OK(x, d0, XS_INTRODUCE, "5|0|0|");
	n5 = xt_conn(x, 5);
	assert_string_equal(xt_req(x, n5, XS_READ, 0, "/acl|"), "!EACCES|");
	assert_string_equal(xt_req(x, n5, XS_WRITE, 0, "/shared/by5|w"),
			    "OK|");
	/* its old home is gone: dom0 must recreate it */
	assert_string_equal(xt_req(x, n5, XS_READ, 0, "data/secret|"),
			    "!EACCES|");
}

/* -K: the nodes it owned outside its home stay, now dom0's. */
static void test_release_keep_orphans(void **state)
{
	struct xsd_conn *n5, *w = xt_conn(x, 0);
	long off;

	make_orphans(w);
	off = dom0_offset();
	XT_OK(x, d0, XS_RELEASE, "5|");
	assert_int_equal(x->dom[5]->nodes, 0);
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/shared/by5|"), "y");
	assert_string_equal(xt_req(x, d0, XS_GET_PERMS, 0, "/shared/by5|"),
			    "b0|");
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/shared/by5/by0|"),
			    "z");
	assert_int_equal(dom0_offset(), off);
	/* a new domain 5 gets none of it back */
	XT_OK(x, d0, XS_INTRODUCE, "5|0|0|");
	n5 = xt_conn(x, 5);
	assert_string_equal(xt_req(x, n5, XS_WRITE, 0, "/shared/by5|w"),
			    "OK|");
	assert_string_equal(xt_req(x, d0, XS_GET_PERMS, 0, "/shared/by5|"),
			    "b0|");
}

#define CHECK_OK() \
	assert_non_null(strstr(xt_req(x, d0, XS_CONTROL, 0, "check|"), "OK\n"))

/*
 * RELEASE finds the domain's connections in its own list, not by a walk
 * of everyone's: only its unprivileged ones die, whichever were opened and
 * closed before, and a reused domid's new connections are listed anew.
 */
static void test_release_connections(void **state)
{
	struct xsd_conn *a, *b, *c, *e, *p6, *n6;

	XT_OK(x, d0, XS_INTRODUCE, "6|0|0|");
	XT_OK(x, d0, XS_INTRODUCE, "7|0|0|");
	a = xt_conn(x, 6);
	b = xt_conn(x, 6);
	c = xt_conn(x, 6);
	e = xt_conn(x, 7);
	/* a privileged connection that says domid 6 is not the guest's */
	p6 = xsd_conn_new(x, 6, true, NULL);
	assert_non_null(p6);
	xt_free_conn(b);		/* the middle of the list */
	XT_OK(x, d0, XS_RELEASE, "6|");
	assert_true(a->dead);
	assert_true(c->dead);
	assert_false(e->dead);
	assert_false(p6->dead);
	assert_false(d5->dead);
	assert_false(d0->dead);
	xt_free_conn(c);
	xt_free_conn(a);
	assert_null(x->dom[6]->conns);
	XT_OK(x, d0, XS_INTRODUCE, "6|0|0|");
	n6 = xt_conn(x, 6);
	XT_OK(x, d0, XS_RELEASE, "7|");
	assert_true(e->dead);
	assert_false(n6->dead);
	XT_OK(x, d0, XS_RELEASE, "6|");
	assert_true(n6->dead);
	xsd_conn_free(p6);
}

/*
 * Whether any permission set names a domain is counted per domid, so
 * RELEASE walks the tree only when a node outside its home still names
 * it. The count follows sets as they come and go (nodes, transaction
 * copies, the special nodes), CONTROL check recounts it, and what names
 * the released domain is stripped wherever it is.
 */
static void test_release_named(void **state)
{
	struct xsd_conn *w = xt_conn(x, 0);

	XT_OK(x, d0, XS_INTRODUCE, "8|0|0|");
	assert_false(xsd_perms_name(&x->store, 8));
	XT_OK(x, d0, XS_WRITE, "/acl|z");
	XT_OK(x, d0, XS_SET_PERMS, "/acl|n0|r8|");
	XT_OK(x, d0, XS_WRITE, "/acl/two|z");	/* shares the set */
	assert_true(xsd_perms_name(&x->store, 8));
	CHECK_OK();
	XT_OK(x, d0, XS_RM, "/acl|");
	assert_false(xsd_perms_name(&x->store, 8));
	CHECK_OK();
	/* a transaction's copy holds the set after the node is gone */
	XT_OK(x, d0, XS_WRITE, "/acl|z");
	XT_OK(x, d0, XS_SET_PERMS, "/acl|n0|r8|");
	assert_string_equal(xt_req(x, w, XS_TRANSACTION_START, 0, "|"), "1|");
	assert_string_equal(xt_req(x, w, XS_READ, 1, "/acl|"), "z");
	XT_OK(x, d0, XS_RM, "/acl|");
	assert_true(xsd_perms_name(&x->store, 8));
	CHECK_OK();
	assert_string_equal(xt_req(x, w, XS_TRANSACTION_END, 1, "F|"), "OK|");
	assert_false(xsd_perms_name(&x->store, 8));
	/* named by a special node only: stripped, no node changed */
	XT_OK(x, d0, XS_SET_PERMS, "@releaseDomain|n0|r8|");
	assert_true(xsd_perms_name(&x->store, 8));
	XT_OK(x, d0, XS_WRITE, "/keep|k");
	XT_OK(x, d0, XS_SET_PERMS, "/keep|n0|r9|");
	XT_OK(x, d0, XS_RELEASE, "8|");
	assert_string_equal(xt_req(x, d0, XS_GET_PERMS, 0, "@releaseDomain|"),
			    "n0|");
	assert_string_equal(xt_req(x, d0, XS_GET_PERMS, 0, "/keep|"),
			    "n0|r9|");
	assert_false(xsd_perms_name(&x->store, 8));
	CHECK_OK();
	/* named by nodes outside its home, in sets shared with others */
	XT_OK(x, d0, XS_INTRODUCE, "8|0|0|");
	XT_OK(x, d0, XS_WRITE, "/far/a|1");
	XT_OK(x, d0, XS_SET_PERMS, "/far/a|n0|r8|r9|");
	XT_OK(x, d0, XS_WRITE, "/far/b|1");
	XT_OK(x, d0, XS_SET_PERMS, "/far/b|n8|r0|");
	XT_OK(x, d0, XS_WRITE, "/far/b/c|1");
	XT_OK(x, d0, XS_SET_PERMS, "/far/b/c|n0|r8|r9|");
	XT_OK(x, d0, XS_RELEASE, "8|");
	assert_string_equal(xt_req(x, d0, XS_GET_PERMS, 0, "/far/a|"),
			    "n0|r9|");
	/* what it owned outside its home went, with what was below */
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/far/b|"), "!ENOENT|");
	assert_false(xsd_perms_name(&x->store, 8));
	assert_true(xsd_perms_name(&x->store, 9));
	CHECK_OK();
}

static void test_set_target(void **state)
{
	struct xsd_conn *d7;

	XT_OK(x, d5, XS_WRITE, "own|v");
	XT_OK(x, d0, XS_INTRODUCE, "7|0|0|");
	d7 = xt_conn(x, 7);
	assert_string_equal(xt_req(x, d7, XS_READ, 0, "/local/domain/5/own|"),
			    "!EACCES|");
	XT_OK(x, d0, XS_SET_TARGET, "7|5|");
	assert_string_equal(xt_req(x, d7, XS_READ, 0, "/local/domain/5/own|"),
			    "v");
	assert_string_equal(xt_req(x, d0, XS_SET_TARGET, 0, "8|5|"), "!ENOENT|");
}

static void test_features(void **state)
{
	assert_string_equal(xt_req(x, d5, XSD_GET_FEATURE, 0, "|"), "3|");
	assert_string_equal(xt_req(x, d0, XSD_GET_FEATURE, 0, "5|"), "0|");
	XT_OK(x, d0, XSD_SET_FEATURE, "5|1|");
	assert_string_equal(xt_req(x, d0, XSD_GET_FEATURE, 0, "5|"), "1|");
	assert_string_equal(xt_req(x, d0, XSD_SET_FEATURE, 0, "5|8|"),
			    "!EINVAL|");
	assert_string_equal(xt_req(x, d5, XSD_SET_FEATURE, 0, "5|1|"),
			    "!EACCES|");
}

static void test_quotas(void **state)
{
	char args[4200];
	int i;

	assert_string_equal(xt_req(x, d0, XSD_GET_QUOTA, 0, "nodes|"), "1000|");
	assert_non_null(strstr(xt_req(x, d0, XSD_GET_QUOTA, 0, ""),
			       "transaction-nodes"));
	assert_string_equal(xt_req(x, d5, XSD_GET_QUOTA, 0, "nodes|"),
			    "!EACCES|");
	XT_OK(x, d0, XSD_SET_QUOTA, "5|nodes|4|");
	assert_string_equal(xt_req(x, d0, XSD_GET_QUOTA, 0, "5|nodes|"), "4|");
	/* /local/domain/5 is owned by 5 already */
	XT_OK(x, d5, XS_WRITE, "a|1");
	XT_OK(x, d5, XS_WRITE, "b|1");
	XT_OK(x, d5, XS_WRITE, "c|1");
	assert_string_equal(xt_req(x, d5, XS_WRITE, 0, "d|1"), "!ENOSPC|");
	assert_string_equal(xt_req(x, d5, XS_WRITE, 0, "e/f|1"), "!ENOSPC|");
	/* failed creation leaves no orphan (XSA-414) */
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/local/domain/5/e|"),
			    "!ENOENT|");
	XT_OK(x, d5, XS_RM, "c|");
	XT_OK(x, d5, XS_WRITE, "d|1");
	XT_OK(x, d0, XSD_SET_QUOTA, "5|nodes|1000|");
	/* dom0 has no quota */
	XT_OK(x, d0, XSD_SET_QUOTA, "nodes|2|");
	XT_OK(x, d0, XS_WRITE, "/x/y/z|1");
	XT_OK(x, d0, XSD_SET_QUOTA, "nodes|1000|");
	/* node size */
	strcpy(args, "big|");
	memset(args + 4, 'x', 2100);
	args[4 + 2100] = '\0';
	assert_string_equal(xt_req(x, d5, XS_WRITE, 0, args), "!ENOSPC|");
	args[4 + 1900] = '\0';
	XT_OK(x, d5, XS_WRITE, args);
	/* path length below the domain's home */
	args[0] = '\0';
	for (i = 0; i < 1100; i++)
		strcat(args, "p/");
	strcat(args, "q|1");
	assert_string_equal(xt_req(x, d5, XS_WRITE, 0, args), "!EINVAL|");
	assert_string_equal(xt_req(x, d0, XSD_SET_QUOTA, 0, "bogus|1|"),
			    "!EINVAL|");
}

static void test_accounting(void **state)
{
	long base = x->dom[5]->nodes;
	const char *id;

	XT_OK(x, d5, XS_WRITE, "t/a/b|1");
	assert_int_equal(x->dom[5]->nodes, base + 3);
	XT_OK(x, d5, XS_RM, "t|");
	assert_int_equal(x->dom[5]->nodes, base);
	/* create and delete inside one transaction (XSA-421) */
	id = xt_req(x, d5, XS_TRANSACTION_START, 0, "|");
	assert_string_equal(id, "1|");
	assert_string_equal(xt_req(x, d5, XS_WRITE, 1, "u/v|1"), "OK|");
	assert_string_equal(xt_req(x, d5, XS_RM, 1, "u|"), "OK|");
	assert_string_equal(xt_req(x, d5, XS_TRANSACTION_END, 1, "T|"), "OK|");
	assert_int_equal(x->dom[5]->nodes, base);
	/* two transactions deleting the same nodes (XSA-440) */
	XT_OK(x, d5, XS_WRITE, "w/1|1");
	assert_string_equal(xt_req(x, d5, XS_TRANSACTION_START, 0, "|"), "2|");
	assert_string_equal(xt_req(x, d0, XS_TRANSACTION_START, 0, "|"), "1|");
	assert_string_equal(xt_req(x, d5, XS_RM, 2, "w|"), "OK|");
	assert_string_equal(xt_req(x, d0, XS_RM, 1, "/local/domain/5/w|"),
			    "OK|");
	assert_string_equal(xt_req(x, d5, XS_TRANSACTION_END, 2, "T|"), "OK|");
	assert_string_equal(xt_req(x, d0, XS_TRANSACTION_END, 1, "T|"),
			    "!EAGAIN|");
	assert_int_equal(x->dom[5]->nodes, base);
	/* ownership moves with SET_PERMS (XSA-272) */
	XT_OK(x, d0, XS_WRITE, "/give|1");
	XT_OK(x, d0, XS_SET_PERMS, "/give|n5|");
	assert_int_equal(x->dom[5]->nodes, base + 1);
}

#define MEM_EXACT(domid) \
	assert_int_equal(x->dom[domid]->bytes, xt_owned_mem(x, domid))

/* Node bytes as Xen counts them stay exact; the hard quota refuses. */
static void test_memory(void **state)
{
	char args[2100];
	int i, n;

	MEM_EXACT(5);
	XT_OK(x, d5, XS_WRITE, "t/a/b|12345");
	XT_OK(x, d5, XS_MKDIR, "t/c|");
	XT_OK(x, d5, XS_SET_PERMS, "t/a|n5|r6|b7|");
	XT_OK(x, d5, XS_WRITE, "t/a|longer data");
	MEM_EXACT(5);
	assert_string_equal(xt_req(x, d5, XS_TRANSACTION_START, 0, "|"), "1|");
	assert_string_equal(xt_req(x, d5, XS_WRITE, 1, "t/tx/y|1"), "OK|");
	assert_string_equal(xt_req(x, d5, XS_RM, 1, "t/c|"), "OK|");
	assert_string_equal(xt_req(x, d5, XS_TRANSACTION_END, 1, "T|"), "OK|");
	MEM_EXACT(5);
	assert_string_equal(xt_req(x, d5, XS_TRANSACTION_START, 0, "|"), "2|");
	assert_string_equal(xt_req(x, d5, XS_WRITE, 2, "t/gone|1"), "OK|");
	assert_string_equal(xt_req(x, d5, XS_TRANSACTION_END, 2, "F|"), "OK|");
	MEM_EXACT(5);
	XT_OK(x, d5, XS_RM, "t|");
	MEM_EXACT(5);
	/* 2.5 MiB: more than 1000 nodes of 2000 bytes take */
	XT_OK(x, d0, XSD_SET_QUOTA, "5|nodes|5000|");
	for (i = 0; i < 5000; i++) {
		/* 32 per directory: its child names stay within node-size */
		n = snprintf(args, sizeof(args), "m/%d/%d|", i / 32, i);
		memset(args + n, 'x', 2000);
		args[n + 2000] = '\0';
		if (strcmp(xt_req(x, d5, XS_WRITE, 0, args), "OK|"))
			break;
	}
	assert_string_equal(xt_req(x, d5, XS_WRITE, 0, args), "!ENOMEM|");
	assert_true(i > 1000 && x->dom[5]->bytes <= 2621440 &&
		    x->dom[5]->bytes > 2621440 - 2200);
	MEM_EXACT(5);
	/* the soft quota (2 MiB) was crossed on the way: only a warning */
	assert_string_equal(warned, "domain 5 exceeds soft memory quota");
	/* not for dom0, even in the domain's home */
	XT_OK(x, d0, XS_WRITE, "/local/domain/5/m/dom0|1");
	/* RELEASE leaves nothing charged */
	XT_OK(x, d0, XS_RELEASE, "5|");
	assert_int_equal(x->dom[5]->bytes, 0);
	MEM_EXACT(5);
}

static void test_bounds(void **state)
{
	char args[XENSTORE_PAYLOAD_MAX + 8];
	int i;

	/* a maximal token never yields an event beyond the payload limit */
	strcpy(args, "x|");
	memset(args + 2, 't', XENSTORE_PAYLOAD_MAX - 4);
	strcpy(args + XENSTORE_PAYLOAD_MAX - 2, "|");
	XT_OK(x, d5, XS_WATCH, args);
	xt_events(d5);
	XT_OK(x, d0, XS_WRITE, "/local/domain/5/x/y|1");
	xt_events(d5);
	/* a deep tree is removed without recursion (XSA-418) */
	args[0] = '\0';
	for (i = 0; i < 1000; i++)
		strcat(args, "/d");
	strcat(args, "|1");
	XT_OK(x, d0, XS_WRITE, args);
	XT_OK(x, d0, XS_RM, "/d|");
	/* transaction copies count against the domain's memory (XSA-326) */
	XT_OK(x, d0, XSD_SET_QUOTA, "5|memory|5000|");
	assert_string_equal(xt_req(x, d5, XS_TRANSACTION_START, 0, "|"), "1|");
	strcpy(args, "m1|");
	memset(args + 3, 'm', 1900);
	args[3 + 1900] = '\0';
	assert_string_equal(xt_req(x, d5, XS_WRITE, 1, args), "OK|");
	args[1] = '2';
	assert_string_equal(xt_req(x, d5, XS_WRITE, 1, args), "OK|");
	args[1] = '3';
	assert_string_equal(xt_req(x, d5, XS_WRITE, 1, args), "!ENOMEM|");
	assert_string_equal(xt_req(x, d5, XS_TRANSACTION_END, 1, "F|"), "OK|");
	assert_int_equal(x->dom[5]->txbytes, 0);
	/* a client not reading its events is dropped, not buffered (XSA-326) */
	XT_OK(x, d0, XSD_SET_QUOTA, "5|memory|20000|");
	XT_OK(x, d0, XS_SET_PERMS, "/local/domain/5|n5|r0|");
	XT_OK(x, d5, XS_WATCH, "/local/domain/5|flood|");
	for (i = 0; i < 1000 && !d5->dead; i++)
		XT_OK(x, d0, XS_WRITE, "/local/domain/5/f|1");
	assert_true(d5->dead);
	assert_true(xt_output(d5) < 30000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_introduce_release, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release_cleans_up, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release_keep_orphans,
						setup_keep, teardown),
		cmocka_unit_test_setup_teardown(test_release_connections, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_release_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_target, setup, teardown),
		cmocka_unit_test_setup_teardown(test_features, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quotas, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accounting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bounds, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
