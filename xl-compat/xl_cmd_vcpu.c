/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_cmd_vcpu.c: vcpu-list, vcpu-pin, vcpu-set.  A guest's vCPUs are
 * QEMU's vCPU threads (QMP query-cpus-fast gives each one's thread-id):
 * their CPU, state and time come from /proc/<qemu>/task/<tid>/stat, hard
 * affinity is the thread's sched affinity.  Linux has no soft affinity:
 * it shows as "all" and setting one is refused.  Domain-0's vCPUs are
 * the host's CPUs.
 */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xenstore.h>

#include "xl.h"
#include "xl_dom.h"
#include "xl_fmt.h"
#include "logring.h"
#include "vcpu.h"
#include "host.h"
#include "xs_path.h"

/* QEMU's vCPU threads, by cpu-index; *n of them (malloc'ed). */
static int vcpu_threads(struct xlrt_qmp *q, struct xlrt_vcpu_thread **out,
			int *n)
{
	if (xlrt_vcpu_threads(q, out, n)) {
		fprintf(stderr, "xl: %s\n", xlrt_qmp_strerror(q));
		return -1;
	}
	return 0;
}

/* Slots for vCPUs (maxvcpus): QMP query-hotpluggable-cpus. */
static int vcpu_slots(struct xlrt_qmp *q)
{
	json_object *ret;
	int n;

	if (xlrt_qmp_execute(q, "query-hotpluggable-cpus", NULL, &ret, 5000))
		return -1;
	n = (int)json_object_array_length(ret);
	json_object_put(ret);
	return n;
}

