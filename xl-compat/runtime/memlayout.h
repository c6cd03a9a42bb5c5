/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A domain's memory layout: how much RAM QEMU gets, how much of the
 * configured memory is video RAM, what XenStore says, where the balloon
 * starts.  The one place these sizes are computed from a domain config;
 * create (the QEMU command line, the XenStore layout), save (the config
 * it embeds, the layout it records) and restore / migrate-receive (the
 * check before QEMU starts) all use it, so the two ends of a save or a
 * migration cannot disagree.
 *
 * As libxl does, an HVM guest's video RAM is carved out of its memory:
 * with memory = 128, videoram = 8 the guest sees 120 MiB of RAM.  PV and
 * PVH guests have no emulated VGA memory (video_kb is 0).
 */
#ifndef XLRT_MEMLAYOUT_H
#define XLRT_MEMLAYOUT_H

#include <stddef.h>
#include <stdint.h>

struct xlm_domain;	/* xlmodel.h */

struct xlrt_memlayout {	/* all in KiB */
	uint64_t ram_kb;	/* QEMU's -m: maxmem less video RAM, whole
				 * MiB */
	uint64_t video_kb;	/* HVM video RAM (memory/videoram) */
	uint64_t maxmem_kb;	/* maxmem as configured (memory/static-max) */
	uint64_t target_kb;	/* memory less video RAM (memory/target) */
};

/*
 * The layout of d (after xlm_domain_setdefault).  0, or -EINVAL with err
 * saying why (no sizes, memory not above videoram, memory > maxmem).
 */
int xlrt_memlayout_of(const struct xlm_domain *d, struct xlrt_memlayout *l,
		      char *err, size_t errlen);

/* The balloon target QEMU's guest starts at, in MiB; 0 when it starts at
 * its full size (memory == maxmem). */
unsigned long xlrt_memlayout_balloon_mib(const struct xlrt_memlayout *l);

/*
 * The config lines a saved domain gets ("memory = M\nmaxmem = X\n"), so
 * that the restored config has the layout l with the balloon target
 * target_kb (memory/target now, after any mem-set; XLM_MEMKB_DEFAULT:
 * l's own).  0, or -ENOSPC.
 */
int xlrt_memlayout_config(const struct xlrt_memlayout *l, uint64_t target_kb,
			  char *buf, size_t len);

/*
 * Can a guest saved with layout saved be loaded into a QEMU started with
 * layout now?  Its RAM and video RAM must be the same (the balloon target
 * may differ).  0, or -EINVAL with err naming both sizes.
 */
int xlrt_memlayout_check(const struct xlrt_memlayout *saved,
			 const struct xlrt_memlayout *now, char *err,
			 size_t errlen);

#endif
