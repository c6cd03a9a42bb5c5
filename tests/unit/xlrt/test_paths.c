/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of xl-compat/runtime/paths.c: defaults, the root prefix, the
 * per-directory overrides, refusal of unsafe names, and the creation and
 * removal of a domain's runtime directory; and xs_path.c's XenStore paths.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "xlrt_test.h"
#include "paths.h"
#include "xs_path.h"

static char *tmp;

static void clear_env(void)
{
	unsetenv("XEN_KVM_ROOT");
	unsetenv("XEN_KVM_RUN_DIR");
	unsetenv("XEN_KVM_LIB_DIR");
	unsetenv("XEN_KVM_LOG_DIR");
	unsetenv("XEN_KVM_CACHE_DIR");
	unsetenv("XEN_KVM_VHOST_VSOCK");
}

static void defaults(void **state)
{
	char b[256];

	clear_env();
	assert_int_equal(xlrt_path_qmp(b, sizeof(b), 7), 0);
	assert_string_equal(b, "/var/run/xen-kvm/7/qmp.sock");
	assert_int_equal(xlrt_path_link(b, sizeof(b), 7), 0);
	assert_string_equal(b, "/var/run/xen-kvm/7/link.sock");
	assert_int_equal(xlrt_path_monitor_pid(b, sizeof(b), 12), 0);
	assert_string_equal(b, "/var/run/xen-kvm/12/monitor.pid");
	assert_int_equal(xlrt_path_console(b, sizeof(b), 3, 0), 0);
	assert_string_equal(b, "/var/run/xen-kvm/3/console0.sock");
	assert_int_equal(xlrt_path_channel(b, sizeof(b), 3, 2), 0);
	assert_string_equal(b, "/var/run/xen-kvm/3/channel2.sock");
	assert_int_equal(xlrt_path_userdata(b, sizeof(b), 5,
		"6f1a8e35-2c41-4c1f-9b52-0e2c4e0f6a11", "xl"), 0);
	assert_string_equal(b, "/var/lib/xen/userdata-d.5."
			    "6f1a8e35-2c41-4c1f-9b52-0e2c4e0f6a11.xl");
	assert_int_equal(xlrt_path_console_log(b, sizeof(b), "web"), 0);
	assert_string_equal(b, "/var/log/xen/console/guest-web.log");
	assert_int_equal(xlrt_path_qemu_log(b, sizeof(b), "web"), 0);
	assert_string_equal(b, "/var/log/xen/qemu-dm-web.log");
	assert_int_equal(xlrt_path_cache_dir(b, sizeof(b)), 0);
	assert_string_equal(b, "/var/cache/xen-kvm");
	assert_int_equal(xlrt_path_vhost_vsock(b, sizeof(b)), 0);
	assert_string_equal(b, "/dev/vhost-vsock");
}

static void root_prefix_and_overrides(void **state)
{
	char b[256];

	clear_env();
	setenv("XEN_KVM_ROOT", "/tmp/r", 1);
	assert_int_equal(xlrt_path_qmp(b, sizeof(b), 1), 0);
	assert_string_equal(b, "/tmp/r/var/run/xen-kvm/1/qmp.sock");
	assert_int_equal(xlrt_path_qemu_log(b, sizeof(b), "d"), 0);
	assert_string_equal(b, "/tmp/r/var/log/xen/qemu-dm-d.log");
	/* A specific variable wins over the prefix, for its tree only. */
	setenv("XEN_KVM_RUN_DIR", "/elsewhere/run", 1);
	assert_int_equal(xlrt_path_qmp(b, sizeof(b), 1), 0);
	assert_string_equal(b, "/elsewhere/run/1/qmp.sock");
	assert_int_equal(xlrt_path_lib_dir(b, sizeof(b)), 0);
	assert_string_equal(b, "/tmp/r/var/lib/xen");
	setenv("XEN_KVM_CACHE_DIR", "/c", 1);
	assert_int_equal(xlrt_path_cache_dir(b, sizeof(b)), 0);
	assert_string_equal(b, "/c");
	/* the host's device is not under the root, only replaced */
	assert_int_equal(xlrt_path_vhost_vsock(b, sizeof(b)), 0);
	assert_string_equal(b, "/dev/vhost-vsock");
	setenv("XEN_KVM_VHOST_VSOCK", "/tmp/fake-vsock", 1);
	assert_int_equal(xlrt_path_vhost_vsock(b, sizeof(b)), 0);
	assert_string_equal(b, "/tmp/fake-vsock");
	clear_env();
}

