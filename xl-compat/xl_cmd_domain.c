/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_cmd_domain.c: the domain lifecycle commands on the runtime's domain
 * registry (runtime/domain.h): list, destroy, shutdown, reboot, pause,
 * unpause, console.  Messages, output
 * formats and exit codes are Xen 4.17's xl's.
 */
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

#include "xl.h"
#include "xl_console.h"
#include "xl_dom.h"
#include "xl_fmt.h"
#include "domain.h"
#include "host.h"
#include "xs_path.h"

/* ------------------------------------------------------------ list */

/* xl list's optional columns (Xen's -v, -Z, -c, -n) */
struct list_cols {
	bool verbose, context, cpupool, numa;
};

/* The NUMA nodes a domain's QEMU threads may run on (its vCPUs' and
 * everything else's hard affinity), as a node bitmap of nodes bits;
 * Domain-0, and a domain whose threads cannot be read, get every node. */
static void node_affinity(const struct xlrt_dominfo *in, uint8_t *map,
			  int nodes)
{
	char dir[64];
	struct dirent *e;
	cpu_set_t set;
	DIR *d = NULL;
	int cpu, seen = 0;

	memset(map, 0, (size_t)(nodes + 7) / 8);
	if (in->domid && in->st.qemu_pid > 0) {
		snprintf(dir, sizeof(dir), "/proc/%d/task", (int)in->st.qemu_pid);
		d = opendir(dir);
	}
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.' ||
		    sched_getaffinity(atoi(e->d_name), sizeof(set), &set))
			continue;
		seen = 1;
		for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
			if (CPU_ISSET(cpu, &set) &&
			    xlrt_host_cpu_node(cpu) < nodes)
				map[xlrt_host_cpu_node(cpu) / 8] |=
					(uint8_t)(1u << (xlrt_host_cpu_node(cpu) % 8));
	}
	if (d)
		closedir(d);
	if (!seen)
		memset(map, 0xff, (size_t)(nodes + 7) / 8);
}

static void print_row(const struct xlrt_dominfo *in,
		      const struct list_cols *c)
{
	static const char *const reasons[] = { "poweroff", "reboot", "suspend",
					       "crash", "watchdog",
					       "soft_reset" };
	bool shut = in->st.state == XLRT_RUN_SHUTDOWN ||
		    in->st.state == XLRT_RUN_CRASHED;
	unsigned int code = 0, i;
	uint8_t nodemap[8];
	int nodes;

	printf("%-40s %5u %5lu %5d     %s  %8.1f", in->name, in->domid,
	       (unsigned long)(in->target_kb / 1024), in->vcpus_online,
	       in->letters, in->cpu_time);
	if (c->verbose) {
		for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
			if (!strcmp(in->st.shutdown_reason, reasons[i]))
				code = i;
		printf(" %s", in->uuid);
		if (shut)
			printf(" %8x", code);
		else
			printf(" %8s", "-");
	}
	/* no XSM labels on KVM; every domain is in Xen's default pool */
	if (c->verbose || c->context)
		printf(" %16s", "-");
	if (c->cpupool)
		printf("%16s", "Pool-0");
	if (c->numa) {
		nodes = xlrt_host_nodes();
		if (nodes > 64)
			nodes = 64;
		node_affinity(in, nodemap, nodes);
		putchar(' ');
		xlf_bitmap(stdout, nodemap, nodes);
	}
	putchar('\n');
}

static int list_long(struct xs_handle *xs, const unsigned int *ids, int n)
{
	json_object *arr = json_object_new_array(), *o, *cfg;
	struct xlrt_dominfo *rows = calloc((size_t)n + 1, sizeof(*rows));
	int i, k = rows ? xlrt_domain_infos(xs, ids, n, rows) : -ENOMEM;

	/* the domains that still exist, then their saved configs */
	for (i = 0; i < k; i++) {
		if (xlrt_domain_config(rows[i].domid, &cfg))
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "domid",
				       json_object_new_int((int)rows[i].domid));
		json_object_object_add(o, "config", cfg);
		json_object_array_add(arr, o);
	}
	free(rows);
	xlm_json_print(stdout, arr);
	putchar('\n');
	json_object_put(arr);
	return fflush(stdout) ? EXIT_FAILURE : EXIT_SUCCESS;
}

