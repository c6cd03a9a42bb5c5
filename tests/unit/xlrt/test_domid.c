/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of domid allocation (domid.c), libxl's disk device numbers
 * (xs_layout.c) and the monitor's state file (domain.c): monotonic ids,
 * ids in use skipped, the wrap below 0x7FF0, random ids (domid_policy), every
 * id taken, no id shared by concurrent allocators, Xen's vdev numbers, a state file round trip.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "xlrt_test.h"
#include "domain.h"
#include "domid.h"
#include "paths.h"
#include "xs_layout.h"

static char tmp[] = "/tmp/xlrt-domid.XXXXXX";

static void fresh_root(void)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf %s/var", tmp);
	assert_int_equal(system(cmd), 0);
	setenv("XEN_KVM_ROOT", tmp, 1);
	unsetenv("XEN_KVM_RUN_DIR");
}

static void monotonic(void **state)
{
	unsigned int a, b, c;

	(void)state;
	fresh_root();
	assert_int_equal(xlrt_domid_alloc(NULL, false, &a), 0);
	assert_int_equal(a, 1);
	assert_int_equal(xlrt_domid_alloc(NULL, false, &b), 0);
	assert_int_equal(b, 2);
	/* freeing 1 does not make it next: ids move on, as Xen's do */
	assert_int_equal(xlrt_dom_dir_remove(a), 0);
	assert_int_equal(xlrt_domid_alloc(NULL, false, &c), 0);
	assert_int_equal(c, 3);
}

/* domid_policy="random": ids anywhere in the range, none twice, and the
 * counter the ordered policy goes on from is left alone */
static void random_ids(void **state)
{
	unsigned int d[40], after, want, i, k, steps = 0;

	(void)state;
	fresh_root();
	assert_int_equal(xlrt_domid_alloc(NULL, false, &d[0]), 0);
	assert_int_equal(d[0], 1);
	for (i = 1; i < 40; i++) {
		assert_int_equal(xlrt_domid_alloc(NULL, true, &d[i]), 0);
		assert_true(d[i] >= 1 && d[i] < XLRT_DOMID_FIRST_RESERVED);
		for (k = 0; k < i; k++)
			assert_int_not_equal(d[i], d[k]);
		steps += d[i] == d[i - 1] + 1;
	}
	/* in order, 39 of 39 would be steps of one; at random, nearly none */
	assert_true(steps < 5);
	/* the next in order: the first free id after 1 */
	assert_int_equal(xlrt_domid_alloc(NULL, false, &after), 0);
	for (want = 2, k = 0; k < 40; k++)
		if (d[k] == want) {
			want++;
			k = 0;	/* (d[0] is 1: never equal) */
		}
	assert_int_equal(after, want);
}

static void skips_live_and_wraps(void **state)
{
	char path[4096];
	unsigned int d;
	FILE *f;

	(void)state;
	fresh_root();
	assert_int_equal(xlrt_dom_dir_create(5), 0);	/* a live domain */
	assert_int_equal(xlrt_path_domid_file(path, sizeof(path)), 0);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "4\n");
	fclose(f);
	assert_int_equal(xlrt_domid_alloc(NULL, false, &d), 0);
	assert_int_equal(d, 6);
	f = fopen(path, "w");
	fprintf(f, "%u\n", XLRT_DOMID_FIRST_RESERVED - 1);
	fclose(f);
	assert_int_equal(xlrt_domid_alloc(NULL, false, &d), 0);
	assert_int_equal(d, 1);		/* 0 is dom0, 0x7FF0 up reserved */
}

/* Every id taken: XLRT_DOMID_EXHAUSTED in order and at random, and no
 * directory made; the one id freed is the one handed out next. */
