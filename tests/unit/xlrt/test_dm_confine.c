/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of dm_confine.c, the user a domain's QEMU runs as.  The user
 * database is this file's: getpwnam, getpwuid and geteuid are defined
 * here and take the place of libc's in this program, so each case says
 * which users exist without touching the host's /etc/passwd.
 */
#include <errno.h>
#include <pwd.h>
#include <sys/types.h>

#include "xlrt_test.h"
#include "dm_confine.h"

struct user { const char *name; uid_t uid; gid_t gid; };
static const struct user *users;
static uid_t euid;
static struct passwd pw;

static struct passwd *found(const struct user *u)
{
	memset(&pw, 0, sizeof(pw));
	pw.pw_name = (char *)u->name;
	pw.pw_uid = u->uid;
	pw.pw_gid = u->gid;
	return &pw;
}

struct passwd *getpwnam(const char *name)
{
	const struct user *u;

	for (u = users; u && u->name; u++)
		if (!strcmp(u->name, name))
			return found(u);
	return NULL;
}

struct passwd *getpwuid(uid_t uid)
{
	const struct user *u;

	for (u = users; u && u->name; u++)
		if (u->uid == uid)
			return found(u);
	return NULL;
}

uid_t geteuid(void)
{
	return euid;
}

static char err[512];

static int plan(const char *dm_user, bool restricted, unsigned int domid,
		struct xlrt_dm_confine *c)
{
	err[0] = '\0';
	return xlrt_dm_confine_plan(dm_user, restricted, domid, c, err,
				    sizeof(err));
}

static int setup(void **state)
{
	(void)state;
	euid = 0;
	users = NULL;
	return 0;
}

static void range_gives_each_domain_its_uid(void **state)
{
	static const struct user u[] = {
		{ "xen-qemuuser-range-base", 131072, 990 },
		{ "xen-qemuuser-shared", 999, 991 }, { NULL, 0, 0 } };
	struct xlrt_dm_confine a, b;

	(void)state;
	users = u;
	assert_int_equal(plan(NULL, true, 3, &a), 0);
	assert_int_equal(plan(NULL, true, 4, &b), 0);
	assert_true(a.restricted && a.drop);
	assert_int_equal(a.uid, 131075);
	assert_int_equal(b.uid, 131076);
	assert_int_equal(a.gid, 990);
	assert_string_equal(a.user, "131075:990");
	/* each chroots into its own domain's directory */
	assert_non_null(strstr(a.root, "/3/qemu-root"));
	assert_non_null(strstr(b.root, "/4/qemu-root"));
	assert_non_null(strstr(a.who, "xen-qemuuser-range-base + domid 3"));
}

static void shared_user_when_no_range(void **state)
{
	static const struct user u[] = {
		{ "xen-qemuuser-shared", 999, 991 }, { NULL, 0, 0 } };
	struct xlrt_dm_confine c;

	(void)state;
	users = u;
	assert_int_equal(plan(NULL, true, 7, &c), 0);
	assert_int_equal(c.uid, 999);
	assert_string_equal(c.user, "999:991");
	assert_non_null(strstr(c.who, "shared by every domain"));
}

static void no_user_is_a_clear_failure(void **state)
{
	struct xlrt_dm_confine c;

	(void)state;
	assert_int_equal(plan(NULL, true, 7, &c), -ENOENT);
	assert_non_null(strstr(err, "xen-qemuuser-range-base"));
	assert_non_null(strstr(err, "xen-qemuuser-shared"));
	assert_non_null(strstr(err, "dm_restrict = 0"));
}

static void range_uid_taken_by_a_real_user(void **state)
{
	static const struct user u[] = {
		{ "xen-qemuuser-range-base", 131072, 990 },
		{ "alice", 131077, 100 }, { NULL, 0, 0 } };
	struct xlrt_dm_confine c;

	(void)state;
	users = u;
	assert_int_equal(plan(NULL, true, 5, &c), -EEXIST);
	assert_non_null(strstr(err, "alice"));
	assert_int_equal(plan(NULL, true, 6, &c), 0);
}

static void range_of_root_is_refused(void **state)
{
	static const struct user u[] = {
		{ "xen-qemuuser-range-base", 0, 0 }, { NULL, 0, 0 } };
	struct xlrt_dm_confine c;

	(void)state;
	users = u;
	assert_int_equal(plan(NULL, true, 1, &c), -EINVAL);
}

static void device_model_user(void **state)
{
	static const struct user u[] = {
		{ "qemu-vm1", 2001, 2001 }, { "root", 0, 0 },
		{ "xen-qemuuser-range-base", 131072, 990 }, { NULL, 0, 0 } };
	struct xlrt_dm_confine c;

	(void)state;
	users = u;
	/* named: that user, restricted or not; unrestricted: no chroot */
	assert_int_equal(plan("qemu-vm1", true, 2, &c), 0);
	assert_int_equal(c.uid, 2001);
	assert_true(*c.root);
	assert_int_equal(plan("qemu-vm1", false, 2, &c), 0);
	assert_true(c.drop && !c.restricted);
	assert_int_equal(c.uid, 2001);
	assert_string_equal(c.root, "");
	assert_int_equal(plan("nosuchuser", true, 2, &c), -ENOENT);
	assert_non_null(strstr(err, "\"nosuchuser\": no such user"));
	assert_int_equal(plan("nosuchuser", false, 2, &c), -ENOENT);
	assert_int_equal(plan("root", true, 2, &c), -EINVAL);
}

static void unrestricted_stays_root(void **state)
{
	struct xlrt_dm_confine c;

	(void)state;
	assert_int_equal(plan(NULL, false, 2, &c), 0);
	assert_false(c.drop || c.restricted);
	assert_string_equal(c.user, "");
	/* not root: nothing to drop, and no way to confine */
	euid = 1000;
	assert_int_equal(plan(NULL, false, 2, &c), 0);
	assert_int_equal(plan(NULL, true, 2, &c), -EPERM);
	assert_non_null(strstr(err, "not root"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(range_gives_each_domain_its_uid, setup),
		cmocka_unit_test_setup(shared_user_when_no_range, setup),
		cmocka_unit_test_setup(no_user_is_a_clear_failure, setup),
		cmocka_unit_test_setup(range_uid_taken_by_a_real_user, setup),
		cmocka_unit_test_setup(range_of_root_is_refused, setup),
		cmocka_unit_test_setup(device_model_user, setup),
		cmocka_unit_test_setup(unrestricted_stays_root, setup),
	};

	setenv("XEN_KVM_RUN_DIR", "/nonexistent/run", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
