/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_dom.h: what the commands share about domains: XenStore, the one
 * resolver of a domain qualifier, its QEMU over QMP, XenStore reads and
 * writes of a domain's keys, rename.  Every helper prints xl's message on
 * failure.
 */
#ifndef XL_DOM_H
#define XL_DOM_H

#include <stdbool.h>
#include <stdint.h>

#include <json-c/json.h>

#include "domain.h"
#include "qmp.h"
#include "xlmodel.h"

/* XenStore as dom0; NULL after "xl: <why>" on stderr. */
struct xs_handle *xl_xs(void);
/*
 * A domain qualifier (name, number or Domain-0) to a live domain; -1 after
 * xl's message.  With XL_DOM_NUMBER a number needs no live domain, as in
 * Xen's find_domain (device specs under xl -N); xs may be NULL.
 */
#define XL_DOM_NUMBER 1u
int xl_domid(struct xs_handle *xs, const char *q, unsigned int flags,
	     unsigned int *domid);
/* The command QMP socket of a live domain other than 0; -1 after a message. */
int xl_dom_qmp(unsigned int domid, struct xlrt_qmp **q);
/* One QMP command; prints "xl: <cmd>: <QEMU's error>" and returns -1. */
int xl_qmp_run(struct xlrt_qmp *q, const char *cmd, json_object *args,
	       json_object **ret);
/*
 * Hot-unplug QEMU device ids[0]: device_del, then wait for the
 * DEVICE_DELETED of each of the n ids (the guest must let go; it ejects a
 * PCI slot whole, so the other functions of ids[0]'s slot go with it;
 * other devices' events are skipped).  0, or -1 after xl's message.
 */
int xl_qmp_unplug(struct xlrt_qmp *q, const char *const *ids, int n);
/* Writes /local/domain/<domid>/<rel> (runtime/xs_path.h); 0 or -1 after
 * a message. */
int xl_xs_dom_write(struct xs_handle *xs, unsigned int domid, const char *rel,
		    const char *val);
/*
 * libxl_domain_rename: refuses a name in use, then name and /vm/<uuid>/name
 * in one transaction and the saved config; 0 or -1 after libxl's message.
 */
int xl_dom_rename(struct xs_handle *xs, unsigned int domid, const char *old,
		  const char *new);
/* The integer in node dir/key; -1 when it is absent (a device's
 * frontend or backend keys, as the *-list commands print them). */
int xl_xs_int(struct xs_handle *xs, const char *dir, const char *key);
/* A live domain's type as /libxl/<domid>/type records it (PVH when the
 * node is unreadable). */
enum xlm_domain_type xl_dom_type(struct xs_handle *xs, unsigned int domid);
/* Waits ms milliseconds (the commands poll with it). */
void xl_sleep_ms(int ms);

/* what (e.g. "pci-attach") needs a QEMU that can open host devices; a
 * restricted one cannot after its start: 0, or -1 after saying so. */
int xl_dom_need_privileged_qemu(unsigned int domid, const char *what);

#endif