int main_list(const struct xl_args *a)
{
	struct xlrt_dominfo *all = NULL;
	unsigned int *ids = NULL;
	struct list_cols cols = { .verbose = a->opt['v'], .context = a->opt['Z'],
				  .cpupool = a->opt['c'], .numa = a->opt['n'] };
	bool lng = a->opt['l'];
	struct xs_handle *xs;
	int n = 0, i, rc = EXIT_SUCCESS;

	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	if (a->argc) {
		ids = calloc((size_t)a->argc, sizeof(*ids));
		all = calloc((size_t)a->argc, sizeof(*all));
		for (i = 0; ids && all && i < a->argc; i++, n++)
			if (xl_domid(xs, a->argv[i], 0, &ids[n]) ||
			    xlrt_domain_info(xs, ids[n], &all[n])) {
				rc = EXIT_FAILURE;
				goto out;
			}
	} else if (xlrt_domain_list(xs, &all, &n)) {
		fprintf(stderr, "libxl: error: cannot list domains\n");
		rc = EXIT_FAILURE;
		goto out;
	} else if ((ids = calloc((size_t)n + 1, sizeof(*ids)))) {
		for (i = 0; i < n; i++)
			ids[i] = all[i].domid;
	}
	if (lng) {
		rc = list_long(xs, ids, n);
		goto out;
	}
	printf("Name                                        ID   Mem VCPUs\tState\tTime(s)");
	if (cols.verbose)
		printf("   UUID                            Reason-Code\tSecurity Label");
	if (cols.context && !cols.verbose)
		printf("   Security Label");
	if (cols.cpupool)
		printf("         Cpupool");
	if (cols.numa)
		printf(" NODE Affinity");
	putchar('\n');
	for (i = 0; i < n; i++)
		print_row(&all[i], &cols);
	if (fflush(stdout))
		rc = EXIT_FAILURE;
out:
	free(ids);
	free(all);
	xs_close(xs);
	return rc;
}

/* ------------------------------------------------------------ vm-list */

int main_vm_list(const struct xl_args *a)
{
	struct xlrt_dominfo *all = NULL;
	struct xs_handle *xs = xl_xs();
	int n = 0, i, rc = EXIT_SUCCESS;

	(void)a;
	if (!xs)
		return EXIT_FAILURE;
	if (xlrt_domain_list(xs, &all, &n)) {
		fprintf(stderr, "libxl_list_vm failed.\n");
		rc = EXIT_FAILURE;
	} else {
		printf("UUID                                  ID    name\n");
		for (i = 0; i < n; i++)	/* guests only, as Xen's */
			if (all[i].domid)
				printf("%s  %u    %-30s\n", all[i].uuid,
				       all[i].domid, all[i].name);
		if (fflush(stdout))
			rc = EXIT_FAILURE;
	}
	free(all);
	xs_close(xs);
	return rc;
}

/* ------------------------------------------------------------ destroy */

