/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QEMU process launcher: start QEMU in the foreground (we keep its pid,
 * never -daemonize), deprivileged where the binary allows, with a QMP
 * socket; return once QMP is ready, or kill and reap it and say why it
 * failed.  No failure path leaves a QEMU process behind.
 *
 * PR_SET_PDEATHSIG ties QEMU to the calling thread: start it from a thread
 * that lives as long as the domain (the monitor's main thread).  A QEMU
 * that drops to a user loses that setting, and a reaper child of the
 * caller kills it instead once the caller is gone.
 * The caller must not reap the pid itself (no waitpid(-1) in a SIGCHLD
 * handler); use xlrt_qemu_pidfd() to learn of QEMU's death in an event loop
 * and xlrt_qemu_stop()/xlrt_qemu_wait() to collect it.
 */
#ifndef XLRT_QEMU_PROC_H
#define XLRT_QEMU_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "qemu_info.h"
#include "qmp.h"

/* A disk image the launcher opens (read-write or read-only) and hands
 * QEMU as fd set `set', which QEMU names /dev/fdset/<set>: a restricted
 * QEMU could not open it (dm_confine.h).  Its drive must not reopen it
 * (file.auto-read-only=off, dm_disk.c). */
struct xlrt_qemu_image {
	const char *path;
	bool readwrite;
	int set;
	const char *opaque;		/* its label (xlrt_qmp_remove_fdsets) */
};

struct xlrt_qemu_opts {
	const char *qemu;		/* NULL: xlrt_qemu_binary() */
	const struct xlrt_qemu_info *info; /* of qemu; NULL: probe it */
	const char *const *args;	/* device-model options, NULL-ended */
	const char *qmp_path;		/* socket to create (xlrt_path_qmp) */
	const char *user;		/* drop to this user ("NAME" or
					 * "UID:GID"); NULL: don't */
	const char *chroot_dir;		/* chroot here once started (with a
					 * private procfs at proc/); NULL: no */
	const struct xlrt_qemu_image *images;	/* to open and hand over */
	size_t num_images;
	bool no_sandbox;		/* leave out -sandbox */
	bool survive_parent;		/* no PR_SET_PDEATHSIG */
	const char *log_path;		/* append stdout+stderr; NULL: memory */
	int timeout_ms;			/* until QMP is ready; 0: 10000 */
};

struct xlrt_qemu {
	pid_t pid;			/* also the process group id */
	int pidfd;			/* readable once QEMU has exited */
	struct xlrt_qmp *qmp;		/* connected, capabilities done */
	int log_fd;
	off_t log_start;		/* where this run's output begins */
	bool reaped;
	int status;			/* waitpid status, once reaped */
	pid_t reaper;			/* kills QEMU if we die (o->user) */
	int reaper_fd;			/* its pipe: closed when we die */
};

/*
 * Start QEMU.  On failure returns a negative errno, *out is NULL and err
 * holds one line such as "QEMU exited at start (status 1):
 * qemu-system-x86_64: -foo: invalid option".
 */
int xlrt_qemu_start(const struct xlrt_qemu_opts *o, struct xlrt_qemu **out,
		    char *err, size_t errlen);

/*
 * Stop QEMU: "quit" over QMP, SIGTERM after grace_ms, SIGKILL to its
 * process group after another grace_ms; reap it.  Frees qp.  Returns the
 * waitpid status.
 */
int xlrt_qemu_stop(struct xlrt_qemu *qp, int grace_ms);

/* Wait up to timeout_ms (-1: forever) for QEMU to exit and reap it:
 * 0 (status in qp->status) or -ETIMEDOUT. */
int xlrt_qemu_wait(struct xlrt_qemu *qp, int timeout_ms);

int xlrt_qemu_pidfd(const struct xlrt_qemu *qp);

/* The last output of this run, newlines replaced by "; ". */
void xlrt_qemu_output(const struct xlrt_qemu *qp, char *buf, size_t len);

#endif
