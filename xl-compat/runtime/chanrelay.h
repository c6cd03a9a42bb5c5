/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A channel relay (libevent): moves bytes both ways between two ends, for
 * every channel of a domain.  End 0 faces the guest (QEMU's sockets for the
 * channel's ports), end 1 the dom0 program or the peer domain.  An end is
 *   CHANRELAY_CONNECT  a Unix socket others listen on, (re)connected as a
 *                      client; one that refuses, drops or is not there yet
 *                      is retried with a doubling back-off (min_ms..max_ms);
 *   CHANRELAY_LISTEN   a Unix socket the relay listens on (made 0600, an
 *                      old socket at the path replaced, removed at free);
 *                      one connection at a time, the next one is accepted
 *                      when it goes, as QEMU's socket chardev does;
 *   CHANRELAY_PTY      a pty the relay opens (raw, as QEMU's); up while a
 *                      program holds its slave open (polled every 100 ms).
 * End 0 may have a second socket, alt_path (the channel's virtconsole, for
 * guests that do not serve the lossless port): what it sends joins end 0's
 * buffer, and what end 1 sends goes to it instead of end 0 while the guest
 * has not opened end 0's port (chanrelay_set_open).
 *
 * Bytes are never lost, reordered or duplicated by the relay: what it read
 * from one side stays in a bounded buffer (bufsize per direction) until the
 * other side has taken it, across any number of reconnections of either
 * end.  A full buffer stops reading from its source (backpressure), so the
 * relay's memory never grows past 2 * bufsize.  To a socket it writes one
 * chunk (at most CHANRELAY_CHUNK) at a time and forgets it only once the
 * reader has read it all (SIOCOUTQ is 0): a reader that closes with part of
 * it unread (the kernel then reports ECONNRESET, not end of file) gets the
 * whole chunk again from the next connection, so only a reader that read
 * part of a chunk and then closed sees that part twice.  A pty keeps no
 * such account: what its tty buffers hold when the last program closes the
 * slave is lost, as with QEMU's pty chardev.
 */
#ifndef XLRT_CHANRELAY_H
#define XLRT_CHANRELAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most written to a socket before its reader has read it all: under
 * the size of one skb of a Unix stream socket (32 KiB of pages plus the
 * head), so that a reader's close leaves it either read whole or not. */
#define CHANRELAY_CHUNK	(32 << 10)

struct event_base;
struct chanrelay;

enum chanrelay_kind { CHANRELAY_CONNECT, CHANRELAY_LISTEN, CHANRELAY_PTY };

struct chanrelay_cfg {
	const char *path[2];	/* the two ends' sockets (copied); none for
				 * a pty */
	enum chanrelay_kind kind[2];	/* default CONNECT */
	const char *alt_path;	/* optional: end 0's second socket (CONNECT) */
	size_t bufsize;		/* per direction; 0: 1 MiB */
	int min_ms, max_ms;	/* reconnect back-off; 0: 20 and 2000 */
	/* optional: an end went up (up=1) or down (up=0, err a -errno or 0
	 * for end of file); end 2 is alt_path */
	void (*notify)(void *opaque, int end, int up, int err);
	void *opaque;
};

struct chanrelay_stats {
	uint64_t moved[2];	/* bytes delivered from side i to the other */
	uint64_t connects[2];	/* successful connections of end i */
	uint64_t attempts[2];	/* connection attempts of end i */
	uint64_t resent[2];	/* chunks from side i sent again after a
				 * reader closed without reading them */
	size_t queued[2];	/* bytes read from side i, not yet delivered */
	int up[2];
};

/* Starts connecting (or listening) at once; NULL with errno on failure. */
struct chanrelay *chanrelay_new(struct event_base *base,
				const struct chanrelay_cfg *cfg);
/* The guest has end 0's port open (true) or closed: with alt_path, what
 * end 1 sends goes to end 0 only while it is open.  Without alt_path end 0
 * always takes it. */
void chanrelay_set_open(struct chanrelay *r, bool open);
/* A CHANRELAY_PTY end's slave, e.g. "/dev/pts/3"; NULL for other kinds. */
const char *chanrelay_pty_name(const struct chanrelay *r, int end);
void chanrelay_stats(const struct chanrelay *r, struct chanrelay_stats *st);
/* Closes the ends; bytes still queued are dropped. */
void chanrelay_free(struct chanrelay *r);

#endif
