/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_cmd_info.c: `xl info [-n]' and `xl dmesg [-c]'.  info fills Xen's
 * field list from this host (uname, /sys topology, /proc/cpuinfo, CPUID,
 * /proc/meminfo) and reports the Xen ABI we emulate (see the README's
 * "xl info" section for what each value means here); dmesg shows the
 * toolstack's log ring (runtime/logring.h).
 */
#include "config.h"

#include <cpuid.h>
#include <dirent.h>
#include <elf.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <xenstore.h>

#include "xl.h"
#include "xl_dom.h"
#include "xl_fmt.h"
#include "logring.h"
#include "xs_path.h"

#define XEN_X86_64_VIRT_START 0xffff800000000000ULL

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

/* /sys/devices/system/cpu/cpu<cpu>/<rel> as a number */
static int sys_int(int cpu, const char *rel, int dflt)
{
	char path[256], buf[64];

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/%s", cpu,
		 rel);
	read_line(path, buf, sizeof(buf));
	return *buf ? atoi(buf) : dflt;
}

/* Number of cpus in a list file ("0-3,8") of cpu 0's topology. */
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

/* Xen's first 8 featureset words: 1.edx 1.ecx e1.edx e1.ecx Da1.eax
 * 7.0.ebx 7.0.ecx e7.edx */
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

/* hvm always (QEMU runs HVM guests, under KVM or TCG); hap with EPT/NPT;
 * hvm_directio when an IOMMU is there for VFIO. */
static void virt_caps(char *buf, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "re");
	char line[4096];
	bool hap = false, iommu = false;
	DIR *d;

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "flags", 5)) {
			hap = strstr(line, " ept") || strstr(line, " npt");
			break;
		}
	if (f)
		fclose(f);
	d = opendir("/sys/class/iommu");
	if (d) {
		struct dirent *e;

		while ((e = readdir(d)))
			iommu |= e->d_name[0] != '.';
		closedir(d);
	}
	snprintf(buf, len, " hvm%s%s", iommu ? " hvm_directio" : "",
		 hap ? " hap" : "");
}

static uint64_t meminfo_kb(const char *key)
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

/* MemAvailable less what domains are promised but have not touched yet
 * (their target minus QEMU's resident set). */
static uint64_t free_kb(void)
{
	uint64_t avail = meminfo_kb("MemAvailable"), held = 0, rss;
	struct xlrt_dominfo *v;
	struct xs_handle *xs = xlrt_xs_open(NULL, 0);
	int n, i;

	if (xs && !xlrt_domain_list(xs, &v, &n)) {
		for (i = 1; i < n; i++) {
			rss = v[i].st.qemu_pid > 0 ? rss_kb(v[i].st.qemu_pid) : 0;
			held += v[i].target_kb > rss ? v[i].target_kb - rss : 0;
		}
		free(v);
	}
	if (xs)
		xs_close(xs);
	return avail > held ? avail - held : 0;
}

static int note_cb(struct dl_phdr_info *info, size_t size, void *data)
{
	char *out = data;
	int i;

	if (info->dlpi_name && *info->dlpi_name)
		return 0;	/* the main program is the unnamed object */
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		const char *p = (const char *)(info->dlpi_addr + ph->p_vaddr);
		const char *end = p + ph->p_memsz;

		if (ph->p_type != PT_NOTE)
			continue;
		while (p + sizeof(ElfW(Nhdr)) <= end) {
			const ElfW(Nhdr) *nh = (const ElfW(Nhdr) *)p;
			const unsigned char *desc = (const unsigned char *)p +
				sizeof(*nh) + ((nh->n_namesz + 3) & ~3u);
			unsigned int k;

			if (nh->n_type == NT_GNU_BUILD_ID && nh->n_descsz <= 64) {
				for (k = 0; k < nh->n_descsz; k++)
					sprintf(out + 2 * k, "%02x", desc[k]);
				return 1;
			}
			p = (const char *)desc + ((nh->n_descsz + 3) & ~3u);
		}
	}
	return 0;
}

/* __DATE__ __TIME__ as `date' prints it, like Xen's cc_compile_date */
static void compile_date(char *buf, size_t len)
{
	struct tm tm = { 0 };

	snprintf(buf, len, "%s %s", __DATE__, __TIME__);
	if (strptime(__DATE__ " " __TIME__, "%b %d %Y %H:%M:%S", &tm)) {
		tm.tm_isdst = -1;
		mktime(&tm);
		strftime(buf, len, "%a %b %e %H:%M:%S %Z %Y", &tm);
	}
}

static void topology(void)
{
	int i, n = xl_host_cpus();
	struct xlf_cpu_topo *t = calloc((size_t)n, sizeof(*t));

	if (!t)
		return;
	for (i = 0; i < n; i++) {
		t[i].core = sys_int(i, "topology/core_id", -1);
		t[i].socket = sys_int(i, "topology/physical_package_id", 0);
		t[i].node = xl_host_cpu_node(i);
	}
	xlf_info_topology(stdout, t, n);
	free(t);
}

