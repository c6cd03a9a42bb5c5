/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A domain's run state file, RUN_DIR/<domid>/state: the monitor writes it
 * on every QMP event, the registry (domain.h) and the liveness checks
 * (liveness.h) read it.  Key=value lines: state, monitor_pid, qemu_pid,
 * start_time, shutdown_reason.
 */
#ifndef XLRT_DOMSTATE_H
#define XLRT_DOMSTATE_H

#include <stdint.h>
#include <sys/types.h>

/* What the monitor records in RUN_DIR/<domid>/state. */
enum xlrt_runstate {
	XLRT_RUN_STARTING,	/* created, QEMU not running yet */
	XLRT_RUN_RUNNING,
	XLRT_RUN_PAUSED,	/* QMP stop, create -p, or paused for a dump */
	XLRT_RUN_SHUTDOWN,	/* the guest shut down; kept (preserve) */
	XLRT_RUN_CRASHED,	/* the guest panicked; kept (preserve) */
	XLRT_RUN_DYING,		/* being torn down */
};

struct xlrt_domstate {
	enum xlrt_runstate state;
	pid_t monitor_pid;
	pid_t qemu_pid;
	int64_t start_time;	/* seconds since the epoch */
	char shutdown_reason[32];	/* "poweroff", "reboot", "crash", ... */
};

/* The state file (the monitor writes it; readers use read). */
int xlrt_domstate_read(unsigned int domid, struct xlrt_domstate *st);
int xlrt_domstate_write(unsigned int domid, const struct xlrt_domstate *st);
const char *xlrt_runstate_name(enum xlrt_runstate s);

/*
 * Xen's shutdown reason code (SHUTDOWN_poweroff 0, reboot 1, suspend 2,
 * crash 3, watchdog 4, soft_reset 5) of a state file's shutdown_reason;
 * 0 for anything else, as xl prints it.
 */
unsigned int xlrt_shutdown_code(const char *reason);

#endif
