/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * savefile.c: the save file header and the "xl" userdata (savefile.h).
 */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "fdio.h"
#include "savefile.h"

#define HDR_V1_LEN 64
#define HDR_LEN 128
#define ALIGN 4096
#define MAX_PART (1 << 24)	/* bound for the config, JSON, nodes */

static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get(const unsigned char *p, int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

int xlrt_savefile_write(int fd, const struct xlrt_savehdr *h,
			uint64_t *stream_off)
{
	size_t cl = strlen(h->cfg), jl = strlen(h->json), xl = h->guest_xs_len;
	uint64_t used = HDR_LEN + cl + jl + xl;
	uint64_t off = (used + ALIGN - 1) / ALIGN * ALIGN;
	unsigned char b[HDR_LEN] = { 0 };
	char *pad;
	int r;

	memcpy(b, XLRT_SAVE_MAGIC, 32);
	put32(b + 32, XLRT_SAVE_VERSION);
	put32(b + 36, 0);
	put64(b + 40, cl);
	put64(b + 48, jl);
	put64(b + 56, off);
	put64(b + 64, h->stream_len);
	put64(b + 72, h->mem.ram_kb);
	put64(b + 80, h->mem.video_kb);
	put64(b + 88, h->mem.maxmem_kb);
	put64(b + 96, h->mem.target_kb);
	put64(b + 104, xl);
	pad = calloc(1, off - used);
	if (!pad)
		return -ENOMEM;
	r = xlrt_write_full(fd, b, HDR_LEN);
	if (!r)
		r = xlrt_write_full(fd, h->cfg, cl);
	if (!r)
		r = xlrt_write_full(fd, h->json, jl);
	if (!r && xl)
		r = xlrt_write_full(fd, h->guest_xs, xl);
	if (!r)
		r = xlrt_write_full(fd, pad, off - used);
	free(pad);
	*stream_off = off;
	return r;
}

int xlrt_savefile_finish(int fd, uint64_t stream_len)
{
	unsigned char b[8];

	put64(b, stream_len);
	if (pwrite(fd, b, 8, 64) != 8)
		return -errno;
	return fsync(fd) ? -errno : 0;
}

/* malloc'ed n bytes from fd plus a NUL, or NULL with *r set */
static char *read_part(int fd, uint64_t n, int *r)
{
	char *p = *r ? NULL : malloc(n + 1);

	if (!*r && !p)
		*r = -ENOMEM;
	if (p && (*r = xlrt_read_full(fd, p, n))) {
		free(p);
		p = NULL;
	}
	if (p)
		p[n] = '\0';
	return p;
}

int xlrt_savefile_read(int fd, struct xlrt_savehdr *h, char *err,
		       size_t errlen)
{
	unsigned char b[HDR_LEN] = { 0 };
	uint64_t cl, jl, xl = 0, off, len = HDR_V1_LEN, version;
	char *pad;
	int r;

	memset(h, 0, sizeof(*h));
	r = xlrt_read_full(fd, b, HDR_V1_LEN);
	if (r || memcmp(b, XLRT_SAVE_MAGIC, 32)) {
		snprintf(err, errlen, r ? "file too short for a save file header" :
			 memcmp(b, "Xen saved domain, xl format\n", 28) ?
			 "not a xen-kvm save file (bad magic)" :
			 "a save file of Xen itself: its memory image cannot be restored on KVM");
		return -EINVAL;
	}
	version = get(b + 32, 4);
	if (version == XLRT_SAVE_VERSION) {
		len = HDR_LEN;
		if (xlrt_read_full(fd, b + HDR_V1_LEN, HDR_LEN - HDR_V1_LEN)) {
			snprintf(err, errlen, "file too short for a save file header");
			return -EINVAL;
		}
		h->stream_len = get(b + 64, 8);
		h->mem.ram_kb = get(b + 72, 8);
		h->mem.video_kb = get(b + 80, 8);
		h->mem.maxmem_kb = get(b + 88, 8);
		h->mem.target_kb = get(b + 96, 8);
		h->has_mem = true;
		xl = get(b + 104, 8);
	}
	cl = get(b + 40, 8);
	jl = get(b + 48, 8);
	off = get(b + 56, 8);
	if ((version != 1 && version != XLRT_SAVE_VERSION) || cl > MAX_PART ||
	    jl > MAX_PART || xl > MAX_PART || off < len + cl + jl + xl ||
	    off % ALIGN || off > len + cl + jl + xl + ALIGN ||
	    (h->has_mem && (!h->mem.ram_kb || h->mem.ram_kb % 1024 ||
			    h->mem.maxmem_kb < h->mem.ram_kb))) {
		snprintf(err, errlen, "unsupported save file version %u or bad header",
			 (unsigned)version);
		return -EINVAL;
	}
	h->cfg = read_part(fd, cl, &r);
	h->json = read_part(fd, jl, &r);
	h->guest_xs = read_part(fd, xl, &r);
	h->guest_xs_len = xl;
	pad = read_part(fd, off - len - cl - jl - xl, &r);
	free(pad);
	if (r) {
		snprintf(err, errlen, "truncated save file header: %s", strerror(-r));
		xlrt_savehdr_free(h);
		return r;
	}
	h->stream_off = off;
	return 0;
}

int xlrt_savefile_check_stream(int fd, const struct xlrt_savehdr *h,
			       char *err, size_t errlen)
{
	struct stat st;

	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || !h->has_mem)
		return 0;	/* a pipe, or version 1: QEMU finds out */
	if (!h->stream_len) {
		snprintf(err, errlen, "the save that wrote this file did not finish (no stream length recorded)");
		return -EINVAL;
	}
	if ((uint64_t)st.st_size != h->stream_off + h->stream_len) {
		snprintf(err, errlen, "%s: QEMU's stream should be %llu bytes, the file has %llu",
			 (uint64_t)st.st_size < h->stream_off + h->stream_len ?
			 "truncated" : "damaged (trailing bytes)",
			 (unsigned long long)h->stream_len,
			 (unsigned long long)(st.st_size > (off_t)h->stream_off ?
					      (uint64_t)st.st_size - h->stream_off : 0));
		return -EINVAL;
	}
	return 0;
}

