/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xcshim-calls: every call of libxenctrl-shim against real domains, run
 * by tests/e2e/xcshim.sh, which creates them (guest kit under TCG, a
 * private xenstored-kvm) and names them in the environment:
 *   XCSHIM_XL         our xl, whose answers the shim's must match
 *   XCSHIM_RUNNING    a running guest with 2 vCPUs
 *   XCSHIM_PAUSED     a guest created paused (xl create -p)
 *   XCSHIM_AGENT      a running guest whose agent serves control/shutdown,
 *                     with on_poweroff = "preserve"
 *   XCSHIM_DEAD       a guest whose monitor and QEMU were killed ('d')
 * Each check compares with what xl prints at the same moment, or with the
 * host (/proc, sysconf), or with the errno Xen gives.
 */
#include <dlfcn.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#define XC_WANT_COMPAT_EVTCHN_API
#include "xenctrl.h"

static const char *xl;
static xc_interface *xch;

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* The first line of a command's output, or "" (malloc'ed). */
static char *run(const char *fmt, ...)
{
	char cmd[1024], *line = NULL;
	size_t cap = 0;
	va_list ap;
	FILE *p;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	assert_non_null(p);
	if (getline(&line, &cap, p) < 0) {
		free(line);
		line = strdup("");
	}
	line[strcspn(line, "\n")] = '\0';
	pclose(p);
	return line;
}

/* A command's exit status. */
static int sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static unsigned int domid_of(const char *env)
{
	const char *name = getenv(env);
	char *v;
	unsigned int id;

	assert_non_null(name);
	v = run("'%s' domid '%s'", xl, name);
	assert_true(*v);
	id = (unsigned int)strtoul(v, NULL, 10);
	free(v);
	return id;
}

/* A row of `xl list <domid>'. */
struct xl_row {
	unsigned int id;
	unsigned long mem_mb;
	int vcpus;
	char state[8];
	double time;
};

static int xl_row(unsigned int domid, struct xl_row *r)
{
	char *v = run("'%s' list %u 2>/dev/null | sed -n 2p", xl, domid), name[128];
	int n = sscanf(v, "%127s %u %lu %d %7s %lf", name, &r->id, &r->mem_mb,
		       &r->vcpus, r->state, &r->time);

	free(v);
	return n == 6 ? 0 : -1;
}

/* An `xl info' field. */
static char *xl_info(const char *key)
{
	return run("'%s' info | sed -n 's/^%s *: \\{0,1\\}//p'", xl, key);
}

/* Xen's flags as xl's letters r b p s c d. */
static void letters(const xc_domaininfo_t *d, char out[7])
{
	unsigned int code = (d->flags >> XEN_DOMINF_shutdownshift) &
			    XEN_DOMINF_shutdownmask;
	bool sd = d->flags & XEN_DOMINF_shutdown;

	snprintf(out, 7, "%c%c%c%c%c%c",
		 d->flags & XEN_DOMINF_running ? 'r' : '-',
		 d->flags & XEN_DOMINF_blocked ? 'b' : '-',
		 d->flags & XEN_DOMINF_paused ? 'p' : '-',
		 sd ? 's' : '-', sd && code == SHUTDOWN_crash ? 'c' : '-',
		 d->flags & XEN_DOMINF_dying ? 'd' : '-');
}

static int single(unsigned int domid, xc_domaininfo_t *d)
{
	return xc_domain_getinfo_single(xch, domid, d);
}

/* r and b flicker with the vCPU threads: equal but for those two. */
static void same_state(const char *xl_state, const char *shim)
{
	if (strncmp(xl_state + 2, shim + 2, 4) ||
	    (xl_state[0] == '-' && xl_state[1] == '-') !=
	    (shim[0] == '-' && shim[1] == '-'))
		fail_msg("xl says %s, the shim %s", xl_state, shim);
}

/* ------------------------------------------------------------------ */