int main_destroy(const struct xl_args *a)
{
	unsigned int domid;
	char err[512];

	if (xl_domid(NULL, a->argv[0], 0, &domid))
		return EXIT_FAILURE;
	if (domid == 0) {
		fprintf(stderr, "Cannot destroy privileged domain 0.\n\n");
		return EXIT_FAILURE;
	}
	if (xlrt_domain_destroy(domid, 10000, err, sizeof(err))) {
		fprintf(stderr, "destroy failed: %s\n", err);
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}

/* ------------------------------------------------------------ shutdown */

static int qmp_cmd(unsigned int domid, const char *cmd)
{
	struct xlrt_qmp *q;
	int r;

	if (xl_dom_qmp(domid, &q))
		return -1;
	r = xlrt_qmp_execute(q, cmd, NULL, NULL, 10000);
	if (r)
		fprintf(stderr, "xl: %s on domain %u: %s\n", cmd, domid,
			xlrt_qmp_strerror(q));
	xlrt_qmp_close(q);
	return r;
}

/* control/shutdown, then wait up to 60 s for the guest to clear it. */
static int pv_request(struct xs_handle *xs, unsigned int domid, const char *req)
{
	char path[128], *v;
	int waited;

	xlrt_xs_dom_path(path, sizeof(path), domid, "control/shutdown");
	if (!xs_write(xs, XBT_NULL, path, req, strlen(req))) {
		fprintf(stderr, "xl: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (waited = 0; waited < 60000; waited += 10) {
		v = xs_read(xs, XBT_NULL, path, &(unsigned int){ 0 });
		if (!v || !*v) {
			free(v);
			return 0;
		}
		free(v);
		xl_sleep_ms(10);
	}
	fprintf(stderr, "xl: domain %u did not acknowledge the %s request within 60 s\n",
		domid, req);
	return -1;
}

static int shutdown_one(struct xs_handle *xs, unsigned int domid, bool reboot,
			bool fallback)
{
	const char *req = reboot ? "reboot" : "poweroff";
	char feat[64], *v;
	bool pv;

	fprintf(stderr, "%s domain %u\n", reboot ? "Rebooting" : "Shutting down",
		domid);
	snprintf(feat, sizeof(feat), "control/feature-%s", req);
	v = xlrt_xs_dom_read(xs, XBT_NULL, domid, feat);
	pv = v && !strcmp(v, "1");
	free(v);
	if (pv)
		return pv_request(xs, domid, req);
	(void)fallback;	/* -F or not: KVM guests always have ACPI */
	fprintf(stderr, "PV control interface not available: sending ACPI %s event.\n",
		reboot ? "reset" : "power button");
	return qmp_cmd(domid, reboot ? "system_reset" : "system_powerdown") ?
	       -1 : 0;
}

static int wait_deaths(const unsigned int *ids, int n)
{
	static const char *const reasons[] = { "poweroff", "reboot", "suspend",
					       "crash", "watchdog",
					       "soft_reset" };
	struct xlrt_domstate st;
	char last[16][32];
	int left = n, i;
	unsigned int k;
	bool *done = calloc((size_t)n, sizeof(bool));

	if (!done)
		return -1;
	memset(last, 0, sizeof(last));
	fprintf(stderr, "Waiting for %d domains\n", n);
	while (left) {
		for (i = 0; i < n; i++) {
			if (done[i])
				continue;
			if (xlrt_domstate_read(ids[i], &st) == 0 &&
			    st.state != XLRT_RUN_SHUTDOWN &&
			    st.state != XLRT_RUN_CRASHED) {
				if (i < 16)
					snprintf(last[i], sizeof(last[i]), "%s",
						 st.shutdown_reason);
				continue;
			}
			if (i < 16 && st.shutdown_reason[0])
				snprintf(last[i], sizeof(last[i]), "%s",
					 st.shutdown_reason);
			for (k = 0; k < sizeof(reasons) / sizeof(reasons[0]); k++)
				if (i < 16 && !strcmp(last[i], reasons[k]))
					break;
			fprintf(stderr, "Domain %u has been shut down, reason code %u\n",
				ids[i], k < 6 ? k : 0);
			done[i] = true;
			left--;
		}
		if (left)
			xl_sleep_ms(10);
	}
	fprintf(stderr, "All domains have been shut down\n");
	free(done);
	return 0;
}

static int shutdown_or_reboot(const struct xl_args *a, bool reboot)
{
	const char *name = reboot ? "reboot" : "shutdown";
	bool all = a->opt['a'], wait = a->opt['w'], fallback = a->opt['F'];
	struct xlrt_dominfo *doms = NULL;
	unsigned int *ids = NULL;
	struct xs_handle *xs;
	int n = 0, i, rc = EXIT_SUCCESS;

	if (a->argc != (all ? 0 : 1))
		return XL_EUSAGE;
	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	if (all) {
		if (xlrt_domain_list(xs, &doms, &n) ||
		    !(ids = calloc((size_t)n + 1, sizeof(*ids)))) {
			rc = EXIT_FAILURE;
			goto out;
		}
		for (i = 1; i < n; i++)	/* [0] is Domain-0 */
			ids[i - 1] = doms[i].domid;
		n--;
	} else {
		ids = calloc(1, sizeof(*ids));
		if (!ids || xl_domid(xs, a->argv[0], 0, &ids[0])) {
			rc = EXIT_FAILURE;
			goto out;
		}
		n = 1;
		if (ids[0] == 0) {
			fprintf(stderr, "xl: cannot %s Domain-0 (the host)\n", name);
			rc = EXIT_FAILURE;
			goto out;
		}
	}
	for (i = 0; i < n; i++)
		if (shutdown_one(xs, ids[i], reboot, fallback)) {
			fprintf(stderr, "%s failed (rc=%d)\n", name, -3);
			rc = EXIT_FAILURE;
			goto out;
		}
	if (wait && n)
		wait_deaths(ids, n);
out:
	free(ids);
	free(doms);
	xs_close(xs);
	return rc;
}

int main_shutdown(const struct xl_args *a)
{
	return shutdown_or_reboot(a, false);
}

int main_reboot(const struct xl_args *a)
{
	return shutdown_or_reboot(a, true);
}

/* ------------------------------------------------------------ pause */

static int pause_or_unpause(const struct xl_args *a, bool pause)
{
	const char *name = pause ? "pause" : "unpause";
	struct xlrt_domstate st;
	unsigned int domid;
	int waited;

	if (xl_domid(NULL, a->argv[0], 0, &domid))
		return EXIT_FAILURE;
	if (domid == 0) {
		fprintf(stderr, "xl: cannot %s Domain-0 (the host)\n", name);
		return EXIT_FAILURE;
	}
	if (qmp_cmd(domid, pause ? "stop" : "cont"))
		return EXIT_FAILURE;
	/* as on Xen, `xl list' right after shows the new state */
	for (waited = 0; waited < 2000; waited += 2) {
		if (xlrt_domstate_read(domid, &st) ||
		    (st.state == XLRT_RUN_PAUSED) == pause)
			break;
		xl_sleep_ms(2);
	}
	return EXIT_SUCCESS;
}

int main_pause(const struct xl_args *a)
{
	return pause_or_unpause(a, true);
}

int main_unpause(const struct xl_args *a)
{
	return pause_or_unpause(a, false);
}

/* ------------------------------------------------------------ console */

/* -t as Xen names the types; vuart is ARM's emulated UART (Xen's SBSA
 * UART for Arm guests), which an x86 KVM guest does not have.  Without
 * -t the primary console; -n then picks its number (Xen ignores -n
 * without -t). */
int main_console(const struct xl_args *a)
{
	const char *t = a->opt['t'];
	enum xl_console_type type = XL_CONSOLE_PRIMARY;
	unsigned int domid;

	if (t && !strcmp(t, "pv")) {
		type = XL_CONSOLE_PV;
	} else if (t && !strcmp(t, "serial")) {
		type = XL_CONSOLE_SERIAL;
	} else if (t && !strcmp(t, "vuart")) {
		fprintf(stderr, "xl: console type vuart is the Arm guests' "
			"emulated UART, which no guest has on x86 KVM\n");
		return EXIT_FAILURE;
	} else if (t) {
		fprintf(stderr, "console type supported are: pv, serial, vuart\n");
		return EXIT_FAILURE;
	}
	if (xl_domid(NULL, a->argv[0], 0, &domid))
		return EXIT_FAILURE;
	return xl_console_attach(domid, type,
				 a->opt['n'] ? atoi(a->opt['n']) : 0);
}

/* ------------------------------------------------------------ vncviewer */

int main_vncviewer(const struct xl_args *a)
{
	unsigned int domid;

	if (xl_domid(NULL, a->argv[0], 0, &domid))
		return EXIT_FAILURE;
	return xl_vncviewer_exec(domid, a->opt['a'] != NULL);
}
