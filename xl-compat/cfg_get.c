/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cfg_get.c: typed access to settings with libxlutil's contract and
 * conversions: numbers are text converted with strtol base 0 (so 010 is 8
 * and 0x10 is 16), `+=' values are never numbers, lists and single values
 * do not stand in for each other.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_internal.h"

static void __attribute__((format(printf, 3, 4)))
warn(const struct xlcfg *cfg, const struct xlcfg_setting *s,
     const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	xlcfg__diag(cfg, "warning", NULL, NULL, s->line, s->col, "%s", msg);
}

static int find_atom(const struct xlcfg *cfg, const char *name,
		     const struct xlcfg_setting **out, int dont_warn)
{
	const struct xlcfg_setting *s = xlcfg_find(cfg, name);

	if (!s)
		return ESRCH;
	if (s->value->type != XLCFG_STRING) {
		if (!dont_warn)
			warn(cfg, s, "parameter `%s' is a list but should be a single value", name);
		return EINVAL;
	}
	*out = s;
	return 0;
}

int xlcfg_get_string(const struct xlcfg *cfg, const char *name,
		     const char **out, int dont_warn)
{
	const struct xlcfg_setting *s;
	int e = find_atom(cfg, name, &s, dont_warn);

	if (!e)
		*out = s->value->str;
	return e;
}

int xlcfg_get_bounded_long(const struct xlcfg *cfg, const char *name,
			   long min, long max, long *out, int dont_warn)
{
	const struct xlcfg_setting *s;
	char *ep;
	long l;
	int e = find_atom(cfg, name, &s, dont_warn);

	if (e)
		return e;
	if (s->append) {
		if (!dont_warn)
			warn(cfg, s, "can't use += with numbers for parameter `%s'", name);
		return EINVAL;
	}
	errno = 0;
	l = strtol(s->value->str, &ep, 0);
	if (errno) {
		e = errno;
		if (!dont_warn)
			warn(cfg, s, "parameter `%s' could not be parsed as a number: out of range", name);
		return e;
	}
	if (*ep || ep == s->value->str) {
		if (!dont_warn)
			warn(cfg, s, "parameter `%s' is not a valid number", name);
		return EINVAL;
	}
	if (l < min || l > max) {
		if (!dont_warn)
			warn(cfg, s, "parameter `%s': value %ld is %s the %s %ld",
			     name, l, l < min ? "below" : "above",
			     l < min ? "minimum" : "maximum", l < min ? min : max);
		return EINVAL;
	}
	*out = l;
	return 0;
}

int xlcfg_get_long(const struct xlcfg *cfg, const char *name, long *out,
		   int dont_warn)
{
	return xlcfg_get_bounded_long(cfg, name, LONG_MIN, LONG_MAX, out,
				      dont_warn);
}

int xlcfg_get_defbool(const struct xlcfg *cfg, const char *name, int *out,
		      int dont_warn)
{
	long l;
	int e = xlcfg_get_long(cfg, name, &l, dont_warn);

	if (!e)
		*out = !!l;
	return e;
}

int xlcfg_get_list(const struct xlcfg *cfg, const char *name,
		   const struct xlcfg_value **list, int *n, int dont_warn)
{
	const struct xlcfg_setting *s = xlcfg_find(cfg, name);

	if (!s)
		return ESRCH;
	if (s->value->type != XLCFG_LIST) {
		if (!dont_warn)
			warn(cfg, s, "parameter `%s' is a single value but should be a list", name);
		return EINVAL;
	}
	if (list)
		*list = s->value;
	if (n)
		*n = s->value->n;
	return 0;
}

const char *xlcfg_list_string(const struct xlcfg_value *list, int i)
{
	if (i < 0 || i >= list->n || list->items[i]->type != XLCFG_STRING)
		return NULL;
	return list->items[i]->str;
}
