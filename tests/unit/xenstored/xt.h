/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers for the libxsd unit tests: a fake connection driven through the
 * public contract (xsd.h: xsd_conn_input, xsd_conn_output/sent) with
 * requests written as "arg|arg|" ('|' stands for NUL), replies rendered
 * back the same way ("!ENOENT|" for errors), watch events collected per
 * connection, and an independent count of the node bytes a domain owns.
 * Tests look at the library's state (accounting, the tree) through
 * xsd-internal.h; they change it only through requests.
 */
#ifndef XT_H
#define XT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "xsd-internal.h"

struct xsd *xt_new(const char *state_dir);
struct xsd_conn *xt_conn(struct xsd *x, uint32_t domid);
/* Send one request; returns the rendered reply (static buffer). */
const char *xt_req(struct xsd *x, struct xsd_conn *c, uint32_t type,
		   uint32_t tx, const char *args);
/* Pops the events received so far as "path|token|path|token|". */
const char *xt_events(struct xsd_conn *c);
void xt_free_conn(struct xsd_conn *c);
/* Bytes queued on c's output. */
size_t xt_output(const struct xsd_conn *c);
/* Walk the tree: bytes of the nodes domid owns, as Xen 4.17 counts them. */
long xt_owned_mem(struct xsd *x, uint32_t domid);

#define XT_OK(x, c, type, args) \
	assert_string_equal(xt_req(x, c, type, 0, args), "OK|")

#endif
