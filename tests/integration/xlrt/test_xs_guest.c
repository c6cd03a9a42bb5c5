/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest's own XenStore nodes carried across a save or a migration
 * (xl-compat/runtime/xs_guest.h) against a real xenstored-kvm, which
 * xs_guest.sh starts (XENSTORED_PATH):
 *   - save takes what the domain owns in the carried places, and none of
 *     what the toolstack owns there or writes elsewhere;
 *   - restore writes them under the new domid, owned by it and readable by
 *     no one else;
 *   - a blob naming a node outside those places is refused and nothing of
 *     it is written;
 *   - update (a migration's last word) removes what the guest removed
 *     meanwhile, keeps what it kept, writes what it added or changed.
 */
#include <errno.h>

#include "xs_test.h"
#include "xs_guest.h"
#include "xs_path.h"

static struct xs_handle *xs;

static void put(unsigned int owner, const char *path, const char *val)
{
	struct xs_permissions p = { .id = owner, .perms = XS_PERM_NONE };

	assert_true(xs_write(xs, XBT_NULL, path, val, strlen(val)));
	assert_true(xs_set_permissions(xs, XBT_NULL, path, &p, 1));
}

static void expect(const char *path, const char *want)
{
	unsigned int len;
	char *v = xs_read(xs, XBT_NULL, path, &len);

	if (!v || strcmp(v, want))
		fail_msg("%s is '%s', not '%s'", path, v ? v : "(none)", want);
	free(v);
}

static void expect_gone(const char *path)
{
	unsigned int len;
	char *v = xs_read(xs, XBT_NULL, path, &len);

	if (v)
		fail_msg("%s is still there: '%s'", path, v);
}

static void expect_owner(const char *path, unsigned int owner)
{
	struct xs_permissions *p;
	unsigned int n;

	p = xs_get_permissions(xs, XBT_NULL, path, &n);
	assert_non_null(p);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].id, owner);
	assert_int_equal(p[0].perms, XS_PERM_NONE);
	free(p);
}

/* domain 7 as a guest leaves it: its own nodes, and the toolstack's */
static void guest7(void)
{
	assert_true(xs_mkdir(xs, XBT_NULL, "/local/domain/7"));
	put(7, "/local/domain/7/data", "");
	put(7, "/local/domain/7/data/mark", "w1");
	put(7, "/local/domain/7/data/tick", "");
	put(7, "/local/domain/7/data/tick/0", "0");
	put(7, "/local/domain/7/data/tick/1", "1");
	put(7, "/local/domain/7/control/feature-poweroff", "1");
	put(0, "/local/domain/7/control/shutdown", "");		/* a request */
	put(0, "/local/domain/7/data/toolstack", "x");		/* dom0's */
	put(7, "/local/domain/7/device/vbd/768/state", "4");	/* a frontend */
}

static void save_restore(void **state)
{
	char *blob, err[512];
	size_t len;

	(void)state;
	guest7();
	assert_int_equal(xlrt_xs_guest_save(xs, 7, &blob, &len), 0);
	assert_true(xs_mkdir(xs, XBT_NULL, "/local/domain/8"));
	assert_int_equal(xlrt_xs_guest_restore(xs, 8, blob, len, err, sizeof(err)), 0);
	expect("/local/domain/8/data/mark", "w1");
	expect("/local/domain/8/data/tick/1", "1");
	expect("/local/domain/8/control/feature-poweroff", "1");
	expect_owner("/local/domain/8/data/mark", 8);
	expect_owner("/local/domain/8/control/feature-poweroff", 8);
	expect_gone("/local/domain/8/control/shutdown");
	expect_gone("/local/domain/8/data/toolstack");
	expect_gone("/local/domain/8/device");
	free(blob);
	assert_true(xs_rm(xs, XBT_NULL, "/local/domain/7"));
	assert_true(xs_rm(xs, XBT_NULL, "/local/domain/8"));
}

static void outside_refused(void **state)
{
	/* data/a, then device/vbd/768/backend: the second is not the guest's */
	static const char blob[] = "data/a\0\1\0\0\0x" "device/vbd/768/backend\0\1\0\0\0y";
	char err[512];

	(void)state;
	assert_true(xs_mkdir(xs, XBT_NULL, "/local/domain/9"));
	assert_int_equal(xlrt_xs_guest_restore(xs, 9, blob, sizeof(blob) - 1, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "device/vbd/768/backend"));
	expect_gone("/local/domain/9/data/a");
	assert_int_equal(xlrt_xs_guest_update(xs, 9, blob, sizeof(blob) - 1, "", 0, err,
					      sizeof(err)), -EINVAL);
	assert_true(xs_rm(xs, XBT_NULL, "/local/domain/9"));
}

static void update(void **state)
{
	char *was, *now, err[512];
	size_t was_len, now_len;

	(void)state;
	guest7();
	assert_int_equal(xlrt_xs_guest_save(xs, 7, &was, &was_len), 0);
	assert_true(xs_mkdir(xs, XBT_NULL, "/local/domain/8"));
	assert_int_equal(xlrt_xs_guest_restore(xs, 8, was, was_len, err, sizeof(err)), 0);
	/* meanwhile on the source: a count more, the mark changed, the old
	 * counts and the agent's feature removed */
	put(7, "/local/domain/7/data/tick/2", "2");
	put(7, "/local/domain/7/data/mark", "w2");
	assert_true(xs_rm(xs, XBT_NULL, "/local/domain/7/data/tick/0"));
	assert_true(xs_rm(xs, XBT_NULL, "/local/domain/7/control/feature-poweroff"));
	assert_int_equal(xlrt_xs_guest_save(xs, 7, &now, &now_len), 0);
	assert_int_equal(xlrt_xs_guest_update(xs, 8, was, was_len, now, now_len, err,
					      sizeof(err)), 0);
	expect("/local/domain/8/data/mark", "w2");
	expect("/local/domain/8/data/tick/1", "1");
	expect("/local/domain/8/data/tick/2", "2");
	expect_owner("/local/domain/8/data/tick/2", 8);
	expect_gone("/local/domain/8/data/tick/0");
	expect_gone("/local/domain/8/control/feature-poweroff");
	/* the whole of data/ removed: everything under it goes */
	assert_true(xs_rm(xs, XBT_NULL, "/local/domain/7/data"));
	free(was);
	was = now;
	was_len = now_len;
	assert_int_equal(xlrt_xs_guest_save(xs, 7, &now, &now_len), 0);
	assert_int_equal(now_len, 0);
	assert_int_equal(xlrt_xs_guest_update(xs, 8, was, was_len, now, now_len, err,
					      sizeof(err)), 0);
	expect_gone("/local/domain/8/data");
	free(was);
	free(now);
	assert_true(xs_rm(xs, XBT_NULL, "/local/domain/7"));
	assert_true(xs_rm(xs, XBT_NULL, "/local/domain/8"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(save_restore),
		cmocka_unit_test(outside_refused),
		cmocka_unit_test(update),
	};

	if (!getenv("XENSTORED_PATH"))
		xlrt_skip_all("run through xs_guest.sh (XENSTORED_PATH)");
	return xlrt_run_with_xs("xs_guest", tests, sizeof(tests) / sizeof(tests[0]), &xs);
}
