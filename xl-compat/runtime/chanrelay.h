/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A channel relay (libevent): moves bytes both ways between two Unix
 * sockets that others listen on, for a `backend=<domain>' channel between
 * two DomUs.  Each end is (re)connected as a client; an end that refuses,
 * drops or is not there yet is retried with a doubling back-off
 * (min_ms..max_ms), while the other end keeps flowing into its buffer.
 *
 * Bytes are never lost, reordered or duplicated by the relay: what it read
 * from one end stays in a bounded buffer (bufsize per direction) until the
 * other end has taken it, across any number of reconnections of either
 * end.  A full buffer stops reading from its source (backpressure), so
 * the relay's memory never grows past 2 * bufsize.  Note that QEMU's
 * virtconsole itself drops guest output that its socket cannot take at
 * once (hw/char/virtio-console.c), so a relay should drain promptly: it
 * reads whenever its buffer has room.
 */
#ifndef XLRT_CHANRELAY_H
#define XLRT_CHANRELAY_H

#include <stddef.h>
#include <stdint.h>

struct event_base;
struct chanrelay;

struct chanrelay_cfg {
	const char *path[2];	/* the two ends (copied) */
	size_t bufsize;		/* per direction; 0: 1 MiB */
	int min_ms, max_ms;	/* reconnect back-off; 0: 20 and 2000 */
	/* optional: an end went up (up=1) or down (up=0, err a -errno or 0
	 * for end of file) */
	void (*notify)(void *opaque, int end, int up, int err);
	void *opaque;
};

struct chanrelay_stats {
	uint64_t moved[2];	/* bytes delivered from end i to the other */
	uint64_t connects[2];	/* successful connections of end i */
	uint64_t attempts[2];	/* connection attempts of end i */
	size_t queued[2];	/* bytes read from end i, not yet delivered */
	int up[2];
};

/* Starts connecting at once; NULL with errno on failure. */
struct chanrelay *chanrelay_new(struct event_base *base,
				const struct chanrelay_cfg *cfg);
void chanrelay_stats(const struct chanrelay *r, struct chanrelay_stats *st);
/* Closes both ends; bytes still queued are dropped. */
void chanrelay_free(struct chanrelay *r);

#endif
