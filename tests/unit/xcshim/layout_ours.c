/* SPDX-License-Identifier: GPL-2.0-or-later */
/* layout.def against libxenctrl-shim's xenctrl.h. */
#define XC_WANT_COMPAT_EVTCHN_API
#include "xenctrl.h"

#define LAYOUT_FN layout_ours
#include "layout_rows.h"
