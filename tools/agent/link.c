/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest link protocol state machine: frame parsing and validation, stream
 * table, credit accounting and the output queue.  No I/O happens here; see
 * link.h for the interface and tools/agent/README for the wire format.
 */
#include "tools/agent/link.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define HELLO_LEN	16u
#define SLOTS		(2 * LINK_MAX_STREAMS)

static const uint8_t hello_magic[8] = { 'X', 'E', 'N', 'K', 'V', 'M', 'L', 'K' };

struct stream {
	bool used;
	bool ours;		/* we sent the OPEN */
	bool accepted;		/* the peer may send DATA / we may write */
	bool held;		/* the owner has not called link_close() yet */
	bool local_closed;	/* we sent CLOSE */
	bool peer_closed;	/* the peer sent CLOSE */
	uint32_t id;
	uint32_t tx_credit;	/* bytes we may still send */
	uint32_t rx_window;	/* bytes the peer may still send */
	uint32_t rx_unacked;	/* consumed bytes not yet credited back */
	uint8_t *rx;		/* ring of LINK_WINDOW bytes */
	size_t rx_head, rx_len;
};

struct link {
	enum link_role role;
	const struct link_ops *ops;
	void *opaque;
	bool up;
	bool broken;
	uint32_t next_id;
	struct stream s[SLOTS];

	/* receive side: header, then payload */
	uint8_t hdr[LINK_HDR_LEN];
	size_t hdr_len;
	uint8_t type;
	uint32_t stream;
	uint32_t need;
	uint8_t payload[LINK_MAX_PAYLOAD];
	size_t pay_len;

	/* output queue */
	uint8_t *out;
	size_t out_off, out_len, out_cap;
};

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static void put16(uint8_t *p, uint16_t v) { p[0] = v >> 8; p[1] = v & 0xff; }
static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24; p[1] = (v >> 16) & 0xff; p[2] = (v >> 8) & 0xff; p[3] = v & 0xff;
}

/* Queue one frame.  Allocation failure aborts: the owner cannot recover. */
static void emit(struct link *l, uint8_t type, uint32_t id,
		 const void *a, size_t alen, const void *b, size_t blen)
{
	size_t n = LINK_HDR_LEN + alen + blen;

	if (l->out_off && l->out_len + n > l->out_cap) {
		memmove(l->out, l->out + l->out_off, l->out_len - l->out_off);
		l->out_len -= l->out_off;
		l->out_off = 0;
	}
	if (l->out_len + n > l->out_cap) {
		size_t cap = l->out_cap ? l->out_cap : 4096;

		while (cap < l->out_len + n)
			cap *= 2;
		l->out = realloc(l->out, cap);
		if (!l->out)
			abort();
		l->out_cap = cap;
	}
	uint8_t *p = l->out + l->out_len;

	p[0] = type;
	p[1] = 0;
	put16(p + 2, (uint16_t)(alen + blen));
	put32(p + 4, id);
	if (alen)
		memcpy(p + LINK_HDR_LEN, a, alen);
	if (blen)
		memcpy(p + LINK_HDR_LEN + alen, b, blen);
	l->out_len += n;
}

static void emit_u32(struct link *l, uint8_t type, uint32_t id, uint32_t v)
{
	uint8_t b[4];

	put32(b, v);
	emit(l, type, id, b, 4, NULL, 0);
}

static void emit_hello(struct link *l)
{
	uint8_t b[HELLO_LEN];

	memcpy(b, hello_magic, 8);
	put32(b + 8, LINK_VERSION);
	put32(b + 12, 0);
	emit(l, LINK_HELLO, 0, b, sizeof(b), NULL, 0);
}

static struct stream *find(const struct link *l, uint32_t id)
{
	for (unsigned i = 0; i < SLOTS; i++)
		if (l->s[i].used && l->s[i].id == id)
			return (struct stream *)&l->s[i];
	return NULL;
}

static unsigned count_opened(const struct link *l, bool ours)
{
	unsigned n = 0;

	for (unsigned i = 0; i < SLOTS; i++)
		n += l->s[i].used && l->s[i].ours == ours;
	return n;
}

static struct stream *slot_new(struct link *l, uint32_t id, bool ours)
{
	for (unsigned i = 0; i < SLOTS; i++) {
		struct stream *s = &l->s[i];

		if (s->used)
			continue;
		uint8_t *rx = malloc(LINK_WINDOW);

		if (!rx)
			return NULL;
		memset(s, 0, sizeof(*s));
		s->used = true;
		s->ours = ours;
		s->id = id;
		s->rx = rx;
		s->rx_window = LINK_WINDOW;
		return s;
	}
	return NULL;
}

