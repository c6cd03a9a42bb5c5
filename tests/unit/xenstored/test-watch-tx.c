/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libxsd watches and transactions: firing rules (ancestors, removed
 * subtrees, relative paths, permission filtering), UNWATCH and
 * RESET_WATCHES, transaction isolation, EAGAIN on conflict, events held
 * back until commit, and DIRECTORY inside a transaction, with child lists
 * copied only when listed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xt.h"

static struct xsd *x;
static struct xsd_conn *d0, *w0, *d5;

static int setup(void **state)
{
	x = xt_new(NULL);
	d0 = xt_conn(x, 0);
	w0 = xt_conn(x, 0);
	d5 = xt_conn(x, 5);
	XT_OK(x, d0, XS_MKDIR, "/local/domain/5|");
	XT_OK(x, d0, XS_SET_PERMS, "/local/domain/5|n5|");
	return 0;
}

static int teardown(void **state)
{
	xt_free_conn(d0);
	xt_free_conn(w0);
	xt_free_conn(d5);
	xsd_free(x);
	return 0;
}

static void test_fire_rules(void **state)
{
	XT_OK(x, w0, XS_WATCH, "/w|tok|");
	assert_string_equal(xt_events(w0), "/w|tok|");
	assert_string_equal(xt_req(x, w0, XS_WATCH, 0, "/w|tok|"), "!EEXIST|");
	XT_OK(x, w0, XS_WATCH, "/w/a/b|deep|");
	assert_string_equal(xt_events(w0), "/w/a/b|deep|");
	XT_OK(x, d0, XS_WRITE, "/w/a/b|1");
	assert_string_equal(xt_events(w0), "/w/a/b|deep|/w/a/b|tok|");
	/* a change above a watch does not fire it */
	XT_OK(x, d0, XS_WRITE, "/w/z|1");
	assert_string_equal(xt_events(w0), "/w/z|tok|");
	XT_OK(x, d0, XS_WRITE, "/other|1");
	assert_string_equal(xt_events(w0), "");
	/* removing /w/a: /w/a fires ancestors, /w/a/b fires its exact watch */
	XT_OK(x, d0, XS_RM, "/w/a|");
	assert_string_equal(xt_events(w0), "/w/a|tok|/w/a/b|deep|");
	XT_OK(x, d0, XS_SET_PERMS, "/w/z|n0|r5|");
	assert_string_equal(xt_events(w0), "/w/z|tok|");
	XT_OK(x, w0, XS_UNWATCH, "/w|tok|");
	assert_string_equal(xt_req(x, w0, XS_UNWATCH, 0, "/w|tok|"), "!ENOENT|");
	XT_OK(x, d0, XS_WRITE, "/w/z|2");
	assert_string_equal(xt_events(w0), "");
	/* a watch on / sees everything */
	XT_OK(x, w0, XS_WATCH, "/|all|");
	xt_events(w0);
	XT_OK(x, d0, XS_WRITE, "/q/r|1");
	assert_string_equal(xt_events(w0), "/q/r|all|");
}

static void test_relative_and_perms(void **state)
{
	XT_OK(x, d5, XS_WATCH, "data|rel|");
	assert_string_equal(xt_events(d5), "data|rel|");
	XT_OK(x, d0, XS_WRITE, "/local/domain/5/data/k|v");
	assert_string_equal(xt_events(d5), "data/k|rel|");
	/* dom5 watching / must not learn about nodes it cannot read */
	XT_OK(x, d5, XS_WATCH, "/|root|");
	xt_events(d5);
	XT_OK(x, d0, XS_WRITE, "/private|secret");
	assert_string_equal(xt_events(d5), "");
	XT_OK(x, d0, XS_SET_PERMS, "/private|n0|r5|");
	xt_events(d5);
	XT_OK(x, d0, XS_WRITE, "/private|again");
	assert_string_equal(xt_events(d5), "/private|root|");
	/* special watches: only with read perms on the special node */
	XT_OK(x, d5, XS_WATCH, "@introduceDomain|i|");
	xt_events(d5);
	XT_OK(x, w0, XS_WATCH, "@introduceDomain|i0|");
	assert_string_equal(xt_events(w0), "@introduceDomain|i0|");
	XT_OK(x, d0, XS_INTRODUCE, "9|0|0|");
	assert_string_equal(xt_events(w0), "@introduceDomain|i0|");
	assert_string_equal(xt_events(d5), "");
	XT_OK(x, d0, XS_SET_PERMS, "@introduceDomain|n0|r5|");
	assert_string_equal(xt_req(x, d0, XS_GET_PERMS, 0, "@introduceDomain|"),
			    "n0|r5|");
	XT_OK(x, d0, XS_INTRODUCE, "10|0|0|");
	assert_string_equal(xt_events(d5), "@introduceDomain|i|");
}

