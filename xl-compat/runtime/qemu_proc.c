/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QEMU launcher: argv assembly (sandbox, user, QMP socket), fork/exec into
 * its own process group with an exec-error pipe, waiting for QMP while
 * watching for an early death, and the kill-and-reap paths.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/close_range.h>

#include "qemu_info.h"
#include "qemu_proc.h"

#define DEFAULT_TIMEOUT_MS	10000
#define MAX_OPTS		8	/* options we add before the caller's */

/* elevateprivileges must stay allowed when QEMU drops to a user itself:
 * its seccomp filter is installed before the setuid, which would be
 * killed with SIGSYS (checked with QEMU 10.0). */
#define SANDBOX_ROOT	"on,obsolete=deny,elevateprivileges=deny,spawn=deny," \
			"resourcecontrol=deny"
#define SANDBOX_USER	"on,obsolete=deny,spawn=deny,resourcecontrol=deny"

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* QEMU option values double their commas. */
static char *opt_escape(const char *prefix, const char *val,
			const char *suffix)
{
	size_t n = strlen(prefix) + 2 * strlen(val) + strlen(suffix) + 1;
	char *s = malloc(n), *p;

	if (!s)
		return NULL;
	p = stpcpy(s, prefix);
	for (; *val; val++) {
		*p++ = *val;
		if (*val == ',')
			*p++ = ',';
	}
	strcpy(p, suffix);
	return s;
}

struct argv_buf {
	char **argv;
	char *owned[MAX_OPTS];
	int nowned;
};

static void argv_free(struct argv_buf *a)
{
	while (a->nowned)
		free(a->owned[--a->nowned]);
	free(a->argv);
}

static int build_argv(const struct xlrt_qemu_opts *o,
		      const struct xlrt_qemu_info *info, struct argv_buf *a,
		      char *err, size_t errlen)
{
	size_t nargs = 0, i;
	int n = 0;
	char *s;

	for (; o->args && o->args[nargs]; nargs++)
		if (!strcmp(o->args[nargs], "-daemonize")) {
			snprintf(err, errlen, "-daemonize is not allowed: the "
				 "launcher keeps QEMU as its child");
			return -EINVAL;
		}
	a->argv = calloc(nargs + 2 * MAX_OPTS + 1, sizeof(char *));
	if (!a->argv)
		goto nomem;
	a->argv[n++] = (char *)(o->qemu ? o->qemu : xlrt_qemu_binary());
	if (!o->no_sandbox && info->sandbox) {
		a->argv[n++] = "-sandbox";
		a->argv[n++] = o->user ? SANDBOX_USER : SANDBOX_ROOT;
	}
	if (o->user) {
		if (strchr(o->user, ',')) {
			snprintf(err, errlen, "bad user name \"%s\"", o->user);
			return -EINVAL;
		}
		if (info->run_with) {
			s = opt_escape("user=", o->user, "");
			if (!s)
				goto nomem;
			a->owned[a->nowned++] = s;
			a->argv[n++] = "-run-with";
			a->argv[n++] = s;
		} else if (info->runas) {
			a->argv[n++] = "-runas";
			a->argv[n++] = (char *)o->user;
		} else {
			snprintf(err, errlen, "this QEMU can not drop to user "
				 "%s (neither -run-with nor -runas)", o->user);
			return -ENOTSUP;
		}
	}
	s = opt_escape("unix:", o->qmp_path, ",server=on,wait=off");
	if (!s)
		goto nomem;
	a->owned[a->nowned++] = s;
	a->argv[n++] = "-qmp";
	a->argv[n++] = s;
	for (i = 0; i < nargs; i++)
		a->argv[n++] = (char *)o->args[i];
	return 0;
nomem:
	snprintf(err, errlen, "out of memory");
	return -ENOMEM;
}

static int open_log(const struct xlrt_qemu_opts *o, struct xlrt_qemu *qp,
		    char *err, size_t errlen)
{
	int e;

	if (o->log_path)
		qp->log_fd = open(o->log_path, O_RDWR | O_APPEND | O_CREAT |
				  O_CLOEXEC, 0640);
	else
		qp->log_fd = memfd_create("qemu-output", MFD_CLOEXEC);
	if (qp->log_fd < 0) {
		e = errno;
		snprintf(err, errlen, "%s: %s",
			 o->log_path ? o->log_path : "memfd_create",
			 strerror(e));
		return -e;
	}
	qp->log_start = lseek(qp->log_fd, 0, SEEK_END);
	return 0;
}