static void refuses_bad_names_and_overflow(void **state)
{
	char b[256], small[16];

	clear_env();
	assert_int_equal(xlrt_path_qemu_log(b, sizeof(b), "../x"), -EINVAL);
	assert_int_equal(xlrt_path_console_log(b, sizeof(b), ""), -EINVAL);
	assert_int_equal(xlrt_path_console_log(b, sizeof(b), ".."), -EINVAL);
	assert_int_equal(xlrt_path_userdata(b, sizeof(b), 1, "u/u", "xl"),
			 -EINVAL);
	assert_int_equal(xlrt_path_qmp(small, sizeof(small), 1),
			 -ENAMETOOLONG);
}

static void dom_dir_lifecycle(void **state)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char run[512], dir[512], sock[512], pid[512];
	struct stat st;
	mode_t old;
	int fd;

	clear_env();
	snprintf(run, sizeof(run), "%s/deep/run", tmp);
	setenv("XEN_KVM_RUN_DIR", run, 1);
	assert_int_equal(xlrt_path_dom_dir(dir, sizeof(dir), 42), 0);

	old = umask(0);		/* the dir must be 0700 whatever the umask */
	assert_int_equal(xlrt_dom_dir_create(42), 0);
	umask(old);
	assert_int_equal(stat(dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(xlrt_dom_dir_create(42), -EEXIST);

	/* Fill it with what a domain leaves: a socket and a pid file. */
	assert_int_equal(xlrt_path_qmp(sock, sizeof(sock), 42), 0);
	strcpy(sa.sun_path, sock);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	close(fd);
	assert_int_equal(xlrt_path_monitor_pid(pid, sizeof(pid), 42), 0);
	fd = open(pid, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	close(fd);

	assert_int_equal(xlrt_dom_dir_remove(42), 0);
	assert_int_equal(stat(dir, &st), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(stat(run, &st), 0);	/* the run dir stays */
	assert_int_equal(xlrt_dom_dir_remove(42), 0);	/* idempotent */
	clear_env();
}

/* The domain tree's paths: home, keys, backends, and back to a domid. */
static void xenstore_paths(void **state)
{
	char b[64];
	unsigned int d = 99;

	assert_int_equal(xlrt_xs_dom_home(b, sizeof(b), 7), 15);
	assert_string_equal(b, "/local/domain/7");
	assert_int_equal(xlrt_xs_dom_path(b, sizeof(b), 7, "device/vbd/%d", 51712),
			 32);
	assert_string_equal(b, "/local/domain/7/device/vbd/51712");
	assert_int_equal(xlrt_xs_dom_path(b, sizeof(b), 7, "%s", ""), 15);
	assert_string_equal(b, "/local/domain/7");
	assert_int_equal(xlrt_xs_backend_path(b, sizeof(b), 0, "qdisk", 7, 51712),
			 37);
	assert_string_equal(b, "/local/domain/0/backend/qdisk/7/51712");
	assert_true(xlrt_xs_backend_path(b, sizeof(b), 3, "console", 7, -1) > 0);
	assert_string_equal(b, "/local/domain/3/backend/console/7");
	assert_int_equal(xlrt_xs_dom_path(b, 20, 7, "device/vbd/%d", 51712),
			 -ENAMETOOLONG);
	assert_int_equal(xlrt_xs_path_domid("/local/domain/12/backend", &d), 0);
	assert_int_equal(d, 12);
	assert_int_equal(xlrt_xs_path_domid("/local/domain/4", &d), 0);
	assert_int_equal(d, 4);
	assert_int_equal(xlrt_xs_path_domid("/local/domain/x/backend", &d),
			 -EINVAL);
	assert_int_equal(xlrt_xs_path_domid("/local/domain/-1/", &d), -EINVAL);
	assert_int_equal(xlrt_xs_path_domid("/vm/4", &d), -EINVAL);
	assert_int_equal(xlrt_xs_child_domid("5", &d), 0);
	assert_int_equal(d, 5);
	assert_int_equal(xlrt_xs_child_domid("5/x", &d), -EINVAL);
	assert_int_equal(xlrt_xs_child_domid("4294967296", &d), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(root_prefix_and_overrides),
		cmocka_unit_test(refuses_bad_names_and_overflow),
		cmocka_unit_test(dom_dir_lifecycle),
		cmocka_unit_test(xenstore_paths),
	};
	int r;

	tmp = xlrt_tmpdir();
	r = cmocka_run_group_tests(tests, NULL, NULL);
	xlrt_rm_rf(tmp);
	free(tmp);
	return r;
}
