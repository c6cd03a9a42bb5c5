/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An HVM domain's emulated serial ports: port i is the ith value of
 * serial= (a string or a list), in QEMU's -serial syntax, as libxl passes
 * it.  A port whose value is "pty" is the one libxl names in XenStore
 * (~/serial/<i>/tty) and `xl console -t serial' attaches to; here the
 * monitor relays it as it relays the PV console: QEMU's end is a socket
 * (xlrt_path_serial), the monitor logs it (xlrt_path_serial_log), keeps
 * the replay and serves clients at xlrt_path_serial_xl, which is what
 * ~/serial/<i>/tty says.
 */
#ifndef XLRT_SERIAL_H
#define XLRT_SERIAL_H

#include <stdbool.h>

#include "xlmodel.h"

/* How many serial ports the domain has (0 unless HVM). */
int xlrt_serial_count(const struct xlm_domain *d);
/* Port i's value (i < xlrt_serial_count). */
const char *xlrt_serial_spec(const struct xlm_domain *d, int i);
/* Whether port i is a pty, relayed by the monitor. */
bool xlrt_serial_relayed(const struct xlm_domain *d, int i);

#endif
