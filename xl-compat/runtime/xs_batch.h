/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Many XenStore reads in one round trip.  libxenstore asks one request at
 * a time and waits for each answer; a batch puts every queued READ and
 * DIRECTORY on the wire at once, on its own connection to xenstored (found
 * as libxenstore finds it: $XENSTORED_PATH, else $XENSTORED_RUNDIR/socket,
 * else /var/run/xenstored/socket), and takes the answers as they come, in
 * request order, sending and receiving together (poll, non-blocking), so
 * a batch of any size cannot stall on full socket buffers.
 *
 *   struct xlrt_xsb *b = xlrt_xsb_new(xs);       xs may be NULL
 *   xlrt_xsb_read(b, "/local/domain/1/name");    answer 0
 *   xlrt_xsb_directory(b, "/local/domain/1/cpu"); answer 1
 *   xlrt_xsb_run(b);                              one round trip
 *   a = xlrt_xsb_answer(b, 0);                    a->err or a->val
 *   ... more requests, xlrt_xsb_run(b) again on the same connection ...
 *   xlrt_xsb_free(b);
 *
 * Where the path is not a socket (XENSTORED_PATH naming /dev/xen/xenbus,
 * say) or nothing listens on it, the requests are asked one by one
 * through the caller's handle xs; with no handle either, every answer is
 * -ECONNREFUSED.  Answers are not part of a transaction.
 */
#ifndef XLRT_XS_BATCH_H
#define XLRT_XS_BATCH_H

#include <stddef.h>

struct xs_handle;
struct xlrt_xsb;

struct xlrt_xsb_answer {
	int err;		/* 0, or a -errno: -ENOENT, -EACCES, -EINVAL ... */
	char *val;		/* malloc'ed, NULL on error.  READ: the value
				 * with a NUL added; DIRECTORY: the names of
				 * the children, each NUL-terminated */
	unsigned int len;	/* READ: the value's length; DIRECTORY: the
				 * number of names */
};

/* A batch (NULL: out of memory).  It connects on its first run. */
struct xlrt_xsb *xlrt_xsb_new(struct xs_handle *xs);
/* Closes its connection and frees every answer still held. */
void xlrt_xsb_free(struct xlrt_xsb *b);

/*
 * Queue a request for the next run; its answer's index is the number of
 * requests queued before it since the last run.  0 or -ENOMEM (then the
 * run fails with -ENOMEM).  A path too long for one message is answered
 * -E2BIG without being sent, as libxenstore does.
 */
int xlrt_xsb_read(struct xlrt_xsb *b, const char *path);
int xlrt_xsb_directory(struct xlrt_xsb *b, const char *path);

/*
 * Send every queued request, receive every answer; the previous run's
 * answers are freed first.  0 once each request has its answer (which
 * may be an error); else -ECONNREFUSED (no daemon, no handle), -ENOMEM,
 * or how the connection failed (-ECONNRESET, -EPROTO ...): the requests
 * left unanswered then carry that error, and the next run connects
 * again.  A directory too big for one reply (E2BIG) is asked again
 * through the handle, which reads it in parts.
 */
int xlrt_xsb_run(struct xlrt_xsb *b);

/* Answer i of the last run; past the last one, an answer with err
 * -EINVAL (or the run's own error).  The caller may take val (and set
 * it NULL). */
struct xlrt_xsb_answer *xlrt_xsb_answer(struct xlrt_xsb *b, size_t i);

#endif