static void slot_free(struct stream *s)
{
	free(s->rx);
	memset(s, 0, sizeof(*s));
}

static void maybe_free(struct stream *s)
{
	if (s->local_closed && s->peer_closed && !s->held)
		slot_free(s);
}

struct link *link_new(enum link_role role, const struct link_ops *ops,
		      void *opaque)
{
	struct link *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	l->role = role;
	l->ops = ops;
	l->opaque = opaque;
	l->next_id = role == LINK_ROLE_HOST ? 2 : 1;
	return l;
}

void link_free(struct link *l)
{
	if (!l)
		return;
	for (unsigned i = 0; i < SLOTS; i++)
		if (l->s[i].used)
			slot_free(&l->s[i]);
	free(l->out);
	free(l);
}

/* Drop every stream; the owner hears closed() for those it holds. */
static void drop_streams(struct link *l)
{
	for (unsigned i = 0; i < SLOTS; i++) {
		struct stream *s = &l->s[i];

		if (!s->used)
			continue;
		bool held = s->held;
		uint32_t id = s->id;

		slot_free(s);
		if (held && l->ops->closed)
			l->ops->closed(l->opaque, id);
	}
}

void link_reset(struct link *l)
{
	l->up = false;
	l->broken = false;
	l->hdr_len = 0;
	l->need = 0;
	l->pay_len = 0;
	l->out_off = l->out_len = 0;
	drop_streams(l);
}

void link_start(struct link *l)
{
	link_reset(l);
	emit_hello(l);
}

bool link_is_up(const struct link *l)
{
	return l->up;
}

/*
 * Before the session is up the receiver scans for a HELLO header and magic,
 * discarding anything else: stale bytes of an earlier session may precede it.
 */
static void scan_hello(struct link *l, uint8_t c)
{
	uint8_t want[LINK_HDR_LEN + 8] = { LINK_HELLO, 0, 0, HELLO_LEN, 0, 0, 0, 0 };

	memcpy(want + LINK_HDR_LEN, hello_magic, 8);
	l->payload[l->pay_len++] = c;
	while (l->pay_len && memcmp(l->payload, want, l->pay_len)) {
		memmove(l->payload, l->payload + 1, l->pay_len - 1);
		l->pay_len--;
	}
	if (l->pay_len == sizeof(want)) {
		/* header matched: continue as an ordinary frame with the magic */
		memcpy(l->hdr, want, LINK_HDR_LEN);
		l->hdr_len = LINK_HDR_LEN;
		l->type = LINK_HELLO;
		l->stream = 0;
		l->need = HELLO_LEN;
		memmove(l->payload, l->payload + LINK_HDR_LEN, 8);
		l->pay_len = 8;
	}
}

static bool peer_parity(const struct link *l, uint32_t id)
{
	bool odd = id & 1;

	return l->role == LINK_ROLE_HOST ? odd : !odd;
}

/* Validate a complete header; 0 or -EPROTO.  No allocation depends on it. */
static int check_header(struct link *l)
{
	const uint8_t *h = l->hdr;
	uint32_t len = get16(h + 2);

	l->type = h[0];
	l->stream = get32(h + 4);
	l->need = len;
	l->pay_len = 0;
	if (h[1] != 0 || len > LINK_MAX_PAYLOAD)
		return -EPROTO;
	switch (l->type) {
	case LINK_HELLO:
		return l->stream == 0 && len == HELLO_LEN ? 0 : -EPROTO;
	case LINK_OPEN:
		return l->stream && len > 4 && len <= 4 + LINK_MAX_KIND ? 0 : -EPROTO;
	case LINK_DATA:
		return l->stream && len > 0 ? 0 : -EPROTO;
	case LINK_CLOSE:
		return l->stream && len == 0 ? 0 : -EPROTO;
	case LINK_CREDIT:
		return l->stream && len == 4 ? 0 : -EPROTO;
	default:
		return -EPROTO;
	}
}

static int on_hello(struct link *l)
{
	if (memcmp(l->payload, hello_magic, 8) || get32(l->payload + 8) < 1)
		return -EPROTO;
	/* Version 1 is the only one: min(ours, theirs) is always 1. */
	if (l->up) {
		/* The peer restarted: start a new session with it. */
		drop_streams(l);
		emit_hello(l);
	}
	l->up = true;
	if (l->ops->up)
		l->ops->up(l->opaque);
	return 0;
}

