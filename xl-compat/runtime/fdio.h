/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small descriptor helpers the runtime and the xl commands share: connect
 * to a Unix stream socket, and read or write exactly len bytes across short
 * transfers and EINTR.
 */
#ifndef XLRT_FDIO_H
#define XLRT_FDIO_H

#include <stddef.h>

/*
 * A connected AF_UNIX stream socket (close-on-exec; extra_type adds socket
 * type flags such as SOCK_NONBLOCK), or -1 with errno set.
 */
int xlrt_unix_connect(const char *path, int extra_type);

/* 0 once all len bytes moved; else -errno (-EIO on end of file). */
int xlrt_write_full(int fd, const void *buf, size_t len);
int xlrt_read_full(int fd, void *buf, size_t len);

#endif
