/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Keeping state files aside: what a start must neither load nor overwrite
 * (a previous boot's store, a damaged snapshot or journal) goes into a new
 * subdirectory of the state directory, PREFIX or PREFIX.N, never one that
 * exists, so no evidence is ever replaced.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xsd-internal.h"

int xsd_aside(int dirfd, const char *prefix, const char *const *names,
	      size_t n, bool link, char *sub, size_t size)
{
	size_t i;
	int k;

	for (k = 0;; k++) {
		snprintf(sub, size, k ? "%s.%d" : "%s", prefix, k);
		if (!mkdirat(dirfd, sub, 0700))
			break;
		if (errno != EEXIST || k > 1000)
			return errno;
	}
	for (i = 0; i < n; i++) {
		char to[192];

		snprintf(to, sizeof(to), "%s/%s", sub, names[i]);
		if ((link ? linkat(dirfd, names[i], dirfd, to, 0)
			  : renameat(dirfd, names[i], dirfd, to)) &&
		    errno != ENOENT)
			return errno;
	}
	return fsync(dirfd) ? errno : 0;
}
