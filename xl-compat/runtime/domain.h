/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The domain registry: which domains live on this host, what they are
 * called, in which state they are, their saved config, and how to reach
 * them.  The facts come from where Xen keeps them:
 *   - a domain exists while RUN_DIR/<domid>/ exists (created atomically by
 *     domid allocation, removed last by the cleanup, domid.h);
 *   - its name, memory target and vcpus are in XenStore
 *     (/local/domain/D/name, memory/target, cpu/N/availability), as libxl
 *     keeps them, so `xl rename' and `xl mem-set' only change XenStore;
 *     a name is found through the name index (xs_path.h) in one read;
 *   - its run state is in RUN_DIR/<domid>/state, which the domain's
 *     monitor rewrites on every QMP STOP/RESUME/SHUTDOWN/GUEST_PANICKED
 *     event (key=value lines: monitor_pid, qemu_pid, state, start_time);
 *   - its saved config is libxl's userdata file
 *     LIB_DIR/userdata-d.<domid>.<uuid>.libxl-json (the model's JSON);
 *   - CPU time is QEMU's (utime+stime from /proc/<qemu_pid>/stat).
 * Commands talk to QEMU on the domain's command QMP socket (qmp-cmd.sock);
 * the monitor holds qmp.sock and sees every event, so a command never
 * needs the monitor's help: `stop' shows up as 'p' in the state file.
 * Ending a domain goes through its monitor (SIGTERM), which cleans up;
 * xlrt_domain_destroy() also cleans after a monitor that died.
 * Every function returns 0 or a negative errno; err (if given) gets one line.
 */
#ifndef XLRT_DOMAIN_H
#define XLRT_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <json-c/json.h>

#include "domstate.h"
#include "qmp.h"

struct xs_handle;

/* One row of `xl list'. */
struct xlrt_dominfo {
	unsigned int domid;
	char name[128];
	char uuid[37];
	uint64_t target_kb;	/* memory/target */
	uint64_t max_kb;	/* memory/static-max */
	int vcpus_online;	/* cpu/N/availability = online */
	int vcpus_max;		/* cpu/N entries: maxvcpus */
	char type[8];		/* /libxl/D/type: hvm, pvh, pv ("": none) */
	struct xlrt_domstate st;
	char letters[7];	/* "r-----": r b p s c d */
	double cpu_time;	/* seconds */
	uint64_t cpu_ns;	/* the same, in ns */
};

/* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" */
void xlrt_uuid_fmt(const uint8_t uuid[16], char out[37]);

/*
 * "Domain-0" or a name or a number -> domid.  -ENOENT if no domain has it,
 * live or dead (liveness.h), (err: "<q> is an invalid domain identifier",
 * as xl says).  xs may be NULL (opened and closed here).
 */
int xlrt_domain_lookup(struct xs_handle *xs, const char *qualifier,
		       unsigned int *domid, char *err, size_t errlen);

/* Fills info for one live domain (0 is the host: Domain-0); -ENOENT if
 * there is none (or it is still being created). */
int xlrt_domain_info(struct xs_handle *xs, unsigned int domid,
		     struct xlrt_dominfo *info);

/*
 * The rows of the n domains ids names that exist, in that order, packed
 * into out (room for n): their count, or -ENOMEM, or -ECONNREFUSED when
 * XenStore cannot be reached and xs is NULL.  Their XenStore facts are
 * asked for all of them at once (xs_batch.h: two round trips whatever n
 * is), so this is what listing many domains should call.
 */
int xlrt_domain_infos(struct xs_handle *xs, const unsigned int *ids, int n,
		      struct xlrt_dominfo *out);

/*
 * Every domain, Domain-0 first, then by domid; *out is malloc'ed.
 * Domains whose monitor has died are still listed, and those whose QEMU
 * is gone too (liveness.h: also with no run dir, XenStore only) with
 * state 'd', until xlrt_domain_destroy() cleans them.
 */
int xlrt_domain_list(struct xs_handle *xs, struct xlrt_dominfo **out,
		     int *n);

/*
 * Every domid other than 0 with a trace (liveness.h): a RUN_DIR entry or a
 * /local/domain/<domid> in XenStore (xs may be NULL: run dirs only),
 * sorted, once each; *ids malloc'ed.  The domains xlrt_domain_list lists.
 */
int xlrt_domain_ids(struct xs_handle *xs, unsigned int **ids, int *n);

/*
 * The saved config: the JSON object `xl list -l' shows under "config"
 * (json_object_put it), and its file.
 */
int xlrt_domain_config(unsigned int domid, json_object **config);
int xlrt_domain_config_path(unsigned int domid, char *buf, size_t len);

/* A QMP connection to the domain's QEMU (xlrt_qmp_close it). */
int xlrt_domain_qmp(unsigned int domid, int timeout_ms,
		    struct xlrt_qmp **q, char *err, size_t errlen);

/*
 * Stop: SIGTERM to the monitor, which kills QEMU and cleans up (0); after
 * timeout_ms, or if the monitor is gone, kill QEMU and the monitor here
 * and return 1: the domain is dead (liveness.h), its traces are left for
 * xlrt_domain_cleanup.  A dead domain returns 1 at once.
 */
int xlrt_domain_stop(unsigned int domid, int timeout_ms, char *err,
		     size_t errlen);

/*
 * cleanup.c (GPL, not in the core libxenctrl-shim links: it takes the
 * domain's network down):
 * Destroy: xlrt_domain_stop, then xlrt_domain_cleanup if it returned 1.
 */
int xlrt_domain_destroy(unsigned int domid, int timeout_ms,
			char *err, size_t errlen);
/*
 * Remove every trace of a domain whose QEMU is gone: its network (net.h),
 * XenStore nodes and RELEASE, saved config, console/channel sockets,
 * RUN_DIR/<domid> (last: the domid is free again).  xs may be NULL
 * (opened here).
 */
int xlrt_domain_cleanup(struct xs_handle *xs, unsigned int domid);

/* Remove domid's saved config and other userdata files. */
void xlrt_domain_userdata_remove(unsigned int domid);

/* Wait until domid no longer exists (-ETIMEDOUT; timeout_ms -1: forever). */
int xlrt_domain_wait_gone(unsigned int domid, int timeout_ms);

#endif
