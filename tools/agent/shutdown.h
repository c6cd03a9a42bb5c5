/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The agent's shutdown driver: a tiny XenStore client that speaks over its
 * own link stream, advertises control/feature-*, watches control/shutdown and
 * acknowledges a request the way Linux's xenbus shutdown handler does.
 */
#ifndef XEN_KVM_SHUTDOWN_H
#define XEN_KVM_SHUTDOWN_H

#include <stddef.h>
#include <stdint.h>

#include "tools/agent/link.h"

#define XS_HDR_LEN	16u
#define XS_PAYLOAD_MAX	4096u

enum power_action { POWER_NONE, POWER_OFF, POWER_REBOOT, POWER_HALT };

struct shutdown_drv {
	struct link *link;
	int64_t id;			/* our stream, -1 when none */
	uint32_t next_req;
	uint32_t ack_req;		/* request id of the acknowledging write */
	enum power_action pending;	/* acknowledged, waiting for the reply */
	enum power_action act;		/* ready to be carried out */
	uint8_t in[XS_HDR_LEN + XS_PAYLOAD_MAX];
	size_t in_len;
	uint8_t out[4 * (XS_HDR_LEN + 64)];
	size_t out_len;
};

void shutdown_init(struct shutdown_drv *d, struct link *l);
/* The link is up: open our stream. */
void shutdown_link_up(struct shutdown_drv *d);
/* Our stream id, or -1. */
int64_t shutdown_stream(const struct shutdown_drv *d);
/* Link callbacks for our stream. */
void shutdown_accepted(struct shutdown_drv *d);
void shutdown_readable(struct shutdown_drv *d);
void shutdown_writable(struct shutdown_drv *d);
void shutdown_closed(struct shutdown_drv *d);
/* An acknowledged request to carry out, or POWER_NONE; clears it. */
enum power_action shutdown_take_action(struct shutdown_drv *d);
const char *power_action_name(enum power_action a);

#endif
