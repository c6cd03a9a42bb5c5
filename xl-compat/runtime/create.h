/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Creating a domain, as `xl create' and a restarting monitor do: check the
 * name is free, allocate a domid (domid.h), write the XenStore layout and
 * INTRODUCE (xs_layout.h), save the config (libxl's userdata), fork the
 * per-domain monitor (monitor.h) and wait until it reports QEMU running.
 * SIGINT, SIGTERM and SIGHUP are held off meanwhile; one arriving makes the
 * monitor destroy what exists so far.  On any failure nothing is left:
 * no QEMU, no XenStore nodes, no sockets, no files.
 */
#ifndef XLRT_CREATE_H
#define XLRT_CREATE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "accel.h"
#include "memlayout.h"
#include "xlconf.h"
#include "xlmodel.h"

struct xlrt_create_opts {
	enum xlrt_accel accel;	/* decided: xen, kvm or tcg */
	const char *qemu;	/* xl.conf kvm.qemu, or NULL */
	bool paused;		/* xl create -p: leave the guest paused */
	int timeout_ms;		/* QEMU start to QMP; 0: the launcher's */
	const char *config_text;	/* kept as userdata "xl" (savefile.h) */
	const char *incoming;	/* restore: QEMU -incoming URI, loaded paused */
	bool migrating;		/* an incoming migration: channel sockets
				 * wait for xlrt_chan_host_takeover() */
	/* restore: the layout the guest was saved with (the create fails,
	 * before anything exists, unless d gives the same) and the guest's
	 * own XenStore nodes to write for the new domid (xs_guest.h) */
	const struct xlrt_memlayout *saved_mem;
	const char *guest_xs;
	size_t guest_xs_len;
	enum xlconf_guest_link guest_link;	/* xl.conf kvm.guest_link */
	unsigned long vsock_cid_base;	/* kvm.vsock_cid_base (guest_link.h) */
	bool domid_random;	/* xl.conf domid_policy="random" (domid.h) */
	bool dm_restrict;	/* confine QEMU (dm_confine.h): the config's
				 * dm_restrict, else xl.conf kvm.dm_restrict */
	const char *lockfile;	/* xl.conf lockfile; NULL: Xen's /var/lock/xl
				 * (paths.h) */
};

/*
 * d must have had xlm_domain_setdefault(); a null uuid is replaced by a
 * random one.  Its memory layout (memlayout.h) is checked first, against
 * o->saved_mem too when set.  Returns 0 with *domid and *monitor set, or a negative
 * errno with err saying what happened (-EINTR: interrupted by a signal).
 */
int xlrt_domain_create(struct xlm_domain *d, const struct xlrt_create_opts *o,
		       unsigned int *domid, pid_t *monitor, char *err,
		       size_t errlen);

#endif
