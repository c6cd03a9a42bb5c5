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
#include <sys/random.h>
#include <unistd.h>

#include "domid.h"
#include "liveness.h"
#include "paths.h"

/*
 * Random ids are tried this many times before the ids in order are: with
 * few domains the first try nearly always wins, and a nearly full range
 * still ends in the ordered scan, which finds any free id.
 */
#define RANDOM_TRIES 64

/* Claim cand: 0, 1 if it is taken, or -errno. */
static int claim(struct xs_handle *xs, unsigned int cand)
{
	int r;

	if (cand == 0 || (xs && xlrt_xs_holds(xs, cand)))
		return 1;
	r = xlrt_dom_dir_create(cand);
	return r == -EEXIST ? 1 : r;
}

static unsigned int random_domid(void)
{
	uint16_t v;

	if (getrandom(&v, sizeof(v), 0) != sizeof(v))
		return 0;	/* claim() refuses 0: the ordered scan */
	return 1 + v % (XLRT_DOMID_FIRST_RESERVED - 1);
}

/* The counter file holds the last id handed out in order. */
static int remember(int fd, unsigned int domid)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%u\n", domid);

	return ftruncate(fd, 0) < 0 || pwrite(fd, buf, (size_t)n, 0) != n ?
		-1 : 0;
}

int xlrt_domid_alloc(struct xs_handle *xs, bool random, unsigned int *domid)
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
	r = 1;
	for (tries = 0; random && r > 0 && tries < RANDOM_TRIES; tries++) {
		cand = random_domid();
		r = claim(xs, cand);
	}
	/* in order after the last one handed out, which is remembered */
	for (tries = 1; r > 0 && tries < XLRT_DOMID_FIRST_RESERVED; tries++) {
		cand = (last + tries) % XLRT_DOMID_FIRST_RESERVED;
		r = claim(xs, cand);
		if (!r && remember(fd, cand)) {
			r = -errno;
			xlrt_dom_dir_remove(cand);
		}
	}
	if (r > 0)
		r = XLRT_DOMID_EXHAUSTED;
	if (!r)
		*domid = cand;
out:
	close(fd);	/* drops the lock */
	return r;
}
