/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * xlcfg.h: the xl.cfg configuration language (lexer, parser, settings
 * store and typed getters). Acceptance and values follow Xen 4.17's
 * libxlutil; the deliberate differences are listed in xl-compat/README.
 */
#ifndef XLCFG_H
#define XLCFG_H

#include <stddef.h>
#include <stdio.h>

enum xlcfg_type {
	XLCFG_STRING,
	XLCFG_LIST,
};

struct xlcfg_value {
	enum xlcfg_type type;
	int line, col;			/* where the value starts */
	char *str;			/* XLCFG_STRING: numbers are kept as text */
	struct xlcfg_value **items;	/* XLCFG_LIST */
	int n, alloc;
};

struct xlcfg_setting {
	char *name;
	struct xlcfg_value *value;
	int append;			/* set with += (never a number then) */
	int line, col;			/* where the key is */
	struct xlcfg_setting *next;	/* file order */
	int superseded;			/* a later assignment wins */
};

struct xlcfg;

/* Diagnostics go to report (stderr when NULL), prefixed with source. */
struct xlcfg *xlcfg_new(const char *source, FILE *report);
void xlcfg_free(struct xlcfg *cfg);
FILE *xlcfg_report(const struct xlcfg *cfg);
const char *xlcfg_source(const struct xlcfg *cfg);

/*
 * Parses data into cfg (settings accumulate across calls). Returns 0, or
 * EINVAL after printing `source:line:col: error: ...', the line and a
 * caret. A failed parse leaves cfg unusable except for xlcfg_free.
 */
int xlcfg_parse(struct xlcfg *cfg, const char *data, size_t len);
/* Reads path whole, then xlcfg_parse. Returns an errno value. */
int xlcfg_parse_file(struct xlcfg *cfg, const char *path);
/* Reads a whole file into a NUL-terminated buffer; *len excludes the NUL. */
int xlcfg_read_file(const char *path, char **data, size_t *len);

/* Settings in file order, superseded ones included (check ->superseded). */
const struct xlcfg_setting *xlcfg_settings(const struct xlcfg *cfg);
/* The winning (last) setting for name, or NULL. */
const struct xlcfg_setting *xlcfg_find(const struct xlcfg *cfg,
				       const char *name);

/*
 * Typed getters with libxlutil's contract: 0 on success, ESRCH when the key
 * is absent, EINVAL (or ERANGE) when it has the wrong shape, after a warning
 * unless dont_warn.
 */
int xlcfg_get_string(const struct xlcfg *cfg, const char *name,
		     const char **out, int dont_warn);
int xlcfg_get_long(const struct xlcfg *cfg, const char *name, long *out,
		   int dont_warn);
int xlcfg_get_bounded_long(const struct xlcfg *cfg, const char *name,
			   long min, long max, long *out, int dont_warn);
/* *out becomes 0 or 1 (any non-zero number is true). */
int xlcfg_get_defbool(const struct xlcfg *cfg, const char *name, int *out,
		      int dont_warn);
int xlcfg_get_list(const struct xlcfg *cfg, const char *name,
		   const struct xlcfg_value **list, int *n, int dont_warn);
/* The i-th element of a list if it is a string, else NULL. */
const char *xlcfg_list_string(const struct xlcfg_value *list, int i);

/*
 * Warns once per key about keys xl does not know and about keys that have no
 * meaning on KVM. Returns the number of warnings printed.
 */
int xlcfg_warn_keys(const struct xlcfg *cfg);
/* Key classification: 0 unknown, 1 known, 2 known but meaningless on KVM. */
int xlcfg_key_class(const char *name, const char **why);

#endif
