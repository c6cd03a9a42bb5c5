/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_console.c: the terminal on a domain's console (xl_console.h): the
 * monitor's relay for PV console 0 and serial ports, the channel's pty or
 * socket otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <xenstore.h>

#include "xl_console.h"
#include "xl_dom.h"
#include "fdio.h"
#include "domain.h"
#include "paths.h"
#include "xs_path.h"

/* Serial port num's relay, which XenStore's ~/serial/<num>/tty names. */
static int serial_open(struct xs_handle *xs, unsigned int domid, int num)
{
	char rel[64], *tty;
	int fd;

	snprintf(rel, sizeof(rel), "serial/%d/tty", num);
	tty = xlrt_xs_dom_read(xs, XBT_NULL, domid, rel);
	if (!tty) {
		fprintf(stderr, "xl: domain %u has no serial console %d (an HVM "
			"domain has one for each serial=\"pty\" of its config)\n",
			domid, num);
		return -1;
	}
	fd = xlrt_unix_connect(tty, 0);
	if (fd < 0)
		fprintf(stderr, "xl: cannot attach to serial console %d of domain "
			"%u (%s): %s\n", num, domid, tty, strerror(errno));
	free(tty);
	return fd;
}

/* Libxl's primary console: the emulated serial port of an HVM domain,
 * the PV console of a PV or PVH one. */
static enum xl_console_type primary(struct xs_handle *xs, unsigned int domid)
{
	return xl_dom_type(xs, domid) == XLM_TYPE_HVM ? XL_CONSOLE_SERIAL :
							XL_CONSOLE_PV;
}

/* Where console num of type is: serial port num; PV console 0 the
 * monitor's relay; channel i (console i+1) its pty or socket, as
 * XenStore says. */
static int console_open(unsigned int domid, enum xl_console_type type,
			int num)
{
	struct xs_handle *xs;
	char path[4096], rel[64], *be = NULL, *conn = NULL, *dev = NULL;
	int fd = -1;

	if (type != XL_CONSOLE_PV) {
		xs = xl_xs();
		if (!xs)
			return -1;
		if (type == XL_CONSOLE_PRIMARY)
			type = primary(xs, domid);
		if (type == XL_CONSOLE_SERIAL)
			fd = serial_open(xs, domid, num);
		xs_close(xs);
		if (type == XL_CONSOLE_SERIAL)
			return fd;
	}
	if (num == 0) {
		if (xlrt_path_console_xl(path, sizeof(path), domid, 0))
			return -1;
		fd = xlrt_unix_connect(path, 0);
		if (fd < 0)
			fprintf(stderr, "xl: cannot attach to the console of domain %u (%s): %s\n",
				domid, path, strerror(errno));
		return fd;
	}
	xs = xl_xs();
	if (!xs)
		return -1;
	snprintf(rel, sizeof(rel), "device/console/%d/backend", num);
	be = xlrt_xs_dom_read(xs, XBT_NULL, domid, rel);
	if (be) {
		snprintf(path, sizeof(path), "%s/connection", be);
		conn = xs_read(xs, XBT_NULL, path, &(unsigned int){ 0 });
		if (conn && !strcmp(conn, "pty")) {
			snprintf(rel, sizeof(rel), "device/console/%d/tty", num);
			dev = xlrt_xs_dom_read(xs, XBT_NULL, domid, rel);
			if (dev)
				fd = open(dev, O_RDWR | O_NOCTTY | O_CLOEXEC);
		} else if (conn) {
			snprintf(path, sizeof(path), "%s/path", be);
			dev = xs_read(xs, XBT_NULL, path, &(unsigned int){ 0 });
			if (dev)
				fd = xlrt_unix_connect(dev, 0);
		}
	}
	if (fd < 0)
		fprintf(stderr, "xl: domain %u has no console %d%s%s%s\n", domid, num,
			dev ? " (" : "", dev ? dev : "", dev ? ")" : "");
	free(be);
	free(conn);
	free(dev);
	xs_close(xs);
	return fd;
}

