/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of qemu_info.c with fake QEMU scripts: version and options
 * read from --version and -help, the result cached per binary (a planted
 * cache entry is believed, a changed binary is probed again), PATH lookup,
 * and the errors for a missing binary and for nonsense output.
 */
#include <errno.h>
#include <sys/stat.h>

#include "xlrt_test.h"
#include "cache.h"
#include "qemu_info.h"

static char *tmp;
static char fake[512];

/* A "QEMU" printing version for --version and help for -help. */
static void write_fake(const char *version, const char *help)
{
	FILE *f = fopen(fake, "w");

	assert_non_null(f);
	fprintf(f, "#!/bin/sh\ncase \"$1\" in\n"
		"--version) echo 'QEMU emulator version %s (fake)';;\n"
		"-help) printf '%%s\\n' '%s';;\n"
		"*) exit 1;;\nesac\n", version, help);
	fclose(f);
	assert_int_equal(chmod(fake, 0755), 0);
}

/* The key line of the cache file name, as qemu_info wrote it. */
static void cached_key(const char *name, char *key, size_t len)
{
	char path[700], line[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	fclose(f);
	line[strcspn(line, "\n")] = '\0';
	assert_int_equal(strncmp(line, "key=", 4), 0);
	snprintf(key, len, "%s", line + 4);
}

static void probes_and_caches(void **state)
{
	struct xlrt_qemu_info info;
	char err[256], name[600], key[4096], body[256], *c;

	write_fake("9.2.1", "-sandbox on[,obsolete=allow|deny]\n"
		   "-runas user     change to user id user just before "
		   "starting the VM\n-run-with [user=username|uid:gid]");
	assert_int_equal(xlrt_qemu_info_get(fake, &info, err, sizeof(err)),
			 0);
	assert_int_equal(info.major, 9);
	assert_int_equal(info.minor, 2);
	assert_int_equal(info.micro, 1);
	assert_true(info.sandbox);
	assert_true(info.runas);
	assert_true(info.run_with);

	/* The cache answers now: plant different facts under its key. */
	snprintf(name, sizeof(name), "qemu-info-%s", fake);
	for (c = name; *c; c++)
		if (*c == '/')
			*c = '_';
	assert_int_equal(xlrt_cache_load(name, "no such key", body,
					 sizeof(body)), -ENOENT);
	cached_key(name, key, sizeof(key));
	assert_int_equal(xlrt_cache_store(name, key, "version=42.0.0\n"
		"sandbox=0\nrun_with=0\nrunas=1\nrun_with_chroot=1\n"
		"chroot_opt=0\n"), 0);
	assert_int_equal(xlrt_qemu_info_get(fake, &info, err, sizeof(err)),
			 0);
	assert_int_equal(info.major, 42);
	assert_false(info.sandbox);
	assert_true(info.run_with_chroot);

	/* A new binary (other size and mtime): probed again. */
	write_fake("10.0.2", "-run-with [user=username|uid:gid]\n"
		   "-sandbox on[,obsolete=allow|deny]");
	assert_int_equal(xlrt_qemu_info_get(fake, &info, err, sizeof(err)),
			 0);
	assert_int_equal(info.major, 10);
	assert_true(info.sandbox);
	assert_true(info.run_with);
	assert_false(info.runas);
	assert_false(info.run_with_chroot);

	/* -run-with grew a suboption at a time: 8.2 chroots with it but
	 * changes user only with -runas; 8.0 has -chroot */
	write_fake("8.2.0", "-runas user     change to user id user\n"
		   "-run-with [async-teardown=on|off][,chroot=dir]\n"
		   "                chroot=dir chroot to dir just before "
		   "starting the VM (user=... is not here)");
	assert_int_equal(xlrt_qemu_info_get(fake, &info, err, sizeof(err)),
			 0);
	assert_false(info.run_with);
	assert_true(info.runas);
	assert_true(info.run_with_chroot);
	assert_false(info.chroot_opt);
	write_fake("8.0.4", "-runas user     change to user id user\n"
		   "-chroot dir     chroot to dir just before starting the VM");
	assert_int_equal(xlrt_qemu_info_get(fake, &info, err, sizeof(err)),
			 0);
	assert_false(info.run_with || info.run_with_chroot);
	assert_true(info.runas && info.chroot_opt);
}

static void found_in_path(void **state)
{
	struct xlrt_qemu_info info;
	char err[256], path[1200];
	const char *old = getenv("PATH");

	write_fake("8.1.0", "-sandbox on");
	snprintf(path, sizeof(path), "/nonexistent:%s:%s", tmp,
		 old ? old : "/usr/bin");
	setenv("PATH", path, 1);
	assert_int_equal(xlrt_qemu_info_get("fake-qemu", &info, err,
					    sizeof(err)), 0);
	assert_int_equal(info.major, 8);
	assert_false(info.run_with);
	setenv("PATH", old ? old : "/usr/bin:/bin", 1);
}

static void errors(void **state)
{
	struct xlrt_qemu_info info;
	char err[256];

	assert_int_equal(xlrt_qemu_info_get("/nonexistent/qemu", &info, err,
					    sizeof(err)), -ENOENT);
	assert_string_equal(err, "/nonexistent/qemu: cannot execute (not "
			    "installed? set XEN_KVM_QEMU)");
	write_fake("unknown", "");
	assert_int_equal(xlrt_qemu_info_get(fake, &info, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "no version in"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(probes_and_caches),
		cmocka_unit_test(found_in_path),
		cmocka_unit_test(errors),
	};
	int r;

	tmp = xlrt_tmpdir();
	setenv("XEN_KVM_CACHE_DIR", tmp, 1);
	snprintf(fake, sizeof(fake), "%s/fake-qemu", tmp);
	r = cmocka_run_group_tests(tests, NULL, NULL);
	xlrt_rm_rf(tmp);
	free(tmp);
	return r;
}
