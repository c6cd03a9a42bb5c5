/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest-info publisher: writes what guestinfo.h gathers into the domain's
 * own tree, as Xen's guest agents do (the keys are listed in
 * tools/agent/README), over the agent's XenStore client.  Static facts once
 * per session; memory and addresses at the session's start and then every
 * interval, each round ending with data/updated = 1.
 */
#ifndef XEN_KVM_PUBLISH_H
#define XEN_KVM_PUBLISH_H

#include "tools/agent/guestinfo.h"
#include "tools/agent/xsclient.h"

#define PUBLISH_MAX_VIFS	16u

struct publish_vif {
	struct publish *owner;		/* for the MAC read's reply */
	unsigned devid;
	char mac[32];			/* "" when unknown */
	struct guestinfo_addrs a;	/* as published under attr/vif/<devid> */
};

struct publish {
	struct xsc *xs;
	const char *root;		/* "" on a real guest */
	int64_t interval_ms;
	int64_t due_ms;			/* monotonic time of the next round */
	bool busy;			/* a round waits for the vifs' MACs */
	bool fresh;			/* no round has published addresses yet */
	unsigned waiting;		/* MAC reads outstanding */
	unsigned nvif, nshown;
	struct publish_vif vif[PUBLISH_MAX_VIFS];	/* this round's */
	struct publish_vif shown[PUBLISH_MAX_VIFS];	/* in XenStore now */
};

void publish_init(struct publish *p, struct xsc *xs, const char *root,
		  unsigned interval_s);
/* The client's stream was accepted at now_ms: static keys and a first round. */
void publish_start(struct publish *p, int64_t now_ms);
/* Milliseconds until the next round is due, or -1 while there is no session. */
int publish_timeout(const struct publish *p, int64_t now_ms);
/* Runs a round if one is due. */
void publish_tick(struct publish *p, int64_t now_ms);

#endif
