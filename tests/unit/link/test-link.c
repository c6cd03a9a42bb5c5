/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the guest link state machine: handshake, framing split at
 * every byte boundary, credit flow control, stream limits, restarts and the
 * rejection of malformed frames.  Two links talk through memory.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tools/agent/link.h"

/* One end: its link and what its callbacks saw. */
struct end {
	struct link *l;
	int ups;
	int refuse;		/* open() returns this */
	uint32_t opened[256];
	char kind[256][LINK_MAX_KIND + 1];
	int nopened;
	uint32_t accepted[256];
	int naccepted;
	uint32_t closed[256];
	int nclosed;
	int writable;
	bool close_in_cb;	/* link_close() from inside closed() */
};

static void cb_up(void *o) { ((struct end *)o)->ups++; }

static int cb_open(void *o, uint32_t id, const char *kind)
{
	struct end *e = o;

	if (e->refuse)
		return e->refuse;
	/* the records wrap; the counts are exact */
	e->opened[e->nopened % 256] = id;
	strcpy(e->kind[e->nopened++ % 256], kind);
	return 0;
}

static void cb_accepted(void *o, uint32_t id)
{
	struct end *e = o;

	e->accepted[e->naccepted++ % 256] = id;
}

static void cb_writable(void *o, uint32_t id) { ((struct end *)o)->writable++; }

static void cb_closed(void *o, uint32_t id)
{
	struct end *e = o;

	e->closed[e->nclosed++ % 256] = id;
	if (e->close_in_cb)
		link_close(e->l, id);
}

static const struct link_ops ops = {
	.up = cb_up, .open = cb_open, .accepted = cb_accepted,
	.writable = cb_writable, .closed = cb_closed,
};

static struct end *end_new(enum link_role role)
{
	struct end *e = calloc(1, sizeof(*e));

	assert_non_null(e);
	e->l = link_new(role, &ops, e);
	assert_non_null(e->l);
	return e;
}

static void end_free(struct end *e)
{
	link_free(e->l);
	free(e);
}

/* When set, everything this end sends is also recorded in tape_buf. */
static struct end *tape;
static uint8_t tape_buf[8192];
static size_t tape_len;

/* Move everything a has queued into b, chunk bytes at a time. */
static int move(struct end *a, struct end *b, size_t chunk)
{
	size_t len;
	const uint8_t *p;
	int r = 0;

	while ((p = link_output_peek(a->l, &len)), len) {
		uint8_t copy[len];

		memcpy(copy, p, len);
		link_output_consume(a->l, len);
		if (a == tape) {
			assert_true(tape_len + len <= sizeof(tape_buf));
			memcpy(tape_buf + tape_len, copy, len);
			tape_len += len;
		}
		for (size_t off = 0; off < len && !r; off += chunk)
			r = link_input(b->l, copy + off, len - off < chunk ? len - off : chunk);
		if (r)
			return r;
	}
	return 0;
}

static void pump(struct end *a, struct end *b)
{
	for (int i = 0; i < 8; i++) {
		assert_int_equal(move(a, b, 1 << 20), 0);
		assert_int_equal(move(b, a, 1 << 20), 0);
	}
}

/* A host and a guest with the session up. */
static void pair(struct end **h, struct end **g)
{
	*h = end_new(LINK_ROLE_HOST);
	*g = end_new(LINK_ROLE_GUEST);
	link_start((*h)->l);
	link_start((*g)->l);
	pump(*h, *g);
	assert_true(link_is_up((*h)->l));
	assert_true(link_is_up((*g)->l));
}

static size_t drain(struct end *e, uint32_t id, uint8_t *buf, size_t max)
{
	const void *p;
	size_t n, got = 0;

	while ((n = link_peek(e->l, id, &p)) && got < max) {
		if (n > max - got)
			n = max - got;
		memcpy(buf + got, p, n);
		link_consume(e->l, id, n);
		got += n;
	}
	return got;
}

static void test_handshake(void **state)
{
	struct end *h, *g;

	pair(&h, &g);
	assert_int_equal(h->ups, 1);
	assert_int_equal(g->ups, 1);
	end_free(h);
	end_free(g);
}

