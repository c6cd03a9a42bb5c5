/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_cmd_network.c: `xl network-attach'.  Under -N it prints the parsed
 * vif as Xen's xl does ("vif: {...}"), which is what Xen's
 * check-xl-vif-parse compares.
 */
#include <stdlib.h>

#include "xl.h"
#include "xl_dom.h"
#include "xl_fmt.h"

int main_network_attach(const struct xl_args *a)
{
	struct xlm_nic nic;
	unsigned int domid;
	int i, ret = EXIT_SUCCESS;

	if (xl_domid(NULL, a->argv[0], XL_DOM_NUMBER, &domid))
		return EXIT_FAILURE;
	xlm_nic_init(&nic);
	xlm_nic_apply_defaults(&nic, &xl.conf.defaults);
	for (i = 1; i < a->argc && ret == EXIT_SUCCESS; i++)
		if (xlm_parse_nic_item("command line", a->argv[i], &nic))
			ret = EXIT_FAILURE;
	if (ret == EXIT_SUCCESS && xl.dryrun) {
		xlf_device_json(stdout, "vif", xlm_nic_json(&nic));
		ret = fflush(stdout) ? EXIT_FAILURE : EXIT_SUCCESS;
	} else if (ret == EXIT_SUCCESS) {
		fprintf(stderr, "xl network-attach: attaching to a running domain is not available in this build yet; use xl -N network-attach\n");
		ret = EXIT_FAILURE;
	}
	xlm_nic_dispose(&nic);
	return ret;
}
