/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_cfg.c: cmocka tests of the xl.cfg lexer, grammar, settings store,
 * getters and diagnostics (libxlcfg).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cfg_internal.h"

static char *report;
static size_t report_len;

/* Parses text; diagnostics land in `report'. Returns the config or NULL. */
static struct xlcfg *parse(const char *text, int *err)
{
	FILE *r;
	struct xlcfg *cfg;

	free(report);
	report = NULL;
	r = open_memstream(&report, &report_len);
	assert_non_null(r);
	cfg = xlcfg_new("t.cfg", r);
	assert_non_null(cfg);
	*err = xlcfg_parse(cfg, text, strlen(text));
	fclose(r);
	return cfg;
}

static void accepts(const char *text)
{
	int e;
	struct xlcfg *cfg = parse(text, &e);

	if (e)
		fail_msg("rejected `%s': %s", text, report);
	xlcfg_free(cfg);
}

static void rejects(const char *text)
{
	int e;
	struct xlcfg *cfg = parse(text, &e);

	if (e != EINVAL)
		fail_msg("accepted `%s'", text);
	xlcfg_free(cfg);
}

static void test_grammar(void **state)
{
	(void)state;
	accepts("");
	accepts("\n\n;;\n");
	accepts("a = 1");
	accepts("a = 1;b = 'x'\n");
	accepts("a.b_c9 = \"x\" # comment\n");
	accepts("a = [ ]\n");
	accepts("a = [ 1, 'two', [ \"three\", [] ], ]\n");
	accepts("a = [\n# c\n 1,\n\n 2\n,\n]\n");
	accepts("a = 0x1f\nb = 010\nc = 1abc\n");
	rejects("A = 1\n");
	rejects("_a = 1\n");
	rejects("a-b = 1\n");
	rejects("a = \n1\n");
	rejects("a\n= 1\n");
	rejects("a = [ , ]\n");
	rejects("a = [ 1 2 ]\n");
	rejects("a = [ 1,, 2 ]\n");
	rejects("a = 'x' 'y'\n");
	rejects("a = -1\n");
	rejects("a = 1.5\n");
	rejects("a = word\n");
	rejects("a = 'no end\n");
	rejects("a = 'multi\nline'\n");
	rejects("a = 1 b = 2\n");
	rejects("a = [ 1\n");
	rejects("a = 'x\\q'\n");
}

static void test_values(void **state)
{
	const struct xlcfg_value *l;
	const char *s;
	struct xlcfg *cfg;
	long v;
	int e, n;

	(void)state;
	cfg = parse("a = 1\na = 2\nh = 0x10\no = 010\nbad = 1abc\n"
		    "s = 'x'\ns += \"y\"\nl = [ 'p' ]\nl += [ 'q', [ 'r' ] ]\n"
		    "fresh += 'z'\nq = '\\'\\\"\\\\\\t'\n", &e);
	assert_int_equal(e, 0);
	assert_int_equal(xlcfg_get_long(cfg, "a", &v, 1), 0);
	assert_int_equal(v, 2);
	assert_int_equal(xlcfg_get_long(cfg, "h", &v, 1), 0);
	assert_int_equal(v, 16);
	assert_int_equal(xlcfg_get_long(cfg, "o", &v, 1), 0);
	assert_int_equal(v, 8);
	assert_int_equal(xlcfg_get_long(cfg, "bad", &v, 1), EINVAL);
	assert_int_equal(xlcfg_get_string(cfg, "bad", &s, 1), 0);
	assert_string_equal(s, "1abc");
	assert_int_equal(xlcfg_get_string(cfg, "s", &s, 1), 0);
	assert_string_equal(s, "xy");
	/* a += value is never a number, even without an earlier value */
	assert_int_equal(xlcfg_get_long(cfg, "fresh", &v, 1), EINVAL);
	assert_int_equal(xlcfg_get_list(cfg, "l", &l, &n, 1), 0);
	assert_int_equal(n, 3);
	assert_string_equal(xlcfg_list_string(l, 0), "p");
	assert_string_equal(xlcfg_list_string(l, 1), "q");
	assert_null(xlcfg_list_string(l, 2));
	assert_int_equal(xlcfg_get_string(cfg, "l", &s, 1), EINVAL);
	assert_int_equal(xlcfg_get_list(cfg, "s", NULL, NULL, 1), EINVAL);
	assert_int_equal(xlcfg_get_string(cfg, "none", &s, 1), ESRCH);
	assert_int_equal(xlcfg_get_string(cfg, "q", &s, 1), 0);
	assert_string_equal(s, "'\"\\\t");
	assert_int_equal(xlcfg_get_bounded_long(cfg, "h", 0, 15, &v, 1), EINVAL);
	xlcfg_free(cfg);
	/* mixing a list and a string with += is an error */
	rejects("a = 'x'\na += [ 'y' ]\n");
}