static void test_open_data_close(void **state)
{
	struct end *h, *g;
	uint8_t buf[64];

	pair(&h, &g);
	int64_t id = link_open(g->l, "xenstore");

	assert_true(id > 0 && (id & 1));
	assert_int_equal(link_write_space(g->l, (uint32_t)id), 0);	/* not accepted yet */
	pump(h, g);
	assert_int_equal(h->nopened, 1);
	assert_string_equal(h->kind[0], "xenstore");
	assert_int_equal(g->naccepted, 1);
	assert_int_equal(link_write_space(g->l, (uint32_t)id), LINK_WINDOW);

	assert_int_equal(link_write(g->l, (uint32_t)id, "ping", 4), 4);
	pump(h, g);
	assert_int_equal(drain(h, (uint32_t)id, buf, sizeof(buf)), 4);
	assert_memory_equal(buf, "ping", 4);
	assert_int_equal(link_write(h->l, (uint32_t)id, "pong!", 5), 5);
	pump(h, g);
	assert_int_equal(drain(g, (uint32_t)id, buf, sizeof(buf)), 5);
	assert_memory_equal(buf, "pong!", 5);

	/* data written before a close arrives before it */
	link_write(h->l, (uint32_t)id, "bye", 3);
	link_close(h->l, (uint32_t)id);
	pump(h, g);
	assert_int_equal(g->nclosed, 1);
	assert_true(link_peer_closed(g->l, (uint32_t)id));
	assert_int_equal(drain(g, (uint32_t)id, buf, sizeof(buf)), 3);
	link_close(g->l, (uint32_t)id);
	pump(h, g);
	assert_int_equal(link_stream_count(h->l), 0);
	assert_int_equal(link_stream_count(g->l), 0);
	assert_int_equal(h->nclosed, 0);	/* it closed first: no callback */
	end_free(h);
	end_free(g);
}

/*
 * Record what a guest sends in a whole session, then feed it to a fresh host
 * split in two at every byte position and byte by byte: the host must see the
 * same streams and data every time.
 */
static void test_fragmentation(void **state)
{
	struct end *h = end_new(LINK_ROLE_HOST), *g = end_new(LINK_ROLE_GUEST);
	size_t wlen;

	link_start(h->l);
	link_start(g->l);
	tape = g;
	tape_len = 0;
	pump(h, g);
	uint32_t a = (uint32_t)link_open(g->l, "xenstore");
	uint32_t b = (uint32_t)link_open(g->l, "vchan:7");

	pump(h, g);
	link_write(g->l, a, "hello world", 11);
	link_write(g->l, b, "second", 6);
	link_close(g->l, a);
	pump(h, g);
	tape = NULL;
	wlen = tape_len;
	end_free(h);
	end_free(g);

	for (size_t split = 0; split <= wlen + 1; split++) {
		struct end *x = end_new(LINK_ROLE_HOST);
		uint8_t buf[32];

		link_start(x->l);
		if (split <= wlen) {
			assert_int_equal(link_input(x->l, tape_buf, split), 0);
			assert_int_equal(link_input(x->l, tape_buf + split, wlen - split), 0);
		} else {
			for (size_t i = 0; i < wlen; i++)
				assert_int_equal(link_input(x->l, tape_buf + i, 1), 0);
		}
		assert_true(link_is_up(x->l));
		assert_int_equal(x->nopened, 2);
		assert_string_equal(x->kind[0], "xenstore");
		assert_string_equal(x->kind[1], "vchan:7");
		assert_int_equal(x->nclosed, 1);
		assert_int_equal(drain(x, a, buf, sizeof(buf)), 11);
		assert_memory_equal(buf, "hello world", 11);
		assert_int_equal(drain(x, b, buf, sizeof(buf)), 6);
		assert_memory_equal(buf, "second", 6);
		end_free(x);
	}
}

