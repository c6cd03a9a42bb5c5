/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_cmd_devattach.c: `xl block-attach' and `xl network-attach'. Under -N
 * they print the parsed device as Xen's xl does ("disk: {...}"), which is
 * what Xen's check-xl-disk-parse and check-xl-vif-parse compare.
 */
#include <stdlib.h>
#include <string.h>

#include "xl.h"

static int print_dev(const char *label, json_object *o)
{
	printf("%s: ", label);
	xlm_json_print(stdout, o);
	putchar('\n');
	json_object_put(o);
	return fflush(stdout) ? EXIT_FAILURE : EXIT_SUCCESS;
}

static int not_yet(const char *cmd)
{
	fprintf(stderr, "xl %s: attaching to a running domain is not available in this build yet; use xl -N %s\n",
		cmd, cmd);
	return EXIT_FAILURE;
}

static int cmd_block_attach(int argc, char **argv)
{
	struct xlm_disk disk;
	unsigned domid;
	int ret;

	if (argc < 3) {
		xl_usage(xl_cmd_find(argv[0]));
		return 2;
	}
	if (xl_domid(argv[1], &domid))
		return EXIT_FAILURE;
	xlm_disk_init(&disk);
	if (xlm_parse_disk("command line", argc - 2,
			   (const char *const *)argv + 2, &disk))
		ret = EXIT_FAILURE;
	else if (xl.dryrun)
		ret = print_dev("disk", xlm_disk_json(&disk));
	else
		ret = xl_block_attach_live(domid, &disk);
	xlm_disk_dispose(&disk);
	return ret;
}

static int cmd_network_attach(int argc, char **argv)
{
	struct xlm_nic nic;
	unsigned domid;
	int i, ret = EXIT_SUCCESS;

	if (argc < 2) {
		xl_usage(xl_cmd_find(argv[0]));
		return 2;
	}
	if (xl_domid(argv[1], &domid))
		return EXIT_FAILURE;
	xlm_nic_init(&nic);
	xlm_nic_apply_defaults(&nic, &xl.conf.defaults);
	for (i = 2; i < argc && ret == EXIT_SUCCESS; i++)
		if (xlm_parse_nic_item("command line", argv[i], &nic))
			ret = EXIT_FAILURE;
	if (ret == EXIT_SUCCESS)
		ret = xl.dryrun ? print_dev("vif", xlm_nic_json(&nic)) :
				  not_yet(argv[0]);
	xlm_nic_dispose(&nic);
	return ret;
}

const struct xl_cmd xl_cmds_devattach[] = {
	{ "block-attach", cmd_block_attach, 1, "Create a new virtual block device",
	  "block-attach <Domain> <disk-spec-component(s)>..." },
	{ "network-attach", cmd_network_attach, 1, "Create a new network device",
	  "network-attach <Domain> [type=<type>] [mac=<mac>] [bridge=<bridge>] [ip=<ip>] [script=<script>] [backend=<BackDomain>] [vifname=<name>] [rate=<rate>] [model=<model>] [accel=<accel>]" },
	{ NULL, NULL, 0, NULL, NULL },
};
