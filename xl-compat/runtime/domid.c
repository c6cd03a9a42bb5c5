/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Domain id allocation (domid.h): the flock'ed counter file and the
 * per-domain directory as the claim.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

#include "domid.h"
#include "liveness.h"
#include "paths.h"

int xlrt_domid_alloc(struct xs_handle *xs, unsigned int *domid)
{
	char path[4096], run[4096], buf[32];
	unsigned int last = 0, cand, tries;
	ssize_t n;
	int fd, r;

	r = xlrt_path_run_dir(run, sizeof(run));
	if (!r)
		r = xlrt_mkdir_p(run);
	if (!r)
		r = xlrt_path_domid_file(path, sizeof(path));
	if (r)
		return r;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX) < 0) {
		r = -errno;
		goto out;
	}
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n > 0) {
		buf[n] = '\0';
		last = (unsigned int)strtoul(buf, NULL, 10);
	}
	r = -ENOSPC;
	for (tries = 1; tries < XLRT_DOMID_FIRST_RESERVED; tries++) {
		cand = (last + tries) % XLRT_DOMID_FIRST_RESERVED;
		if (cand == 0)
			continue;
		if (xs && xlrt_xs_holds(xs, cand))
			continue;
		r = xlrt_dom_dir_create(cand);
		if (r == -EEXIST)
			continue;
		if (r)
			break;
		n = snprintf(buf, sizeof(buf), "%u\n", cand);
		if (ftruncate(fd, 0) < 0 || pwrite(fd, buf, (size_t)n, 0) != n) {
			r = -errno;
			xlrt_dom_dir_remove(cand);
			break;
		}
		*domid = cand;
		r = 0;
		break;
	}
out:
	close(fd);	/* drops the lock */
	return r;
}