/* A reader that never reads one stream stalls only that stream. */
static void test_credit_isolation(void **state)
{
	struct end *h, *g;
	static uint8_t big[LINK_WINDOW * 2];
	uint8_t buf[64];

	pair(&h, &g);
	uint32_t slow = (uint32_t)link_open(g->l, "xenstore");
	uint32_t fast = (uint32_t)link_open(g->l, "xenstore");

	pump(h, g);
	/* fill the slow stream's window: the writer is held to it exactly */
	assert_int_equal(link_write(g->l, slow, big, sizeof(big)), LINK_WINDOW);
	assert_int_equal(link_write(g->l, slow, big, 1), 0);
	pump(h, g);
	assert_int_equal(link_write_space(g->l, slow), 0);
	/* the other stream still flows, many times over */
	for (int i = 0; i < 100; i++) {
		assert_int_equal(link_write(g->l, fast, "abcdefgh", 8), 8);
		pump(h, g);
		assert_int_equal(drain(h, fast, buf, sizeof(buf)), 8);
	}
	/* reading the slow stream returns credit */
	const void *p;
	size_t n = link_peek(h->l, slow, &p);

	assert_true(n > 0);
	link_consume(h->l, slow, LINK_WINDOW / 4);
	pump(h, g);
	assert_int_equal(link_write_space(g->l, slow), LINK_WINDOW / 4);
	assert_true(g->writable > 0);
	end_free(h);
	end_free(g);
}

/* Writes stop when the output queue is full, whatever the credit. */
static void test_output_limit(void **state)
{
	struct end *h, *g;
	static uint8_t big[LINK_WINDOW];
	uint32_t id[LINK_MAX_STREAMS];
	size_t total = 0;

	pair(&h, &g);
	for (unsigned i = 0; i < LINK_MAX_STREAMS; i++)
		id[i] = (uint32_t)link_open(g->l, "xenstore");
	pump(h, g);
	for (unsigned i = 0; i < LINK_MAX_STREAMS; i++)
		total += link_write(g->l, id[i], big, sizeof(big));
	assert_true(total <= LINK_OUTQ_LIMIT);
	assert_true(total >= LINK_OUTQ_LIMIT - LINK_MAX_PAYLOAD);
	assert_int_equal(link_write_space(g->l, id[LINK_MAX_STREAMS - 1]), 0);
	/* sending frees room again */
	assert_int_equal(move(g, h, 1 << 20), 0);
	assert_true(link_write_space(g->l, id[LINK_MAX_STREAMS - 1]) > 0);
	end_free(h);
	end_free(g);
}

static void test_stream_limit(void **state)
{
	struct end *h, *g;

	pair(&h, &g);
	for (unsigned i = 0; i < LINK_MAX_STREAMS; i++)
		assert_true(link_open(g->l, "xenstore") > 0);
	assert_false(link_can_open(g->l));
	assert_int_equal(link_open(g->l, "xenstore"), -EMFILE);
	pump(h, g);
	assert_int_equal(h->nopened, LINK_MAX_STREAMS);

	/* a peer that ignores the limit breaks the protocol */
	uint8_t f[] = { LINK_OPEN, 0, 0, 12, 0, 0, 0x7f, 0x01,
			0, 0, 0x10, 0, 'x', 'e', 'n', 's', 't', 'o', 'r', 'e' };

	assert_int_equal(link_input(h->l, f, sizeof(f)), -EPROTO);
	assert_false(link_is_up(h->l));
	/* a closed stream frees its place */
	end_free(h);
	end_free(g);
}

static void test_ids_reused_after_close(void **state)
{
	struct end *h, *g;

	pair(&h, &g);
	for (int round = 0; round < 3 * (int)LINK_MAX_STREAMS; round++) {
		int64_t id = link_open(g->l, "xenstore");

		assert_true(id > 0);
		pump(h, g);
		link_close(g->l, (uint32_t)id);
		h->close_in_cb = true;
		pump(h, g);
		assert_int_equal(link_stream_count(h->l), 0);
		assert_int_equal(link_stream_count(g->l), 0);
	}
	end_free(h);
	end_free(g);
}