static void test_reset_watches(void **state)
{
	char args[32];
	int i;

	for (i = 0; i < 128; i++) {
		snprintf(args, sizeof(args), "w%d|t|", i);
		XT_OK(x, d5, XS_WATCH, args);
	}
	assert_string_equal(xt_req(x, d5, XS_WATCH, 0, "extra|t|"), "!E2BIG|");
	assert_string_equal(xt_req(x, d5, XS_TRANSACTION_START, 0, "|"), "1|");
	XT_OK(x, d5, XS_RESET_WATCHES, "|");
	/* quota freed (XSA-330), transactions gone too */
	XT_OK(x, d5, XS_WATCH, "extra|t|");
	assert_string_equal(xt_req(x, d5, XS_READ, 1, "data|"), "!ENOENT|");
	/* RESET_WATCHES naming a transaction does not crash (XSA-484) */
	assert_string_equal(xt_req(x, d5, XS_TRANSACTION_START, 0, "|"), "2|");
	XT_OK(x, d5, XS_RESET_WATCHES, "|");
	xt_events(d5);
	assert_int_equal(d5->dom->watches, 0);
	assert_int_equal(d5->dom->txs, 0);
}

static void test_tx_basic(void **state)
{
	XT_OK(x, d0, XS_WRITE, "/t/a|1");
	XT_OK(x, w0, XS_WATCH, "/t|tw|");
	xt_events(w0);
	assert_string_equal(xt_req(x, d0, XS_TRANSACTION_START, 0, "|"), "1|");
	assert_string_equal(xt_req(x, d0, XS_WRITE, 1, "/t/a|2"), "OK|");
	assert_string_equal(xt_req(x, d0, XS_WRITE, 1, "/t/c|in-tx"), "OK|");
	/* isolation: the transaction sees its writes, nobody else does */
	assert_string_equal(xt_req(x, d0, XS_READ, 1, "/t/a|"), "2");
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/t/a|"), "1");
	assert_string_equal(xt_req(x, d0, XS_DIRECTORY, 1, "/t|"), "a|c|");
	assert_string_equal(xt_req(x, d0, XS_DIRECTORY, 0, "/t|"), "a|");
	assert_string_equal(xt_events(w0), "");
	/* abort: nothing happened */
	assert_string_equal(xt_req(x, d0, XS_TRANSACTION_END, 1, "F|"), "OK|");
	assert_string_equal(xt_events(w0), "");
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/t/c|"), "!ENOENT|");
	assert_string_equal(xt_req(x, d0, XS_TRANSACTION_END, 1, "T|"),
			    "!ENOENT|");
	/* WATCH ignores tx_id (XSA-115) */
	assert_string_equal(xt_req(x, d0, XS_TRANSACTION_START, 0, "|"), "2|");
	assert_string_equal(xt_req(x, d0, XS_WATCH, 2, "/t|x|"), "OK|");
	assert_string_equal(xt_req(x, d0, XS_TRANSACTION_END, 2, "Q|"),
			    "!EINVAL|");
}