static void test_extensions(void **state)
{
	const char *s;
	struct xlcfg *cfg;
	int e;

	(void)state;
	cfg = parse("a = 1\r\nb = 2\r\n", &e);
	assert_int_equal(e, 0);
	assert_non_null(strstr(report, "CRLF"));
	xlcfg_free(cfg);
	rejects("a = 1\rb = 2\n");
	cfg = parse("a = 1\n# last words", &e);
	assert_int_equal(e, 0);
	assert_non_null(strstr(report, "comment at end of file"));
	xlcfg_free(cfg);
	cfg = parse("a = '\\x41\\101\\0101\\7x'\n", &e);
	assert_int_equal(e, 0);
	assert_int_equal(xlcfg_get_string(cfg, "a", &s, 1), 0);
	assert_string_equal(s, "AA\b1\ax");
	xlcfg_free(cfg);
	rejects("a = '\\x4'\n");
	rejects("a = '\\x'\n");
	rejects("a = '\\0'\n");
	/* Xen lets a bad last byte through; so do we, with a warning */
	cfg = parse("a = 1\n-", &e);
	assert_int_equal(e, 0);
	assert_non_null(strstr(report, "stray"));
	xlcfg_free(cfg);
}

static void test_error_format(void **state)
{
	struct xlcfg *cfg;
	int e;

	(void)state;
	cfg = parse("name = 'ok'\n\tmemory = 512 mb\n", &e);
	assert_int_equal(e, EINVAL);
	/* file:line:col, the line, then a caret under the column */
	assert_string_equal(report,
			    "t.cfg:2:15: error: expected a newline or `;' after the value\n"
			    "\tmemory = 512 mb\n"
			    "\t             ^\n");
	xlcfg_free(cfg);
	cfg = parse("Name = 1\n", &e);
	assert_int_equal(e, EINVAL);
	assert_non_null(strstr(report, "t.cfg:1:1: error: unexpected `N' (keys are lower case"));
	xlcfg_free(cfg);
	cfg = parse("disk = ['a'] + ['b']\n", &e);
	assert_int_equal(e, EINVAL);
	assert_non_null(strstr(report, "t.cfg:1:14: error: unexpected `+'"));
	assert_non_null(strstr(report, "Python"));
	xlcfg_free(cfg);
}

static void test_key_warnings(void **state)
{
	struct xlcfg *cfg;
	FILE *r;
	char *out = NULL;
	size_t len;
	int e;

	(void)state;
	cfg = parse("name = 'x'\nfoo = 1\nfoo = 2\nhap = 1\nhap = 0\n"
		    "irqs = [ 7 ]\nmemory = 1\npvshim = 1\n", &e);
	assert_int_equal(e, 0);
	r = open_memstream(&out, &len);
	cfg->report = r;
	assert_int_equal(xlcfg_warn_keys(cfg), 3);
	fclose(r);
	assert_non_null(strstr(out, "t.cfg:3:1: warning: unknown key `foo'"));
	assert_non_null(strstr(out, "`hap' has no meaning on KVM"));
	assert_non_null(strstr(out, "t.cfg:6:1: warning: `irqs' has no meaning on KVM"));
	/* pvshim is xen mode's: the command line warns in the others */
	assert_null(strstr(out, "pvshim"));
	/* once per key: the second foo/hap is the only one reported */
	assert_null(strstr(strstr(out, "foo") + 1, "foo"));
	assert_int_equal(xlcfg_key_class("memory", NULL), 1);
	assert_int_equal(xlcfg_key_class("max_grant_frames", NULL), 2);
	assert_int_equal(xlcfg_key_class("nosuchkey", NULL), 0);
	free(out);
	xlcfg_free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grammar),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_extensions),
		cmocka_unit_test(test_error_format),
		cmocka_unit_test(test_key_warnings),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);

	free(report);
	return r;
}
