/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The launcher and the QMP client against a real QEMU (-machine none, TCG):
 * greeting, capabilities, query-status, stop/cont with their STOP/RESUME
 * events, a command with arguments, CommandNotFound, a timeout while QEMU
 * is frozen, the sandbox and user switch really applied, a clean stop; and
 * every failure path (bad option, QMP never ready, missing binary,
 * -daemonize, the launching process dying) leaving no process behind.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "xlrt_test.h"
#include "qemu_info.h"
#include "qemu_proc.h"
#include "qmp.h"

static char *tmp;
static char qmp_path[300];
static struct xlrt_qemu_info info;

static const char *const machine_none[] = {
	"-machine", "none", "-accel", "tcg", "-nodefaults", "-display", "none",
	NULL,
};

/* How many processes have marker in their command line. */
static int count_procs(const char *marker)
{
	char path[300], buf[4096];
	struct dirent *d;
	DIR *dir = opendir("/proc");
	int n = 0, fd;
	ssize_t len, i;

	assert_non_null(dir);
	while ((d = readdir(dir))) {
		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", d->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		len = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (len <= 0)
			continue;
		for (i = 0; i < len; i++)
			if (!buf[i])
				buf[i] = ' ';
		buf[len] = '\0';
		if (strstr(buf, marker))
			n++;
	}
	closedir(dir);
	return n;
}

/*
 * True once no live process has marker in its command line (false after
 * 20 s).  Processes SIGKILLed with QEMU's group may need a moment to finish
 * dying.
 */
static bool gone(const char *marker)
{
	int i;

	for (i = 0; i < 2000 && count_procs(marker); i++)
		usleep(10000);
	return count_procs(marker) == 0;
}

/* A field of /proc/PID/status, e.g. "Seccomp" or "Uid". */
static void proc_status(pid_t pid, const char *field, char *val, size_t len)
{
	char path[64], line[256];
	size_t n = strlen(field);
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	assert_non_null(f);
	*val = '\0';
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, n) && line[n] == ':') {
			snprintf(val, len, "%s", line + n + 1 +
				 strspn(line + n + 1, " \t"));
			val[strcspn(val, "\n")] = '\0';
		}
	fclose(f);
}

static struct xlrt_qemu *start(const struct xlrt_qemu_opts *extra)
{
	struct xlrt_qemu_opts o = *extra;
	struct xlrt_qemu *qp;
	char err[1024];

	o.qmp_path = qmp_path;
	if (!o.args)
		o.args = machine_none;
	if (xlrt_qemu_start(&o, &qp, err, sizeof(err)))
		fail_msg("xlrt_qemu_start: %s", err);
	return qp;
}

static void status_is(struct xlrt_qmp *q, const char *want)
{
	json_object *ret, *v;

	assert_int_equal(xlrt_qmp_execute(q, "query-status", NULL, &ret,
					  5000), 0);
	assert_true(json_object_object_get_ex(ret, "status", &v));
	assert_string_equal(json_object_get_string(v), want);
	json_object_put(ret);
}

