/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * -T FILE: Xen's xenstored trace, one line per message a connection sent
 * or was sent and per connection made or gone, for debugging clients.
 */
#ifndef XSD_TRACE_H
#define XSD_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct xsd_trace;

/* NULL with errno set when path cannot be opened for appending. */
struct xsd_trace *xsd_trace_open(const char *path);
/* After logrotate moved it: 0, or -1 (errno) keeping the old file. */
int xsd_trace_reopen(struct xsd_trace *t);
void xsd_trace_close(struct xsd_trace *t);

/* conn identifies the connection across lines, as Xen's %p does. */
void xsd_trace_msg(struct xsd_trace *t, const void *conn, bool out,
		   uint32_t type, const void *data, size_t len);
void xsd_trace_conn(struct xsd_trace *t, const void *conn, uint32_t domid,
		    bool created);

#endif
