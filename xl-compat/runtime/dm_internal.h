/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the dm_*.c files share while building one device-model command
 * line: the build context, option helpers that record the first error,
 * and one entry point per group of devices.
 */
#ifndef XLRT_DM_INTERNAL_H
#define XLRT_DM_INTERNAL_H

#include <stdbool.h>

#include "dm_argv.h"

struct dm_ctx {
	const struct xlm_domain *d;
	const struct xlrt_dm_env *env;
	struct xlrt_dm *dm;
	char *err;
	size_t errlen;
	int rc;			/* first error; later calls do nothing */
	bool xen;		/* accel == xen: Xen PV devices */
	bool hvm;		/* type == hvm */
	bool virtio_in_xen;	/* xen mode uses a virtio device: the guest
				 * needs xen_emul_unplug=never */
	bool usb_bus;		/* a qemu-xhci "usb" was added */
	struct xlrt_argv scratch;	/* strings freed after the build */
};

/* Error: records err (printf-style) once, returns the context's rc. */
int dm_fail(struct dm_ctx *c, int e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void dm_warn(struct dm_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Append one element. */
void dm_arg(struct dm_ctx *c, const char *s);
/* An option and its formatted value: dm_opt(c, "-device", "x,id=%s", s). */
void dm_opt(struct dm_ctx *c, const char *opt, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* s with every ',' doubled, as QEMU's option parser wants in a value;
 * the string lives until the build ends. */
const char *dm_esc(struct dm_ctx *c, const char *s);
/* true for a backend that is dom0 (unset, "0", "Domain-0") */
bool dm_backend_is_dom0(const char *backend);

int dm_disks(struct dm_ctx *c);		/* dm_disk.c */
int dm_nics(struct dm_ctx *c);		/* dm_net.c */
int dm_consoles(struct dm_ctx *c);	/* dm_chan.c: hvc0, channels, link */
int dm_serial(struct dm_ctx *c);	/* dm_chan.c */
int dm_display(struct dm_ctx *c);	/* dm_display.c */
int dm_p9(struct dm_ctx *c);		/* dm_dev.c */
int dm_pci(struct dm_ctx *c);		/* dm_dev.c */
int dm_usb(struct dm_ctx *c);		/* dm_dev.c */
int dm_platform(struct dm_ctx *c);	/* dm_platform.c */

#endif
