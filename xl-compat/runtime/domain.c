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
#include "xs_batch.h"
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

/* /proc/<pid>/stat: utime+stime in clock ticks; with running, whether a
 * vCPU thread is on a CPU (state R), which only a running domain's letters
 * show (r or b). */
static unsigned long long proc_cpu(pid_t pid, bool *running)
{
	char path[300], buf[1024], *p;
	unsigned long long ut = 0, stt = 0;
	struct dirent *e;
	DIR *d;
	int fd;
	ssize_t n;

	if (running)
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
	if (!running)
		return ut + stt;
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

/*
 * What a row needs from XenStore, asked for every row in one batch
 * (xs_batch.h): these, in this order, then in a second round the
 * availability of each vCPU its cpu directory names.
 */
enum { Q_NAME, Q_VM, Q_TARGET, Q_VIDEORAM, Q_STATIC_MAX, Q_CPUS, Q_TYPE,
       Q_COUNT };
static const char *const dom_rel[Q_TYPE] = {
	[Q_NAME] = "name", [Q_VM] = "vm", [Q_TARGET] = "memory/target",
	[Q_VIDEORAM] = "memory/videoram", [Q_STATIC_MAX] = "memory/static-max",
	[Q_CPUS] = "cpu",
};

struct row {
	enum xlrt_liveness live;
	size_t at;		/* its first answer, if asked */
	bool asked;		/* XenStore was asked (not Domain-0) */
};

/* A path the domain tree cannot hold is asked as "", which the daemon
 * refuses (EINVAL): a failed read, as before. */
static void ask_dom(struct xlrt_xsb *b, bool dir, unsigned int domid,
		    const char *rel)
{
	char path[4096];

	if (xlrt_xs_dom_path(path, sizeof(path), domid, "%s", rel) < 0)
		path[0] = '\0';
	if (dir)
		xlrt_xsb_directory(b, path);
	else
		xlrt_xsb_read(b, path);
}

static void ask_facts(struct xlrt_xsb *b, unsigned int domid)
{
	char path[64];
	int i;

	for (i = 0; i < Q_TYPE; i++)
		ask_dom(b, i == Q_CPUS, domid, dom_rel[i]);
	snprintf(path, sizeof(path), "/libxl/%u/type", domid);
	xlrt_xsb_read(b, path);
}

static const char *val(struct xlrt_xsb *b, size_t i)
{
	return xlrt_xsb_answer(b, i)->val;
}

static uint64_t num(struct xlrt_xsb *b, size_t i)
{
	const char *v = val(b, i);

	return v ? strtoull(v, NULL, 10) : 0;
}

/* The first round's answers into the row; its vCPUs' reads queued. */
static void take_facts(struct xlrt_xsb *b, size_t at, struct xlrt_dominfo *in)
{
	const struct xlrt_xsb_answer *cpus = xlrt_xsb_answer(b, at + Q_CPUS);
	const char *v = val(b, at + Q_NAME), *cpu = cpus->val;
	unsigned int i;

	snprintf(in->name, sizeof(in->name), "%s", v ? v : "(null)");
	v = val(b, at + Q_VM);
	snprintf(in->uuid, sizeof(in->uuid), "%s",
		 v && !strncmp(v, "/vm/", 4) ? v + 4 : "");
	in->target_kb = num(b, at + Q_TARGET) + num(b, at + Q_VIDEORAM);
	in->max_kb = num(b, at + Q_STATIC_MAX);
	v = val(b, at + Q_TYPE);
	snprintf(in->type, sizeof(in->type), "%s", v ? v : "");
	in->vcpus_max = cpu ? (int)cpus->len : 0;
	for (i = 0; cpu && i < cpus->len; i++, cpu += strlen(cpu) + 1) {
		char rel[4096];

		snprintf(rel, sizeof(rel), "cpu/%s/availability", cpu);
		ask_dom(b, false, in->domid, rel);
	}
}

static void set_letters(struct xlrt_dominfo *in, bool gone, bool running)
{
	snprintf(in->letters, sizeof(in->letters), "%c%c%c%c%c%c",
		 !gone && in->st.state == XLRT_RUN_RUNNING && running ? 'r' : '-',
		 !gone && in->st.state == XLRT_RUN_RUNNING && !running ? 'b' : '-',
		 !gone && in->st.state == XLRT_RUN_PAUSED ? 'p' : '-',
		 in->st.state == XLRT_RUN_SHUTDOWN ||
		 in->st.state == XLRT_RUN_CRASHED ? 's' : '-',	/* as Xen */
		 in->st.state == XLRT_RUN_CRASHED ? 'c' : '-',
		 in->st.state == XLRT_RUN_DYING || gone ? 'd' : '-');
}

int xlrt_domain_infos(struct xs_handle *xs, const unsigned int *ids, int n,
		      struct xlrt_dominfo *out)
{
	struct xlrt_xsb *b = n > 0 ? xlrt_xsb_new(xs) : NULL;
	struct row *rows = n > 0 ? calloc((size_t)n, sizeof(*rows)) : NULL;
	size_t asked = 0, cpu_at;
	int i, k = 0, r = 0;

	if (n <= 0 || !b || !rows) {
		r = n <= 0 ? 0 : -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct xlrt_dominfo *in = &out[k];

		memset(in, 0, sizeof(*in));
		in->domid = ids[i];
		if (ids[i] == 0) {
			host_info(in);
			k++;
			continue;
		}
		rows[k].live = xlrt_domain_liveness(xs, ids[i], &in->st);
		/* no state file: being created (or removed) by xl, not
		 * listed yet */
		if (rows[k].live == XLRT_LIVE_NONE ||
		    rows[k].live == XLRT_LIVE_CREATING)
			continue;
		ask_facts(b, ids[i]);
		rows[k].asked = true;
		rows[k++].at = asked;
		asked += Q_COUNT;
	}
	/* a failed round leaves its answers failed, as reads that failed:
	 * the rows are still listed, unless nothing could be asked at all */
	r = xlrt_xsb_run(b);
	if (r == -ENOMEM || (r && !xs))
		goto out;
	for (i = 0; i < k; i++)
		if (rows[i].asked)
			take_facts(b, rows[i].at, &out[i]);
	r = xlrt_xsb_run(b);
	if (r == -ENOMEM || (r && !xs))
		goto out;
	for (i = 0, cpu_at = 0; i < k; i++) {
		struct xlrt_dominfo *in = &out[i];
		bool running = false, gone = rows[i].live == XLRT_LIVE_DEAD;
		int c;

		if (!rows[i].asked)
			continue;
		for (c = 0; c < in->vcpus_max; c++) {
			const char *v = val(b, cpu_at++);

			in->vcpus_online += v && !strcmp(v, "online");
		}
		if (!gone && in->st.qemu_pid > 0)
			set_cpu_time(in, proc_cpu(in->st.qemu_pid,
						  in->st.state == XLRT_RUN_RUNNING ?
						  &running : NULL));
		set_letters(in, gone, running);
	}
	r = k;
out:
	xlrt_xsb_free(b);
	free(rows);
	return r;
}

int xlrt_domain_info(struct xs_handle *xs, unsigned int domid,
		     struct xlrt_dominfo *in)
{
	int r = xlrt_domain_infos(xs, &domid, 1, in);

	return r < 0 ? r : r ? 0 : -ENOENT;
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
	unsigned int *ids, *all;
	struct xlrt_dominfo *v;
	int cnt, k, r = xlrt_domain_ids(xs, &ids, &cnt);

	if (r)
		return r;
	all = realloc(ids, ((size_t)cnt + 1) * sizeof(*all));
	v = all ? calloc((size_t)cnt + 1, sizeof(*v)) : NULL;
	if (!v) {
		free(all ? all : ids);
		return -ENOMEM;
	}
	memmove(all + 1, all, (size_t)cnt * sizeof(*all));
	all[0] = 0;	/* Domain-0 first */
	k = xlrt_domain_infos(xs, all, cnt + 1, v);
	free(all);
	if (k < 0) {
		free(v);
		return k;
	}
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
		if (!xlrt_xs_name_holder(xs, XBT_NULL, q, domid))
			r = 0;
		else if (!xlrt_xs_name_indexed(xs, XBT_NULL) &&
			 xlrt_domain_ids(xs, &ids, &cnt) == 0) {
			/* a store from before the name index (xs_path.h) */
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