/* state, processor, utime+stime of a thread */
static void thread_stat(pid_t pid, pid_t tid, char *state, unsigned *cpu,
			double *secs)
{
	char path[128], buf[1024], *p;
	unsigned long long ut = 0, st = 0;
	FILE *f;

	*state = '?';
	*cpu = 0;
	*secs = 0;
	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)pid, (int)tid);
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')))
		/* after ") ": state(3) ... utime(14) stime(15) ... processor(39) */
		sscanf(p + 2, "%c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu "
		       "%*d %*d %*d %*d %*d %*d %*u %*u %*d %*u %*u %*u %*u %*u "
		       "%*u %*u %*u %*u %*u %*u %*u %*u %*d %u", state, &ut, &st,
		       cpu);
	fclose(f);
	*secs = (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static void host_vcpus(int ncpu, uint8_t *all)
{
	char line[256];
	unsigned long long a[8];
	FILE *f = fopen("/proc/stat", "re");
	int id;

	while (f && fgets(line, sizeof(line), f)) {
		struct xlf_vcpu v = { .name = "Domain-0", .online = true,
				      .hard = all, .soft = all };

		if (line[3] == ' ' ||	/* the all-cpus line */
		    sscanf(line, "cpu%d %llu %llu %llu %llu %llu %llu %llu %llu",
			   &id, &a[0], &a[1], &a[2], &a[3], &a[4], &a[5], &a[6],
			   &a[7]) != 9)
			continue;
		v.vcpuid = v.cpu = (unsigned int)id;
		v.blocked = true;
		v.time_s = (double)(a[0] + a[1] + a[2] + a[5] + a[6] + a[7]) /
			   (double)sysconf(_SC_CLK_TCK);
		xlf_vcpu_row(stdout, &v, ncpu);
	}
	if (f)
		fclose(f);
}

static int list_domain(const struct xlrt_dominfo *in, int ncpu, uint8_t *all,
		       uint8_t *hard)
{
	struct xlrt_vcpu_thread *t;
	struct xlrt_qmp *q;
	int n, i, k, slots;

	if (in->domid == 0) {
		host_vcpus(ncpu, all);
		return 0;
	}
	if (xl_dom_qmp(in->domid, &q))
		return -1;
	if (vcpu_threads(q, &t, &n)) {
		xlrt_qmp_close(q);
		return -1;
	}
	slots = vcpu_slots(q);
	xlrt_qmp_close(q);
	for (i = 0; i < (slots > n ? slots : n); i++) {
		struct xlf_vcpu v = { .name = in->name, .domid = in->domid,
				      .vcpuid = (unsigned int)i, .hard = hard,
				      .soft = all };
		cpu_set_t set;
		char state;

		for (k = 0; k < n && t[k].index != i; k++)
			;
		v.online = k < n;
		memset(hard, 0, (size_t)(ncpu + 7) / 8);
		if (v.online) {
			thread_stat(in->st.qemu_pid, t[k].tid, &state, &v.cpu,
				    &v.time_s);
			v.running = state == 'R';
			v.blocked = !v.running;
			if (!sched_getaffinity(t[k].tid, sizeof(set), &set))
				for (k = 0; k < ncpu && k < CPU_SETSIZE; k++)
					if (CPU_ISSET(k, &set))
						hard[k / 8] |= (uint8_t)(1u << (k % 8));
		}
		xlf_vcpu_row(stdout, &v, ncpu);
	}
	free(t);
	return 0;
}

int main_vcpu_list(const struct xl_args *a)
{
	int ncpu = xlrt_host_cpus(), n, i, rc = EXIT_SUCCESS;
	uint8_t *all = malloc((size_t)ncpu / 8 + 1),
		*hard = calloc((size_t)ncpu / 8 + 1, 1);
	struct xlrt_dominfo *v, in;
	struct xs_handle *xs;
	unsigned int domid;

	xs = xl_xs();
	if (!xs || !all || !hard) {
		free(all);
		free(hard);
		return EXIT_FAILURE;
	}
	memset(all, 0xff, (size_t)ncpu / 8 + 1);
	xlf_vcpu_header(stdout);
	if (!a->argc && !xlrt_domain_list(xs, &v, &n)) {
		for (i = 0; i < n; i++)
			if (list_domain(&v[i], ncpu, all, hard))
				rc = EXIT_FAILURE;
		free(v);
	}
	for (i = 0; i < a->argc; i++)
		if (xl_domid(xs, a->argv[i], 0, &domid) ||
		    xlrt_domain_info(xs, domid, &in) ||
		    list_domain(&in, ncpu, all, hard))
			rc = EXIT_FAILURE;
	xs_close(xs);
	free(all);
	free(hard);
	return fflush(stdout) ? EXIT_FAILURE : rc;
}

/* Was domid built as a PV guest (/libxl/<domid>/type)? */
static bool domain_is_pv(unsigned int domid)
{
	struct xs_handle *xs = xl_xs();
	char path[64], *type;
	unsigned int len;
	bool pv;

	if (!xs)
		return false;
	snprintf(path, sizeof(path), "/libxl/%u/type", domid);
	type = xs_read(xs, XBT_NULL, path, &len);
	pv = type && !strcmp(type, "pv");
	free(type);
	xs_close(xs);
	return pv;
}

int main_vcpu_pin(const struct xl_args *a)
{
	int ncpu = xlrt_host_cpus(), n, i, k, rc = EXIT_FAILURE;
	uint8_t *map = calloc((size_t)ncpu / 8 + 1, 1);
	struct xlm_cpumap cm = { map, ncpu / 8 + 1 };
	const char *vcpu, *hard, *soft;
	struct xlrt_vcpu_thread *t = NULL;
	struct xlrt_qmp *q = NULL;
	unsigned int domid;
	long want = -1;
	int r;

	if (!map)
		return EXIT_FAILURE;
	vcpu = a->argv[1];
	hard = a->argv[2];
	soft = a->argc > 3 ? a->argv[3] : NULL;
	if (strcmp(vcpu, "all")) {
		char *end;

		want = strtol(vcpu, &end, 10);
		if (*end || end == vcpu || want < 0) {
			fprintf(stderr, "Invalid vcpu %s\n", vcpu);
			goto out;
		}
	}
	if (soft && strcmp(soft, "-") && strcmp(soft, "all")) {
		fprintf(stderr, "xl: soft affinity is not available on KVM (Linux threads have only a hard affinity)\n");
		goto out;
	}
	if (!strcmp(hard, "-")) {
		rc = EXIT_SUCCESS;	/* nothing to change */
		goto out;
	}
	if (xlm_parse_cpurange("command line", hard, &cm))
		goto out;
	if (xl_domid(NULL, a->argv[0], 0, &domid))
		goto out;
	if (!a->opt['i']) {	/* as Xen: HVM and PVH share vm.hvm.cpumask */
		xlm_cpumap_and(&cm, &xl.conf.vm_mask);
		xlm_cpumap_and(&cm, domain_is_pv(domid) ? &xl.conf.pv_mask : &xl.conf.hvm_mask);
	}
	if (xl_dom_qmp(domid, &q) || vcpu_threads(q, &t, &n))
		goto out;
	rc = EXIT_SUCCESS;
	for (k = 0, i = 0; i < n; i++) {
		if (want >= 0 && t[i].index != want)
			continue;
		k++;
		r = xlrt_vcpu_pin(t[i].tid, &cm);
		if (r) {
			fprintf(stderr, "Setting vcpu affinity: %s\n",
				strerror(-r));
			rc = EXIT_FAILURE;
		}
	}
	if (!k) {
		fprintf(stderr, "xl: domain %u has no online vcpu %s\n", domid,
			vcpu);
		rc = EXIT_FAILURE;
	} else if (rc == EXIT_SUCCESS) {
		xlrt_log("domain %u: vcpu %s pinned to %s", domid, vcpu, hard);
	}
out:
	if (q)
		xlrt_qmp_close(q);
	free(t);
	free(map);
	return rc;
}

/*
 * A machine without vCPU hotplug: record the wish in cpu/N/availability, as
 * libxl does for a PV guest to act on, and say that nothing changed.
 */
static int no_hotplug(struct xlrt_qmp *q, struct xs_handle *xs,
		      unsigned int domid, int count)
{
	char rel[64], **cpus;
	unsigned int n = 0, i;

	cpus = xlrt_xs_dom_dir(xs, XBT_NULL, domid, "cpu", &n);
	free(cpus);
	for (i = 0; i < n; i++) {
		snprintf(rel, sizeof(rel), "cpu/%u/availability", i);
		xl_xs_dom_write(xs, domid, rel, (int)i < count ? "online" : "offline");
	}
	fprintf(stderr, "xl: domain %u's machine cannot hotplug vCPUs (%s); cpu/N/availability now asks for %d, but the guest keeps the vCPUs it has\n",
		domid, xlrt_qmp_strerror(q), count);
	return -1;
}

/* Plug (device_add) or unplug (device_del) vCPU slots until count online. */
static int set_vcpus(struct xlrt_qmp *q, struct xs_handle *xs,
		     unsigned int domid, int count)
{
	json_object *slots, *e, *v, *props, *args;
	char id[32], rel[64];
	int i, len, r = 0;

	if (xlrt_qmp_execute(q, "query-hotpluggable-cpus", NULL, &slots, 5000))
		return no_hotplug(q, xs, domid, count);
	len = (int)json_object_array_length(slots);
	if (count > len) {
		fprintf(stderr, "libxl: error: Requested %d VCPUs, however maxcpus is %d!\n",
			count, len);
		json_object_put(slots);
		return -1;
	}
	/* QEMU lists the slots highest first: position i is vcpu len-1-i */
	for (i = 0; i < len && !r; i++) {
		int idx = len - 1 - i;
		bool present;

		e = json_object_array_get_idx(slots, (size_t)i);
		present = json_object_object_get_ex(e, "qom-path", &v);
		snprintf(id, sizeof(id), "vcpu%d", idx);
		if (idx < count && !present) {
			args = json_object_new_object();
			json_object_object_get_ex(e, "type", &v);
			json_object_object_add(args, "driver", json_object_get(v));
			json_object_object_add(args, "id", json_object_new_string(id));
			json_object_object_get_ex(e, "props", &props);
			json_object_object_foreach(props, key, val)
				json_object_object_add(args, key,
						       json_object_get(val));
			r = xl_qmp_run(q, "device_add", args, NULL);
			json_object_put(args);
		} else if (idx >= count && present) {
			args = json_object_new_object();
			json_object_object_add(args, "id", json_object_new_string(id));
			if (xlrt_qmp_execute(q, "device_del", args, NULL, 5000)) {
				fprintf(stderr, "xl: vcpu %d cannot be unplugged (only vCPUs added by vcpu-set can): %s\n",
					idx, xlrt_qmp_strerror(q));
				r = -1;
			}
			json_object_put(args);
		}
		if (r)
			break;
		snprintf(rel, sizeof(rel), "cpu/%d/availability", idx);
		if (xl_xs_dom_write(xs, domid, rel, idx < count ? "online" : "offline"))
			r = -1;
	}
	json_object_put(slots);
	return r;
}

int main_vcpu_set(const struct xl_args *a)
{
	struct xs_handle *xs;
	struct xlrt_qmp *q;
	unsigned int domid;
	char *end;
	long count;
	int r = EXIT_FAILURE;

	count = strtol(a->argv[1], &end, 10);
	if (*end || end == a->argv[1] || count < 1) {
		fprintf(stderr, "Error: Invalid argument %s as number of vcpus.\n",
			a->argv[1]);
		return EXIT_FAILURE;
	}
	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	if (!xl_domid(xs, a->argv[0], 0, &domid) && !xl_dom_qmp(domid, &q)) {
		if (!set_vcpus(q, xs, domid, (int)count)) {
			r = EXIT_SUCCESS;
			xlrt_log("domain %u: %ld vcpus", domid, count);
		}
		xlrt_qmp_close(q);
	}
	xs_close(xs);
	return r;
}
