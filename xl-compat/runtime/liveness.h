/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Whether a domain still runs: the one decision every xl command uses
 * (list, lookup, destroy, create's name check, create -F).  A domain leaves
 * three kinds of trace: RUN_DIR/<domid>/ with the monitor's state file,
 * XenStore's /local/domain/<domid>, and its two processes.  After a host
 * crash or a kill -9 the processes are gone while the rest stays; the run
 * dir also goes with a reboot (tmpfs), XenStore does not (it is durable).
 *
 * A process counts only if it is still the one recorded: the monitor's
 * comm starts with "xlmon:", QEMU's command line holds this domain's QMP
 * socket, so a pid reused by something else is never taken for them (nor
 * killed by destroy).
 */
#ifndef XLRT_LIVENESS_H
#define XLRT_LIVENESS_H

#include <stdbool.h>

#include "domstate.h"

struct xs_handle;

enum xlrt_liveness {
	XLRT_LIVE_NONE,		/* no trace at all: no such domain */
	XLRT_LIVE_CREATING,	/* run dir, no state file: xl create at work */
	XLRT_LIVE_RUNNING,	/* its monitor runs (QEMU may be starting) */
	XLRT_LIVE_ORPHAN,	/* the monitor is gone, QEMU still runs */
	XLRT_LIVE_DEAD,		/* neither runs: only leftovers remain */
};

/*
 * The decision for domid (not 0); st gets the state file (zeroed without
 * one; a dead domain without one reads as dying).  xs may be NULL (opened
 * here if the run dir is gone and XenStore must be asked).
 */
enum xlrt_liveness xlrt_domain_liveness(struct xs_handle *xs,
					unsigned int domid,
					struct xlrt_domstate *st);

/* XenStore holds /local/domain/<domid> (xs may be NULL: opened here). */
bool xlrt_xs_holds(struct xs_handle *xs, unsigned int domid);

/* The recorded monitor / QEMU of domid still runs (see above). */
bool xlrt_monitor_runs(const struct xlrt_domstate *st);
bool xlrt_qemu_runs(unsigned int domid, const struct xlrt_domstate *st);

#endif
