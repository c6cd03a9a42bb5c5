/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * xenctrl.h of libxenctrl-shim: the part of Xen 4.17's libxenctrl API that
 * the shim implements on KVM hosts (README).  Binary compatible with Xen
 * 4.17's header: the types of Xen's public interface come from Xen's own
 * headers (Debian's libxen-dev: xen/domctl.h, xen/sysctl.h, ...); the few
 * that libxenctrl itself defines (xc_dominfo_t, xc_error, the enums) are
 * declared here with Xen's layout, which tests/unit/xcshim/ checks against
 * Debian's xenctrl.h.  Functions return 0 (or a count, or a pointer) on
 * success, else -1 (NULL) with errno set and the last error filled.
 */
#ifndef XENCTRL_H
#define XENCTRL_H

/* Xen's public headers hold the toolstack-only types behind this. */
#ifndef __XEN_TOOLS__
#define __XEN_TOOLS__ 1
#endif

/* what Xen's header includes, so code built against it builds here too */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include <xen/xen.h>
#include <xen/domctl.h>
#include <xen/event_channel.h>
#include <xen/sched.h>
#include <xen/sysctl.h>
#include <xen/version.h>

#include <xentoollog.h>

#define XENCTRL_HAS_XC_INTERFACE 1

#define XC_PAGE_SHIFT 12
#define XC_PAGE_SIZE (1UL << XC_PAGE_SHIFT)
#define XC_PAGE_MASK (~(XC_PAGE_SIZE - 1))

typedef struct xc_interface_core xc_interface;

enum xc_error_code {
	XC_ERROR_NONE = 0,
	XC_INTERNAL_ERROR = 1,
	XC_INVALID_KERNEL = 2,
	XC_INVALID_PARAM = 3,
	XC_OUT_OF_MEMORY = 4,
};
typedef enum xc_error_code xc_error_code;

enum xc_open_flags {
	XC_OPENFLAG_DUMMY = 1 << 0,
	XC_OPENFLAG_NON_REENTRANT = 1 << 1,
};

/* logger NULL: errors go to stderr; dombuild_logger is kept unused (this
 * library builds no domains). */
xc_interface *xc_interface_open(xentoollog_logger *logger,
				xentoollog_logger *dombuild_logger,
				unsigned open_flags);
int xc_interface_close(xc_interface *xch);

/* The host: CPUs, memory, version (what `xl info' shows). */
typedef struct xen_sysctl_physinfo xc_physinfo_t;
int xc_physinfo(xc_interface *xch, xc_physinfo_t *info);
int xc_get_max_cpus(xc_interface *xch);
int xc_get_online_cpus(xc_interface *xch);
int xc_get_max_nodes(xc_interface *xch);
int xc_version(xc_interface *xch, int cmd, void *arg);
long xc_sharing_freed_pages(xc_interface *xch);
long xc_sharing_used_frames(xc_interface *xch);

/* Domains, as `xl list' shows them (Domain-0 is the host). */
typedef struct xc_dominfo {
	uint32_t domid;
	uint32_t ssidref;
	unsigned int dying:1, crashed:1, shutdown:1,
		     paused:1, blocked:1, running:1,
		     hvm:1, debugged:1, xenstore:1, hap:1;
	unsigned int shutdown_reason;	/* SHUTDOWN_*, if shutdown */
	unsigned long nr_pages;		/* current, not maximum */
	unsigned long nr_outstanding_pages;
	unsigned long nr_shared_pages;
	unsigned long nr_paged_pages;
	unsigned long shared_info_frame;
	uint64_t cpu_time;		/* ns */
	unsigned long max_memkb;
	unsigned int nr_online_vcpus;
	unsigned int max_vcpu_id;
	xen_domain_handle_t handle;	/* the uuid */
	unsigned int cpupool;
	uint8_t gpaddr_bits;
	struct xen_arch_domainconfig arch_config;
} xc_dominfo_t;
typedef xen_domctl_getdomaininfo_t xc_domaininfo_t;
typedef struct xen_domctl_getvcpuinfo xc_vcpuinfo_t;

/* The first max_doms domains from first_domid on; the count or -1. */
int xc_domain_getinfo(xc_interface *xch, uint32_t first_domid,
		      unsigned int max_doms, xc_dominfo_t *info);
int xc_domain_getinfolist(xc_interface *xch, uint32_t first_domain,
			  unsigned int max_domains, xc_domaininfo_t *info);
/* Exactly domid (Xen 4.18's call): 0, or -1 with ESRCH if it is not there. */
int xc_domain_getinfo_single(xc_interface *xch, uint32_t domid,
			     xc_domaininfo_t *info);
int xc_vcpu_getinfo(xc_interface *xch, uint32_t domid, uint32_t vcpu,
		    xc_vcpuinfo_t *info);
int xc_domain_get_guest_width(xc_interface *xch, uint32_t domid,
			      unsigned int *guest_width);

/* Changing domains, as xl's commands do (see the README for each). */
int xc_domain_pause(xc_interface *xch, uint32_t domid);
int xc_domain_unpause(xc_interface *xch, uint32_t domid);
int xc_domain_shutdown(xc_interface *xch, uint32_t domid, int reason);
int xc_domain_destroy(xc_interface *xch, uint32_t domid);
int xc_domain_setmaxmem(xc_interface *xch, uint32_t domid,
			uint64_t max_memkb);
int xc_domain_set_pod_target(xc_interface *xch, uint32_t domid,
			     uint64_t target_pages, uint64_t *tot_pages,
			     uint64_t *pod_cache_pages, uint64_t *pod_entries);
int xc_domain_get_pod_target(xc_interface *xch, uint32_t domid,
			     uint64_t *tot_pages, uint64_t *pod_cache_pages,
			     uint64_t *pod_entries);

/* Event channels: the status of (dom, port); ESRCH if dom does not exist. */
typedef struct evtchn_status xc_evtchn_status_t;
int xc_evtchn_status(xc_interface *xch, xc_evtchn_status_t *status);

/* Errors. */
#define XC_MAX_ERROR_MSG_LEN 1024
typedef struct xc_error {
	enum xc_error_code code;
	char message[XC_MAX_ERROR_MSG_LEN];
} xc_error;
const char *xc_error_code_to_desc(int code);
const char *xc_strerror(xc_interface *xch, int errcode);
/* The calling thread's last error (the handle's, if NON_REENTRANT). */
const xc_error *xc_get_last_error(xc_interface *handle);
void xc_clear_last_error(xc_interface *xch);

#ifdef XC_WANT_COMPAT_EVTCHN_API
#include <xenevtchn.h>
/* Notify an event object of libxenvchan-shim (the only ones there are). */
typedef struct xenevtchn_handle xc_evtchn;
int xc_evtchn_notify(xc_evtchn *xce, evtchn_port_t port);
#endif

#endif
