/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libxenctrl-shim's xenctrl.h against Xen 4.17's (Debian's libxen-dev):
 * every size, offset, bit-field and constant of layout.def must be the
 * same, so binaries built against Xen's header (libxenstat, xentop,
 * Qubes' libvchan-xen) read what the shim writes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "layout.h"

#define MAX_ROWS 256

static void same_layout(void **state)
{
	static struct layout_row deb[MAX_ROWS], ours[MAX_ROWS];
	int nd = layout_deb(deb, MAX_ROWS), no = layout_ours(ours, MAX_ROWS);
	int i, bad = 0;

	(void)state;
	assert_true(nd <= MAX_ROWS);
	assert_int_equal(nd, no);
	assert_true(nd > 50);
	for (i = 0; i < nd; i++) {
		assert_string_equal(deb[i].what, ours[i].what);
		if (deb[i].value != ours[i].value) {
			printf("%s: Xen %llu, shim %llu\n", deb[i].what,
			       (unsigned long long)deb[i].value,
			       (unsigned long long)ours[i].value);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* The bit-fields are all distinct: the image test can tell them apart. */
static void bitfields_distinct(void **state)
{
	static struct layout_row rows[MAX_ROWS];
	int n = layout_ours(rows, MAX_ROWS), i, j, bits = 0;

	(void)state;
	for (i = 0; i < n; i++) {
		if (strncmp(rows[i].what, "bit-field ", 10))
			continue;
		bits++;
		assert_int_not_equal(rows[i].value, 0);
		for (j = 0; j < i; j++)
			if (!strncmp(rows[j].what, "bit-field ", 10))
				assert_int_not_equal(rows[i].value, rows[j].value);
	}
	assert_int_equal(bits, 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_layout),
		cmocka_unit_test(bitfields_distinct),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
