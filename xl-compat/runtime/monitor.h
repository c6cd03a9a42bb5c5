/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The per-domain monitor, the process xl forks for each domain (visible in
 * ps as `xl-monitor: <name>').  It starts QEMU with the launcher (paused,
 * -S), connects the console relay (console.h) and the guest link relay
 * (tools/agent relay.h) to the domain's XenStore socket, resumes the guest
 * and reports "OK" (or "ERR <why>") on ready_fd.  Then, on libevent, it
 * follows QMP events: STOP/RESUME update the state file (domain.h);
 * SHUTDOWN (reason guest-shutdown, guest-reset, host-qmp-system-reset,
 * guest-panic), GUEST_PANICKED and WATCHDOG apply on_poweroff, on_reboot,
 * on_crash, on_watchdog: destroy, restart (a new domid, same name),
 * rename-restart (the old one kept as <name>--incarnation-<n>), preserve,
 * coredump-destroy and coredump-restart (dump-guest-memory to
 * LIB_DIR/dump/<name>).  SIGTERM (xl destroy) or QEMU's exit destroys.
 * Destroying removes every trace (xlrt_domain_cleanup) and exits.
 */
#ifndef XLRT_MONITOR_H
#define XLRT_MONITOR_H

#include "create.h"

/* In the forked child; never returns. */
void xlrt_monitor_main(struct xlm_domain *d, unsigned int domid,
		       const struct xlrt_create_opts *o, int ready_fd)
	__attribute__((noreturn));

#endif
