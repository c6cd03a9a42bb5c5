/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The agent's shutdown driver (see shutdown.h). */
#include "tools/agent/shutdown.h"

#include <string.h>

#define SHUTDOWN_NODE	"control/shutdown"
#define WATCH_TOKEN	"xen-kvm-agent"

static const char *const features[] = {
	/* what Linux advertises; "halt" is accepted without being advertised */
	"control/feature-poweroff",
	"control/feature-reboot",
};

const char *power_action_name(enum power_action a)
{
	switch (a) {
	case POWER_OFF: return "poweroff";
	case POWER_REBOOT: return "reboot";
	case POWER_HALT: return "halt";
	default: return "none";
	}
}

void shutdown_init(struct shutdown_drv *d, struct xsc *xs)
{
	memset(d, 0, sizeof(*d));
	d->xs = xs;
}

static enum power_action parse_action(const char *v, size_t n)
{
	static const struct { const char *name; enum power_action a; } map[] = {
		{ "poweroff", POWER_OFF }, { "reboot", POWER_REBOOT },
		{ "halt", POWER_HALT },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strlen(map[i].name) == n && !memcmp(map[i].name, v, n))
			return map[i].a;
	return POWER_NONE;
}

/* The acknowledging write answered: act even if it failed. */
static void on_ack(void *ctx, uint32_t type, const char *body, size_t len)
{
	struct shutdown_drv *d = ctx;

	d->act = d->pending;
}

static void on_read(void *ctx, uint32_t type, const char *body, size_t len)
{
	struct shutdown_drv *d = ctx;
	enum power_action a = type == XS_READ ? parse_action(body, len) : POWER_NONE;

	if (a == POWER_NONE || d->pending != POWER_NONE)
		return;
	d->pending = a;
	if (!xsc_write(d->xs, SHUTDOWN_NODE, "", on_ack, d))
		d->act = a;
}

static void on_event(void *ctx, const char *body, size_t len)
{
	struct shutdown_drv *d = ctx;

	xsc_read(d->xs, SHUTDOWN_NODE, on_read, d);
}

void shutdown_start(struct shutdown_drv *d)
{
	d->pending = POWER_NONE;
	for (size_t i = 0; i < sizeof(features) / sizeof(features[0]); i++)
		xsc_write(d->xs, features[i], "1", NULL, NULL);
	xsc_watch(d->xs, SHUTDOWN_NODE, WATCH_TOKEN, on_event, d);
}

enum power_action shutdown_take_action(struct shutdown_drv *d)
{
	enum power_action a = d->act;

	d->act = POWER_NONE;
	if (a != POWER_NONE)
		d->pending = POWER_NONE;
	return a;
}