static void test_tx_commit_and_conflict(void **state)
{
	XT_OK(x, d0, XS_WRITE, "/t/a|1");
	XT_OK(x, w0, XS_WATCH, "/t|tw|");
	xt_events(w0);
	assert_string_equal(xt_req(x, d0, XS_TRANSACTION_START, 0, "|"), "1|");
	assert_string_equal(xt_req(x, d0, XS_WRITE, 1, "/t/a|2"), "OK|");
	assert_string_equal(xt_req(x, d0, XS_WRITE, 1, "/t/n/m|3"), "OK|");
	assert_string_equal(xt_req(x, d0, XS_RM, 1, "/t/a|"), "OK|");
	assert_string_equal(xt_req(x, d0, XS_READ, 1, "/t/a|"), "!ENOENT|");
	assert_string_equal(xt_events(w0), "");
	assert_string_equal(xt_req(x, d0, XS_TRANSACTION_END, 1, "T|"), "OK|");
	assert_string_equal(xt_events(w0), "/t/a|tw|/t/n/m|tw|/t/a|tw|");
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/t/n/m|"), "3");
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/t/a|"), "!ENOENT|");
	/* conflict: read in tx, changed outside, commit fails */
	assert_string_equal(xt_req(x, d0, XS_TRANSACTION_START, 0, "|"), "2|");
	assert_string_equal(xt_req(x, d0, XS_READ, 2, "/t/n/m|"), "3");
	assert_string_equal(xt_req(x, d0, XS_WRITE, 2, "/t/other|x"), "OK|");
	XT_OK(x, w0, XS_WRITE, "/t/n/m|4");
	assert_string_equal(xt_req(x, d0, XS_TRANSACTION_END, 2, "T|"),
			    "!EAGAIN|");
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/t/other|"), "!ENOENT|");
	/* a created node conflicting with a concurrent creation */
	assert_string_equal(xt_req(x, d0, XS_TRANSACTION_START, 0, "|"), "3|");
	assert_string_equal(xt_req(x, d0, XS_WRITE, 3, "/t/race|a"), "OK|");
	XT_OK(x, w0, XS_WRITE, "/t/race|b");
	assert_string_equal(xt_req(x, d0, XS_TRANSACTION_END, 3, "T|"),
			    "!EAGAIN|");
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/t/race|"), "b");
	assert_string_equal(xt_req(x, d0, XS_TRANSACTION_END, 0, "X|"),
			    "!ENOENT|");
}

/*
 * A transaction copies a node's child names only when it lists them: the
 * children it adds and removes before that are changes applied to the
 * committed list, in order, at the first DIRECTORY (or removal of the
 * node's subtree), and many of them make the copy at once. Whichever way,
 * the transaction sees what it would see with a copy made at first access.
 */
