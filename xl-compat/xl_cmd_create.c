/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_cmd_create.c: `xl create'. Under -N (or -n) it prints the domain
 * model as JSON, as Xen's xl does; otherwise xl_create_run (the domain
 * commands, on the runtime) starts it.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "xl.h"

static int append(char **acc, const char *s)
{
	size_t old = *acc ? strlen(*acc) : 0;
	char *n = realloc(*acc, old + strlen(s) + 2);

	if (!n)
		return -1;
	sprintf(n + old, "%s\n", s);
	*acc = n;
	return 0;
}

static int cmd_create(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dryrun", no_argument, NULL, 'n' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "vncviewer", no_argument, NULL, 'V' },
		{ "vncviewer-autopass", no_argument, NULL, 'A' },
		{ "ignore-global-affinity-masks", no_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct xl_create_flags fl = { 0 };
	const char *file = NULL;
	char *extra = NULL;
	struct xlm_domain d;
	json_object *o;
	int opt, dry = xl.dryrun, ret = EXIT_FAILURE;

	/* `xl create cfg -f x' style: a leading plain argument is the file */
	if (argc > 1 && argv[1][0] != '-' && !strchr(argv[1], '=')) {
		file = argv[1];
		argv++;
		argc--;
	}
	while ((opt = getopt_long(argc, argv, "AFVcdef:inpqh", opts, NULL)) >= 0) {
		switch (opt) {
		case 'f':
			file = optarg;
			break;
		case 'n':
			dry = 1;
			break;
		case 'h':
			xl_usage(xl_cmd_find("create"));
			return EXIT_SUCCESS;
		case '?':
			xl_usage(xl_cmd_find("create"));
			return 2;
		case 'p':
			fl.paused = 1;
			break;
		case 'c':
			fl.console = 1;
			break;
		case 'F':
			fl.foreground = 1;
			break;
		case 'q':
			fl.quiet = 1;
			break;
		default:
			break;	/* -e (the monitor always runs: it owns QEMU),
				 * vncviewer: no effect */
		}
	}
	for (; optind < argc; optind++) {
		if (strchr(argv[optind], '=')) {
			if (append(&extra, argv[optind]))
				goto out;
		} else if (!file) {
			file = argv[optind];
		} else {
			xl_usage(xl_cmd_find("create"));
			free(extra);
			return 2;
		}
	}
	if (!file) {
		fprintf(stderr, "xl create: no config file given\n");
		goto out;
	}
	if (!dry && !fl.quiet)
		fprintf(stderr, "Parsing config from %s\n", file);
	if (xlm_load(file, extra, &xl.conf.defaults, &d)) {
		xlm_domain_dispose(&d);
		goto out;
	}
	if (dry) {
		o = xlm_domain_json(&d);
		xlm_json_print(stdout, o);
		json_object_put(o);
		ret = fflush(stdout) ? EXIT_FAILURE : EXIT_SUCCESS;
	} else {
		char *text = xl_config_text(file, extra);

		fl.config_text = text;	/* kept for xl save */
		ret = xl_create_run(&d, &fl);
		free(text);
	}
	xlm_domain_dispose(&d);
out:
	free(extra);
	return ret;
}

const struct xl_cmd xl_cmds_create[] = {
	{ "create", cmd_create, 1, "Create a domain from config file <filename>",
	  "create <ConfigFile> [options] [vars]" },
	{ NULL, NULL, 0, NULL, NULL },
};
