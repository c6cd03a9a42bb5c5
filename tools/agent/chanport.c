/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The agent's channels (chanport.h): each lossless port relayed to a pty
 * whose slave is /dev/hvc<N>.
 */
#include "tools/agent/chanport.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Read from fd into b's free space; false when fd is done (end of file or
 * an error other than EAGAIN). */
static bool buf_fill(struct chanbuf *b, int fd)
{
	ssize_t n;

	if (b->off && b->off + b->len == sizeof(b->data)) {
		memmove(b->data, b->data + b->off, b->len);
		b->off = 0;
	}
	if (b->off + b->len == sizeof(b->data))
		return true;
	n = read(fd, b->data + b->off + b->len,
		 sizeof(b->data) - b->off - b->len);
	if (n > 0)
		b->len += (size_t)n;
	return n > 0 || (n < 0 && (errno == EAGAIN || errno == EINTR));
}

/* Write b's data to fd, as much as it takes now. */
static void buf_drain(struct chanbuf *b, int fd)
{
	ssize_t n;

	while (b->len) {
		n = write(fd, b->data + b->off, b->len);
		if (n <= 0)
			return;
		b->off += (size_t)n;
		b->len -= (size_t)n;
	}
	b->off = 0;
}

/* The number N of a port named CHANPORT_PREFIX<N>, or 0. */
static int port_number(const char *sysfs, const char *entry)
{
	char path[512], name[64], *end;
	size_t plen = strlen(CHANPORT_PREFIX);
	long n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/name", sysfs, entry);
	f = fopen(path, "re");
	if (!f)
		return 0;
	if (!fgets(name, sizeof(name), f))
		name[0] = '\0';
	fclose(f);
	name[strcspn(name, "\n")] = '\0';
	if (strncmp(name, CHANPORT_PREFIX, plen))
		return 0;
	n = strtol(name + plen, &end, 10);
	return *end || n < 1 || n > 999 ? 0 : (int)n;
}

/* A pty for c, its slave set once and closed so that the master reports
 * POLLHUP until a program opens it, linked as devdir/hvc<N>. */
static int serve(struct chanport *c, const char *devdir)
{
	char slave[64], link[512], tmp[512];
	struct stat st;
	int s;

	c->master = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (c->master < 0 || grantpt(c->master) || unlockpt(c->master) ||
	    ptsname_r(c->master, slave, sizeof(slave)))
		return -1;
	s = open(slave, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (s < 0)
		return -1;
	close(s);
	snprintf(link, sizeof(link), "%s/hvc%d", devdir, c->num);
	snprintf(tmp, sizeof(tmp), "%s/.hvc%d.%d", devdir, c->num, (int)getpid());
	/* the kernel's node's mode, as udev or the guest's init left it */
	if (!stat(link, &st) && S_ISCHR(st.st_mode))
		chmod(slave, st.st_mode & 07777);
	unlink(tmp);
	if (symlink(slave, tmp) < 0)
		return -1;
	if (rename(tmp, link) < 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

int chanports_start(struct chanports *cp, const char *sysfs,
		    const char *devdir)
{
	DIR *d = opendir(sysfs);
	struct dirent *e;
	char path[512];

	cp->n = 0;
	while (d && (e = readdir(d)) && cp->n < CHANPORT_MAX) {
		struct chanport *c = &cp->c[cp->n];
		int num = e->d_name[0] == '.' ? 0 : port_number(sysfs, e->d_name);

		if (!num)
			continue;
		memset(c, 0, sizeof(*c));
		c->num = num;
		c->master = -1;
		snprintf(path, sizeof(path), "%s/%s", devdir, e->d_name);
		c->port = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
		if (c->port < 0 || serve(c, devdir) < 0) {
			fprintf(stderr, "xen-kvm-agent: channel %s/hvc%d (%s): %s\n",
				devdir, num, path, strerror(errno));
			if (c->port >= 0)
				close(c->port);
			if (c->master >= 0)
				close(c->master);
			continue;
		}
		cp->n++;
	}
	if (d)
		closedir(d);
	return cp->n;
}

void chanports_poll(struct chanports *cp, struct pollfd *pfd, int64_t now)
{
	for (int i = 0; i < cp->n; i++) {
		struct chanport *c = &cp->c[i];
		struct pollfd *p = &pfd[2 * i], *m = &pfd[2 * i + 1];

		p->fd = now >= c->port_idle_until ? c->port : -1;
		p->events = (c->to_guest.len < sizeof(c->to_guest.data) ?
			     POLLIN : 0) | (c->to_host.len ? POLLOUT : 0);
		m->fd = now >= c->master_idle_until ? c->master : -1;
		m->events = (c->to_host.len < sizeof(c->to_host.data) ?
			     POLLIN : 0) |
			    (c->to_guest.len && c->slave_open ? POLLOUT : 0);
	}
}

static bool full(const struct chanbuf *b)
{
	return b->len == sizeof(b->data);
}

/* Read an end that poll() reported; false when it must rest a while: it
 * is done for now (end of file, EIO) or hangs up with no room to read. */
static bool end_io(struct chanbuf *b, int fd, short revents)
{
	if (!(revents & (POLLIN | POLLHUP | POLLERR)))
		return true;
	if (!buf_fill(b, fd))
		return false;
	return !(revents & (POLLHUP | POLLERR)) || !full(b);
}

void chanports_io(struct chanports *cp, const struct pollfd *pfd,
		  int64_t now)
{
	for (int i = 0; i < cp->n; i++) {
		struct chanport *c = &cp->c[i];
		const struct pollfd *p = &pfd[2 * i], *m = &pfd[2 * i + 1];

		/* the port hangs up while no host program holds its chardev */
		if (p->fd >= 0 && !end_io(&c->to_guest, c->port, p->revents))
			c->port_idle_until = now + CHANPORT_IDLE_MS;
		/* the master hangs up while no program holds the slave, and
		 * reads EIO once it has given all that the last one wrote */
		if (m->fd >= 0) {
			c->slave_open = !(m->revents & POLLHUP);
			if (!end_io(&c->to_host, c->master, m->revents))
				c->master_idle_until = now + CHANPORT_IDLE_MS;
		}
		if (c->slave_open)
			buf_drain(&c->to_guest, c->master);
		buf_drain(&c->to_host, c->port);
	}
}

int chanports_timeout(const struct chanports *cp, int64_t now)
{
	int t = -1;

	for (int i = 0; i < cp->n; i++) {
		int64_t u[2] = { cp->c[i].port_idle_until,
				 cp->c[i].master_idle_until };

		for (int k = 0; k < 2; k++)
			if (u[k] > now && (t < 0 || u[k] - now < t))
				t = (int)(u[k] - now);
	}
	return t;
}
