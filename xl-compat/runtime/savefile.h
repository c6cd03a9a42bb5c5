/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The save file of `xl save' / `xl restore' / `xl migrate', and the domain's
 * config text kept for it.
 *
 * Xen's xl writes "Xen saved domain, xl format\n \0 \r", a small header,
 * the config, then libxc's stream.  Ours has the same shape with QEMU's
 * migration stream instead (it cannot be restored on Xen, nor Xen's here,
 * hence a magic of our own).  Integers are little-endian:
 *   0   32 bytes  "xen-kvm saved domain, xl format\n"
 *   32  u32       version (2)
 *   36  u32       flags (0)
 *   40  u64       cfg_len: the domain's xl config text, as `xl create'
 *                 parsed it (the file plus its k=v settings), with the
 *                 current vcpus and memory appended
 *   48  u64       json_len: the config as libxl JSON (for people and
 *                 tools; restore does not need it)
 *   56  u64       stream_off: where QEMU's stream starts (4 KiB aligned)
 *   64  u64       stream_len: its length; 0 over a pipe (migrate: the
 *                 frames end it) and in a file whose save did not finish
 *   72  4 x u64   the memory layout the guest ran with (memlayout.h, KiB):
 *                 ram, video, maxmem, target
 *   104 u64       xs_len: the guest's own XenStore nodes (xs_guest.h)
 *   112 16 bytes  zero
 *   128 cfg_len bytes of text, json_len of JSON, xs_len of nodes, zeros
 *                 to stream_off
 *   stream_off .. end: QEMU's migration stream (QMP migrate to
 *                 "file:PATH,offset=stream_off"; -incoming reads it back)
 * Over a pipe (migrate) the zeros are sent too, so the stream offset
 * means the same in a file and on the wire.  Version 1 (64 bytes: no
 * stream length, layout or nodes) is still read.
 *
 * The config text lives with the domain as Xen's xl keeps it: libxl
 * userdata with the userid "xl", LIB_DIR/userdata-d.<domid>.<uuid>.xl.
 */
#ifndef XLRT_SAVEFILE_H
#define XLRT_SAVEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memlayout.h"

#define XLRT_SAVE_MAGIC "xen-kvm saved domain, xl format\n"
#define XLRT_SAVE_VERSION 2

struct xlrt_savehdr {
	char *cfg;		/* NUL-terminated, malloc'ed */
	char *json;		/* NUL-terminated, malloc'ed */
	char *guest_xs;		/* xs_len bytes (xs_guest.h), malloc'ed */
	size_t guest_xs_len;
	struct xlrt_memlayout mem;	/* the layout the guest ran with */
	bool has_mem;		/* false in a version 1 file */
	uint64_t stream_off;
	uint64_t stream_len;	/* 0: not known (see above) */
};

/* Writes the header and everything up to the stream from h (cfg, json,
 * guest_xs, mem, stream_len) to fd at its current offset (0); sets
 * *stream_off. */
int xlrt_savefile_write(int fd, const struct xlrt_savehdr *h,
			uint64_t *stream_off);
/* Records the stream's length in a file once QEMU has written it. */
int xlrt_savefile_finish(int fd, uint64_t stream_len);
/* Reads and checks them from fd (a file or a pipe) up to the stream:
 * after it, fd is at stream_off.  err says what is wrong. */
int xlrt_savefile_read(int fd, struct xlrt_savehdr *h, char *err,
		       size_t errlen);
/* A save file (fd regular) holds exactly the stream h says: a truncated
 * or overlong file, or one whose save never finished, is refused before
 * any QEMU reads it.  0, or -EINVAL with err saying what is wrong. */
int xlrt_savefile_check_stream(int fd, const struct xlrt_savehdr *h,
			       char *err, size_t errlen);
void xlrt_savehdr_free(struct xlrt_savehdr *h);

/* The "xl" userdata: store (replacing) or fetch (malloc'ed) the text. */
int xlrt_userdata_xl_store(unsigned int domid, const char *uuid,
			   const char *text);
int xlrt_userdata_xl_read(unsigned int domid, char **text);

#endif
