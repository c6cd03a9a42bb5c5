/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libxsd node semantics through the wire protocol: read/write/mkdir/rm edge
 * cases, path syntax, relative paths, permissions (owner, default, EACCES
 * versus ENOENT, EPERM), DIRECTORY and DIRECTORY_PART paging, and framing.
 */
#include <stdio.h>
#include <string.h>

#include "xt.h"

static struct xsd *x;
static struct xsd_conn *d0, *d5, *d6;

static int setup(void **state)
{
	x = xt_new(NULL);
	d0 = xt_conn(x, 0);
	d5 = xt_conn(x, 5);
	d6 = xt_conn(x, 6);
	return 0;
}

static int teardown(void **state)
{
	xt_free_conn(d0);
	xt_free_conn(d5);
	xt_free_conn(d6);
	xsd_free(x);
	return 0;
}

static void test_read_write(void **state)
{
	XT_OK(x, d0, XS_WRITE, "/a/b/c|hello");
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/a/b/c|"), "hello");
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/a/b|"), "");
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/nope|"), "!ENOENT|");
	XT_OK(x, d0, XS_WRITE, "/a/b/c|");
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/a/b/c|"), "");
	/* binary data with NULs is kept */
	XT_OK(x, d0, XS_WRITE, "/a/bin|x|y");
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/a/bin|"), "x|y");
	XT_OK(x, d0, XS_MKDIR, "/a/b/c|");
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/a/b/c|"), "");
	XT_OK(x, d0, XS_MKDIR, "/m/n|");
	assert_string_equal(xt_req(x, d0, XS_DIRECTORY, 0, "/m|"), "n|");
}

static void test_rm(void **state)
{
	XT_OK(x, d0, XS_WRITE, "/r/s/t|1");
	XT_OK(x, d0, XS_RM, "/r/s/missing|");
	assert_string_equal(xt_req(x, d0, XS_RM, 0, "/r/nope/missing|"),
			    "!ENOENT|");
	XT_OK(x, d0, XS_RM, "/r/s|");
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/r/s/t|"), "!ENOENT|");
	assert_string_equal(xt_req(x, d0, XS_DIRECTORY, 0, "/r|"), "");
	assert_string_equal(xt_req(x, d0, XS_RM, 0, "/|"), "!EINVAL|");
}

static void test_paths(void **state)
{
	static const char *const bad[] = { "//a|", "/a/|", "/a b|", "/a//b|",
					   "/a|b|", "|", "/ä|" };
	char big[XENSTORE_ABS_PATH_MAX + 8];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *r = xt_req(x, d0, XS_READ, 0, bad[i]);

		if (strcmp(r, "!EINVAL|") && strcmp(r, "!ENOENT|"))
			fail_msg("%s gave %s", bad[i], r);
	}
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "//a|"), "!EINVAL|");
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/a/|"), "!EINVAL|");
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/local/domain/|"),
			    "!EINVAL|");
	big[0] = '/';
	memset(big + 1, 'a', XENSTORE_ABS_PATH_MAX);
	strcpy(big + 1 + XENSTORE_ABS_PATH_MAX, "|");
	assert_string_equal(xt_req(x, d0, XS_WRITE, 0, big), "!EINVAL|");
	/* special names are not nodes */
	assert_string_equal(xt_req(x, d0, XS_WRITE, 0, "@foo|x"), "!EINVAL|");
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "@releaseDomain|"),
			    "!EINVAL|");
	/* unterminated argument */
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/a"), "!EINVAL|");
}

static void test_relative(void **state)
{
	XT_OK(x, d0, XS_MKDIR, "/local/domain/5|");
	XT_OK(x, d0, XS_SET_PERMS, "/local/domain/5|n5|");
	XT_OK(x, d5, XS_WRITE, "data/x|1");
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/local/domain/5/data/x|"),
			    "1");
	assert_string_equal(xt_req(x, d5, XS_GET_PERMS, 0, "data/x|"), "n5|");
	assert_string_equal(xt_req(x, d0, XS_GET_DOMAIN_PATH, 0, "5|"),
			    "/local/domain/5|");
	/* dom0's relative root is /local/domain/0 */
	XT_OK(x, d0, XS_WRITE, "rel|v");
	assert_string_equal(xt_req(x, d0, XS_READ, 0, "/local/domain/0/rel|"),
			    "v");
}

