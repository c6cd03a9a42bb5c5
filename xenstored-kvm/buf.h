/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A growable byte queue: appended at the tail, consumed from the head.
 * Connections use one for input and one for output.
 */
#ifndef XSD_BUF_H
#define XSD_BUF_H

#include <stddef.h>

struct xsd_buf {
	char *data;
	size_t off;	/* consumed bytes at the head */
	size_t len;	/* end of valid data */
	size_t cap;
};

int xsd_buf_add(struct xsd_buf *b, const void *data, size_t len);
void xsd_buf_consume(struct xsd_buf *b, size_t len);
void xsd_buf_free(struct xsd_buf *b);

static inline size_t xsd_buf_used(const struct xsd_buf *b)
{
	return b->len - b->off;
}

static inline const char *xsd_buf_head(const struct xsd_buf *b)
{
	return b->data + b->off;
}

#endif