static void exhausted(void **state)
{
	char path[4096];
	struct stat st;
	unsigned int i, d;

	(void)state;
	fresh_root();
	for (i = 1; i < XLRT_DOMID_FIRST_RESERVED; i++)
		assert_int_equal(xlrt_dom_dir_create(i), 0);
	assert_int_equal(xlrt_domid_alloc(NULL, false, &d), XLRT_DOMID_EXHAUSTED);
	assert_int_equal(xlrt_domid_alloc(NULL, true, &d), XLRT_DOMID_EXHAUSTED);
	assert_int_equal(xlrt_path_dom_dir(path, sizeof(path), XLRT_DOMID_FIRST_RESERVED), 0);
	assert_int_equal(stat(path, &st), -1);
	assert_int_equal(xlrt_dom_dir_remove(777), 0);
	assert_int_equal(xlrt_domid_alloc(NULL, false, &d), 0);
	assert_int_equal(d, 777);
}

static void concurrent(void **state)
{
	enum { KIDS = 8, EACH = 25 };
	char path[4096];
	struct stat st;
	int i, j, status, n = 0;
	pid_t pid;

	(void)state;
	fresh_root();
	for (i = 0; i < KIDS; i++) {
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			unsigned int d;

			for (j = 0; j < EACH; j++)
				if (xlrt_domid_alloc(NULL, false, &d))
					_exit(1);
			_exit(0);
		}
	}
	for (i = 0; i < KIDS; i++) {
		assert_true(wait(&status) > 0);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	/* every allocation got its own directory: 1..200 all exist */
	for (i = 1; i <= KIDS * EACH; i++) {
		assert_int_equal(xlrt_path_dom_dir(path, sizeof(path), (unsigned)i), 0);
		n += stat(path, &st) == 0;
	}
	assert_int_equal(n, KIDS * EACH);
}

static void disk_devids(void **state)
{
	(void)state;
	assert_int_equal(xlrt_disk_devid("xvda"), 51712);
	assert_int_equal(xlrt_disk_devid("xvdb"), 51728);
	assert_int_equal(xlrt_disk_devid("xvda1"), 51713);
	assert_int_equal(xlrt_disk_devid("xvdq"), (1 << 28) | (16 << 8));
	assert_int_equal(xlrt_disk_devid("xvdaa"), (1 << 28) | (26 << 8));
	assert_int_equal(xlrt_disk_devid("hda"), 768);
	assert_int_equal(xlrt_disk_devid("hdb"), 832);
	assert_int_equal(xlrt_disk_devid("hdc"), 5632);
	assert_int_equal(xlrt_disk_devid("sda"), 2048);
	assert_int_equal(xlrt_disk_devid("sdb2"), 2066);
	assert_int_equal(xlrt_disk_devid("51712"), 51712);
	assert_int_equal(xlrt_disk_devid("hde"), -1);
	assert_int_equal(xlrt_disk_devid("vda"), -1);
	assert_int_equal(xlrt_disk_devid(""), -1);
}

static void state_file(void **state)
{
	struct xlrt_domstate w = { XLRT_RUN_PAUSED, 123, 456, 1700000000, "reboot" };
	struct xlrt_domstate r;

	(void)state;
	fresh_root();
	assert_int_equal(xlrt_dom_dir_create(9), 0);
	assert_int_equal(xlrt_domstate_write(9, &w), 0);
	assert_int_equal(xlrt_domstate_read(9, &r), 0);
	assert_int_equal(r.state, XLRT_RUN_PAUSED);
	assert_int_equal(r.monitor_pid, 123);
	assert_int_equal(r.qemu_pid, 456);
	assert_int_equal(r.start_time, 1700000000);
	assert_string_equal(r.shutdown_reason, "reboot");
	assert_int_equal(xlrt_domstate_read(10, &r), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(monotonic),
		cmocka_unit_test(random_ids),
		cmocka_unit_test(skips_live_and_wraps),
		cmocka_unit_test(exhausted),
		cmocka_unit_test(concurrent),
		cmocka_unit_test(disk_devids),
		cmocka_unit_test(state_file),
	};
	char cmd[256];
	int r;

	if (!mkdtemp(tmp))
		return 99;
	r = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
	if (system(cmd))
		r = r ? r : 1;
	return r;
}