void xlrt_savehdr_free(struct xlrt_savehdr *h)
{
	free(h->cfg);
	free(h->json);
	free(h->guest_xs);
	h->cfg = h->json = h->guest_xs = NULL;
}

int xlrt_userdata_xl_store(unsigned int domid, const char *uuid,
			   const char *text)
{
	char path[4096], tmp[4200];
	FILE *f;
	int r;

	r = xlrt_path_userdata(path, sizeof(path), domid, uuid, "xl");
	if (r)
		return r;
	f = xlrt_replace_open(path, 0600, tmp, sizeof(tmp));
	if (!f)
		return -errno;
	fputs(text, f);
	return xlrt_replace_commit(f, tmp, path);
}

int xlrt_userdata_xl_read(unsigned int domid, char **text)
{
	char pat[4096];
	glob_t g;
	FILE *f;
	long n;
	int r = xlrt_path_userdata(pat, sizeof(pat), domid, "*", "xl");

	*text = NULL;
	if (r)
		return r;
	if (glob(pat, 0, NULL, &g) || g.gl_pathc < 1) {
		globfree(&g);
		return -ENOENT;
	}
	f = fopen(g.gl_pathv[0], "re");
	globfree(&g);
	if (!f)
		return -errno;
	r = fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) ? -EIO : 0;
	if (!r) {
		*text = calloc(1, (size_t)n + 1);
		if (!*text || fread(*text, 1, (size_t)n, f) != (size_t)n)
			r = -EIO;
	}
	fclose(f);
	if (r) {
		free(*text);
		*text = NULL;
	}
	return r;
}