static int logged;
static void count_vmessage(struct xentoollog_logger *l, xentoollog_level lvl,
			   int errnoval, const char *context, const char *fmt,
			   va_list ap)
{
	(void)l; (void)errnoval; (void)fmt; (void)ap;
	if (lvl >= XTL_ERROR && context && !strcmp(context, "xc"))
		logged++;
}
static void no_progress(struct xentoollog_logger *l, const char *context,
			const char *doing, int percent, unsigned long done,
			unsigned long total)
{
	(void)l; (void)context; (void)doing; (void)percent; (void)done;
	(void)total;
}
static void no_destroy(struct xentoollog_logger *l)
{
	(void)l;
}

static void test_open_logger_errors(void **state)
{
	xentoollog_logger lg = { count_vmessage, no_progress, no_destroy };
	xc_interface *h = xc_interface_open(&lg, NULL, 0);
	xc_domaininfo_t d;
	const xc_error *e;
	Dl_info where;

	(void)state;
	/* this is our library, not Debian's libxenctrl from libxenmisc4.17 */
	assert_true(dladdr((void *)xc_interface_open, &where));
	assert_non_null(strstr(where.dli_fname, "libxenctrl-shim/"));
	assert_non_null(h);
	xc_clear_last_error(h);
	assert_int_equal(xc_get_last_error(h)->code, XC_ERROR_NONE);
	assert_int_equal(xc_domain_getinfo_single(h, 0x7fe0, &d), -1);
	assert_int_equal(errno, ESRCH);
	assert_int_equal(logged, 1);	/* through the caller's logger */
	e = xc_get_last_error(h);
	assert_int_equal(e->code, XC_INTERNAL_ERROR);
	assert_non_null(strstr(e->message, "32736"));
	xc_clear_last_error(h);
	assert_string_equal(xc_get_last_error(h)->message, "");
	assert_string_equal(xc_strerror(h, ENOSYS), strerror(ENOSYS));
	assert_string_equal(xc_error_code_to_desc(XC_INVALID_PARAM),
			    "Invalid configuration");
	assert_int_equal(xc_interface_close(h), 0);
	assert_int_equal(xc_interface_close(NULL), 0);
}

static void test_version(void **state)
{
	xen_extraversion_t extra;
	xen_capabilities_info_t caps;
	xen_changeset_info_t cs;
	xen_compile_info_t ci;
	xen_platform_parameters_t pp;
	xen_commandline_t cmdline;
	xen_domain_handle_t h;
	char *v, buf[600];
	int ver = xc_version(xch, XENVER_version, NULL);

	(void)state;
	assert_int_equal(xc_version(xch, XENVER_extraversion, &extra), 0);
	snprintf(buf, sizeof(buf), "%d.%d%s", ver >> 16, ver & 0xffff, extra);
	v = xl_info("xen_version");
	assert_string_equal(buf, v);
	free(v);
	assert_int_equal(xc_version(xch, XENVER_capabilities, &caps), 0);
	v = xl_info("xen_caps");
	assert_string_equal(caps, v);
	free(v);
	assert_int_equal(xc_version(xch, XENVER_changeset, &cs), 0);
	v = xl_info("xen_changeset");
	assert_string_equal(cs, v);
	free(v);
	assert_int_equal(xc_version(xch, XENVER_compile_info, &ci), 0);
	v = xl_info("cc_compiler");
	assert_string_equal(ci.compiler, v);
	free(v);
	assert_int_equal(xc_version(xch, XENVER_platform_parameters, &pp), 0);
	v = xl_info("platform_params");
	snprintf(buf, sizeof(buf), "virt_start=0x%llx",
		 (unsigned long long)pp.virt_start);
	assert_string_equal(buf, v);
	free(v);
	assert_int_equal(xc_version(xch, XENVER_pagesize, NULL),
			 (int)sysconf(_SC_PAGESIZE));
	assert_int_equal(xc_version(xch, XENVER_commandline, &cmdline), 0);
	v = xl_info("xen_commandline");
	assert_string_equal(cmdline, v);
	free(v);
	memset(h, 0xff, sizeof(h));
	assert_int_equal(xc_version(xch, XENVER_guest_handle, &h), 0);
	assert_int_equal(h[0] | h[15], 0);	/* Domain-0's uuid */
	/* what KVM has no answer for: ENOSYS and the last error, no success */
	assert_int_equal(xc_version(xch, XENVER_build_id, buf), -1);
	assert_int_equal(errno, ENOSYS);
	assert_non_null(strstr(xc_get_last_error(xch)->message, "xc_version"));
}

