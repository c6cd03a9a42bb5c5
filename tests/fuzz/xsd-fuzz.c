/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target over libxsd's message parser and request handler: the
 * input is a sequence of records, each feeding raw wire bytes to one of four
 * connections (dom0, domains 5 and 6 both unprivileged, and a second
 * connection of domain 5), exactly as bytes would arrive on their sockets,
 * with arbitrary splits. After each record the store commits and every
 * connection's output is parsed back and checked: well-framed messages, no
 * payload over XENSTORE_PAYLOAD_MAX, replies only of a known type. A dead
 * connection is freed and replaced, so teardown paths are fuzzed too.
 *
 * Record: [selector byte][length, 2 bytes little endian][bytes...].
 * Selector bits 0-1 pick the connection; bit 7 set closes it first.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xen/io/xs_wire.h>

#include "xenstored-kvm/xsd.h"

#define NCONN 4

static const uint32_t conn_domid[NCONN] = { 0, 5, 6, 5 };

static void check_output(struct xsd_conn *c)
{
	const char *out;
	size_t len;

	/* Replies and events must be well framed; consume whole messages. */
	while ((out = xsd_conn_output(c, &len)) && len >= sizeof(struct xsd_sockmsg)) {
		struct xsd_sockmsg h;

		memcpy(&h, out, sizeof(h));
		if (h.len > XENSTORE_PAYLOAD_MAX)
			abort();	/* XSA-324 class: oversized message */
		if (h.type >= XSD_TYPE_MAX)
			abort();
		if (len < sizeof(h) + h.len)
			abort();	/* a partial message left in the queue */
		xsd_conn_sent(c, sizeof(h) + h.len);
	}
	if (len != 0)
		abort();
}

static struct xsd_conn *open_conn(struct xsd *x, int i)
{
	return xsd_conn_new(x, conn_domid[i], conn_domid[i] == 0, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xsd_config cfg = { .state_dir = NULL, .log_level = XSD_LOG_ERR };
	struct xsd_conn *c[NCONN];
	struct xsd *x;
	int err = 0;

	x = xsd_new(&cfg, &err);
	if (!x)
		abort();
	/* Domains 5 and 6 are introduced, with homes, as the toolstack does. */
	for (int i = 0; i < NCONN; i++)
		c[i] = open_conn(x, i);
	{
		static const char setup[] =
			"/local/domain/5\0" "/local/domain/5\0n5\0" "5\0" "0\0" "0\0"
			"/local/domain/6\0" "/local/domain/6\0n6\0" "6\0" "0\0" "0\0";
		static const struct { uint32_t type; size_t off, len; } msgs[] = {
			{ XS_MKDIR, 0, 16 }, { XS_SET_PERMS, 16, 19 }, { XS_INTRODUCE, 35, 6 },
			{ XS_MKDIR, 41, 16 }, { XS_SET_PERMS, 57, 19 }, { XS_INTRODUCE, 76, 6 },
		};
		for (size_t i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
			struct xsd_sockmsg h = { .type = msgs[i].type, .len = msgs[i].len };
			char buf[sizeof(h) + 64];

			memcpy(buf, &h, sizeof(h));
			memcpy(buf + sizeof(h), setup + msgs[i].off, msgs[i].len);
			if (xsd_conn_input(x, c[0], buf, sizeof(h) + msgs[i].len) < 0)
				abort();
		}
		xsd_commit(x);
		check_output(c[0]);
	}

	while (size >= 3) {
		unsigned sel = data[0];
		size_t len = data[1] | (size_t)data[2] << 8;
		int i = sel & (NCONN - 1);

		data += 3;
		size -= 3;
		if (len > size)
			len = size;
		if (sel & 0x80) {
			xsd_conn_free(c[i]);
			c[i] = open_conn(x, i);
		}
		/* A socket read never yields 0 bytes (that is EOF), so neither
		 * does the daemon feed an empty chunk. */
		if (len && (xsd_conn_input(x, c[i], data, len) < 0 || xsd_conn_dead(c[i]))) {
			xsd_commit(x);
			for (int j = 0; j < NCONN; j++)
				if (j != i)
					check_output(c[j]);
			xsd_conn_free(c[i]);
			c[i] = open_conn(x, i);
		}
		data += len;
		size -= len;
		xsd_commit(x);
		for (int j = 0; j < NCONN; j++)
			check_output(c[j]);
	}
	for (int i = 0; i < NCONN; i++)
		xsd_conn_free(c[i]);
	xsd_free(x);
	return 0;
}
