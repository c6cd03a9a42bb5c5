/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl channel-list: a domain's channels in Xen's format.  A channel is a
 * console with a name: ~/device/console/<n> (n >= 1) whose frontend has
 * name=; its backend (frontend's backend=) says connection= (and path=).
 * As libxl: Idx counts the named consoles from 0, BE the frontend's
 * backend-id (another domain's for a backend=<domain> channel, -1 when
 * absent), state the frontend's, evt-ch and ring-ref -1 when absent (no Xen
 * ring under KVM), and a pty channel shows its tty (/NO-SUCH-PATH when the
 * node is missing).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

#include "xl.h"
#include "xl_dom.h"
#include "xs_path.h"

static long num_or(char *s, long dflt)
{
	long v = s ? strtol(s, NULL, 10) : dflt;

	free(s);
	return v;
}

static int by_number(const void *a, const void *b)
{
	long x = atol(*(char *const *)a), y = atol(*(char *const *)b);

	return (x > y) - (x < y);
}

/* One row, or nothing for a console without a name or a usable backend. */
static int row(struct xs_handle *xs, unsigned int domid, const char *n,
	       int idx)
{
	char rel[96], path[320], *name, *be, *conn;
	unsigned int len, bedom;
	long bedomid, state, evtch, rref;

	snprintf(rel, sizeof(rel), "device/console/%s/name", n);
	name = xlrt_xs_dom_read(xs, XBT_NULL, domid, rel);
	if (!name)
		return 0;
	free(name);
	snprintf(rel, sizeof(rel), "device/console/%s/backend", n);
	be = xlrt_xs_dom_read(xs, XBT_NULL, domid, rel);
	if (!be || xlrt_xs_path_domid(be, &bedom)) {
		free(be);
		return 0;
	}
	snprintf(path, sizeof(path), "%s/connection", be);
	conn = xs_read(xs, XBT_NULL, path, &len);
	free(be);
	if (!conn || (strcmp(conn, "pty") && strcmp(conn, "socket"))) {
		free(conn);
		return 0;
	}
	snprintf(rel, sizeof(rel), "device/console/%s/backend-id", n);
	bedomid = num_or(xlrt_xs_dom_read(xs, XBT_NULL, domid, rel), -1);
	snprintf(rel, sizeof(rel), "device/console/%s/state", n);
	state = num_or(xlrt_xs_dom_read(xs, XBT_NULL, domid, rel), -1);
	snprintf(rel, sizeof(rel), "device/console/%s/port", n);
	evtch = num_or(xlrt_xs_dom_read(xs, XBT_NULL, domid, rel), -1);
	snprintf(rel, sizeof(rel), "device/console/%s/ring-ref", n);
	rref = num_or(xlrt_xs_dom_read(xs, XBT_NULL, domid, rel), -1);
	printf("%-3d %-2ld ", idx, bedomid);
	printf("%-5ld ", state);
	printf("%-6ld %-8ld ", evtch, rref);
	printf("%-10s ", conn);
	if (!strcmp(conn, "pty")) {
		char *tty;

		snprintf(rel, sizeof(rel), "device/console/%s/tty", n);
		tty = xlrt_xs_dom_read(xs, XBT_NULL, domid, rel);
		printf("%-30s ", tty ? tty : "/NO-SUCH-PATH");
		free(tty);
	}
	printf("\n");
	free(conn);
	return 1;
}

static void list_channels(struct xs_handle *xs, unsigned int domid)
{
	char path[64], **dir;
	unsigned int n, i;
	int idx = 0;

	xlrt_xs_dom_path(path, sizeof(path), domid, "device/console");
	dir = xs_directory(xs, XBT_NULL, path, &n);
	if (!dir)
		return;
	qsort(dir, n, sizeof(*dir), by_number);
	for (i = 0; i < n; i++)
		idx += row(xs, domid, dir[i], idx);
	free(dir);
}

int main_channel_list(const struct xl_args *a)
{
	struct xs_handle *xs;
	unsigned int domid;
	int i, rc = EXIT_SUCCESS;

	xs = xl_xs();
	if (!xs)
		return EXIT_FAILURE;
	/*      Idx BE state evt-ch ring-ref connection params */
	printf("%-3s %-2s %-5s %-6s %8s %-10s %-30s\n", "Idx", "BE", "state",
	       "evt-ch", "ring-ref", "connection", "");
	for (i = 0; i < a->argc; i++) {
		if (xl_domid(xs, a->argv[i], 0, &domid)) {
			rc = EXIT_FAILURE;
			continue;
		}
		list_channels(xs, domid);
	}
	xs_close(xs);
	return fflush(stdout) ? EXIT_FAILURE : rc;
}
