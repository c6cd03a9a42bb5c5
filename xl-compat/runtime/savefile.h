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
 *   32  u32       version (1)
 *   36  u32       flags (0)
 *   40  u64       cfg_len: the domain's xl config text, as `xl create'
 *                 parsed it (the file plus its k=v settings)
 *   48  u64       json_len: the config as libxl JSON (for people and
 *                 tools; restore does not need it)
 *   56  u64       stream_off: where QEMU's stream starts (4 KiB aligned)
 *   64  cfg_len bytes of text, json_len bytes of JSON, zeros to stream_off
 *   stream_off .. end: QEMU's migration stream (QMP migrate to
 *                 "file:PATH,offset=stream_off"; -incoming reads it back)
 * Over a pipe (migrate) the zeros are sent too, so the stream offset
 * means the same in a file and on the wire.
 *
 * The config text lives with the domain as Xen's xl keeps it: libxl
 * userdata with the userid "xl", LIB_DIR/userdata-d.<domid>.<uuid>.xl.
 */
#ifndef XLRT_SAVEFILE_H
#define XLRT_SAVEFILE_H

#include <stddef.h>
#include <stdint.h>

#define XLRT_SAVE_MAGIC "xen-kvm saved domain, xl format\n"
#define XLRT_SAVE_VERSION 1

struct xlrt_savehdr {
	char *cfg;		/* NUL-terminated, malloc'ed */
	char *json;		/* NUL-terminated, malloc'ed */
	uint64_t stream_off;
};

/* Writes the header, config and padding to fd at its current offset (0). */
int xlrt_savefile_write(int fd, const char *cfg, const char *json,
			uint64_t *stream_off);
/* Reads and checks them from fd (a file or a pipe) up to the stream:
 * after it, fd is at stream_off.  err says what is wrong. */
int xlrt_savefile_read(int fd, struct xlrt_savehdr *h, char *err,
		       size_t errlen);
void xlrt_savehdr_free(struct xlrt_savehdr *h);

/* The "xl" userdata: store (replacing) or fetch (malloc'ed) the text. */
int xlrt_userdata_xl_store(unsigned int domid, const char *uuid,
			   const char *text);
int xlrt_userdata_xl_read(unsigned int domid, char **text);

#endif
