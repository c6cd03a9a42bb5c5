/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * xc_vcpu.c: xc_vcpu_getinfo.  A guest's vCPUs are QEMU's vCPU threads, as
 * `xl vcpu-list' shows them (xl-compat/runtime/vcpu.h): QMP
 * query-cpus-fast names each thread, /proc gives its state, CPU and time.
 * The thread list of each domain is kept in the handle (xentop asks for
 * every vCPU at every refresh) and asked again from QEMU when a vCPU is
 * not in it or a thread is gone (vcpu-set plugs and unplugs).
 * Domain-0's vCPUs are the host's CPUs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

#include "domain.h"
#include "host.h"
#include "vcpu.h"
#include "xc_private.h"

struct xc_vcpu_cache {
	unsigned int domid;
	pid_t qemu_pid;		/* a new QEMU (restart) has new threads */
	struct xlrt_vcpu_thread *t;
	int n;
	struct xc_vcpu_cache *next;
};

void xc_vcpu_cache_free(xc_interface *xch)
{
	struct xc_vcpu_cache *c, *next;

	for (c = xch->vcpus; c; c = next) {
		next = c->next;
		free(c->t);
		free(c);
	}
	xch->vcpus = NULL;
}

/* The cache entry of (domid, qemu_pid), created empty; call locked. */
static struct xc_vcpu_cache *entry(xc_interface *xch, unsigned int domid,
				   pid_t qemu_pid)
{
	struct xc_vcpu_cache **p, *c;

	for (p = &xch->vcpus; (c = *p); p = &c->next)
		if (c->domid == domid)
			break;
	if (c && c->qemu_pid != qemu_pid) {
		free(c->t);
		c->t = NULL;
		c->n = 0;
	}
	if (!c) {
		c = calloc(1, sizeof(*c));
		if (!c)
			return NULL;
		c->domid = domid;
		*p = c;
	}
	c->qemu_pid = qemu_pid;
	return c;
}

/* QEMU's threads into c: 0 or -1 after xc_fail; call locked. */
static int refresh(xc_interface *xch, struct xc_vcpu_cache *c)
{
	struct xlrt_qmp *q;
	char err[512];
	int r = xlrt_domain_qmp(c->domid, 5000, &q, err, sizeof(err));

	if (r)
		return xc_fail(xch, -r, "cannot reach the device model of domain %u: %s",
			       c->domid, err);
	free(c->t);
	c->t = NULL;
	c->n = 0;
	r = xlrt_vcpu_threads(q, &c->t, &c->n);
	if (r)
		xc_fail(xch, -r, "query-cpus-fast on domain %u: %s", c->domid,
			xlrt_qmp_strerror(q));
	xlrt_qmp_close(q);
	return r ? -1 : 0;
}

/* vCPU vcpu's thread in c, or 0 if it is not plugged; call locked. */
static pid_t find(const struct xc_vcpu_cache *c, uint32_t vcpu)
{
	int i;

	for (i = 0; i < c->n; i++)
		if (c->t[i].index == (int)vcpu)
			return c->t[i].tid;
	return 0;
}

static int guest_vcpu(xc_interface *xch, const struct xlrt_dominfo *in,
		      uint32_t vcpu, xc_vcpuinfo_t *info)
{
	struct xlrt_vcpu_stat s = { '?', 0, 0 };
	struct xc_vcpu_cache *c;
	bool fresh = false;
	pid_t tid;
	int r = 0;

	pthread_mutex_lock(&xch->lock);
	c = entry(xch, in->domid, in->st.qemu_pid);
	if (!c) {
		pthread_mutex_unlock(&xch->lock);
		return xc_fail(xch, ENOMEM, "xc_vcpu_getinfo: out of memory");
	}
	for (;;) {
		tid = find(c, vcpu);
		if (tid && !xlrt_vcpu_stat(in->st.qemu_pid, tid, &s))
			break;
		if (fresh) {
			tid = 0;	/* not plugged: a slot up to maxvcpus */
			break;
		}
		r = refresh(xch, c);
		if (r)
			break;
		fresh = true;
	}
	pthread_mutex_unlock(&xch->lock);
	if (r)
		return r;
	info->online = tid != 0;
	info->running = tid && s.state == 'R';
	info->blocked = tid && !info->running;
	info->cpu_time = s.time_ns;
	info->cpu = s.cpu;
	return 0;
}

int xc_vcpu_getinfo(xc_interface *xch, uint32_t domid, uint32_t vcpu,
		    xc_vcpuinfo_t *info)
{
	struct xlrt_dominfo in;
	struct xs_handle *xs = xc_xs(xch);
	uint64_t ns = 0;

	if (!xs)
		return -1;
	memset(info, 0, sizeof(*info));
	info->vcpu = vcpu;
	if (xlrt_domain_info(xs, domid, &in))
		return xc_fail(xch, ESRCH, "domain %u does not exist", domid);
	if (vcpu >= (uint32_t)(domid ? in.vcpus_max : xlrt_host_cpus()))
		return xc_fail(xch, EINVAL, "domain %u has no vcpu %u", domid,
			       vcpu);
	if (domid == 0) {
		/* as `xl vcpu-list' shows Domain-0: the CPU itself, blocked */
		info->online = !xlrt_host_cpu_time((int)vcpu, &ns);
		info->blocked = info->online;
		info->cpu_time = ns;
		info->cpu = vcpu;
		return 0;
	}
	if (in.st.state == XLRT_RUN_STARTING || in.st.qemu_pid <= 0)
		return 0;	/* QEMU not there yet: no vCPU is online */
	return guest_vcpu(xch, &in, vcpu, info);
}
