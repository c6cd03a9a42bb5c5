/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The connection cap and dom0's reserve of descriptors (admit.h). The
 * kernel gives a new descriptor the lowest free number, so a guest's
 * connection landing at or above limit - ADMIT_RESERVE means every number
 * below is taken: refusing it keeps guests below that line and the rest
 * free for dom0, without counting what else the process holds.
 */
#include <sys/resource.h>

#include "admit.h"

/* The lowest descriptor a guest may not have, or -1 for none. */
static long reserve_line(void)
{
	struct rlimit rl;
	long limit;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		rl.rlim_cur = 1024;
	if (rl.rlim_cur == RLIM_INFINITY)
		return -1;
	limit = rl.rlim_cur;
	/* A small limit still leaves guests three quarters of it. */
	return limit - (limit / 4 < ADMIT_RESERVE ? limit / 4 : ADMIT_RESERVE);
}

bool admit_conn(struct admit *a, uint32_t domid, int fd, const char **why)
{
	long line;

	*why = NULL;
	if (domid && a->conns[domid] >= ADMIT_PER_DOMAIN) {
		if (!a->capped[domid])
			*why = "it has its cap of connections";
		a->capped[domid] = true;
		return false;
	}
	line = domid ? reserve_line() : -1;
	if (line >= 0 && fd >= line) {
		if (!a->reserved)
			*why = "the last descriptors are dom0's";
		a->reserved = true;
		return false;
	}
	if (domid)
		a->reserved = false;
	a->conns[domid]++;
	return true;
}

void admit_gone(struct admit *a, uint32_t domid)
{
	if (a->conns[domid])
		a->conns[domid]--;
	if (a->conns[domid] < ADMIT_PER_DOMAIN)
		a->capped[domid] = false;
}
