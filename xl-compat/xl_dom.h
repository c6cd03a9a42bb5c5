/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_dom.h: what the host and domain command groups (xl_cmd_info, _vcpu,
 * _mem, _misc, _save, _block, _top) share: XenStore, a live domain by
 * qualifier, its QEMU over QMP, and XenStore reads of a domain's keys.
 * Every helper prints xl's message on failure.
 */
#ifndef XL_DOM_H
#define XL_DOM_H

#include <stdbool.h>
#include <stdint.h>

#include <json-c/json.h>

#include "domain.h"
#include "qmp.h"

/* XenStore as dom0; NULL after "xl: <why>" on stderr. */
struct xs_handle *xl_xs(void);
/* A live domain (name, number or Domain-0); -1 after xl's message. */
int xl_live_domid(struct xs_handle *xs, const char *q, unsigned int *domid);
/* The command QMP socket of a live domain other than 0; -1 after a message. */
int xl_dom_qmp(unsigned int domid, struct xlrt_qmp **q);
/* One QMP command; prints "xl: <cmd>: <QEMU's error>" and returns -1. */
int xl_qmp_run(struct xlrt_qmp *q, const char *cmd, json_object *args,
	       json_object **ret);
/* /local/domain/<domid>/<rel> (malloc'ed) or NULL. */
char *xl_xs_dom_read(struct xs_handle *xs, unsigned int domid,
		     const char *rel);
/* Writes /local/domain/<domid>/<rel>; 0 or -1 after a message. */
int xl_xs_dom_write(struct xs_handle *xs, unsigned int domid, const char *rel,
		    const char *val);
/*
 * libxl_domain_rename: refuses a name in use, then name and /vm/<uuid>/name
 * in one transaction and the saved config; 0 or -1 after libxl's message.
 */
int xl_dom_rename(struct xs_handle *xs, unsigned int domid, const char *old,
		  const char *new);
/* Host CPUs (the vcpu bitmaps' width): highest possible cpu + 1. */
int xl_host_cpus(void);

#endif
