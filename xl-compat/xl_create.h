/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_create.h: starting a domain, as xl create, restore and
 * migrate-receive do, and the config text they keep for xl save.
 */
#ifndef XL_CREATE_H
#define XL_CREATE_H

#include <stdbool.h>
#include <stddef.h>

#include "xlmodel.h"

struct xlrt_memlayout;	/* runtime/memlayout.h */
struct xlrt_accel_choice;	/* runtime/accel.h */

/* xl create's runtime options. */
struct xl_create_flags {
	int paused;		/* -p */
	int console;		/* -c */
	int foreground;		/* -F */
	int quiet;		/* -q */
	int vncviewer;		/* -V: 1, -A: 2 (autopass) */
	const char *config_text;	/* the config as parsed (xl save) */
	const char *incoming;	/* restore: QEMU -incoming URI */
	int migrating;		/* migrate-receive (runtime/create.h) */
	/* restore: what the save file recorded (runtime/create.h) */
	const struct xlrt_memlayout *saved_mem;
	const char *guest_xs;
	size_t guest_xs_len;
};
/* create's and restore's -V/-A into f; -e and -d said to change nothing */
struct xl_args;
void xl_create_opts(const struct xl_args *a, struct xl_create_flags *f);
/*
 * What xl create checks before it starts anything, and xl -N create too
 * (dry: the accelerator is not probed, the command line's warnings are
 * printed): libxl's defaults applied to d, the accelerator chosen (*ch),
 * the memory sizes and the QEMU command line built, which refuses every
 * key and device xen-kvm cannot give.  An exit code, after the message.
 */
int xl_create_check(struct xlm_domain *d, const struct xl_create_flags *f,
		    bool dry, struct xlrt_accel_choice *ch);
/*
 * Applies libxl's defaults to d (xl_create_check), chooses the accelerator (and says which,
 * unless quiet) and starts the domain through the runtime; then attaches
 * the console or waits, as the flags say.  An exit code.
 */
/* xl.conf's vm.cpumask and vm.hvm/pv.cpumask on d's vCPUs, as Xen's xl
 * applies them to every domain it creates, restores or receives (create
 * -i ignores them); 0 or -1 after a message. */
int xl_affinity_masks(struct xlm_domain *d);
int xl_create_run(struct xlm_domain *d, const struct xl_create_flags *f);

/* The config text as xl create parses it: file, then "\n<extra>\n"
 * (malloc'ed; NULL after a message). */
char *xl_config_text(const char *file, const char *extra);

#endif
