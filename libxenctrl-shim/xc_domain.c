/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * xc_domain.c: domains as Xen's getdomaininfo describes them, from the
 * runtime's domain registry, the same row `xl list' prints
 * (xl-compat/runtime/domain.h): Domain-0 is the host.  The state letters
 * become Xen's flags; memory/target and static-max become pages; the time
 * is QEMU's CPU time.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

#include "domain.h"
#include "host.h"
#include "xc_private.h"

/* "hvm" and "pvh" guests are HVM containers to Xen (/libxl/D/type). */
static bool is_hvm(const struct xlrt_dominfo *in)
{
	return !strcmp(in->type, "hvm") || !strcmp(in->type, "pvh");
}

static void uuid_parse(const char *s, xen_domain_handle_t h)
{
	unsigned int i = 0, byte;

	memset(h, 0, sizeof(xen_domain_handle_t));
	while (i < sizeof(xen_domain_handle_t) && *s) {
		if (*s == '-') {
			s++;
			continue;
		}
		if (sscanf(s, "%2x", &byte) != 1)
			return;
		h[i++] = (uint8_t)byte;
		s += 2;
	}
}

/* Xen's XEN_DOMINF_* flags from the letters of `xl list' (r b p s c d). */
static uint32_t dom_flags(const struct xlrt_dominfo *in)
{
	const char *l = in->letters;
	uint32_t f = (l[0] == 'r' ? XEN_DOMINF_running : 0) |
		     (l[1] == 'b' ? XEN_DOMINF_blocked : 0) |
		     (l[2] == 'p' ? XEN_DOMINF_paused : 0) |
		     (l[5] == 'd' ? XEN_DOMINF_dying : 0);

	if (l[3] == 's')
		f |= XEN_DOMINF_shutdown |
		     ((l[4] == 'c' ? SHUTDOWN_crash :
		       xlrt_shutdown_code(in->st.shutdown_reason)) &
		      XEN_DOMINF_shutdownmask) << XEN_DOMINF_shutdownshift;
	return f;
}

static void fill(const struct xlrt_dominfo *in, xc_domaininfo_t *out)
{
	memset(out, 0, sizeof(*out));
	out->domain = (domid_t)in->domid;
	out->flags = dom_flags(in);
	if (in->domid && is_hvm(in))
		out->flags |= XEN_DOMINF_hvm_guest |
			      (xlrt_host_hap() ? XEN_DOMINF_hap : 0);
	out->tot_pages = in->target_kb / (XC_PAGE_SIZE / 1024);
	out->max_pages = in->max_kb / (XC_PAGE_SIZE / 1024);
	out->cpu_time = in->cpu_ns;
	out->nr_online_vcpus = (uint32_t)in->vcpus_online;
	out->max_vcpu_id = in->vcpus_max > 0 ? (uint32_t)in->vcpus_max - 1 :
			   XEN_INVALID_MAX_VCPU_ID;
	uuid_parse(in->uuid, out->handle);
	/* no shared, paged or outstanding pages, no shared_info frame, one
	 * cpupool, no XSM label: none of them exists on KVM */
}

/* Rows asked of the runtime at once: all their XenStore facts in two
 * round trips (xlrt_domain_infos) */
#define CHUNK 64

/*
 * Up to max domains from first on (Domain-0 first, then by domid), as
 * getdomaininfo hands them out; the count, or -1 after xc_fail.
 */