static int on_open(struct link *l)
{
	uint32_t window = get32(l->payload);
	size_t klen = l->pay_len - 4;
	char kind[LINK_MAX_KIND + 1];

	if (!peer_parity(l, l->stream) || find(l, l->stream) ||
	    window == 0 || window > LINK_MAX_WINDOW ||
	    count_opened(l, false) >= LINK_MAX_STREAMS)
		return -EPROTO;
	for (size_t i = 0; i < klen; i++) {
		uint8_t c = l->payload[4 + i];

		if (c < 0x21 || c > 0x7e)
			return -EPROTO;
		kind[i] = (char)c;
	}
	kind[klen] = '\0';

	struct stream *s = slot_new(l, l->stream, false);

	if (!s)
		return -EPROTO;
	s->tx_credit = window;
	uint32_t id = s->id;
	int r = l->ops->open ? l->ops->open(l->opaque, id, kind) : -ENOTSUP;

	s = find(l, id);
	if (!s)
		return 0;
	if (r < 0) {
		s->local_closed = true;
		emit(l, LINK_CLOSE, id, NULL, 0, NULL, 0);
		return 0;
	}
	s->held = true;
	s->accepted = true;
	emit_u32(l, LINK_CREDIT, id, LINK_WINDOW);
	return 0;
}

static int on_data(struct link *l)
{
	struct stream *s = find(l, l->stream);
	size_t n = l->pay_len;

	if (!s || s->peer_closed || !s->accepted || n > s->rx_window)
		return -EPROTO;
	s->rx_window -= (uint32_t)n;
	if (s->local_closed)
		return 0;	/* in flight when we closed: dropped */
	for (size_t i = 0; i < n; i++)
		s->rx[(s->rx_head + s->rx_len + i) % LINK_WINDOW] = l->payload[i];
	s->rx_len += n;
	if (l->ops->readable)
		l->ops->readable(l->opaque, s->id);
	return 0;
}

static int on_close(struct link *l)
{
	struct stream *s = find(l, l->stream);

	if (!s || s->peer_closed)
		return -EPROTO;
	s->peer_closed = true;
	if (!s->held) {
		maybe_free(s);
		return 0;
	}
	if (l->ops->closed)
		l->ops->closed(l->opaque, s->id);
	return 0;
}

static int on_credit(struct link *l)
{
	struct stream *s = find(l, l->stream);
	uint32_t inc = get32(l->payload);

	if (!s || s->peer_closed || inc == 0 ||
	    inc > LINK_MAX_WINDOW - s->tx_credit)
		return -EPROTO;
	s->tx_credit += inc;
	bool first = !s->accepted;

	s->accepted = true;
	if (s->local_closed)
		return 0;
	uint32_t id = s->id;

	if (first) {
		if (l->ops->accepted)
			l->ops->accepted(l->opaque, id);
		if (!find(l, id))
			return 0;
	}
	if (l->ops->writable)
		l->ops->writable(l->opaque, id);
	return 0;
}

static int dispatch(struct link *l)
{
	if (!l->up && l->type != LINK_HELLO)
		return -EPROTO;
	switch (l->type) {
	case LINK_HELLO: return on_hello(l);
	case LINK_OPEN: return on_open(l);
	case LINK_DATA: return on_data(l);
	case LINK_CLOSE: return on_close(l);
	default: return on_credit(l);
	}
}

int link_input(struct link *l, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	if (l->broken)
		return -EPROTO;
	while (len) {
		if (!l->up && l->hdr_len < LINK_HDR_LEN) {
			scan_hello(l, *p++);
			len--;
		} else if (l->hdr_len < LINK_HDR_LEN) {
			size_t n = LINK_HDR_LEN - l->hdr_len;

			if (n > len)
				n = len;
			memcpy(l->hdr + l->hdr_len, p, n);
			l->hdr_len += n;
			p += n;
			len -= n;
			if (l->hdr_len == LINK_HDR_LEN && check_header(l) < 0)
				goto broken;
		} else {
			size_t n = l->need - l->pay_len;

			if (n > len)
				n = len;
			memcpy(l->payload + l->pay_len, p, n);
			l->pay_len += n;
			p += n;
			len -= n;
		}
		if (l->hdr_len == LINK_HDR_LEN && l->pay_len == l->need) {
			l->hdr_len = 0;
			if (dispatch(l) < 0)
				goto broken;
			l->pay_len = 0;
			l->need = 0;
		}
	}
	return 0;
broken:
	l->broken = true;
	l->up = false;
	return -EPROTO;
}