static void test_perms(void **state)
{
	XT_OK(x, d0, XS_MKDIR, "/local/domain/5|");
	XT_OK(x, d0, XS_SET_PERMS, "/local/domain/5|n5|");
	XT_OK(x, d0, XS_MKDIR, "/local/domain/6|");
	XT_OK(x, d0, XS_SET_PERMS, "/local/domain/6|n6|");
	XT_OK(x, d5, XS_WRITE, "/local/domain/5/p|secret");
	/* created by dom5 under its own node: owned by dom5 */
	assert_string_equal(xt_req(x, d0, XS_GET_PERMS, 0,
				   "/local/domain/5/p|"), "n5|");
	assert_string_equal(xt_req(x, d6, XS_READ, 0, "/local/domain/5/p|"),
			    "!EACCES|");
	/* a missing node under an unreadable parent does not leak ENOENT */
	assert_string_equal(xt_req(x, d6, XS_READ, 0, "/local/domain/5/q|"),
			    "!EACCES|");
	assert_string_equal(xt_req(x, d5, XS_READ, 0, "/local/domain/5/q|"),
			    "!ENOENT|");
	XT_OK(x, d5, XS_SET_PERMS, "/local/domain/5/p|n5|r6|");
	assert_string_equal(xt_req(x, d6, XS_READ, 0, "/local/domain/5/p|"),
			    "secret");
	assert_string_equal(xt_req(x, d6, XS_WRITE, 0, "/local/domain/5/p|x"),
			    "!EACCES|");
	/* non-owner may not set perms; owner may not give the node away */
	assert_string_equal(xt_req(x, d6, XS_SET_PERMS, 0,
				   "/local/domain/5/p|n6|"), "!EACCES|");
	assert_string_equal(xt_req(x, d5, XS_SET_PERMS, 0,
				   "/local/domain/5/p|n6|"), "!EPERM|");
	assert_string_equal(xt_req(x, d5, XS_SET_PERMS, 0,
				   "/local/domain/5/p|n5|r1|r2|r3|r4|r6|"),
			    "!ENOSPC|");
	assert_string_equal(xt_req(x, d5, XS_SET_PERMS, 0,
				   "/local/domain/5/p|q5|"), "!EINVAL|");
	/* default (first entry) applies to unlisted domains */
	XT_OK(x, d0, XS_WRITE, "/pub|v");
	XT_OK(x, d0, XS_SET_PERMS, "/pub|r0|n6|");
	assert_string_equal(xt_req(x, d5, XS_READ, 0, "/pub|"), "v");
	assert_string_equal(xt_req(x, d6, XS_READ, 0, "/pub|"), "!EACCES|");
	assert_string_equal(xt_req(x, d5, XS_WRITE, 0, "/pub|w"), "!EACCES|");
	/* creating needs write on the closest existing ancestor */
	assert_string_equal(xt_req(x, d5, XS_WRITE, 0, "/pub/a/b|w"),
			    "!EACCES|");
	XT_OK(x, d0, XS_SET_PERMS, "/pub|b0|");
	XT_OK(x, d5, XS_WRITE, "/pub/a/b|w");
	/* new nodes inherit the parent's perms, owner = creator */
	assert_string_equal(xt_req(x, d0, XS_GET_PERMS, 0, "/pub/a/b|"),
			    "b5|");
	/* root is protected too (XSA-353) */
	assert_string_equal(xt_req(x, d5, XS_WRITE, 0, "/evil|x"), "!EACCES|");
	assert_string_equal(xt_req(x, d5, XS_SET_PERMS, 0, "/|b5|"),
			    "!EACCES|");
}

