/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The domain registry (domain.h): live domains from RUN_DIR, their names
 * and memory from XenStore, their run state from the monitor's state
 * file, CPU time from /proc; stopping a domain (cleanup.c removes what
 * it leaves).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <xenstore.h>

#include "domain.h"
#include "liveness.h"
#include "paths.h"
#include "xs_path.h"

#define USERID "libxl-json"

void xlrt_uuid_fmt(const uint8_t u[16], char out[37])
{
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3], u[4],
		 u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13],
		 u[14], u[15]);
}

static bool dom_exists(unsigned int domid)
{
	char dir[4096];
	struct stat st;

	return !xlrt_path_dom_dir(dir, sizeof(dir), domid) &&
	       stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
}

static uint64_t xs_u64(struct xs_handle *xs, unsigned int domid,
		       const char *rel)
{
	char *v = xlrt_xs_dom_read(xs, XBT_NULL, domid, rel);
	uint64_t n = v ? strtoull(v, NULL, 10) : 0;

	free(v);
	return n;
}

/* /proc/<pid>/stat: utime+stime in clock ticks; *running if a vCPU thread
 * is on a CPU (state R). */
static unsigned long long proc_cpu(pid_t pid, bool *running)
{
	char path[300], buf[1024], *p;
	unsigned long long ut = 0, stt = 0;
	struct dirent *e;
	DIR *d;
	int fd;
	ssize_t n;

	*running = false;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	/* after ") ": state ppid pgrp session tty tpgid flags minflt cminflt
	 * majflt cmajflt utime stime */
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
			 &ut, &stt) != 2)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	while (d && (e = readdir(d)) && !*running) {
		char tp[300];

		if (e->d_name[0] == '.')
			continue;
		snprintf(tp, sizeof(tp), "/proc/%d/task/%s/stat", (int)pid,
			 e->d_name);
		fd = open(tp, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		p = strrchr(buf, ')');
		if (strstr(buf, "(CPU ") && p && p[2] == 'R')
			*running = true;
	}
	if (d)
		closedir(d);
	return ut + stt;
}

static void set_cpu_time(struct xlrt_dominfo *in, unsigned long long ticks)
{
	long hz = sysconf(_SC_CLK_TCK);

	in->cpu_time = (double)ticks / (double)hz;
	in->cpu_ns = ticks * (1000000000ULL / (unsigned long long)hz);
}

static void host_info(struct xlrt_dominfo *in)
{
	char line[256];
	unsigned long long a[8] = { 0 }, kbv;
	FILE *f;
	int i;

	snprintf(in->name, sizeof(in->name), "Domain-0");
	snprintf(in->uuid, sizeof(in->uuid),
		 "00000000-0000-0000-0000-000000000000");
	f = fopen("/proc/meminfo", "re");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %llu kB", &kbv) == 1)
			in->target_kb = in->max_kb = kbv;
	if (f)
		fclose(f);
	in->vcpus_online = (int)sysconf(_SC_NPROCESSORS_ONLN);
	in->vcpus_max = in->vcpus_online;
	f = fopen("/proc/stat", "re");
	if (f && fgets(line, sizeof(line), f) &&
	    sscanf(line, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &a[0],
		   &a[1], &a[2], &a[3], &a[4], &a[5], &a[6], &a[7]) >= 3) {
		unsigned long long busy = 0;

		for (i = 0; i < 8; i++)
			busy += i == 3 || i == 4 ? 0 : a[i];
		set_cpu_time(in, busy);
	}
	if (f)
		fclose(f);
	in->st.state = XLRT_RUN_RUNNING;
	snprintf(in->letters, sizeof(in->letters), "r-----");
}

int xlrt_domain_info(struct xs_handle *xs, unsigned int domid,
		     struct xlrt_dominfo *in)
{
	char *v, **cpus;
	unsigned int n, i;
	bool running = false, gone;
	enum xlrt_liveness live;

