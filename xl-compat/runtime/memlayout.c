/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * memlayout.c: a domain's memory layout from its config (memlayout.h).
 */
#include <errno.h>
#include <stdio.h>

#include "memlayout.h"
#include "xlmodel.h"

#define MIB(kb) ((unsigned long long)(kb) / 1024)

int xlrt_memlayout_of(const struct xlm_domain *d, struct xlrt_memlayout *l,
		      char *err, size_t errlen)
{
	const struct xlm_b_info *b = &d->b_info;
	uint64_t video = d->c_info.type == XLM_TYPE_HVM ? b->video_memkb : 0;

	if (b->max_memkb == XLM_MEMKB_DEFAULT ||
	    b->target_memkb == XLM_MEMKB_DEFAULT || video == XLM_MEMKB_DEFAULT) {
		snprintf(err, errlen, "the domain model has no memory size "
			 "(xlm_domain_setdefault not applied)");
		return -EINVAL;
	}
	if (b->max_memkb <= video + 1024 || b->target_memkb <= video) {
		snprintf(err, errlen, "memory (%llu MiB) must exceed videoram "
			 "(%llu MiB)", MIB(b->target_memkb), MIB(video));
		return -EINVAL;
	}
	if (b->target_memkb > b->max_memkb) {
		snprintf(err, errlen, "memory (%llu MiB) is larger than maxmem "
			 "(%llu MiB)", MIB(b->target_memkb), MIB(b->max_memkb));
		return -EINVAL;
	}
	l->video_kb = video;
	l->maxmem_kb = b->max_memkb;
	l->ram_kb = (b->max_memkb - video) / 1024 * 1024;	/* -m takes MiB */
	l->target_kb = b->target_memkb - video;
	return 0;
}

unsigned long xlrt_memlayout_balloon_mib(const struct xlrt_memlayout *l)
{
	/* The guest gets maxmem and balloons down to memory, as Xen's
	 * populate-on-demand does: pages it never touches cost nothing. */
	return l->target_kb < l->ram_kb ? (unsigned long)MIB(l->target_kb) : 0;
}

int xlrt_memlayout_config(const struct xlrt_memlayout *l, uint64_t target_kb,
			  char *buf, size_t len)
{
	/* memory= counts the video RAM in, as the config did: libxl's
	 * memory/target (and mem-set's) leaves it out */
	uint64_t mem = (target_kb == XLM_MEMKB_DEFAULT ? l->target_kb :
			target_kb) + l->video_kb;
	int n;

	if (mem > l->maxmem_kb)
		mem = l->maxmem_kb;
	if (mem < l->video_kb + 1024)
		mem = l->video_kb + 1024;
	n = snprintf(buf, len, "memory = %llu\nmaxmem = %llu\n", MIB(mem),
		     MIB(l->maxmem_kb));
	return n < 0 || (size_t)n >= len ? -ENOSPC : 0;
}

int xlrt_memlayout_check(const struct xlrt_memlayout *saved,
			 const struct xlrt_memlayout *now, char *err,
			 size_t errlen)
{
	if (saved->ram_kb == now->ram_kb && saved->video_kb == now->video_kb)
		return 0;
	snprintf(err, errlen, "the saved guest has %llu MiB of RAM and %llu "
		 "MiB of video RAM, but this config gives %llu MiB of RAM and "
		 "%llu MiB of video RAM (memory=, maxmem=, videoram= must "
		 "give the same sizes)", MIB(saved->ram_kb),
		 MIB(saved->video_kb), MIB(now->ram_kb), MIB(now->video_kb));
	return -EINVAL;
}
