/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The trace file of -T, in the layout of Xen 4.17's xenstored, so what
 * reads one reads the other:
 *   IN 0x55d0c3a0 20261204 17:01:02 READ (/local/domain/0/name )
 *   OUT 0x55d0c3a0 20261204 17:01:02 READ (Domain-0)
 * The payload's NULs print as spaces, other control bytes as '.', so a
 * message is one line. Connections get CREATE and DESTROY lines naming
 * their domain. The file is created 0600: it holds whatever the store
 * holds.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "trace.h"
#include "xsd.h"

struct xsd_trace {
	char *path;
	FILE *f;
};

static FILE *open_append(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	FILE *f;

	if (fd < 0)
		return NULL;
	f = fdopen(fd, "a");
	if (!f)
		close(fd);
	return f;
}

/* path is absolute (main.c), so a reopen after chdir("/") finds it. */
struct xsd_trace *xsd_trace_open(const char *path)
{
	struct xsd_trace *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->path = strdup(path);
	t->f = t->path ? open_append(path) : NULL;
	if (!t->f) {
		free(t->path);
		free(t);
		return NULL;
	}
	return t;
}

int xsd_trace_reopen(struct xsd_trace *t)
{
	FILE *f = open_append(t->path);

	if (!f)
		return -1;
	fclose(t->f);
	t->f = f;
	return 0;
}

void xsd_trace_close(struct xsd_trace *t)
{
	if (!t)
		return;
	if (t->f)
		fclose(t->f);
	free(t->path);
	free(t);
}

void xsd_trace_msg(struct xsd_trace *t, const void *conn, bool out,
		   uint32_t type, const void *data, size_t len)
{
	const unsigned char *p = data;
	const char *name = xsd_msg_name(type);
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	size_t i;

	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y%m%d %H:%M:%S", &tm);
	if (name)
		fprintf(t->f, "%s %p %s %s (", out ? "OUT" : "IN", conn, when,
			name);
	else
		fprintf(t->f, "%s %p %s type %u (", out ? "OUT" : "IN", conn,
			when, type);
	for (i = 0; i < len; i++)
		putc(!p[i] ? ' ' : p[i] < 0x20 || p[i] == 0x7f ? '.' : p[i],
		     t->f);
	fputs(")\n", t->f);
	fflush(t->f);
}

void xsd_trace_conn(struct xsd_trace *t, const void *conn, uint32_t domid,
		    bool created)
{
	fprintf(t->f, "%s connection %p domain %u\n",
		created ? "CREATE" : "DESTROY", conn, domid);
	fflush(t->f);
}
