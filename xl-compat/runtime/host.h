/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The host as Xen's hypervisor describes it, for `xl info' and for
 * libxenctrl-shim's xc_physinfo/xc_version: CPUs, topology, memory, the
 * hardware features, and the Xen ABI we emulate.  One owner for each
 * figure, so that xl and every program on the shim see the same host.
 * (xl-compat/README, "What the host commands report on KVM", says what
 * each value means here.)
 */
#ifndef XLRT_HOST_H
#define XLRT_HOST_H

#include <stdbool.h>
#include <stdint.h>

struct xs_handle;

/* The Xen ABI we emulate: xl's and libxl's 4.17, with a suffix so nobody
 * mistakes this for Xen. */
#define XLRT_XEN_MAJOR 4
#define XLRT_XEN_MINOR 17
#define XLRT_XEN_EXTRA ".0-kvm"
/* HVM only: QEMU runs every guest as a hardware VM (no PV ABI) */
#define XLRT_XEN_CAPS "hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64"
/* Xen 4.17's default, so that scripts behave as on a default Xen host */
#define XLRT_XEN_SCHEDULER "credit2"
/* Xen's x86-64 platform parameter (start of the hypervisor's area) */
#define XLRT_XEN_VIRT_START 0xffff800000000000ULL

struct xlrt_host {
	int nr_cpus;		/* online */
	int max_cpu_id;		/* highest possible cpu */
	int nr_nodes;
	int threads_per_core;
	int cores_per_socket;
	unsigned int cpu_khz;
	/* Xen's first 8 featureset words: 1.edx 1.ecx e1.edx e1.ecx Da1.eax
	 * 7.0.ebx 7.0.ecx e7.edx */
	uint32_t hw_caps[8];
	bool hap;		/* the CPU has EPT/NPT */
	bool iommu;		/* an IOMMU is there for VFIO */
	uint64_t total_kb;	/* MemTotal */
	/* MemAvailable less what domains are promised and have not touched
	 * yet (their target minus QEMU's resident set) */
	uint64_t free_kb;
};

/* The figures above; xs (NULL: opened here) lists the domains for free_kb. */
void xlrt_host_info(struct xs_handle *xs, struct xlrt_host *h);

/* The CPU has EPT/NPT (hardware-assisted paging for guests). */
bool xlrt_host_hap(void);

/* Host CPUs (the vcpu bitmaps' width): highest possible cpu + 1. */
int xlrt_host_cpus(void);
/* The host's NUMA nodes (1 without NUMA), and the node of a CPU (0 when
 * sysfs does not say). */
int xlrt_host_nodes(void);
int xlrt_host_cpu_node(int cpu);

/* A /proc/meminfo line's value in KiB (0 if absent). */
uint64_t xlrt_meminfo_kb(const char *key);

/*
 * Domain-0's vCPUs are the host's CPUs: CPU time of cpu (user, nice,
 * system, irq, softirq, steal from /proc/stat, as Domain-0's total in
 * domain.h).  -ENOENT if the cpu is not online.
 */
int xlrt_host_cpu_time(int cpu, uint64_t *ns);

/* What Xen's compile info and changeset say: the build of this code. */
struct xlrt_xen_build {
	const char *compiler;	/* "gcc " __VERSION__ */
	const char *compile_by;	/* "" */
	const char *compile_domain;	/* "" */
	char compile_date[32];	/* as `date' prints it (Xen's size) */
	const char *changeset;	/* our package and version */
};
void xlrt_xen_build(struct xlrt_xen_build *b);

#endif
