/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Runtime paths: the one place that knows where xen-kvm keeps per-domain
 * sockets, pid files, saved configs, logs and caches, and the helpers that
 * create and remove a domain's runtime directory.
 */
#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"

static int fmt(char *buf, size_t len, const char *f, ...)
	__attribute__((format(printf, 3, 4)));

static int fmt(char *buf, size_t len, const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = vsnprintf(buf, len, f, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

/* $ENV_VAR if set and not empty, else $XEN_KVM_ROOT + def. */
static int top_dir(char *buf, size_t len, const char *env, const char *def)
{
	const char *v = getenv(env), *root = getenv("XEN_KVM_ROOT");

	if (v && *v)
		return fmt(buf, len, "%s", v);
	return fmt(buf, len, "%s%s", root ? root : "", def);
}

int xlrt_path_run_dir(char *buf, size_t len)
{
	return top_dir(buf, len, "XEN_KVM_RUN_DIR", "/var/run/xen-kvm");
}

int xlrt_path_lib_dir(char *buf, size_t len)
{
	return top_dir(buf, len, "XEN_KVM_LIB_DIR", "/var/lib/xen");
}

int xlrt_path_log_dir(char *buf, size_t len)
{
	return top_dir(buf, len, "XEN_KVM_LOG_DIR", "/var/log/xen");
}

int xlrt_path_lock_file(char *buf, size_t len)
{
	const char *root = getenv("XEN_KVM_ROOT");

	return fmt(buf, len, "%s/var/lock/xl", root ? root : "");
}

int xlrt_path_cache_dir(char *buf, size_t len)
{
	return top_dir(buf, len, "XEN_KVM_CACHE_DIR", "/var/cache/xen-kvm");
}

int xlrt_path_vhost_vsock(char *buf, size_t len)
{
	const char *v = getenv("XEN_KVM_VHOST_VSOCK");

	return fmt(buf, len, "%s", v && *v ? v : "/dev/vhost-vsock");
}

int xlrt_path_sysfs(char *buf, size_t len)
{
	const char *v = getenv("XEN_KVM_SYSFS");

	return fmt(buf, len, "%s", v && *v ? v : "/sys");
}

int xlrt_path_systemd_booted(char *buf, size_t len)
{
	const char *v = getenv("XEN_KVM_SYSTEMD_BOOTED");

	return fmt(buf, len, "%s", v && *v ? v : "/run/systemd/system");
}

int xlrt_path_sysfs_file(char *buf, size_t len, const char *rel)
{
	char root[4096];
	int r = xlrt_path_sysfs(root, sizeof(root));

	return r ? r : fmt(buf, len, "%s/%s", root, rel);
}

int xlrt_path_dom_dir(char *buf, size_t len, unsigned int domid)
{
	char run[4096];
	int r = xlrt_path_run_dir(run, sizeof(run));

	return r ? r : fmt(buf, len, "%s/%u", run, domid);
}

static int dom_file(char *buf, size_t len, unsigned int domid,
		    const char *name)
{
	char dir[4096];
	int r = xlrt_path_dom_dir(dir, sizeof(dir), domid);

	return r ? r : fmt(buf, len, "%s/%s", dir, name);
}

int xlrt_path_qmp(char *buf, size_t len, unsigned int domid)
{
	return dom_file(buf, len, domid, "qmp.sock");
}

int xlrt_path_link(char *buf, size_t len, unsigned int domid)
{
	return dom_file(buf, len, domid, "link.sock");
}

int xlrt_path_monitor_pid(char *buf, size_t len, unsigned int domid)
{
	return dom_file(buf, len, domid, "monitor.pid");
}

int xlrt_path_qmp_cmd(char *buf, size_t len, unsigned int domid)
{
	return dom_file(buf, len, domid, "qmp-cmd.sock");
}

int xlrt_path_dom_state(char *buf, size_t len, unsigned int domid)
{
	return dom_file(buf, len, domid, "state");
}

/* RUN_DIR/<domid>/<pre><idx><suf>: the numbered sockets */
static int dom_file_n(char *buf, size_t len, unsigned int domid,
		      const char *pre, unsigned int idx, const char *suf)
{
	char name[32];

	snprintf(name, sizeof(name), "%s%u%s", pre, idx, suf);
	return dom_file(buf, len, domid, name);
}

int xlrt_path_console_xl(char *buf, size_t len, unsigned int domid,
			 unsigned int idx)
{
	return dom_file_n(buf, len, domid, "console", idx, "-xl.sock");
}

int xlrt_path_domid_file(char *buf, size_t len)
{
	char run[4096];
	int r = xlrt_path_run_dir(run, sizeof(run));

	return r ? r : fmt(buf, len, "%s/domid", run);
}

int xlrt_path_console(char *buf, size_t len, unsigned int domid,
		      unsigned int idx)
{
	return dom_file_n(buf, len, domid, "console", idx, ".sock");
}

int xlrt_path_channel(char *buf, size_t len, unsigned int domid,
		      unsigned int idx)
{
	return dom_file_n(buf, len, domid, "channel", idx, ".sock");
}

int xlrt_path_serial(char *buf, size_t len, unsigned int domid,
		     unsigned int idx)
{
	return dom_file_n(buf, len, domid, "serial", idx, ".sock");
}

int xlrt_path_serial_xl(char *buf, size_t len, unsigned int domid,
			unsigned int idx)
{
	return dom_file_n(buf, len, domid, "serial", idx, "-xl.sock");
}

/* A path component taken from outside: not empty, no '/', not a dot dir. */
static int bad_name(const char *s)
{
	return !s || !*s || strchr(s, '/') || !strcmp(s, ".") ||
	       !strcmp(s, "..");
}

int xlrt_path_userdata(char *buf, size_t len, unsigned int domid,
		       const char *uuid, const char *userid)
{
	char lib[4096];
	int r;

	if (bad_name(uuid) || bad_name(userid))
		return -EINVAL;
	r = xlrt_path_lib_dir(lib, sizeof(lib));
	return r ? r : fmt(buf, len, "%s/userdata-d.%u.%s.%s", lib, domid,
			   uuid, userid);
}

/* LOG_DIR/<pre><domname><suf>: the logs named after a domain. */
static int named_log(char *buf, size_t len, const char *pre,
		     const char *domname, const char *suf)
{
	char log[4096];
	int r;

	if (bad_name(domname))
		return -EINVAL;
	r = xlrt_path_log_dir(log, sizeof(log));
	return r ? r : fmt(buf, len, "%s/%s%s%s", log, pre, domname, suf);
}

int xlrt_path_console_log(char *buf, size_t len, const char *domname)
{
	return named_log(buf, len, "console/guest-", domname, ".log");
}

int xlrt_path_serial_log(char *buf, size_t len, const char *domname,
			 unsigned int idx)
{
	char suf[32];

	snprintf(suf, sizeof(suf), "-serial%u.log", idx);
	return named_log(buf, len, "console/guest-", domname, suf);
}

int xlrt_path_qemu_log(char *buf, size_t len, const char *domname)
{
	return named_log(buf, len, "qemu-dm-", domname, ".log");
}

int xlrt_path_xl_log(char *buf, size_t len, const char *domname)
{
	return named_log(buf, len, "xl-", domname, ".log");
}

int xlrt_path_dump(char *buf, size_t len, const char *domname)
{
	char lib[4096];
	int r;

	if (bad_name(domname))
		return -EINVAL;
	r = xlrt_path_lib_dir(lib, sizeof(lib));
	return r ? r : fmt(buf, len, "%s/dump/%s", lib, domname);
}

int xlrt_mkdir_p(const char *path)
{
	char tmp[4096], *p, c;
	int r = fmt(tmp, sizeof(tmp), "%s", path);

	if (r)
		return r;
	for (p = tmp + 1; ; p++) {
		if (*p != '/' && *p)
			continue;
		c = *p;
		*p = '\0';
		if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
			return -errno;
		if (!c)
			return 0;
		*p = c;
	}
}

int xlrt_dom_dir_create(unsigned int domid)
{
	char run[4096], dir[4096];
	int r;

	r = xlrt_path_run_dir(run, sizeof(run));
	if (!r)
		r = xlrt_path_dom_dir(dir, sizeof(dir), domid);
	if (!r)
		r = xlrt_mkdir_p(run);
	if (r)
		return r;
	if (mkdir(dir, 0700) < 0)
		return -errno;
	/* mkdir's mode is filtered by the umask; be exact. */
	if (chmod(dir, 0700) < 0)
		return -errno;
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	int r = flag == FTW_DP ? rmdir(path) : unlink(path);

	return r < 0 && errno != ENOENT ? -errno : 0;
}

int xlrt_dom_dir_remove(unsigned int domid)
{
	char dir[4096];
	struct stat st;
	int r = xlrt_path_dom_dir(dir, sizeof(dir), domid);

	if (r)
		return r;
	if (lstat(dir, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	r = nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
	return r == -1 ? -errno : r;
}

int xlrt_path_logring(char *buf, size_t len)
{
	char log[4096];
	int r = xlrt_path_log_dir(log, sizeof(log));

	return r ? r : fmt(buf, len, "%s/xl-dmesg.log", log);
}

int xlrt_path_qemu_root(char *buf, size_t len, unsigned int domid)
{
	return dom_file(buf, len, domid, "qemu-root");
}

int xlrt_path_migrate_in(char *buf, size_t len, int pid)
{
	char run[4096];
	int r = xlrt_path_run_dir(run, sizeof(run));

	return r ? r : fmt(buf, len, "%s/incoming-%d.sock", run, pid);
}