static void lifecycle(void **state)
{
	struct xlrt_qemu_opts o = { .info = &info };
	struct xlrt_qemu *qp = start(&o);
	struct xlrt_qmp_event *ev;
	json_object *args, *ret;
	int a, b, c, status;
	char val[64];
	pid_t pid = qp->pid;

	/* Greeting and capabilities were done by the launcher. */
	xlrt_qmp_version(qp->qmp, &a, &b, &c);
	assert_int_equal(a, info.major);
	assert_int_equal(b, info.minor);
	status_is(qp->qmp, "running");

	assert_int_equal(xlrt_qmp_execute(qp->qmp, "stop", NULL, NULL, 5000),
			 0);
	assert_int_equal(xlrt_qmp_wait_event(qp->qmp, "STOP", 5000, &ev), 0);
	assert_true(ev->seconds > 1600000000);
	xlrt_qmp_event_free(ev);
	status_is(qp->qmp, "paused");
	assert_int_equal(xlrt_qmp_execute(qp->qmp, "cont", NULL, NULL, 5000),
			 0);
	assert_int_equal(xlrt_qmp_wait_event(qp->qmp, "RESUME", 5000, &ev),
			 0);
	xlrt_qmp_event_free(ev);
	status_is(qp->qmp, "running");

	/* Arguments reach QEMU: ask HMP through QMP. */
	args = json_object_new_object();
	json_object_object_add(args, "command-line",
			       json_object_new_string("info status"));
	assert_int_equal(xlrt_qmp_execute(qp->qmp, "human-monitor-command",
					  args, &ret, 5000), 0);
	json_object_put(args);
	assert_non_null(strstr(json_object_get_string(ret),
			       "VM status: running"));
	json_object_put(ret);

	assert_int_equal(xlrt_qmp_execute(qp->qmp, "x-no-such-command", NULL,
					  NULL, 5000), -EREMOTEIO);
	assert_string_equal(xlrt_qmp_error_class(qp->qmp), "CommandNotFound");
	assert_string_equal(xlrt_qmp_error_desc(qp->qmp),
			    "The command x-no-such-command has not been found");

	/* Frozen QEMU: a timeout, then the connection still works. */
	kill(pid, SIGSTOP);
	assert_int_equal(xlrt_qmp_execute(qp->qmp, "query-status", NULL,
					  NULL, 200), -ETIMEDOUT);
	kill(pid, SIGCONT);
	status_is(qp->qmp, "running");

	/* Deprivileged: the full sandbox as root, seccomp filter mode. */
	if (info.sandbox) {
		proc_status(pid, "Seccomp", val, sizeof(val));
		assert_string_equal(val, "2");
	}

	status = xlrt_qemu_stop(qp, 5000);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(kill(pid, 0), -1);
	assert_int_equal(errno, ESRCH);
	assert_int_equal(count_procs(qmp_path), 0);
}

static void runs_as_user(void **state)
{
	struct xlrt_qemu_opts o = { .info = &info, .user = "nobody" };
	struct passwd *pw = getpwnam("nobody");
	struct xlrt_qemu *qp;
	char val[128], want[32];

	if (geteuid() != 0 || !pw) {
		print_message("not root or no user nobody: user switch not "
			      "tested\n");
		return;
	}
	qp = start(&o);
	proc_status(qp->pid, "Uid", val, sizeof(val));
	snprintf(want, sizeof(want), "%u", (unsigned int)pw->pw_uid);
	assert_int_equal(strncmp(val, want, strlen(want)), 0);
	status_is(qp->qmp, "running");
	xlrt_qemu_stop(qp, 5000);
	assert_int_equal(count_procs(qmp_path), 0);
}

/* dm_restrict as the monitor asks for it: a uid of no user, an empty
 * root, the sandbox; QEMU reaches only what it is handed; it dies with
 * the process that started it although the kernel cleared its
 * PR_SET_PDEATHSIG when it changed user. */
