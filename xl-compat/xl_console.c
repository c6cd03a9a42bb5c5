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
