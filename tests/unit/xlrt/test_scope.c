/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The domain's systemd scope: asked for only where systemd is the init
 * system, with the D-Bus call that adopts the monitor into
 * xen-kvm-dom<domid>.scope in machine.slice, before xendomains.service;
 * a refusal or a missing busctl is an error the monitor logs. This
 * machine has no systemd as PID 1, so a script in PATH plays busctl and
 * records its arguments, and XEN_KVM_SYSTEMD_BOOTED names the directory
 * that stands for /run/systemd/system.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "xlrt_test.h"
#include "scope.h"

static char *tmp, argv_file[4096], booted[4096];

/* busctl that records its arguments one per line and exits with rc */
static void fake_busctl(int rc)
{
	char path[4096], env[8192];
	FILE *f;

	snprintf(path, sizeof(path), "%s/busctl", tmp);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\nprintf '%%s\\n' \"$@\" > '%s'\nexit %d\n",
		argv_file, rc);
	fclose(f);
	assert_int_equal(chmod(path, 0700), 0);
	snprintf(env, sizeof(env), "%s:/usr/bin:/bin", tmp);
	setenv("PATH", env, 1);
	unlink(argv_file);
}

static char *slurp(const char *path)
{
	static char buf[4096];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return NULL;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static void without_systemd_nothing_is_asked(void **state)
{
	char err[256] = "";

	fake_busctl(0);
	setenv("XEN_KVM_SYSTEMD_BOOTED", "/nonexistent/systemd", 1);
	assert_int_equal(xlrt_scope_enter(7, 1234, err, sizeof(err)), 0);
	assert_null(slurp(argv_file));
}

static void the_monitor_is_adopted(void **state)
{
	char err[256] = "", want[1024];

	fake_busctl(0);
	setenv("XEN_KVM_SYSTEMD_BOOTED", booted, 1);
	assert_int_equal(xlrt_scope_enter(7, 1234, err, sizeof(err)), 0);
	snprintf(want, sizeof(want),
		 "--system\n--quiet\n--timeout=10\ncall\n"
		 "org.freedesktop.systemd1\n/org/freedesktop/systemd1\n"
		 "org.freedesktop.systemd1.Manager\nStartTransientUnit\n"
		 "ssa(sv)a(sa(sv))\nxen-kvm-dom7.scope\nfail\n4\n"
		 "PIDs\nau\n1\n1234\nSlice\ns\nmachine.slice\n"
		 "Before\nas\n1\nxendomains.service\n"
		 "Description\ns\nxen-kvm domain 7\n0\n");
	assert_string_equal(slurp(argv_file), want);
}

static void a_refusal_is_an_error(void **state)
{
	char err[256] = "";

	fake_busctl(1);
	setenv("XEN_KVM_SYSTEMD_BOOTED", booted, 1);
	assert_int_equal(xlrt_scope_enter(9, 1234, err, sizeof(err)), -1);
	assert_string_equal(err, "systemd did not make xen-kvm-dom9.scope "
			    "(busctl exit 1)");
}

static void no_busctl_is_an_error(void **state)
{
	char err[256] = "", empty[4096];

	snprintf(empty, sizeof(empty), "%s/empty", tmp);
	assert_int_equal(mkdir(empty, 0700), 0);
	setenv("PATH", empty, 1);
	setenv("XEN_KVM_SYSTEMD_BOOTED", booted, 1);
	assert_int_equal(xlrt_scope_enter(9, 1234, err, sizeof(err)), -1);
	assert_string_equal(err, "cannot run busctl: No such file or "
			    "directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(without_systemd_nothing_is_asked),
		cmocka_unit_test(the_monitor_is_adopted),
		cmocka_unit_test(a_refusal_is_an_error),
		cmocka_unit_test(no_busctl_is_an_error),
	};
	char *path = strdup(getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	int r;

	tmp = xlrt_tmpdir();
	snprintf(argv_file, sizeof(argv_file), "%s/argv", tmp);
	snprintf(booted, sizeof(booted), "%s/systemd", tmp);
	if (mkdir(booted, 0700))
		return 1;
	r = cmocka_run_group_tests(tests, NULL, NULL);
	setenv("PATH", path, 1);	/* the tests changed it */
	free(path);
	xlrt_rm_rf(tmp);
	free(tmp);
	return r;
}
