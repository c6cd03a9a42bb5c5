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
#include <sched.h>
#include <sys/mman.h>
#include <sys/mount.h>
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
	char **owned;
	int nowned;
	int *fds;		/* the images' fds, kept open across exec */
	size_t nfds;
};

static void argv_free(struct argv_buf *a)
{
	while (a->nowned)
		free(a->owned[--a->nowned]);
	free(a->owned);
	free(a->argv);
	while (a->nfds)
		close(a->fds[--a->nfds]);
	free(a->fds);
}

/* -add-fd for each image: its fd(s) open here, named in QEMU's fd set. */
static int add_images(const struct xlrt_qemu_opts *o, struct argv_buf *a,
		      int *n, char *err, size_t errlen)
{
	size_t i;
	int fd, e;
	char *s;

	for (i = 0; i < o->num_images; i++) {
		const struct xlrt_qemu_image *im = &o->images[i];

		fd = open(im->path, (im->readwrite ? O_RDWR : O_RDONLY) |
			  O_CLOEXEC);
		if (fd < 0) {
			e = errno;
			snprintf(err, errlen, "disk image %s: %s", im->path,
				 strerror(e));
			return -e;
		}
		a->fds[a->nfds++] = fd;
		s = opt_escape("", im->opaque ? im->opaque : im->path, "");
		if (!s || asprintf(&a->owned[a->nowned], "fd=%d,set=%d,"
				   "opaque=%s", fd, im->set, s) < 0) {
			free(s);
			snprintf(err, errlen, "out of memory");
			return -ENOMEM;
		}
		free(s);
		a->argv[(*n)++] = "-add-fd";
		a->argv[(*n)++] = a->owned[a->nowned++];
	}
	return 0;
}

