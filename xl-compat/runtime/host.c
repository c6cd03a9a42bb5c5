/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * host.c: the host's figures (host.h) from uname, /sys topology,
 * /proc/cpuinfo, CPUID and /proc/meminfo.
 */
#include "config.h"

#include <cpuid.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xenstore.h>

#include "domain.h"
#include "host.h"
#include "xs_path.h"

/* First line of a small file, newline stripped; "" if unreadable. */
static void read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");

	buf[0] = '\0';
	if (f && fgets(buf, (int)len, f))
		buf[strcspn(buf, "\n")] = '\0';
	if (f)
		fclose(f);
}

/* Number of cpus in a list file ("0-3,8"). */
static int list_count(const char *path)
{
	char buf[1024], *p, *save = NULL;
	int n = 0, a, b;

	read_line(path, buf, sizeof(buf));
	for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		if (sscanf(p, "%d-%d", &a, &b) == 2)
			n += b - a + 1;
		else
			n++;
	}
	return n;
}

int xlrt_host_nodes(void)
{
	DIR *d = opendir("/sys/devices/system/node");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += !strncmp(e->d_name, "node", 4) &&
		     e->d_name[4] >= '0' && e->d_name[4] <= '9';
	if (d)
		closedir(d);
	return n ? n : 1;
}

int xlrt_host_cpu_node(int cpu)
{
	char path[128];
	int node;

	for (node = 0; node < 64; node++) {
		snprintf(path, sizeof(path),
			 "/sys/devices/system/cpu/cpu%d/node%d", cpu, node);
		if (!access(path, F_OK))
			return node;
	}
	return 0;
}

static unsigned int cpu_khz(void)
{
	FILE *f = fopen("/proc/cpuinfo", "re");
	char line[256];
	double mhz = 0;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "cpu MHz : %lf", &mhz) == 1)
			break;
	if (f)
		fclose(f);
	return (unsigned int)(mhz * 1000 + 0.5);
}

static void hw_caps(uint32_t c[8])
{
	unsigned int a, b, cx, d, max = __get_cpuid_max(0, NULL),
		     emax = __get_cpuid_max(0x80000000, NULL);

	memset(c, 0, 8 * sizeof(*c));
	if (max >= 1 && __get_cpuid(1, &a, &b, &cx, &d)) {
		c[0] = d;
		c[1] = cx;
	}
	if (emax >= 0x80000001 && __get_cpuid(0x80000001, &a, &b, &cx, &d)) {
		c[2] = d;
		c[3] = cx;
	}
	if (max >= 0xd) {
		__cpuid_count(0xd, 1, a, b, cx, d);
		c[4] = a;
	}
	if (max >= 7) {
		__cpuid_count(7, 0, a, b, cx, d);
		c[5] = b;
		c[6] = cx;
	}
	if (emax >= 0x80000007 && __get_cpuid(0x80000007, &a, &b, &cx, &d))
		c[7] = d;
}

bool xlrt_host_hap(void)
{
	static int known = -1;	/* the CPU's flags do not change: read once */
	FILE *f;
	char line[4096];
	bool hap = false;

	if (known >= 0)
		return known;
	f = fopen("/proc/cpuinfo", "re");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "flags", 5)) {
			hap = strstr(line, " ept") || strstr(line, " npt");
			break;
		}
	if (f)
		fclose(f);
	known = hap;
	return hap;
}

static bool has_iommu(void)
{
	DIR *d = opendir("/sys/class/iommu");
	struct dirent *e;
	bool iommu = false;

	while (d && (e = readdir(d)))
		iommu |= e->d_name[0] != '.';
	if (d)
		closedir(d);
	return iommu;
}

uint64_t xlrt_meminfo_kb(const char *key)
{
	FILE *f = fopen("/proc/meminfo", "re");
	char line[256];
	size_t kl = strlen(key);
	uint64_t v = 0;

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, kl) && line[kl] == ':') {
			v = strtoull(line + kl + 1, NULL, 10);
			break;
		}
	if (f)
		fclose(f);
	return v;
}

