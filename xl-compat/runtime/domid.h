/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Domain ids as Xen hands them out: monotonic from 1, skipping ids in use,
 * wrapping below 0x7FF0 (DOMID_FIRST_RESERVED); an id is never reused
 * while its domain lives or XenStore holds it.  Allocating creates
 * RUN_DIR/<domid>/ (liveness.h) (mkdir is the claim), under an flock
 * on RUN_DIR/domid, which also remembers the last id handed out.
 * xl.conf's domid_policy="random" picks them at random instead, as libxl
 * does, so that an id says nothing about how many domains came before.
 */
#ifndef XLRT_DOMID_H
#define XLRT_DOMID_H

#include <stdbool.h>

#define XLRT_DOMID_FIRST_RESERVED 0x7FF0U

struct xs_handle;

/* What xlrt_domid_alloc returns when every id, 1..0x7FEF, is taken: not
 * an errno, so that a full disk (mkdir's ENOSPC) is not mistaken for it. */
#define XLRT_DOMID_EXHAUSTED 1

/* 0 and *domid with RUN_DIR/<domid>/ created (0700), -errno, or
 * XLRT_DOMID_EXHAUSTED.  With xs, an id XenStore still holds
 * (/local/domain/<id>: a domain a crash left, listed as dying until it is
 * destroyed) is skipped too.  random: any free id (the counter is left
 * as it is), else the next after the last. */
int xlrt_domid_alloc(struct xs_handle *xs, bool random, unsigned int *domid);

#endif
