/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The host ends of a domain's channels (chan_host.h): socket modes, pty
 * names in XenStore, relays between DomUs.
 */
#include "chan_host.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>
#include <xenstore.h>

#include "chanrelay.h"
#include "dm_argv.h"
#include "dm_internal.h"
#include "domain.h"
#include "logring.h"
#include "paths.h"
#include "qmp.h"
#include "xs_layout.h"
#include "xs_path.h"

/* err = "<what> <name>: <errno text>" */
static int fail(char *err, size_t errlen, int rc, const char *what,
		const char *name)
{
	if (err && errlen)
		snprintf(err, errlen, "%s%s: %s", what, name, strerror(-rc));
	return rc;
}

/* The pty QEMU gave chardev id, from a query-chardev reply. */
static const char *pty_of(json_object *chardevs, const char *id)
{
	size_t i, n = json_object_array_length(chardevs);

	for (i = 0; i < n; i++) {
		json_object *c = json_object_array_get_idx(chardevs, i), *v;
		const char *f;

		if (!json_object_object_get_ex(c, "label", &v) ||
		    strcmp(json_object_get_string(v), id) ||
		    !json_object_object_get_ex(c, "filename", &v))
			continue;
		f = json_object_get_string(v);
		return f && !strncmp(f, "pty:", 4) ? f + 4 : NULL;
	}
	return NULL;
}

static int write_tty(struct xs_handle *xs, unsigned int domid, int i,
		     const char *tty)
{
	struct xs_permissions p[2] = {
		{ .id = 0, .perms = XS_PERM_NONE },
		{ .id = domid, .perms = XS_PERM_READ },
	};
	char path[128];

	xlrt_xs_dom_path(path, sizeof(path), domid, "device/console/%d/tty",
			 i + 1);
	if (!xs_write(xs, XBT_NULL, path, tty, strlen(tty)) ||
	    !xs_set_permissions(xs, XBT_NULL, path, p, 2))
		return -errno;
	return 0;
}

/* Is channel c a dom0 socket channel (QEMU listens for dom0's programs)? */
static bool dom0_socket(const struct xlm_channel *c)
{
	return dm_backend_is_dom0(c->backend_domname) &&
	       c->connection == XLM_CHAN_SOCKET && c->socket_path &&
	       *c->socket_path;
}

int xlrt_chan_host_setup(struct xlrt_qmp *q, struct xs_handle *xs,
			 unsigned int domid, const struct xlm_domain *d,
			 bool migrating, char *err, size_t errlen)
{
	json_object *chardevs = NULL;
	int i, rc = 0;

	for (i = 0; i < d->num_channels && !rc; i++) {
		const struct xlm_channel *c = &d->channels[i];
		char id[32];
		const char *tty;

		if (!dm_backend_is_dom0(c->backend_domname))
			continue;
		if (c->connection == XLM_CHAN_SOCKET) {
			char tmp[4096];
			const char *at = c->socket_path;

			if (migrating) {
				rc = xlrt_path_channel(tmp, sizeof(tmp), domid, i);
				at = tmp;
			}
			/* QEMU already runs under umask 077 (qemu_proc.c);
			 * this also fails the create if the socket is gone. */
			if (!rc && chmod(at, 0600) < 0)
				rc = -errno;
			if (rc)
				fail(err, errlen, rc,
				     "chmod 0600 of the channel socket ", at);
			continue;
		}
		if (c->connection != XLM_CHAN_PTY)
			continue;
		if (!chardevs) {
			rc = xlrt_qmp_execute(q, "query-chardev", NULL,
					      &chardevs, 5000);
			if (rc)
				return fail(err, errlen, rc,
					    "query-chardev", "");
		}
		snprintf(id, sizeof(id), XLRT_DM_CHARDEV_CHANNEL, i);
		tty = pty_of(chardevs, id);
		if (!tty)
			rc = fail(err, errlen, -ENOENT,
				  "query-chardev: no pty for channel ",
				  c->name);
		else if ((rc = write_tty(xs, domid, i, tty)))
			fail(err, errlen, rc, "XenStore tty of channel ",
			     c->name);
	}
	json_object_put(chardevs);
	return rc;
}