/* In the child: never returns. */
static void exec_child(char **argv, int log_fd, int errpipe, pid_t parent,
		       bool pdeathsig)
{
	sigset_t all;
	int fd, e, sig;

	setpgid(0, 0);
	if (pdeathsig) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
	}
	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	fd = open("/dev/null", O_RDONLY);
	if (fd < 0 || dup2(fd, 0) < 0 || dup2(log_fd, 1) < 0 ||
	    dup2(log_fd, 2) < 0)
		goto fail;
	syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC);
	/* What QEMU creates (QMP, console and channel sockets, save files
	 * holding guest memory) is its owner's alone from the first moment:
	 * QEMU has no option for socket modes. */
	umask(077);
	execvp(argv[0], argv);
fail:
	e = errno;
	if (write(errpipe, &e, sizeof(e)) < 0)
		_exit(126);
	_exit(127);
}

static int spawn(struct xlrt_qemu *qp, char **argv, bool pdeathsig,
		 char *err, size_t errlen)
{
	pid_t parent = getpid();
	int pipefd[2], e;
	ssize_t n;

	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		e = errno;
		snprintf(err, errlen, "pipe: %s", strerror(e));
		return -e;
	}
	qp->pid = fork();
	if (qp->pid < 0) {
		e = errno;
		close(pipefd[0]);
		close(pipefd[1]);
		snprintf(err, errlen, "fork: %s", strerror(e));
		return -e;
	}
	if (qp->pid == 0)
		exec_child(argv, qp->log_fd, pipefd[1], parent, pdeathsig);
	/* Also from here, so a kill(-pid) right away finds the group. */
	setpgid(qp->pid, qp->pid);
	close(pipefd[1]);
	do
		n = read(pipefd[0], &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	close(pipefd[0]);
	qp->pidfd = syscall(SYS_pidfd_open, qp->pid, 0);
	if (n == sizeof(e)) {
		snprintf(err, errlen, "cannot execute %s: %s", argv[0],
			 strerror(e));
		return -e;
	}
	if (qp->pidfd < 0) {
		e = errno;
		snprintf(err, errlen, "pidfd_open: %s", strerror(e));
		return -e;
	}
	return 0;
}

int xlrt_qemu_pidfd(const struct xlrt_qemu *qp)
{
	return qp->pidfd;
}

int xlrt_qemu_wait(struct xlrt_qemu *qp, int timeout_ms)
{
	struct pollfd p = { .fd = qp->pidfd, .events = POLLIN };
	int n;

	if (qp->reaped)
		return 0;
	if (qp->pidfd >= 0) {
		do
			n = poll(&p, 1, timeout_ms);
		while (n < 0 && errno == EINTR);
		if (n == 0)
			return -ETIMEDOUT;
	}
	while (waitpid(qp->pid, &qp->status, 0) < 0 && errno == EINTR)
		;
	qp->reaped = true;
	return 0;
}

/* SIGKILL the whole process group and reap: the path every failure takes. */
static void kill_reap(struct xlrt_qemu *qp)
{
	if (qp->pid <= 0 || qp->reaped)
		return;
	kill(-qp->pid, SIGKILL);
	kill(qp->pid, SIGKILL);
	xlrt_qemu_wait(qp, -1);
}

static void destroy(struct xlrt_qemu *qp)
{
	xlrt_qmp_close(qp->qmp);
	if (qp->pidfd >= 0)
		close(qp->pidfd);
	if (qp->log_fd >= 0)
		close(qp->log_fd);
	free(qp);
}

void xlrt_qemu_output(const struct xlrt_qemu *qp, char *buf, size_t len)
{
	off_t end = lseek(qp->log_fd, 0, SEEK_END), from;
	ssize_t n;
	char *p;

	buf[0] = '\0';
	if (len < 2 || end <= qp->log_start)
		return;
	from = end - (off_t)(len - 1);
	if (from < qp->log_start)
		from = qp->log_start;
	n = pread(qp->log_fd, buf, len - 1, from);
	if (n <= 0)
		return;
	buf[n] = '\0';
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	/* One line for the caller: "; " joins; trim a partial first line. */
	if (from > qp->log_start && (p = strchr(buf, '\n')))
		memmove(buf, p + 1, strlen(p + 1) + 1);
	for (p = buf; (p = strchr(p, '\n')); p++)
		*p = ';';
}

