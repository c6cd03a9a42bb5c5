/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Opening the agent's end of the guest link (see port.h).  A virtio-serial
 * port reports POLLHUP while no host program holds its chardev; that is how
 * the agent learns the host end is missing without busy-looping on reads.
 */
#include "tools/agent/port.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

void port_init(struct port *p, const char *spec)
{
	p->spec = spec;
	p->sysfs = "/sys/class/virtio-ports";
	p->is_socket = false;
	p->fd = -1;
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

bool port_ready(struct port *p)
{
	if (p->fd < 0) {
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
			p->fd = connect_unix(dev);
		else
			p->fd = open(dev, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
		if (p->fd < 0)
			return false;
	}
	if (p->is_socket)
		return true;

	struct pollfd pfd = { .fd = p->fd, .events = POLLOUT };

	return poll(&pfd, 1, 0) >= 0 && !(pfd.revents & (POLLHUP | POLLERR | POLLNVAL));
}

void port_lost(struct port *p)
{
	/* A socket is reconnected; a device stays open until its host returns. */
	if (p->is_socket && p->fd >= 0) {
		close(p->fd);
		p->fd = -1;
	}
}
