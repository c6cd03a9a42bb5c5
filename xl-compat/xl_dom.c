/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_dom.c: helpers the host and domain command groups share (xl_dom.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xenstore.h>

#include "xl_dom.h"

struct xs_handle *xl_xs(void)
{
	char err[512];
	struct xs_handle *xs = xlrt_xs_open(err, sizeof(err));

	if (!xs)
		fprintf(stderr, "xl: %s\n", err);
	return xs;
}

int xl_live_domid(struct xs_handle *xs, const char *q, unsigned int *domid)
{
	char err[256];

	if (xlrt_domain_lookup(xs, q, domid, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

int xl_dom_qmp(unsigned int domid, struct xlrt_qmp **q)
{
	char err[512];

	if (domid == 0) {
		fprintf(stderr, "xl: domain 0 is the host: it has no device model\n");
		return -1;
	}
	if (xlrt_domain_qmp(domid, 5000, q, err, sizeof(err))) {
		fprintf(stderr, "xl: cannot reach the device model of domain %u: %s\n",
			domid, err);
		return -1;
	}
	return 0;
}

int xl_qmp_run(struct xlrt_qmp *q, const char *cmd, json_object *args,
	       json_object **ret)
{
	if (xlrt_qmp_execute(q, cmd, args, ret, 30000)) {
		fprintf(stderr, "xl: %s\n", xlrt_qmp_strerror(q));
		return -1;
	}
	return 0;
}

char *xl_xs_dom_read(struct xs_handle *xs, unsigned int domid, const char *rel)
{
	char path[256];
	unsigned int len;

	snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, rel);
	return xs_read(xs, XBT_NULL, path, &len);
}

int xl_xs_dom_write(struct xs_handle *xs, unsigned int domid, const char *rel,
		    const char *val)
{
	char path[256];

	snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, rel);
	if (!xs_write(xs, XBT_NULL, path, val, (unsigned int)strlen(val))) {
		fprintf(stderr, "xl: cannot write %s: %m\n", path);
		return -1;
	}
	return 0;
}

int xl_host_cpus(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/possible", "re");
	char buf[256];
	char *p;
	int n = 0;

	if (f && fgets(buf, sizeof(buf), f)) {
		p = strrchr(buf, '-');
		if (!p)
			p = strrchr(buf, ',');
		n = atoi(p ? p + 1 : buf) + 1;
	}
	if (f)
		fclose(f);
	return n > 0 ? n : (int)sysconf(_SC_NPROCESSORS_CONF);
}
