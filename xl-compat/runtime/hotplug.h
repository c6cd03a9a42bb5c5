/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Running a vif's hotplug script as libxl does (Xen's calling convention,
 * so a script written for Xen runs unchanged): everything it is told
 * comes from the vif's backend node in XenStore, which must exist.
 *
 *   argv  SCRIPT online|offline type_if=vif
 *   env   ours, plus script=SCRIPT XENBUS_TYPE=vif
 *         XENBUS_PATH=backend/vif/<domid>/<devid> (relative to dom0's
 *         home, as libxl passes it) XENBUS_BASE_PATH=backend
 *         netdev=<gatewaydev or empty> vif=<the tap>, and for an emulated
 *         NIC (type vif_ioemu) also INTERFACE=<the tap>
 *   stdin /dev/null, stdout to our stderr (the monitor's log)
 *
 * On KVM a vif is one tap whatever the guest's NIC, so the script runs
 * once per vif (Xen runs it for the PV vif and again, add/remove with
 * type_if=tap, for an HVM guest's emulated twin; the tap here is both).
 * online fails if the script exits non-zero, is killed, outlives the 10 s
 * libxl allows, or leaves hotplug-status=error; err then says why with the
 * script's hotplug-error.  offline never fails the caller (libxl ignores
 * its errors too); they are logged.
 */
#ifndef XLRT_HOTPLUG_H
#define XLRT_HOTPLUG_H

#include <stdbool.h>
#include <stddef.h>

struct xs_handle;

#define XLRT_HOTPLUG_TIMEOUT_MS 10000

int xlrt_hotplug_vif(struct xs_handle *xs, unsigned int domid, int devid,
		     bool online, char *err, size_t errlen);

#endif