/* PCI devices with a known NUMA node, as Xen's "device topology" */
static void pci_topology(void)
{
	DIR *d = opendir("/sys/bus/pci/devices");
	struct dirent *e;
	unsigned int seg, bus, dev, fn;
	char p[512], v[32];

	printf("device topology        :\n");
	printf("device           node\n");
	while (d && (e = readdir(d))) {
		if (sscanf(e->d_name, "%x:%x:%x.%x", &seg, &bus, &dev, &fn) != 4)
			continue;
		snprintf(p, sizeof(p), "/sys/bus/pci/devices/%s/numa_node",
			 e->d_name);
		read_line(p, v, sizeof(v));
		if (*v && atoi(v) >= 0)
			printf("%04x:%02x:%02x.%01x      %d\n", seg, bus, dev, fn,
			       atoi(v));
	}
	if (d)
		closedir(d);
}

static void numa(int nodes)
{
	struct xlf_numa_node *v = calloc((size_t)nodes, sizeof(*v));
	unsigned int *dists = calloc((size_t)nodes * (size_t)nodes,
				     sizeof(*dists));
	char path[128], buf[1024], *p, *end;
	int i, j;

	if (!v || !dists)
		goto out;
	for (i = 0; i < nodes; i++) {
		FILE *f;
		char line[256];
		unsigned long long kb;

		snprintf(path, sizeof(path),
			 "/sys/devices/system/node/node%d/meminfo", i);
		f = fopen(path, "re");
		while (f && fgets(line, sizeof(line), f)) {
			if (sscanf(line, "Node %*d MemTotal: %llu", &kb) == 1)
				v[i].size_mb = kb / 1024;
			if (sscanf(line, "Node %*d MemFree: %llu", &kb) == 1)
				v[i].free_mb = kb / 1024;
		}
		if (f)
			fclose(f);
		if (!f) {	/* no NUMA in this kernel: one node, the host */
			v[i].size_mb = meminfo_kb("MemTotal") / 1024;
			v[i].free_mb = meminfo_kb("MemFree") / 1024;
		}
		snprintf(path, sizeof(path),
			 "/sys/devices/system/node/node%d/distance", i);
		read_line(path, buf, sizeof(buf));
		v[i].dists = dists + i * nodes;
		for (p = buf, j = 0; j < nodes; j++, p = end) {
			dists[i * nodes + j] = (unsigned int)strtoul(p, &end, 10);
			if (end == p)
				break;
		}
		v[i].ndists = j ? j : 1;
		if (!j)
			dists[i * nodes] = 10;
	}
	xlf_info_numa(stdout, v, nodes);
out:
	free(v);
	free(dists);
}

int main_info(const struct xl_args *a)
{
	char caps[128], cmdline[4096], date[64], build_id[129] = "";
	struct xlf_info in = { 0 };
	struct utsname u;
	int nodes = xl_host_nodes(), tpc;

	uname(&u);
	in.host = u.nodename;
	in.release = u.release;
	in.version = u.version;
	in.machine = u.machine;
	in.nr_cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	in.max_cpu_id = xl_host_cpus() - 1;
	in.nr_nodes = nodes;
	tpc = list_count("/sys/devices/system/cpu/cpu0/topology/thread_siblings_list");
	in.threads_per_core = tpc ? tpc : 1;
	in.cores_per_socket = list_count("/sys/devices/system/cpu/cpu0/topology/core_siblings_list") /
			      in.threads_per_core;
	if (!in.cores_per_socket)
		in.cores_per_socket = 1;
	in.cpu_khz = cpu_khz();
	hw_caps(in.hw_caps);
	virt_caps(caps, sizeof(caps));
	in.virt_caps = caps;
	in.total_mb = meminfo_kb("MemTotal") / 1024;
	in.free_mb = free_kb() / 1024;
	in.xen_major = 4;
	in.xen_minor = 17;
	in.xen_extra = ".0-kvm";
	in.xen_caps = "hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64";
	in.xen_scheduler = "credit2";
	in.pagesize = (unsigned int)sysconf(_SC_PAGESIZE);
	in.virt_start = XEN_X86_64_VIRT_START;
	in.changeset = PACKAGE_NAME " " PACKAGE_VERSION;
	read_line("/proc/cmdline", cmdline, sizeof(cmdline));
	in.commandline = cmdline;
#ifdef __clang__
	in.cc_compiler = "clang " __clang_version__;
#else
	in.cc_compiler = "gcc " __VERSION__;
#endif
	in.cc_compile_by = "";
	in.cc_compile_domain = "";
	compile_date(date, sizeof(date));
	in.cc_compile_date = date;
	dl_iterate_phdr(note_cb, build_id);
	in.build_id = *build_id ? build_id : NULL;
	xlf_info_phys(stdout, &in);
	if (a->opt['n']) {
		topology();
		pci_topology();
		numa(nodes);
	}
	xlf_info_xen(stdout, &in);
	return fflush(stdout) ? EXIT_FAILURE : EXIT_SUCCESS;
}

int main_dmesg(const struct xl_args *a)
{
	int r = xlrt_logring_read(stdout, !!a->opt['c']);

	if (r) {
		fprintf(stderr, "cannot get xen dmesg: %s\n", strerror(-r));
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}