int xlrt_chan_host_takeover(unsigned int domid, const struct xlm_domain *d,
			    char *err, size_t errlen)
{
	char tmp[4096];
	int i, rc;

	for (i = 0; i < d->num_channels; i++) {
		const struct xlm_channel *c = &d->channels[i];

		if (!dom0_socket(c))
			continue;
		rc = xlrt_path_channel(tmp, sizeof(tmp), domid, i);
		if (!rc && rename(tmp, c->socket_path) < 0)
			rc = -errno;
		if (rc)
			return fail(err, errlen, rc,
				    "cannot move the socket to path= of channel ",
				    c->name);
	}
	return 0;
}

void xlrt_chan_host_remove(unsigned int domid, const struct xlm_domain *d)
{
	char tmp[4096];
	struct stat st;
	int i;

	for (i = 0; i < d->num_channels; i++) {
		const struct xlm_channel *c = &d->channels[i];

		/* still in the domain dir: path= is not ours (the source's) */
		if (!dom0_socket(c) ||
		    xlrt_path_channel(tmp, sizeof(tmp), domid, i) ||
		    !lstat(tmp, &st))
			continue;
		if (!lstat(c->socket_path, &st) && S_ISSOCK(st.st_mode))
			unlink(c->socket_path);
	}
}

/* Which channel a relay serves, for its notify. */
struct peer {
	unsigned int domid;
	int i;
	const struct xlm_channel *c;
};

/* The peer's end (1) is up: its domain may run as a new domid since the
 * layout was written, so the channel's backend follows it (xs_layout.h). */
static void peer_notify(void *opaque, int end, int up, int err)
{
	const struct peer *p = opaque;
	struct xs_handle *xs;
	char why[256];
	unsigned int be = 0;
	int r;

	if (end != 1 || !up)
		return;
	xs = xlrt_xs_open(why, sizeof(why));
	if (!xs) {
		xlrt_mlog("domain %u: channel %s: backend not checked: %s",
			  p->domid, p->c->name, why);
		return;
	}
	r = xlrt_xs_chan_rebind(xs, p->domid, p->i, p->c, &be);
	xs_close(xs);
	if (r > 0)
		xlrt_mlog("domain %u: channel %s: backend moved to domain %u "
			  "(%s)", p->domid, p->c->name, be, p->c->backend_domname);
	else if (r < 0)
		xlrt_mlog("domain %u: channel %s: backend not moved to %s: %s",
			  p->domid, p->c->name, p->c->backend_domname,
			  strerror(-r));
}

int xlrt_chan_relays_start(struct event_base *base, unsigned int domid,
			   const struct xlm_domain *d,
			   struct chanrelay ***relays, char *err,
			   size_t errlen)
{
	size_t num = (size_t)d->num_channels;
	struct chanrelay **r;
	struct peer *peers;
	int i, n = 0;

	/* the notify contexts follow the NULL-terminated array, so that
	 * xlrt_chan_relays_free's free() releases them too */
	*relays = NULL;
	r = calloc(1, (num + 1) * sizeof(*r) + num * sizeof(*peers));
	if (!r)
		return -ENOMEM;
	peers = (struct peer *)(r + num + 1);
	for (i = 0; i < d->num_channels; i++) {
		const struct xlm_channel *c = &d->channels[i];
		char mine[4096];
		struct chanrelay_cfg cfg = { .path = { mine, c->socket_path },
					     .notify = peer_notify,
					     .opaque = &peers[n] };
		int rc;

		if (dm_backend_is_dom0(c->backend_domname))
			continue;
		peers[n] = (struct peer){ domid, i, c };
		rc = xlrt_path_channel(mine, sizeof(mine), domid, i);
		if (!rc && (!c->socket_path || !*c->socket_path))
			rc = -EINVAL;
		if (!rc && !(r[n] = chanrelay_new(base, &cfg)))
			rc = -errno;
		if (rc) {
			xlrt_chan_relays_free(r);
			return fail(err, errlen, rc,
				    "no relay to the peer's path= for channel ",
				    c->name);
		}
		n++;
	}
	if (!n)
		free(r);
	else
		*relays = r;
	return 0;
}

void xlrt_chan_relays_free(struct chanrelay **relays)
{
	struct chanrelay **r;

	for (r = relays; r && *r; r++)
		chanrelay_free(*r);
	free(relays);
}
