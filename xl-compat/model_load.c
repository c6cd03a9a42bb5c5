/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * model_load.c: config file (plus command-line `k=v' text) to domain model,
 * the path every xl command that takes a config file goes through.
 */
#include <stdlib.h>
#include <string.h>

#include "xlmodel.h"

int xlm_load(const char *path, const char *extra,
	     const struct xlm_defaults *df, struct xlm_domain *d)
{
	struct xlcfg *cfg;
	char *data, *all;
	size_t len;
	int e, r = -1;

	xlm_domain_init(d);
	e = xlcfg_read_file(path, &data, &len);
	if (e) {
		fprintf(stderr, "%s: error: cannot read the config file: %s\n",
			path, strerror(e));
		return -1;
	}
	if (extra && *extra) {
		/* xl appends "\n<extra>\n" and parses the lot */
		all = realloc(data, len + strlen(extra) + 3);
		if (!all) {
			free(data);
			return -1;
		}
		data = all;
		len += sprintf(data + len, "\n%s\n", extra);
	}
	cfg = xlcfg_new(path, stderr);
	if (cfg && !xlcfg_parse(cfg, data, len)) {
		xlcfg_warn_keys(cfg);
		r = xlm_domain_from_config(cfg, df, d);
	}
	xlcfg_free(cfg);
	free(data);
	return r;
}