	memset(in, 0, sizeof(*in));
	in->domid = domid;
	if (domid == 0) {
		host_info(in);
		return 0;
	}
	live = xlrt_domain_liveness(xs, domid, &in->st);
	/* no state file: being created (or removed) by xl, not listed yet */
	if (live == XLRT_LIVE_NONE || live == XLRT_LIVE_CREATING)
		return -ENOENT;
	v = xlrt_xs_dom_read(xs, XBT_NULL, domid, "name");
	snprintf(in->name, sizeof(in->name), "%s", v ? v : "(null)");
	free(v);
	v = xlrt_xs_dom_read(xs, XBT_NULL, domid, "vm");
	snprintf(in->uuid, sizeof(in->uuid), "%s",
		 v && !strncmp(v, "/vm/", 4) ? v + 4 : "");
	free(v);
	in->target_kb = xs_u64(xs, domid, "memory/target") +
			xs_u64(xs, domid, "memory/videoram");
	in->max_kb = xs_u64(xs, domid, "memory/static-max");
	cpus = xlrt_xs_dom_dir(xs, XBT_NULL, domid, "cpu", &n);
	in->vcpus_max = cpus ? (int)n : 0;
	for (i = 0; cpus && i < n; i++) {
		char rel[64];

		snprintf(rel, sizeof(rel), "cpu/%s/availability", cpus[i]);
		v = xlrt_xs_dom_read(xs, XBT_NULL, domid, rel);
		in->vcpus_online += v && !strcmp(v, "online");
		free(v);
	}
	free(cpus);
	gone = live == XLRT_LIVE_DEAD;
	if (!gone && in->st.qemu_pid > 0)
		set_cpu_time(in, proc_cpu(in->st.qemu_pid, &running));
	snprintf(in->letters, sizeof(in->letters), "%c%c%c%c%c%c",
		 !gone && in->st.state == XLRT_RUN_RUNNING && running ? 'r' : '-',
		 !gone && in->st.state == XLRT_RUN_RUNNING && !running ? 'b' : '-',
		 !gone && in->st.state == XLRT_RUN_PAUSED ? 'p' : '-',
		 in->st.state == XLRT_RUN_SHUTDOWN ||
		 in->st.state == XLRT_RUN_CRASHED ? 's' : '-',	/* as Xen */
		 in->st.state == XLRT_RUN_CRASHED ? 'c' : '-',
		 in->st.state == XLRT_RUN_DYING || gone ? 'd' : '-');
	return 0;
}

static int cmp_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

/* A domid (1 .. 0x7fef) from a directory entry's name, else 0. */
static unsigned int domid_of(const char *name)
{
	char *end;
	unsigned long id;

	if (!isdigit((unsigned char)name[0]))
		return 0;
	id = strtoul(name, &end, 10);
	return *end || id >= 0x7ff0 ? 0 : (unsigned int)id;
}

static int add_id(unsigned int **v, int *cnt, int *cap, unsigned int id)
{
	unsigned int *nv;

	if (!id)
		return 0;
	if (*cnt == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		nv = realloc(*v, (size_t)*cap * sizeof(**v));
		if (!nv)
			return -ENOMEM;
		*v = nv;
	}
	(*v)[(*cnt)++] = id;
	return 0;
}

int xlrt_domain_ids(struct xs_handle *xs, unsigned int **ids, int *n)
{
	char run[4096], **xsd = NULL;
	struct dirent *e;
	unsigned int *v = NULL, nx = 0, i;
	int cnt = 0, cap = 0, k, r = xlrt_path_run_dir(run, sizeof(run));
	DIR *d;

	*ids = NULL;
	*n = 0;
	if (r)
		return r;
	d = opendir(run);
	if (!d && errno != ENOENT)
		return -errno;
	while (!r && d && (e = readdir(d)))
		r = add_id(&v, &cnt, &cap, domid_of(e->d_name));
	if (d)
		closedir(d);
	if (xs)
		xsd = xs_directory(xs, XBT_NULL, XLRT_XS_DOMAINS, &nx);
	for (i = 0; !r && xsd && i < nx; i++)
		r = add_id(&v, &cnt, &cap, domid_of(xsd[i]));
	free(xsd);
	if (r) {
		free(v);
		return r;
	}
	qsort(v, (size_t)cnt, sizeof(*v), cmp_uint);
	for (i = 0, k = 0; (int)i < cnt; i++)
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	*ids = v;
	*n = k;
	return 0;
}

int xlrt_domain_list(struct xs_handle *xs, struct xlrt_dominfo **out, int *n)
{
	unsigned int *ids;
	struct xlrt_dominfo *v;
	int cnt, i, k = 0, r = xlrt_domain_ids(xs, &ids, &cnt);

	if (r)
		return r;
	v = calloc((size_t)cnt + 1, sizeof(*v));
	if (!v) {
		free(ids);
		return -ENOMEM;
	}
	xlrt_domain_info(xs, 0, &v[k++]);
	for (i = 0; i < cnt; i++)
		if (!xlrt_domain_info(xs, ids[i], &v[k]))
			k++;
	free(ids);
	*out = v;
	*n = k;
	return 0;
}

