/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * xc_host.c: the host as Xen describes it (xc_physinfo, xc_version, CPU
 * counts, page sharing), from the same figures `xl info' prints
 * (xl-compat/runtime/host.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "host.h"
#include "xc_private.h"

int xc_physinfo(xc_interface *xch, xc_physinfo_t *info)
{
	uint64_t kb_per_page = XC_PAGE_SIZE / 1024;
	struct xlrt_host h;

	xlrt_host_info(xc_xs(xch), &h);
	memset(info, 0, sizeof(*info));
	info->threads_per_core = (uint32_t)h.threads_per_core;
	info->cores_per_socket = (uint32_t)h.cores_per_socket;
	info->nr_cpus = (uint32_t)h.nr_cpus;
	info->max_cpu_id = (uint32_t)h.max_cpu_id;
	info->nr_nodes = (uint32_t)h.nr_nodes;
	info->max_node_id = (uint32_t)h.nr_nodes - 1;
	info->cpu_khz = h.cpu_khz;
	/* what is true here: QEMU runs HVM guests; never pv, shadow, gnttab */
	info->capabilities = XEN_SYSCTL_PHYSCAP_hvm |
			     (h.hap ? XEN_SYSCTL_PHYSCAP_hap : 0) |
			     (h.iommu ? XEN_SYSCTL_PHYSCAP_directio : 0);
	info->total_pages = h.total_kb / kb_per_page;
	info->free_pages = h.free_kb / kb_per_page;
	/* no scrubbing, no claims; the highest frame of host RAM we know */
	info->max_mfn = info->total_pages ? info->total_pages - 1 : 0;
	memcpy(info->hw_cap, h.hw_caps, sizeof(info->hw_cap));
	return 0;
}

int xc_get_max_cpus(xc_interface *xch)
{
	(void)xch;
	return xlrt_host_cpus();
}

int xc_get_online_cpus(xc_interface *xch)
{
	(void)xch;
	return (int)sysconf(_SC_NPROCESSORS_ONLN);
}

int xc_get_max_nodes(xc_interface *xch)
{
	struct xlrt_host h;

	xlrt_host_info(xc_xs(xch), &h);
	return h.nr_nodes;
}

/* No page sharing between domains on KVM (KSM is the kernel's, not ours):
 * nothing freed, no shared frames, as on a Xen host that never shared. */
long xc_sharing_freed_pages(xc_interface *xch)
{
	(void)xch;
	return 0;
}

long xc_sharing_used_frames(xc_interface *xch)
{
	(void)xch;
	return 0;
}

/* A string answer of xc_version: copied whole into Xen's fixed-size type. */
static int put_string(void *arg, size_t size, const char *s)
{
	memset(arg, 0, size);
	snprintf(arg, size, "%s", s);
	return 0;
}

static int commandline(xc_interface *xch, xen_commandline_t out)
{
	FILE *f = fopen("/proc/cmdline", "re");
	char buf[sizeof(xen_commandline_t)] = "";

	if (!f)
		return xc_fail(xch, errno, "cannot read /proc/cmdline");
	if (fgets(buf, sizeof(buf), f))
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
	return put_string(out, sizeof(xen_commandline_t), buf);
}

int xc_version(xc_interface *xch, int cmd, void *arg)
{
	struct xlrt_xen_build b;
	xen_compile_info_t *ci;

	switch (cmd) {
	case XENVER_version:
		return (XLRT_XEN_MAJOR << 16) | XLRT_XEN_MINOR;
	case XENVER_pagesize:
		return (int)sysconf(_SC_PAGESIZE);
	}
	if (!arg)
		return xc_fail(xch, EFAULT, "xc_version(%d): no buffer", cmd);
	switch (cmd) {
	case XENVER_extraversion:
		return put_string(arg, sizeof(xen_extraversion_t), XLRT_XEN_EXTRA);
	case XENVER_capabilities:
		return put_string(arg, sizeof(xen_capabilities_info_t),
				  XLRT_XEN_CAPS);
	case XENVER_changeset:
		xlrt_xen_build(&b);
		return put_string(arg, sizeof(xen_changeset_info_t), b.changeset);
	case XENVER_compile_info:
		xlrt_xen_build(&b);
		ci = arg;
		memset(ci, 0, sizeof(*ci));
		snprintf(ci->compiler, sizeof(ci->compiler), "%s", b.compiler);
		snprintf(ci->compile_by, sizeof(ci->compile_by), "%s", b.compile_by);
		snprintf(ci->compile_domain, sizeof(ci->compile_domain), "%s",
			 b.compile_domain);
		snprintf(ci->compile_date, sizeof(ci->compile_date), "%s",
			 b.compile_date);
		return 0;
	case XENVER_platform_parameters:
		((xen_platform_parameters_t *)arg)->virt_start =
			(xen_ulong_t)XLRT_XEN_VIRT_START;
		return 0;
	case XENVER_guest_handle:
		/* the caller is Domain-0, whose uuid is all zeroes */
		memset(arg, 0, sizeof(xen_domain_handle_t));
		return 0;
	case XENVER_commandline:
		return commandline(xch, arg);
	}
	/* get_features (guest ABI features), build_id, and anything newer */
	return xc_fail(xch, ENOSYS, "xc_version(%d): not available on a KVM host",
		       cmd);
}
