/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The agent's end of the guest link: a virtio-serial port found by name under
 * /sys/class/virtio-ports, or (for tests on the host) a path that is either a
 * character device or a Unix socket to connect to; or, where the guest has a
 * vsock transport, the connection the host makes to LINK_VSOCK_PORT.
 */
#ifndef XEN_KVM_PORT_H
#define XEN_KVM_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* auto: a host that has not connected over vsock by then does not offer it */
#define PORT_VSOCK_GRACE_MS	5000

struct port {
	const char *spec;	/* a port name, or a path when it holds '/' */
	const char *sysfs;	/* /sys/class/virtio-ports, overridable */
	const char *name;	/* the transport in use or awaited, for messages */
	bool is_socket;
	int fd;			/* the transport in use, or -1 */
	int serial_fd;		/* the serial port once open, or -1 */
	int listen_fd;		/* vsock: where the host connects; else -1 */
	bool vsock_seen;	/* the host has connected over vsock */
	int64_t serial_after;	/* vsock: monotonic ms when the serial port
				 * may serve instead; -1: never */
	char vsock_name[32];
};

void port_init(struct port *p, const char *spec);
/*
 * Whether this guest has a vsock transport: /dev/vsock opens and reports a
 * guest's CID (above 2, not VMADDR_CID_ANY).  Returns the CID, or 0 with
 * why saying what is missing.
 */
unsigned int port_vsock_cid(char *why, size_t len);
/*
 * Listen on LINK_VSOCK_PORT: the host's connection becomes the transport.
 * With fallback, the serial port serves if no host has connected over vsock
 * within PORT_VSOCK_GRACE_MS (the guest's vsock is not the link's); once one
 * has, only vsock does.  0, or -1 (errno).
 */
int port_vsock_listen(struct port *p, bool fallback);
/*
 * A connection waits on listen_fd: take it if it comes from the host (CID 2),
 * replacing the current transport.  True when the link must start a new
 * session.
 */
bool port_accept(struct port *p);
/*
 * Make sure the transport is open and the host end is there.  Returns true
 * when the link can start; false means "try again later" (the port or its
 * host end is missing, or a vsock connection has yet to come).
 */
bool port_ready(struct port *p);
/* The host end went away (a socket or vsock connection is closed). */
void port_lost(struct port *p);

#endif