static void test_physinfo(void **state)
{
	xc_physinfo_t p;
	char *v, caps[80];
	long xl_free;
	int i;

	(void)state;
	assert_int_equal(xc_physinfo(xch, &p), 0);
#define SAME(field, key) do { v = xl_info(key); \
	assert_int_equal((long)(field), strtol(v, NULL, 10)); free(v); } while (0)
	SAME(p.nr_cpus, "nr_cpus");
	SAME(p.max_cpu_id, "max_cpu_id");
	SAME(p.nr_nodes, "nr_nodes");
	SAME(p.cores_per_socket, "cores_per_socket");
	SAME(p.threads_per_core, "threads_per_core");
	SAME(p.cpu_khz / 1000, "cpu_mhz");
	SAME(p.total_pages * 4 / 1024, "total_memory");
#undef SAME
	/* free memory moves with the host: within 5% of xl's */
	v = xl_info("free_memory");
	xl_free = strtol(v, NULL, 10);
	free(v);
	assert_true(labs((long)(p.free_pages * 4 / 1024) - xl_free) <=
		    xl_free / 20 + 8);
	v = xl_info("hw_caps");
	caps[0] = '\0';
	for (i = 0; i < 8; i++)
		snprintf(caps + strlen(caps), sizeof(caps) - strlen(caps),
			 "%s%08x", i ? ":" : "", p.hw_cap[i]);
	assert_string_equal(caps, v);
	free(v);
	v = xl_info("virt_caps");
	assert_true(p.capabilities & XEN_SYSCTL_PHYSCAP_hvm);
	assert_false(p.capabilities & (XEN_SYSCTL_PHYSCAP_pv |
				       XEN_SYSCTL_PHYSCAP_shadow));
	assert_int_equal(!!(p.capabilities & XEN_SYSCTL_PHYSCAP_hap),
			 strstr(v, "hap") != NULL);
	free(v);
	assert_int_equal(xc_get_max_cpus(xch), (int)p.max_cpu_id + 1);
	assert_int_equal(xc_get_online_cpus(xch), (int)sysconf(_SC_NPROCESSORS_ONLN));
	assert_int_equal(xc_sharing_freed_pages(xch), 0);
	assert_int_equal(xc_sharing_used_frames(xch), 0);
}