static void test_tx_child_lists(void **state)
{
	char args[64], want[8192];
	size_t off = 0;
	int i;

	XT_OK(x, d0, XS_WRITE, "/big/c0|0");
	XT_OK(x, d0, XS_WRITE, "/big/c1|1");
	XT_OK(x, d0, XS_WRITE, "/big/c2/deep|2");
	XT_OK(x, w0, XS_WATCH, "/big|bw|");
	xt_events(w0);
	/* adds and removes, then a listing */
	assert_string_equal(xt_req(x, d0, XS_TRANSACTION_START, 0, "|"), "1|");
	assert_string_equal(xt_req(x, d0, XS_WRITE, 1, "/big/new|n"), "OK|");
	assert_string_equal(xt_req(x, d0, XS_RM, 1, "/big/c1|"), "OK|");
	assert_string_equal(xt_req(x, d0, XS_WRITE, 1, "/big/tmp|t"), "OK|");
	assert_string_equal(xt_req(x, d0, XS_RM, 1, "/big/tmp|"), "OK|");
	assert_string_equal(xt_req(x, d0, XS_WRITE, 1, "/big/tmp|u"), "OK|");
	assert_string_equal(xt_req(x, d0, XS_DIRECTORY, 1, "/big|"),
			    "c0|c2|new|tmp|");
	assert_string_equal(xt_req(x, d0, XS_DIRECTORY, 0, "/big|"),
			    "c0|c1|c2|");
	/* changes after the listing go to the copy */
	assert_string_equal(xt_req(x, d0, XS_RM, 1, "/big/c0|"), "OK|");
	assert_true(xt_req(x, d0, XS_DIRECTORY_PART, 1, "/big|0|")[0] != '!');
	assert_string_equal(xt_req(x, d0, XS_DIRECTORY, 1, "/big|"),
			    "c2|new|tmp|");
	assert_string_equal(xt_req(x, d0, XS_TRANSACTION_END, 1, "T|"), "OK|");
	assert_string_equal(xt_req(x, d0, XS_DIRECTORY, 0, "/big|"),
			    "c2|new|tmp|");
	xt_events(w0);
	/* never listed: the commit applies the changes all the same */
	assert_string_equal(xt_req(x, d0, XS_TRANSACTION_START, 0, "|"), "2|");
	assert_string_equal(xt_req(x, d0, XS_WRITE, 2, "/big/x|x"), "OK|");
	assert_string_equal(xt_req(x, d0, XS_RM, 2, "/big/new|"), "OK|");
	assert_string_equal(xt_req(x, d0, XS_TRANSACTION_END, 2, "T|"), "OK|");
	assert_string_equal(xt_req(x, d0, XS_DIRECTORY, 0, "/big|"),
			    "c2|tmp|x|");
	xt_events(w0);
	/* removing a subtree whose lists were not copied */
	assert_string_equal(xt_req(x, d0, XS_TRANSACTION_START, 0, "|"), "3|");
	assert_string_equal(xt_req(x, d0, XS_WRITE, 3, "/big/c2/more|m"), "OK|");
	assert_string_equal(xt_req(x, d0, XS_RM, 3, "/big|"), "OK|");
	assert_string_equal(xt_req(x, d0, XS_READ, 3, "/big/c2/more|"),
			    "!ENOENT|");
	assert_string_equal(xt_req(x, d0, XS_TRANSACTION_END, 3, "T|"), "OK|");
	/* the removal fires /big, not its descendants (no exact watches) */
	assert_string_equal(xt_events(w0), "/big/c2/more|bw|/big|bw|");
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/big/c2/deep|"),
			    "!ENOENT|");
	/* more changes than are kept (600 of 7 bytes): the list is copied */
	XT_OK(x, d0, XS_WRITE, "/big/a|a");
	assert_string_equal(xt_req(x, d0, XS_TRANSACTION_START, 0, "|"), "4|");
	off = (size_t)snprintf(want, sizeof(want), "a|");
	for (i = 0; i < 600; i++) {
		snprintf(args, sizeof(args), "/big/k%03d|v", i);
		assert_string_equal(xt_req(x, d0, XS_WRITE, 4, args), "OK|");
		off += (size_t)snprintf(want + off, sizeof(want) - off,
					"k%03d|", i);
	}
	assert_string_equal(xt_req(x, d0, XS_DIRECTORY, 4, "/big|"), want);
	assert_string_equal(xt_req(x, d0, XS_TRANSACTION_END, 4, "T|"), "OK|");
	assert_string_equal(xt_req(x, d0, XS_DIRECTORY, 0, "/big|"), want);
	/* a concurrent change of the list: EAGAIN, as with a copy */
	assert_string_equal(xt_req(x, d0, XS_TRANSACTION_START, 0, "|"), "5|");
	assert_string_equal(xt_req(x, d0, XS_WRITE, 5, "/big/mine|m"), "OK|");
	XT_OK(x, w0, XS_WRITE, "/big/theirs|t");
	assert_string_equal(xt_req(x, d0, XS_TRANSACTION_END, 5, "T|"),
			    "!EAGAIN|");
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/big/mine|"),
			    "!ENOENT|");
	assert_non_null(strstr(xt_req(x, d0, XS_CONTROL, 0, "check|"), "OK\n"));
}

static void test_tx_quota(void **state)
{
	char args[64];
	int i;
	const char *id;

	for (i = 0; i < 10; i++)
		assert_true(xt_req(x, d5, XS_TRANSACTION_START, 0, "|")[0]
			    != '!');
	assert_string_equal(xt_req(x, d5, XS_TRANSACTION_START, 0, "|"),
			    "!ENOSPC|");
	XT_OK(x, d5, XS_RESET_WATCHES, "|");
	id = xt_req(x, d5, XS_TRANSACTION_START, 0, "|");
	assert_int_equal(atoi(id), 11);
	for (i = 0; i < 1100; i++) {
		const char *r;

		snprintf(args, sizeof(args), "n%d|", i);
		r = xt_req(x, d5, XS_READ, 11, args);
		if (!strcmp(r, "!ENOSPC|"))
			break;
	}
	assert_true(i > 1000 && i < 1024);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fire_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relative_and_perms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_watches, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tx_basic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tx_commit_and_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tx_quota, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tx_child_lists, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