static void test_refused(void **state)
{
	struct end *h, *g;

	pair(&h, &g);
	h->refuse = -EPROTONOSUPPORT;
	uint32_t id = (uint32_t)link_open(g->l, "bogus");

	pump(h, g);
	assert_int_equal(g->naccepted, 0);
	assert_int_equal(g->nclosed, 1);
	assert_int_equal(g->closed[0], id);
	link_close(g->l, id);
	pump(h, g);
	assert_int_equal(link_stream_count(g->l), 0);
	/* the refused stream's number is free again on both sides */
	h->refuse = 0;
	for (unsigned i = 0; i < LINK_MAX_STREAMS; i++)
		assert_true(link_open(g->l, "xenstore") > 0);
	pump(h, g);
	assert_int_equal(h->nopened, LINK_MAX_STREAMS);
	end_free(h);
	end_free(g);
}

/* The guest restarts: the host drops its streams and answers the HELLO. */
static void test_peer_restart(void **state)
{
	struct end *h, *g;

	pair(&h, &g);
	uint32_t id = (uint32_t)link_open(g->l, "xenstore");

	pump(h, g);
	link_write(h->l, id, "stale", 5);	/* in flight when the guest restarts */
	g->close_in_cb = true;
	link_start(g->l);
	assert_int_equal(g->nclosed, 1);
	pump(h, g);
	assert_int_equal(h->nclosed, 1);
	assert_int_equal(h->ups, 2);
	assert_int_equal(g->ups, 2);
	assert_true(link_is_up(g->l));
	assert_int_equal(link_stream_count(g->l), 0);
	assert_true(link_open(g->l, "xenstore") > 0);
	pump(h, g);
	assert_int_equal(h->nopened, 2);
	end_free(h);
	end_free(g);
}

/* Garbage before the peer's HELLO (an earlier session's tail) is skipped. */
static void test_garbage_before_hello(void **state)
{
	struct end *h = end_new(LINK_ROLE_HOST), *g = end_new(LINK_ROLE_GUEST);
	static const uint8_t junk[] = { 1, 0, 0, 16, 0, 0, 0, 0, 'X', 'E', 'N', 7,
					LINK_DATA, 0, 0xff, 0xff, 1, 2, 3, 1, 1 };

	link_start(h->l);
	link_start(g->l);
	assert_int_equal(link_input(h->l, junk, sizeof(junk)), 0);
	pump(h, g);
	assert_true(link_is_up(h->l));
	assert_true(link_is_up(g->l));
	end_free(h);
	end_free(g);
}

