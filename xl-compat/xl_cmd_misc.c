/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_cmd_misc.c: naming and poking domains: domid, domname, rename,
 * uptime, sysrq, trigger, qemu-monitor-command.  Messages and exit codes
 * are Xen 4.17's xl's.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xenstore.h>

#include "xl.h"
#include "xl_dom.h"
#include "xl_fmt.h"
#include "logring.h"

static int usage(const char *cmd, int opt)
{
	xl_usage(xl_cmd_find(cmd));
	return opt == 'h' ? EXIT_SUCCESS : 2;
}

/* getopt with only -h; returns -1 to go on, else the exit code. */
static int no_opts(int argc, char **argv, int nargs)
{
	int opt = getopt(argc, argv, "h");

	if (opt >= 0)
		return usage(argv[0], opt);
	if (argc - optind < nargs) {
		fprintf(stderr, "'xl %s' requires at least %d argument%s.\n\n",
			argv[0], nargs, nargs > 1 ? "s" : "");
		return usage(argv[0], '?');
	}
	return -1;
}

static int cmd_domid(int argc, char **argv)
{
	struct xs_handle *xs;
	unsigned int domid;
	int r = no_opts(argc, argv, 1);

	if (r >= 0)
		return r;
	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	r = xlrt_domain_lookup(xs, argv[optind], &domid, NULL, 0);
	xs_close(xs);
	if (r) {
		fprintf(stderr, "Can't get domid of domain name '%s', maybe this domain does not exist.\n",
			argv[optind]);
		return EXIT_FAILURE;
	}
	printf("%u\n", domid);
	return EXIT_SUCCESS;
}

static int cmd_domname(int argc, char **argv)
{
	struct xlrt_dominfo in;
	struct xs_handle *xs;
	char *end;
	long domid;
	int r = no_opts(argc, argv, 1);

	if (r >= 0)
		return r;
	domid = strtol(argv[optind], &end, 10);
	if (domid == 0 && !strcmp(end, argv[optind])) {
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

static int cmd_rename(int argc, char **argv)
{
	struct xlrt_dominfo in;
	struct xs_handle *xs;
	unsigned int domid;
	int r = no_opts(argc, argv, 2);

	if (r >= 0)
		return r;
	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	r = EXIT_FAILURE;
	if (!xl_live_domid(xs, argv[optind], &domid)) {
		if (domid == 0 || xlrt_domain_info(xs, domid, &in) ||
		    xl_dom_rename(xs, domid, in.name, argv[optind + 1]))
			fprintf(stderr, "Can't rename domain '%s'.\n",
				argv[optind]);
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

static int cmd_uptime(int argc, char **argv)
{
	struct xlrt_dominfo *v, in;
	struct xs_handle *xs;
	unsigned int domid;
	time_t now = time(NULL);
	bool short_mode = false;
	int opt, n, i, rc = EXIT_SUCCESS;

	while ((opt = getopt(argc, argv, "sh")) >= 0) {
		if (opt != 's')
			return usage("uptime", opt);
		short_mode = true;
	}
	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	if (!short_mode)
		xlf_uptime_header(stdout);
	if (optind == argc && !xlrt_domain_list(xs, &v, &n)) {
		for (i = 0; i < n; i++)
			uptime_one(&v[i], short_mode, now);
		free(v);
	}
	for (i = optind; i < argc; i++) {
		if (xl_live_domid(xs, argv[i], &domid) ||
		    xlrt_domain_info(xs, domid, &in)) {
			rc = EXIT_FAILURE;
			break;
		}
		uptime_one(&in, short_mode, now);
	}
	xs_close(xs);
	return fflush(stdout) ? EXIT_FAILURE : rc;
}

static int cmd_sysrq(int argc, char **argv)
{
	struct xs_handle *xs;
	unsigned int domid;
	int r = no_opts(argc, argv, 2);

	if (r >= 0)
		return r;
	if (!argv[optind + 1][0] || argv[optind + 1][1]) {
		fprintf(stderr, "Invalid sysrq.\n\n");
		xl_usage(xl_cmd_find("sysrq"));
		return EXIT_FAILURE;
	}
	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	r = xl_live_domid(xs, argv[optind], &domid) ||
	    xl_xs_dom_write(xs, domid, "control/sysrq", argv[optind + 1]) ?
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

static int cmd_trigger(int argc, char **argv)
{
	struct xlrt_qmp *q;
	unsigned int domid, i;
	int r = no_opts(argc, argv, 2);

	if (r >= 0)
		return r;
	for (i = 0; i < sizeof(triggers) / sizeof(triggers[0]); i++)
		if (!strcmp(argv[optind + 1], triggers[i].name))
			break;
	if (i == sizeof(triggers) / sizeof(triggers[0])) {
		fprintf(stderr, "Invalid trigger \"%s\"\n", argv[optind + 1]);
		return EXIT_FAILURE;
	}
	if (xl_live_domid(NULL, argv[optind], &domid))
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

static int cmd_qemu_monitor(int argc, char **argv)
{
	json_object *args, *ret = NULL;
	struct xlrt_qmp *q;
	unsigned int domid;
	int r = no_opts(argc, argv, 2);

	if (r >= 0)
		return r;
	if (xl_live_domid(NULL, argv[optind], &domid) || xl_dom_qmp(domid, &q))
		return EXIT_FAILURE;
	args = json_object_new_object();
	json_object_object_add(args, "command-line",
			       json_object_new_string(argv[optind + 1]));
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

const struct xl_cmd xl_cmds_misc[] = {
	{ "domid", cmd_domid, 0, "Convert a domain name to domain id",
	  "domid <DomainName>" },
	{ "domname", cmd_domname, 0, "Convert a domain id to domain name",
	  "domname <DomainId>" },
	{ "rename", cmd_rename, 0, "Rename a domain",
	  "rename <Domain> <NewDomainName>" },
	{ "uptime", cmd_uptime, 0, "Print uptime for all/some domains",
	  "uptime [-s] [Domain]" },
	{ "sysrq", cmd_sysrq, 0, "Send a sysrq to a domain",
	  "sysrq <Domain> <letter>" },
	{ "trigger", cmd_trigger, 0,
	  "Send a trigger to a domain",
	  "trigger <Domain> <nmi|reset|init|power|sleep|s3resume> [<VCPU>]" },
	{ "qemu-monitor-command", cmd_qemu_monitor, 0,
	  "Issue a qemu monitor command to the device model of a domain",
	  "qemu-monitor-command <Domain> <Command>" },
	{ NULL, NULL, 0, NULL, NULL },
};