const void *link_output_peek(const struct link *l, size_t *len)
{
	*len = l->out_len - l->out_off;
	return l->out + l->out_off;
}

void link_output_consume(struct link *l, size_t n)
{
	l->out_off += n;
	if (l->out_off >= l->out_len)
		l->out_off = l->out_len = 0;
}

bool link_can_open(const struct link *l)
{
	return l->up && count_opened(l, true) < LINK_MAX_STREAMS;
}

int64_t link_open(struct link *l, const char *kind)
{
	size_t klen = strlen(kind);

	if (!l->up)
		return -ENOTCONN;
	if (klen == 0 || klen > LINK_MAX_KIND)
		return -EINVAL;
	if (count_opened(l, true) >= LINK_MAX_STREAMS)
		return -EMFILE;
	while (find(l, l->next_id) || l->next_id == 0)
		l->next_id += 2;
	struct stream *s = slot_new(l, l->next_id, true);

	if (!s)
		return -ENOMEM;
	l->next_id += 2;
	s->held = true;
	uint8_t w[4];

	put32(w, LINK_WINDOW);
	emit(l, LINK_OPEN, s->id, w, 4, kind, klen);
	return s->id;
}

size_t link_write_space(const struct link *l, uint32_t id)
{
	const struct stream *s = find(l, id);
	size_t queued = l->out_len - l->out_off;

	if (!s || !s->accepted || s->local_closed || s->peer_closed ||
	    queued >= LINK_OUTQ_LIMIT)
		return 0;
	size_t room = LINK_OUTQ_LIMIT - queued;

	return s->tx_credit < room ? s->tx_credit : room;
}

size_t link_write(struct link *l, uint32_t id, const void *buf, size_t len)
{
	size_t space = link_write_space(l, id);
	struct stream *s = find(l, id);
	const uint8_t *p = buf;
	size_t done = 0;

	if (len > space)
		len = space;
	while (done < len) {
		size_t n = len - done;

		if (n > LINK_MAX_PAYLOAD)
			n = LINK_MAX_PAYLOAD;
		emit(l, LINK_DATA, id, p + done, n, NULL, 0);
		done += n;
	}
	if (s)
		s->tx_credit -= (uint32_t)done;
	return done;
}

size_t link_peek(const struct link *l, uint32_t id, const void **buf)
{
	const struct stream *s = find(l, id);

	if (!s || !s->held || !s->rx_len)
		return 0;
	size_t run = LINK_WINDOW - s->rx_head;

	*buf = s->rx + s->rx_head;
	return s->rx_len < run ? s->rx_len : run;
}

void link_consume(struct link *l, uint32_t id, size_t n)
{
	struct stream *s = find(l, id);

	if (!s || !s->held)
		return;
	if (n > s->rx_len)
		n = s->rx_len;
	s->rx_head = (s->rx_head + n) % LINK_WINDOW;
	s->rx_len -= n;
	s->rx_unacked += (uint32_t)n;
	if (s->peer_closed || s->local_closed || !s->rx_unacked)
		return;
	/*
	 * Return credit in batches of a quarter window: the sender still has
	 * three quarters to go on with, and small request/response traffic
	 * costs no extra frame (no extra wake-up of the peer) per message.
	 */
	if (s->rx_unacked >= LINK_WINDOW / 4) {
		emit_u32(l, LINK_CREDIT, id, s->rx_unacked);
		s->rx_window += s->rx_unacked;
		s->rx_unacked = 0;
	}
}

bool link_peer_closed(const struct link *l, uint32_t id)
{
	const struct stream *s = find(l, id);

	return !s || s->peer_closed;
}

void link_close(struct link *l, uint32_t id)
{
	struct stream *s = find(l, id);

	if (!s || !s->held)
		return;
	s->held = false;
	s->rx_len = 0;
	if (!s->local_closed) {
		s->local_closed = true;
		emit(l, LINK_CLOSE, id, NULL, 0, NULL, 0);
	}
	maybe_free(s);
}

unsigned link_stream_count(const struct link *l)
{
	unsigned n = 0;

	for (unsigned i = 0; i < SLOTS; i++)
		n += l->s[i].used && l->s[i].held;
	return n;
}
