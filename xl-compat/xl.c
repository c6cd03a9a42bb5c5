/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl.c: the xl front end: global options (-v -N -f, plus -C FILE for
 * another xl.conf), xl.conf, and dispatch through the command tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xl.h"
#include "domain.h"

struct xl_globals xl;

static const struct xl_cmd *const groups[] = {
	xl_cmds_create,
	xl_cmds_devattach,
	xl_cmds_domain,
	xl_cmds_info,
	xl_cmds_misc,
	xl_cmds_vcpu,
	xl_cmds_mem,
	xl_cmds_save,
	xl_cmds_block,
	xl_cmds_top,
	xl_cmds_channel,
};

const struct xl_cmd *xl_cmd_find(const char *name)
{
	const struct xl_cmd *c;
	size_t g;

	for (g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
		for (c = groups[g]; c->name; c++)
			if (!strcmp(c->name, name))
				return c;
	return NULL;
}

void xl_usage(const struct xl_cmd *cmd)
{
	printf("Usage: xl [-vfN] %s\n\n%s.\n", cmd->usage, cmd->summary);
}

static void help(const char *name)
{
	const struct xl_cmd *c;
	size_t g;

	if (name && (c = xl_cmd_find(name))) {
		xl_usage(c);
		return;
	}
	printf("Usage xl [-vfN] [-C xl.conf] <subcommand> [args]\n\n"
	       "xl full list of subcommands:\n\n");
	for (g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
		for (c = groups[g]; c->name; c++)
			printf(" %-19s %s\n\n", c->name, c->summary);
}

int xl_domid(const char *q, unsigned *domid)
{
	char *end, err[256];
	unsigned long v = strtoul(q, &end, 10);

	if (*q && *end && !xlrt_domain_lookup(NULL, q, domid, err, sizeof(err)))
		return 0;
	if (!*q || *end || v >= 0x7ff0) {
		fprintf(stderr, "%s is an invalid domain identifier\n", q);
		return -1;
	}
	*domid = (unsigned)v;
	return 0;
}

int main(int argc, char **argv)
{
	const char *conf = NULL;
	const struct xl_cmd *cmd;
	int opt, ret;

	while ((opt = getopt(argc, argv, "+vftTNC:")) >= 0) {
		switch (opt) {
		case 'v':
			xl.verbose++;
			break;
		case 'N':
			xl.dryrun = 1;
			break;
		case 'f':
			xl.force = 1;
			break;
		case 't':
		case 'T':
			break;	/* progress and timestamp styles: no effect */
		case 'C':
			conf = optarg;
			break;
		default:
			fprintf(stderr, "unknown global option\n");
			return EXIT_FAILURE;
		}
	}
	if (!argv[optind]) {
		help(NULL);
		return EXIT_FAILURE;
	}
	if (xlconf_load(&xl.conf, conf))
		return EXIT_FAILURE;
	if (xl.verbose)
		fprintf(stderr, "xl: config %s, kvm.accel=%s\n", xl.conf.path,
			xlconf_accel_name(xl.conf.accel));
	argv += optind;
	argc -= optind;
	optind = 1;
	cmd = xl_cmd_find(argv[0]);
	if (cmd) {
		if (xl.dryrun && !cmd->can_dryrun) {
			fprintf(stderr, "command does not implement -N (dryrun) option\n");
			ret = EXIT_FAILURE;
		} else {
			ret = cmd->fn(argc, argv);
		}
	} else if (!strcmp(argv[0], "help")) {
		help(argv[1]);
		ret = EXIT_SUCCESS;
	} else {
		fprintf(stderr, "command not implemented\n");
		ret = EXIT_FAILURE;
	}
	xlconf_dispose(&xl.conf);
	return ret;
}
