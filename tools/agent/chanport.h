/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The agent's channels: channel i of a domain is, besides its virtconsole
 * (the kernel's /dev/hvc<i+1>, whose output QEMU drops when the host is
 * slow), a virtio-serial port named CHANPORT_PREFIX<i+1>, which QEMU
 * throttles, so that a writer waits instead (xl-compat/runtime/
 * README.channels).  The agent presents each such port as a tty under the
 * kernel's name: it opens a pty, relays its master to the port both ways
 * through two bounded buffers, and replaces /dev/hvc<N> with a symlink to
 * the pty's slave (with the replaced node's mode), so that unmodified
 * programs (echo, tail -f, socat, agetty) open it as on Xen.  While no
 * program holds the slave the master is not polled (every CHANPORT_IDLE_MS
 * the agent looks again): what the host sends waits in the port, as it
 * waits in Xen's ring while nobody has /dev/hvc<N> open.  A full buffer
 * stops reading its source, so a writer blocks (or gets EAGAIN) once the
 * host, QEMU, the port and the pty are full.
 */
#ifndef XEN_KVM_CHANPORT_H
#define XEN_KVM_CHANPORT_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CHANPORT_PREFIX	"org.xenkvm.hvc"
/* Channels a domain may have: with the console and the guest link, two
 * ports each fill a virtio-serial bus's default 31. */
#define CHANPORT_MAX	14
#define CHANPORT_BUF	65536
#define CHANPORT_IDLE_MS	100

struct chanbuf {
	char data[CHANPORT_BUF];
	size_t off, len;
};

struct chanport {
	int num;		/* N of /dev/hvcN */
	int port;		/* the virtio-serial port */
	int master;		/* the pty's master */
	bool slave_open;	/* a program holds the slave */
	int64_t port_idle_until;	/* the host end is away: look again then */
	int64_t master_idle_until;
	struct chanbuf to_host, to_guest;
};

struct chanports {
	struct chanport c[CHANPORT_MAX];
	int n;
};

/*
 * Serve every port of sysfs (/sys/class/virtio-ports) named
 * CHANPORT_PREFIX<N>, opening it as devdir/vportXpY and linking
 * devdir/hvc<N> to its pty.  Returns how many it serves; one that fails is
 * reported on stderr and skipped.
 */
int chanports_start(struct chanports *cp, const char *sysfs,
		    const char *devdir);
/* 2 * cp->n poll entries, in the order chanports_io expects them. */
void chanports_poll(struct chanports *cp, struct pollfd *pfd, int64_t now);
void chanports_io(struct chanports *cp, const struct pollfd *pfd,
		  int64_t now);
/* ms until an idle end must be looked at again, or -1. */
int chanports_timeout(const struct chanports *cp, int64_t now);

#endif
