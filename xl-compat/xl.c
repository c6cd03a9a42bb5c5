/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl.c: the xl front end: global options (-v -N -f, plus -C FILE for
 * another xl.conf), xl.conf, and every command's argument contract from
 * its table entry (xl_cmdtable.c): getopt, -h/--help, operand counts and
 * usage, as Xen's xl does for each command (def_getopt).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xl.h"

struct xl_globals xl;

static const struct xl_cmd *find(const char *name)
{
	const struct xl_cmd *c;

	for (c = xl_cmdtable; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

void xl_usage(const struct xl_cmd *cmd)
{
	printf("Usage: xl [-vfN] %s\n\n%s.\n", cmd->usage, cmd->summary);
	if (cmd->refused)
		printf("\nNot on KVM: %s.\n", cmd->refused);
}

static void help(const char *name)
{
	const struct xl_cmd *c;

	if (name && (c = find(name))) {
		xl_usage(c);
		return;
	}
	if (name && strcmp(name, "help")) {
		printf("command \"%s\" not implemented\n", name);
		return;
	}
	printf("Usage xl [-vfN] [-C xl.conf] <subcommand> [args]\n\n"
	       "xl full list of subcommands:\n\n");
	for (c = xl_cmdtable; c->name; c++)
		printf(" %-19s %s\n\n", c->name, c->summary);
}

#define MAX_LONGOPTS 16

/*
 * Options as the entry says, then the operand counts; then the command.
 * getopt stops at the first operand (the global options' "+" stays in
 * force), so options come before operands, as they always did here.
 */
static int run(const struct xl_cmd *c, int argc, char **argv)
{
	struct option lo[MAX_LONGOPTS + 2] = { 0 };
	struct xl_args a = { .cmd = c };
	char shortopts[64];
	int opt, n = 0, r;

	if (c->refused) {
		if (argc > 1 && (!strcmp(argv[1], "-h") ||
				 !strcmp(argv[1], "--help"))) {
			xl_usage(c);
			return EXIT_SUCCESS;
		}
		fprintf(stderr, "xl %s: not on KVM: %s.\n", c->name, c->refused);
		return EXIT_FAILURE;
	}
	if ((c->flags & XL_FILE_FIRST) && argc > 1 && argv[1][0] != '-' &&
	    !strchr(argv[1], '=')) {
		a.file = argv[1];
		argv[1] = argv[0];	/* getopt's messages name the command */
		argv++;
		argc--;
	}
	while (c->longopts && c->longopts[n].name && n < MAX_LONGOPTS) {
		lo[n] = c->longopts[n];
		n++;
	}
	lo[n] = (struct option){ "help", no_argument, NULL, 'h' };
	snprintf(shortopts, sizeof(shortopts), "%sh", c->opts);
	optind = 1;
	while ((opt = getopt_long(argc, argv, shortopts, lo, NULL)) >= 0) {
		if (opt == 'h') {
			xl_usage(c);
			return EXIT_SUCCESS;
		}
		if (opt == '?' || opt >= (int)(sizeof(a.opt) / sizeof(a.opt[0]))) {
			xl_usage(c);	/* getopt said what was wrong */
			return 2;
		}
		a.opt[opt] = optarg ? optarg : "";
	}
	n = argc - optind;
	if (n < c->min) {
		fprintf(stderr, "'xl %s' requires at least %d argument%s.\n\n",
			c->name, c->min, c->min > 1 ? "s" : "");
		xl_usage(c);
		return 2;
	}
	if (n > c->max) {
		xl_usage(c);
		return 2;
	}
	a.argc = n;
	a.argv = argv + optind;
	r = c->fn(&a);
	if (r == XL_EUSAGE) {
		xl_usage(c);
		return 2;
	}
	return r;
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
			fprintf(stderr, "xl: -t: ignored: xl shows no progress "
				"messages to overwrite\n");
			break;
		case 'T':
			fprintf(stderr, "xl: -T: ignored: timestamps in xl's "
				"messages are not implemented\n");
			break;
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
	cmd = find(argv[0]);
	if (cmd) {
		if (xl.dryrun && !(cmd->flags & XL_DRYRUN)) {
			fprintf(stderr, "command does not implement -N (dryrun) option\n");
			ret = EXIT_FAILURE;
		} else {
			ret = run(cmd, argc, argv);
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
