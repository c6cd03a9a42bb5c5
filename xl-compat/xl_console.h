/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_console.h: attaching the terminal to a domain's console (xl console,
 * xl create -c).
 */
#ifndef XL_CONSOLE_H
#define XL_CONSOLE_H

#include <stdbool.h>

/* Xen's console types; PRIMARY is the domain's own (libxl's primary
 * console): SERIAL for HVM, PV for PV and PVH. */
enum xl_console_type { XL_CONSOLE_PRIMARY, XL_CONSOLE_PV, XL_CONSOLE_SERIAL };

/*
 * Console num of type of domid.  SERIAL: HVM serial port num (XenStore's
 * ~/serial/<num>/tty: the monitor's relay).  PV: 0 is the monitor's relay
 * of console 0; n >= 1 is channel n-1 (the guest's hvcN), its pty or
 * socket as XenStore records it.  Ctrl-] leaves; with stdin not a
 * terminal, input is sent until end of file and output shown until the
 * domain goes away.  An exit code.
 */
int xl_console_attach(unsigned int domid, enum xl_console_type type, int num);

/*
 * Replaces xl with $VNCVIEWER (default vncviewer) on the domain's VNC
 * display, HOST:DISPLAY as QEMU reports it (query-vnc); autopass: the
 * config's password on the viewer's stdin, with -autopass.  Returns an
 * exit code only on failure.
 */
int xl_vncviewer_exec(unsigned int domid, bool autopass);

#endif
