/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the accelerator choice: explicit settings and their order,
 * bad names, no KVM device, the verdict cache (a planted verdict is obeyed,
 * recheck ignores it, a fresh verdict is stored), the Xen emulation check,
 * and QEMU version parsing.  The cache lives in a private directory.
 * Where /dev/kvm is missing (this project's CI has none), the probe's tests
 * run against a stand-in: a plain file, which every KVM ioctl refuses.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>

#include "xlrt_test.h"
#include "accel.h"
#include "accel_cache.h"
#include "kvm_selftest.h"
#include "qemu_info.h"

static char *tmp;
/* /dev/kvm, or the stand-in where there is none. */
static char kvm_dev[256] = "/dev/kvm";
/* Version 10.0.2 as if probed: keeps QEMU out of these tests. */
static const struct xlrt_qemu_info qemu10 = { 10, 0, 2, true, true, false };

static struct xlrt_accel_req req(void)
{
	return (struct xlrt_accel_req){ .qemu_info = &qemu10,
					.kvm_dev = kvm_dev };
}

static void names(void **state)
{
	enum xlrt_accel a;

	assert_int_equal(xlrt_accel_parse("tcg", &a), 0);
	assert_int_equal(a, XLRT_ACCEL_TCG);
	assert_int_equal(xlrt_accel_parse("xen", &a), 0);
	assert_int_equal(a, XLRT_ACCEL_XEN);
	assert_int_equal(xlrt_accel_parse("KVM", &a), -EINVAL);
	assert_string_equal(xlrt_accel_name(XLRT_ACCEL_KVM), "kvm");
}

static void env_wins_over_config_and_xlconf(void **state)
{
	struct xlrt_accel_req r = req();
	struct xlrt_accel_choice c;
	char line[512];

	r.config = "kvm";
	r.xlconf = "xen";
	setenv("XEN_KVM_ACCEL", "tcg", 1);
	assert_int_equal(xlrt_accel_choose(&r, &c), 0);
	assert_int_equal(c.accel, XLRT_ACCEL_TCG);
	assert_true(c.forced);
	xlrt_accel_notice(&c, line, sizeof(line));
	assert_string_equal(line, "accel: tcg (set by XEN_KVM_ACCEL)");

	unsetenv("XEN_KVM_ACCEL");
	assert_int_equal(xlrt_accel_choose(&r, &c), 0);
	assert_int_equal(c.accel, XLRT_ACCEL_KVM);
	assert_string_equal(c.why, "set by device_model_accel in the domain config");

	r.config = NULL;
	assert_int_equal(xlrt_accel_choose(&r, &c), 0);
	assert_int_equal(c.accel, XLRT_ACCEL_XEN);
	assert_string_equal(c.why, "set by kvm.accel in xl.conf");
}

static void bad_setting_is_an_error(void **state)
{
	struct xlrt_accel_req r = req();
	struct xlrt_accel_choice c;

	setenv("XEN_KVM_ACCEL", "hvm", 1);
	assert_int_equal(xlrt_accel_choose(&r, &c), -EINVAL);
	assert_non_null(strstr(c.why, "\"hvm\" from XEN_KVM_ACCEL"));
	unsetenv("XEN_KVM_ACCEL");
}

static void no_kvm_device_means_tcg(void **state)
{
	struct xlrt_accel_req r = req();
	struct xlrt_accel_choice c;

	/* "auto" anywhere decides for auto-detection. */
	setenv("XEN_KVM_ACCEL", "auto", 1);
	r.config = "kvm";
	r.kvm_dev = "/nonexistent/kvm";
	assert_int_equal(xlrt_accel_choose(&r, &c), 0);
	assert_int_equal(c.accel, XLRT_ACCEL_TCG);
	assert_false(c.forced);
	assert_string_equal(c.why,
			    "/nonexistent/kvm: No such file or directory");
	unsetenv("XEN_KVM_ACCEL");
}

static void cache_round_trip(void **state)
{
	char key[512], why[200];
	bool pass = true;

	assert_int_equal(xlrt_accel_cache_key("/dev/kvm", 500, key,
					      sizeof(key)), 0);
	assert_non_null(strstr(key, "|/dev/kvm|v"));
	assert_non_null(strstr(key, "|500ms"));
	assert_int_equal(xlrt_accel_cache_store(key, false, "planted"), 0);
	assert_int_equal(xlrt_accel_cache_load(key, &pass, why, sizeof(why)),
			 0);
	assert_false(pass);
	assert_string_equal(why, "planted");
	/* Another kernel or CPU: not valid. */
	assert_int_equal(xlrt_accel_cache_load("other|key", &pass, why,
					       sizeof(why)), -ENOENT);
}

/* A cached verdict is used as is; recheck runs the probe and stores it. */
static void cached_verdict_obeyed_and_recheck(void **state)
{
	struct xlrt_accel_req r = req();
	struct xlrt_accel_choice c;
	char key[512], why[200];
	bool pass;

	assert_int_equal(xlrt_accel_cache_key(kvm_dev, 500, key,
					      sizeof(key)), 0);
	assert_int_equal(xlrt_accel_cache_store(key, false,
		"KVM self-test timed out (planted)"), 0);
	assert_int_equal(xlrt_accel_choose(&r, &c), 0);
	assert_int_equal(c.accel, XLRT_ACCEL_TCG);
	assert_true(c.cached);
	assert_string_equal(c.why, "KVM self-test timed out (planted), "
			    "cached: guests would hang on this host");

	r.recheck = true;
	assert_int_equal(xlrt_accel_choose(&r, &c), 0);
	assert_false(c.cached);
	assert_null(strstr(c.why, "planted"));
	assert_int_equal(xlrt_accel_cache_load(key, &pass, why, sizeof(why)),
			 0);
	assert_null(strstr(why, "planted"));
	assert_int_equal(pass, c.accel != XLRT_ACCEL_TCG);
	if (strcmp(kvm_dev, "/dev/kvm"))
		assert_false(pass);
	print_message("fresh verdict: %s\n", c.why);

	/* And the env variable asks for the same. */
	assert_int_equal(xlrt_accel_cache_store(key, false, "planted"), 0);
	setenv("XEN_KVM_ACCEL_RECHECK", "1", 1);
	r.recheck = false;
	assert_int_equal(xlrt_accel_choose(&r, &c), 0);
	assert_false(c.cached);
	unsetenv("XEN_KVM_ACCEL_RECHECK");
}

/* Without KVM_CAP_XEN_HVM (this machine's kernels), auto never says xen. */
static void xen_only_with_the_capability(void **state)
{
	const struct xlrt_qemu_info old = { 7, 2, 0, true, false, true };
	struct xlrt_accel_req r = req();
	struct xlrt_accel_choice c;
	char why[128], key[512];
	int fd = open(kvm_dev, O_RDWR | O_CLOEXEC), cap;
	bool xen;

	assert_true(fd >= 0);
	cap = ioctl(fd, KVM_CHECK_EXTENSION, KVM_CAP_XEN_HVM);
	xen = xlrt_accel_xen_hvm(fd, why, sizeof(why));
	close(fd);
	print_message("KVM_CAP_XEN_HVM=%d: %s\n", cap, why);
	if (cap <= 0) {
		assert_false(xen);
		assert_string_equal(why, "kernel lacks KVM_CAP_XEN_HVM "
				    "(CONFIG_KVM_XEN)");
	}
	/* Pretend the self-test passed, so only the Xen check decides. */
	assert_int_equal(xlrt_accel_cache_key(kvm_dev, 500, key,
					      sizeof(key)), 0);
	assert_int_equal(xlrt_accel_cache_store(key, true,
		"KVM self-test passed (planted)"), 0);
	assert_int_equal(xlrt_accel_choose(&r, &c), 0);
	assert_int_equal(c.accel, xen ? XLRT_ACCEL_XEN : XLRT_ACCEL_KVM);
	if (!xen)
		assert_non_null(strstr(c.why,
				       "no Xen emulation: kernel lacks"));
	/* An old QEMU never gets xen. */
	r.qemu_info = &old;
	assert_int_equal(xlrt_accel_choose(&r, &c), 0);
	assert_int_equal(c.accel, XLRT_ACCEL_KVM);
}

static void qemu_version_parse(void **state)
{
	int a, b, c;

	assert_int_equal(xlrt_qemu_parse_version(
		"QEMU emulator version 10.0.2 (Debian 1:10.0.2+ds-2)\n"
		"Copyright (c) 2003-2025 Fabrice Bellard\n", &a, &b, &c), 0);
	assert_int_equal(a, 10);
	assert_int_equal(b, 0);
	assert_int_equal(c, 2);
	assert_int_equal(xlrt_qemu_parse_version(
		"QEMU emulator version 7.2.15\n", &a, &b, &c), 0);
	assert_int_equal(a, 7);
	assert_int_equal(xlrt_qemu_parse_version("nonsense", &a, &b, &c),
			 -EINVAL);
}

int main(void)
{
	const struct CMUnitTest basic[] = {
		cmocka_unit_test(names),
		cmocka_unit_test(env_wins_over_config_and_xlconf),
		cmocka_unit_test(bad_setting_is_an_error),
		cmocka_unit_test(no_kvm_device_means_tcg),
		cmocka_unit_test(cache_round_trip),
		cmocka_unit_test(qemu_version_parse),
	};
	const struct CMUnitTest probe[] = {
		cmocka_unit_test(cached_verdict_obeyed_and_recheck),
		cmocka_unit_test(xen_only_with_the_capability),
	};
	bool have_kvm = !access("/dev/kvm", R_OK | W_OK);
	int r, fd;

	tmp = xlrt_tmpdir();
	if (!have_kvm) {
		snprintf(kvm_dev, sizeof(kvm_dev), "%s/not-kvm", tmp);
		fd = open(kvm_dev, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			  0600);
		if (fd < 0) {
			perror(kvm_dev);
			return 1;
		}
		close(fd);
		print_message("no /dev/kvm: the probe runs against %s\n",
			      kvm_dev);
	}
	setenv("XEN_KVM_CACHE_DIR", tmp, 1);
	unsetenv("XEN_KVM_ACCEL");
	unsetenv("XEN_KVM_ACCEL_RECHECK");
	r = cmocka_run_group_tests_name("basic", basic, NULL, NULL);
	if (!r)
		r = cmocka_run_group_tests_name("probe", probe, NULL, NULL);
	xlrt_rm_rf(tmp);
	free(tmp);
	return r;
}
