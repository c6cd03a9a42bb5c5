/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Keyed cache files under xlrt_path_cache_dir(): read, atomic write
 * (temporary file, then rename) and field lookup.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "fdio.h"
#include "paths.h"

static int cache_path(const char *name, char *path, size_t len, char *dir,
		      size_t dirlen)
{
	int r = xlrt_path_cache_dir(dir, dirlen);

	if (r)
		return r;
	if ((size_t)snprintf(path, len, "%s/%s", dir, name) >= len)
		return -ENAMETOOLONG;
	return 0;
}

int xlrt_cache_load(const char *name, const char *key, char *body,
		    size_t len)
{
	char path[4096], dir[4096], line[1024];
	size_t used = 0, n;
	int match = 0;
	FILE *f;

	if (cache_path(name, path, sizeof(path), dir, sizeof(dir)))
		return -ENOENT;
	f = fopen(path, "re");
	if (!f)
		return -ENOENT;
	if (fgets(line, sizeof(line), f) && !strncmp(line, "key=", 4)) {
		line[strcspn(line, "\n")] = '\0';
		match = !strcmp(line + 4, key);
	}
	body[0] = '\0';
	while (match && fgets(line, sizeof(line), f)) {
		n = strlen(line);
		if (used + n >= len)
			break;
		memcpy(body + used, line, n + 1);
		used += n;
	}
	fclose(f);
	return match ? 0 : -ENOENT;
}

int xlrt_cache_store(const char *name, const char *key, const char *body)
{
	char path[4096], dir[4096], tmp[4200];
	int r;
	FILE *f;

	r = cache_path(name, path, sizeof(path), dir, sizeof(dir));
	if (!r)
		r = xlrt_mkdir_p(dir);
	if (r)
		return r;
	f = xlrt_replace_open(path, 0644, tmp, sizeof(tmp));
	if (!f)
		return -errno;
	fprintf(f, "key=%s\n%s", key, body);
	return xlrt_replace_commit(f, tmp, path);
}

int xlrt_cache_field(const char *body, const char *field, char *val,
		     size_t len)
{
	size_t n = strlen(field);
	const char *p = body;

	for (;;) {
		if (!strncmp(p, field, n) && p[n] == '=') {
			p += n + 1;
			snprintf(val, len, "%.*s", (int)strcspn(p, "\n"), p);
			return 0;
		}
		p = strchr(p, '\n');
		if (!p)
			return -ENOENT;
		p++;
	}
}