int xl_console_attach(unsigned int domid, enum xl_console_type type, int num)
{
	struct termios old, raw;
	struct pollfd p[2];
	char buf[4096];
	bool tty = isatty(0), in_open = true;
	ssize_t n, i;
	int fd = console_open(domid, type, num), rc = EXIT_SUCCESS;

	if (fd < 0)
		return EXIT_FAILURE;
	if (tty && tcgetattr(0, &old) == 0) {
		raw = old;
		cfmakeraw(&raw);
		tcsetattr(0, TCSANOW, &raw);
	} else {
		tty = false;
	}
	p[0].fd = fd;
	p[0].events = POLLIN;
	p[1].fd = 0;
	p[1].events = POLLIN;
	for (;;) {
		if (poll(p, in_open ? 2 : 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents) {
			n = read(fd, buf, sizeof(buf));
			if (n <= 0)
				break;	/* the domain is gone */
			if (write(1, buf, (size_t)n) != n) {
				rc = EXIT_FAILURE;
				break;
			}
		}
		if (in_open && p[1].revents) {
			n = read(0, buf, sizeof(buf));
			if (n <= 0) {
				in_open = false;	/* keep showing output */
				continue;
			}
			for (i = 0; i < n && buf[i] != 0x1d; i++)
				;
			if (i && write(fd, buf, (size_t)i) != i)
				break;
			if (i < n)
				break;	/* Ctrl-] */
		}
	}
	if (tty)
		tcsetattr(0, TCSANOW, &old);
	close(fd);
	return rc;
}

/* The VNC password of the domain's config (HVM vnc or its first vfb), or
 * NULL (malloc'ed).  Read from the saved config, dom0's alone: unlike
 * libxl we never put it in XenStore, where the guest could read it. */
static char *vnc_password(unsigned int domid)
{
	json_object *cfg, *o, *v;
	char *pw = NULL;

	if (xlrt_domain_config(domid, &cfg))
		return NULL;
	if ((json_object_object_get_ex(cfg, "b_info", &o) &&
	     json_object_object_get_ex(o, "type.hvm", &o) &&
	     json_object_object_get_ex(o, "vnc", &o) &&
	     json_object_object_get_ex(o, "passwd", &v)) ||
	    (json_object_object_get_ex(cfg, "vfbs", &o) &&
	     (o = json_object_array_get_idx(o, 0)) &&
	     json_object_object_get_ex(o, "vnc", &o) &&
	     json_object_object_get_ex(o, "passwd", &v)))
		pw = strdup(json_object_get_string(v));
	json_object_put(cfg);
	return pw;
}

int xl_vncviewer_exec(unsigned int domid, bool autopass)
{
	json_object *ret = NULL, *v;
	struct xlrt_qmp *q;
	char target[300], tmp[] = "/tmp/vncautopass.XXXXXX", *pw = NULL;
	const char *bin = getenv("VNCVIEWER"), *host = NULL, *service = NULL;
	char *argv[4] = { NULL, target, NULL, NULL };
	int fd;

	/* where QEMU listens, from QEMU itself: ~/console is the guest's */
	if (xl_dom_qmp(domid, &q))
		return EXIT_FAILURE;
	if (xl_qmp_run(q, "query-vnc", NULL, &ret)) {
		xlrt_qmp_close(q);
		return EXIT_FAILURE;
	}
	xlrt_qmp_close(q);
	if (json_object_object_get_ex(ret, "enabled", &v) &&
	    json_object_get_boolean(v) &&
	    json_object_object_get_ex(ret, "host", &v))
		host = json_object_get_string(v);
	if (host && json_object_object_get_ex(ret, "service", &v))
		service = json_object_get_string(v);
	if (!host || !service) {
		fprintf(stderr, "libxl: error: Domain %u:Cannot get vnc-port\n",
			domid);
		json_object_put(ret);
		return EXIT_FAILURE;
	}
	snprintf(target, sizeof(target), "%s:%d", host, atoi(service) - 5900);
	json_object_put(ret);
	argv[0] = bin && *bin ? (char *)bin : "vncviewer";
	if (autopass && (pw = vnc_password(domid)) && *pw) {
		/* the viewer reads it from stdin: a file only we can open */
		fd = mkstemp(tmp);
		if (fd < 0 || unlink(tmp) ||
		    write(fd, pw, strlen(pw)) != (ssize_t)strlen(pw) ||
		    lseek(fd, 0, SEEK_SET) || dup2(fd, 0) < 0) {
			fprintf(stderr, "xl: cannot hand the VNC password to "
				"the viewer: %s\n", strerror(errno));
			free(pw);
			return EXIT_FAILURE;
		}
		close(fd);
		argv[2] = "-autopass";
	}
	free(pw);
	execvp(argv[0], argv);
	fprintf(stderr, "xl: cannot run %s: %s\n", argv[0], strerror(errno));
	return EXIT_FAILURE;
}
