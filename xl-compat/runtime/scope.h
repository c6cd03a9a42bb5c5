/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A domain's monitor (and the QEMU it starts) in a systemd scope of its
 * own, xen-kvm-dom<domid>.scope in machine.slice, ordered before
 * xendomains.service: a domain created from a login session then outlives
 * the session, and at host shutdown systemd stops xendomains (which saves
 * or shuts down the domain) before it stops the domain's processes.
 */
#ifndef XLRT_SCOPE_H
#define XLRT_SCOPE_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Move pid into the domain's scope, asking systemd over D-Bus (busctl).
 * 0 without systemd (nothing to do) or once moved; -1 with err set.
 */
int xlrt_scope_enter(unsigned int domid, pid_t pid, char *err, size_t len);

#endif