/* Each frame, fed to a host whose guest has opened stream 1, must be refused. */
static void test_malformed(void **state)
{
	static const struct { const char *what; uint8_t f[32]; size_t len; } bad[] = {
		{ "reserved byte", { LINK_CREDIT, 1, 0, 4, 0, 0, 0, 1, 0, 0, 0, 1 }, 12 },
		{ "unknown type", { 9, 0, 0, 0, 0, 0, 0, 1 }, 8 },
		{ "type zero", { 0, 0, 0, 0, 0, 0, 0, 1 }, 8 },
		{ "oversized", { LINK_DATA, 0, 0x40, 0x01, 0, 0, 0, 1 }, 8 },
		{ "hello length", { LINK_HELLO, 0, 0, 4, 0, 0, 0, 0, 'X', 'E', 'N', 'K' }, 12 },
		{ "hello stream", { LINK_HELLO, 0, 0, 16, 0, 0, 0, 1, 'X', 'E', 'N', 'K',
				    'V', 'M', 'L', 'K', 0, 0, 0, 1, 0, 0, 0, 0 }, 24 },
		{ "hello magic", { LINK_HELLO, 0, 0, 16, 0, 0, 0, 0, 'X', 'E', 'N', 'K',
				   'V', 'M', 'L', 'Q', 0, 0, 0, 1, 0, 0, 0, 0 }, 24 },
		{ "hello version 0", { LINK_HELLO, 0, 0, 16, 0, 0, 0, 0, 'X', 'E', 'N', 'K',
				       'V', 'M', 'L', 'K', 0, 0, 0, 0, 0, 0, 0, 0 }, 24 },
		{ "open stream 0", { LINK_OPEN, 0, 0, 5, 0, 0, 0, 0, 0, 0, 1, 0, 'x' }, 13 },
		{ "open host parity", { LINK_OPEN, 0, 0, 5, 0, 0, 0, 2, 0, 0, 1, 0, 'x' }, 13 },
		{ "open duplicate", { LINK_OPEN, 0, 0, 5, 0, 0, 0, 1, 0, 0, 1, 0, 'x' }, 13 },
		{ "open no kind", { LINK_OPEN, 0, 0, 4, 0, 0, 0, 3, 0, 0, 1, 0 }, 12 },
		{ "open window 0", { LINK_OPEN, 0, 0, 5, 0, 0, 0, 3, 0, 0, 0, 0, 'x' }, 13 },
		{ "open window huge", { LINK_OPEN, 0, 0, 5, 0, 0, 0, 3, 0, 0x10, 0, 0, 'x' }, 13 },
		{ "open kind space", { LINK_OPEN, 0, 0, 6, 0, 0, 0, 3, 0, 0, 1, 0, 'x', ' ' }, 14 },
		{ "open kind nul", { LINK_OPEN, 0, 0, 6, 0, 0, 0, 3, 0, 0, 1, 0, 'x', 0 }, 14 },
		{ "open kind long", { LINK_OPEN, 0, 0, 4 + LINK_MAX_KIND + 1, 0, 0, 0, 3 }, 8 },
		{ "data empty", { LINK_DATA, 0, 0, 0, 0, 0, 0, 1 }, 8 },
		{ "data unknown", { LINK_DATA, 0, 0, 1, 0, 0, 0, 5, 'x' }, 9 },
		{ "data stream 0", { LINK_DATA, 0, 0, 1, 0, 0, 0, 0, 'x' }, 9 },
		{ "close payload", { LINK_CLOSE, 0, 0, 1, 0, 0, 0, 1, 0 }, 9 },
		{ "close unknown", { LINK_CLOSE, 0, 0, 0, 0, 0, 0, 9 }, 8 },
		{ "credit zero", { LINK_CREDIT, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0 }, 12 },
		{ "credit overflow", { LINK_CREDIT, 0, 0, 4, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff }, 12 },
		{ "credit short", { LINK_CREDIT, 0, 0, 2, 0, 0, 0, 1, 0, 1 }, 10 },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct end *h, *g;

		pair(&h, &g);
		link_open(g->l, "xenstore");
		pump(h, g);
		assert_true(link_is_up(h->l));
		if (link_input(h->l, bad[i].f, bad[i].len) != -EPROTO)
			fail_msg("accepted a malformed frame: %s", bad[i].what);
		assert_false(link_is_up(h->l));
		/* a broken link stays broken until restarted */
		assert_int_equal(link_input(h->l, "", 1), -EPROTO);
		end_free(h);
		end_free(g);
	}
}

/* Data beyond the granted window, after a CLOSE, or before acceptance. */
static void test_flow_violations(void **state)
{
	static uint8_t frame[LINK_HDR_LEN + LINK_MAX_PAYLOAD];
	struct end *h, *g;

	pair(&h, &g);
	link_open(g->l, "xenstore");
	pump(h, g);
	frame[0] = LINK_DATA;
	frame[2] = LINK_MAX_PAYLOAD >> 8;
	frame[3] = LINK_MAX_PAYLOAD & 0xff;
	frame[7] = 1;
	for (unsigned i = 0; i < LINK_WINDOW / LINK_MAX_PAYLOAD; i++)
		assert_int_equal(link_input(h->l, frame, sizeof(frame)), 0);
	frame[2] = 0;
	frame[3] = 1;
	assert_int_equal(link_input(h->l, frame, LINK_HDR_LEN + 1), -EPROTO);
	end_free(h);
	end_free(g);

	/* data after the peer's own CLOSE */
	pair(&h, &g);
	uint32_t id = (uint32_t)link_open(g->l, "xenstore");

	pump(h, g);
	link_close(g->l, id);
	assert_int_equal(move(g, h, 1 << 20), 0);
	uint8_t d[] = { LINK_DATA, 0, 0, 1, 0, 0, 0, 1, 'x' };

	assert_int_equal(link_input(h->l, d, sizeof(d)), -EPROTO);
	end_free(h);
	end_free(g);

	/* data on a stream the peer refused (it never got credit) */
	pair(&h, &g);
	h->refuse = -EPERM;
	link_open(g->l, "xenstore");
	assert_int_equal(move(g, h, 1 << 20), 0);
	assert_int_equal(link_input(h->l, d, sizeof(d)), -EPROTO);
	end_free(h);
	end_free(g);
}

