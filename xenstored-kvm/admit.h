/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which new connection may stay (admit.c): at most ADMIT_PER_DOMAIN per
 * domain, and guests never take the last ADMIT_RESERVE descriptors of the
 * daemon's limit, which are dom0's and the daemon's own (its state files):
 * guests exhausting the limit cannot lock dom0 out.
 */
#ifndef XSD_ADMIT_H
#define XSD_ADMIT_H

#include <stdbool.h>
#include <stdint.h>

#include "xsd.h"

#define ADMIT_PER_DOMAIN	32	/* the guest link's streams per guest */
#define ADMIT_RESERVE		64

struct admit {
	uint16_t conns[XSD_DOMID_MAX];	/* open connections by domain */
	bool capped[XSD_DOMID_MAX];	/* refused since it was last below */
	bool reserved;			/* guests refused for the reserve */
};

/*
 * May domain DOMID's connection, accepted on descriptor FD, stay? If so,
 * it is counted; if not, *why says why, or is NULL when that was said
 * already in this episode (the caller logs each episode once).
 */
bool admit_conn(struct admit *a, uint32_t domid, int fd, const char **why);
void admit_gone(struct admit *a, uint32_t domid);

#endif
