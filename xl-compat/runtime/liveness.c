/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Whether a domain still runs (liveness.h): its run dir and state file,
 * XenStore, and the recorded monitor and QEMU, checked to still be them.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xenstore.h>

#include "liveness.h"
#include "paths.h"
#include "xs_path.h"

/* /proc/<pid>/<what> into buf (NUL-terminated); its length or -1. */
static ssize_t proc_read(pid_t pid, const char *what, char *buf, size_t len)
{
	char path[64];
	ssize_t n, got = 0;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, what);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while ((size_t)got < len - 1 &&
	       (n = read(fd, buf + got, len - 1 - (size_t)got)) > 0)
		got += n;
	close(fd);
	buf[got] = '\0';
	return got;
}

/* A process that exists and is not a zombie (an exited monitor may wait
 * a while for a parent that reaps it). */
static bool alive(pid_t pid)
{
	char buf[512], *p;

	if (pid <= 0 || (kill(pid, 0) < 0 && errno != EPERM) ||
	    proc_read(pid, "stat", buf, sizeof(buf)) <= 0)
		return false;
	p = strrchr(buf, ')');
	return !p || (p[1] && p[2] != 'Z' && p[2] != 'X');
}

bool xlrt_monitor_runs(const struct xlrt_domstate *st)
{
	char comm[64];

	return alive(st->monitor_pid) &&
	       proc_read(st->monitor_pid, "comm", comm, sizeof(comm)) > 0 &&
	       !strncmp(comm, "xlmon:", 6);
}

bool xlrt_qemu_runs(unsigned int domid, const struct xlrt_domstate *st)
{
	static char cmd[65536];
	char qmp[4096];
	ssize_t n, i;

	if (!alive(st->qemu_pid) || xlrt_path_qmp(qmp, sizeof(qmp), domid))
		return false;
	n = proc_read(st->qemu_pid, "cmdline", cmd, sizeof(cmd));
	for (i = 0; i < n; i += (ssize_t)strlen(cmd + i) + 1)
		if (strstr(cmd + i, qmp))
			return true;
	return false;
}

bool xlrt_xs_holds(struct xs_handle *xs, unsigned int domid)
{
	struct xs_handle *own = NULL;
	struct xs_permissions *perms;
	char path[64];
	unsigned int n;
	bool held;

	if (!xs)
		xs = own = xlrt_xs_open(NULL, 0);
	if (!xs)
		return false;
	xlrt_xs_dom_home(path, sizeof(path), domid);
	perms = xs_get_permissions(xs, XBT_NULL, path, &n);
	held = perms != NULL;
	free(perms);
	if (own)
		xs_close(own);
	return held;
}

enum xlrt_liveness xlrt_domain_liveness(struct xs_handle *xs,
					unsigned int domid,
					struct xlrt_domstate *st)
{
	char dir[4096];
	struct stat sb;

	memset(st, 0, sizeof(*st));
	if (xlrt_path_dom_dir(dir, sizeof(dir), domid) || stat(dir, &sb) ||
	    !S_ISDIR(sb.st_mode)) {
		/*
		 * No run dir: create makes it before any XenStore node and the
		 * cleanup removes it after the last, so XenStore holding the
		 * domain now means a crash or a reboot left it there.
		 */
		st->state = XLRT_RUN_DYING;
		return xlrt_xs_holds(xs, domid) ? XLRT_LIVE_DEAD : XLRT_LIVE_NONE;
	}
	if (xlrt_domstate_read(domid, st))
		return XLRT_LIVE_CREATING;
	if (xlrt_monitor_runs(st))
		return XLRT_LIVE_RUNNING;
	return xlrt_qemu_runs(domid, st) ? XLRT_LIVE_ORPHAN : XLRT_LIVE_DEAD;
}
