/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Rendezvous through XenStore, as on Xen: the server writes ring-ref and
 * event-channel under the path it was given (relative paths are the
 * caller's home, resolved by xenstored), each node owned by the server with
 * no access for others except read for the one peer domain; the client
 * reads them, so XenStore's permissions decide who may find the ring.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xenstore.h>

#include "vchan.h"

int xk_self_domid(struct xs_handle *xs)
{
	unsigned int len;
	char *s = xs_read(xs, XBT_NULL, "domid", &len);
	char *end;
	long d;

	/* dom0's own domid node is optional (it is 0 by definition) */
	if (!s)
		return errno == ENOENT ? 0 : -1;
	d = strtol(s, &end, 10);
	if (end == s || *end || d < 0 || d >= DOMID_FIRST_RESERVED) {
		free(s);
		errno = EPROTO;
		return -1;
	}
	free(s);
	return (int)d;
}

static int write_node(struct xs_handle *xs, xs_transaction_t t,
		      const char *dir, const char *name, uint32_t val,
		      struct xs_permissions *perms, unsigned int nperms)
{
	char path[1024], v[16];

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	snprintf(v, sizeof(v), "%u", val);
	if (!xs_write(xs, t, path, v, strlen(v)) ||
	    !xs_set_permissions(xs, t, path, perms, nperms))
		return -1;
	return 0;
}

int xk_publish(struct xs_handle *xs, const char *path, int self, int peer,
	       uint32_t gref, uint32_t port)
{
	struct xs_permissions perms[2] = {
		{ .id = (unsigned int)self, .perms = XS_PERM_NONE },
		{ .id = (unsigned int)peer, .perms = XS_PERM_READ },
	};
	unsigned int nperms = peer == self ? 1 : 2;

	for (;;) {
		xs_transaction_t t = xs_transaction_start(xs);

		if (t == XBT_NULL)
			return -1;
		if (write_node(xs, t, path, "ring-ref", gref, perms, nperms) ||
		    write_node(xs, t, path, "event-channel", port, perms,
			       nperms)) {
			int e = errno;

			xs_transaction_end(xs, t, true);
			errno = e;
			return -1;
		}
		if (xs_transaction_end(xs, t, false))
			return 0;
		if (errno != EAGAIN)
			return -1;
	}
}

static int read_u32(struct xs_handle *xs, const char *dir, const char *name,
		    uint32_t *out)
{
	char path[1024];
	unsigned int len;
	char *s, *end;
	unsigned long v;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	s = xs_read(xs, XBT_NULL, path, &len);
	if (!s)
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (end == s || *end || errno || v > UINT32_MAX) {
		free(s);
		errno = EPROTO;
		return -1;
	}
	free(s);
	*out = (uint32_t)v;
	return 0;
}

int xk_lookup(struct xs_handle *xs, const char *path, uint32_t *gref,
	      uint32_t *port)
{
	return read_u32(xs, path, "ring-ref", gref) ||
	       read_u32(xs, path, "event-channel", port) ? -1 : 0;
}