static void confined(void **state)
{
	struct xlrt_qemu_opts o = { .info = &info, .user = "131099:131099" };
	char root[400], proc[420], val[128], link[400], fdname[64];
	json_object *args, *file, *ret;
	struct xlrt_qemu *qp;
	int64_t fdset;
	ssize_t n;
	pid_t pid, child;
	int fd, st, pfd[2];

	(void)state;

	if (geteuid() != 0 || !info.sandbox ||
	    !(info.run_with_chroot || info.chroot_opt)) {
		print_message("not root, or a QEMU that cannot chroot: "
			      "confinement not tested\n");
		return;
	}
	snprintf(root, sizeof(root), "%s/qemu-root", tmp);
	assert_int_equal(mkdir(root, 0755), 0);
	snprintf(proc, sizeof(proc), "%s/proc", root);
	assert_int_equal(mkdir(proc, 0555), 0);
	o.chroot_dir = root;
	qp = start(&o);
	proc_status(qp->pid, "Uid", val, sizeof(val));
	assert_string_equal(val, "131099\t131099\t131099\t131099");
	proc_status(qp->pid, "Gid", val, sizeof(val));
	assert_string_equal(val, "131099\t131099\t131099\t131099");
	proc_status(qp->pid, "Groups", val, sizeof(val));
	val[strcspn(val, " ")] = '\0';	/* the kernel ends it with a space */
	assert_true(!*val || !strcmp(val, "131099"));	/* no host group */
	proc_status(qp->pid, "CapEff", val, sizeof(val));
	assert_string_equal(val, "0000000000000000");
	proc_status(qp->pid, "CapPrm", val, sizeof(val));
	assert_string_equal(val, "0000000000000000");
	proc_status(qp->pid, "Seccomp", val, sizeof(val));
	assert_string_equal(val, "2");
	snprintf(link, sizeof(link), "/proc/%d/root", (int)qp->pid);
	n = readlink(link, val, sizeof(val) - 1);
	assert_true(n > 0);
	val[n] = '\0';
	assert_string_equal(val, root);
	status_is(qp->qmp, "running");

	/* A host file by its name: out of reach.  Handed over: opened. */
	file = json_object_new_object();
	json_object_object_add(file, "driver", json_object_new_string("file"));
	json_object_object_add(file, "filename",
			       json_object_new_string(qmp_path));
	args = json_object_new_object();
	json_object_object_add(args, "driver", json_object_new_string("raw"));
	json_object_object_add(args, "node-name",
			       json_object_new_string("byname"));
	json_object_object_add(args, "file", file);
	assert_int_equal(xlrt_qmp_execute(qp->qmp, "blockdev-add", args,
					  NULL, 5000), -EREMOTEIO);
	json_object_put(args);
	snprintf(link, sizeof(link), "%s/handed.img", tmp);
	fd = open(link, O_RDWR | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 1 << 20), 0);
	fdset = -1;
	assert_int_equal(xlrt_qmp_add_fd(qp->qmp, fd, "t-img", &fdset, 5000),
			 0);
	close(fd);
	snprintf(fdname, sizeof(fdname), "/dev/fdset/%lld", (long long)fdset);
	file = json_object_new_object();
	json_object_object_add(file, "driver", json_object_new_string("file"));
	json_object_object_add(file, "filename", json_object_new_string(fdname));
	args = json_object_new_object();
	json_object_object_add(args, "driver", json_object_new_string("raw"));
	json_object_object_add(args, "node-name",
			       json_object_new_string("handed"));
	json_object_object_add(args, "file", file);
	assert_int_equal(xlrt_qmp_execute(qp->qmp, "blockdev-add", args,
					  NULL, 5000), 0);
	json_object_put(args);
	xlrt_qmp_remove_fdsets(qp->qmp, "t-img");
	assert_int_equal(pipe(pfd), 0);
	assert_int_equal(xlrt_qmp_getfd(qp->qmp, "t", pfd[1], 5000), 0);
	args = json_object_new_object();
	json_object_object_add(args, "fdname", json_object_new_string("t"));
	assert_int_equal(xlrt_qmp_execute(qp->qmp, "closefd", args, &ret,
					  5000), 0);
	json_object_put(args);
	close(pfd[0]);
	close(pfd[1]);
	xlrt_qemu_stop(qp, 5000);
	assert_int_equal(count_procs(qmp_path), 0);

	/* Its starter gone: the reaper takes QEMU along. */
	assert_int_equal(pipe(pfd), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		qp = start(&o);
		if (write(pfd[1], &qp->pid, sizeof(qp->pid)) < 0)
			_exit(2);
		_exit(0);
	}
	close(pfd[1]);
	assert_int_equal(read(pfd[0], &pid, sizeof(pid)), sizeof(pid));
	close(pfd[0]);
	waitpid(child, &st, 0);
	assert_true(gone(qmp_path));
	unlink(qmp_path);
	/* its procfs was in its own mount namespace: nothing left here */
	assert_int_equal(rmdir(proc), 0);
	assert_int_equal(rmdir(root), 0);
}

