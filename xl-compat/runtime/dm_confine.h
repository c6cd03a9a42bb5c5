/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Who a domain's QEMU runs as, with Xen's dm_restrict conventions: the
 * config's device_model_user, else the uid of the user
 * xen-qemuuser-range-base plus the domid (with that user's group), else
 * the user xen-qemuuser-shared.  Restricted, QEMU also chroots into an
 * empty directory of the domain's and runs under a full seccomp sandbox;
 * it drops every capability with root, since it setuid()s away from it.
 *
 * Whatever QEMU must open after that, the toolstack opens and hands over
 * (QMP getfd/add-fd): save files, migration streams, hot-plugged disks and
 * taps.  What it opens at start (disks, kernel, p9 exports, sockets,
 * /dev/net/tun, /dev/vhost-vsock) it opens as root, before the switch.
 */
#ifndef XLRT_DM_CONFINE_H
#define XLRT_DM_CONFINE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define XLRT_QEMU_USER_RANGE_BASE	"xen-qemuuser-range-base"
#define XLRT_QEMU_USER_SHARED		"xen-qemuuser-shared"

struct xlrt_dm_confine {
	bool restricted;	/* own user + chroot + full sandbox */
	bool drop;		/* QEMU drops to uid:gid */
	uid_t uid;
	gid_t gid;
	char user[32];		/* "UID:GID" for QEMU; "" when !drop */
	char root[4096];	/* its chroot; "" when !restricted */
	char who[200];		/* for messages: which user and why */
};

/*
 * Decide for domid: restricted (dm_restrict on) or not, with the config's
 * device_model_user (NULL: none).  Fails, saying what is missing, when
 * QEMU cannot be confined as asked: no such user, no user range, or xl not
 * running as root.  Creates nothing.
 */
int xlrt_dm_confine_plan(const char *device_model_user, bool restricted,
			 unsigned int domid, struct xlrt_dm_confine *c,
			 char *err, size_t len);

/* The empty root of a restricted QEMU, root's and read-only to QEMU,
 * inside the domain's directory (removed with it). 0 or -errno. */
int xlrt_dm_confine_prepare(const struct xlrt_dm_confine *c, char *err,
			    size_t len);

/* Whether QEMU process pid has dropped root: it can open no device node
 * after its start (a hot-plugged VFIO or USB host device). */
bool xlrt_dm_qemu_unprivileged(pid_t pid);

#endif