static int build_argv(const struct xlrt_qemu_opts *o,
		      const struct xlrt_qemu_info *info, struct argv_buf *a,
		      char *err, size_t errlen)
{
	size_t nargs = 0, i;
	int n = 0, r;
	char *s;

	for (; o->args && o->args[nargs]; nargs++)
		if (!strcmp(o->args[nargs], "-daemonize")) {
			snprintf(err, errlen, "-daemonize is not allowed: the "
				 "launcher keeps QEMU as its child");
			return -EINVAL;
		}
	a->argv = calloc(nargs + 2 * MAX_OPTS + 2 * o->num_images + 1,
			 sizeof(char *));
	a->owned = calloc(MAX_OPTS + o->num_images, sizeof(char *));
	a->fds = calloc(o->num_images + 1, sizeof(int));
	if (!a->argv || !a->owned || !a->fds)
		goto nomem;
	a->argv[n++] = (char *)(o->qemu ? o->qemu : xlrt_qemu_binary());
	if (!o->no_sandbox && info->sandbox) {
		a->argv[n++] = "-sandbox";
		a->argv[n++] = o->user ? SANDBOX_USER : SANDBOX_ROOT;
	}
	if (o->user && strchr(o->user, ',')) {
		snprintf(err, errlen, "bad user name \"%s\"", o->user);
		return -EINVAL;
	}
	if (o->user && !info->run_with && !info->runas) {
		snprintf(err, errlen, "this QEMU can not drop to user %s "
			 "(neither -run-with user= nor -runas)", o->user);
		return -ENOTSUP;
	}
	if (o->chroot_dir && (o->no_sandbox || !info->sandbox)) {
		snprintf(err, errlen, "this QEMU has no -sandbox (built "
			 "without seccomp): it cannot be restricted");
		return -ENOTSUP;
	}
	if (o->chroot_dir && !info->run_with_chroot && !info->chroot_opt) {
		snprintf(err, errlen, "this QEMU can not chroot into %s "
			 "(neither -run-with chroot= nor -chroot)",
			 o->chroot_dir);
		return -ENOTSUP;
	}
	/* One -run-with for both where it takes both (QEMU >= 9.1). */
	if ((o->user && info->run_with) ||
	    (o->chroot_dir && info->run_with_chroot)) {
		char *u = o->user && info->run_with ?
			  opt_escape("user=", o->user, "") : NULL;
		char *c = o->chroot_dir && info->run_with_chroot ?
			  opt_escape("chroot=", o->chroot_dir, "") : NULL;

		if (asprintf(&s, "%s%s%s", u ? u : "", u && c ? "," : "",
			     c ? c : "") < 0)
			s = NULL;
		free(u);
		free(c);
		if (!s)
			goto nomem;
		a->owned[a->nowned++] = s;
		a->argv[n++] = "-run-with";
		a->argv[n++] = s;
	}
	if (o->user && !info->run_with) {
		a->argv[n++] = "-runas";
		a->argv[n++] = (char *)o->user;
	}
	if (o->chroot_dir && !info->run_with_chroot) {
		a->argv[n++] = "-chroot";
		a->argv[n++] = (char *)o->chroot_dir;
	}
	r = add_images(o, a, &n, err, errlen);
	if (r)
		return r;
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

/* What the child reports through its error pipe when it cannot exec. */
struct child_error {
	int stage;		/* CHILD_EXEC or CHILD_PROC */
	int err;		/* errno */
};
enum { CHILD_EXEC, CHILD_PROC };

/*
 * A chrooted QEMU still needs /proc/self (its 9p server chmods files
 * through /proc/self/fd/N): a procfs of its own, in a mount namespace of
 * its own so the mount dies with it and the host never sees it, showing
 * only processes QEMU may see (hidepid=invisible: its own uid's) and no
 * system files (subset=pid, Linux >= 5.8).
 */
static int private_proc(const char *root)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/proc", root);
	if (unshare(CLONE_NEWNS) < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return -1;
	if (mount("proc", path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  "hidepid=invisible,subset=pid") < 0)
		return -1;
	return 0;
}

/* In the child: never returns. */
static void exec_child(const struct argv_buf *a, const char *chroot_dir,
		       int log_fd, int errpipe, pid_t parent, bool pdeathsig)
{
	struct child_error ce = { CHILD_EXEC, 0 };
	sigset_t all;
	int fd, sig;
	size_t i;

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
	for (i = 0; i < a->nfds; i++)
		if (fcntl(a->fds[i], F_SETFD, 0) < 0)
			goto fail;
	if (chroot_dir && private_proc(chroot_dir) < 0) {
		ce.stage = CHILD_PROC;
		goto fail;
	}
	/* What QEMU creates (QMP, console and channel sockets, save files
	 * holding guest memory) is its owner's alone from the first moment:
	 * QEMU has no option for socket modes. */
	umask(077);
	execvp(a->argv[0], a->argv);
fail:
	ce.err = errno;
	if (write(errpipe, &ce, sizeof(ce)) < 0)
		_exit(126);
	_exit(127);
}

static int spawn(struct xlrt_qemu *qp, const struct argv_buf *a,
		 const char *chroot_dir, bool pdeathsig, char *err,
		 size_t errlen)
{
	pid_t parent = getpid();
	struct child_error ce;
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
		exec_child(a, chroot_dir, qp->log_fd, pipefd[1], parent,
			   pdeathsig);
	/* Also from here, so a kill(-pid) right away finds the group. */
	setpgid(qp->pid, qp->pid);
	close(pipefd[1]);
	do
		n = read(pipefd[0], &ce, sizeof(ce));
	while (n < 0 && errno == EINTR);
	close(pipefd[0]);
	qp->pidfd = syscall(SYS_pidfd_open, qp->pid, 0);
	if (n == sizeof(ce)) {
		if (ce.stage == CHILD_PROC)
			snprintf(err, errlen, "cannot mount QEMU's own /proc "
				 "in %s/proc: %s", chroot_dir,
				 strerror(ce.err));
		else
			snprintf(err, errlen, "cannot execute %s: %s",
				 a->argv[0], strerror(ce.err));
		return -ce.err;
	}
	if (qp->pidfd < 0) {
		e = errno;
		snprintf(err, errlen, "pidfd_open: %s", strerror(e));
		return -e;
	}
	return 0;
}

/*
 * The kernel clears PR_SET_PDEATHSIG when QEMU changes its user, so a QEMU
 * that drops to one gets a stand-in: a child of ours in QEMU's process
 * group that waits for our end of a pipe to close (we are gone) and then
 * kills QEMU, or exits when QEMU does.  Only async-signal-safe calls after
 * the fork: the caller may have threads.
 */
static int start_reaper(struct xlrt_qemu *qp, char *err, size_t errlen)
{
	struct pollfd f[2] = { { .fd = 0, .events = POLLIN },
			       { .fd = 1, .events = POLLIN } };
	sigset_t all;
	int p[2], e, sig;

	if (pipe2(p, O_CLOEXEC) < 0) {
		e = errno;
		snprintf(err, errlen, "pipe: %s", strerror(e));
		return -e;
	}
	qp->reaper = fork();
	if (qp->reaper < 0) {
		e = errno;
		close(p[0]);
		close(p[1]);
		snprintf(err, errlen, "fork: %s", strerror(e));
		return -e;
	}
	if (qp->reaper == 0) {
		setpgid(0, qp->pid);
		for (sig = 1; sig < NSIG; sig++)
			signal(sig, SIG_DFL);
		sigemptyset(&all);
		sigprocmask(SIG_SETMASK, &all, NULL);
		if (dup2(p[0], 0) < 0 || dup2(qp->pidfd, 1) < 0)
			_exit(1);
		syscall(SYS_close_range, 3, ~0U, 0);
		while (poll(f, 2, -1) < 0 && errno == EINTR)
			;
		if (!f[1].revents) {
			syscall(SYS_pidfd_send_signal, 1, SIGKILL, NULL, 0);
			kill(-qp->pid, SIGKILL);
		}
		_exit(0);
	}
	close(p[0]);
	qp->reaper_fd = p[1];
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
	if (qp->reaper_fd >= 0)
		close(qp->reaper_fd);
	if (qp->reaper > 0)
		while (waitpid(qp->reaper, NULL, 0) < 0 && errno == EINTR)
			;
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
	qp->pidfd = qp->log_fd = qp->reaper_fd = -1;
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
		r = spawn(qp, &a, o->chroot_dir, !o->survive_parent, err,
			  errlen);
	if (!r && o->user && !o->survive_parent)
		r = start_reaper(qp, err, errlen);
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
