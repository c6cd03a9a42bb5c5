/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Opening the agent's end of the guest link (see port.h).  A virtio-serial
 * port reports POLLHUP while no host program holds its chardev; that is how
 * the agent learns the host end is missing without busy-looping on reads.
 * Over vsock the host connects to the agent; only the host's CID (2) is
 * taken, so nothing else in the guest can pose as the host.
 */
#include "tools/agent/port.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <linux/vm_sockets.h>

#include "tools/agent/link.h"

void port_init(struct port *p, const char *spec)
{
	p->spec = spec;
	p->sysfs = "/sys/class/virtio-ports";
	p->name = spec;
	p->is_socket = false;
	p->fd = p->serial_fd = p->listen_fd = -1;
	p->vsock_seen = false;
	p->serial_after = -1;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

unsigned int port_vsock_cid(char *why, size_t len)
{
	unsigned int cid = VMADDR_CID_ANY;
	int fd = open("/dev/vsock", O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		snprintf(why, len, "/dev/vsock: %s", strerror(errno));
		return 0;
	}
	if (ioctl(fd, IOCTL_VM_SOCKETS_GET_LOCAL_CID, &cid) < 0) {
		snprintf(why, len, "/dev/vsock: no local CID: %s",
			 strerror(errno));
		cid = 0;
	} else if (cid <= VMADDR_CID_HOST || cid == VMADDR_CID_ANY) {
		/* a host's own (2), loopback only (1), or no transport */
		snprintf(why, len, "/dev/vsock: local CID %d is not a guest's "
			 "(no virtio-vsock device or driver)", (int)cid);
		cid = 0;
	}
	close(fd);
	return cid;
}

int port_vsock_listen(struct port *p, bool fallback)
{
	struct sockaddr_vm sa = { .svm_family = AF_VSOCK,
				  .svm_cid = VMADDR_CID_ANY,
				  .svm_port = LINK_VSOCK_PORT };
	int fd = socket(AF_VSOCK, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 4) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	p->listen_fd = fd;
	snprintf(p->vsock_name, sizeof(p->vsock_name), "vsock:%u",
		 LINK_VSOCK_PORT);
	p->name = p->vsock_name;
	p->serial_after = fallback ? now_ms() + PORT_VSOCK_GRACE_MS : -1;
	return 0;
}

bool port_accept(struct port *p)
{
	struct sockaddr_vm sa;
	socklen_t len = sizeof(sa);
	int fd = accept4(p->listen_fd, (struct sockaddr *)&sa, &len,
			 SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (fd < 0)
		return false;
	if (sa.svm_cid != VMADDR_CID_HOST) {
		fprintf(stderr, "xen-kvm-agent: refusing a vsock connection "
			"from CID %u\n", sa.svm_cid);
		close(fd);
		return false;
	}
	if (p->fd >= 0 && p->fd != p->serial_fd)
		close(p->fd);
	p->fd = fd;
	p->name = p->vsock_name;
	p->vsock_seen = true;
	return true;
}

/* Find /dev/vportNpM whose sysfs name is p->spec. */
static bool find_named(const struct port *p, char *dev, size_t len)
{
	DIR *d = opendir(p->sysfs);
	struct dirent *e;
	bool found = false;

	if (!d)
		return false;
	while (!found && (e = readdir(d))) {
		char path[PATH_MAX], name[256];
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/name", p->sysfs, e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(name, sizeof(name), f)) {
			name[strcspn(name, "\n")] = '\0';
			if (!strcmp(name, p->spec)) {
				snprintf(dev, len, "/dev/%s", e->d_name);
				found = true;
			}
		}
		fclose(f);
	}
	closedir(d);
	return found;
}

static int connect_unix(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -1;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return fd;
}

static bool serial_ready(struct port *p)
{
	if (p->serial_fd < 0) {
		char dev[PATH_MAX];
		struct stat st;

		if (strchr(p->spec, '/'))
			snprintf(dev, sizeof(dev), "%s", p->spec);
		else if (!find_named(p, dev, sizeof(dev)))
			return false;
		if (stat(dev, &st) < 0)
			return false;
		p->is_socket = S_ISSOCK(st.st_mode);
		if (p->is_socket)
			p->serial_fd = connect_unix(dev);
		else
			p->serial_fd = open(dev, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
		if (p->serial_fd < 0)
			return false;
	}
	if (p->is_socket)
		return true;

	struct pollfd pfd = { .fd = p->serial_fd, .events = POLLOUT };

	return poll(&pfd, 1, 0) >= 0 && !(pfd.revents & (POLLHUP | POLLERR | POLLNVAL));
}

bool port_ready(struct port *p)
{
	if (p->fd >= 0 && p->fd != p->serial_fd)
		return true;	/* a vsock connection (port_accept) */
	if (p->listen_fd >= 0 &&
	    (p->vsock_seen || p->serial_after < 0 || now_ms() < p->serial_after))
		return false;
	if (p->listen_fd >= 0 && p->name != p->spec)
		fprintf(stderr, "xen-kvm-agent: no host connection over %s in %d ms, trying the port %s\n",
			p->vsock_name, PORT_VSOCK_GRACE_MS, p->spec);
	p->name = p->spec;
	if (!serial_ready(p))
		return false;
	p->fd = p->serial_fd;
	return true;
}

void port_lost(struct port *p)
{
	/*
	 * A vsock connection is closed (the host makes a new one); a socket is
	 * reconnected; a device stays open until its host returns.
	 */
	if (p->fd >= 0 && p->fd != p->serial_fd) {
		close(p->fd);
	} else if (p->is_socket && p->serial_fd >= 0) {
		close(p->serial_fd);
		p->serial_fd = -1;
	}
	p->fd = -1;
}