/*
 * Random frames with plausible headers against an up host: every call ends
 * in 0 or -EPROTO (then the link restarts), never a crash or an overrun
 * (run it under ASan to see the latter), and the stream table stays bounded.
 */
static void test_random_frames(void **state)
{
	static const uint8_t hello[] = { LINK_HELLO, 0, 0, 16, 0, 0, 0, 0,
		'X', 'E', 'N', 'K', 'V', 'M', 'L', 'K', 0, 0, 0, 1, 0, 0, 0, 0 };
	struct end *h = end_new(LINK_ROLE_HOST);
	uint8_t f[LINK_HDR_LEN + 96];
	unsigned seed = 12345, errors = 0;

	link_start(h->l);
	assert_int_equal(link_input(h->l, hello, sizeof(hello)), 0);
	for (int i = 0; i < 200000; i++) {
		size_t len = rand_r(&seed) % 80;

		for (size_t j = 0; j < sizeof(f); j++)
			f[j] = (uint8_t)rand_r(&seed);
		f[0] = (uint8_t)(1 + rand_r(&seed) % 6);	/* mostly known types */
		f[1] = rand_r(&seed) % 64 ? 0 : f[1];
		f[2] = 0;
		f[3] = (uint8_t)len;
		f[4] = f[5] = f[6] = 0;
		f[7] = (uint8_t)(rand_r(&seed) % 8);		/* few stream numbers */
		if (f[0] == LINK_OPEN) {
			f[8] = f[9] = 0;
			for (size_t j = 12; j < LINK_HDR_LEN + len; j++)
				f[j] = (uint8_t)('a' + f[j] % 26);
		}
		if (f[0] == LINK_CREDIT) {
			f[8] = f[9] = 0;
		}
		int r = link_input(h->l, f, LINK_HDR_LEN + len);

		assert_true(r == 0 || r == -EPROTO);
		assert_true(link_stream_count(h->l) <= LINK_MAX_STREAMS);
		if (r < 0) {
			errors++;
			link_start(h->l);
			assert_int_equal(link_input(h->l, hello, sizeof(hello)), 0);
		}
		/* the owner reads and closes as a relay would */
		for (uint32_t id = 1; id < 8; id += 2) {
			const void *p;
			size_t n = link_peek(h->l, id, &p);

			link_consume(h->l, id, n);
			if (link_peer_closed(h->l, id))
				link_close(h->l, id);
		}
		size_t out;

		link_output_peek(h->l, &out);
		link_output_consume(h->l, out);
	}
	/* both outcomes happened often: the walk reached deep states */
	print_message("random frames: %u protocol errors, %d streams opened, %d closed\n",
		      errors, h->nopened, h->nclosed);
	assert_true(errors > 1000 && h->nopened > 1000 && h->nclosed > 100);
	end_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_handshake),
		cmocka_unit_test(test_open_data_close),
		cmocka_unit_test(test_fragmentation),
		cmocka_unit_test(test_credit_isolation),
		cmocka_unit_test(test_output_limit),
		cmocka_unit_test(test_stream_limit),
		cmocka_unit_test(test_ids_reused_after_close),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_peer_restart),
		cmocka_unit_test(test_garbage_before_hello),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_flow_violations),
		cmocka_unit_test(test_random_frames),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