/* Every domain of getinfolist is the row xl lists, at the same moment. */
static void test_getinfolist_matches_xl(void **state)
{
	static xc_domaininfo_t d[64];
	unsigned int running = domid_of("XCSHIM_RUNNING"),
		     paused = domid_of("XCSHIM_PAUSED");
	struct xl_row before, after;
	int n, i, seen = 0;
	char l[7];

	(void)state;
	n = xc_domain_getinfolist(xch, 0, 64, d);
	assert_true(n >= 5);
	assert_int_equal(d[0].domain, 0);
	for (i = 0; i < n; i++) {
		assert_true(i == 0 || d[i].domain > d[i - 1].domain);
		assert_int_equal(xl_row(d[i].domain, &before), 0);
		assert_int_equal(single(d[i].domain, &d[i]), 0);
		assert_int_equal(xl_row(d[i].domain, &after), 0);
		letters(&d[i], l);
		same_state(after.state, l);
		/* CPU time between xl's two readings (xl rounds to 0.1 s) */
		assert_true((double)d[i].cpu_time / 1e9 >= before.time - 0.05);
		assert_true((double)d[i].cpu_time / 1e9 <= after.time + 0.05);
		assert_int_equal(d[i].tot_pages * 4 / 1024, after.mem_mb);
		assert_int_equal(d[i].nr_online_vcpus, after.vcpus);
		if (d[i].domain == running) {
			assert_true(d[i].flags & (XEN_DOMINF_running |
						  XEN_DOMINF_blocked));
			assert_true(d[i].flags & XEN_DOMINF_hvm_guest);
			assert_int_equal(d[i].max_vcpu_id, 1);
			assert_int_equal(d[i].max_pages * 4, 128 * 1024);
			seen++;
		}
		if (d[i].domain == paused) {
			assert_true(d[i].flags & XEN_DOMINF_paused);
			seen++;
		}
	}
	assert_int_equal(seen, 2);
	/* from a domid on; nothing past the last one */
	assert_int_equal(xc_domain_getinfolist(xch, paused, 1, d), 1);
	assert_int_equal(d[0].domain, paused);
	assert_int_equal(xc_domain_getinfolist(xch, 0x7fe0, 4, d), 0);
	assert_int_equal(xc_domain_getinfolist(xch, 0, 0, d), 0);
}

/* Domain-0 is the host, as xl list shows it. */
static void test_domain0(void **state)
{
	xc_domaininfo_t d;
	xc_physinfo_t p;
	struct xl_row r;
	unsigned int w = 0;

	(void)state;
	assert_int_equal(single(0, &d), 0);
	assert_int_equal(xc_physinfo(xch, &p), 0);
	assert_int_equal(d.tot_pages, p.total_pages);
	assert_int_equal(d.nr_online_vcpus, p.nr_cpus);
	assert_true(d.flags & XEN_DOMINF_running);
	assert_false(d.flags & XEN_DOMINF_hvm_guest);
	assert_int_equal(xl_row(0, &r), 0);
	assert_int_equal(d.tot_pages * 4 / 1024, r.mem_mb);
	assert_int_equal(xc_domain_get_guest_width(xch, 0, &w), 0);
	assert_int_equal(w, sizeof(long));
}

/* The legacy xc_dominfo_t, and the next domain when one is missing. */
static void test_getinfo_legacy(void **state)
{
	unsigned int paused = domid_of("XCSHIM_PAUSED"), dead = domid_of("XCSHIM_DEAD");
	xc_dominfo_t info[2];
	xc_domaininfo_t d;

	(void)state;
	assert_int_equal(xc_domain_getinfo(xch, paused, 1, info), 1);
	assert_int_equal(single(paused, &d), 0);
	assert_int_equal(info[0].domid, paused);
	assert_int_equal(info[0].paused, 1);
	assert_int_equal(info[0].running | info[0].blocked | info[0].dying, 0);
	assert_int_equal(info[0].nr_pages, d.tot_pages);
	assert_int_equal(info[0].max_memkb, d.max_pages * 4);
	assert_memory_equal(info[0].handle, d.handle, sizeof(d.handle));
	assert_int_equal(info[0].hvm, 1);
	/* a monitor and QEMU killed: dying, as xl list's 'd' */
	assert_int_equal(xc_domain_getinfo(xch, dead, 1, info), 1);
	assert_int_equal(info[0].domid, dead);
	assert_int_equal(info[0].dying, 1);
	/* Qubes' libvchan: getinfo(dom, 1) returning another domain = dead */
	assert_int_equal(xc_domain_getinfo(xch, 0x7fe0, 1, info), 0);
	assert_int_equal(single(0x7fe0, &d), -1);
	assert_int_equal(errno, ESRCH);
}

