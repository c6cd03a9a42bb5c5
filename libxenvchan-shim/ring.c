/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The data path: Xen's vchan ring protocol on the shared file.  Indices
 * are free-running 32-bit counters; a reader that finds too little data
 * (or a writer too little space) sets a bit asking the peer for a
 * notification, then looks again, so no wake-up is lost.  Nothing here
 * trusts the peer: orders are our own copies, and indices further apart
 * than the ring is long end the vchan.
 */
#include <errno.h>
#include <string.h>

#include "vchan.h"

#define SMALL_ORDER 10	/* in the shared page at offset 1024 */
#define LARGE_ORDER 11	/* in the shared page at offset 2048 */
#define MAX_ORDER 20	/* as Xen: 1 MiB per ring */
#define PAGE 4096u

static int order_for(size_t min)
{
	int o = 12;

	while (o <= MAX_ORDER && ((size_t)1 << o) < min)
		o++;
	return o;
}

int xk_ring_orders(size_t left_min, size_t right_min, int *lo, int *ro)
{
	const size_t small = 1u << SMALL_ORDER, large = 1u << LARGE_ORDER;

	if (left_min > (1u << MAX_ORDER) || right_min > (1u << MAX_ORDER)) {
		errno = EINVAL;
		return -1;
	}
	/* As Xen places them: at most one ring of each in-page size. */
	if (left_min <= small && right_min <= large) {
		*lo = SMALL_ORDER;
		*ro = LARGE_ORDER;
	} else if (left_min <= large && right_min <= small) {
		*lo = LARGE_ORDER;
		*ro = SMALL_ORDER;
	} else if (left_min <= large) {
		*lo = LARGE_ORDER;
		*ro = order_for(right_min);
	} else if (right_min <= large) {
		*lo = order_for(left_min);
		*ro = LARGE_ORDER;
	} else {
		*lo = order_for(left_min);
		*ro = order_for(right_min);
	}
	return 0;
}

static size_t paged(int order)
{
	return order > LARGE_ORDER ? (size_t)1 << order : 0;
}

size_t xk_ring_file_len(int lo, int ro)
{
	return 2 * PAGE + paged(lo) + paged(ro);
}

static void *ring_at(char *shared, int order, size_t *next_page)
{
	void *p;

	if (order == SMALL_ORDER)
		return shared + 1024;
	if (order == LARGE_ORDER)
		return shared + 2048;
	p = shared + *next_page;
	*next_page += (size_t)1 << order;
	return p;
}

void xk_ring_attach(struct xk_vchan *v, int is_server)
{
	char *shared = (char *)v->map + PAGE;
	struct vchan_interface *ring = (struct vchan_interface *)shared;
	struct libxenvchan_ring left, right;
	size_t next = PAGE;

	left.shr = &ring->left;
	left.order = ring->left_order;
	left.buffer = ring_at(shared, left.order, &next);
	right.shr = &ring->right;
	right.order = ring->right_order;
	right.buffer = ring_at(shared, right.order, &next);
	v->pub.ring = ring;
	/* left is what the client writes and the server reads */
	v->pub.read = is_server ? left : right;
	v->pub.write = is_server ? right : left;
}

static uint32_t rsize(const struct libxenvchan_ring *r)
{
	return 1u << r->order;
}

/* bits the peer sets to ask this end for notifications, and the reverse */
static uint8_t *my_requests(struct libxenvchan *c)
{
	return c->is_server ? &c->ring->srv_notify : &c->ring->cli_notify;
}

static uint8_t *peer_requests(struct libxenvchan *c)
{
	return c->is_server ? &c->ring->cli_notify : &c->ring->srv_notify;
}

static void request_notify(struct libxenvchan *c, uint8_t bit)
{
	__atomic_or_fetch(peer_requests(c), bit, __ATOMIC_SEQ_CST);
}

static void send_notify(struct libxenvchan *c, uint8_t bit)
{
	uint8_t prev = __atomic_fetch_and(my_requests(c), (uint8_t)~bit,
					  __ATOMIC_SEQ_CST);

	if (prev & bit) {
		/* a client may have joined and be waiting for this already */
		if (c->is_server && xk_of(c)->conn < 0)
			xk_server_service(xk_of(c));
		xk_evtchn_kick(c->event);
	}
}

