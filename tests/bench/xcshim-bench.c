/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xcshim-bench ROUNDS XL [XENTOP-WRAPPER]: what reading the domains costs
 * through libxenctrl-shim, against reading the same facts with `xl list'
 * in the same run (tests/bench/xcshim.sh creates the domains):
 *   - xc_domain_getinfolist over every domain (one call);
 *   - one xentop refresh in-process: Debian's libxenstat
 *     xenstat_get_node(VCPU | XEN_VERSION), i.e. physinfo, getinfolist,
 *     every vCPU and every name, as xentop does each interval;
 *   - `xl list' as a process, the baseline;
 *   - `xen-kvm-xentop -b -i 1' as a process, if given.
 * Medians of ROUNDS; prints ratios, asserts nothing about time.
 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#include <xenstat.h>

#include "xenctrl.h"

extern char **environ;

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/* Wall time of argv run to its end, output to /dev/null; -1 if it failed. */
static double spawn_ms(char *const argv[])
{
	posix_spawn_file_actions_t fa;
	double t0 = now_ms();
	int status;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ)) {
		posix_spawn_file_actions_destroy(&fa);
		return -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return -1;
	return now_ms() - t0;
}

int main(int argc, char **argv)
{
	static xc_domaininfo_t info[1024];
	int rounds = argc > 2 ? atoi(argv[1]) : 0, i, n = 0, doms = 0;
	char *xl_argv[] = { argc > 2 ? argv[2] : NULL, "list", NULL };
	char *top_argv[] = { argc > 3 ? argv[3] : NULL, "-b", "-i", "1", NULL };
	double *a, *b, *c, *d, list_ms, stat_ms, xl_ms, top_ms = -1;
	xenstat_handle *st;
	xc_interface *xch;

	if (rounds < 1) {
		fprintf(stderr, "usage: xcshim-bench ROUNDS XL [XENTOP-WRAPPER]\n");
		return 2;
	}
	xch = xc_interface_open(NULL, NULL, 0);
	st = xenstat_init();
	a = calloc((size_t)rounds, sizeof(*a));
	b = calloc((size_t)rounds, sizeof(*b));
	c = calloc((size_t)rounds, sizeof(*c));
	d = calloc((size_t)rounds, sizeof(*d));
	if (!xch || !st || !a || !b || !c || !d) {
		fprintf(stderr, "xcshim-bench: cannot open libxenctrl or libxenstat\n");
		return 1;
	}
	for (i = 0; i < rounds; i++) {
		xenstat_node *node;
		double t0 = now_ms();

		n = xc_domain_getinfolist(xch, 0, 1024, info);
		a[i] = now_ms() - t0;
		t0 = now_ms();
		node = xenstat_get_node(st, XENSTAT_VCPU | XENSTAT_XEN_VERSION);
		b[i] = now_ms() - t0;
		if (n < 0 || !node) {
			fprintf(stderr, "xcshim-bench: getinfolist %d, xenstat %p\n",
				n, (void *)node);
			return 1;
		}
		doms = (int)xenstat_node_num_domains(node);
		xenstat_free_node(node);
		c[i] = spawn_ms(xl_argv);
		if (top_argv[0])
			d[i] = spawn_ms(top_argv);
		if (c[i] < 0 || (top_argv[0] && d[i] < 0)) {
			fprintf(stderr, "xcshim-bench: xl list or xentop failed\n");
			return 1;
		}
	}
	list_ms = median(a, rounds);
	stat_ms = median(b, rounds);
	xl_ms = median(c, rounds);
	if (top_argv[0])
		top_ms = median(d, rounds);
	printf("xc_domain_getinfolist over %d domains: median %.2f ms (target < 5 ms)\n",
	       n, list_ms);
	printf("one xentop refresh in libxenstat (%d domains, their vCPUs and names): median %.2f ms\n",
	       doms, stat_ms);
	printf("xl list (a process, the same facts): median %.2f ms\n", xl_ms);
	printf("ratio getinfolist / xl list: %.3f; xentop refresh / xl list: %.3f\n",
	       list_ms / xl_ms, stat_ms / xl_ms);
	if (top_argv[0])
		printf("xen-kvm-xentop -b -i 1 (a process): median %.2f ms; ratio to xl list: %.2f\n",
		       top_ms, top_ms / xl_ms);
	xenstat_uninit(st);
	xc_interface_close(xch);
	return 0;
}