static void bad_option_reported_nothing_left(void **state)
{
	static const char *const args[] = {
		"-machine", "none", "-nodefaults", "-display", "none",
		"-no-such-option", NULL,
	};
	struct xlrt_qemu_opts o = {
		.info = &info, .args = args, .qmp_path = qmp_path,
	};
	struct xlrt_qemu *qp;
	char err[1024];
	struct stat st;

	assert_int_equal(xlrt_qemu_start(&o, &qp, err, sizeof(err)), -ECHILD);
	assert_null(qp);
	print_message("error: %s\n", err);
	assert_non_null(strstr(err, "QEMU exited at start (exit status 1)"));
	assert_non_null(strstr(err, "-no-such-option: invalid option"));
	assert_int_equal(count_procs(qmp_path), 0);
	assert_int_equal(stat(qmp_path, &st), -1);
}

static void qmp_never_ready_killed(void **state)
{
	struct xlrt_qemu_opts o = {
		.info = &info, .qmp_path = qmp_path, .timeout_ms = 300,
	};
	struct xlrt_qemu *qp;
	char script[400], err[1024];
	FILE *f;

	/* A "QEMU" that never listens, with a child in its group. */
	snprintf(script, sizeof(script), "%s/fake-qemu", tmp);
	f = fopen(script, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\necho fake QEMU starting >&2\nsleep 31.4159\n");
	fclose(f);
	assert_int_equal(chmod(script, 0755), 0);
	o.qemu = script;
	assert_int_equal(xlrt_qemu_start(&o, &qp, err, sizeof(err)),
			 -ETIMEDOUT);
	print_message("error: %s\n", err);
	assert_non_null(strstr(err, "not ready within 300 ms (QEMU killed)"));
	assert_non_null(strstr(err, "fake QEMU starting"));
	assert_int_equal(count_procs(qmp_path), 0);
	assert_true(gone("sleep 31.4159"));
}

static void cannot_execute_or_daemonize(void **state)
{
	static const char *const args[] = { "-daemonize", NULL };
	struct xlrt_qemu_opts o = {
		.info = &info, .qmp_path = qmp_path,
		.qemu = "/nonexistent/qemu-system-x86_64",
	};
	struct xlrt_qemu *qp;
	char err[1024];

	assert_int_equal(xlrt_qemu_start(&o, &qp, err, sizeof(err)), -ENOENT);
	assert_string_equal(err, "cannot execute /nonexistent/"
			    "qemu-system-x86_64: No such file or directory");
	o.qemu = NULL;
	o.args = args;
	assert_int_equal(xlrt_qemu_start(&o, &qp, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "-daemonize is not allowed"));
}

/* The process that started QEMU dies without a word: QEMU goes too. */
static void dies_with_its_parent(void **state)
{
	struct xlrt_qemu_opts o = { .info = &info };
	int fds[2], status;
	pid_t child, qemu = 0;

	assert_int_equal(pipe(fds), 0);
	child = fork();
	if (child == 0) {
		struct xlrt_qemu *qp = start(&o);

		if (write(fds[1], &qp->pid, sizeof(qp->pid)) < 0)
			_exit(2);
		_exit(0);
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &qemu, sizeof(qemu)), sizeof(qemu));
	close(fds[0]);
	waitpid(child, &status, 0);
	assert_true(gone(qmp_path));
	unlink(qmp_path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lifecycle),
		cmocka_unit_test(runs_as_user),
		cmocka_unit_test(confined),
		cmocka_unit_test(bad_option_reported_nothing_left),
		cmocka_unit_test(qmp_never_ready_killed),
		cmocka_unit_test(cannot_execute_or_daemonize),
		cmocka_unit_test(dies_with_its_parent),
	};
	char err[256];
	int r;

	xlrt_need_qemu();
	tmp = xlrt_tmpdir();
	setenv("XEN_KVM_CACHE_DIR", tmp, 1);
	if (xlrt_qemu_info_get(NULL, &info, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	snprintf(qmp_path, sizeof(qmp_path), "%s/qmp.sock", tmp);
	r = cmocka_run_group_tests(tests, NULL, NULL);
	xlrt_rm_rf(tmp);
	free(tmp);
	return r;
}
