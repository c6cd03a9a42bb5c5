/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_memlayout.c: a domain's memory layout (memlayout.h) from its config,
 * the -m its QEMU gets in every mode, and the round trip of a save: the
 * config lines a saved domain gets give the restored QEMU the same RAM.
 */
#include "dm_test.h"
#include "memlayout.h"

#define HVM "name='h'\ntype='hvm'\nkernel='/k'\n"
#define PVH "name='p'\ntype='pvh'\nkernel='/k'\n"

static struct xlrt_memlayout layout(const char *text)
{
	struct xlrt_memlayout l;
	struct xlm_domain d;
	char err[256];

	dm_model(text, &d);
	if (xlrt_memlayout_of(&d, &l, err, sizeof(err)))
		fail_msg("%s", err);
	xlm_domain_dispose(&d);
	return l;
}

/* The -m of text's command line in each mode is the layout's RAM. */
static void same_in_every_mode(const char *text, unsigned long ram_mib)
{
	static const enum xlrt_accel modes[] = { XLRT_ACCEL_XEN, XLRT_ACCEL_KVM,
						 XLRT_ACCEL_TCG };
	char m[32];
	size_t i;

	snprintf(m, sizeof(m), "size=%luM", ram_mib);
	for (i = 0; i < 3; i++) {
		dm_ok(text, modes[i]);
		assert_opt("-m", m);
	}
}

static void hvm_video_ram_comes_out_of_memory(void **state)
{
	struct xlrt_memlayout l = layout(HVM "memory=128\n");

	(void)state;
	/* libxl's cirrus default: 8 MiB of the 128 are video RAM */
	assert_int_equal(l.video_kb, 8 * 1024);
	assert_int_equal(l.ram_kb, 120 * 1024);
	assert_int_equal(l.maxmem_kb, 128 * 1024);
	assert_int_equal(l.target_kb, 120 * 1024);
	assert_int_equal(xlrt_memlayout_balloon_mib(&l), 0);
	same_in_every_mode(HVM "memory=128\n", 120);
	l = layout(HVM "memory=512\nmaxmem=1024\nvga='stdvga'\nvideoram=16\n");
	assert_int_equal(l.ram_kb, 1008 * 1024);
	assert_int_equal(l.target_kb, 496 * 1024);
	assert_int_equal(xlrt_memlayout_balloon_mib(&l), 496);
	same_in_every_mode(HVM "memory=512\nmaxmem=1024\nvga='stdvga'\n"
			   "videoram=16\n", 1008);
}

static void pv_and_pvh_have_no_video_ram(void **state)
{
	struct xlrt_memlayout l = layout(PVH "memory=128\nvideoram=16\n");

	(void)state;
	assert_int_equal(l.video_kb, 0);
	assert_int_equal(l.ram_kb, 128 * 1024);
	assert_int_equal(l.target_kb, 128 * 1024);
	same_in_every_mode(PVH "memory=128\nvideoram=16\n", 128);
	l = layout("name='v'\ntype='pv'\nkernel='/k'\nmemory=256\nmaxmem=512\n");
	assert_int_equal(l.video_kb, 0);
	assert_int_equal(l.ram_kb, 512 * 1024);
	assert_int_equal(xlrt_memlayout_balloon_mib(&l), 256);
}

/* What xl save appends, parsed again as restore does. */
static struct xlrt_memlayout saved_and_loaded(const char *cfg,
					      const struct xlrt_memlayout *l,
					      uint64_t target_kb)
{
	char lines[128], text[1024];

	assert_int_equal(xlrt_memlayout_config(l, target_kb, lines,
					       sizeof(lines)), 0);
	snprintf(text, sizeof(text), "%s%s", cfg, lines);
	return layout(text);
}

static void save_round_trip_keeps_the_ram(void **state)
{
	static const char *const cfgs[] = {
		HVM "memory=128\n",
		HVM "memory=256\n",
		HVM "memory=512\nmaxmem=1024\nvga='stdvga'\nvideoram=16\n",
		HVM "memory=300\nvga='qxl'\nvideoram=128\n",
		PVH "memory=128\n",
		PVH "memory=256\nmaxmem=1024\n",
	};
	struct xlrt_memlayout l, r;
	char err[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cfgs) / sizeof(cfgs[0]); i++) {
		l = layout(cfgs[i]);
		r = saved_and_loaded(cfgs[i], &l, XLM_MEMKB_DEFAULT);
		assert_memory_equal(&l, &r, sizeof(l));
		if (xlrt_memlayout_check(&l, &r, err, sizeof(err)))
			fail_msg("%s: %s", cfgs[i], err);
		/* after mem-set: memory/target moved, the RAM did not */
		r = saved_and_loaded(cfgs[i], &l, l.target_kb - 32 * 1024);
		assert_int_equal(r.ram_kb, l.ram_kb);
		assert_int_equal(r.video_kb, l.video_kb);
		assert_int_equal(r.maxmem_kb, l.maxmem_kb);
		assert_int_equal(r.target_kb, l.target_kb - 32 * 1024);
	}
}

/* The bug this layout exists for: a saved config with memory = the
 * XenStore target (video RAM already taken out) gave the restored HVM
 * QEMU 8 MiB less; the check names both sizes before QEMU starts. */
static void check_refuses_a_smaller_guest(void **state)
{
	struct xlrt_memlayout saved = layout(HVM "memory=128\n");
	struct xlrt_memlayout now = layout(HVM "memory=120\n");
	char err[512] = "";

	(void)state;
	assert_int_equal(xlrt_memlayout_check(&saved, &now, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "saved guest has 120 MiB of RAM"));
	assert_non_null(strstr(err, "this config gives 112 MiB of RAM"));
	now = layout(HVM "memory=128\nvga='stdvga'\nvideoram=16\n");
	assert_int_equal(xlrt_memlayout_check(&saved, &now, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "8 MiB of video RAM"));
	assert_non_null(strstr(err, "16 MiB of video RAM"));
	/* a different balloon target alone is fine */
	now = layout(HVM "memory=64\nmaxmem=128\n");
	assert_int_equal(xlrt_memlayout_check(&saved, &now, err, sizeof(err)), 0);
}

static void bad_sizes_say_why(void **state)
{
	struct xlrt_memlayout l;
	struct xlm_domain d;
	char err[256];

	(void)state;
	dm_model(HVM "memory=8\n", &d);
	assert_int_equal(xlrt_memlayout_of(&d, &l, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "memory (8 MiB) must exceed videoram (8 MiB)"));
	xlm_domain_dispose(&d);
	dm_fails(HVM "memory=8\n", XLRT_ACCEL_TCG, "must exceed videoram");
	dm_model(PVH "memory=256\nmaxmem=128\n", &d);
	assert_int_equal(xlrt_memlayout_of(&d, &l, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "larger than maxmem (128 MiB)"));
	xlm_domain_dispose(&d);
	xlm_domain_init(&d);	/* no xlm_domain_setdefault */
	assert_int_equal(xlrt_memlayout_of(&d, &l, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "no memory size"));
	xlm_domain_dispose(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(hvm_video_ram_comes_out_of_memory,
					  dm_teardown),
		cmocka_unit_test_teardown(pv_and_pvh_have_no_video_ram,
					  dm_teardown),
		cmocka_unit_test(save_round_trip_keeps_the_ram),
		cmocka_unit_test(check_refuses_a_smaller_guest),
		cmocka_unit_test_teardown(bad_sizes_say_why, dm_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
