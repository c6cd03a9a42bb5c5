/* SPDX-License-Identifier: GPL-2.0-or-later */
/* layout.def against Xen 4.17's own xenctrl.h (Debian's libxen-dev). */
#define XC_WANT_COMPAT_EVTCHN_API
#include <xenctrl.h>

#define LAYOUT_FN layout_deb
#include "layout_rows.h"
