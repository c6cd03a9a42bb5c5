/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_cmd_misc.c: naming and poking domains: domid, domname, rename,
 * uptime, sysrq, trigger, button-press, qemu-monitor-command, dump-core.
 * Messages and exit codes
 * are Xen 4.17's xl's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xenstore.h>

#include "xl.h"
#include "xl_dom.h"
#include "xl_fmt.h"
#include "logring.h"

int main_domid(const struct xl_args *a)
{
	struct xs_handle *xs;
	unsigned int domid;
	int r;

	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	r = xlrt_domain_lookup(xs, a->argv[0], &domid, NULL, 0);
	xs_close(xs);
	if (r) {
		fprintf(stderr, "Can't get domid of domain name '%s', maybe this domain does not exist.\n",
			a->argv[0]);
		return EXIT_FAILURE;
	}
	printf("%u\n", domid);
	return EXIT_SUCCESS;
}

int main_domname(const struct xl_args *a)
{
	struct xlrt_dominfo in;
	struct xs_handle *xs;
	char *end;
	long domid;
	int r;

	domid = strtol(a->argv[0], &end, 10);
	if (domid == 0 && !strcmp(end, a->argv[0])) {
		fprintf(stderr, "Invalid domain id.\n\n");
		return EXIT_FAILURE;
	}
	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	r = domid < 0 || domid >= 0x7ff0 ? -ENOENT :
	    xlrt_domain_info(xs, (unsigned int)domid, &in);
	xs_close(xs);
	if (r) {
		fprintf(stderr, "Can't get domain name of domain id '%ld', maybe this domain does not exist.\n",
			domid);
		return EXIT_FAILURE;
	}
	printf("%s\n", in.name);
	return EXIT_SUCCESS;
}

int main_rename(const struct xl_args *a)
{
	struct xlrt_dominfo in;
	struct xs_handle *xs;
	unsigned int domid;
	int r;

	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	r = EXIT_FAILURE;
	if (!xl_domid(xs, a->argv[0], 0, &domid)) {
		if (domid == 0 || xlrt_domain_info(xs, domid, &in) ||
		    xl_dom_rename(xs, domid, in.name, a->argv[1]))
			fprintf(stderr, "Can't rename domain '%s'.\n",
				a->argv[0]);
		else
			r = EXIT_SUCCESS;
	}
	xs_close(xs);
	return r;
}

static unsigned long host_uptime(void)
{
	FILE *f = fopen("/proc/uptime", "re");
	double up = 0;

	if (f) {
		if (fscanf(f, "%lf", &up) != 1)
			up = 0;
		fclose(f);
	}
	return (unsigned long)up;
}

static void uptime_one(const struct xlrt_dominfo *in, bool short_mode,
		       time_t now)
{
	unsigned long up = in->domid == 0 ? host_uptime() :
			   now > in->st.start_time && in->st.start_time ?
			   (unsigned long)(now - in->st.start_time) : 0;

	if (short_mode)
		xlf_uptime_short(stdout, now, in->name, in->domid, up);
	else
		xlf_uptime_row(stdout, in->name, in->domid, up);
}

int main_uptime(const struct xl_args *a)
{
	struct xlrt_dominfo *v, in;
	struct xs_handle *xs;
	unsigned int domid;
	time_t now = time(NULL);
	bool short_mode = a->opt['s'];
	int n, i, rc = EXIT_SUCCESS;

	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	if (!short_mode)
		xlf_uptime_header(stdout);
	if (!a->argc && !xlrt_domain_list(xs, &v, &n)) {
		for (i = 0; i < n; i++)
			uptime_one(&v[i], short_mode, now);
		free(v);
	}
	for (i = 0; i < a->argc; i++) {
		if (xl_domid(xs, a->argv[i], 0, &domid) ||
		    xlrt_domain_info(xs, domid, &in)) {
			rc = EXIT_FAILURE;
			break;
		}
		uptime_one(&in, short_mode, now);
	}
	xs_close(xs);
	return fflush(stdout) ? EXIT_FAILURE : rc;
}

int main_sysrq(const struct xl_args *a)
{
	const char *letter = a->argv[1];
	struct xs_handle *xs;
	unsigned int domid;
	int r;

	if (!letter[0] || letter[1]) {
		fprintf(stderr, "Invalid sysrq.\n\n");
		xl_usage(a->cmd);
		return EXIT_FAILURE;
	}
	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	r = xl_domid(xs, a->argv[0], 0, &domid) ||
	    xl_xs_dom_write(xs, domid, "control/sysrq", letter) ?
	    EXIT_FAILURE : EXIT_SUCCESS;
	xs_close(xs);
	return r;
}

