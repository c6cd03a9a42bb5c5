/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the files of libxenctrl-shim share: the handle, failing the way
 * libxenctrl fails (errno, the last error, a line to the logger), and
 * XenStore opened on first use.
 */
#ifndef XC_PRIVATE_H
#define XC_PRIVATE_H

#include <pthread.h>
#include <sys/types.h>

#include "xenctrl.h"

struct xs_handle;
struct xc_vcpu_cache;

struct xc_interface_core {
	xentoollog_logger *logger;
	xentoollog_logger *logger_tofree;	/* ours, when the caller gave none */
	unsigned int flags;			/* XC_OPENFLAG_* */
	xc_error error;				/* last error if NON_REENTRANT */
	pthread_mutex_t lock;			/* xs, vcpus */
	struct xs_handle *xs;
	struct xc_vcpu_cache *vcpus;		/* xc_vcpu.c */
};

/*
 * Fail as libxenctrl does: set errno to err, record fmt as the last error
 * (XC_INTERNAL_ERROR, or XC_INVALID_PARAM for EINVAL), log it at error
 * level with err, whose text the logger appends (so fmt leaves it out);
 * returns -1.
 */
int xc_fail(xc_interface *xch, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The last-error slot of this handle for this thread. */
xc_error *xc_error_slot(xc_interface *xch);

/* XenStore as dom0, opened on first use (NULL after xc_fail). */
struct xs_handle *xc_xs(xc_interface *xch);

/* xc_vcpu.c: drop the vCPU thread cache (xc_interface_close). */
void xc_vcpu_cache_free(xc_interface *xch);

#endif
