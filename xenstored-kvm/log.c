/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Library logging: formats a message and hands it to the embedder's log
 * callback when the configured level lets it through.
 */
#include <stdio.h>

#include "xsd-internal.h"

void xsd_log(struct xsd *x, int level, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	if (level > x->cfg.log_level || !x->cfg.log)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	x->cfg.log(x->cfg.ctx, level, buf);
}
