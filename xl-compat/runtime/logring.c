/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * logring.c: the toolstack's bounded, file-backed log ring (logring.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "logring.h"
#include "paths.h"

static int open_ring(int flags)
{
	char path[4096], dir[4096];
	int fd;

	if (xlrt_path_logring(path, sizeof(path)))
		return -ENAMETOOLONG;
	snprintf(dir, sizeof(dir), "%s", path);
	if (flags & O_CREAT)
		xlrt_mkdir_p(dirname(dir));
	fd = open(path, flags | O_CLOEXEC, 0640);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX) < 0) {
		close(fd);
		return -errno;
	}
	return fd;
}

/* Keep the newest lines, about half the limit (we hold the lock; fd is
 * O_APPEND, so the kept tail is written after emptying the file). */
static int trim(int fd, off_t size)
{
	char *buf = malloc((size_t)size), *keep;
	size_t rest;
	ssize_t n;
	int r = 0;

	if (!buf)
		return -ENOMEM;
	n = pread(fd, buf, (size_t)size, 0);
	if (n != size) {
		free(buf);
		return n < 0 ? -errno : -EIO;
	}
	keep = buf + size - XLRT_LOGRING_MAX / 2;
	keep = memchr(keep, '\n', (size_t)(buf + size - keep));
	keep = keep ? keep + 1 : buf + size;
	rest = (size_t)(buf + size - keep);
	if (ftruncate(fd, 0) || write(fd, keep, rest) != (ssize_t)rest)
		r = -errno;
	free(buf);
	return r;
}

int xlrt_log(const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = xlrt_vlog(fmt, ap);
	va_end(ap);
	return r;
}

int xlrt_vlog(const char *fmt, va_list ap)
{
	char line[1200], stamp[32] = "";
	time_t now = time(NULL);
	struct stat st;
	struct tm tm;
	int fd, n, r = 0;

	if (gmtime_r(&now, &tm))
		strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm);
	n = snprintf(line, sizeof(line), "(XEN) [%s] ", stamp);
	vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	strcat(line, "\n");
	fd = open_ring(O_RDWR | O_APPEND | O_CREAT);
	if (fd < 0)
		return fd;
	if (write(fd, line, strlen(line)) < 0)
		r = -errno;
	else if (fstat(fd, &st) == 0 && st.st_size > XLRT_LOGRING_MAX)
		r = trim(fd, st.st_size);
	close(fd);
	return r;
}

void xlrt_mlog(const char *fmt, ...)
{
	struct timespec ts;
	struct tm tm;
	char when[32];
	va_list ap;

	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	fprintf(stderr, "%s xl-monitor[%d]: ", when, (int)getpid());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
	va_start(ap, fmt);
	xlrt_vlog(fmt, ap);
	va_end(ap);
}

int xlrt_logring_read(FILE *out, int clear)
{
	char buf[8192];
	ssize_t n;
	int fd = open_ring(O_RDWR), r = 0;

	if (fd == -ENOENT)
		return 0;	/* nothing logged yet */
	if (fd < 0)
		return fd;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, out);
	if (n < 0 || fflush(out))
		r = -errno;
	if (!r && clear && ftruncate(fd, 0))
		r = -errno;
	close(fd);
	return r;
}