static const char *status_text(int status, char *buf, size_t len)
{
	if (WIFEXITED(status))
		snprintf(buf, len, "exit status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, len, "killed by signal %d (%s)",
			 WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(buf, len, "status %#x", status);
	return buf;
}

/*
 * Connect to QMP as soon as QEMU listens.  Between attempts sleep 1 ms on
 * the pidfd, so an early death is noticed at once; a longer back-off cost
 * ~10 ms of start-up in measurements (QEMU 10 is ready after ~20 ms).
 */
static int wait_qmp(struct xlrt_qemu *qp, const char *path, int timeout_ms,
		    char *err, size_t errlen)
{
	int64_t deadline = now_ms() + timeout_ms;
	struct pollfd p = { .fd = qp->pidfd, .events = POLLIN };
	char out[1024], st[64], qerr[256] = "";
	int r, left;

	for (;;) {
		left = (int)(deadline - now_ms());
		r = left > 0 ? xlrt_qmp_connect(path, left, &qp->qmp, qerr,
						sizeof(qerr)) : -ETIMEDOUT;
		if (!r)
			return 0;
		if (poll(&p, 1, 0) > 0 || left <= 0)
			break;
		if (r != -ENOENT && r != -ECONNREFUSED && r != -ECONNRESET &&
		    r != -ETIMEDOUT)
			break;
		poll(&p, 1, 1);
	}
	if (poll(&p, 1, 0) > 0) {
		xlrt_qemu_wait(qp, -1);
		xlrt_qemu_output(qp, out, sizeof(out));
		snprintf(err, errlen, "QEMU exited at start (%s): %s",
			 status_text(qp->status, st, sizeof(st)),
			 *out ? out : "no output");
		return -ECHILD;
	}
	kill_reap(qp);
	xlrt_qemu_output(qp, out, sizeof(out));
	if (r == -ETIMEDOUT || left <= 0)
		snprintf(err, errlen, "QEMU's QMP socket was not ready within "
			 "%d ms (QEMU killed)%s%s", timeout_ms,
			 *out ? ": " : "", out);
	else
		snprintf(err, errlen, "%s (QEMU killed)%s%s", qerr,
			 *out ? ": " : "", out);
	return r ? r : -ETIMEDOUT;
}

int xlrt_qemu_start(const struct xlrt_qemu_opts *o, struct xlrt_qemu **out,
		    char *err, size_t errlen)
{
	struct xlrt_qemu_info probed;
	struct argv_buf a = { 0 };
	struct xlrt_qemu *qp;
	int r = 0;

	*out = NULL;
	if (!o->qmp_path) {
		snprintf(err, errlen, "no QMP socket path");
		return -EINVAL;
	}
	qp = calloc(1, sizeof(*qp));
	if (!qp) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	qp->pidfd = qp->log_fd = -1;
	if (!o->info)
		r = xlrt_qemu_info_get(o->qemu, &probed, err, errlen);
	if (!r)
		r = build_argv(o, o->info ? o->info : &probed, &a, err, errlen);
	if (!r)
		r = open_log(o, qp, err, errlen);
	if (!r && unlink(o->qmp_path) < 0 && errno != ENOENT) {
		r = -errno;
		snprintf(err, errlen, "%s: %s", o->qmp_path, strerror(-r));
	}
	if (!r)
		r = spawn(qp, a.argv, !o->survive_parent, err, errlen);
	argv_free(&a);
	if (!r)
		r = wait_qmp(qp, o->qmp_path,
			     o->timeout_ms > 0 ? o->timeout_ms
					       : DEFAULT_TIMEOUT_MS,
			     err, errlen);
	if (r) {
		kill_reap(qp);
		destroy(qp);
		unlink(o->qmp_path);
		return r;
	}
	*out = qp;
	return 0;
}

int xlrt_qemu_stop(struct xlrt_qemu *qp, int grace_ms)
{
	int status;

	if (qp->qmp && !qp->reaped)
		xlrt_qmp_execute(qp->qmp, "quit", NULL, NULL, grace_ms);
	if (xlrt_qemu_wait(qp, grace_ms) == -ETIMEDOUT) {
		kill(qp->pid, SIGTERM);
		if (xlrt_qemu_wait(qp, grace_ms) == -ETIMEDOUT)
			kill_reap(qp);
	}
	/* Anything QEMU left in its group goes too. */
	kill(-qp->pid, SIGKILL);
	status = qp->status;
	destroy(qp);
	return status;
}
