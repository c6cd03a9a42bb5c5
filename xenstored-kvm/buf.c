/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The byte queue behind connection input and output. Consumed space at the
 * head is reclaimed by sliding the remainder down before growing, and an
 * emptied large buffer is released so an idle connection holds no memory.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

int xsd_buf_add(struct xsd_buf *b, const void *data, size_t len)
{
	if (!len)
		return 0;
	if (b->len + len > b->cap && b->off) {
		memmove(b->data, b->data + b->off, b->len - b->off);
		b->len -= b->off;
		b->off = 0;
	}
	if (b->len + len > b->cap) {
		size_t ncap = b->cap ? b->cap : 256;
		char *nd;

		while (ncap < b->len + len)
			ncap *= 2;
		nd = realloc(b->data, ncap);
		if (!nd)
			return ENOMEM;
		b->data = nd;
		b->cap = ncap;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
	return 0;
}

void xsd_buf_consume(struct xsd_buf *b, size_t len)
{
	b->off += len;
	if (b->off < b->len)
		return;
	b->off = b->len = 0;
	if (b->cap > 65536) {
		free(b->data);
		b->data = NULL;
		b->cap = 0;
	}
}

void xsd_buf_free(struct xsd_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}