static uint64_t rss_kb(pid_t pid)
{
	char path[64], buf[128];
	unsigned long long size, res = 0;

	snprintf(path, sizeof(path), "/proc/%d/statm", (int)pid);
	read_line(path, buf, sizeof(buf));
	if (sscanf(buf, "%llu %llu", &size, &res) != 2)
		return 0;
	return res * (uint64_t)sysconf(_SC_PAGESIZE) / 1024;
}

static uint64_t free_kb(struct xs_handle *xs)
{
	uint64_t avail = xlrt_meminfo_kb("MemAvailable"), held = 0, rss;
	struct xs_handle *own = NULL;
	struct xlrt_dominfo *v;
	int n, i;

	if (!xs)
		xs = own = xlrt_xs_open(NULL, 0);
	if (xs && !xlrt_domain_list(xs, &v, &n)) {
		for (i = 1; i < n; i++) {
			rss = v[i].st.qemu_pid > 0 ? rss_kb(v[i].st.qemu_pid) : 0;
			held += v[i].target_kb > rss ? v[i].target_kb - rss : 0;
		}
		free(v);
	}
	if (own)
		xs_close(own);
	return avail > held ? avail - held : 0;
}

int xlrt_host_cpus(void)
{
	char buf[256], *p;
	int n = 0;

	read_line("/sys/devices/system/cpu/possible", buf, sizeof(buf));
	if (*buf) {
		p = strrchr(buf, '-');
		if (!p)
			p = strrchr(buf, ',');
		n = atoi(p ? p + 1 : buf) + 1;
	}
	return n > 0 ? n : (int)sysconf(_SC_NPROCESSORS_CONF);
}

void xlrt_host_info(struct xs_handle *xs, struct xlrt_host *h)
{
	int tpc = list_count("/sys/devices/system/cpu/cpu0/topology/thread_siblings_list");

	memset(h, 0, sizeof(*h));
	h->nr_cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	h->max_cpu_id = xlrt_host_cpus() - 1;
	h->nr_nodes = xlrt_host_nodes();
	h->threads_per_core = tpc ? tpc : 1;
	h->cores_per_socket = list_count("/sys/devices/system/cpu/cpu0/topology/core_siblings_list") /
			      h->threads_per_core;
	if (!h->cores_per_socket)
		h->cores_per_socket = 1;
	h->cpu_khz = cpu_khz();
	hw_caps(h->hw_caps);
	h->hap = xlrt_host_hap();
	h->iommu = has_iommu();
	h->total_kb = xlrt_meminfo_kb("MemTotal");
	h->free_kb = free_kb(xs);
}

int xlrt_host_cpu_time(int cpu, uint64_t *ns)
{
	char line[256];
	unsigned long long a[8];
	FILE *f = fopen("/proc/stat", "re");
	int id, r = -ENOENT;

	while (f && r && fgets(line, sizeof(line), f))
		if (line[3] != ' ' &&	/* not the all-cpus line */
		    sscanf(line, "cpu%d %llu %llu %llu %llu %llu %llu %llu %llu",
			   &id, &a[0], &a[1], &a[2], &a[3], &a[4], &a[5], &a[6],
			   &a[7]) == 9 && id == cpu) {
			*ns = (a[0] + a[1] + a[2] + a[5] + a[6] + a[7]) *
			      (1000000000ULL / (uint64_t)sysconf(_SC_CLK_TCK));
			r = 0;
		}
	if (f)
		fclose(f);
	return r;
}

void xlrt_xen_build(struct xlrt_xen_build *b)
{
	struct tm tm = { 0 };

#ifdef __clang__
	b->compiler = "clang " __clang_version__;
#else
	b->compiler = "gcc " __VERSION__;
#endif
	b->compile_by = "";
	b->compile_domain = "";
	/* __DATE__ __TIME__ as `date' prints it, like Xen's cc_compile_date */
	snprintf(b->compile_date, sizeof(b->compile_date), "%s %s", __DATE__,
		 __TIME__);
	if (strptime(__DATE__ " " __TIME__, "%b %d %Y %H:%M:%S", &tm)) {
		tm.tm_isdst = -1;
		mktime(&tm);
		strftime(b->compile_date, sizeof(b->compile_date),
			 "%a %b %e %H:%M:%S %Z %Y", &tm);
	}
	b->changeset = PACKAGE_NAME " " PACKAGE_VERSION;
}
