/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One row of the layout table (layout.def) as one header sees it. */
#ifndef XCSHIM_LAYOUT_H
#define XCSHIM_LAYOUT_H

#include <stdint.h>

struct layout_row {
	const char *what;
	uint64_t value;
};

/* Fill out with layout.def's rows in order; their number (at most max). */
int layout_deb(struct layout_row *out, int max);	/* Debian's xenctrl.h */
int layout_ours(struct layout_row *out, int max);	/* the shim's */

#endif
