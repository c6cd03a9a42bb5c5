/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The rows of layout.def for whichever xenctrl.h was included first:
 * define LAYOUT_FN to the function's name (layout.h), then include this.
 */
#include <stddef.h>
#include <string.h>

#include "layout.h"

/* The word after ssidref, where xc_dominfo_t's bit-fields live, with
 * only one of them set. */
#define BIT_IMAGE(f) ({ xc_dominfo_t d_; uint32_t w_ = 0; \
	memset(&d_, 0, sizeof(d_)); d_.f = 1; \
	memcpy(&w_, (const char *)&d_ + offsetof(xc_dominfo_t, ssidref) + \
	       sizeof(d_.ssidref), sizeof(w_)); (uint64_t)w_; })

int LAYOUT_FN(struct layout_row *out, int max)
{
	int n = 0;

#define ROW(name, v) do { if (n < max) { out[n].what = (name); \
	out[n].value = (uint64_t)(v); } n++; } while (0);
#define SIZE(t) ROW("sizeof(" #t ")", sizeof(t))
#define OFF(t, f) ROW("offsetof(" #t ", " #f ")", offsetof(t, f))
#define BIT(f) ROW("bit-field " #f, BIT_IMAGE(f))
#define CONST(c) ROW(#c, c)
#include "layout.def"
	return n;
}
