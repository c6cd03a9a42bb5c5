/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Small file helpers the runtime and the xl commands share: connect to a
 * Unix stream socket, read or write exactly len bytes across short
 * transfers and EINTR, and replace a file whole.
 */
#ifndef XLRT_FDIO_H
#define XLRT_FDIO_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/*
 * A connected AF_UNIX stream socket (close-on-exec; extra_type adds socket
 * type flags such as SOCK_NONBLOCK), or -1 with errno set.
 */
int xlrt_unix_connect(const char *path, int extra_type);

/* 0 once all len bytes moved; else -errno (-EIO on end of file). */
int xlrt_write_full(int fd, const void *buf, size_t len);
int xlrt_read_full(int fd, void *buf, size_t len);

/*
 * Replacing path whole, so that a reader sees the old file or the new one:
 * xlrt_replace_open() creates "<path>.<pid>.tmp" (tmp gets its name) with
 * mode and returns it for writing, or NULL with errno set;
 * xlrt_replace_commit() closes it and renames it over path, or removes it
 * when writing failed.  It returns 0 or a -errno.
 */
FILE *xlrt_replace_open(const char *path, mode_t mode, char *tmp, size_t tmplen);
int xlrt_replace_commit(FILE *f, const char *tmp, const char *path);

#endif
