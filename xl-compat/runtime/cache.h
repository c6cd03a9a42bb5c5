/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small facts cached across runs in xlrt_path_cache_dir()/<name>: a file
 * holding "key=<what the facts depend on>" and "field=value" lines.  A
 * cache whose key differs is no cache at all.
 */
#ifndef XLRT_CACHE_H
#define XLRT_CACHE_H

#include <stddef.h>

/* The field lines into body (NUL-terminated) if name holds key; else
 * -ENOENT. */
int xlrt_cache_load(const char *name, const char *key, char *body,
		    size_t len);

/* Write key and body (field lines, each ending in '\n') atomically. */
int xlrt_cache_store(const char *name, const char *key, const char *body);

/* The value of field in body; 0, or -ENOENT. */
int xlrt_cache_field(const char *body, const char *field, char *val,
		     size_t len);

#endif
