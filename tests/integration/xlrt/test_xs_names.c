/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The name index (xl-compat/runtime/xs_path.h: /libxl/name/<name>)
 * against a real xenstored-kvm, which xs_names.sh starts (XENSTORED_PATH,
 * XEN_KVM_ROOT, XS_NAMES_DIR for configs), through the layout a create
 * writes and a destroy removes (xs_layout.c) and the lookup every command
 * uses (domain.c):
 *   - a name's spelling in the index, and one too long;
 *   - a create claims its name, a second create of it is refused and
 *     leaves nothing, a destroy drops it, the name is free again;
 *   - a rename moves the entry, the old name is no longer found;
 *   - a stale entry (its domain called otherwise now) neither finds that
 *     domain nor keeps the name from a create;
 *   - a store from before the index: lookups still find each domain, a
 *     create refuses a name an older domain holds, and the first create
 *     that commits builds the index with every domain's name in it.
 */
#include <errno.h>

#include "xs_test.h"
#include "domain.h"
#include "xs_layout.h"
#include "xs_path.h"

static const char *dir;
static struct xs_handle *xs;

static void load(const char *name, struct xlm_domain *d)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.cfg", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "name = \"%s\"\ntype = \"hvm\"\nmemory = 64\n", name);
	fclose(f);
	assert_int_equal(xlm_load(path, NULL, NULL, d), 0);
	assert_int_equal(xlm_domain_setdefault(d), 0);
}

/* layout of a domain called name as domid: 0 or the layout's -errno */
static int create(unsigned int domid, const char *name)
{
	struct xlm_domain d;
	char err[512];
	int r;

	load(name, &d);
	r = xlrt_xs_layout_write(xs, domid, &d, "", err, sizeof(err));
	xlm_domain_dispose(&d);
	return r;
}

static char *rd(const char *path)
{
	unsigned int len;

	return xs_read(xs, XBT_NULL, path, &len);
}

static void expect(const char *path, const char *want)
{
	char *v = rd(path);

	if (!v || strcmp(v, want))
		fail_msg("%s is '%s', not '%s'", path, v ? v : "(none)", want);
	free(v);
}

static void expect_gone(const char *path)
{
	char *v = rd(path);

	if (v)
		fail_msg("%s is still there: '%s'", path, v);
}

/* what the commands' lookup makes of q: a domid, or -1 */
static int lookup(const char *q)
{
	unsigned int d;

	return xlrt_domain_lookup(xs, q, &d, NULL, 0) ? -1 : (int)d;
}

static void spelling(void **state)
{
	char b[64], big[200];

	(void)state;
	assert_int_equal(xlrt_xs_name_path(b, sizeof(b), "sys-net_1"), 21);
	assert_string_equal(b, "/libxl/name/sys-net_1");
	assert_true(xlrt_xs_name_path(b, sizeof(b), "a.b c@/") > 0);
	assert_string_equal(b, "/libxl/name/a@2eb@20c@40@2f");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(xlrt_xs_name_path(b, sizeof(b), big), -ENAMETOOLONG);
}

static void claim_refuse_drop(void **state)
{
	(void)state;
	assert_int_equal(create(3, "web"), 0);
	expect("/libxl/name/web", "3");
	expect("/libxl/name/Domain-0", "0");
	assert_int_equal(lookup("web"), 3);
	assert_int_equal(create(4, "web"), -EEXIST);
	expect_gone("/local/domain/4");
	expect_gone("/libxl/4");
	expect("/libxl/name/web", "3");
	assert_int_equal(xlrt_xs_layout_remove(xs, 3), 0);
	expect_gone("/libxl/name/web");
	assert_int_equal(lookup("web"), -1);
	assert_int_equal(create(4, "web"), 0);
	assert_int_equal(lookup("web"), 4);
}

static void rename_moves(void **state)
{
	(void)state;
	assert_int_equal(xlrt_xs_name_set(xs, XBT_NULL, 4, "db.1"), 0);
	expect("/local/domain/4/name", "db.1");
	expect("/libxl/name/db@2e1", "4");
	expect_gone("/libxl/name/web");
	assert_int_equal(lookup("web"), -1);
	assert_int_equal(lookup("db.1"), 4);
}

static void stale_entry(void **state)
{
	(void)state;
	/* names 4, which is called db.1 */
	assert_true(xs_write(xs, XBT_NULL, "/libxl/name/ghost", "4", 1));
	assert_int_equal(lookup("ghost"), -1);
	assert_int_equal(create(5, "ghost"), 0);
	expect("/libxl/name/ghost", "5");
	assert_int_equal(xlrt_xs_layout_remove(xs, 5), 0);
	expect_gone("/libxl/name/ghost");
}

static void store_before_the_index(void **state)
{
	(void)state;
	assert_true(xs_rm(xs, XBT_NULL, "/libxl/name"));
	assert_int_equal(lookup("db.1"), 4);
	assert_int_equal(create(6, "db.1"), -EEXIST);
	expect_gone("/local/domain/6");
	/* the refused create's transaction took its index along */
	expect_gone("/libxl/name");
	assert_int_equal(create(6, "other"), 0);
	expect("/libxl/name/db@2e1", "4");
	expect("/libxl/name/other", "6");
	assert_int_equal(xlrt_xs_layout_remove(xs, 6), 0);
	assert_int_equal(xlrt_xs_layout_remove(xs, 4), 0);
	expect_gone("/libxl/name/db@2e1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spelling),
		cmocka_unit_test(claim_refuse_drop),
		cmocka_unit_test(rename_moves),
		cmocka_unit_test(stale_entry),
		cmocka_unit_test(store_before_the_index),
	};

	dir = getenv("XS_NAMES_DIR");
	if (!dir)
		xlrt_skip_all("run through xs_names.sh (XS_NAMES_DIR)");
	return xlrt_run_with_xs("xs_names", tests, sizeof(tests) / sizeof(tests[0]), &xs);
}