static int list_from(xc_interface *xch, uint32_t first, unsigned int max,
		     xc_domaininfo_t *out)
{
	struct xlrt_dominfo *rows = NULL;
	struct xs_handle *xs;
	unsigned int *ids = NULL, *nv;
	unsigned int k = 0;
	int n = 0, i, c, got, r = 0;

	if (!max)
		return 0;
	xs = xc_xs(xch);
	if (!xs)
		return -1;
	/* Domain-0 alone needs no list */
	if (first != 0 || max > 1)
		r = xlrt_domain_ids(xs, &ids, &n);
	if (r)
		return xc_fail(xch, -r, "listing the domains");
	/* the candidates: 0 if asked for, then the domids from first on */
	nv = realloc(ids, ((size_t)n + 1) * sizeof(*ids));
	rows = nv ? calloc(CHUNK, sizeof(*rows)) : NULL;
	if (!rows) {
		free(nv ? nv : ids);
		return xc_fail(xch, ENOMEM, "listing the domains");
	}
	ids = nv;
	for (i = 0, c = 0; i < n; i++)
		if (ids[i] >= first)
			ids[c++] = ids[i];
	n = c;
	if (first == 0) {
		memmove(ids + 1, ids, (size_t)n * sizeof(*ids));
		ids[0] = 0;
		n++;
	}
	/* rows of domains gone meanwhile are left out, as on Xen */
	for (i = 0; i < n && k < max; i += c) {
		c = n - i;
		if ((unsigned int)c > max - k)
			c = (int)(max - k);
		if (c > CHUNK)
			c = CHUNK;
		r = xlrt_domain_infos(xs, ids + i, c, rows);
		if (r < 0)
			break;
		for (got = 0; got < r; got++)
			fill(&rows[got], &out[k++]);
	}
	free(ids);
	free(rows);
	if (r < 0)
		return xc_fail(xch, -r, "reading the domains");
	return (int)k;
}

int xc_domain_getinfolist(xc_interface *xch, uint32_t first_domain,
			  unsigned int max_domains, xc_domaininfo_t *info)
{
	return list_from(xch, first_domain, max_domains, info);
}

int xc_domain_getinfo_single(xc_interface *xch, uint32_t domid,
			     xc_domaininfo_t *info)
{
	int n = list_from(xch, domid, 1, info);

	if (n < 0)
		return -1;
	if (n == 0 || info->domain != domid)
		return xc_fail(xch, ESRCH, "domain %u does not exist", domid);
	return 0;
}

int xc_domain_getinfo(xc_interface *xch, uint32_t first_domid,
		      unsigned int max_doms, xc_dominfo_t *info)
{
	xc_domaininfo_t *v = calloc(max_doms ? max_doms : 1, sizeof(*v));
	int n, i;

	if (!v)
		return xc_fail(xch, ENOMEM, "xc_domain_getinfo: out of memory");
	n = list_from(xch, first_domid, max_doms, v);
	for (i = 0; i < n; i++) {
		const xc_domaininfo_t *d = &v[i];
		xc_dominfo_t *o = &info[i];
		unsigned int code = (d->flags >> XEN_DOMINF_shutdownshift) &
				    XEN_DOMINF_shutdownmask;

		memset(o, 0, sizeof(*o));
		o->domid = d->domain;
		o->ssidref = d->ssidref;
		o->dying = !!(d->flags & XEN_DOMINF_dying);
		o->shutdown = !!(d->flags & XEN_DOMINF_shutdown);
		o->crashed = o->shutdown && code == SHUTDOWN_crash;
		o->paused = !!(d->flags & XEN_DOMINF_paused);
		o->blocked = !!(d->flags & XEN_DOMINF_blocked);
		o->running = !!(d->flags & XEN_DOMINF_running);
		o->hvm = !!(d->flags & XEN_DOMINF_hvm_guest);
		o->hap = !!(d->flags & XEN_DOMINF_hap);
		o->shutdown_reason = code;
		o->nr_pages = (unsigned long)d->tot_pages;
		o->cpu_time = d->cpu_time;
		o->max_memkb = (unsigned long)(d->max_pages * (XC_PAGE_SIZE / 1024));
		o->nr_online_vcpus = d->nr_online_vcpus;
		o->max_vcpu_id = d->max_vcpu_id;
		memcpy(o->handle, d->handle, sizeof(o->handle));
		o->cpupool = d->cpupool;
	}
	free(v);
	return n;
}

int xc_domain_get_guest_width(xc_interface *xch, uint32_t domid,
			      unsigned int *guest_width)
{
	xc_domaininfo_t info;

	if (xc_domain_getinfo_single(xch, domid, &info))
		return -1;
	/* Xen answers the hypervisor's word size for HVM guests; KVM's vCPUs
	 * (and the host, Domain-0) are this architecture's */
	*guest_width = sizeof(unsigned long);
	return 0;
}
