/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Consoles, channels, the guest link and serial ports on the QEMU command
 * line.  One virtio-serial-pci bus (vser0) carries, in this order:
 *   - the domain console, the first virtconsole: the guest's /dev/hvc0
 *     (chardev "con0", a socket QEMU listens on at xlrt_path_console(0);
 *     the monitor connects, logs it and serves `xl console');
 *   - channel i (config order) as the (i+1)th virtconsole, /dev/hvc<i+1>,
 *     with name= so /sys/class/virtio-ports/vportNpM/name shows it
 *     (chardev "chan<i>");
 *   - the guest link, virtserialport org.xenkvm.link on a socket QEMU
 *     listens on at xlrt_path_link (the monitor connects).
 * When env->vsock_cid is set, a vhost-vsock-pci device with that guest CID
 * follows: a second, faster transport for the link (the monitor connects
 * to the agent's vsock port); the serial port stays for guests without
 * vsock.
 * An HVM domain's pty serial ports are sockets too (serial.h).
 * In xen mode the console and channels are xen-console devices (idx 0 and
 * i+1: the guest's hvc0 and hvc<i+1> through its Xen console driver); the
 * link stays on virtio-serial.
 * A channel's chardev:
 *   connection=socket,path=P   QEMU listens at P (server=on,wait=off) and
 *                              dom0 programs connect to it, as with Xen's
 *                              backend; P must be a new path.  An incoming
 *                              migration's QEMU listens at
 *                              xlrt_path_channel(i) instead while the
 *                              source still holds P (chan_host.h)
 *   connection=pty             a pty; the monitor reads its name with
 *                              query-chardev and writes it to XenStore
 *   backend=<other domain>     QEMU listens at xlrt_path_channel(i) and
 *                              the monitor relays it to the other domain
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "dm_internal.h"
#include "paths.h"
#include "serial.h"

static int sock_chardev(struct dm_ctx *c, const char *id, const char *path)
{
	dm_opt(c, "-chardev", "socket,id=%s,path=%s,server=on,wait=off", id,
	       dm_esc(c, path));
	return c->rc;
}

static int channel(struct dm_ctx *c, int i)
{
	const struct xlm_channel *ch = &c->d->channels[i];
	char id[32], path[4096];
	int r;

	snprintf(id, sizeof(id), XLRT_DM_CHARDEV_CHANNEL, i);
	if (!ch->name || !*ch->name)
		return dm_fail(c, -EINVAL, "channel %d has no name=", i);
	if (!dm_backend_is_dom0(ch->backend_domname)) {
		r = xlrt_path_channel(path, sizeof(path), c->env->domid, i);
		if (r)
			return dm_fail(c, r, "channel %s: no path for its "
				       "relay socket", ch->name);
		sock_chardev(c, id, path);
	} else if (ch->connection == XLM_CHAN_PTY) {
		dm_opt(c, "-chardev", "pty,id=%s", id);
	} else if (ch->connection == XLM_CHAN_SOCKET) {
		if (!ch->socket_path || !*ch->socket_path)
			return dm_fail(c, -EINVAL, "channel %s: "
				       "connection=socket needs path=",
				       ch->name);
		r = c->env->migrating ? xlrt_path_channel(path, sizeof(path),
							  c->env->domid, i) : 0;
		if (r)
			return dm_fail(c, r, "channel %s: no path for its "
				       "socket while migrating", ch->name);
		sock_chardev(c, id, c->env->migrating ? path : ch->socket_path);
	} else {
		return dm_fail(c, -EINVAL, "channel %s needs connection=pty "
			       "or connection=socket", ch->name);
	}
	if (c->xen)
		dm_opt(c, "-device", "xen-console,idx=%d,chardev=%s", i + 1,
		       id);
	else
		dm_opt(c, "-device", "virtconsole,bus=vser0.0,chardev=%s,"
		       "name=%s", id, dm_esc(c, ch->name));
	return c->rc;
}

int dm_consoles(struct dm_ctx *c)
{
	char path[4096];
	int i, r;

	dm_opt(c, "-device", "virtio-serial-pci,id=vser0");
	c->virtio_in_xen = c->virtio_in_xen || c->xen;
	r = xlrt_path_console(path, sizeof(path), c->env->domid, 0);
	if (r)
		return dm_fail(c, r, "no path for the console socket");
	sock_chardev(c, XLRT_DM_CHARDEV_CONSOLE, path);
	if (c->xen)
		dm_opt(c, "-device", "xen-console,idx=0,chardev="
		       XLRT_DM_CHARDEV_CONSOLE);
	else
		dm_opt(c, "-device", "virtconsole,bus=vser0.0,chardev="
		       XLRT_DM_CHARDEV_CONSOLE);
	for (i = 0; i < c->d->num_channels && !c->rc; i++)
		channel(c, i);
	r = xlrt_path_link(path, sizeof(path), c->env->domid);
	if (r)
		return dm_fail(c, r, "no path for the guest link socket");
	sock_chardev(c, XLRT_DM_CHARDEV_LINK, path);
	dm_opt(c, "-device", "virtserialport,bus=vser0.0,chardev="
	       XLRT_DM_CHARDEV_LINK ",name=" XLRT_DM_LINK_PORT);
	if (c->env->vsock_cid)
		dm_opt(c, "-device", "vhost-vsock-pci,id=" XLRT_DM_VSOCK_ID
		       ",guest-cid=%" PRIu32, c->env->vsock_cid);
	return c->rc;
}

/* HVM serial= (serial.h): QEMU's -serial syntax as libxl passes it
 * (stdio, file:PATH, unix:PATH,server,nowait, none ...), but a pty port
 * is a socket QEMU listens on, which the monitor relays */
int dm_serial(struct dm_ctx *c)
{
	char id[32], path[4096];
	int i, r;

	for (i = 0; i < xlrt_serial_count(c->d) && !c->rc; i++) {
		if (!xlrt_serial_relayed(c->d, i)) {
			dm_opt(c, "-serial", "%s", xlrt_serial_spec(c->d, i));
			continue;
		}
		r = xlrt_path_serial(path, sizeof(path), c->env->domid, i);
		if (r)
			return dm_fail(c, r, "no path for serial port %d", i);
		snprintf(id, sizeof(id), XLRT_DM_CHARDEV_SERIAL, i);
		sock_chardev(c, id, path);
		dm_opt(c, "-serial", "chardev:%s", id);
	}
	return c->rc;
}
