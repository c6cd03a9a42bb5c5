/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Changing a live domain: pause, unpause, shutdown or reboot requests, the
 * balloon target and the maximum memory.  xl's commands and
 * libxenctrl-shim both call these, so a domain changed through one shows
 * the same through the other.  Every function returns 0 or a negative
 * errno, with one line in err (xl prints it after "xl: "):
 *   -ESRCH       no such domain
 *   -EPERM       Domain-0 (the host) cannot be paused or shut down here
 *   -EINVAL      a memory size beyond what the domain allows
 *   -EOPNOTSUPP  what KVM cannot do (raising the RAM QEMU started with)
 *   other        reaching QEMU over QMP failed (err says how)
 */
#ifndef XLRT_DOMCTL_H
#define XLRT_DOMCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

struct xs_handle;

/*
 * One QMP command on the domain's command socket; *ret (if not NULL) gets
 * the return value (json_object_put it).
 */
int xlrt_domain_qmp_run(unsigned int domid, const char *cmd,
			json_object *args, json_object **ret, char *err,
			size_t errlen);

/*
 * QMP stop or cont, then wait (2 s at most) until the state file, which
 * `xl list' reads, shows the new state, as on Xen.
 */
int xlrt_domain_pause(unsigned int domid, bool pause, char *err,
		      size_t errlen);

/*
 * Whether a shutdown or reboot request goes to the guest agent (it set
 * control/feature-poweroff or -reboot) rather than to ACPI.
 */
bool xlrt_domain_pv_control(struct xs_handle *xs, unsigned int domid,
			    bool reboot);
/*
 * The request: control/shutdown = poweroff|reboot for the guest agent,
 * waiting up to ack_ms for the guest to clear it (0: do not wait), else
 * the ACPI power button or reset through QMP (system_powerdown,
 * system_reset: the monitor then applies on_reboot).
 */
int xlrt_domain_shutdown(struct xs_handle *xs, unsigned int domid,
			 bool reboot, int ack_ms, char *err, size_t errlen);

/*
 * The balloon target (mem-set): at most the RAM QEMU was started with and
 * memory/static-max; QMP balloon, then memory/target as libxl writes it.
 */
int xlrt_domain_set_target(struct xs_handle *xs, unsigned int domid,
			   uint64_t kb, char *err, size_t errlen);
/* memory/static-max (mem-max); KVM cannot raise it past QEMU's RAM. */
int xlrt_domain_set_maxmem(struct xs_handle *xs, unsigned int domid,
			   uint64_t kb, char *err, size_t errlen);

#endif
