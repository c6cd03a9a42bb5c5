/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_cmd_info.c: `xl info [-n]' and `xl dmesg [-c]'.  info fills Xen's
 * field list from this host (uname, /sys topology, /proc/cpuinfo, CPUID,
 * /proc/meminfo) and reports the Xen ABI we emulate (see the README's
 * "xl info" section for what each value means here); dmesg shows the
 * toolstack's log ring (runtime/logring.h).
 */
#include "config.h"

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

/* /sys/devices/system/cpu/cpu<cpu>/<rel> as a number */
static int sys_int(int cpu, const char *rel, int dflt)
{
	char path[256], buf[64];

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/%s", cpu,
		 rel);
	read_line(path, buf, sizeof(buf));
	return *buf ? atoi(buf) : dflt;
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

static void topology(void)
{
	int i, n = xlrt_host_cpus();
	struct xlf_cpu_topo *t = calloc((size_t)n, sizeof(*t));

	if (!t)
		return;
	for (i = 0; i < n; i++) {
		t[i].core = sys_int(i, "topology/core_id", -1);
		t[i].socket = sys_int(i, "topology/physical_package_id", 0);
		t[i].node = xlrt_host_cpu_node(i);
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
			v[i].size_mb = xlrt_meminfo_kb("MemTotal") / 1024;
			v[i].free_mb = xlrt_meminfo_kb("MemFree") / 1024;
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
	char caps[128], cmdline[4096], build_id[129] = "";
	struct xlf_info in = { 0 };
	struct xlrt_xen_build b;
	struct xlrt_host h;
	struct utsname u;

	uname(&u);
	in.host = u.nodename;
	in.release = u.release;
	in.version = u.version;
	in.machine = u.machine;
	xlrt_host_info(NULL, &h);
	in.nr_cpus = h.nr_cpus;
	in.max_cpu_id = h.max_cpu_id;
	in.nr_nodes = h.nr_nodes;
	in.threads_per_core = h.threads_per_core;
	in.cores_per_socket = h.cores_per_socket;
	in.cpu_khz = h.cpu_khz;
	memcpy(in.hw_caps, h.hw_caps, sizeof(in.hw_caps));
	/* hvm always (QEMU runs HVM guests, under KVM or TCG); hap with
	 * EPT/NPT; hvm_directio when an IOMMU is there for VFIO */
	snprintf(caps, sizeof(caps), " hvm%s%s", h.iommu ? " hvm_directio" : "",
		 h.hap ? " hap" : "");
	in.virt_caps = caps;
	in.total_mb = h.total_kb / 1024;
	in.free_mb = h.free_kb / 1024;
	in.xen_major = XLRT_XEN_MAJOR;
	in.xen_minor = XLRT_XEN_MINOR;
	in.xen_extra = XLRT_XEN_EXTRA;
	in.xen_caps = XLRT_XEN_CAPS;
	in.xen_scheduler = XLRT_XEN_SCHEDULER;
	in.pagesize = (unsigned int)sysconf(_SC_PAGESIZE);
	in.virt_start = XLRT_XEN_VIRT_START;
	xlrt_xen_build(&b);
	in.changeset = b.changeset;
	read_line("/proc/cmdline", cmdline, sizeof(cmdline));
	in.commandline = cmdline;
	in.cc_compiler = b.compiler;
	in.cc_compile_by = b.compile_by;
	in.cc_compile_domain = b.compile_domain;
	in.cc_compile_date = b.compile_date;
	dl_iterate_phdr(note_cb, build_id);
	in.build_id = *build_id ? build_id : NULL;
	xlf_info_phys(stdout, &in);
	if (a->opt['n']) {
		topology();
		pci_topology();
		numa(h.nr_nodes);
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
