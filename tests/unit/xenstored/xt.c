/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Implementation of the unit-test helpers in xt.h: encodes requests,
 * splits the connection's output into the reply and watch events, walks
 * the tree for the node bytes a domain owns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xt.h"

struct xt_conn {
	char events[65536];
	size_t elen;
};

struct xsd *xt_new(const char *state_dir)
{
	struct xsd_config cfg = { .state_dir = state_dir,
				  .log_level = XSD_LOG_ERR };
	int err;
	struct xsd *x = xsd_new(&cfg, &err);

	assert_non_null(x);
	return x;
}

struct xsd_conn *xt_conn(struct xsd *x, uint32_t domid)
{
	struct xt_conn *t = calloc(1, sizeof(*t));
	struct xsd_conn *c = xsd_conn_new(x, domid, domid == 0, t);

	assert_non_null(c);
	return c;
}

void xt_free_conn(struct xsd_conn *c)
{
	free(xsd_conn_user(c));
	xsd_conn_free(c);
}

size_t xt_output(const struct xsd_conn *c)
{
	size_t len;

	xsd_conn_output(c, &len);
	return len;
}

long xt_owned_mem(struct xsd *x, uint32_t domid)
{
	char path[XENSTORE_ABS_PATH_MAX + 1];
	struct xsd_node *n;
	long mem = 0;

	for (n = x->store.root; n; n = xsd_node_walk_next(x->store.root, n))
		if (n != x->store.root && n->perms->p[0].domid == domid)
			mem += 20 + 8 * n->perms->num + n->datalen +
			       n->childlen + xsd_node_path(n, path, sizeof(path));
	return mem;
}

static void render(char *out, const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		out[i] = p[i] ? p[i] : '|';
	out[len] = '\0';
}

/* Move events out of the output; return the first reply, if any. */
static bool take(struct xsd_conn *c, struct xsd_sockmsg *h, char *payload)
{
	struct xt_conn *t = xsd_conn_user(c);
	const char *out;
	size_t len;

	while ((out = xsd_conn_output(c, &len)) && len >= sizeof(*h)) {
		memcpy(h, out, sizeof(*h));
		assert_true(len >= sizeof(*h) + h->len);
		assert_true(h->len <= XENSTORE_PAYLOAD_MAX);
		memcpy(payload, out + sizeof(*h), h->len);
		xsd_conn_sent(c, sizeof(*h) + h->len);
		if (h->type != XS_WATCH_EVENT)
			return true;
		render(t->events + t->elen, payload, h->len);
		t->elen += h->len;
	}
	return false;
}

const char *xt_req(struct xsd *x, struct xsd_conn *c, uint32_t type,
		   uint32_t tx, const char *args)
{
	static char out[2 * XENSTORE_PAYLOAD_MAX + 2];
	char msg[sizeof(struct xsd_sockmsg) + 2 * XENSTORE_PAYLOAD_MAX];
	struct xsd_sockmsg h = { type, 7, tx, strlen(args) };
	char payload[XENSTORE_PAYLOAD_MAX];
	size_t i;

	assert_true(h.len <= sizeof(msg) - sizeof(h));
	memcpy(msg, &h, sizeof(h));
	for (i = 0; i < h.len; i++)
		msg[sizeof(h) + i] = args[i] == '|' ? '\0' : args[i];
	assert_int_equal(xsd_conn_input(x, c, msg, sizeof(h) + h.len), 0);
	assert_int_equal(xsd_commit(x), 0);
	if (!take(c, &h, payload))
		return "(no reply)";
	assert_int_equal(h.req_id, 7);
	if (h.type == XS_ERROR) {
		out[0] = '!';
		render(out + 1, payload, h.len);
	} else {
		assert_int_equal(h.type, type);
		render(out, payload, h.len);
	}
	take(c, &h, payload);	/* events that followed the reply */
	return out;
}

const char *xt_events(struct xsd_conn *c)
{
	static char out[65536];
	struct xt_conn *t = xsd_conn_user(c);
	struct xsd_sockmsg h;
	char payload[XENSTORE_PAYLOAD_MAX];

	take(c, &h, payload);
	memcpy(out, t->events, t->elen);
	out[t->elen] = '\0';
	t->elen = 0;
	return out;
}
