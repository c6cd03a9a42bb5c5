/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Domain ids as Xen hands them out: monotonic from 1, skipping ids in use,
 * wrapping below 0x7FF0 (DOMID_FIRST_RESERVED); an id is never reused
 * while its domain lives.  A domain lives while RUN_DIR/<domid>/ exists:
 * allocating creates that directory (mkdir is the claim), under an flock
 * on RUN_DIR/domid, which also remembers the last id handed out.
 */
#ifndef XLRT_DOMID_H
#define XLRT_DOMID_H

#define XLRT_DOMID_FIRST_RESERVED 0x7FF0U

/* 0 and *domid with RUN_DIR/<domid>/ created (0700), or -errno
 * (-ENOSPC: every id is taken). */
int xlrt_domid_alloc(unsigned int *domid);

#endif