static void test_vcpus(void **state)
{
	unsigned int running = domid_of("XCSHIM_RUNNING"),
		     paused = domid_of("XCSHIM_PAUSED");
	xc_vcpuinfo_t v0, v1, again;
	xc_physinfo_t p;
	char *row;
	int waited;
	unsigned int cpu;
	double t;

	(void)state;
	assert_int_equal(xc_physinfo(xch, &p), 0);
	assert_int_equal(xc_vcpu_getinfo(xch, running, 0, &v0), 0);
	assert_int_equal(xc_vcpu_getinfo(xch, running, 1, &v1), 0);
	assert_true(v0.online && v1.online);
	assert_int_equal(v0.vcpu, 0);
	assert_true(v0.running != v0.blocked);
	assert_true(v0.cpu <= p.max_cpu_id && v1.cpu <= p.max_cpu_id);
	/* the time grows while the guest runs (bounded poll) */
	for (waited = 0; waited < 60000; waited += 200) {
		assert_int_equal(xc_vcpu_getinfo(xch, running, 0, &again), 0);
		if (again.cpu_time > v0.cpu_time)
			break;
		sleep_ms(200);
	}
	assert_true(again.cpu_time > v0.cpu_time);
	/* xl vcpu-list says the same: the time within xl's rounding */
	row = run("'%s' vcpu-list %u | awk '$3 == 0 { print $4, $6 }'", xl,
		  running);
	assert_int_equal(sscanf(row, "%u %lf", &cpu, &t), 2);
	free(row);
	assert_int_equal(xc_vcpu_getinfo(xch, running, 0, &v0), 0);
	assert_true((double)v0.cpu_time / 1e9 >= t - 0.05);
	assert_true(cpu <= p.max_cpu_id);
	/* beyond maxvcpus: EINVAL; a missing domain: ESRCH */
	assert_int_equal(xc_vcpu_getinfo(xch, running, 2, &v0), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(xc_vcpu_getinfo(xch, 0x7fe0, 0, &v0), -1);
	assert_int_equal(errno, ESRCH);
	/* a paused guest's vCPU is there and not running */
	assert_int_equal(xc_vcpu_getinfo(xch, paused, 0, &v0), 0);
	assert_true(v0.online);
	assert_false(v0.running);
	/* Domain-0's vCPUs are the host's CPUs */
	assert_int_equal(xc_vcpu_getinfo(xch, 0, 0, &v0), 0);
	assert_true(v0.online);
	assert_true(v0.cpu_time > 0);
	assert_int_equal(v0.cpu, 0);
}

/* Wait (bounded) until xl list shows domid paused or not. */
static bool xl_paused(unsigned int domid, bool paused)
{
	struct xl_row r;
	int waited;

	for (waited = 0; waited < 10000; waited += 50) {
		if (!xl_row(domid, &r) && (r.state[2] == 'p') == paused)
			return true;
		sleep_ms(50);
	}
	return false;
}

static void test_pause_both_ways(void **state)
{
	unsigned int running = domid_of("XCSHIM_RUNNING");
	xc_domaininfo_t d;

	(void)state;
	/* the shim pauses: xl list shows it at once (no wait needed) */
	assert_int_equal(xc_domain_pause(xch, running), 0);
	assert_true(xl_paused(running, true));
	assert_int_equal(single(running, &d), 0);
	assert_true(d.flags & XEN_DOMINF_paused);
	assert_false(d.flags & (XEN_DOMINF_running | XEN_DOMINF_blocked));
	assert_int_equal(xc_domain_unpause(xch, running), 0);
	assert_true(xl_paused(running, false));
	/* xl pauses: the shim sees it */
	assert_int_equal(sh("'%s' pause %u", xl, running), 0);
	assert_int_equal(single(running, &d), 0);
	assert_true(d.flags & XEN_DOMINF_paused);
	assert_int_equal(sh("'%s' unpause %u", xl, running), 0);
	assert_int_equal(single(running, &d), 0);
	assert_false(d.flags & XEN_DOMINF_paused);
	/* Domain-0 is the host; a missing domain is ESRCH */
	assert_int_equal(xc_domain_pause(xch, 0), -1);
	assert_int_equal(errno, EPERM);
	assert_int_equal(xc_domain_unpause(xch, 0x7fe0), -1);
	assert_int_equal(errno, ESRCH);
}

static void test_memory(void **state)
{
	unsigned int running = domid_of("XCSHIM_RUNNING");
	uint64_t tot = 0, cache = 1, entries = 1;
	xc_domaininfo_t d;
	struct xl_row r;
	char *v;

	(void)state;
	/* the balloon target, as xl mem-set: xl list shows it */
	assert_int_equal(xc_domain_set_pod_target(xch, running, 100 * 256, &tot,
						  &cache, &entries), 0);
	assert_int_equal(tot, 100 * 256);
	assert_int_equal(cache | entries, 0);
	assert_int_equal(xl_row(running, &r), 0);
	assert_int_equal(r.mem_mb, 100);
	assert_int_equal(xc_domain_get_pod_target(xch, running, &tot, NULL, NULL), 0);
	assert_int_equal(tot, 100 * 256);
	/* beyond the maximum: EINVAL, as libxl */
	assert_int_equal(xc_domain_set_pod_target(xch, running, 200 * 256, NULL,
						  NULL, NULL), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(xc_domain_set_pod_target(xch, running, 128 * 256, NULL,
						  NULL, NULL), 0);
	/* the maximum: memory/static-max, as xl mem-max */
	assert_int_equal(xc_domain_setmaxmem(xch, running, 120 * 1024), 0);
	v = run("xenstore-read /local/domain/%u/memory/static-max", running);
	assert_string_equal(v, "122880");
	free(v);
	assert_int_equal(single(running, &d), 0);
	assert_int_equal(d.max_pages * 4, 120 * 1024);
	/* KVM cannot grow a guest past the RAM QEMU started with */
	assert_int_equal(xc_domain_setmaxmem(xch, running, 1024 * 1024), -1);
	assert_int_equal(errno, EOPNOTSUPP);
	assert_non_null(strstr(xc_get_last_error(xch)->message, "maxmem"));
	assert_int_equal(xc_domain_setmaxmem(xch, running, 128 * 1024), 0);
}

static void test_guest_width(void **state)
{
	unsigned int w = 0;

	(void)state;
	assert_int_equal(xc_domain_get_guest_width(xch, domid_of("XCSHIM_RUNNING"),
						   &w), 0);
	assert_int_equal(w, 8);
	assert_int_equal(xc_domain_get_guest_width(xch, 0x7fe0, &w), -1);
	assert_int_equal(errno, ESRCH);
}

static void test_evtchn(void **state)
{
	xc_evtchn_status_t st = { .dom = 0x7fe0, .port = (evtchn_port_t)-1 };

	(void)state;
	/* Qubes' libvchan: ESRCH means the peer is dead */
	assert_int_equal(xc_evtchn_status(xch, &st), -1);
	assert_int_equal(errno, ESRCH);
	/* a live domain, no such port: EINVAL (alive, for Qubes) */
	st.dom = (domid_t)domid_of("XCSHIM_RUNNING");
	assert_int_equal(xc_evtchn_status(xch, &st), -1);
	assert_int_equal(errno, EINVAL);
	/* our own ports are libxenvchan-shim's, not loaded here */
	st.dom = DOMID_SELF;
	st.port = 1;
	assert_int_equal(xc_evtchn_status(xch, &st), -1);
	assert_int_equal(errno, EINVAL);
	xc_clear_last_error(xch);
	assert_int_equal(xc_evtchn_notify(NULL, 1), -1);
	assert_int_equal(errno, EINVAL);
	assert_non_null(strstr(xc_get_last_error(xch)->message, "libxenvchan"));
}

static void test_shutdown(void **state)
{
	unsigned int agent = domid_of("XCSHIM_AGENT");
	xc_domaininfo_t d;
	struct xl_row r;
	int waited;

	(void)state;
	/* what cannot be imposed on a KVM guest, and what is no reason */
	assert_int_equal(xc_domain_shutdown(xch, agent, SHUTDOWN_crash), -1);
	assert_int_equal(errno, EOPNOTSUPP);
	assert_int_equal(xc_domain_shutdown(xch, agent, 99), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(xc_domain_shutdown(xch, 0, SHUTDOWN_poweroff), -1);
	assert_int_equal(errno, EPERM);
	/* poweroff through the guest agent; on_poweroff=preserve keeps it */
	assert_int_equal(xc_domain_shutdown(xch, agent, SHUTDOWN_poweroff), 0);
	for (waited = 0; waited < 120000; waited += 200) {
		if (!single(agent, &d) && (d.flags & XEN_DOMINF_shutdown))
			break;
		sleep_ms(200);
	}
	assert_true(d.flags & XEN_DOMINF_shutdown);
	assert_int_equal((d.flags >> XEN_DOMINF_shutdownshift) &
			 XEN_DOMINF_shutdownmask, SHUTDOWN_poweroff);
	assert_int_equal(xl_row(agent, &r), 0);
	assert_string_equal(r.state, "---s--");
}

static void test_destroy(void **state)
{
	unsigned int paused = domid_of("XCSHIM_PAUSED");
	xc_domaininfo_t d;
	struct xl_row r;

	(void)state;
	assert_int_equal(xc_domain_destroy(xch, paused), 0);
	assert_int_equal(single(paused, &d), -1);
	assert_int_equal(errno, ESRCH);
	assert_int_equal(xl_row(paused, &r), -1);	/* xl lists it no more */
	assert_int_equal(xc_domain_destroy(xch, paused), -1);
	assert_int_equal(errno, ESRCH);
	assert_int_equal(xc_domain_destroy(xch, 0), -1);
	assert_int_equal(errno, EPERM);
}

/*
 * A domain whose monitor died: its processes are gone, and what it left
 * (network, XenStore nodes) is the GPL programs' to remove, so it stays
 * dying in both views, as a Xen domain whose resources are still held,
 * until `xl destroy' (xcshim.sh checks that it then goes).
 */
static void test_destroy_dead(void **state)
{
	unsigned int dead = domid_of("XCSHIM_DEAD");
	xc_domaininfo_t d;
	struct xl_row r;

	(void)state;
	assert_int_equal(xc_domain_destroy(xch, dead), 0);
	assert_int_equal(single(dead, &d), 0);
	assert_true(d.flags & XEN_DOMINF_dying);
	assert_false(d.flags & (XEN_DOMINF_running | XEN_DOMINF_blocked |
				XEN_DOMINF_paused));
	assert_int_equal(xl_row(dead, &r), 0);
	assert_string_equal(r.state, "-----d");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_logger_errors),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_physinfo),
		cmocka_unit_test(test_getinfolist_matches_xl),
		cmocka_unit_test(test_domain0),
		cmocka_unit_test(test_getinfo_legacy),
		cmocka_unit_test(test_vcpus),
		cmocka_unit_test(test_pause_both_ways),
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_guest_width),
		cmocka_unit_test(test_evtchn),
		cmocka_unit_test(test_shutdown),
		cmocka_unit_test(test_destroy),
		cmocka_unit_test(test_destroy_dead),
	};
	int r;

	xl = getenv("XCSHIM_XL");
	if (!xl) {
		fprintf(stderr, "run through tests/e2e/xcshim.sh\n");
		return 2;
	}
	xch = xc_interface_open(NULL, NULL, 0);
	if (!xch)
		return 1;
	r = cmocka_run_group_tests(tests, NULL, NULL);
	xc_interface_close(xch);
	return r;
}