static void test_directory_part(void **state)
{
	char args[64], name[32], got[8192] = "", expect[8192] = "";
	unsigned long gen = 0, off = 0;
	int i;

	for (i = 0; i < 400; i++) {
		snprintf(args, sizeof(args), "/big/child-number-%03d|", i);
		XT_OK(x, d0, XS_MKDIR, args);
		snprintf(name, sizeof(name), "child-number-%03d|", i);
		strcat(expect, name);
	}
	assert_string_equal(xt_req(x, d0, XS_DIRECTORY, 0, "/big|"), "!E2BIG|");
	for (;;) {
		const char *r, *bar;
		unsigned long g;

		snprintf(args, sizeof(args), "/big|%lu|", off);
		r = xt_req(x, d0, XS_DIRECTORY_PART, 0, args);
		assert_true(sscanf(r, "%lu|", &g) == 1);
		if (gen)
			assert_int_equal(g, gen);
		gen = g;
		bar = strchr(r, '|') + 1;
		if (!strcmp(bar, "|"))
			break;
		strcat(got, bar);
		off += strlen(bar);
		if (strlen(bar) >= 2 && !strcmp(bar + strlen(bar) - 2, "||")) {
			got[strlen(got) - 1] = '\0';
			break;
		}
	}
	assert_string_equal(got, expect);
}

static void test_framing(void **state)
{
	struct xsd_sockmsg h = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };
	struct xsd_conn *c = xt_conn(x, 0);

	assert_string_equal(xt_req(x, d0, 99, 0, "|"), "!ENOSYS|");
	assert_string_equal(xt_req(x, d0, 20, 0, "|"), "!ENOSYS|");
	assert_string_equal(xt_req(x, d5, XS_INTRODUCE, 0, "7|0|0|"),
			    "!EACCES|");
	assert_string_equal(xt_req(x, d5, XS_CONTROL, 0, "help|"), "!EACCES|");
	assert_string_equal(xt_req(x, d0, XS_READ, 77, "/a|"), "!ENOENT|");
	/* an oversized header drops the connection */
	assert_int_equal(xsd_conn_input(x, c, &h, sizeof(h)), -1);
	assert_true(xsd_conn_dead(c));
	xt_free_conn(c);
	/* partial messages wait for the rest */
	c = xt_conn(x, 0);
	h.len = 3;
	assert_int_equal(xsd_conn_input(x, c, &h, sizeof(h)), 0);
	assert_int_equal(xt_output(c), 0);
	assert_int_equal(xsd_conn_input(x, c, "/\0", 2), 0);
	assert_int_equal(xt_output(c), 0);
	assert_int_equal(xsd_conn_input(x, c, "", 1), 0);
	assert_true(xt_output(c) > 0);
	xt_free_conn(c);
}

static void test_control(void **state)
{
	/* Xen's "OK" first, then what was verified */
	assert_string_equal(xt_req(x, d0, XS_CONTROL, 0, "check|"),
			    "OK\n5 nodes, 1 domains owning nodes: tree, child "
			    "lists and accounting agree\n|");
	assert_string_equal(xt_req(x, d0, XS_CONTROL, 0, "check|x|"),
			    "!EINVAL|");
	XT_OK(x, d0, XS_CONTROL, "log|debug|");
	assert_string_equal(xt_req(x, d0, XS_CONTROL, 0, "log|"), "debug|");
	XT_OK(x, d0, XS_CONTROL, "log|error|");
	assert_non_null(strstr(xt_req(x, d0, XS_CONTROL, 0, "memreport|"),
			       "nodes: "));
	assert_string_equal(xt_req(x, d0, XS_CONTROL, 0, "bogus|"),
			    "!EINVAL|");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_read_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rm, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relative, setup, teardown),
		cmocka_unit_test_setup_teardown(test_perms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_directory_part, setup, teardown),
		cmocka_unit_test_setup_teardown(test_framing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_control, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
