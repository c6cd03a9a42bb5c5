/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QEMU binary facts: version and supported options, read from the output
 * of `qemu --version` and `qemu -help` (~15 ms each), cached (cache.h)
 * under the binary's path, inode, size and mtime, so an upgrade re-probes.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "qemu_info.h"

#define RUN_TIMEOUT_MS	5000

const char *xlrt_qemu_binary(void)
{
	const char *q = getenv("XEN_KVM_QEMU");

	return q && *q ? q : "qemu-system-x86_64";
}

int xlrt_qemu_parse_version(const char *text, int *major, int *minor,
			    int *micro)
{
	const char *p = strstr(text, "version ");

	*major = *minor = *micro = 0;
	if (!p || sscanf(p + 8, "%d.%d.%d", major, minor, micro) < 2)
		return -EINVAL;
	return 0;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

/* Run qemu with one option; its stdout (truncated to len - 1) into buf. */
static int capture(const char *qemu, const char *opt, char *buf, size_t len,
		   char *err, size_t errlen)
{
	long deadline = now_ms() + RUN_TIMEOUT_MS;
	size_t used = 0;
	int fds[2], status = 0, timed_out = 0, devnull, r;
	ssize_t n;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0) {
		r = -errno;
		snprintf(err, errlen, "pipe: %s", strerror(-r));
		return r;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -EAGAIN;
	}
	if (pid == 0) {
		devnull = open("/dev/null", O_RDWR);
		dup2(devnull, 0);
		dup2(devnull, 2);
		dup2(fds[1], 1);
		execlp(qemu, qemu, opt, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		struct pollfd p = { .fd = fds[0], .events = POLLIN };
		long left = deadline - now_ms();

		if (left <= 0 || poll(&p, 1, (int)left) == 0) {
			timed_out = 1;
			break;
		}
		n = read(fds[0], buf + used, len - 1 - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		used += n;
		if (used == len - 1) {
			/* Enough; let the writer finish into the void. */
			char sink[4096];

			while (read(fds[0], sink, sizeof(sink)) > 0)
				;
			break;
		}
	}
	buf[used] = '\0';
	close(fds[0]);
	if (timed_out)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (timed_out) {
		snprintf(err, errlen, "%s %s: no answer within %d ms", qemu,
			 opt, RUN_TIMEOUT_MS);
		return -ETIMEDOUT;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		snprintf(err, errlen, "%s: cannot execute (not installed? "
			 "set XEN_KVM_QEMU)", qemu);
		return -ENOENT;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(err, errlen, "%s %s failed (status %#x)", qemu, opt,
			 status);
		return -EIO;
	}
	return 0;
}

/* An option is offered when -help has a line starting with it: that
 * line, or NULL. */
static const char *option_line(const char *help, const char *opt)
{
	size_t n = strlen(opt);
	const char *p = help;

	for (;;) {
		if (!strncmp(p, opt, n) && (p[n] == ' ' || p[n] == '\n' ||
					    !p[n]))
			return p;
		p = strchr(p, '\n');
		if (!p)
			return NULL;
		p++;
	}
}

static bool has_option(const char *help, const char *opt)
{
	return option_line(help, opt) != NULL;
}

/* -run-with grew its suboptions one release at a time (chroot= in 8.1,
 * user= in 9.1): one is offered when the option's help line names it. */
static bool has_suboption(const char *help, const char *opt, const char *sub)
{
	const char *line = option_line(help, opt), *hit;

	return line && (hit = strstr(line, sub)) &&
	       hit < strchrnul(line, '\n');
}

static int probe(const char *qemu, struct xlrt_qemu_info *info, char *err,
		 size_t errlen)
{
	size_t help_len = 256 * 1024;
	char ver[512], *help;
	int r;

	r = capture(qemu, "--version", ver, sizeof(ver), err, errlen);
	if (r)
		return r;
	if (xlrt_qemu_parse_version(ver, &info->major, &info->minor,
				    &info->micro)) {
		snprintf(err, errlen, "%s --version: no version in \"%.60s\"",
			 qemu, ver);
		return -EINVAL;
	}
	help = malloc(help_len);
	if (!help) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	r = capture(qemu, "-help", help, help_len, err, errlen);
	if (!r) {
		info->sandbox = has_option(help, "-sandbox");
		info->run_with = has_suboption(help, "-run-with", "user=");
		info->runas = has_option(help, "-runas");
		info->run_with_chroot = has_suboption(help, "-run-with",
						      "chroot=");
		info->chroot_opt = has_option(help, "-chroot");
	}
	free(help);
	return r;
}

/* The binary's full path: as given if it has a '/', else found in PATH. */
static int resolve(const char *qemu, char *buf, size_t len)
{
	const char *p = getenv("PATH"), *end;

	if (strchr(qemu, '/'))
		return snprintf(buf, len, "%s", qemu) < (int)len ? 0 : -1;
	for (; p && *p; p = *end ? end + 1 : end) {
		end = strchrnul(p, ':');
		if ((size_t)snprintf(buf, len, "%.*s/%s", (int)(end - p), p,
				     qemu) < len && !access(buf, X_OK))
			return 0;
	}
	return -1;
}

/* Cache file name and key: the binary's path, identity and mtime. */
static int cache_id(const char *qemu, char *name, size_t nlen, char *key,
		    size_t klen)
{
	char path[4096], *c;
	struct stat st;

	if (resolve(qemu, path, sizeof(path)) || stat(path, &st))
		return -1;
	snprintf(name, nlen, "qemu-info-%s", path);
	for (c = name; *c; c++)
		if (*c == '/')
			*c = '_';
	snprintf(key, klen, "%s|%lu|%lu|%lld|%lld.%09ld", path,
		 (unsigned long)st.st_dev, (unsigned long)st.st_ino,
		 (long long)st.st_size, (long long)st.st_mtim.tv_sec,
		 st.st_mtim.tv_nsec);
	return 0;
}

static int flag(const char *body, const char *field, bool *val)
{
	char v[8];

	if (xlrt_cache_field(body, field, v, sizeof(v)) ||
	    (strcmp(v, "0") && strcmp(v, "1")))
		return -1;
	*val = v[0] == '1';
	return 0;
}

static int load(const char *name, const char *key,
		struct xlrt_qemu_info *info)
{
	char body[256], ver[64];

	if (xlrt_cache_load(name, key, body, sizeof(body)) ||
	    xlrt_cache_field(body, "version", ver, sizeof(ver)) ||
	    sscanf(ver, "%d.%d.%d", &info->major, &info->minor,
		   &info->micro) != 3 ||
	    flag(body, "sandbox", &info->sandbox) ||
	    flag(body, "run_with", &info->run_with) ||
	    flag(body, "runas", &info->runas) ||
	    flag(body, "run_with_chroot", &info->run_with_chroot) ||
	    flag(body, "chroot_opt", &info->chroot_opt))
		return -1;
	return 0;
}

int xlrt_qemu_info_get(const char *qemu, struct xlrt_qemu_info *info,
		       char *err, size_t errlen)
{
	char name[4200], key[4400], body[256];
	int cacheable, r;

	memset(info, 0, sizeof(*info));
	if (!qemu)
		qemu = xlrt_qemu_binary();
	cacheable = !cache_id(qemu, name, sizeof(name), key, sizeof(key));
	if (cacheable && !load(name, key, info))
		return 0;
	memset(info, 0, sizeof(*info));
	r = probe(qemu, info, err, errlen);
	if (r || !cacheable)
		return r;
	snprintf(body, sizeof(body), "version=%d.%d.%d\nsandbox=%d\n"
		 "run_with=%d\nrunas=%d\nrun_with_chroot=%d\nchroot_opt=%d\n",
		 info->major, info->minor, info->micro, info->sandbox,
		 info->run_with, info->runas, info->run_with_chroot,
		 info->chroot_opt);
	/* Not being able to cache (not root) only costs time. */
	xlrt_cache_store(name, key, body);
	return 0;
}
