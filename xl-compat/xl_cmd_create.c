/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_cmd_create.c: `xl create'. Under -N (or -n) it makes create's
 * checks (xl_create_check) and prints the domain model as JSON, as Xen's
 * xl does; otherwise xl_create_run (xl_create.c) starts it.
 */
#include <stdlib.h>
#include <string.h>

#include "xl.h"
#include "xl_create.h"
#include "accel.h"

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

int main_create(const struct xl_args *a)
{
	struct xl_create_flags fl = { 0 };
	const char *file = a->opt['f'] ? a->opt['f'] : a->file;
	char *extra = NULL;
	struct xlrt_accel_choice ch;
	struct xlm_domain d;
	json_object *o;
	int i, dry = xl.dryrun || a->opt['n'], ret = EXIT_FAILURE;

	xl_create_opts(a, &fl);
	fl.paused = !!a->opt['p'];
	fl.console = !!a->opt['c'];
	fl.foreground = !!a->opt['F'];
	fl.quiet = !!a->opt['q'];
	for (i = 0; i < a->argc; i++) {
		if (strchr(a->argv[i], '=')) {
			if (append(&extra, a->argv[i]))
				goto out;
		} else if (!file) {
			file = a->argv[i];
		} else {
			free(extra);
			return XL_EUSAGE;
		}
	}
	if (!file) {
		fprintf(stderr, "xl create: no config file given\n");
		goto out;
	}
	if (!dry && !fl.quiet)
		fprintf(stderr, "Parsing config from %s\n", file);
	if (xlm_load(file, extra, &xl.conf.defaults, &d) ||
	    (!a->opt['i'] && xl_affinity_masks(&d))) {
		xlm_domain_dispose(&d);
		goto out;
	}
	if (dry) {
		/* the model as parsed, printed once create's checks pass */
		o = xlm_domain_json(&d);
		if (!xl_create_check(&d, &fl, true, &ch)) {
			xlm_json_print(stdout, o);
			ret = fflush(stdout) ? EXIT_FAILURE : EXIT_SUCCESS;
		}
		json_object_put(o);
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
