/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest link protocol: a pure state machine, no I/O.  Received bytes go
 * in through link_input(); frames to send come out of link_output_peek();
 * streams are opened, written, read and closed through the functions below,
 * and the owner learns about the peer through the callbacks in link_ops.
 * The wire format is described in tools/agent/README.
 */
#ifndef XEN_KVM_LINK_H
#define XEN_KVM_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LINK_VERSION		1u
#define LINK_HDR_LEN		8u
#define LINK_MAX_PAYLOAD	16384u	/* largest frame payload accepted */
#define LINK_MAX_STREAMS	32u	/* streams one side may have open */
#define LINK_WINDOW		32768u	/* receive window granted per stream */
#define LINK_MAX_WINDOW		262144u	/* largest window a peer may grant */
#define LINK_MAX_KIND		64u	/* longest stream kind string */
#define LINK_OUTQ_LIMIT		262144u	/* stream data queued for the wire */
/* The vsock port the agent listens on when the link rides vsock ("XF") */
#define LINK_VSOCK_PORT		0x5846u

enum link_frame_type {
	LINK_HELLO = 1,
	LINK_OPEN = 2,
	LINK_DATA = 3,
	LINK_CLOSE = 4,
	LINK_CREDIT = 5,
};

/* Which end of the link we are: decides the parity of stream numbers. */
enum link_role {
	LINK_ROLE_HOST,		/* opens even stream numbers */
	LINK_ROLE_GUEST,	/* opens odd stream numbers */
};

struct link;

struct link_ops {
	/* HELLO exchanged: streams may be opened. */
	void (*up)(void *opaque);
	/*
	 * The peer opened stream id of this kind.  Return 0 to accept or a
	 * negative errno to refuse (the link then closes the stream).
	 */
	int (*open)(void *opaque, uint32_t id, const char *kind);
	/* The peer accepted a stream we opened. */
	void (*accepted)(void *opaque, uint32_t id);
	/* Data arrived: link_peek() has more to give. */
	void (*readable)(void *opaque, uint32_t id);
	/* Credit arrived: link_write() accepts more. */
	void (*writable)(void *opaque, uint32_t id);
	/*
	 * The peer closed (or refused) the stream, or the link was reset.
	 * Data already received stays readable; the owner calls link_close()
	 * once it is done with the stream.
	 */
	void (*closed)(void *opaque, uint32_t id);
};

struct link *link_new(enum link_role role, const struct link_ops *ops,
		      void *opaque);
void link_free(struct link *l);

/*
 * Start a new session: every stream is dropped (closed() is called for each
 * one the owner still holds), the receiver waits for the peer's HELLO and our
 * own HELLO is queued.  Call it whenever the transport (re)connects.
 */
void link_start(struct link *l);
/* As link_start() without queueing anything: the transport is gone. */
void link_reset(struct link *l);
bool link_is_up(const struct link *l);

/*
 * Feed received bytes.  Returns 0, or -EPROTO when the peer broke the
 * protocol; the link is then unusable until link_start().
 */
int link_input(struct link *l, const void *buf, size_t len);

/* Bytes waiting to be sent: a contiguous chunk and its consumption. */
const void *link_output_peek(const struct link *l, size_t *len);
void link_output_consume(struct link *l, size_t n);

/* Whether link_open() would succeed now (up, and under the stream limit). */
bool link_can_open(const struct link *l);
/* Open a stream of this kind: its number, or a negative errno. */
int64_t link_open(struct link *l, const char *kind);
/* How many bytes link_write() accepts on stream id now. */
size_t link_write_space(const struct link *l, uint32_t id);
/* Queue up to len bytes; returns how many were taken (0 when no credit). */
size_t link_write(struct link *l, uint32_t id, const void *buf, size_t len);
/* A contiguous run of received bytes of stream id (0 when none). */
size_t link_peek(const struct link *l, uint32_t id, const void **buf);
/* The owner has used n peeked bytes: they are dropped and credit returned. */
void link_consume(struct link *l, uint32_t id, size_t n);
/* Whether the peer has closed stream id (or it does not exist). */
bool link_peer_closed(const struct link *l, uint32_t id);
/* The owner is done with stream id; unknown ids are ignored. */
void link_close(struct link *l, uint32_t id);
/* Streams the owner holds (for tests and diagnostics). */
unsigned link_stream_count(const struct link *l);

#endif
