/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A vif's hotplug script, run with Xen's arguments and environment
 * (hotplug.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <xenstore.h>

#include "hotplug.h"
#include "logring.h"
#include "vif.h"

static char *be_read(struct xs_handle *xs, const char *be, const char *key)
{
	char path[512];
	unsigned int len;

	snprintf(path, sizeof(path), "%s/%s", be, key);
	return xs_read(xs, XBT_NULL, path, &len);
}

static void __attribute__((noreturn))
child(const char *prog, const char *action, char *const env[][2])
{
	int i, fd = open("/dev/null", O_RDONLY);

	setpgid(0, 0);
	if (fd >= 0 && fd != 0) {
		dup2(fd, 0);
		close(fd);
	}
	dup2(2, 1);
	for (i = 0; env[i][0]; i++)
		setenv(env[i][0], env[i][1], 1);
	execl(prog, prog, action, "type_if=vif", (char *)NULL);
	fprintf(stderr, "cannot execute %s: %s\n", prog, strerror(errno));
	_exit(127);
}

/* The wait status, or -ETIMEDOUT after the script's process group has
 * been killed. */
static int wait_script(pid_t pid)
{
	int pfd = pidfd_open(pid, 0), st = 0;
	struct timespec t0, t;
	long left = XLRT_HOTPLUG_TIMEOUT_MS;
	struct pollfd p;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (pfd >= 0 && left > 0) {
		p.fd = pfd;
		p.events = POLLIN;
		if (poll(&p, 1, (int)left) > 0)
			break;
		clock_gettime(CLOCK_MONOTONIC, &t);
		left = XLRT_HOTPLUG_TIMEOUT_MS -
		       ((t.tv_sec - t0.tv_sec) * 1000 +
			(t.tv_nsec - t0.tv_nsec) / 1000000);
	}
	if (pfd >= 0)
		close(pfd);
	if (pfd >= 0 && left <= 0) {
		kill(-pid, SIGKILL);
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		return -ETIMEDOUT;
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return st;
}

static void describe(int st, char *buf, size_t len)
{
	if (st == -ETIMEDOUT)
		snprintf(buf, len, "did not finish within %d s (killed)",
			 XLRT_HOTPLUG_TIMEOUT_MS / 1000);
	else if (st < 0)
		snprintf(buf, len, "could not be waited for: %s", strerror(-st));
	else if (WIFSIGNALED(st))
		snprintf(buf, len, "was killed by signal %d", WTERMSIG(st));
	else
		snprintf(buf, len, "exited with status %d", WEXITSTATUS(st));
}

int xlrt_hotplug_vif(struct xs_handle *xs, unsigned int domid, int devid,
		     bool online, char *err, size_t errlen)
{
	char be[256], rel[256], prog[4096], ifname[64], how[128];
	char *script = NULL, *type = NULL, *vifname = NULL, *gw = NULL;
	char *status = NULL, *hperr = NULL;
	const char *action = online ? "online" : "offline";
	pid_t pid;
	int st, r = 0;

	xlrt_vif_backend_path(be, sizeof(be), domid, devid);
	snprintf(rel, sizeof(rel), "backend/vif/%u/%d", domid, devid);
	script = be_read(xs, be, "script");
	if (!script) {
		snprintf(err, errlen, "vif %d: no script in %s", devid, be);
		return -ENOENT;
	}
	type = be_read(xs, be, "type");
	vifname = be_read(xs, be, "vifname");
	gw = be_read(xs, be, "gatewaydev");
	if (vifname && *vifname)
		snprintf(ifname, sizeof(ifname), "%s", vifname);
	else
		snprintf(ifname, sizeof(ifname), "vif%u.%d", domid, devid);
	r = xlrt_vif_script_path(prog, sizeof(prog), script);
	if (r) {
		snprintf(err, errlen, "vif %d: bad script %s", devid, script);
		goto out;
	}
	{
		bool emu = type && !strcmp(type, "vif_ioemu");
		char *const env[][2] = {
			{ "script", prog }, { "XENBUS_TYPE", "vif" },
			{ "XENBUS_PATH", rel }, { "XENBUS_BASE_PATH", "backend" },
			{ "netdev", gw ? gw : "" }, { "vif", ifname },
			{ emu ? "INTERFACE" : NULL, ifname }, { NULL, NULL },
		};

		fflush(NULL);
		pid = fork();
		if (pid < 0) {
			r = -errno;
			snprintf(err, errlen, "vif %d: cannot fork %s: %s",
				 devid, prog, strerror(errno));
			goto out;
		}
		if (pid == 0)
			child(prog, action, env);
	}
	xlrt_mlog("domain %u vif %d: running %s %s (vif=%s)", domid, devid,
	          prog, action, ifname);
	st = wait_script(pid);
	status = be_read(xs, be, "hotplug-status");
	if (st == 0 && !(online && status && !strcmp(status, "error")))
		goto out;
	hperr = be_read(xs, be, "hotplug-error");
	if (st == 0)
		snprintf(how, sizeof(how), "set hotplug-status=error");
	else
		describe(st, how, sizeof(how));
	snprintf(err, errlen, "vif %d: %s %s %s%s%s", devid, prog, action, how,
		 hperr && *hperr ? ": " : "", hperr ? hperr : "");
	xlrt_mlog("domain %u: %s", domid, err);
	r = online ? -EIO : 0;
out:
	free(script);
	free(type);
	free(vifname);
	free(gw);
	free(status);
	free(hperr);
	return r;
}