/* libxl's trigger names and what QEMU offers for each */
static const struct { const char *name, *qmp, *why_not; } triggers[] = {
	{ "power", "system_powerdown", NULL },
	{ "sleep", NULL, "QEMU has no ACPI sleep button to press" },
	{ "nmi", "inject-nmi", NULL },
	{ "init", NULL, "QEMU cannot send an INIT IPI from outside" },
	{ "reset", "system_reset", NULL },
	{ "s3resume", "system_wakeup", NULL },
};

/* Trigger triggers[i] on domain dom: an exit code. */
static int send_trigger(const char *dom, unsigned int i)
{
	struct xlrt_qmp *q;
	unsigned int domid;
	int r;

	if (xl_domid(NULL, dom, 0, &domid))
		return EXIT_FAILURE;
	if (!triggers[i].qmp) {
		fprintf(stderr, "xl: trigger %s is not supported on KVM: %s\n",
			triggers[i].name, triggers[i].why_not);
		return EXIT_FAILURE;
	}
	if (xl_dom_qmp(domid, &q))
		return EXIT_FAILURE;
	r = xl_qmp_run(q, triggers[i].qmp, NULL, NULL);
	xlrt_qmp_close(q);
	if (!r)
		xlrt_log("domain %u: trigger %s", domid, triggers[i].name);
	return r ? EXIT_FAILURE : EXIT_SUCCESS;
}

static unsigned int trigger_index(const char *name)
{
	unsigned int i;

	for (i = 0; i < sizeof(triggers) / sizeof(triggers[0]); i++)
		if (!strcmp(name, triggers[i].name))
			break;
	return i;
}

int main_trigger(const struct xl_args *a)
{
	unsigned int i = trigger_index(a->argv[1]);

	if (i == sizeof(triggers) / sizeof(triggers[0])) {
		fprintf(stderr, "Invalid trigger \"%s\"\n", a->argv[1]);
		return EXIT_FAILURE;
	}
	return send_trigger(a->argv[0], i);
}

/* Xen's deprecated form of trigger power|sleep */
int main_button_press(const struct xl_args *a)
{
	fprintf(stderr, "WARNING: \"button-press\" is deprecated. "
		"Please use \"trigger\"\n");
	if (strcmp(a->argv[1], "power") && strcmp(a->argv[1], "sleep")) {
		fprintf(stderr, "%s is an invalid button identifier\n",
			a->argv[1]);
		return EXIT_FAILURE;
	}
	return send_trigger(a->argv[0], trigger_index(a->argv[1]));
}

int main_qemu_monitor_command(const struct xl_args *a)
{
	json_object *args, *ret = NULL;
	struct xlrt_qmp *q;
	unsigned int domid;
	int r;

	if (xl_domid(NULL, a->argv[0], 0, &domid) || xl_dom_qmp(domid, &q))
		return EXIT_FAILURE;
	args = json_object_new_object();
	json_object_object_add(args, "command-line",
			       json_object_new_string(a->argv[1]));
	r = xl_qmp_run(q, "human-monitor-command", args, &ret);
	json_object_put(args);
	xlrt_qmp_close(q);
	if (r)
		return EXIT_FAILURE;
	if (json_object_is_type(ret, json_type_string))
		printf("%s\n", json_object_get_string(ret));
	json_object_put(ret);
	return fflush(stdout) ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* The guest's memory as an ELF core (QEMU's dump-guest-memory), which
 * gdb and crash read, where Xen writes its own core format */
int main_dump_core(const struct xl_args *a)
{
	char path[4096], cwd[4096];
	struct xlrt_qmp *q;
	unsigned int domid;
	int r;

	if (a->argv[1][0] == '/')
		r = snprintf(path, sizeof(path), "%s", a->argv[1]);
	else if (getcwd(cwd, sizeof(cwd)))
		r = snprintf(path, sizeof(path), "%s/%s", cwd, a->argv[1]);
	else
		r = -1;
	if (r < 0 || (size_t)r >= sizeof(path)) {
		fprintf(stderr, "core dump failed: no path for %s\n", a->argv[1]);
		return EXIT_FAILURE;
	}
	if (xl_domid(NULL, a->argv[0], 0, &domid) || xl_dom_qmp(domid, &q))
		return EXIT_FAILURE;
	r = xlrt_qmp_dump_core(q, path, 600000);
	if (r)
		fprintf(stderr, "core dump failed: %s\n", xlrt_qmp_strerror(q));
	else
		xlrt_log("domain %u: core dumped to %s", domid, path);
	xlrt_qmp_close(q);
	return r ? EXIT_FAILURE : EXIT_SUCCESS;
}
