/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The agent's shutdown driver: over the agent's XenStore client it advertises
 * control/feature-*, watches control/shutdown and acknowledges a request the
 * way Linux's xenbus shutdown handler does.
 */
#ifndef XEN_KVM_SHUTDOWN_H
#define XEN_KVM_SHUTDOWN_H

#include "tools/agent/xsclient.h"

enum power_action { POWER_NONE, POWER_OFF, POWER_REBOOT, POWER_HALT };

struct shutdown_drv {
	struct xsc *xs;
	enum power_action pending;	/* acknowledged, waiting for the reply */
	enum power_action act;		/* ready to be carried out */
};

void shutdown_init(struct shutdown_drv *d, struct xsc *xs);
/* The client's stream was accepted: advertise and watch. */
void shutdown_start(struct shutdown_drv *d);
/* An acknowledged request to carry out, or POWER_NONE; clears it. */
enum power_action shutdown_take_action(struct shutdown_drv *d);
const char *power_action_name(enum power_action a);

#endif
