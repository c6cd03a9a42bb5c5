/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What journal.c and snapshot.c share about the state directory's files:
 * a bounds-checked reader over a mapped file, the checksum, a stdio writer
 * that keeps the first error and the checksum of what it wrote, the
 * encoding of a domain's state and the snapshot entry points.
 */
#ifndef XSD_STATEFILE_H
#define XSD_STATEFILE_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

struct xsd;

struct rd {
	const unsigned char *p, *end;
};

static inline bool get(struct rd *r, void *out, size_t len)
{
	if ((size_t)(r->end - r->p) < len)
		return false;
	memcpy(out, r->p, len);
	r->p += len;
	return true;
}

static inline bool get_str(struct rd *r, char *out, size_t size)
{
	uint16_t len;

	if (!get(r, &len, 2) || len >= size || !get(r, out, len))
		return false;
	out[len] = '\0';
	return true;
}

/* Every byte that decides what is loaded is under a CRC32 (zlib's). */
static inline uint32_t xsd_crc(uint32_t crc, const void *p, size_t len)
{
	return crc32(crc, p, len);
}

/* A stdio writer that keeps the first error and the CRC of what it wrote. */
struct xsd_wr {
	FILE *f;
	int err;
	uint32_t crc;
};

static inline void xsd_wr(struct xsd_wr *w, const void *p, size_t len)
{
	if (w->err || !len)
		return;
	if (fwrite(p, 1, len, w->f) != len)
		w->err = errno ? errno : EIO;
	w->crc = xsd_crc(w->crc, p, len);
}

/* A domain's persistent state: introduced, target, features, quotas. */
#define XSD_DOMSTATE_MAX	(4 + 1 + 4 + 4 + 1 + 8 * 32)
size_t xsd_domstate_put(const struct xsd *x, uint32_t domid,
			unsigned char *buf);
bool xsd_domstate_get(struct xsd *x, struct rd *r);

/*
 * EBADMSG: damaged (checksum, magic, size) and nothing was loaded; any
 * other error: the store may hold part of it.
 */
int xsd_snapshot_load(struct xsd *x, const unsigned char *buf, size_t len,
		      uint64_t *seq, bool *old_format);
int xsd_snapshot_encode(struct xsd *x, FILE *f, uint64_t seq);

#endif
