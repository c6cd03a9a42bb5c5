/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * xc_iface.c: the handle (xc_interface_open/close) and errors as
 * libxenctrl reports them: errno, the per-thread last error, the logger.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

#include "domain.h"
#include "xc_private.h"
#include "xs_path.h"

/* As in Xen: the last error is per thread unless the handle is
 * NON_REENTRANT (then it is the handle's). */
static __thread xc_error thread_error;
static __thread char thread_strerror[256];

xc_interface *xc_interface_open(xentoollog_logger *logger,
				xentoollog_logger *dombuild_logger,
				unsigned open_flags)
{
	xc_interface *xch = calloc(1, sizeof(*xch));

	(void)dombuild_logger;	/* this library builds no domains */
	if (!xch)
		return NULL;
	xch->flags = open_flags;
	xch->logger = logger;
	if (!logger) {
		xch->logger_tofree = (xentoollog_logger *)
			xtl_createlogger_stdiostream(stderr, XTL_PROGRESS, 0);
		if (!xch->logger_tofree) {
			free(xch);
			return NULL;
		}
		xch->logger = xch->logger_tofree;
	}
	pthread_mutex_init(&xch->lock, NULL);
	return xch;
}

int xc_interface_close(xc_interface *xch)
{
	if (!xch)
		return 0;
	xc_vcpu_cache_free(xch);
	if (xch->xs)
		xs_close(xch->xs);
	xtl_logger_destroy(xch->logger_tofree);
	pthread_mutex_destroy(&xch->lock);
	free(xch);
	return 0;
}

xc_error *xc_error_slot(xc_interface *xch)
{
	return xch && (xch->flags & XC_OPENFLAG_NON_REENTRANT) ? &xch->error :
	       &thread_error;
}

int xc_fail(xc_interface *xch, int err, const char *fmt, ...)
{
	xc_error *e = xc_error_slot(xch);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
	e->code = err == EINVAL ? XC_INVALID_PARAM :
		  err == ENOMEM ? XC_OUT_OF_MEMORY : XC_INTERNAL_ERROR;
	if (xch && xch->logger)
		xtl_log(xch->logger, XTL_ERROR, err, "xc", "%s", e->message);
	errno = err;
	return -1;
}

struct xs_handle *xc_xs(xc_interface *xch)
{
	char err[512];
	int saved;

	pthread_mutex_lock(&xch->lock);
	if (!xch->xs)
		xch->xs = xlrt_xs_open(err, sizeof(err));
	saved = errno;
	pthread_mutex_unlock(&xch->lock);
	if (!xch->xs)
		xc_fail(xch, saved ? saved : ECONNREFUSED, "%s", err);
	return xch->xs;
}

const char *xc_error_code_to_desc(int code)
{
	switch (code) {
	case XC_ERROR_NONE:
		return "No error details";
	case XC_INTERNAL_ERROR:
		return "Internal error";
	case XC_INVALID_KERNEL:
		return "Invalid kernel";
	case XC_INVALID_PARAM:
		return "Invalid configuration";
	case XC_OUT_OF_MEMORY:
		return "Out of memory";
	}
	return "Unknown error code";
}

const char *xc_strerror(xc_interface *xch, int errcode)
{
	(void)xch;
	/* GNU strerror_r may return a static string instead of filling buf */
	return strerror_r(errcode, thread_strerror, sizeof(thread_strerror));
}

const xc_error *xc_get_last_error(xc_interface *xch)
{
	return xc_error_slot(xch);
}

void xc_clear_last_error(xc_interface *xch)
{
	xc_error *e = xc_error_slot(xch);

	e->code = XC_ERROR_NONE;
	e->message[0] = '\0';
}