int xlrt_domain_lookup(struct xs_handle *xs, const char *q, unsigned int *domid,
		       char *err, size_t errlen)
{
	struct xs_handle *own = NULL;
	struct xlrt_domstate st;
	unsigned int *ids;
	unsigned long v;
	char *end, *name;
	int cnt, i, r = -ENOENT;

	v = strtoul(q, &end, 10);
	if (*q && !*end && isdigit((unsigned char)*q)) {
		if (v == 0 || (v < 0x7ff0 &&
			       xlrt_domain_liveness(xs, (unsigned int)v, &st) !=
			       XLRT_LIVE_NONE)) {
			*domid = (unsigned int)v;
			return 0;
		}
	} else if (!strcmp(q, "Domain-0")) {
		*domid = 0;
		return 0;
	} else {
		if (!xs)
			xs = own = xlrt_xs_open(err, errlen);
		if (!xs)
			return -ECONNREFUSED;
		if (xlrt_domain_ids(xs, &ids, &cnt) == 0) {
			for (i = 0; i < cnt && r; i++) {
				name = xlrt_xs_dom_read(xs, XBT_NULL, ids[i], "name");
				if (name && !strcmp(name, q)) {
					*domid = ids[i];
					r = 0;
				}
				free(name);
			}
			free(ids);
		}
		if (own)
			xs_close(own);
		if (!r)
			return 0;
	}
	if (err)
		snprintf(err, errlen, "%s is an invalid domain identifier", q);
	return -ENOENT;
}

int xlrt_domain_config_path(unsigned int domid, char *buf, size_t len)
{
	char pat[4096];
	glob_t g;
	int r = xlrt_path_userdata(pat, sizeof(pat), domid, "*", USERID);

	if (r)
		return r;
	if (glob(pat, 0, NULL, &g) || g.gl_pathc < 1) {
		globfree(&g);
		return -ENOENT;
	}
	r = snprintf(buf, len, "%s", g.gl_pathv[0]) >= (int)len ?
	    -ENAMETOOLONG : 0;
	globfree(&g);
	return r;
}

int xlrt_domain_config(unsigned int domid, json_object **config)
{
	char path[4096];
	int r = xlrt_domain_config_path(domid, path, sizeof(path));

	if (r)
		return r;
	*config = json_object_from_file(path);
	return *config ? 0 : -EINVAL;
}

int xlrt_domain_qmp(unsigned int domid, int timeout_ms, struct xlrt_qmp **q,
		    char *err, size_t errlen)
{
	char path[4096];
	int r = xlrt_path_qmp_cmd(path, sizeof(path), domid);

	if (r)
		return r;
	return xlrt_qmp_connect(path, timeout_ms, q, err, errlen);
}

int xlrt_domain_wait_gone(unsigned int domid, int timeout_ms)
{
	struct timespec ts = { 0, 5 * 1000 * 1000 };
	int waited = 0;

	while (dom_exists(domid)) {
		if (timeout_ms >= 0 && waited >= timeout_ms)
			return -ETIMEDOUT;
		nanosleep(&ts, NULL);
		waited += 5;
	}
	return 0;
}

void xlrt_domain_userdata_remove(unsigned int domid)
{
	char path[4096];
	glob_t g;
	size_t i;

	if (xlrt_path_userdata(path, sizeof(path), domid, "*", "*"))
		return;
	if (!glob(path, 0, NULL, &g))
		for (i = 0; i < g.gl_pathc; i++)
			unlink(g.gl_pathv[i]);
	globfree(&g);
}

int xlrt_domain_stop(unsigned int domid, int timeout_ms, char *err,
		     size_t errlen)
{
	struct timespec ts = { 0, 5 * 1000 * 1000 };
	struct xlrt_domstate st;
	enum xlrt_liveness live;
	int i;

	if (domid == 0) {
		snprintf(err, errlen, "Cannot destroy privileged domain 0.");
		return -EPERM;
	}
	live = xlrt_domain_liveness(NULL, domid, &st);
	if (live == XLRT_LIVE_NONE) {
		snprintf(err, errlen, "%u is an invalid domain identifier", domid);
		return -ENOENT;
	}
	/* a domain being created: its monitor is about to start (2 s) */
	for (i = 0; i < 400 && live == XLRT_LIVE_CREATING; i++) {
		nanosleep(&ts, NULL);
		live = xlrt_domain_liveness(NULL, domid, &st);
	}
	if (live == XLRT_LIVE_NONE)
		return 0;	/* the create failed meanwhile: nothing left */
	if (live == XLRT_LIVE_RUNNING && kill(st.monitor_pid, SIGTERM) == 0 &&
	    xlrt_domain_wait_gone(domid, timeout_ms) == 0) {
		/* the monitor removes the dir last, then exits: wait for it */
		for (i = 0; i < 200 && xlrt_monitor_runs(&st); i++)
			nanosleep(&ts, NULL);
		return 0;
	}
	/* no monitor (it died, or a crash took both) or it did not finish:
	 * do its work */
	if (xlrt_monitor_runs(&st))
		kill(st.monitor_pid, SIGKILL);
	if (xlrt_qemu_runs(domid, &st)) {
		kill(-st.qemu_pid, SIGKILL);
		kill(st.qemu_pid, SIGKILL);
	}
	return 1;
}
