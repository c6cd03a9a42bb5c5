/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers for the device-model command line tests: build a domain from
 * config text (as xl create parses it, with libxl's defaults), build its
 * QEMU options, and look options up in the result.
 */
#ifndef DM_TEST_H
#define DM_TEST_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dm_argv.h"

static struct xlrt_dm dm;
static char dm_err[512];

/* Model from config text; fails the test if xl would reject it. */
static inline void dm_model(const char *text, struct xlm_domain *d)
{
	struct xlcfg *cfg = xlcfg_new("test.cfg", stderr);

	xlm_domain_init(d);
	assert_non_null(cfg);
	assert_int_equal(xlcfg_parse(cfg, text, strlen(text)), 0);
	assert_int_equal(xlm_domain_from_config(cfg, NULL, d), 0);
	assert_int_equal(xlm_domain_setdefault(d), 0);
	xlcfg_free(cfg);
}

/* Build text's command line for accel and domid 7: 0 or the error. */
static inline int dm_try(const char *text, enum xlrt_accel accel)
{
	struct xlrt_dm_env env = { .accel = accel, .domid = 7 };
	struct xlm_domain d;
	int r;

	setenv("XEN_KVM_ROOT", "/r", 1);
	xlrt_dm_free(&dm);
	dm_model(text, &d);
	r = xlrt_dm_build(&d, &env, &dm, dm_err, sizeof(dm_err));
	xlm_domain_dispose(&d);
	if (r)
		assert_true(dm_err[0]);	/* every error says why */
	return r;
}

static inline void dm_ok(const char *text, enum xlrt_accel accel)
{
	int r = dm_try(text, accel);

	if (r)
		fail_msg("build failed: %s", dm_err);
}

/* The build must fail with an error containing what. */
static inline void dm_fails(const char *text, enum xlrt_accel accel,
			    const char *what)
{
	assert_int_not_equal(dm_try(text, accel), 0);
	if (!strstr(dm_err, what))
		fail_msg("error \"%s\" does not say \"%s\"", dm_err, what);
	assert_int_equal(dm.args.n, 0);
}

/* Index of the option opt whose value is val (exactly), or -1. */
static inline int dm_find(const char *opt, const char *val)
{
	size_t i;

	for (i = 0; i + 1 < dm.args.n; i++)
		if (!strcmp(dm.args.v[i], opt) && !strcmp(dm.args.v[i + 1], val))
			return (int)i;
	return -1;
}

/* Index of the option opt whose value starts with val, or -1. */
static inline int dm_find_prefix(const char *opt, const char *val)
{
	size_t i;

	for (i = 0; i + 1 < dm.args.n; i++)
		if (!strcmp(dm.args.v[i], opt) &&
		    !strncmp(dm.args.v[i + 1], val, strlen(val)))
			return (int)i;
	return -1;
}

/* Index of the lone element s, or -1. */
static inline int dm_find_arg(const char *s)
{
	size_t i;

	for (i = 0; i < dm.args.n; i++)
		if (!strcmp(dm.args.v[i], s))
			return (int)i;
	return -1;
}

/* How many elements contain s. */
static inline int dm_count(const char *s)
{
	size_t i;
	int n = 0;

	for (i = 0; i < dm.args.n; i++)
		n += strstr(dm.args.v[i], s) != NULL;
	return n;
}

#define assert_opt(opt, val) do { \
		if (dm_find(opt, val) < 0) \
			fail_msg("no %s %s", opt, val); \
	} while (0)
#define assert_no_opt_prefix(opt, val) do { \
		if (dm_find_prefix(opt, val) >= 0) \
			fail_msg("unexpected %s %s...", opt, val); \
	} while (0)

static inline int dm_teardown(void **state)
{
	(void)state;
	xlrt_dm_free(&dm);
	return 0;
}

#endif
