/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_cmd_top.c: `xl top', xentop's table (xl's top runs xentop): one row
 * per domain from the registry, CPU(%) over the last interval, disk
 * counters from QMP query-blockstats.  -b batch (no screen control), -i N
 * iterations, -d SECONDS between them, as xentop.  Without -b the screen
 * is redrawn until interrupted.  Network counters are 0: the runtime has
 * no per-vif byte counts yet.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xenstore.h>

#include "xl.h"
#include "xl_dom.h"
#include "xl_fmt.h"
#include "xs_path.h"

struct prev {
	unsigned int domid;
	double cpu;
};

static unsigned int count_dir(struct xs_handle *xs, unsigned int domid,
			      const char *kind)
{
	char path[128], **ids;
	unsigned int n = 0;

	xlrt_xs_dom_path(path, sizeof(path), domid, "device/%s", kind);
	ids = xs_directory(xs, XBT_NULL, path, &n);
	free(ids);
	return ids ? n : 0;
}

/* Sum of the guest's block devices' counters. */
static void blockstats(unsigned int domid, struct xlf_top *t)
{
	json_object *ret, *e, *st, *v;
	struct xlrt_qmp *q;
	char err[256];
	size_t i;

	if (xlrt_domain_qmp(domid, 1000, &q, err, sizeof(err)))
		return;
	if (!xlrt_qmp_execute(q, "query-blockstats", NULL, &ret, 2000)) {
		for (i = 0; i < json_object_array_length(ret); i++) {
			e = json_object_array_get_idx(ret, i);
			if (!json_object_object_get_ex(e, "stats", &st))
				continue;
			if (json_object_object_get_ex(st, "rd_operations", &v))
				t->vbd_rd += (uint64_t)json_object_get_int64(v);
			if (json_object_object_get_ex(st, "wr_operations", &v))
				t->vbd_wr += (uint64_t)json_object_get_int64(v);
			if (json_object_object_get_ex(st, "rd_bytes", &v))
				t->vbd_rsect += (uint64_t)json_object_get_int64(v) / 512;
			if (json_object_object_get_ex(st, "wr_bytes", &v))
				t->vbd_wsect += (uint64_t)json_object_get_int64(v) / 512;
		}
		json_object_put(ret);
	}
	xlrt_qmp_close(q);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One table; prev (n_prev entries) holds the last CPU times. */
static int one_round(struct xs_handle *xs, struct prev **prev, int *n_prev,
		     double interval)
{
	struct xlrt_dominfo *v;
	struct prev *np;
	uint64_t total_kb;
	int n, i, k;

	if (xlrt_domain_list(xs, &v, &n))
		return -1;
	np = calloc((size_t)n, sizeof(*np));
	if (!np) {
		free(v);
		return -1;
	}
	total_kb = v[0].max_kb ? v[0].max_kb : 1;	/* Domain-0: the host */
	xlf_top_header(stdout);
	for (i = 0; i < n; i++) {
		struct xlf_top t = { .name = v[i].name, .ssid = 0 };
		const char *l = v[i].letters;	/* r b p s c d */

		snprintf(t.state, sizeof(t.state), "%c%c%c%c%c%c", l[5], l[3],
			 l[1], l[4], l[2], l[0]);
		t.cpu_s = (uint64_t)v[i].cpu_time;
		for (k = 0; k < *n_prev; k++)
			if ((*prev)[k].domid == v[i].domid && interval > 0)
				t.cpu_pct = (v[i].cpu_time - (*prev)[k].cpu) /
					    interval * 100.0;
		if (t.cpu_pct < 0)
			t.cpu_pct = 0;
		np[i].domid = v[i].domid;
		np[i].cpu = v[i].cpu_time;
		t.mem_kb = v[i].target_kb;
		t.mem_pct = (double)t.mem_kb / (double)total_kb * 100.0;
		if (v[i].domid) {
			t.maxmem_kb = v[i].max_kb;
			t.maxmem_pct = (double)t.maxmem_kb / (double)total_kb * 100.0;
			t.nets = count_dir(xs, v[i].domid, "vif");
			t.vbds = count_dir(xs, v[i].domid, "vbd");
			blockstats(v[i].domid, &t);
		}
		t.vcpus = (unsigned int)v[i].vcpus_online;
		xlf_top_row(stdout, &t);
	}
	free(*prev);
	*prev = np;
	*n_prev = n;
	free(v);
	return fflush(stdout) ? -1 : 0;
}

int main_top(const struct xl_args *a)
{
	const char *iter = a->opt['i'], *dly = a->opt['d'];
	int batch = !!a->opt['b'], iterations = -1, n_prev = 0, i,
	    rc = EXIT_SUCCESS;
	double delay = 3, last = 0, t;
	struct prev *prev = NULL;
	struct xs_handle *xs;
	char *end;

	/* -f -n -x -r -v (full names, networks, vbds, repeat header, vcpus):
	 * no effect */
	if (iter) {
		iterations = (int)strtol(iter, &end, 10);
		if (*end || iterations < 1) {
			fprintf(stderr, "xentop: invalid iterations %s\n", iter);
			return 2;
		}
	}
	if (dly) {
		delay = strtod(dly, &end);
		if (*end || delay < 0.1) {
			fprintf(stderr, "xentop: invalid delay %s\n", dly);
			return 2;
		}
	}
	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	for (i = 0; iterations < 0 || i < iterations; i++) {
		if (i) {
			struct timespec ts = { (time_t)delay,
					       (long)((delay - (double)(time_t)delay) * 1e9) };

			nanosleep(&ts, NULL);
		}
		if (!batch)
			fputs("\033[H\033[2J", stdout);
		t = now_s();
		if (one_round(xs, &prev, &n_prev, last ? t - last : 0)) {
			rc = EXIT_FAILURE;
			break;
		}
		last = t;
	}
	free(prev);
	xs_close(xs);
	return rc;
}