static uint32_t load(uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

/* -1 when the peer's indices are impossible */
static int raw_ready(struct libxenvchan *c)
{
	uint32_t n = load(&c->read.shr->prod) - load(&c->read.shr->cons);

	return n > rsize(&c->read) ? -1 : (int)n;
}

static int raw_space(struct libxenvchan *c)
{
	uint32_t used = load(&c->write.shr->prod) - load(&c->write.shr->cons);

	return used > rsize(&c->write) ? -1 : (int)(rsize(&c->write) - used);
}

int xk_ring_unread(struct libxenvchan *c)
{
	return raw_ready(c);
}

static int corrupt(struct libxenvchan *c)
{
	c->ring->srv_live = c->ring->cli_live = 0;
	errno = EIO;
	return -1;
}

static int ready_for(struct libxenvchan *c, size_t want)
{
	int n = raw_ready(c);

	if (n >= 0 && (size_t)n < want) {
		request_notify(c, VCHAN_NOTIFY_WRITE);
		n = raw_ready(c);
	}
	return n;
}

static int space_for(struct libxenvchan *c, size_t want)
{
	int n = raw_space(c);

	if (n >= 0 && (size_t)n < want) {
		request_notify(c, VCHAN_NOTIFY_READ);
		n = raw_space(c);
	}
	return n;
}

int libxenvchan_data_ready(struct libxenvchan *c)
{
	/* whoever asks is about to wait for more: be woken when it comes */
	request_notify(c, VCHAN_NOTIFY_WRITE);
	return raw_ready(c) < 0 ? 0 : raw_ready(c);
}

int libxenvchan_buffer_space(struct libxenvchan *c)
{
	request_notify(c, VCHAN_NOTIFY_READ);
	return raw_space(c) < 0 ? 0 : raw_space(c);
}

static int put(struct libxenvchan *c, const void *data, size_t n)
{
	uint32_t prod = c->write.shr->prod, size = rsize(&c->write);
	uint32_t at = prod & (size - 1), first = size - at;

	if (first > n)
		first = n;
	memcpy((char *)c->write.buffer + at, data, first);
	memcpy(c->write.buffer, (const char *)data + first, n - first);
	__atomic_store_n(&c->write.shr->prod, prod + (uint32_t)n,
			 __ATOMIC_RELEASE);
	send_notify(c, VCHAN_NOTIFY_WRITE);
	return (int)n;
}

static int take(struct libxenvchan *c, void *data, size_t n)
{
	uint32_t cons = c->read.shr->cons, size = rsize(&c->read);
	uint32_t at = cons & (size - 1), first = size - at;

	if (first > n)
		first = n;
	memcpy(data, (char *)c->read.buffer + at, first);
	memcpy((char *)data + first, c->read.buffer, n - first);
	__atomic_store_n(&c->read.shr->cons, cons + (uint32_t)n,
			 __ATOMIC_RELEASE);
	send_notify(c, VCHAN_NOTIFY_READ);
	return (int)n;
}

int libxenvchan_recv(struct libxenvchan *c, void *data, size_t size)
{
	for (;;) {
		int n = ready_for(c, size);

		if (n < 0)
			return corrupt(c);
		if ((size_t)n >= size)
			return take(c, data, size);
		if (!libxenvchan_is_open(c))
			return -1;
		if (!c->blocking)
			return 0;
		if (size > rsize(&c->read)) {
			errno = EINVAL;
			return -1;
		}
		if (libxenvchan_wait(c))
			return -1;
	}
}

int libxenvchan_read(struct libxenvchan *c, void *data, size_t size)
{
	for (;;) {
		int n = ready_for(c, size);

		if (n < 0)
			return corrupt(c);
		if (n > 0)
			return take(c, data, (size_t)n < size ? (size_t)n : size);
		if (!libxenvchan_is_open(c))
			return -1;
		if (!c->blocking)
			return 0;
		if (libxenvchan_wait(c))
			return -1;
	}
}

int libxenvchan_send(struct libxenvchan *c, const void *data, size_t size)
{
	for (;;) {
		int n;

		if (!libxenvchan_is_open(c))
			return -1;
		n = space_for(c, size);
		if (n < 0)
			return corrupt(c);
		if ((size_t)n >= size)
			return put(c, data, size);
		if (!c->blocking)
			return 0;
		if (size > rsize(&c->write)) {
			errno = EINVAL;
			return -1;
		}
		if (libxenvchan_wait(c))
			return -1;
	}
}

int libxenvchan_write(struct libxenvchan *c, const void *data, size_t size)
{
	for (;;) {
		int n;

		if (!libxenvchan_is_open(c))
			return -1;
		n = space_for(c, size);
		if (n < 0)
			return corrupt(c);
		if (n > 0)
			return put(c, data, (size_t)n < size ? (size_t)n : size);
		if (!c->blocking)
			return 0;
		if (libxenvchan_wait(c))
			return -1;
	}
}
