/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The agent's end of the guest link: a virtio-serial port found by name under
 * /sys/class/virtio-ports, or (for tests on the host) a path that is either a
 * character device or a Unix socket to connect to.
 */
#ifndef XEN_KVM_PORT_H
#define XEN_KVM_PORT_H

#include <stdbool.h>

struct port {
	const char *spec;	/* a port name, or a path when it holds '/' */
	const char *sysfs;	/* /sys/class/virtio-ports, overridable */
	bool is_socket;
	int fd;
};

void port_init(struct port *p, const char *spec);
/*
 * Make sure the port is open and the host end is there.  Returns true when
 * the link can start; false means "try again later" (the port or its host
 * end is missing).
 */
bool port_ready(struct port *p);
/* The host end went away. */
void port_lost(struct port *p);

#endif
