/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Unix-socket connect, full reads and writes, whole-file replace (fdio.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "fdio.h"

int xlrt_unix_connect(const char *path, int extra_type)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t n = strlen(path);
	int fd, e;

	if (n >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sa.sun_path, path, n + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | extra_type, 0);
	if (fd < 0)
		return -1;
	/* A local stream connect completes at once or fails, even when the
	 * socket is non-blocking (EAGAIN: the listener's backlog is full). */
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

int xlrt_write_full(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int xlrt_read_full(int fd, void *buf, size_t len)
{
	char *p = buf;
	ssize_t n;

	while (len) {
		n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

FILE *xlrt_replace_open(const char *path, mode_t mode, char *tmp, size_t tmplen)
{
	FILE *f;
	int fd, e;

	if (snprintf(tmp, tmplen, "%s.%d.tmp", path, (int)getpid()) >= (int)tmplen) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return NULL;
	f = fdopen(fd, "w");
	if (!f) {
		e = errno;
		close(fd);
		unlink(tmp);
		errno = e;
	}
	return f;
}

int xlrt_replace_commit(FILE *f, const char *tmp, const char *path)
{
	int failed = ferror(f), err = 0;

	if (fclose(f))
		err = -errno;
	else if (failed)
		err = -EIO;
	if (!err && rename(tmp, path) < 0)
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}
