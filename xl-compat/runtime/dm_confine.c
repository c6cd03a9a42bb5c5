/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dm_confine.c: the user and root of a domain's QEMU (dm_confine.h).
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dm_confine.h"
#include "paths.h"

/* Xen's domid space ends at 0x7fef (DOMID_FIRST_RESERVED - 1). */
#define MAX_DOMID	32751U

static void set_user(struct xlrt_dm_confine *c, uid_t uid, gid_t gid)
{
	c->drop = true;
	c->uid = uid;
	c->gid = gid;
	snprintf(c->user, sizeof(c->user), "%u:%u", (unsigned int)uid,
		 (unsigned int)gid);
}

/* The range's uid for domid, unless a real user owns it already. */
static int range_user(const struct passwd *base, unsigned int domid,
		      struct xlrt_dm_confine *c, char *err, size_t len)
{
	/* copied: getpwuid() below reuses the buffer base points into */
	uid_t base_uid = base->pw_uid, uid = base_uid + domid;
	gid_t gid = base->pw_gid;
	struct passwd *other;

	if (base_uid == 0 || base_uid + MAX_DOMID < base_uid) {
		snprintf(err, len, "user %s has uid %u: its range of %u uids "
			 "must start above 0 and not wrap",
			 XLRT_QEMU_USER_RANGE_BASE, (unsigned int)base_uid,
			 MAX_DOMID + 1);
		return -EINVAL;
	}
	other = getpwuid(uid);
	if (other && other->pw_uid != base_uid) {
		snprintf(err, len, "uid %u (%s + domid %u) belongs to user "
			 "%s: the range must be free for QEMU", (unsigned int)uid,
			 XLRT_QEMU_USER_RANGE_BASE, domid, other->pw_name);
		return -EEXIST;
	}
	set_user(c, uid, gid);
	snprintf(c->who, sizeof(c->who), "uid %u (%s + domid %u)",
		 (unsigned int)uid, XLRT_QEMU_USER_RANGE_BASE, domid);
	return 0;
}

int xlrt_dm_confine_plan(const char *device_model_user, bool restricted,
			 unsigned int domid, struct xlrt_dm_confine *c,
			 char *err, size_t len)
{
	struct passwd *pw;
	int r;

	memset(c, 0, sizeof(*c));
	c->restricted = restricted;
	if (!restricted && !device_model_user) {
		snprintf(c->who, sizeof(c->who), "root, unconfined");
		return 0;
	}
	if (geteuid() != 0) {
		snprintf(err, len, "cannot confine QEMU: xl runs as uid %u, "
			 "not root, so QEMU cannot change user or chroot "
			 "(dm_restrict = 0 runs it unconfined)",
			 (unsigned int)geteuid());
		return -EPERM;
	}
	if (device_model_user) {
		pw = getpwnam(device_model_user);
		if (!pw) {
			snprintf(err, len, "device_model_user \"%s\": no such "
				 "user", device_model_user);
			return -ENOENT;
		}
		if (pw->pw_uid == 0) {
			snprintf(err, len, "device_model_user \"%s\" is root: "
				 "QEMU would keep every privilege",
				 device_model_user);
			return -EINVAL;
		}
		set_user(c, pw->pw_uid, pw->pw_gid);
		snprintf(c->who, sizeof(c->who), "%s (uid %u, "
			 "device_model_user)", device_model_user,
			 (unsigned int)pw->pw_uid);
	} else if ((pw = getpwnam(XLRT_QEMU_USER_RANGE_BASE))) {
		r = range_user(pw, domid, c, err, len);
		if (r)
			return r;
	} else if ((pw = getpwnam(XLRT_QEMU_USER_SHARED)) && pw->pw_uid) {
		set_user(c, pw->pw_uid, pw->pw_gid);
		snprintf(c->who, sizeof(c->who), "%s (uid %u, shared by every "
			 "domain: create %s to give each its own)",
			 XLRT_QEMU_USER_SHARED, (unsigned int)pw->pw_uid,
			 XLRT_QEMU_USER_RANGE_BASE);
	} else {
		snprintf(err, len, "dm_restrict: no user %s nor %s to run "
			 "QEMU as (see xl.cfg(5), dm_restrict; or set "
			 "dm_restrict = 0 to run it unconfined)",
			 XLRT_QEMU_USER_RANGE_BASE, XLRT_QEMU_USER_SHARED);
		return -ENOENT;
	}
	if (restricted &&
	    xlrt_path_qemu_root(c->root, sizeof(c->root), domid)) {
		snprintf(err, len, "the path of QEMU's root is too long");
		return -ENAMETOOLONG;
	}
	return 0;
}

bool xlrt_dm_qemu_unprivileged(pid_t pid)
{
	char path[64], line[256];
	unsigned int uid = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Uid: %*u %u", &uid) == 1)
			break;
	fclose(f);
	return uid != 0;
}

int xlrt_dm_confine_prepare(const struct xlrt_dm_confine *c, char *err,
			    size_t len)
{
	int e;

	if (!c->restricted)
		return 0;
	char proc[4200];
	const char *dirs[] = { c->root, proc };
	size_t i;

	snprintf(proc, sizeof(proc), "%s/proc", c->root);
	/* Empty but for where QEMU's own procfs goes (qemu_proc.h), and
	 * QEMU's user may not write it: nothing it leaves there can outlive
	 * the domain or reach another. */
	for (i = 0; i < 2; i++)
		if ((mkdir(dirs[i], 0555) < 0 && errno != EEXIST) ||
		    chown(dirs[i], 0, 0) < 0 || chmod(dirs[i], 0555) < 0) {
			e = errno;
			snprintf(err, len, "%s: %s", dirs[i], strerror(e));
			return -e;
		}
	return 0;
}
