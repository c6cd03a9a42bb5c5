/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The boot a state directory belongs to. The store is durable across
 * daemon restarts, but nothing in it outlives the host: after a reboot no
 * domain it names is running. The kernel's boot_id changes at every boot;
 * the state directory records the one it was written under (file
 * boot_id). A directory of an earlier boot is not loaded: its files move
 * into previous-boot-<id>/ (aside.c) and the daemon starts with
 * dom0 only. A directory without the record (written before it existed)
 * is loaded and adopted.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xsd-internal.h"

#define BOOT_ID_LEN	36
#define BOOT_ID_PATH	"/proc/sys/kernel/random/boot_id"

static const char *const state_files[] = { "snapshot", "journal", "boot_id" };

/* The first line of a file, at most BOOT_ID_LEN characters; "" if none. */
static void read_id(int dirfd, const char *path, char *id)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, id, BOOT_ID_LEN);

	if (fd >= 0)
		close(fd);
	id[n > 0 ? n : 0] = '\0';
	id[strcspn(id, "\n")] = '\0';
}

/* Move the previous boot's files into a directory of their own. */
static int put_aside(struct xsd *x, int dirfd, const char *dir,
		     const char *old)
{
	char prefix[64], sub[80];
	int err;

	snprintf(prefix, sizeof(prefix), "previous-boot-%s", old);
	err = xsd_aside(dirfd, prefix, state_files,
			sizeof(state_files) / sizeof(state_files[0]), false,
			sub, sizeof(sub));
	if (err)
		return err;
	xsd_log(x, XSD_LOG_WARN,
		"%s holds the store of an earlier boot (%s): discarded, "
		"kept in %s/%s; starting with dom0 only", dir, old, dir, sub);
	return 0;
}

/*
 * Before loading: set aside a previous boot's state. *record is set when
 * the directory's record must be (re)written once the state is loaded.
 */
int xsd_boot_check(struct xsd *x, int dirfd, const char *dir, bool *record)
{
	char now[BOOT_ID_LEN + 1], old[BOOT_ID_LEN + 1];

	read_id(AT_FDCWD, BOOT_ID_PATH, now);
	read_id(dirfd, "boot_id", old);
	*record = now[0] && strcmp(now, old);
	if (!now[0]) {
		xsd_log(x, XSD_LOG_WARN, "cannot read %s: the state is "
			"loaded whatever boot wrote it", BOOT_ID_PATH);
		return 0;
	}
	if (!old[0] || !strcmp(now, old))
		return 0;
	return put_aside(x, dirfd, dir, old);
}

/* The state directory now belongs to this boot. */
int xsd_boot_record(int dirfd)
{
	char now[BOOT_ID_LEN + 2];
	size_t len;
	int fd, err = 0;

	read_id(AT_FDCWD, BOOT_ID_PATH, now);
	len = strlen(now);
	now[len++] = '\n';
	fd = openat(dirfd, "boot_id.tmp", O_WRONLY | O_CREAT | O_TRUNC |
		    O_CLOEXEC, 0600);
	if (fd < 0)
		return errno;
	if (write(fd, now, len) != (ssize_t)len || fsync(fd))
		err = errno ? errno : EIO;
	close(fd);
	if (!err && renameat(dirfd, "boot_id.tmp", dirfd, "boot_id"))
		err = errno;
	if (!err && fsync(dirfd))
		err = errno;
	if (err)
		unlinkat(dirfd, "boot_id.tmp", 0);
	return err;
}
