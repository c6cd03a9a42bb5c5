/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * savefile.c: the save file header and the "xl" userdata (savefile.h).
 */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paths.h"
#include "fdio.h"
#include "savefile.h"

#define HDR_LEN 64
#define ALIGN 4096

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



int xlrt_savefile_write(int fd, const char *cfg, const char *json,
			uint64_t *stream_off)
{
	size_t cl = strlen(cfg), jl = strlen(json);
	uint64_t off = (HDR_LEN + cl + jl + ALIGN - 1) / ALIGN * ALIGN;
	unsigned char h[HDR_LEN] = { 0 };
	char *pad;
	int r;

	memcpy(h, XLRT_SAVE_MAGIC, 32);
	put32(h + 32, XLRT_SAVE_VERSION);
	put32(h + 36, 0);
	put64(h + 40, cl);
	put64(h + 48, jl);
	put64(h + 56, off);
	pad = calloc(1, off - HDR_LEN - cl - jl);
	if (!pad)
		return -ENOMEM;
	r = xlrt_write_full(fd, h, HDR_LEN);
	if (!r)
		r = xlrt_write_full(fd, cfg, cl);
	if (!r)
		r = xlrt_write_full(fd, json, jl);
	if (!r)
		r = xlrt_write_full(fd, pad, off - HDR_LEN - cl - jl);
	free(pad);
	*stream_off = off;
	return r;
}

int xlrt_savefile_read(int fd, struct xlrt_savehdr *h, char *err,
		       size_t errlen)
{
	unsigned char b[HDR_LEN];
	uint64_t cl, jl, off;
	char *pad;
	int r;

	memset(h, 0, sizeof(*h));
	r = xlrt_read_full(fd, b, HDR_LEN);
	if (r || memcmp(b, XLRT_SAVE_MAGIC, 32)) {
		snprintf(err, errlen, r ? "file too short for a save file header" :
			 memcmp(b, "Xen saved domain, xl format\n", 28) ?
			 "not a xen-kvm save file (bad magic)" :
			 "a save file of Xen itself: its memory image cannot be restored on KVM");
		return -EINVAL;
	}
	cl = get(b + 40, 8);
	jl = get(b + 48, 8);
	off = get(b + 56, 8);
	if (get(b + 32, 4) != XLRT_SAVE_VERSION || cl > (1 << 24) ||
	    jl > (1 << 24) || off < HDR_LEN + cl + jl || off % ALIGN ||
	    off > HDR_LEN + cl + jl + ALIGN) {
		snprintf(err, errlen, "unsupported save file version %u or bad header",
			 (unsigned)get(b + 32, 4));
		return -EINVAL;
	}
	h->cfg = malloc(cl + 1);
	h->json = malloc(jl + 1);
	pad = malloc(off - HDR_LEN - cl - jl + 1);
	r = h->cfg && h->json && pad ? 0 : -ENOMEM;
	if (!r)
		r = xlrt_read_full(fd, h->cfg, cl);
	if (!r)
		r = xlrt_read_full(fd, h->json, jl);
	if (!r)
		r = xlrt_read_full(fd, pad, off - HDR_LEN - cl - jl);
	free(pad);
	if (r) {
		snprintf(err, errlen, "truncated save file header: %s", strerror(-r));
		xlrt_savehdr_free(h);
		return r;
	}
	h->cfg[cl] = '\0';
	h->json[jl] = '\0';
	h->stream_off = off;
	return 0;
}

void xlrt_savehdr_free(struct xlrt_savehdr *h)
{
	free(h->cfg);
	free(h->json);
	h->cfg = h->json = NULL;
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
